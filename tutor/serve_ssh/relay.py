"""One SSH session: a child's terminal relayed to the channel, and the session's life.

The child runs on the slave side of a pseudo-terminal (a socket when the client asked for no
terminal); this side relays bytes between the SSH channel and the master, with back-pressure
both ways (a slow link pauses reading the terminal; a busy child pauses the channel), and
passes the client's window size on with TIOCSWINSZ, which also signals the child (SIGWINCH).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import socket
import struct
import termios
import time
from typing import TYPE_CHECKING, Any

import asyncssh

if TYPE_CHECKING:
    from tutor.serve_ssh.server import Hub

KILL_AFTER = 1.0  # seconds a child has to leave after being asked, before SIGKILL
HIGH_WATER = 64 * 1024  # bytes of typed input waiting for the child before the channel pauses
STOPPED = (
    "tutor: this session stopped unexpectedly; your progress is saved. "
    "Connect again to go on where you stopped."
)
MAX_SIZE = 1000  # columns or rows; anything larger from a client is clamped
# Leaves the alternate screen and turns off mouse reporting and bracketed paste: written
# after a child that could not restore the terminal itself.
TERMINAL_RESET = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l\x1b[?1049l\x1b[?25h\x1b[0m"
)


def set_window_size(fd: int, columns: int, rows: int) -> None:
    columns = max(1, min(int(columns), MAX_SIZE))
    rows = max(1, min(int(rows), MAX_SIZE))
    with contextlib.suppress(OSError):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}m{seconds:02d}s"


class TutorSession(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    def __init__(self, hub: Hub, learner: str, address: str) -> None:
        self.hub = hub
        self.learner = learner
        self.address = address
        self.chan: Any = None
        self.pty = False
        self.term: str | None = None
        self.size = (80, 24)
        self.no_color = False
        self.fd: int | None = None  # our side of the child's terminal
        self._socket: socket.socket | None = None  # without a pty: our end of the socket pair
        self.pid: int | None = None
        self.task: asyncio.Task[None] | None = None
        self.last_input = time.monotonic()
        self.started = time.monotonic()
        self.gone = False  # the client has disconnected
        self.end_message: str | None = None  # set when the server ends the session
        self._pending = bytearray()
        self._reading = False
        self._writing = False
        self._input_paused = False
        self._input_ended = False
        self._output_paused = False
        self._idle_timer: asyncio.TimerHandle | None = None

    # -- asyncssh callbacks --------------------------------------------------------------------

    def connection_made(self, chan: Any) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        self.pty = True
        self.term = term_type
        if term_size[0] and term_size[1]:
            self.size = (term_size[0], term_size[1])
        return True

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if width and height:
            self.size = (width, height)
            if self.fd is not None and self.pty:
                set_window_size(self.fd, width, height)

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.hub.log(
            f"refused a command from {self.learner} at {self.address}: only the tutor runs"
        )
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        self.hub.log(f"refused subsystem {subsystem!r} for {self.learner} at {self.address}")
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def session_started(self) -> None:
        environment = self.chan.get_environment()
        self.no_color = bool(environment.get("NO_COLOR"))
        self.task = asyncio.ensure_future(self.run())

    def data_received(self, data: bytes, datatype: Any) -> None:
        if datatype is not None:
            return
        self.last_input = time.monotonic()
        self._pending += data
        self._flush_input()

    def eof_received(self) -> bool:
        self._input_ended = True
        self._flush_input()  # without a pty the child reads end of input once it has the rest
        return True  # keep the channel open for the child's last words

    def pause_writing(self) -> None:
        self._output_paused = True
        self._stop_reading()

    def resume_writing(self) -> None:
        self._output_paused = False
        self._start_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self.gone = True
        self._stop_reading()
        self._close_terminal()  # the child's terminal hangs up (SIGHUP)
        self._stop_child(signal.SIGHUP)

    # -- the session -------------------------------------------------------------------------

    async def run(self) -> None:
        caps = self.hub.caps
        refusal = caps.refusal(self.learner)
        if refusal is not None:
            self.hub.log(f"refused {self.learner} at {self.address}: {refusal}")
            self._say(f"tutor: {refusal}")
            self.chan.exit(1)
            return
        caps.open(self.learner)
        self.hub.sessions.add(self)
        code = 1
        try:
            code = await self._run_child()
        except Exception as error:  # the session ends; the server and the others go on
            self.hub.log(f"session of {self.learner} failed: {type(error).__name__}: {error}")
            self.end_message = self.end_message or (
                "tutor: the session could not start; try again in a moment"
            )
        finally:
            self._stop_reading()
            self._close_terminal()
            if self._idle_timer is not None:
                self._idle_timer.cancel()
            caps.close(self.learner)
            self.hub.sessions.discard(self)
            if self.pid is not None:  # it logged in
                how = "disconnected" if self.gone else f"exit {code}"
                self.hub.log(
                    f"logout {self.learner} from {self.address} after "
                    f"{_duration(time.monotonic() - self.started)} ({how})"
                )
        if not self.gone:
            if code < 0 and self.end_message is None:  # killed by a signal, not asked to leave
                self.end_message = STOPPED
            if self.pty and code != 0:
                self.chan.write(TERMINAL_RESET)
            if self.end_message:
                self._say(self.end_message)
            self.chan.exit(code if 0 <= code <= 255 else 128 + (-code) % 128)

    async def _run_child(self) -> int:
        if self.pty:
            ours, theirs = os.openpty()
            set_window_size(ours, *self.size)
        else:
            ours_socket, theirs_socket = socket.socketpair()
            self._socket = ours_socket
            ours, theirs = ours_socket.fileno(), theirs_socket.detach()
        self.fd = ours
        request = {
            "learner": self.learner,
            "pty": self.pty,
            "term": self.term,
            "no_color": self.no_color,
        }
        try:
            self.pid = await self.hub.spawner.spawn(request, theirs)
        finally:
            os.close(theirs)
        exit_code = self.hub.spawner.exited(self.pid)
        mode = f"full screen {self.size[0]}x{self.size[1]} {self.term}" if self.pty else "line mode"
        self.hub.log(f"login {self.learner} from {self.address} ({mode})")
        if self.gone:
            self._stop_child(signal.SIGHUP)
        elif self.end_message:
            self._stop_child(signal.SIGTERM)
        else:
            os.set_blocking(ours, False)
            self._start_reading()
            self._flush_input()
            self._arm_idle_timer()
        try:
            code = await exit_code
        finally:
            self.hub.spawner.forget(self.pid)
        self._drain()
        return code

    def end(self, message: str) -> None:
        """End the session from the server's side (idle, shutdown), saying why."""
        if self.end_message is None:
            self.end_message = message
        self._stop_child(signal.SIGTERM)

    def _stop_child(self, signum: int) -> None:
        """Ask the child to leave; it is killed if it is still there after KILL_AFTER."""
        if self.pid is None:
            return
        pid, spawner = self.pid, self.hub.spawner
        spawner.signal(pid, signum)
        asyncio.get_running_loop().call_later(KILL_AFTER, spawner.signal, pid, signal.SIGKILL)

    def _arm_idle_timer(self) -> None:
        timeout = self.hub.idle_timeout
        if not timeout:
            return
        remaining = self.last_input + timeout - time.monotonic()
        if remaining <= 0:
            minutes = timeout / 60
            wait = f"{minutes:g} minutes" if minutes >= 1 else f"{timeout:g} seconds"
            self.hub.log(f"closing the idle session of {self.learner} at {self.address}")
            self.end(
                f"tutor: closed after {wait} without typing; your progress is saved. "
                "Connect again to go on where you stopped."
            )
            return
        loop = asyncio.get_running_loop()
        self._idle_timer = loop.call_later(remaining + 0.05, self._arm_idle_timer)

    # -- bytes both ways -----------------------------------------------------------------------

    def _say(self, text: str) -> None:
        newline = "\r\n" if self.pty else "\n"
        self.chan.write((newline + text + newline).encode())

    def _start_reading(self) -> None:
        if self.fd is not None and not self._reading and not self._output_paused:
            asyncio.get_running_loop().add_reader(self.fd, self._readable)
            self._reading = True

    def _stop_reading(self) -> None:
        if self._reading and self.fd is not None:
            asyncio.get_running_loop().remove_reader(self.fd)
        self._reading = False

    def _readable(self) -> None:
        assert self.fd is not None
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: the child has closed its terminal
            data = b""
        if not data:
            self._stop_reading()
            return
        if not self.gone:
            self.chan.write(data)

    def _drain(self) -> None:
        """What the child wrote just before it ended."""
        if self.fd is None or self.gone or self._output_paused:
            return
        for _ in range(64):
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            self.chan.write(data)

    def _flush_input(self) -> None:
        fd = self.fd
        if fd is None or self.pid is None:
            if len(self._pending) > HIGH_WATER and not self._input_paused:
                self._input_paused = True
                self.chan.pause_reading()
            return
        loop = asyncio.get_running_loop()
        while self._pending:
            try:
                written = os.write(fd, self._pending)
            except BlockingIOError:
                break
            except OSError:  # the child has gone; its exit ends the session
                self._pending.clear()
                break
            del self._pending[:written]
        if self._pending and not self._writing:
            loop.add_writer(fd, self._flush_input)
            self._writing = True
        elif not self._pending and self._writing:
            loop.remove_writer(fd)
            self._writing = False
        if not self._pending and self._input_ended and self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.shutdown(socket.SHUT_WR)
        if len(self._pending) > HIGH_WATER and not self._input_paused:
            self._input_paused = True
            self.chan.pause_reading()
        elif self._input_paused and len(self._pending) < HIGH_WATER // 2:
            self._input_paused = False
            self.chan.resume_reading()

    def _close_terminal(self) -> None:
        if self.fd is None:
            return
        loop = asyncio.get_running_loop()
        if self._writing:
            loop.remove_writer(self.fd)
            self._writing = False
        self._stop_reading()
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        else:
            with contextlib.suppress(OSError):
                os.close(self.fd)
        self.fd = None
