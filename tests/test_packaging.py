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
    (wheel,) = wheels.glob("hyperparameter_tutor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tutor/lessons/items.toml" in names
    assert any(name.startswith("tutor/lessons/01-") for name in names)
    for data in ("quantities.toml", "models.toml", "sklearn.json"):
        assert f"tutor/core/knowledge/data/{data}" in names

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
    asked = subprocess.run(
        [sys.executable, "-m", "tutor.cli", "ask", "--json", "is max_depth in xgboost learned?"],
        capture_output=True, text=True, env=env, cwd=elsewhere, timeout=60,
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["answer"] == "hyperparameter"


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_distribution_has_its_own_name_and_the_command_stays_tutor() -> None:
    from tutor.install import DIST_NAME, EXTRA_REQUIREMENTS

    project = _pyproject()["project"]
    assert project["name"] == DIST_NAME != "tutor"
    assert project["scripts"] == {"tutor": "tutor.cli:main"}
    assert project["optional-dependencies"]["web"] == [EXTRA_REQUIREMENTS["web"]]


def test_nothing_advises_installing_tutor_from_the_index() -> None:
    import re

    advice = re.compile(r"pip3? install\s+(?:-U\s+|--upgrade\s+)*['\"]?tutor(?:\[|['\"\s]|$)", re.M)
    files = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "tutor").rglob("*.py")]
    offenders = [str(path) for path in files if advice.search(path.read_text())]
    assert offenders == []


def test_the_missing_extra_command_fits_the_installation(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor import install

    editable = install.extra_command("web", python="py")
    assert editable == f"py -m pip install -e '{ROOT}[web]'"  # this checkout is editable
    monkeypatch.setattr(install, "_direct_url", lambda: None)  # e.g. a copy on PYTHONPATH
    bare = install.extra_command("web", python="py")
    assert bare == "py -m pip install 'textual-serve>=1.1.3,<2'"
    monkeypatch.setattr(
        install, "_direct_url", lambda: {"url": "file:///src/wheels/x.whl", "archive_info": {}}
    )
    assert install.extra_command("web", python="py") == (
        "py -m pip install 'hyperparameter-tutor[web] @ file:///src/wheels/x.whl'"
    )
