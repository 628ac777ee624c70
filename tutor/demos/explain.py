"""The demo for quantities the lab cannot run: an honest explanation, no verdict."""

from __future__ import annotations

from tutor.demos.spec import DemoOutcome


def run(*, seed: int, note: str) -> DemoOutcome:
    del seed  # nothing random here
    return DemoOutcome(verdict=None, text=f"No live experiment for this one. {note}")
