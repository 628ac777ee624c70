"""Benchmark: the lab (``tutor lab``), same run, against baselines measured alongside.

    .venv/bin/python tests/bench/bench_lab.py [--runs 21] [--seconds 4]

Figures:
- key to frame: a key press that changes a hyperparameter, until the screen is redrawn with
  the new run's first frame, in Pilot at 80x24 (median of ``--runs``); target <= 50 ms.
  Baseline: a key that only moves the highlight (no new run), in the same app. Pilot's
  ``press`` waits for the process to be idle for 20 ms twice, so any key that repaints
  something measures about 62 ms here, whatever the app does; hence also:
- key to rendered frame in-process: the key event into the app until the screen has rendered
  the frame showing it, without Pilot's waits, for the line fit and for k-means (both plots
  redrawn). Baseline: moving the highlight, in the same app.
- bytes per second written to the terminal in tmux at 80x24 (the pane's output streamed to a
  file), while animating each model and when idle; target <= 20 KB/s animating, 0 idle.
  Baseline: the idle chat app (``tutor --lesson parameters``) in the same run.
- compute per experiment: the whole run at the default and the largest settings, and its
  longest frame; target <= 100 ms a run, or streamed with each frame small.

Not collected by pytest (tests/bench is excluded). Needs tmux for the byte figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def compute_figures() -> None:
    from tutor.demos import lab
    from tutor.demos.lab_spec import EXPERIMENTS

    print("compute per experiment (whole run; longest single frame)")
    for name, spec in EXPERIMENTS.items():
        for label, values in (
            ("defaults", {}),
            # the largest sizes and counts; rates stay at their default (a large one diverges
            # within a few steps, which is quick)
            ("largest", {h.name: h.high for h in spec.hyperparams if h.kind is int}),
        ):
            began = last = time.perf_counter()
            longest, count = 0.0, 0
            for _ in lab.frames(name, values):
                now = time.perf_counter()
                longest, last, count = max(longest, now - last), now, count + 1
            total = (time.perf_counter() - began) * 1000
            print(
                f"  {name:<11} {label:<9} {total:8.1f} ms in {count:3d} frames, "
                f"longest frame {longest * 1000:6.1f} ms"
            )


async def _key_latency(runs: int) -> tuple[list[float], list[float]]:
    from tutor.tui.screens.lab import LabApp

    change, move = [], []
    app = LabApp("line_fit")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for index in range(runs):
            for key, bucket in (("right" if index % 2 == 0 else "left", change), ("down", move)):
                painted = asyncio.Event()
                began = time.perf_counter()
                await pilot.press(key)
                app.call_after_refresh(painted.set)
                await painted.wait()
                bucket.append((time.perf_counter() - began) * 1000)
    return change, move


async def _paint_latency(model: str, runs: int) -> tuple[list[float], list[float]]:
    """In-process, without Pilot's waits: a key event goes into the app (as Pilot sends it)
    until the screen has rendered the frame that shows its effect; changing a hyperparameter,
    then (baseline) moving the highlight."""
    from textual import events

    from tutor.tui.screens.lab import LabApp, LabScreen

    change, move = [], []
    app = LabApp(model)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LabScreen)
        render = screen._compositor_refresh

        async def timed(key: str, shown: Callable[[], bool]) -> float:
            painted = asyncio.Event()

            def rendered() -> None:
                render()
                if shown():
                    painted.set()

            screen._compositor_refresh = rendered  # type: ignore[method-assign]
            began = time.perf_counter()
            app._driver.send_message(events.Key(key, None))  # type: ignore[union-attr]
            await painted.wait()
            took = (time.perf_counter() - began) * 1000
            del screen._compositor_refresh
            await pilot.pause()
            return took

        for index in range(runs):
            values, selected = dict(screen.lab.values), screen.lab.selected
            key = "right" if index % 2 == 0 else "left"
            change.append(await timed(key, lambda was=values: screen.lab.values != was))
            move.append(await timed("down", lambda was=selected: screen.lab.selected != was))
            await timed("up", lambda was=selected: screen.lab.selected == was)
    return change, move


class Pane:
    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.server = f"bench-lab-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "-L", self.server, "-f", "/dev/null", "new-session", "-d", "-s", "b",
             "-x", "80", "-y", "24", shlex.join(command) + "; sleep 60"],
            env=env, check=True, cwd=ROOT,
        )  # fmt: skip

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.server, *args], capture_output=True, text=True, timeout=10
        ).stdout

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.tmux("capture-pane", "-p", "-t", "b"):
            if time.monotonic() > deadline:
                raise SystemExit(f"{text!r} never appeared")
            time.sleep(0.05)

    def bytes_per_second(self, seconds: float) -> float:
        with tempfile.NamedTemporaryFile(delete=False) as handle:
            out = handle.name
        self.tmux("pipe-pane", "-t", "b", "-o", f"cat > {shlex.quote(out)}")
        time.sleep(seconds)
        self.tmux("pipe-pane", "-t", "b")
        time.sleep(0.1)
        size = os.path.getsize(out)
        os.unlink(out)
        return size / seconds

    def key_to_screen(self, key: str, text: str, timeout: float = 5) -> float:
        """Milliseconds from sending ``key`` until the pane shows ``text``."""
        began = time.perf_counter()
        self.tmux("send-keys", "-t", "b", key)
        deadline = time.monotonic() + timeout
        while text not in self.tmux("capture-pane", "-p", "-t", "b"):
            if time.monotonic() > deadline:
                raise SystemExit(f"{text!r} never appeared after {key}")
        return (time.perf_counter() - began) * 1000

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.server, "kill-server"], capture_output=True)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "TUTOR_"))}
    env.update(TERM="xterm-256color", TUTOR_DATA_DIR=tempfile.mkdtemp())
    env.pop("NO_COLOR", None)
    return env


def _key_medians(model: str, name: str, values: tuple[str, str], runs: int) -> float:
    """Median ms from a Right/Left key to the pane showing the hyperparameter's new value."""
    pane = Pane([sys.executable, "-m", "tutor.cli", "lab", model], _env())
    try:
        pane.wait_for("[paused]")
        time.sleep(0.5)
        took = []
        for index in range(runs):
            key, value = ("Right", values[1]) if index % 2 == 0 else ("Left", values[0])
            took.append(pane.key_to_screen(key, f"{name:<13} {value}"))
            time.sleep(0.1)
        return statistics.median(took)
    finally:
        pane.close()


def tmux_key_figures(runs: int) -> None:
    """In tmux: a key that changes a hyperparameter, until the pane shows the new value with
    the new run's first frame. Baseline: tmux's own round trip (send-keys + capture-pane)."""
    line = _key_medians("line", "learning_rate", ("0.05", "0.1"), runs)
    kmeans = _key_medians("kmeans", "k", ("3", "4"), runs)
    pane = Pane([sys.executable, "-m", "tutor.cli", "lab"], _env())
    try:
        pane.wait_for("[paused]")
        round_trip = []
        for _ in range(runs):
            began = time.perf_counter()
            pane.tmux("send-keys", "-t", "b", "x")
            pane.tmux("capture-pane", "-p", "-t", "b")
            round_trip.append((time.perf_counter() - began) * 1000)
    finally:
        pane.close()
    print(f"key press to redrawn frame, tmux at 80x24, median of {runs}")
    print(f"  line fit, learning rate (same first picture):  {line:6.1f} ms")
    print(f"  k-means, k (both plots redrawn):               {kmeans:6.1f} ms")
    print(
        f"  baseline: tmux round trip (send + capture):    {statistics.median(round_trip):6.1f} ms"
    )


def byte_figures(seconds: float) -> None:
    if shutil.which("tmux") is None:
        print("bytes per second: skipped (no tmux)")
        return
    env = _env()
    tutor = [sys.executable, "-m", "tutor.cli"]
    chat = Pane([*tutor, "--lesson", "parameters"], env)
    try:
        chat.wait_for("Lesson 1/")
        time.sleep(2.0)
        baseline = chat.bytes_per_second(seconds)
    finally:
        chat.close()
    print(f"bytes per second at 80x24 (tmux), {seconds:g} s windows")
    print(f"  baseline: idle chat app            {baseline:9.0f} B/s")
    for model in ("line", "kmeans", "mlp", "polynomial"):
        for colour in ("colour", "NO_COLOR"):
            pane_env = dict(env, NO_COLOR="1") if colour == "NO_COLOR" else env
            pane = Pane([*tutor, "lab", model], pane_env)
            try:
                pane.wait_for("[paused]")
                time.sleep(0.5)
                idle = pane.bytes_per_second(seconds / 2)
                pane.tmux("send-keys", "-t", "b", "Space")
                pane.wait_for("[running]")
                animating = pane.bytes_per_second(seconds)
            finally:
                pane.close()
            print(
                f"  lab {model:<10} {colour:<8}  idle {idle:7.0f} B/s, animating "
                f"{animating:7.0f} B/s ({animating / 20_000:.2f} of the 20 KB/s budget)"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--seconds", type=float, default=4.0)
    options = parser.parse_args()
    compute_figures()
    change, move = asyncio.run(_key_latency(options.runs))
    print(f"key press to redrawn frame, Pilot at 80x24, median of {options.runs}")
    print(f"  change a hyperparameter (new run, first frame): {statistics.median(change):6.1f} ms")
    print(f"  baseline: move the highlight (no new run):      {statistics.median(move):6.1f} ms")
    print(f"  ratio: {statistics.median(change) / statistics.median(move):.2f}x")
    print(
        "  (Pilot's press waits for two idle 20 ms slices, and one more when the key's work "
        "takes a millisecond: ~62 ms for any key that repaints anything)"
    )
    print(
        "key press to rendered frame, in-process at 80x24 (no Pilot waits), "
        f"median of {options.runs}"
    )
    for model, label in (("line_fit", "line fit, learning rate"), ("kmeans", "k-means, k")):
        change, move = asyncio.run(_paint_latency(model, options.runs))
        print(
            f"  {label + ':':<24} change {statistics.median(change):5.1f} ms, "
            f"baseline: move the highlight {statistics.median(move):5.1f} ms, "
            f"ratio {statistics.median(change) / statistics.median(move):.2f}x"
        )
    if shutil.which("tmux") is not None:
        tmux_key_figures(options.runs)
    byte_figures(options.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
