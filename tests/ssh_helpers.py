"""Helpers for the SSH server's tests and benchmark: a server process, clients, its children."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers import ROOT

asyncssh: Any
try:
    import asyncssh
except ImportError:  # the tests that need it are skipped
    asyncssh = None

FIRST_TEXT = "Two kinds of numbers"  # a heading from the first lesson's opening
PAINTED = "Lesson 1/7"  # the app's first lesson heading, also when resumed
_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[()][0-9A-Za-z]|\x1b[@-Z\\-_=>]"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def visible_text(data: bytes) -> str:
    """The characters a terminal would show, without escape sequences (words stay whole)."""
    return _ESCAPES.sub(b"", data).decode("utf-8", errors="replace")


@dataclass
class Learners:
    """A roster with key learners (alice, carol) and a password learner (bob)."""

    root: Path
    keys: dict[str, Any] = field(default_factory=dict)
    password: str = "correct horse battery"

    @property
    def roster(self) -> Path:
        return self.root / "roster"

    def key_file(self, name: str) -> Path:
        return self.root / f"{name}_key"

    @classmethod
    def make(cls, root: Path, key_names: tuple[str, ...] = ("alice", "carol")) -> Learners:
        from tutor.serve_ssh import roster

        learners = cls(root)
        root.mkdir(parents=True, exist_ok=True)
        for name in key_names:
            key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@laptop")
            key.write_private_key(str(learners.key_file(name)))
            os.chmod(learners.key_file(name), 0o600)
            key.write_public_key(str(learners.key_file(name)) + ".pub")
            learners.keys[name] = key
            roster.add_key(learners.roster, name, key.export_public_key().decode())
        roster.set_password(learners.roster, "bob", learners.password)
        return learners


class ServerProcess:
    """`tutor serve --ssh` in a subprocess, its stderr (the log) kept in a file."""

    def __init__(self, root: Path, roster: Path, *extra: str, port: int | None = None) -> None:
        self.root = root
        self.port = port or free_port()
        self.data_dir = root / "data"
        self.class_dir = root / "class"
        self.class_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = root / f"server-{self.port}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "TEXTUAL"))}
        env["TUTOR_CACHE_DIR"] = os.environ.get("TUTOR_CACHE_DIR", str(root / "cache"))
        self.args = [
            sys.executable,
            "-m",
            "tutor.cli",
            "serve",
            "--ssh",
            "--port",
            str(self.port),
            "--roster",
            str(roster),
            "--data-dir",
            str(self.data_dir),
            "--class-dir",
            str(self.class_dir),
            *extra,
        ]
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            self.args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.log,
            env=env,
            cwd=ROOT,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode()
        if "serving the tutor over SSH" not in line:
            self.stop()
            raise AssertionError(f"the server did not start: {line}{self.log_text()}")

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_log(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log_text():
                return self.log_text()
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared in the server log:\n{self.log_text()}")

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Until every session that logged in has logged out (and its process is gone)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log_text()
            logins = len(re.findall(r"\d\d \blogin ", log))
            if logins == len(re.findall(r"\d\d \blogout ", log)) and not self.session_pids():
                return
            time.sleep(0.05)
        raise AssertionError(f"sessions are still open:\n{self.log_text()}")

    def zygote_pid(self) -> int | None:
        kids = children_of(self.process.pid)
        return kids[0] if kids else None

    def session_pids(self) -> list[int]:
        zygote = self.zygote_pid()
        return children_of(zygote) if zygote else []

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 10.0) -> float:
        """Signal the server and wait for it; returns the seconds it took to exit."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        took = time.monotonic() - started
        if self.process.stdout:
            self.process.stdout.close()
        self.log.close()
        return took


def children_of(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                kids.append(int(entry))
    return sorted(kids)


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


class Terminal:
    """An asyncssh client session: what the server sent, as bytes and as visible text."""

    def __init__(self, conn: Any, process: Any) -> None:
        self.conn = conn
        self.process = process
        self.output = bytearray()
        self.closed = asyncio.Event()
        self._reader = asyncio.ensure_future(self._read())

    @classmethod
    async def open(
        cls,
        port: int,
        user: str,
        *,
        key: Any = None,
        password: str | None = None,
        pty: bool = True,
        size: tuple[int, int] = (80, 24),
        term: str = "xterm-256color",
        env: dict[str, str] | None = None,
    ) -> Terminal:
        conn = await connect(port, user, key=key, password=password)
        process = await conn.create_process(
            term_type=term if pty else None,
            term_size=size if pty else None,
            env=env or {},
            encoding=None,
        )
        return cls(conn, process)

    async def _read(self) -> None:
        try:
            while True:
                data = await self.process.stdout.read(65536)
                if not data:
                    break
                self.output += data
        except Exception:
            pass
        finally:
            self.closed.set()

    @property
    def text(self) -> str:
        return visible_text(bytes(self.output))

    async def wait_for(self, text: str, timeout: float = 20.0, start: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in visible_text(bytes(self.output[start:])):
                return
            if self.closed.is_set():
                break
            await asyncio.sleep(0.02)
        raise AssertionError(f"{text!r} never appeared; the session showed:\n{self.text[-3000:]}")

    def type(self, text: str) -> None:
        self.process.stdin.write(text.encode())

    async def wait_closed(self, timeout: float = 10.0) -> None:
        await asyncio.wait_for(self.closed.wait(), timeout)

    def close(self) -> None:
        self.conn.close()


async def connect(port: int, user: str, *, key: Any = None, password: str | None = None) -> Any:
    return await asyncssh.connect(
        "127.0.0.1",
        port,
        username=user,
        client_keys=[key] if key is not None else None,
        password=password,
        known_hosts=None,
        agent_path=None,
        preferred_auth="publickey" if key is not None else "password",
        config=[],
    )
