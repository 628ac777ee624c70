"""Lesson packs from anyone: bounded in size, time and demo cost; only regular files inside."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT, tutor_env
from tutor.core.loader import LessonPackError, load_pack, load_pack_lenient
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


def test_deep_nesting_is_a_file_line_error_with_exit_2(tmp_path) -> None:
    root = pack_with(tmp_path, "03-extra.toml", LESSON + "\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    result = check(root, tmp_path / "data")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{root / '03-extra.toml'}:11: tables or arrays nested more than" in result.stderr


def test_a_huge_dotted_key_is_refused_before_parsing(tmp_path) -> None:
    header = "[" + ".".join(["a"] * 450_000) + "]\n"  # just under 1 MB: minutes for tomllib
    root = pack_with(tmp_path, "03-extra.toml", header + LESSON)
    result = check(root, tmp_path / "data", timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"{root / '03-extra.toml'}:1: a dotted key with more than" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_toml_is_refused_without_hanging(tmp_path) -> None:
    root = pack_with(tmp_path)
    os.mkfifo(root / "03-extra.toml")
    result = check(root, tmp_path / "data", timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"{root / '03-extra.toml'}:1: not a regular file" in result.stderr


def test_symlinks_out_of_the_pack_are_refused(tmp_path) -> None:
    root = pack_with(tmp_path)
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(LESSON)
    (root / "03-extra.toml").symlink_to(outside)
    (root / "04-zero.toml").symlink_to("/dev/zero")
    found = problems(root)
    assert f"{root / '03-extra.toml'}:1: a symbolic link to a file outside the lesson pack; " \
        "not read" in found
    assert any(p.startswith(f"{root / '04-zero.toml'}:1: a symbolic link") for p in found)
    inside = root / "sub"
    inside.mkdir()
    (inside / "extra.toml").write_text(LESSON)
    (root / "03-extra.toml").unlink()
    (root / "04-zero.toml").unlink()
    (root / "03-extra.toml").symlink_to(inside / "extra.toml")
    assert "extra" in [lesson.id for lesson in load_pack(root, use_cache=False).lessons]


def test_the_size_limit_applies_to_what_is_read() -> None:
    from tutor.core.pack_files import PackFileError, read_text

    with pytest.raises(PackFileError, match="not a regular file"):
        read_text(Path("/dev/zero"), Path("/dev"))  # its size says 0; reading never ends


def test_each_pack_has_a_demo_budget_the_loader_checks(tmp_path) -> None:
    heavy = '\n[[steps]]\ndemo = "epochs_sweep"\nargs = { n_epochs = 2000, hidden = 256 }\n'
    root = pack_with(tmp_path, "03-extra.toml", LESSON + heavy * 20)  # each step legal
    found = problems(root)
    assert any(
        p.startswith(f"{root / '03-extra.toml'}:") and "over the budget" in p for p in found
    ), found
    pack, _ = load_pack_lenient(
        root, use_cache=False
    )
    assert [lesson.id for lesson in pack.lessons] == ["first", "second"]  # the rest still loads
    light = pack_with(tmp_path / "light", "03-extra.toml", LESSON + heavy * 2)
    assert "extra" in [lesson.id for lesson in load_pack(light, use_cache=False).lessons]


def test_every_demo_that_computes_declares_its_cost() -> None:
    from tutor.demos.registry import DEMOS

    assert [name for name, spec in DEMOS.items() if spec.cost is None] == ["explain"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_dev_zero_in_a_pack_does_not_hang_a_session(tmp_path) -> None:
    root = pack_with(tmp_path)
    os.mkfifo(root / "03-fifo.toml")
    (root / "04-zero.toml").symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-m", "tutor.cli", "--headless", "--lessons", str(root)],
        input="parameter\n", capture_output=True, text=True, cwd=ROOT, timeout=60,
        env=tutor_env(tmp_path / "data", TUTOR_CACHE_DIR=str(tmp_path / "cache")),
    )  # the pack cache reads the files to key them: it must not block or read forever
    assert result.returncode == 2, result.stderr  # headless is strict about a bad pack
    assert "03-fifo.toml:1: not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
