"""A non-editable install, used from another directory, finds the lessons in the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
def test_wheel_ships_lessons_and_runs_elsewhere(tmp_path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("tutor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tutor/lessons/items.toml" in names
    assert any(name.startswith("tutor/lessons/01-") for name in names)

    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)  # what a non-editable install puts in site-packages
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "TUTOR_DATA_DIR": str(tmp_path / "data")}
    code = "import tutor, sys; print(tutor.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=60,
    )
    assert where.stdout.strip().startswith(str(target))
    lessons = subprocess.run(
        [sys.executable, "-m", "tutor.cli", "lessons", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=60,
    )
    assert lessons.returncode == 0, lessons.stderr
    assert len(json.loads(lessons.stdout)) >= 1
