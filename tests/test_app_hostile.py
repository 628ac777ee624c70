"""The full-screen app in a real terminal (tmux): NO_COLOR in the Linux console, pastes."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.helpers import MINI
from tests.test_hostile_input import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_no_color_in_the_linux_console_uses_the_terminals_own_colours(tmp_path) -> None:
    with Tmux(tmp_path, ["--lessons", str(MINI)], TERM="linux", NO_COLOR="1") as term:
        term.wait_for("Question 1 of 2")
        styled = subprocess.run(
            ["tmux", "capture-pane", "-e", "-p", "-t", term.name], capture_output=True, text=True
        ).stdout
    colours = re.findall(r"\x1b\[([0-9;]*)m", styled)
    params = {int(p) for group in colours for p in group.split(";") if p}
    assert not params & {*range(30, 38), *range(40, 48), 38, 48}, sorted(params)

