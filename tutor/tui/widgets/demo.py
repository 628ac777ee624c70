"""A demo result: what the data decided, in words, and a plot when the demo drew one."""

from __future__ import annotations

import os

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from tutor.core import events as ev
from tutor.plain_text import visible
from tutor.tui.terminal import Glyphs
from tutor.tui.widgets.bubbles import plain
from tutor.tui.widgets.markdown import markdown, markdown_with


def has_plot(event: ev.Demo) -> bool:
    return any(series.x for series in event.series)


def make_plot(event: ev.Demo, glyphs: Glyphs) -> Widget:
    from tutor.tui.widgets.plot import DemoPlot  # plotext loads with the first plot

    return DemoPlot(event, glyphs, monochrome="NO_COLOR" in os.environ)


class DemoBubble(Vertical):
    def __init__(self, event: ev.Demo, glyphs: Glyphs) -> None:
        super().__init__(classes="demo")
        self.event = event
        self._glyphs = glyphs
        self.border_title = f"Live demo {glyphs.separator} {event.demo.replace('_', ' ')}"
        head = [visible(event.title)] if event.title else []
        if event.verdict:
            head.append(f"Verdict: {event.verdict}")
        self.copy_text = "\n".join(filter(None, ["  ".join(head), plain(event.text)]))

    def compose(self) -> ComposeResult:
        event = self.event
        plotted = has_plot(event)
        title = "" if plotted else event.title  # a plot shows its own title
        head = Text()
        if title:
            head.append(visible(title))
        if event.verdict:
            head.append(("  " if title else "") + f"Verdict: {event.verdict}", "bold")
        yield Static(
            markdown_with(event.text) if not head else Group(head, markdown(event.text)),
            classes="demo-text",
        )
        if plotted:
            yield make_plot(event, self._glyphs)
