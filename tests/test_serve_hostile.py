"""``tutor serve`` against hostile web clients: foreign origins, missing tokens, huge
terminals and clients that drop. Driven with aiohttp's websocket client (no browser)."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT
from tests.test_serve import free_port, group_alive

aiohttp = pytest.importorskip("aiohttp", reason="textual-serve (the web extra) is not installed")
pytest.importorskip("textual_serve", reason="textual-serve (the web extra) is not installed")

from tutor import serve as tutor_serve  # noqa: E402


class Server:
    def __init__(self, tmp_path: Path, host: str) -> None:
        self.port = free_port()
        self.log = tmp_path / "serve.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "TEXTUAL"))}
        command = [
            sys.executable, "-m", "tutor.cli", "serve", "--host", host, "--port", str(self.port),
            "--lessons", str(MINI), "--data-dir", str(tmp_path / "data"), "--learner", "ada",
        ]  # fmt: skip
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while "serving the tutor" not in self.output():
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def sessions(self) -> list[int]:
        return [pid for pid in group_alive(self.process.pid) if pid != self.process.pid]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        for pid in group_alive(self.process.pid):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Server]:
    server = Server(tmp_path, "127.0.0.1")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def public(tmp_path: Path) -> Iterator[Server]:
    server = Server(tmp_path, "0.0.0.0")
    try:
        yield server
    finally:
        server.stop()


async def _connect(url: str, origin: str | None, *, linger: float = 0.0) -> tuple[int, bytes]:
    """Open a websocket; (HTTP status, first bytes the session sent). Leaves abruptly."""
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as client:
        try:
            socket = await client.ws_connect(url, headers=headers, heartbeat=None)
        except aiohttp.WSServerHandshakeError as error:
            return error.status, b""
        received = b""
        deadline = time.monotonic() + 30
        while len(received) < 200 and time.monotonic() < deadline:
            message = await socket.receive(timeout=30)
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                break
        await asyncio.sleep(linger)
        connection = socket._response.connection
        if connection is not None and connection.transport is not None:
            connection.transport.abort()  # the client vanishes: no close frame
        return 101, received


def connect(url: str, origin: str | None, **kwargs: float) -> tuple[int, bytes]:
    return asyncio.run(_connect(url, origin, **kwargs))


def test_a_websocket_from_another_origin_is_refused(local: Server) -> None:
    status, _ = connect(f"{local.base}/ws", "http://evil.example")
    assert status == 403
    assert connect(f"{local.base}/ws", None)[0] == 403  # no Origin: not the page either
    assert not local.sessions()
    status, data = connect(f"{local.base}/ws", local.base)
    assert status == 101 and data  # the page's own origin gets a session


def test_a_reachable_server_needs_the_token_it_printed(public: Server) -> None:
    line = public.output().splitlines()[0]
    match = re.search(r"open (http://\S+:\d+)/\?token=([\w-]+) ", line)
    assert match, line
    origin, token = match.groups()
    assert len(token) >= 20
    page = asyncio.run(_get(f"{public.base}/"))
    assert page[0] == 403
    page = asyncio.run(_get(f"{public.base}/?token={token}"))
    assert page[0] == 200 and f"/ws/{token}" in page[1]
    assert connect(f"{public.base}/ws/not-the-token", origin)[0] == 403
    assert connect(f"{public.base}/ws/{token}", "http://evil.example")[0] == 403
    status, data = connect(f"{public.base}/ws/{token}", origin)
    assert status == 101 and data


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        return response.status, await response.text()


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def test_a_huge_terminal_is_capped_and_a_dropped_client_ends_its_session(local: Server) -> None:
    seen: dict[str, str] = {}

    async def huge_then_drop() -> None:
        task = asyncio.create_task(
            _connect(f"{local.base}/ws?width=4000&height=2000", local.base, linger=1.0)
        )
        deadline = time.monotonic() + 30
        while not local.sessions() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        (pid,) = local.sessions()
        seen.update(_environ(pid))
        assert (await task)[0] == 101

    asyncio.run(huge_then_drop())
    assert (seen["COLUMNS"], seen["ROWS"]) == (
        str(tutor_serve.MAX_COLUMNS),
        str(tutor_serve.MAX_ROWS),
    )
    limit = tutor_serve.QUIT_SEND + tutor_serve.QUIT_GRACE + tutor_serve.TERM_GRACE
    assert limit < 5
    dropped = time.monotonic()
    while local.sessions() and time.monotonic() < dropped + limit + 3:  # + slack for load
        time.sleep(0.1)
    assert not local.sessions(), "the session outlived its client"
    assert local.process.poll() is None  # the server goes on


def test_sizes_are_clamped() -> None:
    assert tutor_serve.clamp_size("4000", "2000") == (300, 100)
    assert tutor_serve.clamp_size("-5", None) == (1, 24)
    assert tutor_serve.clamp_size("1e9", "x") == (80, 24)
    assert tutor_serve.clamp_size(120, 40) == (120, 40)
