"""The server's handle on the warm parent: start it, ask it for children, hear them exit."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
from typing import Any

from tutor.serve_ssh import protocol

READY_TIMEOUT = 120.0  # seconds for the warm parent to import everything and load the pack


class SpawnError(Exception):
    """The warm parent could not start or start a session; the message says why."""


class Spawner:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.process: subprocess.Popen[bytes] | None = None
        self.warnings: list[str] = []
        self._sock: socket.socket | None = None
        self._ids = itertools.count(1)
        self._starting: dict[int, asyncio.Future[int]] = {}
        self._exits: dict[int, asyncio.Future[int]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._ready: asyncio.Future[list[str]] | None = None

    async def start(self) -> list[str]:
        """Start the warm parent and wait until it has loaded; returns its warnings."""
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tutor.serve_ssh.zygote",
                    str(theirs.fileno()),
                    json.dumps(self.config),
                ],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
                start_new_session=True,  # Ctrl+C at the server's terminal reaches the server only
            )
        finally:
            theirs.close()
        ours.setblocking(False)
        self._sock = ours
        self._ready = loop.create_future()
        self._reader = asyncio.create_task(self._read())
        try:
            self.warnings = await asyncio.wait_for(self._ready, READY_TIMEOUT)
        except TimeoutError:
            await self.stop()
            raise SpawnError("the tutor did not load in time") from None
        return self.warnings

    async def spawn(self, request: dict[str, Any], tty_fd: int) -> int:
        """Start a child on ``tty_fd`` (the caller closes its copy); returns its pid."""
        if self._sock is None or self._reader is None or self._reader.done():
            raise SpawnError("the tutor's session starter has stopped")
        request_id = next(self._ids)
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._starting[request_id] = future
        try:
            protocol.send(self._sock, {**request, "op": "spawn", "id": request_id}, [tty_fd])
        except OSError as error:
            self._starting.pop(request_id, None)
            raise SpawnError(f"could not start a session ({error.strerror})") from None
        return await future

    def exited(self, pid: int) -> asyncio.Future[int]:
        """Resolves to the child's exit code (negative: the signal that ended it)."""
        return self._exits[pid]

    def forget(self, pid: int) -> None:
        """The session has its child's exit code; nothing more is kept for it."""
        self._exits.pop(pid, None)

    def signal(self, pid: int, signum: int) -> None:
        if self._sock is not None and pid in self._exits and not self._exits[pid].done():
            with contextlib.suppress(OSError):
                protocol.send(self._sock, {"op": "signal", "pid": pid, "signal": int(signum)})

    async def _read(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._sock is not None
        try:
            while True:
                try:
                    data = await loop.sock_recv(self._sock, protocol.MAX_MESSAGE)
                except OSError:
                    data = b""
                if not data:
                    break
                self._dispatch(protocol.decode(data))
        finally:
            self._gone()

    def _dispatch(self, message: dict[str, Any]) -> None:
        op = message.get("op")
        if op == "ready" and self._ready and not self._ready.done():
            self._ready.set_result([str(w) for w in message.get("warnings", [])])
        elif op == "failed" and self._ready and not self._ready.done():
            self._ready.set_exception(SpawnError(str(message.get("message"))))
        elif op == "started":
            pid = int(message["pid"])
            self._exits[pid] = asyncio.get_running_loop().create_future()
            future = self._starting.pop(int(message["id"]), None)
            if future is not None and not future.done():
                future.set_result(pid)
        elif op == "exited":  # kept until forget(): the session may not have asked yet
            exit_future = self._exits.get(int(message["pid"]))
            if exit_future is not None and not exit_future.done():
                exit_future.set_result(int(message["code"]))

    def _gone(self) -> None:
        """The warm parent has ended: nothing more can start; its children are ended by it."""
        error = SpawnError("the tutor's session starter stopped")
        if self._ready and not self._ready.done():
            self._ready.set_exception(error)
        for future in self._starting.values():
            if not future.done():
                future.set_exception(error)
        self._starting.clear()
        for pid, future in self._exits.items():
            if not future.done():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)  # an orphan now; it must not outlive its session
                future.set_result(-signal.SIGKILL)

    async def stop(self, timeout: float = 2.0) -> None:
        """Close the socket (the warm parent then ends its children and itself) and wait."""
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        process = self.process
        if process is None:
            return
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(None, process.wait), timeout)
        except TimeoutError:
            process.kill()
            await loop.run_in_executor(None, process.wait)
