"""The chat transcript: one widget per message in an anchored scroll container."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget

from tutor.core import events as ev
from tutor.tui.deferred import is_pending
from tutor.tui.terminal import Glyphs
from tutor.tui.widgets.bubbles import (
    AskBubble,
    FeedbackBubble,
    LearnerSays,
    LessonBanner,
    NoticeBubble,
    TutorSays,
)
from tutor.tui.widgets.demo import DemoBubble

MAX_MESSAGES = 400  # older messages are pruned; the record is in the progress store


def widget_for(event: ev.Event, glyphs: Glyphs) -> Widget | None:
    """The message widget for one engine event (None for events shown elsewhere)."""
    match event:
        case ev.LessonStart():
            return LessonBanner(event.number, event.of, event.title, event.resumed)
        case ev.Say():
            return TutorSays(event.text)
        case ev.Ask():
            return AskBubble(event.text, event.choices, event.number, event.of)
        case ev.Feedback():
            return FeedbackBubble(event.text, event.correct, glyphs)
        case ev.Hint():
            return NoticeBubble("Hint:", event.text, "hint")
        case ev.Clarify():
            return NoticeBubble("", event.text, "clarify")
        case ev.Reveal():
            return NoticeBubble("Skipped.", event.text, "reveal")
        case ev.Demo() if event.demo == "explain" and not event.series and not is_pending(event):
            return NoticeBubble("Note:", event.text, "note")
        case ev.Demo():
            return DemoBubble(event, glyphs)
        case ev.Knowledge():
            text = event.text
            if event.suggestions:
                text += "\n\nClosest terms I know: " + ", ".join(event.suggestions)
            return TutorSays(text, classes="knowledge")
        case ev.ProgressReport():
            return TutorSays(event.text, classes="progress")
        case ev.LessonEnd():
            return NoticeBubble("", event.text or f"End of {event.lesson}.", "lesson-end")
        case ev.Error():
            return NoticeBubble("Problem:", event.text, "error")
    return None


def widgets_for(events: Iterable[ev.Event], glyphs: Glyphs) -> list[Widget]:
    return [w for w in (widget_for(event, glyphs) for event in events) if w is not None]


class Transcript(VerticalScroll):
    """The chat, anchored to its end as messages arrive.

    When one reply is taller than the view (a long lesson opening, a demo with its plot), the
    view starts at the reply's first message instead, so it reads from the top; scrolling
    back to the end anchors again. ``MoreBelow`` tells the screen when there is more to read.
    """

    can_focus = True

    @dataclass
    class MoreBelow(Message):
        more: bool

    def __init__(self, *children: Widget, id: str | None = None) -> None:
        super().__init__(*children, id=id)
        self._more_below = False
        self._reply_start: Widget | None = None

    def on_mount(self) -> None:
        self.anchor()  # on textual 8.2.8 the container is anchored, not the child
        if self.children:
            # The opening reads from its top; reaching the end anchors the view again.
            self.release_anchor()
            self.call_after_refresh(self.update_more_below)

    async def add(self, widgets: Iterable[Widget], *, reveal: bool = False) -> None:
        widgets = list(widgets)
        if not widgets:
            return
        await self.mount_all(widgets)
        excess = len(self.children) - MAX_MESSAGES
        if excess > 0:
            await self.remove_children(list(self.children)[:excess])
        if reveal:
            start = widgets[0]
            index = self.children.index(start)
            if index > 0 and isinstance(self.children[index - 1], LearnerSays):
                start = self.children[index - 1]  # the learner's line, then the reply
            self._reply_start = start
            self.call_after_refresh(self._reveal, start)
        else:
            self._reply_start = None
            self.scroll_end(animate=False)

    async def add_events(self, events: Iterable[ev.Event], glyphs: Glyphs) -> list[Widget]:
        widgets = widgets_for(events, glyphs)
        await self.add(widgets, reveal=True)
        return widgets

    def _reveal(self, first: Widget) -> None:
        if not first.is_attached:
            return
        top = first.virtual_region_with_margin.y
        if self.virtual_size.height - top <= self.scrollable_content_region.height:
            self.scroll_end(animate=False, immediate=True)
        else:
            self.scroll_to(y=top, animate=False)
        self.call_after_refresh(self.update_more_below)

    def grew(self) -> None:
        """A message of the last reply grew (a demo drew its plot): if the view was following
        the end, show the reply from its start again, as when it arrived."""
        # textual 8.2.8 (pinned) keeps "the learner scrolled away" in _anchor_released.
        if self._reply_start is not None and self.is_anchored and not self._anchor_released:
            self.call_after_refresh(self._reveal, self._reply_start)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.update_more_below()

    def update_more_below(self) -> None:
        more = self.max_scroll_y - self.scroll_y >= 1
        if more != self._more_below:
            self._more_below = more
            self.post_message(self.MoreBelow(more))
