"""The real program in a real terminal: tmux (end to end, idle output, signals) and a pty (EOF).

Each test starts its own tmux server (``-L`` with a unique name), so nothing is shared with a
learner's tmux. The app runs under a small shell wrapper that reports the exit status and
whether the terminal modes came back as they were.
"""

from __future__ import annotations

import fcntl
import os
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import wait_for_stable, wait_for_text, wait_until
from tutor.core.progress import ProgressStore

MINI = Path(__file__).parent / "fixtures" / "mini"
LEARNER = "tester"
TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def tutor_command(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "tutor.cli", "--lessons", str(MINI), "--data-dir", str(data_dir)]


def app_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.update(TERM="xterm-256color", TUTOR_LEARNER=LEARNER, PYTHONUNBUFFERED="1")
    env.pop("NO_COLOR", None)
    return env


def alive(pid: int) -> bool:
    """Running (a zombie awaiting its parent's wait() has already ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = next((line.split()[1] for line in status.splitlines() if line.startswith("State")), "")
    return state not in {"Z", "X"}


def wait_gone(pid: int, timeout: float) -> float | None:
    """Seconds until the process ended, or None if it is still running after ``timeout``."""
    start = time.monotonic()
    try:
        wait_until(lambda: not alive(pid), timeout, f"process {pid} ends", interval=0.02)
    except AssertionError:
        return None
    return time.monotonic() - start


class Tmux:
    def __init__(self, data_dir: Path) -> None:
        assert TMUX is not None
        self.server = f"tutor-test-{uuid.uuid4().hex[:10]}"
        self.data_dir = data_dir
        self.target = "app"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [TMUX, "-L", self.server, *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout

    def start(self) -> None:
        command = shlex.join(tutor_command(self.data_dir))
        wrapper = (
            f"before=$(stty -g); {command}; echo EXIT=$?; "
            '[ "$(stty -g)" = "$before" ] && echo STTY=same || echo STTY=changed; sleep 60'
        )
        session = ["-s", self.target, "-x", "80", "-y", "24"]
        subprocess.run(
            [TMUX, "-L", self.server, "-f", "/dev/null", "new-session", "-d", *session, wrapper],
            env=app_env(),
            check=True,
            timeout=10,
        )

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.target)

    def wait_for(self, text: str, timeout: float = 15) -> str:
        return wait_for_text(self.screen, text, timeout, interval=0.05)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.target, *keys)

    def app_pid(self) -> int:
        shell = int(self.run("list-panes", "-t", self.target, "-F", "#{pane_pid}").split()[0])
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        for child in children:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"tutor.cli" in cmdline:
                return int(child)
        raise AssertionError(f"no tutor process under the pane's shell ({children})")

    def display(self, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", self.target, fmt).strip()

    def kill(self) -> None:
        socket = self.run("display-message", "-p", "#{socket_path}").strip()
        subprocess.run([TMUX, "-L", self.server, "kill-server"], capture_output=True, timeout=10)
        if socket:
            Path(socket).unlink(missing_ok=True)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path / "data")
    try:
        yield session
    finally:
        session.kill()


def saved_answers(data_dir: Path) -> list[tuple[str, str, bool]]:
    store = ProgressStore(data_dir, LEARNER)
    try:
        return [(a.item, a.answer_text, a.correct) for a in store.attempts()]
    finally:
        store.close()


@needs_tmux
def test_end_to_end_in_tmux(tmux: Tmux) -> None:
    tmux.start()
    tmux.wait_for("Question 1 of 2")
    pid = tmux.app_pid()

    # Idle: once the first screen has settled, not one byte to the terminal in 5 seconds
    # (no blinking cursor, no timers). The 5 s are the window measured, not a wait.
    wait_for_stable(tmux.screen, 15)
    idle = tmux.data_dir.parent / "idle-output"
    tmux.run("pipe-pane", "-t", tmux.target, "-o", f"cat > {shlex.quote(str(idle))}")
    time.sleep(5)
    tmux.run("pipe-pane", "-t", tmux.target)
    assert idle.exists() and idle.stat().st_size == 0, idle.read_bytes()[:200]

    tmux.keys("paramet", "Tab", "Enter")  # Tab completes "parameter"
    screen = tmux.wait_for("Question 2 of 2")
    assert "You: parameter" in screen
    assert "✓ That's the one." in screen
    assert alive(pid)

    tmux.keys("quit", "Enter")
    screen = tmux.wait_for("STTY=")
    assert "EXIT=0" in screen and "STTY=same" in screen
    assert "Progress saved. Bye!" in screen
    assert tmux.display("#{alternate_on}") == "0"
    assert wait_gone(pid, 2) is not None
    assert saved_answers(tmux.data_dir) == [("slope", "parameter", True)]


@needs_tmux
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_signal_ends_the_app_quickly_with_progress_saved(tmux: Tmux, signum: int) -> None:
    tmux.start()
    tmux.wait_for("Question 1 of 2")
    pid = tmux.app_pid()
    tmux.keys("hyperparameter", "Enter")
    tmux.wait_for("Question 2 of 2")

    os.kill(pid, signum)
    took = wait_gone(pid, 2)
    assert took is not None, "still running 2 s after the signal"
    screen = tmux.wait_for("STTY=")
    assert f"EXIT={128 + signum}" in screen and "STTY=same" in screen
    assert tmux.display("#{alternate_on}") == "0"
    assert saved_answers(tmux.data_dir) == [("slope", "hyperparameter", False)]


@needs_tmux
def test_closing_the_terminal_ends_the_app(tmux: Tmux) -> None:
    tmux.start()
    tmux.wait_for("Question 1 of 2")
    pid = tmux.app_pid()
    tmux.kill()  # the terminal goes away: hangup for everything in it
    assert wait_gone(pid, 2) is not None


def test_stdin_eof_ends_the_app_without_spinning(tmp_path: Path) -> None:
    """A terminal that closes without a hangup signal: stdin reads EOF, the app leaves.

    Textual's stock driver polls such a stdin forever at 100% CPU.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    data_dir = tmp_path / "data"
    process = subprocess.Popen(
        tutor_command(data_dir),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=app_env(),
        start_new_session=True,  # no controlling terminal: no SIGHUP, only EOF
    )
    os.close(slave)
    try:
        output = b""
        deadline = time.monotonic() + 15
        while b"Question 1 of 2" not in output and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                output += os.read(master, 65536)
        assert b"Question 1 of 2" in output
        os.write(master, b"parameter\r")
        deadline = time.monotonic() + 10
        while b"Question 2 of 2" not in output and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                output += os.read(master, 65536)
        assert b"Question 2 of 2" in output
    finally:
        os.close(master)
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("the app kept running after its terminal closed")
    assert process.returncode == 0
    assert saved_answers(data_dir) == [("slope", "parameter", True)]
