"""The Textual app driven with Pilot: answers, hints, demos, resume, hostile text, keys."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.events import Paste
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui_helpers import settle
from tutor.core import events as ev
from tutor.core.loader import load_pack
from tutor.core.progress import ProgressStore
from tutor.core.session import Session
from tutor.demos.spec import DemoOutcome, PlotSeries
from tutor.plain_text import visible
from tutor.tui.app import TutorApp
from tutor.tui.screens.chat import ChatScreen
from tutor.tui.screens.confirm import ConfirmScreen
from tutor.tui.screens.help import HelpScreen
from tutor.tui.terminal import ASCII, UNICODE, default_theme, glyphs, is_console, is_web
from tutor.tui.widgets.bubbles import AskBubble, FeedbackBubble, LearnerSays, NoticeBubble
from tutor.tui.widgets.chat_input import PLACEHOLDER
from tutor.tui.widgets.demo import DemoBubble
from tutor.tui.widgets.outline import Outline
from tutor.tui.widgets.transcript import Transcript

MINI = Path(__file__).parent / "fixtures" / "mini"
SIZE = (80, 24)
HOSTILE = [
    "[/]",
    "[bold]x",
    "[0]",
    "a[b[c]]",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;pwned\x07title",
    "\x1b[2J\x1b[Hcleared",
]


def make_app(
    data_dir: Path,
    *,
    pack_dir: Path = MINI,
    demo_runner: Any = None,
    lesson: str | None = None,
    clock: Any = None,
) -> TutorApp:
    store = ProgressStore(data_dir, "learner", **({"clock": clock} if clock else {}))
    extra = {"demo_runner": demo_runner} if demo_runner is not None else {}
    session = Session(load_pack(pack_dir), store, seed=0, lesson=lesson, **extra)
    return TutorApp(session, default_theme="textual-dark")


async def say(pilot: Pilot[Any], text: str) -> None:
    """Type a line into the input (as a paste, so any character can be sent) and submit."""
    chat_input = pilot.app.query_one("#chat-input", Input)
    chat_input.focus()
    chat_input.post_message(Paste(text))
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


def screen_text(app: TutorApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def transcript(app: TutorApp) -> Transcript:
    return app.chat.transcript


def series_runner(name: str, args: Mapping[str, Any], seed: int) -> DemoOutcome:
    """A demo that draws: a scatter and its fitted line."""
    xs = [float(i) for i in range(10)]
    return DemoOutcome(
        verdict="parameter",
        text="Refit on new data: the slope moved from 2.0 to 2.9.",
        series=[
            PlotSeries("data", xs, [2 * x + 1 for x in xs], style="scatter"),
            PlotSeries("fit", xs, [2 * x + 1.1 for x in xs], style="line"),
        ],
        title="The fitted line",
        x_label="x",
        y_label="y",
    )


def test_right_answer_shows_feedback_marked_right(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            asks = app.query(AskBubble)
            assert len(asks) == 1 and asks.first().border_title == "Question 1 of 2"
            await pilot.press(*"parameter", "enter")
            await settle(pilot)
            feedback = app.query(FeedbackBubble)
            assert len(feedback) == 1 and feedback.first().correct
            assert feedback.first().has_class("-right")
            assert app.query_one(LearnerSays).content.plain == "You: parameter"
            assert "Question 2 of 2" in screen_text(app)
        attempts = app.engine.store.attempts()
        assert [(a.item, a.correct) for a in attempts] == [("slope", True)]

    asyncio.run(run())


def test_wrong_answer_shows_feedback_not_quite(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "hyperparameter")
            feedback = app.query_one(FeedbackBubble)
            assert not feedback.correct and feedback.has_class("-wrong")
            assert UNICODE.wrong in screen_text(app)

    asyncio.run(run())


def test_hint_and_completion(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("h", "i", "tab")  # completes "hint"
            assert app.query_one("#chat-input", Input).value == "hint"
            await pilot.press("enter")
            await settle(pilot)
            hints = [n for n in app.query(NoticeBubble) if n.has_class("-hint")]
            assert len(hints) == 1
            assert "Would m change if the data changed?" in screen_text(app)
            await pilot.press("p", "tab")  # answers come first: "p" offers "parameter"
            assert app.query_one("#chat-input", Input).value == "parameter"

    asyncio.run(run())


def test_demo_with_series_shows_a_plot(tmp_path: Path) -> None:
    async def run() -> None:
        from tutor.tui.widgets.plot import DemoPlot

        app = make_app(tmp_path, demo_runner=series_runner)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "parameter")
            demo = app.query_one(DemoBubble)
            assert demo.event.verdict == "parameter"
            plot = demo.query_one(DemoPlot)
            assert plot.size.height >= 8
            demo.scroll_visible(animate=False)
            await pilot.pause()
            text = screen_text(app)
            assert "The fitted line" in text
            assert "Verdict: parameter" in text

    asyncio.run(run())


def test_reply_streams_feedback_before_its_slow_demo_and_queues_lines(tmp_path: Path) -> None:
    """Feedback shows at once; "working…" stays while the demo computes; a line typed
    meanwhile is shown, queued, and answered after the reply it waited for."""
    release = threading.Event()

    def slow_runner(name: str, args: Mapping[str, Any], seed: int) -> DemoOutcome:
        release.wait(5)
        return series_runner(name, args, seed)

    async def run() -> None:
        app = make_app(tmp_path, demo_runner=slow_runner)
        app.WORKING_DELAY = 0.05
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press(*"parameter", "enter")
            for _ in range(100):  # the feedback arrives while the demo is still computing
                await asyncio.sleep(0.02)
                if app.query(FeedbackBubble) and app.query_one("#working").display:
                    break
            await pilot.pause()
            assert app.query_one(FeedbackBubble).correct
            assert not app.query(DemoBubble)
            assert [a.border_title for a in app.query(AskBubble)] == ["Question 1 of 2"]
            assert app.query_one("#working").display
            assert "working" in screen_text(app)
            await pilot.press(*"why", "enter")  # typing still works, and the line waits
            await pilot.pause()
            assert app.query_one("#chat-input", Input).value == ""
            assert [w.content.plain for w in app.query(LearnerSays)][-1] == "You: why"
            assert app._jobs and app.query_one("#working").display
            release.set()
            await settle(pilot)
            assert not app.query_one("#working").display
            demo = app.query_one(DemoBubble)
            assert demo.event.verdict == "parameter"
            from tutor.tui.widgets.plot import DemoPlot

            assert demo.query(DemoPlot)
            order = [type(w).__name__ for w in transcript(app).children]
            tail = order[order.index("FeedbackBubble") :]
            assert tail == [
                "FeedbackBubble",
                "DemoBubble",
                "TutorSays",  # "Now the rate."
                "AskBubble",
                "LearnerSays",
                "TutorSays",
            ], order
            why = transcript(app).children[-1]
            assert "Fitting the line to the data decides m." in why.copy_text  # type: ignore[attr-defined]
            assert why.region.height > 0  # on screen: the view followed the last reply

    asyncio.run(run())


def test_failing_demo_is_reported_and_the_lesson_goes_on(tmp_path: Path) -> None:
    def broken(name: str, args: Mapping[str, Any], seed: int) -> DemoOutcome:
        raise ValueError("no data")

    async def run() -> None:
        app = make_app(tmp_path, demo_runner=broken)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "parameter")
            assert not app.query(DemoBubble)
            errors = [n for n in app.query(NoticeBubble) if n.has_class("-error")]
            assert len(errors) == 1
            await say(pilot, "hyperparameter")
            assert len(app.query(FeedbackBubble)) == 2

    asyncio.run(run())


def test_resume_after_restart(tmp_path: Path) -> None:
    async def first() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "parameter")
            await pilot.press("ctrl+q")

    async def second() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = screen_text(app)
            assert "Welcome back" in text
            assert "(resumed)" in text
            assert app.query_one(AskBubble).border_title == "Question 2 of 2"
            outline = app.query_one(Outline)
            assert outline.state.answered == 1 and outline.state.correct == 1

    asyncio.run(first())
    asyncio.run(second())


def write_hostile_pack(root: Path) -> Path:
    pack = root / "pack"
    pack.mkdir()
    says = "\n".join(
        f"[[steps]]\nsay = {_toml_string(text)}\n" for text in [*HOSTILE, " ".join(HOSTILE)]
    )
    (pack / "01-hostile.toml").write_text(
        f'id = "hostile"\ntitle = {_toml_string("Odd [b]title[/b] " + HOSTILE[4])}\n'
        f'order = 1\n\n{says}\n[[steps]]\nask = "slope"\n',
        encoding="utf-8",
    )
    (pack / "items.toml").write_text((MINI / "items.toml").read_text(), encoding="utf-8")
    return pack


def _toml_string(text: str) -> str:
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)
    return f'"{escaped}"'


def test_hostile_lesson_and_learner_text_is_shown_literally(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path, pack_dir=write_hostile_pack(tmp_path))
        async with app.run_test(size=(120, 60)) as pilot:
            await settle(pilot)
            for text in HOSTILE:
                await say(pilot, text)
            text = screen_text(app)
            for hostile in ("[/]", "[bold]x", "[0]", "a[b[c]]", "[b]title[/b]"):
                assert hostile in text
            assert "^[[31mred^[[0m" in text
            assert "\x1b" not in text and "\x07" not in text
            learner = [w.content.plain for w in app.query(LearnerSays)]
            assert learner == [f"You: {visible(h)}" for h in HOSTILE]

    asyncio.run(run())


def test_hostile_demo_text_and_series_labels(tmp_path: Path) -> None:
    def runner(name: str, args: Mapping[str, Any], seed: int) -> DemoOutcome:
        outcome = series_runner(name, args, seed)
        outcome.title = "[bold]t\x1b[2J"
        outcome.text = "a[b[c]] [/] \x1b]0;x\x07"
        outcome.series[0] = PlotSeries("[/]\x1b[31m", [0.0, 1.0, float("nan")], [1.0, 2.0, 3.0])
        return outcome

    async def run() -> None:
        app = make_app(tmp_path, demo_runner=runner)
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(pilot)
            await say(pilot, "parameter")
            text = screen_text(app)
            assert "[bold]t^[[2J" in text and "a[b[c]] [/]" in text
            assert "\x1b" not in text

    asyncio.run(run())


def test_help_opens_with_f1_and_question_mark_types_in_the_input(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, ChatScreen)
            await pilot.press("question_mark")
            assert app.query_one("#chat-input", Input).value == "?"
            assert isinstance(app.screen, ChatScreen)
            await pilot.press("escape", "question_mark")  # input not focused: help
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("question_mark")
            assert isinstance(app.screen, ChatScreen)
            assert app.query_one("#chat-input", Input).value == "?"

    asyncio.run(run())


def test_escape_never_loses_typed_text(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            chat_input = app.query_one("#chat-input", Input)
            await pilot.press(*"param")
            await pilot.press("escape")
            assert chat_input.value == "param" and not chat_input.has_focus
            await pilot.press("e")  # typing while the transcript has focus still types
            assert chat_input.has_focus and chat_input.value == "parame"
            await pilot.press("escape", "escape", "f1", "escape")
            assert chat_input.value == "parame"
            await pilot.press("ctrl+p")
            await pilot.press("escape")
            await pilot.pause()
            assert chat_input.value == "parame"

    asyncio.run(run())


def test_outline_toggles_and_hides_when_narrow(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            outline = app.query_one(Outline)
            assert outline.display and outline.region.width > 0
            assert "First steps" in screen_text(app)
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert outline.region.width == 0
            await pilot.press("ctrl+o")
            await pilot.resize_terminal(60, 20)
            await pilot.pause()
            assert outline.region.width == 0  # gives way to the chat
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert outline.region.width > 0
            assert "Answered 0 of 3" in screen_text(app)

    asyncio.run(run())


def test_resize_keeps_text(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path, demo_runner=series_runner)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "parameter")
            await pilot.press(*"draft")
            for size in [(60, 20), (40, 12), (200, 60), (80, 24), (60, 20)]:
                await pilot.resize_terminal(*size)
                await pilot.pause()
            assert app.query_one("#chat-input", Input).value == "draft"
            assert "Question 2 of 2" in screen_text(app)

    asyncio.run(run())


def test_palette_jumps_to_a_lesson(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.press(*"Lesson 2", "enter")
            await settle(pilot)
            assert app.engine.lesson.id == "second"
            assert "Lesson 2/2: Second steps" in screen_text(app)

    asyncio.run(run())


def test_palette_reset_asks_first(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "parameter")
            assert app.engine.store.attempts()
            await pilot.press("ctrl+p", *"Reset progress", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("escape")  # no
            assert app.engine.store.attempts()
            await pilot.press("ctrl+p", *"Reset progress", "enter")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            assert app.engine.store.attempts() == []
            assert app.query_one(AskBubble).border_title == "Question 1 of 2"
            assert "Your progress was reset." in screen_text(app)

    asyncio.run(run())


def test_theme_is_saved_and_restored(tmp_path: Path) -> None:
    async def first() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.theme == "textual-dark"
            await pilot.press("ctrl+p", *"Theme: light", "enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert app.engine.store.setting("theme") == "textual-light"

    async def second() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.theme == "textual-light"

    asyncio.run(first())
    asyncio.run(second())


def test_quit_command_exits(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "quit")
            await pilot.pause()
            assert app._exit
        assert app.return_code == 0
        assert app.engine.finished

    asyncio.run(run())


def test_unknown_line_is_clarified(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "bananas")
            assert [n for n in app.query(NoticeBubble) if n.has_class("-clarify")]

    asyncio.run(run())


def test_idle_app_has_no_timers_running(tmp_path: Path) -> None:
    """No blinking cursor: an idle learner over SSH costs nothing (see the tmux test too)."""

    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            chat_input = app.query_one("#chat-input", Input)
            assert chat_input.has_focus and chat_input.cursor_blink is False

    asyncio.run(run())


def test_console_and_theme_defaults() -> None:
    assert default_theme({"TERM": "linux"}) == "ansi-dark"
    assert default_theme({"TERM": "xterm-256color"}) == "textual-dark"
    assert glyphs({"TERM": "linux"}) is ASCII
    assert glyphs({"TERM": "xterm"}) is UNICODE


def test_event_widgets_cover_every_event() -> None:
    from tutor.tui.widgets.transcript import widget_for

    samples: list[ev.Event] = [
        ev.Say("s"),
        ev.LessonStart("l", "t", 1, 2),
        ev.Ask("i", "q?", number=1, of=2),
        ev.Feedback("i", "parameter", True, "ok"),
        ev.Clarify("c"),
        ev.Hint("i", "h"),
        ev.Reveal("i", "parameter", "r"),
        ev.Demo("d", None, None, "t"),
        ev.Knowledge("q", None, None, "k", ["x"]),
        ev.ProgressReport("p"),
        ev.LessonEnd("l", 1, 2),
        ev.Error("e"),
    ]
    for event in samples:
        assert widget_for(event, UNICODE) is not None, event
    assert widget_for(ev.End("quit"), UNICODE) is None


def test_tui_modules_do_not_import_numpy_or_plotext() -> None:
    code = (
        "import sys, tutor.tui.app;"
        "bad = [m for m in ('numpy', 'plotext', 'textual_plotext') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["tutor.core.engine", "tutor.headless", "tutor.line.repl"])
def test_other_front_ends_do_not_import_textual(name: str) -> None:
    code = f"import sys, {name}; sys.exit(1 if 'textual' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_narrow_outline_takes_the_screen_and_escape_returns(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=(60, 20)) as pilot:
            await settle(pilot)
            chat_input = app.query_one("#chat-input", Input)
            await pilot.press(*"draft", "ctrl+o")
            await pilot.pause()
            assert app.focused is not None and app.focused.id == "outline-lessons"
            await pilot.press("escape")
            await pilot.pause()
            assert chat_input.has_focus and chat_input.value == "draft"
            await pilot.press("ctrl+o", "down", "enter")  # pick lesson 2
            await settle(pilot)
            assert app.engine.lesson.id == "second"
            assert chat_input.has_focus and app.query_one(Outline).region.width == 0
            await pilot.press("ctrl+o")
            await pilot.resize_terminal(120, 40)  # crossing the breakpoint: chat again
            await pilot.pause()
            await pilot.pause()
            assert chat_input.has_focus and chat_input.region.width > 0

    asyncio.run(run())


# -- streaming: the opening -------------------------------------------------------------------


def write_demo_pack(root: Path) -> Path:
    """A lesson whose opening runs a demo between two paragraphs."""
    pack = root / "demo-pack"
    pack.mkdir()
    (pack / "01-demo.toml").write_text(
        'id = "demo"\ntitle = "Demo first"\norder = 1\n\n'
        '[[steps]]\nsay = "Before the demo."\n\n'
        '[[steps]]\ndemo = "explain"\nargs = { note = "The demo note." }\n\n'
        '[[steps]]\nsay = "After the demo."\n\n'
        '[[steps]]\nask = "slope"\n',
        encoding="utf-8",
    )
    (pack / "items.toml").write_text((MINI / "items.toml").read_text(), encoding="utf-8")
    return pack


def test_opening_text_shows_before_its_first_demo_computes(tmp_path: Path) -> None:
    release = threading.Event()
    calls: list[str] = []

    def slow_runner(name: str, args: Mapping[str, Any], seed: int) -> DemoOutcome:
        calls.append(name)
        release.wait(5)
        return series_runner(name, args, seed)

    async def run() -> None:
        app = make_app(tmp_path, pack_dir=write_demo_pack(tmp_path), demo_runner=slow_runner)
        app.WORKING_DELAY = 0.05
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(100):
                await asyncio.sleep(0.02)
                if calls and app.query_one("#working").display:
                    break
            await pilot.pause()
            text = screen_text(app)
            assert "Lesson 1/1: Demo first" in text and "Before the demo." in text
            assert "working" in text
            assert "After the demo." not in text and not app.query(AskBubble)
            await pilot.press(*"par")  # the input is live while the opening's demo runs
            assert app.query_one("#chat-input", Input).value == "par"
            release.set()
            await settle(pilot)
            order = [type(w).__name__ for w in transcript(app).children]
            assert order == ["LessonBanner", "TutorSays", "DemoBubble", "TutorSays", "AskBubble"]
            assert not app.query_one("#working").display
            assert app.query_one("#chat-input", Input).value == "par"

    asyncio.run(run())


# -- review from the palette ----------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


async def palette(pilot: Pilot[Any], command: str) -> None:
    """Run a command from the palette once its search has highlighted a matching entry."""
    await pilot.press("ctrl+p", *command)
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, CommandPalette):
            options = screen.query_one(CommandList)
            if options.highlighted is not None:
                prompt = options.get_option_at_index(options.highlighted).prompt
                if command.lower() in str(prompt).lower():
                    break
    else:
        raise AssertionError(f"the palette never offered {command!r}")
    await pilot.press("enter")
    await settle(pilot)


def notices(app: TutorApp) -> list[str]:
    return [w.copy_text for w in transcript(app).children if isinstance(w, NoticeBubble)]


def test_review_with_nothing_due_says_when_the_next_is_due(tmp_path: Path) -> None:
    clock = Clock()

    async def run() -> None:
        app = make_app(tmp_path, clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await palette(pilot, "Review due")
            last = transcript(app).children[-1]
            assert "Nothing is due for review yet" in last.copy_text  # type: ignore[attr-defined]
            await say(pilot, "hyperparameter")  # wrong: the item comes back in 10 minutes
            await palette(pilot, "Review due")
            last = transcript(app).children[-1]
            assert "The next review is due in 10 minutes" in last.copy_text  # type: ignore[attr-defined]
            assert app.engine.lesson.id == "first"  # the lesson goes on
            assert app.query_one(AskBubble).border_title == "Question 1 of 2"

    asyncio.run(run())


def test_review_drills_the_due_items_then_stays_open(tmp_path: Path) -> None:
    clock = Clock()

    async def run() -> None:
        app = make_app(tmp_path, clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "hyperparameter")  # slope, wrong
            clock.now += 11 * 60
            await palette(pilot, "Review due")
            assert app.engine.drill and app.engine.lesson.title == "Review"
            assert "Lesson 1/1: Review" in screen_text(app)
            asks = app.query(AskBubble)
            assert "the slope m" in asks.last().copy_text  # type: ignore[attr-defined]
            await say(pilot, "parameter")
            assert app.finished and not app._exit
            assert "What next?" in notices(app)[-1]
            await settle(pilot)  # every queued call has run: an exit would have happened
            assert not app._exit  # stays open: pick a lesson, review again, or quit
        slope = [a for a in app.engine.store.attempts() if a.item == "slope"]
        assert [a.correct for a in slope] == [False, True]

    asyncio.run(run())


def test_help_lists_review_and_the_message_keys(tmp_path: Path) -> None:
    from tutor.tui.screens.help import HELP

    assert "Review due items" in HELP and "Alt+Up" in HELP and "`y` copies" in HELP


# -- the end of the course, quitting, and the web driver -------------------------------------


def test_finishing_the_course_keeps_the_app_open(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path, lesson="second")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "hyperparameter")
            assert app.finished and app.engine.finished
            assert "finished the course" in screen_text(app)
            assert "What next?" in notices(app)[-1] and "Ctrl+Q" in notices(app)[-1]
            chat_input = app.query_one("#chat-input", Input)
            assert chat_input.placeholder.startswith("Finished")
            await settle(pilot)
            assert not app._exit
            await say(pilot, "bananas")  # anything but quit: what can be done now
            assert len([n for n in notices(app) if "What next?" in n]) == 2
            await palette(pilot, "Lesson 1")  # a lesson from the palette opens it again
            assert not app.finished and app.engine.lesson.id == "first"
            assert not app.engine.finished
            assert chat_input.placeholder == PLACEHOLDER
            await say(pilot, "quit")
            await pilot.pause()
            assert app._exit
        assert app.return_code == 0

    asyncio.run(run())


def test_quit_after_the_end_leaves(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path, lesson="second")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await say(pilot, "hyperparameter")
            assert app.finished and not app._exit
            await say(pilot, "bye")
            await pilot.pause()
            assert app._exit

    asyncio.run(run())


def test_starting_with_everything_finished_keeps_the_app_open(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, "learner")
    for lesson in load_pack(MINI).lessons:
        store.set_position(lesson.id, len(lesson.steps), completed=True)
    store.close()

    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "You have finished every lesson" in screen_text(app)
            assert "What next?" in notices(app)[-1]
            await settle(pilot)
            assert app.finished and not app._exit
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert app._exit

    asyncio.run(run())


def record_exits(app: TutorApp) -> list[Any]:
    """The messages the app asks to print on exit."""
    exits: list[Any] = []
    exit_app = app.exit

    def exit(*args: Any, **kwargs: Any) -> None:
        exits.append(kwargs.get("message"))
        exit_app(*args, **kwargs)

    app.exit = exit  # type: ignore[method-assign]
    return exits


def test_terminal_detection_under_the_web_driver() -> None:
    web = {"TERM": "linux", "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    assert is_web(web) and not is_web({"TERM": "linux"})
    assert not is_console(web) and is_console({"TERM": "linux"})
    assert glyphs(web) is UNICODE and default_theme(web) == "textual-dark"


def test_quit_in_a_browser_says_goodbye_in_the_chat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    monkeypatch.setenv("TERM", "linux")

    async def run() -> None:
        app = make_app(tmp_path)
        assert app.web and app.glyphs is UNICODE
        app.GOODBYE_DELAY = 1.0
        exits = record_exits(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press(*"quit", "enter")
            for _ in range(40):
                await pilot.pause(0.02)
                if "Progress saved. Bye!" in screen_text(app):
                    break
            assert "Progress saved. Bye!" in screen_text(app)
            assert not app._exit  # the words stay a moment: the page covers them on exit
            for _ in range(50):
                await asyncio.sleep(0.05)
                if app._exit:
                    break
            assert app._exit
        assert app.return_code == 0
        assert exits == [None]  # no exit message: it would reach the server's log, not the page

    asyncio.run(run())


def test_quit_in_a_terminal_prints_the_goodbye(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        assert not app.web
        exits = record_exits(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert app._exit
        assert [str(message) for message in exits] == ["Progress saved. Bye!"]

    asyncio.run(run())


# -- the message cursor ----------------------------------------------------------------------


def test_message_cursor_moves_copies_and_returns_to_the_input(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            chat_input = app.query_one("#chat-input", Input)
            chat = transcript(app)
            assert "alt+↑ Messages" in screen_text(app)  # in the footer
            messages = list(chat.children)  # banner, say, question
            await pilot.press("alt+up")
            assert chat.has_focus and chat.cursor is messages[-1]
            assert messages[-1].has_class("-cursor")
            await pilot.press("alt+up")
            assert chat.cursor is messages[1] and not messages[-1].has_class("-cursor")
            await pilot.pause()
            assert "y Copy" in screen_text(app)
            await pilot.press("y")
            await pilot.pause()
            assert app.clipboard == "Welcome. [bold]Not markup[/bold]."
            assert chat_input.value == ""  # y copied; it did not type
            assert any("Copied" in str(n.message) for n in app._notifications)
            await pilot.press("alt+up", "alt+up")  # stops at the first message
            assert chat.cursor is messages[0]
            await pilot.press("y")
            assert app.clipboard == "Lesson 1/2: First steps"
            await pilot.press("escape")
            assert chat_input.has_focus and chat.cursor is None
            assert not any(m.has_class("-cursor") for m in messages)
            await pilot.press("alt+up", "h")  # typing returns to the input
            assert chat_input.has_focus and chat_input.value == "h" and chat.cursor is None
            await pilot.press("alt+up", "alt+down")  # down past the last message: input
            assert chat_input.has_focus and chat.cursor is None
            await pilot.press("enter")  # "h": not understood, still a normal line
            await settle(pilot)
            assert [w.content.plain for w in app.query(LearnerSays)] == ["You: h"]

    asyncio.run(run())


def test_copy_text_of_each_message_kind() -> None:
    from tutor.tui.widgets.transcript import widget_for

    demo = ev.Demo("line_fit", "slope", "parameter", "The **slope** moved.", title="Fit")
    cases: list[tuple[ev.Event, str]] = [
        (ev.Say("Some **bold** and `code`."), "Some bold and code."),
        (
            ev.Ask("i", "Is **m** learned?", number=1, of=2),
            "Is m learned?\nAnswer: parameter or hyperparameter",
        ),
        (ev.Feedback("i", "parameter", True, "Right."), "✓ Right."),
        (ev.Hint("i", "Look at fit."), "Hint: Look at fit."),
        (demo, "Fit  Verdict: parameter\nThe slope moved."),
        (ev.LessonStart("l", "Title [b]", 1, 2), "Lesson 1/2: Title [b]"),
    ]
    for event, expected in cases:
        widget = widget_for(event, UNICODE)
        assert widget is not None and widget.copy_text == expected, event  # type: ignore[attr-defined]
    assert LearnerSays("a\x1b[2Jb").copy_text == "a^[[2Jb"


def test_nothing_due_says_when_in_words_and_time() -> None:
    from datetime import datetime

    from tutor.core.session import nothing_due

    now = 1_700_000_000.0
    assert "answer some questions first" in nothing_due(None, now)
    assert "in under a minute" in nothing_due(now + 30, now)
    assert "in 1 minute (" in nothing_due(now + 90, now)
    assert "in 3 hours (" in nothing_due(now + 3 * 3600 + 5, now)
    text = nothing_due(now + 2 * 86400, now)
    assert "in 2 days" in text
    assert datetime.fromtimestamp(now + 2 * 86400).strftime("(%Y-%m-%d %H:%M)") in text
