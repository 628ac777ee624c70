"""One learner's session in a forked child: its terminal, its progress, the tutor.

The child starts as a copy of the warm parent. It makes the passed terminal (the slave side
of a pseudo-terminal, or a socket for a session without one) its controlling terminal and
standard streams, takes the client's TERM and NO_COLOR, opens the learner's own progress
store and the class journal, and runs the full-screen app (or line mode without a terminal).
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import re
import sys
import termios
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor.core.classroom import ClassJournal
    from tutor.serve_ssh.zygote import Warm

LEARNERS_DIR = "learners"
FALLBACK_TERM = "xterm-256color"
_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
# Variables of the server's own terminal or run that must not leak into a learner's session.
_DROPPED_ENV = (
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "COLORTERM",
    "TEXTUAL_DRIVER",
    "TUTOR_LEARNER",
    "TUTOR_DATA_DIR",
    "TUTOR_CLASS_DIR",
    "TMUX",
    "STY",
)
CRASHED = "tutor: this session stopped because of an internal error; your progress is saved."


def optional_path(text: str | None) -> Path | None:
    return Path(text) if text else None


def learner_data_dir(data_dir: Path, learner: str) -> Path:
    """Where a learner's progress is kept: one directory per roster name."""
    return data_dir / LEARNERS_DIR / learner


# Modules every session uses, imported once in the warm parent.
PRELOADED = (
    "numpy",
    "textual.drivers.linux_driver",
    "textual.widgets",
    "tutor.core.engine",
    "tutor.core.session",
    "tutor.line.repl",
    "tutor.plain_text",
    "tutor.tui.app",
    "tutor.tui.driver",
    "tutor.tui.palette",
)


def preload() -> None:
    """Import what a session needs, in the warm parent."""
    import importlib

    for name in PRELOADED:
        importlib.import_module(name)


def rehearse(pack: Any, seed: int) -> str | None:
    """Play a session's start headless in the warm parent; None, or what went wrong.

    What every session computes on its way to the first screen (parsed styles, caches, lazily
    imported modules, bytecode the interpreter has specialised) is then in the parent's
    memory, shared by every child instead of copied into each. Threads the run started are
    waited for: the parent must have only one when it forks.
    """
    import asyncio
    import tempfile
    import threading

    from tutor.core.progress import ProgressStore
    from tutor.core.session import Session
    from tutor.tui.app import TutorApp

    async def play(app: TutorApp) -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            for keys in ((), (*"parameter", "enter")):
                await pilot.press(*keys)
                for _ in range(20):
                    await app.workers.wait_for_complete()
                    await pilot.pause(0.02)

    try:
        with tempfile.TemporaryDirectory(prefix="tutor-rehearsal-") as scratch:
            store = ProgressStore(Path(scratch), "rehearsal")
            try:
                asyncio.run(play(TutorApp(Session(pack, store, seed=seed))))
            finally:
                store.close()
    except Exception as error:  # only slower and larger sessions: say so, go on
        return f"{type(error).__name__}: {error}"
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            thread.join(5.0)
    if threading.active_count() > 1:
        return "a thread of the rehearsal is still running"
    return None


def open_journal_for(class_dir: Path | None, learner: str) -> ClassJournal:
    """The class journal ``<learner>.jsonl``, written by the server for a roster name.

    The server's account owns it, so students cannot forge it; the report trusts it when
    that account runs the report or owns the class directory. Raises ClassDirError when the
    directory cannot be used.
    """
    from tutor.core.classroom import ClassJournal

    assert class_dir is not None
    return ClassJournal(class_dir, learner=learner, login=learner)


def check_class_dir(config: dict[str, Any]) -> str | None:
    """None when the class directory is usable (or not given), else the problem in a line."""
    class_dir = optional_path(config.get("class_dir"))
    if class_dir is None:
        return None
    from tutor.core.classroom import ClassDirError, check_directory

    try:
        check_directory(class_dir)
    except ClassDirError as error:
        return str(error)
    return None


def session_term(requested: str | None) -> str:
    if requested and _TERM.fullmatch(requested):
        return requested
    return FALLBACK_TERM


def _attach(tty_fd: int, with_pty: bool) -> None:
    """Make ``tty_fd`` this process's terminal and its stdin, stdout and stderr."""
    os.setsid()
    if with_pty:
        fcntl.ioctl(tty_fd, termios.TIOCSCTTY, 0)
    for target in (0, 1, 2):
        os.dup2(tty_fd, target)
    if tty_fd > 2:
        os.close(tty_fd)

    def stream(fd: int, mode: str) -> io.TextIOWrapper:
        raw = io.FileIO(fd, mode, closefd=False)
        buffered = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
        return io.TextIOWrapper(
            buffered,  # type: ignore[arg-type]
            encoding="utf-8",
            errors="replace",
            line_buffering=mode == "w",
        )

    # Textual's driver writes to sys.__stderr__ and reads sys.__stdin__: replace those too.
    for name, fd, mode in (("stdin", 0, "r"), ("stdout", 1, "w"), ("stderr", 2, "w")):
        replacement = stream(fd, mode)
        setattr(sys, name, replacement)
        setattr(sys, f"__{name}__", replacement)


def _environment(request: dict[str, Any]) -> None:
    for name in _DROPPED_ENV:
        os.environ.pop(name, None)
    os.environ["TERM"] = session_term(request.get("term")) if request.get("pty") else "dumb"
    if request.get("no_color"):
        os.environ["NO_COLOR"] = "1"
    os.environ.setdefault("LANG", "C.UTF-8")


def name_process(name: str) -> None:
    """The name `top` and `ps -o comm` show (at most 15 bytes): whose session this is."""
    with contextlib.suppress(OSError):
        Path("/proc/self/comm").write_bytes(name.encode()[:15])


def _log(warm: Warm, text: str) -> None:
    with contextlib.suppress(OSError):
        os.write(warm.log_fd, (text.rstrip("\n") + "\n").encode(errors="replace"))


def run_session(warm: Warm, request: dict[str, Any], tty_fd: int) -> int:
    """Run one learner's tutor on ``tty_fd``; returns the exit status."""
    learner = str(request["learner"])
    name_process(f"tutor {learner}")
    try:
        _attach(tty_fd, bool(request.get("pty")))
        _environment(request)
        return _run_tutor(warm, request, learner)
    except Exception as error:
        _log(warm, f"tutor: session of {learner} failed: {type(error).__name__}: {error}")
        _log(warm, "".join(traceback.format_exception(error)))
        with contextlib.suppress(Exception):
            print(("\r\n" if request.get("pty") else "\n") + CRASHED, flush=True)
        return 1


def _run_tutor(warm: Warm, request: dict[str, Any], learner: str) -> int:
    from tutor.settings import Settings, open_store

    config = warm.config
    settings = Settings(
        data_dir=learner_data_dir(Path(config["data_dir"]), learner),
        lessons_dir=optional_path(config.get("lessons_dir")),
        learner=learner,
        seed=config.get("seed", 0),
        lesson=config.get("lesson"),
        items=config.get("items"),
    )
    store = open_store(settings)
    journal = None
    class_dir = optional_path(config.get("class_dir"))
    if class_dir is not None:
        from tutor.core.classroom import ClassDirError

        try:
            journal = open_journal_for(class_dir, learner)
        except ClassDirError as error:
            _log(warm, f"tutor: warning: {learner}: {error}")

    def open_session():  # -> Session
        from tutor.core.session import Session

        return Session(
            warm.pack,
            store,
            seed=settings.seed,
            lesson=settings.lesson,
            items=settings.items,
            journal=journal,
        )

    try:
        if request.get("pty") and os.environ["TERM"] != "dumb":
            from tutor.tui.app import run_app

            return run_app(open_session())
        from tutor.line.repl import run_line_mode

        return run_line_mode(open_session, store.path.parent)
    finally:
        store.close()
