"""Helpers for tests: paths, environment and running tutor in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


def tutor_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")}
    env.update({"TUTOR_DATA_DIR": str(data_dir), "TUTOR_LEARNER": "ada", "NO_COLOR": "1"})
    env.update(extra)
    return env


def run_tutor(args: list[str], data_dir: Path, stdin: str = "", **extra: str):
    return subprocess.run(
        [sys.executable, "-m", "tutor.cli", *args],
        input=stdin.encode(),
        capture_output=True,
        env=tutor_env(data_dir, **extra),
        timeout=120,
        cwd=ROOT,
    )


def json_events(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode().splitlines()]
