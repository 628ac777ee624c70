"""`tutor serve --ssh` at class scale: run as a script, prints figures and ratios (no pass/fail).

- connect: from starting the OpenSSH client in tmux to the first lesson text on the pane, as a
  ratio to a cold `tutor` started in tmux the same way (alternated runs; target: at most 0.5).
- memory: 100 sessions open at once; proportional set size (PSS, /proc/PID/smaps_rollup) per
  session, against one cold `tutor` process (target: at most 15 MB per session).
- echo: with those 100 open, 10 learners type; the time from a keystroke leaving the client to
  the character drawn back, as p50 and p95 (target: p95 at most 50 ms), against one learner
  typing alone on the same server.

Usage: python tests/bench/bench_ssh.py [--sessions 100] [--typists 10] [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.ssh_helpers import (  # noqa: E402
    PAINTED,
    ServerProcess,
    Terminal,
    asyncssh,
    visible_text,
)


def pss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise ValueError(f"no Pss for {pid}")


def tmux_until(name: str, command: str, marker: str, timeout: float = 60) -> float:
    """Seconds from starting ``command`` in a new 80x24 tmux pane to ``marker`` on it."""
    began = time.perf_counter()
    subprocess.run(["tmux", "new", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True)
    deadline = began + timeout
    while time.perf_counter() < deadline:
        pane = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
        ).stdout
        if marker in pane:
            return time.perf_counter() - began
        time.sleep(0.005)
    raise TimeoutError(f"{marker!r} never appeared for {command}")


def tmux_kill(name: str) -> None:
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def make_roster(root: Path, count: int) -> tuple[Path, dict[str, object]]:
    from tutor.serve_ssh import roster

    keys: dict[str, object] = {}
    lines = [roster.HEADER.rstrip("\n")]
    for number in range(count):
        name = f"learner{number:03d}"
        key = asyncssh.generate_private_key("ssh-ed25519", comment=name)
        keys[name] = key
        lines.append(key.export_public_key().decode().strip())
    path = root / "roster"
    path.write_text("\n".join(lines) + "\n")
    first = next(iter(keys))
    key_file = root / "first_key"
    keys[first].write_private_key(str(key_file))  # type: ignore[attr-defined]
    os.chmod(key_file, 0o600)
    return path, keys


def connect_vs_cold(server: ServerProcess, root: Path, key_file: Path, runs: int) -> None:
    python = sys.executable
    env = f"TUTOR_DATA_DIR={root / 'cold'} TUTOR_CACHE_DIR={root / 'cache'}"
    cold_command = f"cd {ROOT} && env {env} {python} -m tutor.cli"
    ssh_command = (
        f"ssh -i {key_file} -p {server.port} -o StrictHostKeyChecking=no "
        f"-o UserKnownHostsFile={root / 'known_hosts'} -o IdentitiesOnly=yes -o BatchMode=yes "
        "learner000@127.0.0.1"
    )
    cold, ssh = [], []
    for run in range(runs + 1):
        for command, samples in ((cold_command, cold), (ssh_command, ssh)):
            name = f"bench-ssh-{os.getpid()}"
            try:
                took = tmux_until(name, command, PAINTED)
            finally:
                tmux_kill(name)
            if run:  # the first round warms caches
                samples.append(took)
            time.sleep(0.3)
    cold_ms = statistics.median(cold) * 1000
    ssh_ms = statistics.median(ssh) * 1000
    print(f"{'cold `tutor` in tmux, first lesson text':46} {cold_ms:8.0f} ms   1.00")
    print(
        f"{'ssh to the server in tmux, first lesson text':46} {ssh_ms:8.0f} ms   "
        f"{ssh_ms / cold_ms:4.2f}   (target <= 0.50; median of {runs} alternated runs)"
    )


def cold_tutor_pss(root: Path) -> int:
    name = f"bench-cold-{os.getpid()}"
    pid_file = root / "cold.pid"
    env = f"TUTOR_DATA_DIR={root / 'cold-mem'} TUTOR_CACHE_DIR={root / 'cache'}"
    command = f"cd {ROOT} && echo $$ > {pid_file} && exec env {env} {sys.executable} -m tutor.cli"
    try:
        tmux_until(name, command, PAINTED)
        time.sleep(1.0)
        return pss_kb(int(pid_file.read_text()))
    finally:
        tmux_kill(name)


async def echo_latencies(terms: list[Terminal], keys: int, pause: float) -> list[float]:
    """Each terminal types ``keys`` letters; the time until each is drawn back."""

    async def typist(term: Terminal, offset: int) -> list[float]:
        latencies = []
        typed = ""
        await asyncio.sleep(offset * pause / max(len(terms), 1))  # spread the typists out
        for index in range(keys):
            letter = "0123456789"[(index + offset) % 10]  # no command or suggestion starts so
            typed += letter
            mark = len(term.output)
            began = time.perf_counter()
            term.type(letter)
            tail = typed[-3:]
            while tail not in visible_text(bytes(term.output[mark:])):
                await asyncio.sleep(0.001)
                if time.perf_counter() - began > 10:
                    shown = visible_text(bytes(term.output[mark:]))[-300:]
                    raise TimeoutError(f"{typed!r} was never drawn back: {shown!r}")
            latencies.append(time.perf_counter() - began)
            await asyncio.sleep(pause)
        return latencies

    results = await asyncio.gather(*(typist(t, i) for i, t in enumerate(terms)))
    return [latency for result in results for latency in result]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def at_scale(server: ServerProcess, keys: dict[str, object], sessions: int, typists: int):
    names = list(keys)[:sessions]
    began = time.perf_counter()
    terms: list[Terminal] = []
    for batch in range(0, len(names), 10):  # a class arriving: ten at a time
        opened = await asyncio.gather(
            *(Terminal.open(server.port, n, key=keys[n]) for n in names[batch : batch + 10])
        )
        terms += opened
    await asyncio.gather(*(t.wait_for(PAINTED, timeout=300) for t in terms))
    opened_in = time.perf_counter() - began
    await asyncio.sleep(3.0)  # let every session finish its opening
    pids = server.session_pids()
    session_pss = [pss_kb(pid) for pid in pids]
    server_pss = pss_kb(server.process.pid)
    zygote = server.zygote_pid()
    zygote_pss = pss_kb(zygote) if zygote else 0
    alone = await echo_latencies(terms[-1:], 40, 0.12)
    busy = await echo_latencies(terms[:typists], 40, 0.12)
    for term in terms:
        term.close()
    return opened_in, pids, session_pss, server_pss, zygote_pss, alone, busy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--typists", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if asyncssh is None or not shutil.which("tmux") or not shutil.which("ssh"):
        sys.exit("bench_ssh needs asyncssh, tmux and the OpenSSH client")
    root = Path(tempfile.mkdtemp(prefix="tutor-bench-ssh-"))
    os.environ["TUTOR_CACHE_DIR"] = str(root / "cache")
    roster_path, keys = make_roster(root, args.sessions)
    server = ServerProcess(
        root,
        roster_path,
        "--max-sessions",
        str(args.sessions + 10),
        "--idle-timeout",
        "0",
    )
    try:
        print(f"{'measurement':46} {'value':>11}   ratio")
        connect_vs_cold(server, root, root / "first_key", args.runs)
        server.wait_idle(30)
        cold_pss = cold_tutor_pss(root)
        opened_in, pids, session_pss, server_pss, zygote_pss, alone, busy = asyncio.run(
            at_scale(server, keys, args.sessions, args.typists)
        )
    finally:
        server.stop()
    count = len(pids)
    per_session = sum(session_pss) / max(count, 1) / 1024
    with_parents = (sum(session_pss) + server_pss + zygote_pss) / max(count, 1) / 1024
    print(f"{'sessions open at once':46} {count:8d}      (all painted in {opened_in:.1f} s)")
    print(f"{'cold `tutor` process, PSS':46} {cold_pss / 1024:8.1f} MB   1.00")
    print(
        f"{'PSS per session (children)':46} {per_session:8.1f} MB   "
        f"{per_session * 1024 / cold_pss:4.2f}   (target <= 15 MB)"
    )
    print(
        f"{'PSS per session, with server and warm parent':46} {with_parents:8.1f} MB   "
        f"{with_parents * 1024 / cold_pss:4.2f}"
    )
    print(f"{'server / warm parent PSS':46} {server_pss / 1024:5.1f} / {zygote_pss / 1024:.1f} MB")
    for label, samples in (("1 typing", alone), (f"{args.typists} typing", busy)):
        p50 = statistics.median(samples) * 1000
        p95 = percentile(samples, 0.95) * 1000
        print(
            f"{'echo, ' + label + f', {count} open':46} p50 {p50:5.1f} ms  p95 {p95:5.1f} ms"
            f"   ({len(samples)} keystrokes)"
        )
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
