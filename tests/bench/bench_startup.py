"""Start-up benchmarks: run as a script, prints figures and ratios (no pass/fail).

- headless: time from launch to the first JSON event on stdout (target: 150 ms median);
  its baseline is a bare `python -c pass` start measured in the same run.
- line mode: time from launch to the prompt appearing in a pseudo-terminal, as a ratio to a
  bare prompt_toolkit prompt measured in the same run (target: within 1.3x).
"""

from __future__ import annotations

import compileall
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
RUNS = 21
BARE_PROMPT = "from prompt_toolkit import prompt\nprompt('you> ')\n"


def until_stdout_line(args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    process = subprocess.Popen(
        args,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
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


def paired(baseline: list[str], subject: list[str], measure, env) -> tuple[list, list]:
    """Alternate the two launches, so both see the same load on a shared machine."""
    base, other = [], []
    for _ in range(RUNS):
        base.append(measure(baseline, env))
        other.append(measure(subject, env))
    return base, other


def report(name: str, base_name: str, base: list[float], other: list[float]) -> None:
    ratios = [o / b for b, o in zip(base, other, strict=True)]
    print(f"{base_name:34} {median_ms(base):10.1f} {1.0:7.2f}")
    print(
        f"{name:34} {median_ms(other):10.1f} {median_ms(other) / median_ms(base):7.2f}"
        f"   (median of paired ratios {statistics.median(ratios):.2f})"
    )


def main() -> None:
    # with PYTHONDONTWRITEBYTECODE set, every launch would compile tutor's sources again
    compileall.compile_dir(ROOT / "tutor", quiet=1)
    data = tempfile.mkdtemp(prefix="tutor-bench-")
    env = {**os.environ, "TUTOR_DATA_DIR": data, "TERM": "xterm-256color", "NO_COLOR": "1"}
    python = sys.executable
    for _ in range(2):  # warm the file cache
        until_stdout_line([python, "-m", "tutor.cli", "--headless"], env)
    print(f"{'measurement':34} {'median ms':>10} {'ratio':>7}   ({RUNS} runs each, alternated)")
    bare, headless = paired(
        [python, "-c", "print('x', flush=True)"],
        [python, "-m", "tutor.cli", "--headless"],
        until_stdout_line,
        env,
    )
    report("tutor --headless, first event", "python start, first line", bare, headless)

    def prompt(args: list[str], env: dict[str, str]) -> float:
        return until_pty_text(args, env, b"you>")

    bare_prompt, tutor_prompt = paired(
        [python, "-c", BARE_PROMPT], [python, "-m", "tutor.cli", "--plain"], prompt, env
    )
    report("tutor --plain, prompt shown", "bare prompt_toolkit prompt", bare_prompt, tutor_prompt)


if __name__ == "__main__":
    main()
