"""Snapshots of the main screens at 80x24 and 120x40 (update: pytest --snapshot-update).

The app is deterministic here: fixed seed, fixed theme, a fresh data directory, the small
test lesson pack and a demo whose plot data is fixed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from textual.events import Paste
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui_helpers import settle
from tutor.core.loader import load_pack
from tutor.core.progress import ProgressStore
from tutor.core.session import Session
from tutor.demos.spec import DemoOutcome, PlotSeries
from tutor.tui.app import TutorApp
from tutor.tui.widgets.transcript import Transcript

MINI = Path(__file__).parent / "fixtures" / "mini"
SIZES = [(80, 24), (120, 40)]


def fitted_line(name: str, args: Mapping[str, Any], seed: int) -> DemoOutcome:
    xs = [float(i) for i in range(12)]
    return DemoOutcome(
        verdict="parameter",
        text="Fitted on two data sets: the slope **m** went from 2.0 to 3.1.",
        series=[
            PlotSeries(
                "data", xs, [2 * x + (1 if i % 2 else -1) for i, x in enumerate(xs)], "scatter"
            ),
            PlotSeries("fit", xs, [2 * x for x in xs], "line"),
        ],
        title="Line fit: what the data decided",
        x_label="x",
        y_label="y",
    )


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TutorApp:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    store = ProgressStore(tmp_path, "learner")
    session = Session(load_pack(MINI), store, seed=0, demo_runner=fitted_line)
    return TutorApp(session, default_theme="textual-dark", all_at_once=True)


def saying(*lines: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for line in lines:
            pilot.app.query_one("#chat-input", Input).post_message(Paste(line))
            await pilot.pause()
            await pilot.press("enter")
            await settle(pilot)
        # the anchored transcript scrolls to its end after the last message lays out
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_question(snap_compare: Any, app: TutorApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=saying())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_answer_with_demo_plot(snap_compare: Any, app: TutorApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=saying("parameter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_wrong_answer_and_hint(snap_compare: Any, app: TutorApp, size: tuple[int, int]) -> None:
    answer = saying("parameter", "hint", "it's a parameter, learned by fit")

    async def run_before(pilot: Pilot[Any]) -> None:
        await answer(pilot)
        # This reply (verdict, demo, the lesson's end) is taller than 80x24, and where its
        # reveal leaves the view depends on when the lesson end arrives: picture its end.
        pilot.app.query_one(Transcript).scroll_end(animate=False, immediate=True)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare: Any, app: TutorApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=saying(), press=["f1"])


def test_outline_at_narrow_width(snap_compare: Any, app: TutorApp) -> None:
    run_before = saying("parameter")
    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before, press=["ctrl+o"])


def test_reset_confirmation(snap_compare: Any, app: TutorApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+p", *"reset", "enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_light_theme(snap_compare: Any, app: TutorApp) -> None:
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(120, 40), run_before=saying("parameter", "hint"))


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1", "TERM": "xterm-256color"}, {"TERM": "linux"}],
    ids=["no-color", "linux-console"],
)
def test_plain_terminals(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    """NO_COLOR: no colours at all; the Linux console: its 16 colours and ASCII marks."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    store = ProgressStore(tmp_path, "learner")
    session = Session(load_pack(MINI), store, seed=0, demo_runner=fitted_line)
    app = TutorApp(session, all_at_once=True)  # the theme follows the terminal
    assert snap_compare(app, terminal_size=(80, 24), run_before=saying("parameter", "why"))


def test_message_cursor(snap_compare: Any, app: TutorApp) -> None:
    """Alt+up twice: the lesson's first words highlighted, "y Copy" in the footer."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("alt+up", "alt+up")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_course_finished(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last answer of the course: the closing words and what to do next; the app stays."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")

    def note(name: str, args: Mapping[str, Any], seed: int) -> DemoOutcome:
        return DemoOutcome(verdict=None, text=str(args.get("note", "")))

    store = ProgressStore(tmp_path, "learner")
    session = Session(load_pack(MINI), store, seed=0, lesson="second", demo_runner=note)
    app = TutorApp(session, default_theme="textual-dark", all_at_once=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=saying("hyperparameter"))


def test_paced_reply_waits_for_enter(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One message at a time: the answer's demo, and the cue that the lesson's next words wait."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    store = ProgressStore(tmp_path, "learner")
    session = Session(load_pack(MINI), store, seed=0, demo_runner=fitted_line)
    app = TutorApp(session, default_theme="textual-dark", all_at_once=False)
    # 120x40: the reply fits the view whole (at 80x24 its height is a border case for the
    # view's scroll position; tests/test_pacing.py checks the cue at 80x24)
    assert snap_compare(app, terminal_size=(120, 40), run_before=saying("parameter"))
