"""The code base stays ruff clean and passes mypy (strict on the core and the demo lab)."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.helpers import ROOT

# mypy --strict, flag by flag: `strict` itself cannot be set per module.
STRICT_FLAGS = {
    "disallow_any_generics",
    "disallow_subclassing_any",
    "disallow_untyped_calls",
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "check_untyped_defs",
    "disallow_untyped_decorators",
    "warn_unused_ignores",
    "warn_return_any",
    "no_implicit_reexport",
    "strict_equality",
    "extra_checks",
}


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "tutor", "tests"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    """The configuration in pyproject.toml: strict on tutor.core and tutor.demos."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_and_the_demo_lab_are_checked_strictly() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["files"] == ["tutor"]
    strict = [
        override
        for override in config["overrides"]
        if set(override["module"]) >= {"tutor.core.*", "tutor.demos.*"}
    ]
    assert len(strict) == 1
    assert {flag for flag, value in strict[0].items() if value is True} >= STRICT_FLAGS
