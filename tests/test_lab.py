"""The lab: experiments frame by frame, `try` lines in lessons, the lab screen and line mode."""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.helpers import ROOT, json_events, run_tutor, wait_for_text
from tutor.core import events as ev
from tutor.core.engine import Engine
from tutor.core.experiment_request import parse, resolve
from tutor.core.loader import load_pack
from tutor.demos import lab
from tutor.demos.lab_spec import EXPERIMENTS

# -- reading requests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "current", "experiment", "values"),
    [
        ("try learning_rate=1.5", "line_fit", "line_fit", {"learning_rate": 1.5}),
        ("try k=8", "line_fit", "kmeans", {"k": 8}),
        ("What if the learning rate were 5?", "mlp", "mlp", {"learning_rate": 5.0}),
        ("set epochs to 300", "mlp", "mlp", {"epochs": 300}),
        ("try lr=0.5, n_iter=300", "line_fit", "line_fit", {"learning_rate": 0.5, "n_iter": 300}),
        ("what if I set the number of clusters to 4?", "line_fit", "kmeans", {"k": 4}),
        (
            "try hidden units 32 and layers = 2",
            "line_fit",
            "mlp",
            {"hidden_units": 32, "layers": 2},
        ),
        ("what about degree 9?", "line_fit", "polynomial", {"degree": 9}),
        ("try degree=2 in polynomial", "kmeans", "polynomial", {"degree": 2}),
        ("change the step size to 1e-3", "line_fit", "line_fit", {"learning_rate": 0.001}),
    ],
)
def test_request_forms_are_read_with_their_values(text, current, experiment, values) -> None:
    request = parse(text)
    assert request is not None and not request.again
    resolved = resolve(request, current)
    assert resolved.problem == ""
    assert resolved.experiment.name == experiment
    assert resolved.values == values
    assert all(type(v) is EXPERIMENTS[experiment].hyperparam(k).kind for k, v in values.items())


@pytest.mark.parametrize("text", ["show me again", "Run it again", "again!"])
def test_show_me_again_is_a_request_to_rerun(text: str) -> None:
    request = parse(text)
    assert request is not None and request.again


@pytest.mark.parametrize(
    "text",
    [
        "parameter",
        "it is set before training",
        "what if it is learned?",
        "try again",
        "why?",
        "what is a learning rate?",
        "set before fitting",
        "I'd try hyperparameter",
        "what if alpha is learned?",
        "set before training",
    ],
)
def test_answers_and_questions_are_not_requests(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("try learning_rate=50", "learning_rate must be between 0.0001 and 10; you gave 50"),
        ("try k=2.5", "k must be a whole number; you gave 2.5"),
        ("try k=0", "k must be between 1 and 12; you gave 0"),
        ("try lr=fast", "learning_rate needs a number; you gave 'fast'"),
        (
            "try momentum=0.9",
            "the line fit by gradient descent has no setting 'momentum'; "
            "try learning_rate (0.0001-10), n_iter (1-5000)",
        ),
    ],
)
def test_out_of_range_values_get_one_line(text: str, message: str) -> None:
    request = parse(text)
    assert request is not None
    assert resolve(request, "line_fit").problem == message


def test_a_learned_quantity_cannot_be_set_and_the_tutor_says_why_only_when_no_question_is_open():
    request = parse("try slope=3")
    assert request is not None
    assert "the fit learns it from the data" in resolve(request, "line_fit").problem
    assert "learns" not in resolve(request, "line_fit", explain_learned=False).problem


# -- experiments ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_parameters_tick_while_hyperparameters_stay_put(name: str) -> None:
    seen = list(lab.frames(name, {}))
    assert len(seen) >= 2 and seen[-1].done
    assert seen[0].parameters != seen[-1].parameters
    assert all(frame.hyperparameters == EXPERIMENTS[name].defaults() for frame in seen)
    assert all(len(frame.loss) == len(seen[-1].loss[: len(frame.loss)]) for frame in seen)
    assert seen[-1].loss[-1] < seen[0].loss[0]
    assert all(frame.drawing for frame in seen)


def test_a_large_learning_rate_diverges_and_the_run_stops() -> None:
    last = list(lab.frames("line_fit", {"learning_rate": 1.5}))[-1]
    assert last.diverged and last.done and last.step < 100
    assert "blew up" in last.note


def test_more_clusters_leave_less_inertia_and_the_degree_sets_the_coefficient_count() -> None:
    inertia = {k: lab.run_to_end("kmeans", {"k": k}).last.loss[-1] for k in (1, 4, 8)}
    assert inertia[1] > inertia[4] > inertia[8]
    assert lab.run_to_end("polynomial", {"degree": 5}).last.n_parameters == 6


def test_frames_validate_first() -> None:
    with pytest.raises(lab.LabError, match=r"^epochs must be between 1 and 2000; you gave 9000$"):
        lab.frames("mlp", {"epochs": 9000})


def test_lab_state_changes_a_hyperparameter_by_its_ladder_and_restarts() -> None:
    state = lab.LabState("line_fit")
    state.change(1)
    assert state.values["learning_rate"] == 0.1
    assert state.frame.step == 0
    state.pick(1)
    state.change(-1)
    assert state.values["n_iter"] == 50
    for _ in range(3):
        state.next_frame()
    assert state.frame.step > 0 and state.frame.hyperparameters == state.values


# -- in a lesson ----------------------------------------------------------------------------------


def _engine(store) -> Engine:
    pack = load_pack()
    return Engine(pack, store, lesson="parameters", run_demos=False)


def test_a_try_line_runs_the_lesson_demo_and_is_never_graded(store) -> None:
    engine = _engine(store)
    engine.start()
    pending = engine.pending
    events = engine.reply("try learning_rate=1.5")
    assert [type(e) for e in events] == [ev.Demo]
    demo = events[0]
    assert isinstance(demo, ev.Demo)
    assert demo.demo == "lab:line_fit" and demo.args == {"learning_rate": 1.5, "n_iter": 100}
    assert demo.to_dict()["args"] == {"learning_rate": 1.5, "n_iter": 100}
    assert "blew up" in demo.text and demo.series
    assert engine.pending is pending and store.attempts() == []
    # values tried at the same place are kept; "show me again" reruns them
    again = engine.reply("set n_iter to 3")
    assert isinstance(again[0], ev.Demo) and again[0].args == {"learning_rate": 1.5, "n_iter": 3}
    rerun = engine.reply("show me again")
    assert isinstance(rerun[0], ev.Demo) and rerun[0].args == again[0].args
    refused = engine.reply("what if the learning rate were 50?")
    assert refused == [ev.Clarify("learning_rate must be between 0.0001 and 10; you gave 50")]
    assert store.attempts() == []


def test_show_me_again_before_any_try_runs_the_lessons_experiment_as_set(store) -> None:
    engine = _engine(store)
    engine.start()
    (demo,) = engine.reply("show me again")
    assert isinstance(demo, ev.Demo)
    assert demo.demo == "lab:line_fit" and demo.args == {"learning_rate": 0.05, "n_iter": 100}


def test_try_k_switches_to_k_means_in_a_line_fit_lesson(store) -> None:
    engine = _engine(store)
    engine.start()
    (demo,) = engine.reply("try k=8")
    assert isinstance(demo, ev.Demo)
    assert demo.demo == "lab:kmeans" and demo.args == {"k": 8, "seed": 0}


def test_headless_try_prints_the_demo_with_its_args(tmp_path) -> None:
    result = run_tutor(
        ["--headless", "--lesson", "parameters"], tmp_path, "try k=8\ntry lr=50\nparameter\n"
    )
    assert result.returncode == 0, result.stderr
    events = json_events(result.stdout)
    demos = [e for e in events if e["event"] == "demo" and e["demo"].startswith("lab:")]
    assert [d["args"] for d in demos] == [{"k": 8, "seed": 0}]
    assert any(e["event"] == "clarify" and "you gave 50" in e["text"] for e in events)
    feedback = [e for e in events if e["event"] == "feedback"]
    assert len(feedback) == 1 and feedback[0]["understood"] == "parameter"
    assert all(d["args"] == {} for d in events if d["event"] == "demo" and d not in demos)
    json.dumps(events)


# -- the lab screen -------------------------------------------------------------------------------


def test_the_lab_screen_in_pilot_changes_a_hyperparameter_and_trains() -> None:
    from tutor.tui.screens.lab import LabApp, LabScreen, Panel

    async def scenario() -> None:
        app = LabApp("line_fit")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, LabScreen)
            screen.FRAME_INTERVAL = screen.SMALL_FRAME_INTERVAL = 0.01
            await pilot.press("right")  # learning_rate 0.05 -> 0.1
            assert screen.lab.values["learning_rate"] == 0.1
            hyper = str(screen.query_one("#lab-hyper", Panel).render())
            assert "learning_rate 0.1" in hyper
            start = screen.lab.frame.parameters
            await pilot.press("space")
            for _ in range(200):
                await pilot.pause(0.02)
                if screen.lab.frame.done and not screen.running:
                    break
            assert screen.lab.frame.done and not screen.running
            assert screen.lab.frame.parameters != start
            assert screen.lab.frame.hyperparameters == {"learning_rate": 0.1, "n_iter": 100}
            params = str(screen.query_one("#lab-params", Panel).render())
            assert f"step {screen.lab.frame.step}/100" in params
            assert "stay put" in str(screen.query_one("#lab-caption", Panel).render())
            await pilot.press("m")
            assert screen.lab.experiment == "kmeans"
            await pilot.press("q")
        assert app.return_code == 0

    asyncio.run(scenario())


# -- line mode ------------------------------------------------------------------------------------


def test_line_mode_lab_with_pipe_input(tmp_path) -> None:
    lines = "try lr=0.1\ntry lr=50\nmodel kmeans\ntry k=8\nrun\nnonsense\nquit\n"
    result = run_tutor(["lab"], tmp_path, lines)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "Model: Line fit by gradient descent" in out
    assert re.search(r"^step +slope m +intercept c +loss +learning_rate +n_iter$", out, re.M)
    rows = re.findall(r"^(\d+) +(\S+) +(\S+) +\S+ +0\.1 +100$", out, re.M)
    assert len(rows) == 5 and (rows[0][0], rows[-1][0]) == ("0", "100")
    assert rows[0][1:] == ("0.00", "0.00") and rows[-1][1:] != rows[0][1:]  # they moved
    assert "? learning_rate must be between 0.0001 and 10; you gave 50" in out
    assert "k=8, seed=0" in out and "(4 of the 16 parameters shown)" in out
    assert "? not a lab command" in out
    assert "\x1b[" not in out  # a pipe gets no colour
    assert out.rstrip().endswith("Bye!")


def test_lab_refuses_an_unknown_model_in_one_line(tmp_path) -> None:
    result = run_tutor(["lab", "forest", "--plain"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().strip().count("\n") == 0
    assert "no lab model 'forest'" in result.stderr.decode()


def test_compute_is_streamed_in_small_frames() -> None:
    """Each frame is a bounded number of training steps, whatever the settings."""
    for name, spec in EXPERIMENTS.items():
        biggest = {h.name: h.high for h in spec.hyperparams if h.name != "seed"}
        stream = lab.frames(name, biggest)
        steps = [frame.step for _, frame in zip(range(4), stream, strict=False)]
        gaps = [b - a for a, b in itertools.pairwise(steps)]
        assert steps[0] == 0 and max(gaps) <= math.ceil(5000 / lab.FRAMES_PER_RUN), name


# -- the lab in a real terminal -------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_lab_in_tmux_writes_nothing_idle_and_under_20_kb_per_second_animating(tmp_path):
    server = f"tutor-lab-{uuid.uuid4().hex[:10]}"

    def tmux(*args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", server, *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout

    def measured(seconds: float) -> int:
        out = tmp_path / f"out-{time.monotonic()}"
        tmux("pipe-pane", "-t", "lab", "-o", f"cat > {shlex.quote(str(out))}")
        time.sleep(seconds)
        tmux("pipe-pane", "-t", "lab")
        time.sleep(0.1)
        return out.stat().st_size if out.exists() else 0

    command = shlex.join([sys.executable, "-m", "tutor.cli", "lab", "mlp"])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.update(TERM="xterm-256color", TUTOR_DATA_DIR=str(tmp_path / "data"))
    env.pop("NO_COLOR", None)
    subprocess.run(
        [
            "tmux",
            "-L",
            server,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "lab",
            "-x",
            "80",
            "-y",
            "24",
            f"{command}; echo EXIT=$?; sleep 30",
        ],
        env=env,
        check=True,
        timeout=10,
        cwd=ROOT,
    )
    try:
        wait_for_text(lambda: tmux("capture-pane", "-p", "-t", "lab"), "[paused]", 20)
        time.sleep(0.5)
        assert measured(1.5) == 0  # idle: not a byte
        tmux("send-keys", "-t", "lab", "Space")
        wait_for_text(lambda: tmux("capture-pane", "-p", "-t", "lab"), "[running]", 10)
        animating = measured(3.0)
        assert 0 < animating <= 3.0 * 20_000
        screen = tmux("capture-pane", "-p", "-t", "lab")
        assert "step 0/300" not in screen and "learning_rate 0.5" in screen
        tmux("send-keys", "-t", "lab", "q")
        wait_for_text(lambda: tmux("capture-pane", "-p", "-t", "lab"), "EXIT=0", 10)
    finally:
        subprocess.run(["tmux", "-L", server, "kill-server"], capture_output=True, timeout=10)


def test_the_palette_opens_the_lab_over_the_chat_and_q_returns(tmp_path) -> None:
    from tests.test_tui import make_app, palette, settle
    from tutor.tui.screens.chat import ChatScreen
    from tutor.tui.screens.lab import LabScreen

    async def scenario() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await palette(pilot, "Lab: run")
            assert isinstance(app.screen, LabScreen)
            assert app.screen.lab.experiment == "line_fit"
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen) and not app._exit

    asyncio.run(scenario())


def test_a_try_line_in_the_chat_app_shows_the_run_and_grades_nothing(tmp_path) -> None:
    from tests.test_tui import make_app, say, settle
    from tutor.tui.widgets.demo import DemoBubble

    async def scenario() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            pending = app.engine.pending
            await say(pilot, "try k=8")
            bubbles = app.query(DemoBubble)
            assert bubbles and "k=8, seed=0" in bubbles.last().copy_text
            assert app.engine.pending is pending
            assert app.engine.store.attempts() == []

    asyncio.run(scenario())
