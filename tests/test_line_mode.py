"""Line mode: prompt_toolkit with history and completion; plain lines when piped."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tests.helpers import (
    MINI,
    ROOT,
    run_tutor,
    tutor_env,
    wait_for_prompt,
    wait_for_text,
    wait_until,
)
from tutor.core.session import Session
from tutor.line.repl import make_session, run_prompt_loop


def play(tutor: Session, keys: str) -> list[str]:
    shown: list[str] = []
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        prompt = make_session(tutor.store.path.parent, input=pipe, output=DummyOutput())
        run_prompt_loop(tutor, prompt, shown.append)
    return shown


def test_prompt_session_answers_and_ctrl_d_saves(mini_pack, store) -> None:
    shown = play(Session(mini_pack, store), "parameter\r\x04")  # answer, then Ctrl-D
    text = "\n".join(shown)
    assert "[right]" in text and "Q2/2" in text and "Progress saved" in text
    assert [a.item for a in store.attempts()] == ["slope"]


def test_ctrl_c_cancels_only_the_line(mini_pack, store) -> None:
    shown = play(Session(mini_pack, store), "hyperpar\x03parameter\r\x04")
    assert store.attempts()[0].understood == "parameter"
    assert "Progress saved" in "\n".join(shown)


def test_history_is_kept_between_sessions(mini_pack, store) -> None:
    play(Session(mini_pack, store), "hint\r\x04")
    history = (store.path.parent / "line-history").read_text()
    assert "+hint" in history


def test_completion_offers_commands(mini_pack, store) -> None:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    session = make_session(store.path.parent)
    found = [c.text for c in session.completer.get_completions(Document("/sk"), CompleteEvent())]
    assert found == ["/skip"]


def test_piped_stdin_reads_plain_lines_and_ends_at_eof(tmp_path) -> None:
    result = run_tutor(["--plain", "--lessons", str(MINI)], tmp_path, "param\nbanana\n")
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "[right]" in out and "I didn't understand" in out and "Progress saved" in out
    assert "Warning" not in result.stderr.decode()  # no prompt_toolkit terminal warnings
    assert "\x1b" not in out


def test_dumb_terminal_falls_back_to_line_mode(tmp_path) -> None:
    result = run_tutor(["--lessons", str(MINI)], tmp_path, "parameter\n", TERM="dumb")
    assert "[right]" in result.stdout.decode()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_line_mode_in_a_real_terminal(tmp_path) -> None:
    session = f"tutor-line-{time.monotonic_ns()}"
    env = tutor_env(tmp_path)
    command = (
        f"cd {ROOT} && env TUTOR_DATA_DIR={tmp_path} TUTOR_LEARNER=ada NO_COLOR=1 "
        f"{sys.executable} -m tutor.cli --plain --lessons {MINI}"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command],
        check=True,
        env=env,
    )

    def screen() -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
        ).stdout

    def wait_for(text: str) -> str:
        return wait_for_text(screen, text, timeout=20)

    try:
        wait_for("you>")
        subprocess.run(["tmux", "send-keys", "-t", session, "/sk", "Tab"], check=True)
        wait_for("/skip")
        subprocess.run(
            ["tmux", "send-keys", "-t", session, "C-u", "hyper-parameter", "Enter"], check=True
        )
        shown = wait_for("[not quite]")
        assert "I read that as hyperparameter" not in shown  # plain word: no reading note
        wait_for_prompt(screen, "you>", timeout=20)
        subprocess.run(["tmux", "send-keys", "-t", session, "C-d"], check=True)

        def ended() -> bool:
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True)
            return alive.returncode != 0

        wait_until(ended, 10, "tutor exits on Ctrl-D", interval=0.1)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    assert run_tutor(["progress", "--json", "--lessons", str(MINI)], tmp_path).returncode == 0


def test_lesson_paragraphs_are_reflowed_not_broken_at_source_lines() -> None:
    """A lesson's TOML line breaks are soft (Markdown): line mode fills each line to its
    width instead of printing one ragged line per source line; bullets stay separate."""
    from tutor.core import events as ev
    from tutor.line.render import LineRenderer

    say = (
        "Some blanks\nare filled in **by the data** when the model is trained: those are\n"
        "its **parameters**. The others you fill in **yourself**.\n\n"
        "- **m**: the slope,\n  learned.\n- **c**: the intercept.\n\nAfter the list."
    )
    text = LineRenderer(width=60).render(ev.Say(say, "x"))
    lines = text.strip("\n").splitlines()
    assert lines[0] == "  Some blanks are filled in by the data when the model is"
    assert "  - m: the slope, learned." in lines
    assert "  - c: the intercept." in lines
    assert lines[-1] == "  After the list."
    assert all(len(line) <= 59 for line in lines)
