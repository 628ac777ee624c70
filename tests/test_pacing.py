"""Paced chat and the lesson's end: the core's pacer, the app (Pilot), line mode (pipe input and
tmux at 80x24) and headless mode (never paced; retry of the missed items)."""

from __future__ import annotations

import asyncio
import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from textual.events import Paste
from textual.pilot import Pilot
from textual.widgets import Input

from tests.helpers import MINI, ROOT, tmux_pane, tutor_env, wait_for_text
from tests.tui_helpers import settle
from tutor.core import events as ev
from tutor.core import pacing
from tutor.core.loader import load_pack
from tutor.core.pacing import Pacer, pace_all, pacing_word
from tutor.core.progress import ProgressStore
from tutor.core.session import Session
from tutor.tui.app import TutorApp
from tutor.tui.widgets.bubbles import AskBubble, LessonBanner, NoticeBubble, TutorSays
from tutor.tui.widgets.outline import Outline

LESSONS = (
    """id = "talk"
title = "Talk first"
order = 1
summary = "Three short paragraphs, then one question."

[[steps]]
say = "Paragraph one."

[[steps]]
say = "Paragraph two."

[[steps]]
say = "Paragraph three."

[[steps]]
ask = "slope"
""",
    """id = "next"
title = "Next one"
order = 2

[[steps]]
say = "The second lesson."

[[steps]]
ask = "k"
""",
)


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "pack"
    directory.mkdir()
    for number, text in enumerate(LESSONS, start=1):
        (directory / f"0{number}.toml").write_text(text)
    shutil.copy(MINI / "items.toml", directory / "items.toml")
    return directory


def new_session(pack_dir: Path, data_dir: Path) -> Session:
    return Session(load_pack(pack_dir), ProgressStore(data_dir, "learner"), seed=0)


# -- the core ---------------------------------------------------------------------------------


def test_pacing_words_are_read_loosely_and_answers_are_not_pacing_words() -> None:
    assert [pacing_word(w) for w in ["", "  OK ", "/next", "Go on.", "continue!"]] == ["next"] * 5
    assert pacing_word("Retry") == "retry"
    assert pacing_word("all at once") == pacing.ALL_AT_ONCE
    assert pacing_word("One at a time") == pacing.ONE_AT_A_TIME
    answers = ["parameter", "why", "what is next?", "okay then"]
    assert [pacing_word(w) for w in answers] == [None] * 4


def test_lesson_text_waits_and_what_answers_the_learner_never_does() -> None:
    stream = [
        ev.Feedback("a", "parameter", True, "Right."),
        ev.Demo("probe", "a", "parameter", "Refit.", series=[ev.PlotSeries("d", [0], [1])]),
        ev.Say("One."),
        ev.Say("Two."),
        ev.Ask("b", "B?"),
    ]
    shown, pacer = pace_all(stream)
    assert shown == stream[:2]  # the grade and its demo
    assert pacer.cue() == pacing.Cue(2, False, 0)
    assert [e for e, _ in pacer.release()] == [stream[2]]
    assert [e for e, _ in pacer.release()] == stream[3:]  # the question comes with its text
    assert pacer.cue() is None and pacer.release() == []
    everything, unpaced = pace_all(stream, paced=False)
    assert everything == stream and unpaced.cue() is None


def test_a_question_mid_way_is_answered_at_once_and_the_rest_still_follows() -> None:
    pacer: Pacer[None] = Pacer()
    opening = [ev.LessonStart("l", "L", 1, 1), ev.Say("One."), ev.Say("Two."), ev.Ask("b", "B?")]
    assert [e for item in opening for e, _ in pacer.offer(item, None)] == opening[:2]
    pacer.begin()  # the learner asks something
    answer = ev.Knowledge("what is k?", "k", None, "k is the number of clusters.")
    assert pacer.offer(answer, None) == [(answer, None)]
    assert pacer.offer(ev.Ask("b", "B?"), None) == []  # asked again: it already waits
    assert [e for e, _ in pacer.release()] == opening[2:]


def test_answering_a_waiting_question_shows_it_first() -> None:
    _, pacer = pace_all([ev.Say("One."), ev.Say("Two."), ev.Ask("b", "B?")])
    pacer.begin()
    feedback = ev.Feedback("b", "parameter", True, "Right.")
    shown = [e for e, _ in pacer.offer(feedback, None)]
    assert shown == [ev.Say("Two."), ev.Ask("b", "B?"), feedback]


def test_the_next_lesson_waits_at_a_lesson_end_whatever_the_setting() -> None:
    end = ev.LessonEnd("l", 1, 2, "End of L.", summary="What L taught.", missed=["a"])
    stream = [ev.Feedback("b", "parameter", True, "Right."), end, ev.LessonStart("m", "M", 2, 2)]
    for paced in (True, False):
        shown, pacer = pace_all([*stream, ev.Say("M text."), ev.Ask("c", "C?")], paced)
        assert shown == stream[:2]
        cue = pacer.cue()
        assert cue is not None and cue.lesson_end and cue.retry == 1
        assert cue.text() == "Lesson done. Enter for the next lesson, or retry the 1 you missed"
        assert [e.kind for e, _ in pacer.release()] == ["lesson_start", "say", "ask"]


def test_a_lesson_asked_for_is_shown_at_once() -> None:
    end = ev.LessonEnd("l", 0, 1, "End of L.", missed=["a"])
    _, pacer = pace_all([ev.Feedback("a", "parameter", False, "No."), end, ev.End("finished")])
    pacer.begin()  # "retry" after the course's last lesson: the drill starts at once
    drill = ev.LessonStart("drill", "Retry: L", 1, 1)
    assert pacer.offer(drill, None) == [(drill, None)]
    _, pacer = pace_all([ev.Say("One."), ev.Say("The course is over."), ev.End("finished")])
    pacer.begin()  # the same while the closing words still wait: they come first
    assert [e for e, _ in pacer.offer(drill, None)] == [
        ev.Say("The course is over."),
        ev.End("finished"),
        drill,
    ]


def test_cues_are_short_plain_ascii() -> None:
    for cue in [pacing.Cue(12, False, 0), pacing.Cue(1, True, 0), pacing.Cue(1, True, 12)]:
        assert cue.text().isascii() and len(cue.text()) <= 72


def test_switching_to_everything_at_once_shows_what_waits() -> None:
    _, pacer = pace_all([ev.Say("One."), ev.Say("Two."), ev.Say("Three.")])
    assert [e for e, _ in pacer.set_paced(False)] == [ev.Say("Two."), ev.Say("Three.")]


def test_the_lesson_end_text_has_the_summary_score_and_retry_offer() -> None:
    end = ev.LessonEnd("l", 1, 2, "End of **L**: 1 of 2.", summary="Slopes.", missed=["slope"])
    text = pacing.lesson_end_text(end, {"slope": "the slope m"}.__getitem__)
    assert text.splitlines()[0] == "End of **L**: 1 of 2."
    assert "What it taught: Slopes." in text
    assert "Missed on the first try: the slope m. Type **retry** to try it again." in text


# -- headless: never paced; retry --------------------------------------------------------------


def headless(pack_dir: Path, data_dir: Path, lines: list[str]) -> list[dict[str, Any]]:
    from tutor.headless import run

    out = io.StringIO()
    source = io.BytesIO("".join(f"{line}\n" for line in lines).encode())
    assert run(new_session(pack_dir, data_dir), source, out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_headless_runs_straight_through_with_the_summary(pack_dir: Path, tmp_path: Path) -> None:
    events = headless(pack_dir, tmp_path, ["hyperparameter", "hyperparameter"])
    kinds = [e["event"] for e in events]
    assert kinds.count("say") == 5 and kinds.count("lesson_start") == 2  # nothing held back
    end = next(e for e in events if e["event"] == "lesson_end")
    assert end["summary"] == "Three short paragraphs, then one question."
    assert (end["correct"], end["total"], end["missed"]) == (0, 1, ["slope"])
    assert events[-1] == {"event": "end", "reason": "finished"}


def test_headless_retry_drills_the_missed_then_the_next_lesson(
    pack_dir: Path, tmp_path: Path
) -> None:
    events = headless(pack_dir, tmp_path, ["hyperparameter", "retry", "parameter", "retry"])
    starts = [(e["lesson"], e["title"]) for e in events if e["event"] == "lesson_start"]
    assert starts == [
        ("talk", "Talk first"),
        ("next", "Next one"),
        ("drill", "Retry: Talk first"),
        ("next", "Next one"),  # the lesson that was next starts again
    ]
    drill_end = [e for e in events if e["event"] == "lesson_end"][-1]
    assert (drill_end["lesson"], drill_end["correct"], drill_end["missed"]) == ("drill", 1, [])
    assert drill_end["summary"] == ""  # a drill teaches nothing new: no summary
    assert events[-2]["event"] == "clarify"  # nothing left to retry
    assert "Nothing to retry" in events[-2]["text"]
    assert events[-1] == {"event": "end", "reason": "eof"}


# -- the app ----------------------------------------------------------------------------------


def make_app(pack_dir: Path, data_dir: Path, **options: Any) -> TutorApp:
    return TutorApp(new_session(pack_dir, data_dir), default_theme="textual-dark", **options)


async def type_line(pilot: Pilot[Any], text: str) -> None:
    chat_input = pilot.app.query_one("#chat-input", Input)
    chat_input.post_message(Paste(text))
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


def said(app: TutorApp) -> list[str]:
    return [w.copy_text for w in app.chat.transcript.children if isinstance(w, TutorSays)]


def cue(app: TutorApp) -> str | None:
    return app.chat.chat_input.border_title  # type: ignore[return-value]


def test_app_shows_one_message_at_a_time(pack_dir: Path, tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(pack_dir, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert said(app) == ["Paragraph one."] and not app.query(AskBubble)
            assert cue(app) == "Enter for more (2 waiting), or type a question"
            await pilot.press("enter")
            await settle(pilot)
            assert said(app)[-1] == "Paragraph two." and cue(app) == (
                "Enter for more (1 waiting), or type a question"
            )
            await type_line(pilot, "what is a learning rate?")  # answered at once
            knowledge = [w for w in app.query(TutorSays) if w.has_class("knowledge")]
            assert len(knowledge) == 1 and not app.query(AskBubble)
            assert cue(app) == "Enter for more (1 waiting), or type a question"
            await type_line(pilot, "ok")
            assert said(app)[-1] == "Paragraph three." and len(app.query(AskBubble)) == 1
            assert cue(app) is None
            texts = said(app)
            assert texts.index("Paragraph two.") < texts.index("Paragraph three.")

    asyncio.run(run())


def test_app_lesson_end_summary_retry_and_next_on_request(pack_dir: Path, tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(pack_dir, tmp_path, all_at_once=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert said(app)[-3:] == ["Paragraph one.", "Paragraph two.", "Paragraph three."]
            await type_line(pilot, "hyperparameter")
            ends = [n for n in app.query(NoticeBubble) if n.has_class("-lesson-end")]
            assert len(ends) == 1
            assert "What it taught: Three short paragraphs" in ends[0].copy_text
            assert "Missed on the first try: the slope m" in ends[0].copy_text
            assert len(app.query(LessonBanner)) == 1  # the next lesson waits
            assert app.query_one(Outline).state.current == "talk"  # and so does the outline
            assert cue(app) == "Lesson done. Enter for the next lesson, or retry the 1 you missed"
            await type_line(pilot, "retry")
            banners = [b.copy_text for b in app.query(LessonBanner)]
            assert len(banners) == 2 and "Retry: Talk first" in banners[-1]
            await type_line(pilot, "parameter")
            assert len(app.query(LessonBanner)) == 2 and cue(app) == (
                "Lesson done. Enter for the next lesson"
            )
            await pilot.press("enter")
            await settle(pilot)
            banners = [b.copy_text for b in app.query(LessonBanner)]
            assert "Next one" in banners[-1] and said(app)[-1] == "The second lesson."
            assert app.query_one(Outline).state.current == "next"
            assert cue(app) is None

    asyncio.run(run())


def test_app_everything_at_once_is_saved_and_restored(pack_dir: Path, tmp_path: Path) -> None:
    async def first() -> None:
        app = make_app(pack_dir, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p", *"everything at once", "enter")
            await settle(pilot)
            await pilot.pause(0.2)
            await settle(pilot)
            assert said(app)[-1] == "Paragraph three." and cue(app) is None

    async def second() -> None:
        app = make_app(pack_dir, tmp_path)
        assert not app.pacer.paced
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert len(said(app)) == 3 and len(app.query(AskBubble)) == 1

    asyncio.run(first())
    assert ProgressStore(tmp_path, "learner").setting(pacing.SETTING) == pacing.ALL_AT_ONCE
    asyncio.run(second())
    assert not make_app(pack_dir, tmp_path, all_at_once=None).pacer.paced
    assert make_app(pack_dir, tmp_path, all_at_once=False).pacer.paced  # the flag wins


# -- line mode ----------------------------------------------------------------------------------


def play_line(pack_dir: Path, data_dir: Path, keys: str) -> str:
    from tutor.line.repl import make_session, run_prompt_loop

    shown: list[str] = []
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        prompt = make_session(data_dir, input=pipe, output=DummyOutput())
        run_prompt_loop(new_session(pack_dir, data_dir), prompt, shown.append)
    return "\n".join(shown)


def test_line_mode_enter_shows_the_next_and_a_question_is_answered_mid_way(
    pack_dir: Path, tmp_path: Path
) -> None:
    text = play_line(pack_dir, tmp_path, "\rwhat is k?\r\r\x04")
    one, cue_2 = text.index("Paragraph one."), text.index("Enter for more (2 waiting)")
    two, answer = text.index("Paragraph two."), text.index("clusters")
    three, question = text.index("Paragraph three."), text.index("Q1/1")
    assert one < cue_2 < two < answer < three < question
    assert text.count("Enter for more (1 waiting)") == 2  # after Enter, and after the answer


def test_line_mode_lesson_end_retry_and_setting(pack_dir: Path, tmp_path: Path) -> None:
    keys = "all at once\rhyperparameter\rretry\rparameter\r\r\x04"
    text = play_line(pack_dir, tmp_path, keys)
    assert "Pacing: everything at once. Saved for next time." in text
    assert "What it taught: Three short paragraphs, then one question." in text
    assert "Missed on the first try: the slope m" in text
    retry = text.index("Retry: Talk first")
    assert text.index("Lesson done. Enter for the next lesson, or retry the 1 you missed") < retry
    assert retry < text.index("Lesson 2/2: Next one") < text.index("The second lesson.")
    assert ProgressStore(tmp_path, "learner").setting(pacing.SETTING) == pacing.ALL_AT_ONCE


def test_piped_line_mode_is_paced_and_prints_what_waits_at_the_end(
    pack_dir: Path, tmp_path: Path
) -> None:
    from tutor.line.repl import run_piped

    out = io.StringIO()
    run_piped(new_session(pack_dir, tmp_path), io.StringIO("\n"), out)
    text = out.getvalue()
    assert text.index("Paragraph two.") < text.index("Enter for more (1 waiting)")
    assert text.index("Enter for more (1 waiting)") < text.index("Paragraph three.")
    assert text.rstrip().endswith("Progress saved. Bye!")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_paced_line_mode_in_a_real_terminal(pack_dir: Path, tmp_path: Path) -> None:
    command = (
        f"cd {ROOT} && env TUTOR_DATA_DIR={tmp_path} TUTOR_LEARNER=ada NO_COLOR=1 "
        f"{sys.executable} -m tutor.cli --plain --lessons {pack_dir}"
    )
    with tmux_pane(command, tutor_env(tmp_path), "tutor-pace") as pane:
        shown = wait_for_text(pane.screen, "Enter for more (2 waiting)", timeout=20)
        assert "Paragraph two." not in shown
        pane.keys("Enter")
        wait_for_text(pane.screen, "Paragraph two.", timeout=10)
        pane.keys("Enter")
        shown = wait_for_text(pane.screen, "Q1/1", timeout=10)
        assert "Paragraph three." in shown and "\x1b" not in shown
        assert all(len(line) <= 80 for line in shown.splitlines())
        cues = [line.strip() for line in shown.splitlines() if "Enter for more" in line]
        assert cues[-2:] == [
            "-- Enter for more (2 waiting), or type a question --",
            "-- Enter for more (1 waiting), or type a question --",
        ]
