"""Helpers shared by the Pilot tests and the snapshot tests of the app."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tutor.tui.app import TutorApp


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every queued engine call has run and its messages are on screen."""
    app = pilot.app
    assert isinstance(app, TutorApp)
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app._busy and not app._jobs:
            return
    raise AssertionError("the engine never went idle")
