"""The warm parent: Textual, numpy and the lesson pack loaded once, one forked child per session.

The SSH server starts this as its own process (``python -m tutor.serve_ssh.zygote``) in a new
session, so that when it forks it has a single thread and no event loop: the children start
from a clean, fully imported copy and share its memory copy-on-write. It obeys three requests
from the server (spawn, signal, and the socket closing, which ends every child) and reports
each child's start and exit.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import signal
import socket
import sys
import time
from dataclasses import dataclass
from typing import Any

from tutor.serve_ssh import memory, protocol

SHUTDOWN_GRACE = 1.5  # seconds between SIGHUP and SIGKILL when the server goes away


@dataclass
class Warm:
    """What every child inherits ready-made."""

    config: dict[str, Any]
    pack: Any  # LessonPack
    warnings: list[str]
    log_fd: int
    fill: Any = None  # FreeMemoryFill: the free memory taken up before forking


def prepare(config: dict[str, Any]) -> Warm:
    """Load the pack and import everything a session uses, so children do not."""
    from tutor.serve_ssh import child
    from tutor.settings import Settings, open_pack

    settings = Settings(
        lessons_dir=child.optional_path(config.get("lessons_dir")),
        lesson=config.get("lesson"),
        items=config.get("items"),
        seed=config.get("seed", 0),
    )
    pack = open_pack(settings, strict=False)
    child.preload()
    from tutor.tui import shared_css

    shared_css.install()  # the rehearsal's parsed CSS then serves every session
    warnings = list(settings.warnings)
    trouble = child.rehearse(pack, settings.seed)
    if trouble:
        warnings.append(f"sessions start slower: the warm-up run failed ({trouble})")
    problem = child.check_class_dir(config)
    if problem:
        warnings.append(problem)
    gc.collect()
    log_fd = os.dup(2)
    fill = memory.fill_free_memory()  # a child's new objects then go to pages of its own
    gc.freeze()  # the collector then leaves the shared objects' pages alone in the children
    return Warm(config, pack, warnings, log_fd, fill)


class Zygote:
    def __init__(self, control: socket.socket, warm: Warm) -> None:
        self.control = control
        self.warm = warm
        self.children: set[int] = set()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)

    def serve(self) -> None:
        signal.set_wakeup_fd(self._wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: None)  # the server ends us by closing the socket
        while True:
            ready, _, _ = select.select([self.control.fileno(), self._wake_r], [], [])
            if self._wake_r in ready:
                with contextlib.suppress(BlockingIOError):
                    os.read(self._wake_r, 512)
                self.reap()
            if self.control.fileno() in ready:
                try:
                    data, fds, _, _ = socket.recv_fds(self.control, protocol.MAX_MESSAGE, 4)
                except OSError:
                    data, fds = b"", []
                if not data:
                    self.end_all()
                    return
                self.handle(data, fds)

    def handle(self, data: bytes, fds: list[int]) -> None:
        try:
            message = protocol.decode(data)
        except ValueError:
            message = {}
        op = message.get("op")
        if op == "spawn" and len(fds) == 1:
            self.spawn(message, fds[0])
            return
        for fd in fds:
            os.close(fd)
        if op == "signal":
            pid, signum = message.get("pid"), message.get("signal")
            if pid in self.children and isinstance(signum, int):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signum)

    def spawn(self, request: dict[str, Any], tty_fd: int) -> None:
        pid = os.fork()
        if pid == 0:  # the child: never returns to this loop
            code = 1
            try:
                signal.set_wakeup_fd(-1)
                for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
                    signal.signal(signum, signal.SIG_DFL)
                self.control.close()
                os.close(self._wake_r)
                os.close(self._wake_w)
                from tutor.serve_ssh.child import run_session

                code = run_session(self.warm, request, tty_fd)
            finally:
                os._exit(code)
        os.close(tty_fd)
        self.children.add(pid)
        self._send({"op": "started", "id": request.get("id"), "pid": pid})

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.children.discard(pid)
            code = os.waitstatus_to_exitcode(status)
            self._send({"op": "exited", "pid": pid, "code": code})

    def end_all(self) -> None:
        """The server is gone: hang up on every child, then make sure they are gone."""
        for signum in (signal.SIGHUP, signal.SIGKILL):
            for pid in list(self.children):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signum)
            deadline = time.monotonic() + SHUTDOWN_GRACE
            while self.children and time.monotonic() < deadline:
                self.reap()
                time.sleep(0.02)

    def _send(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):
            protocol.send(self.control, message)


def main(argv: list[str]) -> int:
    control = socket.socket(fileno=int(argv[1]))
    config = json.loads(argv[2])
    from tutor.serve_ssh.child import name_process

    name_process("tutor sessions")
    memory.one_malloc_arena()  # before the rehearsal starts a thread
    try:
        warm = prepare(config)
    except Exception as error:  # reported to the server, which says it in one line
        from tutor.settings import UsageError

        text = str(error) if isinstance(error, UsageError) else f"{type(error).__name__}: {error}"
        protocol.send(control, {"op": "failed", "message": text})
        return 1
    protocol.send(control, {"op": "ready", "warnings": warm.warnings})
    Zygote(control, warm).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
