"""Demos run after the messages around them are on screen.

The engine runs a lesson's demos while it builds its reply, so the words before a demo
would wait for numpy to load and the demo to compute (a third of a second for a lesson's
opening, seconds for a sweep). In the app the engine gets a stand-in runner that returns at
once; the app shows the reply, then runs the real demos in its worker and fills each demo's
message in. Demos are pure (name, arguments, seed), so running them later changes nothing
but the timing. Other front ends call the engine as it is.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tutor.core import events as ev
from tutor.core.engine import DemoRunner

PENDING_TEXT = "Running the demo…"
INSTANT = frozenset({"explain"})  # no model to run: nothing to wait for


@dataclass
class _Placeholder:
    """What the engine reads from a demo outcome, before the demo has run."""

    verdict: str | None = None
    text: str = PENDING_TEXT
    series: list[Any] = field(default_factory=list)
    title: str = ""
    x_label: str = ""
    y_label: str = ""


@dataclass
class PendingDemo:
    name: str
    args: dict[str, Any]
    seed: int


class DeferredDemos:
    """A demo runner for the engine that records demos instead of running them."""

    def __init__(self, runner: DemoRunner, instant: frozenset[str] = INSTANT) -> None:
        self.runner = runner
        self.instant = instant
        self._pending: list[PendingDemo] = []

    def __call__(self, name: str, args: Mapping[str, Any], seed: int) -> Any:
        if name in self.instant:
            return self.runner(name, args, seed)
        self._pending.append(PendingDemo(name, dict(args), seed))
        return _Placeholder()

    def take(self) -> list[PendingDemo]:
        pending, self._pending = self._pending, []
        return pending

    def run(self, pending: PendingDemo, shown: ev.Demo) -> ev.Event:
        """The real demo for a stand-in event: a Demo, or an Error if the demo failed."""
        began = time.perf_counter()
        try:
            outcome = self.runner(pending.name, pending.args, pending.seed)
        except Exception as error:  # as the engine does: a failing demo ends nothing
            return ev.Error(f"The demo {pending.name!r} could not run: {error}")
        return dataclasses.replace(
            shown,
            verdict=outcome.verdict,
            text=outcome.text,
            series=[series.to_dict() for series in outcome.series],
            title=outcome.title,
            x_label=outcome.x_label,
            y_label=outcome.y_label,
            elapsed_ms=round((time.perf_counter() - began) * 1000, 1),
        )


def is_pending(event: ev.Event) -> bool:
    return isinstance(event, ev.Demo) and event.text == PENDING_TEXT and not event.series
