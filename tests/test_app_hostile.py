"""The full-screen app in a real terminal (tmux): NO_COLOR in the Linux console, pastes."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.helpers import MINI
from tests.test_hostile_input import Tmux
from tutor.tui.driver import PasteGuard

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


def _paste(term: Tmux, text: str) -> None:
    subprocess.run(["tmux", "set-buffer", "-b", "hostile", text], check=True)
    subprocess.run(["tmux", "paste-buffer", "-p", "-b", "hostile", "-t", term.name], check=True)


def test_a_pasted_newline_and_escape_sequence_stay_in_place(tmp_path) -> None:
    with Tmux(tmp_path, ["--lessons", str(MINI)]) as term:
        term.wait_for("Question 1 of 2")
        term.keys("one ")
        _paste(term, "two\x1b[D\x1b[Dthree\nfour")
        term.keys(" five")
        screen = term.wait_for("five")
    line = next(row for row in screen.splitlines() if "five" in row)
    assert "one two\u241b[D\u241b[Dthree four five" in line, line
    assert "^M" not in screen


def test_the_paste_guard_keeps_keys_outside_pastes_and_handles_split_reads() -> None:
    guard = PasteGuard()
    assert guard.feed("\x1b[A") == "\x1b[A"  # an arrow key, not pasted
    first = guard.feed("\x1b[200~ab\x1b[Dc\x1b[20")
    second = guard.feed("1~\x1b[B")
    assert first + second == "\x1b[200~ab\u241b[Dc\x1b[201~\x1b[B"
