"""Benchmark: the tutor app against a bare Textual chat app, in tmux at 80x24, same run.

    .venv/bin/python tests/bench/bench_tui.py [--runs 7] [--lessons DIR]

Figures (medians over the runs, launches interleaved; for the start, also the median of
each run's tutor/bare ratio):
- start ratio: time from launch until the first lesson text is written to the terminal
  (the pane's output is streamed to a file, so measuring costs the program nothing);
  target <= 1.3x the bare app (transcript VerticalScroll + Input + Footer, below).
- memory ratio: resident memory after the first demo (the tutor) and after the first
  reply (the bare app); target <= 1.4x. numpy and plotext load only when a demo needs them.

Both programs run from byte-compiled modules, as an installed package does: the tutor
package is compiled first (a development shell may set PYTHONDONTWRITEBYTECODE, which would
make every launch compile tutor's sources while textual's come compiled from pip).

Not collected by pytest (tests/bench is excluded). Needs tmux.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLL = 0.002
MARKER = "Lesson 1/"
SESSION = ["-s", "b", "-x", "80", "-y", "24"]


# -- the bare app ------------------------------------------------------------------------------


def run_bare_app(first_text: str) -> None:
    """A minimal chat: what any Textual chat app costs, for comparison."""
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Footer, Input, Static

    class BareChat(App[None]):
        BINDINGS = [("ctrl+q", "quit", "Quit")]  # noqa: RUF012

        def compose(self) -> ComposeResult:
            yield VerticalScroll(id="transcript")
            yield Input(placeholder="Type here")
            yield Footer()

        def on_mount(self) -> None:
            transcript = self.query_one(VerticalScroll)
            transcript.anchor()
            transcript.mount(Static(first_text, markup=False))
            self.query_one(Input).cursor_blink = False
            self.query_one(Input).focus()

        def on_input_submitted(self, event: Input.Submitted) -> None:
            transcript = self.query_one(VerticalScroll)
            transcript.mount(Static(f"You: {event.value}", markup=False))
            transcript.mount(Static(f"Reply to {event.value}", markup=False))
            event.input.clear()

    BareChat().run()


# -- measuring in tmux -------------------------------------------------------------------------


class Pane:
    """A tmux pane running one command; its output is streamed to a file as it is written.

    The command starts after a short pause (so the stream is attached before its first byte)
    and records its own start time, so polling costs nothing to the program measured.
    """

    def __init__(self, command: list[str], env: dict[str, str], workdir: Path) -> None:
        self.server = f"tutor-bench-{uuid.uuid4().hex[:8]}"
        self.tmux = shutil.which("tmux") or "tmux"
        self.output = workdir / "output"
        self.output.touch()
        started = workdir / "started"
        line = f"sleep 0.3; date +%s%N > {started}; exec {shlex.join(command)}"
        subprocess.run(
            [self.tmux, "-L", self.server, "-f", "/dev/null", "new-session", "-d", *SESSION, line],
            env=env,
            check=True,
        )
        self._tmux("pipe-pane", "-t", "b", "-o", f"cat >> {shlex.quote(str(self.output))}")
        self.pid = int(self._tmux("list-panes", "-t", "b", "-F", "#{pane_pid}").split()[0])
        self._started_file = started

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            [self.tmux, "-L", self.server, *args], capture_output=True, text=True, check=False
        )
        return result.stdout

    def first_output(self, text: str, timeout: float = 30) -> float:
        """Seconds from the program's start until ``text`` was written to the terminal."""
        needle = text.encode()
        deadline = time.monotonic() + timeout
        seen = 0
        with self.output.open("rb") as stream:
            data = b""
            while time.monotonic() < deadline:
                chunk = stream.read()
                if chunk:
                    data += chunk
                    if needle in data[max(0, seen - len(needle)) :]:
                        now = time.time_ns()
                        begun = int(self._started_file.read_text())
                        return (now - begun) / 1e9
                    seen = len(data)
                else:
                    time.sleep(POLL)
        raise RuntimeError(f"{text!r} never appeared")

    def wait_for_any(self, *texts: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self._tmux("capture-pane", "-p", "-t", "b")
            if any(text in screen for text in texts):
                return
            time.sleep(0.05)
        screen = self._tmux("capture-pane", "-p", "-t", "b")
        raise RuntimeError(f"none of {texts!r} appeared:\n{screen}")

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "b", *keys)

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def close(self) -> None:
        socket = self._tmux("display-message", "-p", "#{socket_path}").strip()
        subprocess.run([self.tmux, "-L", self.server, "kill-server"], capture_output=True)
        if socket:
            Path(socket).unlink(missing_ok=True)


def base_env(data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", TUTOR_DATA_DIR=data_dir, TUTOR_LEARNER="bench")
    env.pop("NO_COLOR", None)
    return env


def measure_tutor(lessons: Path | None) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as work:
        command = [sys.executable, "-m", "tutor.cli"]
        if lessons is not None:
            command += ["--lessons", str(lessons)]
        pane = Pane(command, base_env(work), Path(work))
        try:
            start = pane.first_output(MARKER)
            time.sleep(0.5)
            pane.send("parameter", "Enter")
            pane.wait_for_any("✓", "✗")  # the feedback: its demo follows
            time.sleep(1.0)  # the demo runs and draws its plot
            return start, pane.rss_kib()
        finally:
            pane.close()


def measure_bare(first_text: str) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as work:
        command = [sys.executable, str(Path(__file__).resolve()), "--bare", first_text]
        pane = Pane(command, base_env(work), Path(work))
        try:
            start = pane.first_output(MARKER)
            time.sleep(0.5)
            pane.send("parameter", "Enter")
            pane.wait_for_any("Reply to parameter")
            time.sleep(1.0)
            return start, pane.rss_kib()
        finally:
            pane.close()


def first_banner(lessons: Path | None) -> str:
    sys.path.insert(0, str(ROOT))
    from tutor.core.loader import load_pack, load_pack_lenient

    pack = load_pack(lessons) if lessons is not None else load_pack_lenient(None)[0]
    lesson = pack.lessons[0]
    return f"Lesson 1/{len(pack.lessons)}: {lesson.title}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lessons", type=Path, default=None, help="default: built-in lessons")
    parser.add_argument("--bare", metavar="TEXT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare is not None:
        run_bare_app(args.bare)
        return 0
    if shutil.which("tmux") is None:
        print("bench_tui: tmux is not installed", file=sys.stderr)
        return 2
    os.chdir(ROOT)
    compileall.compile_dir(ROOT / "tutor", quiet=1)
    banner = first_banner(args.lessons)
    tutor_runs: list[tuple[float, int]] = []
    bare_runs: list[tuple[float, int]] = []
    measure_bare(banner)  # warm the file cache for both
    measure_tutor(args.lessons)
    for run in range(args.runs):
        tutor_runs.append(measure_tutor(args.lessons))
        bare_runs.append(measure_bare(banner))
        print(
            f"run {run + 1}: start tutor {tutor_runs[-1][0] * 1000:.0f} ms, "
            f"bare {bare_runs[-1][0] * 1000:.0f} ms; RSS tutor {tutor_runs[-1][1] / 1024:.1f} MiB, "
            f"bare {bare_runs[-1][1] / 1024:.1f} MiB"
        )
    start_tutor = statistics.median(t for t, _ in tutor_runs)
    start_bare = statistics.median(t for t, _ in bare_runs)
    rss_tutor = statistics.median(r for _, r in tutor_runs)
    rss_bare = statistics.median(r for _, r in bare_runs)
    # Each run measures the two back to back: the median of those paired ratios is steadier
    # than the ratio of medians when the machine's speed drifts between runs.
    paired = statistics.median(t / b for (t, _), (b, _) in zip(tutor_runs, bare_runs, strict=True))
    print(
        f"first lesson text painted: tutor {start_tutor * 1000:.0f} ms, "
        f"bare {start_bare * 1000:.0f} ms, ratio {start_tutor / start_bare:.2f}x "
        f"(median of paired ratios {paired:.2f}x; target <= 1.3x)"
    )
    print(
        f"RSS after the first demo: tutor {rss_tutor / 1024:.1f} MiB, "
        f"bare {rss_bare / 1024:.1f} MiB, ratio {rss_tutor / rss_bare:.2f}x (target <= 1.4x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
