"""Line mode and headless mode under hostile input and a hostile environment."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT, json_events, tutor_env, wait_for_prompt, wait_for_text


class Tmux:
    """tutor in a real terminal (tmux), at a given size."""

    def __init__(self, data: Path, args: list[str], size=(80, 24), **env: str) -> None:
        self.name = f"tutor-hostile-{time.monotonic_ns()}"
        settings = {**tutor_env(data), **env}
        exports = " ".join(
            f"{key}={shlex.quote(value)}" for key, value in settings.items()
            if key.startswith(("TUTOR_", "NO_COLOR", "TERM", "LANG", "LC_"))
        )
        self.command = (
            f"cd {ROOT} && env {exports} {sys.executable} -m tutor.cli {shlex.join(args)}"
            "; echo EXITED $?; sleep 30"
        )
        self.size = size

    def __enter__(self) -> Tmux:
        width, height = self.size
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
             self.command],
            check=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        return wait_for_text(self.screen, text, timeout=timeout)

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def hex(self, *codes: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-H", *codes], check=True)

    def wait_for_exit(self) -> str:
        return self.wait_for("EXITED")


def run(args: list[str], data, stdin: bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tutor.cli", *args],
        input=stdin, capture_output=True, env=tutor_env(data, **env), cwd=ROOT, timeout=120,
    )


def test_headless_escapes_c1_control_characters(tmp_path) -> None:
    question = "what is \u009b2J\u0085 a \u009d0;x\u009c learning rate?"
    result = run(["--headless", "--lessons", str(MINI)], tmp_path, question.encode() + b"\n")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert not any(0x7F <= ord(char) <= 0x9F for char in text)
    events = json_events(result.stdout)
    knowledge = [event for event in events if event["event"] == "knowledge"]
    assert knowledge and knowledge[0]["question"] == question  # the same data, escaped
    assert "\\u009b" in text
    json.loads(text.splitlines()[0])


def test_invalid_utf8_input_and_learner_are_decoded_with_replacement(tmp_path) -> None:
    learner = "ad\udce8a"  # what Python makes of the Latin-1 byte 0xe8 in argv
    args = ["--lessons", str(MINI), "--learner", learner]
    for mode in ("--plain", "--headless"):
        result = subprocess.run(
            [sys.executable, "-m", "tutor.cli", mode, *args],
            input=b"param\xe8tre\n", capture_output=True, env=tutor_env(tmp_path / mode),
            cwd=ROOT, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        exported = subprocess.run(
            [sys.executable, "-m", "tutor.cli", "export", "--json", *args],
            capture_output=True, env=tutor_env(tmp_path / mode), cwd=ROOT, timeout=120,
        )
        record = json.loads(exported.stdout)
        assert record["learner"] == "ad\ufffda"
        assert record["attempts"][0]["answer_text"] == "param\ufffdtre"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_invalid_utf8_typed_in_a_terminal_does_not_crash(tmp_path) -> None:
    with Tmux(tmp_path, ["--plain", "--lessons", str(MINI)]) as term:
        term.wait_for("you>")
        term.keys("param")
        term.hex("e8")  # a Latin-1 terminal's è
        term.keys("tre", "Enter")
        screen = term.wait_for("[right]")
        assert "Traceback" not in screen
        wait_for_prompt(term.screen, "you>", timeout=30)
        term.keys("C-d")
        term.wait_for_exit()


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
from tutor.cli import main
from tutor.core.progress import ProgressStore
from pathlib import Path
ProgressStore(Path(sys.argv[1]), "ada").close()  # the store exists: the disk fills later
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize("mode", ["--plain", "--headless"])
def test_a_full_disk_mid_session_is_one_line_and_keeps_what_was_saved(tmp_path, mode) -> None:
    from tutor.core.progress import ProgressStore

    data = tmp_path / "data"
    answers = b"param\nhyper\n"  # the second answer hits the limit; then end of input
    args = [mode, "--lessons", str(MINI), "--data-dir", str(data), "--learner", "ada"]
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(data), str(48 * 1024), *args],
        input=answers, capture_output=True, env=tutor_env(data, TUTOR_CACHE_DIR=str(tmp_path)),
        cwd=ROOT, timeout=120,
    )
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in err + out
    notices = [line for line in out.splitlines() if "Progress can no longer be saved" in line]
    assert len(notices) == 1, out
    if mode == "--headless":
        events = json_events(result.stdout)
        assert sum(event["event"] == "error" for event in events) == 1
        assert events[-1]["event"] == "end"
        answered = sum(event["event"] == "feedback" for event in events)
    else:
        assert "not saved" in out.splitlines()[-1]
        answered = out.count("[right]") + out.count("[not quite]")
    store = ProgressStore(data, "ada")
    saved = store.attempts()
    store.close()
    assert 1 <= len(saved) < answered  # what was saved before the disk filled is kept


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_plain_mode_leaves_quietly_when_its_terminal_disappears(tmp_path) -> None:
    err, status = tmp_path / "stderr", tmp_path / "status"
    name = f"tutor-gone-{time.monotonic_ns()}"
    command = (  # SIGHUP ignored (as under nohup): the terminal just stops working
        f"cd {ROOT} && (trap '' HUP; env TUTOR_DATA_DIR={tmp_path} NO_COLOR=1 "
        f"{sys.executable} -m tutor.cli --plain --lessons {MINI} 2>{err}; echo $? >{status})"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True
    )
    try:
        wait_for_text(
            lambda: subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout,
            "you>",
            timeout=30,
        )
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    wait_for_text(lambda: status.read_text() if status.exists() else "", "\n", timeout=30)
    assert err.read_text() == ""
    assert status.read_text().strip() == "0"


def test_lesson_text_is_reflowed_to_the_width_and_titles_break_between_words() -> None:
    from tutor.core import events as ev
    from tutor.line.render import LineRenderer as TextRenderer

    hard = (
        "A machine-learning model is a formula with blanks in it. Some blanks\n"
        "are filled in **by the data** when the model is trained. The others\n"
        "you fill in yourself.\n\n- a list item that goes on\n  over two lines\n- another\n"
    )
    text = TextRenderer(width=60).render(ev.Say(hard))
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[:3] == [
        "  A machine-learning model is a formula with blanks in it.",
        "  Some blanks are filled in by the data when the model is",
        "  trained. The others you fill in yourself.",
    ]
    assert lines[3:] == ["  - a list item that goes on over two lines", "  - another"]
    title = "What a model parameter is (and what a hyperparameter is)"
    shown = TextRenderer(width=60).render(ev.LessonStart("x", title, 1, 7))
    assert all(len(line) <= 59 for line in shown.splitlines())
    words = " ".join(line.strip("= ") for line in shown.splitlines() if line.strip())
    assert words == f"Lesson 1/7: {title}"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
def test_the_verdict_stays_visible_next_to_the_next_prompt(tmp_path, size) -> None:
    args = ["--plain", "--all-at-once", "--lesson", "parameters"]  # the reply whole
    with Tmux(tmp_path, args, size=size) as term:
        term.wait_for("Q1/13")
        term.wait_for("you>")
        term.keys("param", "Enter")
        screen = term.wait_for("Q2/13")
        screen = term.wait_for("you>")
        assert "Demo: Probe" not in screen.split("Q2/13")[1]  # the demo came before
        assert "[right] Your last answer, parameter, was right." in screen
        assert all(len(line) <= size[0] for line in screen.splitlines())


def _read_only_run(data: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run tutor with ``data`` read-only: a read-only bind mount when root (root ignores
    permissions), else the directory's and file's write bits removed."""
    command = [sys.executable, "-m", "tutor.cli", *args]
    env = tutor_env(data, TUTOR_CACHE_DIR=str(data.parent / "cache"))
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("needs unshare to make a read-only directory as root")
        script = (
            f"mount --bind {shlex.quote(str(data))} {shlex.quote(str(data))} && "
            f"mount -o remount,ro,bind {shlex.quote(str(data))} && exec {shlex.join(command)}"
        )
        probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
        if probe.returncode != 0:
            pytest.skip("cannot make a private mount namespace here")
        command = ["unshare", "-m", "sh", "-c", script]
    else:
        for path in data.iterdir():
            path.chmod(0o444)
        data.chmod(0o555)
    try:
        return subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
        )
    finally:
        data.chmod(0o755)


def test_progress_and_export_work_on_a_read_only_data_directory(tmp_path) -> None:
    data = tmp_path / "data"
    answered = run(["--headless", "--lessons", str(MINI)], data, b"param\n")
    assert answered.returncode == 0
    common = ["--lessons", str(MINI)]
    progress = _read_only_run(data, ["progress", "--json", *common])
    assert progress.returncode == 0, progress.stderr
    assert json.loads(progress.stdout)["attempts"] == 1
    exported = _read_only_run(data, ["export", "--json", *common])
    assert exported.returncode == 0, exported.stderr
    assert [a["answer_text"] for a in json.loads(exported.stdout)["attempts"]] == ["param"]
    lessons = _read_only_run(data, ["lessons", *common])
    assert lessons.returncode == 0, lessons.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = _read_only_run(empty, ["progress", "--json", *common])
    assert nothing.returncode == 0 and json.loads(nothing.stdout)["attempts"] == 0
    assert not (empty / "progress.sqlite3").exists()


def test_resume_after_backs_starts_at_the_first_unanswered_question(tmp_path) -> None:
    first = run(
        ["--headless", "--lesson", "parameters"],
        tmp_path,
        b"param\nparam\n2\nhyper\nhyper\nback\nback\nback\n",  # five answered, then back
    )
    asked = [e["item"] for e in json_events(first.stdout) if e["event"] == "ask"]
    assert asked[-1] == asked[2]  # the three backs went to the third question
    again = run(["--headless"], tmp_path, b"")
    events = json_events(again.stdout)
    welcome = next(e["text"] for e in events if e["event"] == "say" and "Welcome" in e["text"])
    assert "5 of 13 questions done" in welcome
    resumed = [e for e in events if e["event"] == "ask"]
    assert resumed[0]["number"] == 6 and resumed[0]["item"] not in asked[:5]
    # answering the third again and leaving saves an earlier position; still no repeats
    run(["--headless"], tmp_path, b"back\nback\nback\n2\n")
    later = [e for e in json_events(run(["--headless"], tmp_path, b"").stdout)]
    assert next(e for e in later if e["event"] == "ask")["number"] == 6


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_typed_escape_sequence_that_looks_like_a_mouse_report_does_not_crash(tmp_path) -> None:
    with Tmux(tmp_path, ["--plain", "--lessons", str(MINI)]) as term:
        term.wait_for("you>")
        term.hex("1b", "5b", "33", "31", "6d")  # ESC [ 3 1 m: a colour code, typed or pasted
        term.keys("param", "Enter")
        screen = term.wait_for("[right]")
        assert "Traceback" not in screen and "Exception" not in screen
        wait_for_prompt(term.screen, "you>", timeout=30)
        term.keys("C-d")
        term.wait_for_exit()
