"""Lesson packs from anyone: bounded in size, time and demo cost; only regular files inside."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT, tutor_env
from tutor.core.loader import LessonPackError, load_pack
from tutor.demos.registry import validate_args

LESSON = """id = "extra"
title = "Extra"
order = 3

[[steps]]
say = "Hello."

[[steps]]
ask = "slope"
"""


def pack_with(tmp_path: Path, name: str | None = None, text: str = "") -> Path:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    if name is not None:
        (root / name).write_text(text)
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(LessonPackError) as caught:
        load_pack(root, use_cache=False)
    return caught.value.problems


def check(root: Path, data: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor.cli", "check", str(root)],
        capture_output=True, text=True, env=tutor_env(data), cwd=ROOT, timeout=timeout,
    )


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "[0.1, nan]"])
def test_non_finite_demo_arguments_are_refused(tmp_path, value) -> None:
    name = "learning_rate_sweep" if value.startswith("[") else "epochs_sweep"
    key = "rates" if value.startswith("[") else "learning_rate"
    text = LESSON + f'\n[[steps]]\ndemo = "{name}"\nargs = {{ {key} = {value} }}\n'
    root = pack_with(tmp_path, "03-extra.toml", text)
    found = problems(root)
    assert any(
        p.startswith(f"{root / '03-extra.toml'}:13: ") and "finite" in p for p in found
    ), found
    assert validate_args("line_fit", {"slope": float("nan")})
