"""The core and headless mode never import a UI library (nor numpy before a demo runs)."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

CHECK = """
import sys
import tutor.core.engine, tutor.core.language, tutor.core.loader, tutor.core.progress
import tutor.core.events, tutor.core.lessons, tutor.headless, tutor.check, tutor.context
import tutor.demos.registry
from tutor.core.loader import load_pack
load_pack()
from tutor.core.language import read
read("it's learned from the data")  # the reader's model loads without numpy
banned = [m for m in ("textual", "prompt_toolkit", "rich", "numpy", "plotext")
          if m in sys.modules]
print(",".join(banned))
"""


def test_core_imports_no_ui_library() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_check_itself_would_notice_an_import() -> None:
    leaky = CHECK.replace("import tutor.demos.registry", "import tutor.demos.registry, rich")
    result = subprocess.run(
        [sys.executable, "-c", leaky], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.stdout.strip() == "rich"
