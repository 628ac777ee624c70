"""Start-up benchmarks: run as a script, prints figures and ratios (no pass/fail).

- headless: time from launch to the first JSON event on stdout (target: 150 ms median);
  its baseline is a bare `python -c pass` start measured in the same run.
- line mode: time from launch to the prompt appearing in a pseudo-terminal, as a ratio to a
  bare prompt_toolkit prompt measured in the same run (target: within 1.3x).
"""

from __future__ import annotations

import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 15
BARE_PROMPT = "from prompt_toolkit import prompt\nprompt('you> ')\n"


def until_stdout_line(args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    process.stdout.readline()
    elapsed = time.perf_counter() - began
    process.kill()
    process.wait()
    return elapsed


def until_pty_text(args: list[str], env: dict[str, str], marker: bytes) -> float:
    began = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execve(args[0], args, env)
    seen = b""
    try:
        while marker not in seen:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                raise TimeoutError(f"{marker!r} never appeared")
            chunk = os.read(fd, 65536)
            if chunk.startswith(b"\x1b[6n") or b"\x1b[6n" in chunk:
                os.write(fd, b"\x1b[1;1R")  # answer the cursor-position query
            seen += chunk
        return time.perf_counter() - began
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    data = tempfile.mkdtemp(prefix="tutor-bench-")
    env = {**os.environ, "TUTOR_DATA_DIR": data, "TERM": "xterm-256color", "NO_COLOR": "1"}
    python = sys.executable
    rows = []
    for _ in range(2):  # warm the file cache
        until_stdout_line([python, "-m", "tutor.cli", "--headless"], env)
    bare = [until_stdout_line([python, "-c", "print('x', flush=True)"], env)
            for _ in range(RUNS)]
    headless = [until_stdout_line([python, "-m", "tutor.cli", "--headless"], env)
                for _ in range(RUNS)]
    rows.append(("python start, first line", median_ms(bare), 1.0))
    rows.append(("tutor --headless, first event", median_ms(headless),
                 median_ms(headless) / median_ms(bare)))
    prompt_bare = [until_pty_text([python, "-c", BARE_PROMPT], env, b"you>") for _ in range(RUNS)]
    prompt_tutor = [until_pty_text([python, "-m", "tutor.cli", "--plain"], env, b"you>")
                    for _ in range(RUNS)]
    rows.append(("bare prompt_toolkit prompt", median_ms(prompt_bare), 1.0))
    rows.append(("tutor --plain, prompt shown", median_ms(prompt_tutor),
                 median_ms(prompt_tutor) / median_ms(prompt_bare)))
    print(f"{'measurement':34} {'median ms':>10} {'ratio':>7}   ({RUNS} runs each)")
    for name, ms, ratio in rows:
        print(f"{name:34} {ms:10.1f} {ratio:7.2f}")


if __name__ == "__main__":
    main()
