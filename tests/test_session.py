"""The session: after the end, review, reset; and one script played by all three front ends."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import MINI
from tutor.core import events as ev
from tutor.core.loader import load_pack
from tutor.core.progress import ProgressStore
from tutor.core.session import Session, drive
from tutor.demos.spec import DemoOutcome


def note(name: str, args: Mapping[str, Any], seed: int) -> DemoOutcome:
    return DemoOutcome(verdict=None, text=str(args.get("note", "")))


def new_session(data_dir: Path, **options: Any) -> Session:
    clock = {"clock": options.pop("clock")} if "clock" in options else {}
    store = ProgressStore(data_dir, "ada", **clock)
    return Session(load_pack(MINI), store, demo_runner=note, **options)


def kinds(events: Any) -> list[str]:
    return [event.kind for event in events]


def finish(session: Session) -> list[ev.Event]:
    return [
        *session.start(),
        *session.reply("parameter"),
        *session.reply("hyperparameter"),
        *session.reply("hyperparameter"),
    ]


def test_after_the_course_the_session_answers_until_quit(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    said = finish(session)
    assert said[-1] == ev.End("finished") and session.finished and not session.closed
    progress = list(session.reply("progress"))
    assert kinds(progress) == ["progress"] and progress[0].lessons[0].status == "done"
    assert list(session.reply("bananas")) == [ev.End("finished")]  # what next, once more
    assert list(session.reply("quit")) == [ev.End("quit")] and session.closed
    assert list(session.reply("parameter")) == []
    assert session.close() == []


def test_end_of_input_after_the_course_says_no_second_end(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    finish(session)
    assert session.close("eof") == []
    unfinished = new_session(tmp_path / "other")
    list(unfinished.start())
    assert unfinished.close("eof") == [ev.End("eof")] and unfinished.engine.finished


def test_a_jump_after_the_end_opens_the_conversation_again(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    finish(session)
    opened = list(session.jump("first"))
    assert opened[0] == ev.LessonStart("first", "First steps", 1, 2) and not session.finished
    assert kinds(session.reply("parameter"))[0] == "feedback"


class Clock:
    now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_review_with_nothing_due_says_when_and_the_lesson_goes_on(tmp_path: Path) -> None:
    clock = Clock()
    session = new_session(tmp_path, clock=clock)
    list(session.start())
    nothing = list(session.review())
    assert kinds(nothing) == ["say"] and "Nothing is due for review yet" in nothing[0].text
    list(session.reply("hyperparameter"))  # wrong: back in ten minutes
    assert "in 10 minutes" in next(iter(session.review())).text
    clock.now += 11 * 60
    drill = list(session.review())
    assert drill[0] == ev.LessonStart("drill", "Review", 1, 1)
    assert [e.item for e in drill if isinstance(e, ev.Ask)] == ["slope"]


def test_a_review_opening_with_nothing_due_is_finished_but_open(tmp_path: Path) -> None:
    session = new_session(tmp_path, review_limit=20)
    opening = list(session.start())
    assert kinds(opening) == ["say", "end"] and opening[-1] == ev.End("finished")
    assert "Nothing is due" in opening[0].text
    assert session.finished and not session.closed


def test_reset_starts_again_from_the_first_lesson(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    finish(session)
    again = list(session.reset())
    assert session.store.attempts() == [] and again[0].lesson == "first"  # type: ignore[attr-defined]
    assert not session.finished


def test_the_drive_loop_stops_reading_once_closed(tmp_path: Path) -> None:
    shown: list[ev.Event] = []
    read: list[str] = []

    def lines():
        for line in ("quit", "parameter"):
            read.append(line)
            yield line

    drive(new_session(tmp_path), lines(), shown.append)
    assert shown[-1] == ev.End("quit") and read == ["quit", "parameter"]
    assert "feedback" not in kinds(shown)


# -- one script, three front ends ------------------------------------------------------------

SCRIPT = [
    "banana",
    "hint",
    "what is a learning rate?",
    "it's learned from the data",
    "why",
    "hyperparameter",
    "skip",
    "progress",  # after the course
    "what now?",
]


def said(event: ev.Event) -> tuple[str, str]:
    """What an event says, for comparing front ends (timings left out)."""
    return event.kind, getattr(event, "text", getattr(event, "reason", ""))


def play_headless(data_dir: Path) -> list[tuple[str, str]]:
    from tutor.headless import run

    out = io.StringIO()
    source = io.BytesIO("".join(f"{line}\n" for line in SCRIPT).encode())
    assert run(new_session(data_dir), source, out) == 0
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    return [(e["event"], e.get("text", e.get("reason", ""))) for e in events]


def play_line_mode(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    from tutor.line.render import LineRenderer
    from tutor.line.repl import run_piped
    from tutor.plain_text import plain_markdown

    rendered: list[tuple[ev.Event, str]] = []
    render = LineRenderer.render

    def recording(self: LineRenderer, event: ev.Event) -> str:
        text = render(self, event)
        rendered.append((event, text))
        return text

    monkeypatch.setattr(LineRenderer, "render", recording)
    out = io.StringIO()
    source = io.StringIO("".join(f"{line}\n" for line in SCRIPT))
    assert run_piped(new_session(data_dir), source, out) == 0
    printed = " ".join(out.getvalue().split())
    for event, text in rendered:  # each event's words are on the screen, in order
        words = " ".join(plain_markdown(getattr(event, "text", "")).split())
        assert words in " ".join(text.split()) and " ".join(text.split()) in printed
    return [said(event) for event, _ in rendered]


def play_app(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    from textual.events import Paste
    from textual.widgets import Input

    from tests.tui_helpers import settle
    from tutor.tui import app as app_module
    from tutor.tui.app import TutorApp
    from tutor.tui.widgets.bubbles import NoticeBubble

    rendered: list[ev.Event] = []
    widget_for = app_module.widget_for
    end = TutorApp._end

    def recording_widget(event: ev.Event, glyphs: Any) -> Any:
        rendered.append(event)
        return widget_for(event, glyphs)

    async def recording_end(self: TutorApp, job: Any, event: ev.End) -> None:
        rendered.append(event)
        await end(self, job, event)

    monkeypatch.setattr(app_module, "widget_for", recording_widget)
    monkeypatch.setattr(TutorApp, "_end", recording_end)

    async def run() -> None:
        app = TutorApp(new_session(data_dir), default_theme="textual-dark")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for line in SCRIPT:
                chat_input = app.query_one("#chat-input", Input)
                chat_input.post_message(Paste(line))
                await pilot.pause()
                await pilot.press("enter")
                await settle(pilot)
            assert app.finished and not app._exit  # the app stays open after the course
            notices = [w for w in app.chat.transcript.children if isinstance(w, NoticeBubble)]
            assert "What next?" in notices[-1].copy_text

    asyncio.run(run())
    return [said(event) for event in rendered]


@pytest.mark.slow
def test_one_script_through_all_three_front_ends_says_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    headless = play_headless(tmp_path / "headless")
    line = play_line_mode(tmp_path / "line", monkeypatch)
    app = play_app(tmp_path / "app", monkeypatch)
    assert headless == line == app
    assert [kind for kind, _ in headless][-4:] == ["say", "end", "progress", "end"]
    assert ("knowledge", headless[5][1]) == headless[5]
    assert headless[-1] == ("end", "finished")
