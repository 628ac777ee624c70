"""Questions beyond two boxes: choice, predict, number, multi and classify's "neither".

The reader of choices and numbers, the loader's errors per kind, keys of predict and number
questions taken from the live run, and each kind end to end in headless mode, line mode with
piped input and the app (Pilot), plus ``tutor check`` on them.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, json_events, run_tutor
from tests.tui_helpers import settle
from tutor.core import events as ev
from tutor.core.choice_answers import NotRead, Number, Picked, read_choices, read_number
from tutor.core.engine import Engine, run_registry_demo
from tutor.core.loader import LessonPackError, load_pack
from tutor.core.progress import ProgressStore
from tutor.core.session import Session
from tutor.demos.spec import DemoOutcome
from tutor.pack_check import check_pack

KINDS = ROOT / "tests" / "fixtures" / "kinds"
# What a learner who knows every key types, question by question, in many forms.
RIGHT_ANSWERS = ["neither", "b", "it blows up", "42 weights and biases", "a and b"]
ASKED_KINDS = ["classify", "choice", "predict", "number", "multi"]
EPOCHS = ("the training set", "the validation set", "the test set")
RATE = ("fall faster", "fall slower", "blow up")


# --- reading choices and numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, picked",
    [
        ("b", (1,)),
        ("(b)", (1,)),
        ("B)", (1,)),
        ("2", (1,)),
        ("validation", (1,)),
        ("the validation set", (1,)),
        ("I think it's the validation set.", (1,)),
        ("Test", (2,)),
        ("training data", (0,)),
    ],
)
def test_one_choice_by_letter_number_or_words(text: str, picked: tuple[int, ...]) -> None:
    assert read_choices(text, EPOCHS, several=False) == Picked(picked)


@pytest.mark.parametrize(
    "text, picked",
    [("blow up", (2,)), ("it blows up", (2,)), ("falls faster", (0,)), ("c", (2,))],
)
def test_choices_that_share_words_are_told_apart(text: str, picked: tuple[int, ...]) -> None:
    assert read_choices(text, RATE, several=False) == Picked(picked)


@pytest.mark.parametrize(
    "text, picked",
    [
        ("a and c", (0, 2)),
        ("1, 3", (0, 2)),
        ("c, a", (0, 2)),
        ("training and test", (0, 2)),
        ("(a) (b)", None),  # not a list it can split: asked about
        ("b", (1,)),
    ],
)
def test_several_choices(text: str, picked: tuple[int, ...] | None) -> None:
    read = read_choices(text, EPOCHS, several=True)
    assert read == Picked(picked) if picked else isinstance(read, NotRead)


@pytest.mark.parametrize("text", ["neither", "none of them", "c", "3", "it's neither", "(c)"])
def test_neither_is_read_as_the_third_choice(text: str) -> None:
    assert read_choices(text, ("parameter", "hyperparameter", "neither"), several=False) == Picked(
        (2,)
    )


@pytest.mark.parametrize(
    "text", ["", "d", "5", "banana", "not the test set", "a and c", "training or test", "maybe"]
)
def test_unclear_choices_are_asked_about(text: str) -> None:
    assert isinstance(read_choices(text, EPOCHS, several=False), NotRead)


@pytest.mark.parametrize(
    "text, value",
    [
        ("9", 9.0),
        ("about 2", 2.0),
        ("~2.0", 2.0),
        ("33 parameters", 33.0),
        ("roughly 1.6", 1.6),
        ("-0.5", -0.5),
        ("1,000", 1000.0),
        ("nine", 9.0),
        ("thirty three", 33.0),
    ],
)
def test_numbers(text: str, value: float) -> None:
    assert read_number(text) == Number(value)


@pytest.mark.parametrize("text", ["", "lots", "between 2 and 3", "1e999"])
def test_unclear_numbers_are_asked_about(text: str) -> None:
    assert isinstance(read_number(text), NotRead)


# --- the loader: every kind validated, file:line naming the field ------------------------------

GOOD = {
    "choice": """kind = "choice"
question = "Which data?"
choices = ["training", "validation"]
answer = "validation"
demo = "explain"
args = { note = "a note long enough to explain the point" }""",
}


def _pack_with(tmp_path: Path, body: str) -> Path:
    root = tmp_path / "pack"
    root.mkdir()
    (root / "01.toml").write_text('id = "one"\ntitle = "One"\norder = 1\n\n[[steps]]\nask = "q"\n')
    head = '[[items]]\nid = "q"\nterm = "t"\nfamily = "f"\nmodel = "m"\nwhy = "w"\nhint = "h"\n'
    (root / "items.toml").write_text(head + body + "\n")
    return root


def _problems(tmp_path: Path, body: str) -> list[str]:
    with pytest.raises(LessonPackError) as caught:
        load_pack(_pack_with(tmp_path, body), use_cache=False)
    return caught.value.problems


@pytest.mark.parametrize(
    "body, line, words",
    [
        (GOOD["choice"].replace('answer = "validation"', 'answer = "test"'), 11, "not among"),
        (GOOD["choice"].replace('choices = ["training", "validation"]\n', ""), 1, "'choices'"),
        (GOOD["choice"].replace('["training", "validation"]', '["training"]'), 10, "2 to 8"),
        (GOOD["choice"].replace('kind = "choice"', 'kind = "essay"'), 8, "'kind' must be"),
        (GOOD["choice"].replace('question = "Which data?"\n', ""), 1, "'question'"),
        (GOOD["choice"] + '\nmeasure = "slope"', 14, "'measure' does not belong"),
        (
            'kind = "number"\nquestion = "?"\nmeasure = "slope"\ntolerance = 0\ndemo = "line_fit"',
            11,
            "'tolerance' must be positive",
        ),
        (
            'kind = "number"\nquestion = "?"\nmeasure = "slant"\ntolerance = 0.1\n'
            'demo = "line_fit"',
            10,
            "no measure 'slant'",
        ),
        (
            'kind = "number"\nquestion = "?"\ntolerance = 0.1\ndemo = "line_fit"',
            1,
            "'measure'",
        ),
        (
            'kind = "predict"\nquestion = "?"\nchoices = ["up", "down"]\n'
            'decide = [{ choice = "up", measure = "loudness", above = 1 }]\n'
            'demo = "learning_rate_sweep"',
            11,
            "no measure 'loudness'",
        ),
        (
            'kind = "predict"\nquestion = "?"\nchoices = ["up", "down"]\n'
            'decide = [{ choice = "sideways", measure = "diverged_runs", above = 0 }]\n'
            'demo = "learning_rate_sweep"',
            11,
            "'sideways' is not among the choices",
        ),
        (
            'kind = "predict"\nquestion = "?"\nchoices = ["up", "down"]\nanswer = "up"\n'
            'demo = "learning_rate_sweep"',
            11,
            "'answer' does not belong",
        ),
        (
            'kind = "multi"\nquestion = "?"\nchoices = ["a1", "b1"]\nanswer = ["a1", "c1"]\n'
            'demo = "explain"\nargs = { note = "a note long enough to explain" }',
            11,
            "'c1' is not among",
        ),
        ('answer = "neither"\ndemo = "explain"\nargs = { note = "x" }', 8, "neither = true"),
    ],
)
def test_loader_reports_each_kind_problem_at_its_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    problems = _problems(tmp_path, body)
    assert any(f"items.toml:{line}:" in p and words in p for p in problems), problems


def test_the_kinds_pack_loads_with_every_kind() -> None:
    pack = load_pack(KINDS, use_cache=False)
    assert [pack.items[i].kind for i in pack.lessons[0].item_ids] == ASKED_KINDS
    assert pack.items["loss"].choices == ("parameter", "hyperparameter", "neither")
    assert pack.items["refit"].answers == ("the slope m", "the intercept c")
    assert pack.items["big-rate"].answer == "" and pack.items["big-rate"].live_key


# --- keys from the live run -------------------------------------------------------------------


def _runner(diverged: float, parameters: float):
    def run(name: str, args: Mapping[str, Any], seed: int) -> DemoOutcome:
        if name == "learning_rate_sweep":
            return DemoOutcome(
                None,
                "the fake run",
                measures={
                    "diverged_runs": diverged,
                    "converged_runs": 1 - diverged,
                    "crawled_runs": 0.0,
                },
            )
        if name == "mlp_weights":
            return DemoOutcome(None, "the fake network", measures={"parameters": parameters})
        return run_registry_demo(name, args, seed)

    return run


def _to_question(engine: Engine, item: str) -> None:
    events = engine.start()
    answers = dict(zip(["loss", "which-data"], ["neither", "b"], strict=True))
    while not any(isinstance(e, ev.Ask) and e.item == item for e in events):
        asked = [e for e in events if isinstance(e, ev.Ask)][-1]
        events = engine.reply(answers[asked.item])


def test_a_changed_outcome_changes_the_predict_key(tmp_path: Path) -> None:
    pack = load_pack(KINDS, use_cache=False)
    keys = []
    for number, diverged in enumerate((1.0, 0.0)):
        store = ProgressStore(tmp_path, f"learner{number}")
        engine = Engine(pack, store, demo_runner=_runner(diverged, 42))
        _to_question(engine, "big-rate")
        events = engine.reply("blow up")
        feedback = next(e for e in events if isinstance(e, ev.Feedback))
        keys.append((feedback.correct, feedback.expected))
        demo = next(e for e in events if isinstance(e, ev.Demo))
        assert demo.item == "big-rate" and demo.text == "the fake run"  # the run that decided
        store.close()
    assert keys == [(True, "(c) blow up"), (False, "(a) fall faster")]


def test_a_changed_outcome_changes_the_number_key(tmp_path: Path) -> None:
    pack = load_pack(KINDS, use_cache=False)
    got = []
    for number, parameters in enumerate((42.0, 50.0)):
        store = ProgressStore(tmp_path, f"learner{number}")
        engine = Engine(pack, store, demo_runner=_runner(1.0, parameters))
        _to_question(engine, "big-rate")
        engine.reply("c")
        events = engine.reply("about 42")
        feedback = next(e for e in events if isinstance(e, ev.Feedback))
        got.append((feedback.correct, feedback.expected))
        store.close()
    assert got == [(True, "42 weights and biases"), (False, "50 weights and biases")]


def test_unclear_answers_and_commands_are_never_graded(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, "learner")
    engine = Engine(load_pack(KINDS, use_cache=False), store, run_demos=False)
    _to_question(engine, "which-data")
    for text in ["d", "not the test set", "training and test", ""]:
        assert [e.kind for e in engine.reply(text)] == ["clarify"]
    assert [e.kind for e in engine.reply("hint")] == ["hint"]
    assert "knowledge" in [e.kind for e in engine.reply("what is a validation set?")]
    assert [a.item for a in store.attempts()] == ["loss"]
    skipped = engine.reply("skip")
    reveal = next(e for e in skipped if isinstance(e, ev.Reveal))
    assert reveal.answer == "(b) the validation set"
    store.close()


def test_check_plays_every_kind_and_fails_when_the_run_decides_no_key(tmp_path: Path) -> None:
    pack = load_pack(KINDS, use_cache=False)
    (result,) = check_pack(pack)
    assert result.ok and result.questions == 5 and result.live_keys == 2
    broken = tmp_path / "broken"
    shutil.copytree(KINDS, broken)
    items = broken / "items.toml"
    items.write_text(
        items.read_text().replace(
            'measure = "diverged_runs", at_least = 1', 'measure = "diverged_runs", at_least = 5'
        )
    )
    (result,) = check_pack(load_pack(broken, use_cache=False))
    assert not result.ok
    assert any("'big-rate'" in f and "decides no choice" in f for f in result.failures)


# --- each kind end to end in the three front ends ---------------------------------------------


def test_headless_plays_every_kind(tmp_path: Path) -> None:
    stdin = "\n".join(RIGHT_ANSWERS) + "\n"
    result = run_tutor(["--headless", "--lessons", str(KINDS)], tmp_path, stdin)
    assert result.returncode == 0, result.stderr
    events = json_events(result.stdout)
    asks = [e for e in events if e["event"] == "ask"]
    assert [a["kind"] for a in asks] == ASKED_KINDS
    assert asks[1]["choices"] == list(EPOCHS) and asks[3]["choices"] == []
    feedback = [e for e in events if e["event"] == "feedback"]
    assert [f["correct"] for f in feedback] == [True] * 5
    assert feedback[2]["expected"] == "(c) blow up" and feedback[3]["understood"] == "42"
    after_predict = events[events.index(feedback[2]) + 1]
    assert after_predict["event"] == "demo" and after_predict["item"] == "big-rate"


def test_line_mode_with_piped_input_lists_lettered_choices(tmp_path: Path) -> None:
    stdin = "\n".join(["parameter", "the validation set", "a", "33", "a, b"]) + "\n"
    result = run_tutor(["--plain", "--lessons", str(KINDS)], tmp_path, stdin)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert "    (c) neither" in out and "    (b) the validation set" in out
    assert 'Pick every choice that applies, such as "a and c".' in out
    assert "Answer with a number" in out
    assert "Not quite: it is **neither**" not in out  # markdown is rendered plain
    feedback = [
        line.split("]")[0] + "]"
        for line in out.splitlines()
        if line.startswith("  [") and "Your last answer" not in line
    ]
    assert "Your last answer was fall faster; the answer is (c) blow up." in " ".join(out.split())
    assert feedback == ["  [not quite]", "  [right]", "  [not quite]", "  [not quite]", "  [right]"]
    flat = " ".join(out.split())
    assert "the answer is (c) blow up" in flat and "the answer is 42 weights and biases" in flat


def test_app_shows_choices_and_grades_every_kind(tmp_path: Path) -> None:
    from tutor.tui.app import TutorApp
    from tutor.tui.widgets.bubbles import AskBubble, FeedbackBubble

    async def run() -> None:
        store = ProgressStore(tmp_path, "learner")
        session = Session(load_pack(KINDS, use_cache=False), store, seed=0)
        app = TutorApp(session, default_theme="textual-dark")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for number, answer in enumerate(RIGHT_ANSWERS):
                ask = list(app.query(AskBubble))[-1]
                if number in (0, 1, 2, 4):
                    assert "(a) " in ask.copy_text and "(c) " in ask.copy_text
                if number == 1:
                    assert "(b) the validation set" in ask.copy_text
                    assert ask.region.width <= 80
                for key in answer:
                    await pilot.press(key if key != " " else "space")
                await pilot.press("enter")
                await settle(pilot)
            marks = [bubble.correct for bubble in app.query(FeedbackBubble)]
            assert marks == [True] * 5
        assert [(a.item, a.correct) for a in store.attempts()] == [
            (item, True) for item in ("loss", "which-data", "big-rate", "count", "refit")
        ]

    asyncio.run(run())


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_app_in_a_real_80x24_terminal_lists_the_choices(tmp_path: Path) -> None:
    import shlex
    import subprocess
    import sys
    import uuid

    from tests.helpers import wait_for_text

    server = f"tutor-kinds-{uuid.uuid4().hex[:8]}"
    command = [sys.executable, "-m", "tutor.cli", "--lessons", str(KINDS)]
    command += ["--data-dir", str(tmp_path)]
    tmux = ["tmux", "-L", server]
    env = "NO_COLOR=1 TERM=xterm-256color TUTOR_LEARNER=tester"
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "80", "-y", "24", f"env {env} {shlex.join(command)}"],
        check=True,
        cwd=ROOT,
    )
    try:

        def screen() -> str:
            done = subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True)
            return done.stdout

        wait_for_text(screen, "(c) neither", timeout=60)
        subprocess.run([*tmux, "send-keys", "neither", "Enter"], check=True)
        shown = wait_for_text(screen, "(b) the validation set", timeout=60)
        assert "I read that as (c) neither" in shown and "Question 2 of 5" in shown
        assert all(len(row) <= 80 for row in shown.splitlines())
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
