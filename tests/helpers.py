"""Helpers for tests: paths, environment and running tutor in a subprocess."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


def load_script(name: str):  # type: ignore[no-untyped-def]
    """A development script of scripts/ as a module, to test what it generates."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def tutor_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")}
    env.update({"TUTOR_DATA_DIR": str(data_dir), "TUTOR_LEARNER": "ada", "NO_COLOR": "1"})
    env.update(extra)
    return env


def run_tutor(args: list[str], data_dir: Path, stdin: str = "", **extra: str):
    return subprocess.run(
        [sys.executable, "-m", "tutor.cli", *args],
        input=stdin.encode(),
        capture_output=True,
        env=tutor_env(data_dir, **extra),
        timeout=120,
        cwd=ROOT,
    )


def json_events(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode().splitlines()]


def wait_until(
    condition: Callable[[], object], timeout: float, what: str, interval: float = 0.05
) -> None:
    """Poll ``condition()`` until it is true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(interval)


def wait_for_stable(read: Callable[[], str], timeout: float, interval: float = 0.2) -> str:
    """Poll ``read()`` until two reads ``interval`` apart agree (the screen settled)."""
    deadline = time.monotonic() + timeout
    before = read()
    while time.monotonic() < deadline:
        time.sleep(interval)
        now = read()
        if now == before:
            return now
        before = now
    raise AssertionError(f"the screen never settled; last:\n{before}")


def wait_for_text(read: Callable[[], str], text: str, timeout: float, interval: float = 0.1) -> str:
    """Poll ``read()`` (a terminal screen, a page) until it shows ``text``; return that screen."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = read()
        if text in screen:
            return screen
        time.sleep(interval)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def wait_for_prompt(read: Callable[[], str], prompt: str, timeout: float) -> str:
    """Poll ``read()`` until ``prompt`` is the screen's last line: the next key is read.

    Keys sent between two prompts reach a terminal nobody reads in raw mode, and an
    end-of-input (Ctrl-D) sent then can be lost; tests wait for the prompt first.
    """

    def prompt_is_last() -> bool:
        lines = [line for line in read().splitlines() if line.strip()]
        return bool(lines) and lines[-1].strip() == prompt

    wait_until(prompt_is_last, timeout, f"the prompt {prompt!r} as the last line")
    return read()


class TmuxPane:
    """A command running in a detached tmux session of a given size (see ``tmux_pane``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def alive(self) -> bool:
        probe = subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True)
        return probe.returncode == 0


@contextlib.contextmanager
def tmux_pane(
    command: str, env: dict[str, str], prefix: str = "tutor", size: tuple[int, int] = (80, 24)
) -> Iterator[TmuxPane]:
    """Run ``command`` in a new tmux session; the session is killed on leaving."""
    name = f"{prefix}-{time.monotonic_ns()}"
    width, height = size
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command],
        check=True,
        env=env,
    )
    try:
        yield TmuxPane(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
