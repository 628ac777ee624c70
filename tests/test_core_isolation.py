"""The core never imports a UI library or numpy, the demo lab never a UI library, and the
headless start-up path imports numpy only when a demo runs.

Every module of ``tutor.core`` and ``tutor.demos`` is found by walking the packages, so a new
module is checked the day it is added.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT

UI = ("textual", "prompt_toolkit", "rich", "plotext")

WALK = """
import importlib, pkgutil, sys
package = importlib.import_module({package!r})
names = [package.__name__] + [
    info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
]
for name in names:
    importlib.import_module(name)
{extra}
banned = [m for m in {banned!r} if m in sys.modules]
print(len(names), ",".join(banned), sep="|")
"""

START_UP = """
import sys
import tutor.headless, tutor.pack_check, tutor.settings, tutor.demos.registry
from tutor.core.loader import load_pack
load_pack()
{extra}
print(",".join(m for m in {banned!r} if m in sys.modules))
"""


def _run(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("package", "banned"),
    [("tutor.core", (*UI, "numpy")), ("tutor.demos", UI)],
)
def test_every_module_of_the_package_keeps_its_imports(package: str, banned: tuple) -> None:
    count, found = _run(WALK.format(package=package, banned=banned, extra="")).split("|")
    assert int(count) >= 5  # the walk found the package's modules
    assert found == ""


def test_the_headless_start_up_imports_neither_numpy_nor_a_ui_library() -> None:
    assert _run(START_UP.format(banned=(*UI, "numpy"), extra="")) == ""


def test_the_checks_themselves_would_notice_an_import() -> None:
    walked = WALK.format(package="tutor.core", banned=(*UI, "numpy"), extra="import rich")
    assert _run(walked).split("|")[1] == "rich"
    started = START_UP.format(banned=(*UI, "numpy"), extra="import tutor.demos.estimators.tree")
    assert _run(started) == "numpy"


def test_reading_an_answer_loads_the_reader_without_numpy() -> None:
    extra = "from tutor.core.language import read\nread(\"it's learned from the data\")"
    assert _run(START_UP.format(banned=(*UI, "numpy"), extra=extra)) == ""
