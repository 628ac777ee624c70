"""Benchmark: memory per session of `tutor serve`, against the server itself, same run.

    .venv/bin/python tests/bench/bench_serve.py [--sessions 3]

Starts `tutor serve` on a free port with the built-in lessons, opens websocket sessions as
a browser tab would (80x24, and one at the 300x100 cap), answers the first question (so the
probe demo has run and numpy is loaded) and prints each session process's resident memory
(VmRSS) once it has settled, with its ratio to the server process measured in the same run.

Not collected by pytest (tests/bench is excluded). Needs textual-serve (the web extra).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] not in {"Z", "X"}:
                found.add(int(entry.name))
    return found


def settled(pid: int, timeout: float = 40) -> float:
    """RSS once it has stopped growing for two seconds."""
    last, since, deadline = rss_mib(pid), time.monotonic(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = rss_mib(pid)
        if now > last + 0.5:
            last, since = now, time.monotonic()
        elif time.monotonic() - since > 2:
            break
    return last


async def session(base: str, width: int, height: int, ready: asyncio.Event) -> None:
    async with aiohttp.ClientSession() as client:
        socket_ = await client.ws_connect(
            f"{base.replace('http', 'ws')}/ws?width={width}&height={height}",
            headers={"Origin": base},
        )
        seen = b""
        while b"Question" not in seen:  # the first question is on screen
            message = await socket_.receive(timeout=60)
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"the session ended: {message}")
        await socket_.send_json(["stdin", "parameter\r"])
        ready.set()
        async for _ in socket_:  # keep the tab open until the benchmark ends
            pass


async def measure(base: str, server_pid: int, sizes: list[tuple[int, int]]) -> None:
    tasks = []
    for width, height in sizes:
        before = children(server_pid)
        ready = asyncio.Event()
        task = asyncio.create_task(session(base, width, height, ready))
        tasks.append(task)
        await asyncio.wait([task, asyncio.create_task(ready.wait())], timeout=90,
                           return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
        if task.done():
            task.result()  # raises what ended the session
        (pid,) = children(server_pid) - before
        rss = await asyncio.to_thread(settled, pid)
        server = rss_mib(server_pid)
        print(
            f"session at {width}x{height}: {rss:6.1f} MiB  "
            f"(server {server:.1f} MiB; session/server {rss / server:.2f}x)"
        )
    for task in tasks:
        task.cancel()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=3, help="sessions at 80x24")
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "TEXTUAL"))}
        server = subprocess.Popen(
            [sys.executable, "-m", "tutor.cli", "serve", "--port", str(port),
             "--data-dir", data, "--learner", "bench"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
        )  # fmt: skip
        try:
            assert server.stdout is not None
            print(server.stdout.readline().decode().strip())
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # it announces itself before it listens
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.05)
            sizes = [(80, 24)] * args.sessions + [(300, 100)]
            asyncio.run(measure(f"http://127.0.0.1:{port}", server.pid, sizes))
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
