"""`tutor lessons`, `items`, `ask` and `check` never print a pack's control characters raw;
`tutor ask` renders its Markdown (plain when piped, styled on a colour terminal)."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import MINI, ROOT, run_tutor, tutor_env

ESC = "\x1b"
CSI = "\x9b"


def hostile_pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    first = (root / "01-first.toml").read_text()
    (root / "01-first.toml").write_text(
        first.replace('title = "First steps"', 'title = "First \\u001b[2J\\u009b31m steps"')
    )
    items = (root / "items.toml").read_text()
    (root / "items.toml").write_text(
        items.replace('term = "the slope m"', 'term = "the \\u001b]0;owned\\u0007 slope"')
    )
    (root / f"03-{ESC}[31mred.toml").write_text('id = "x"\n')  # a bad lesson: its name printed
    return root


def assert_safe(text: str) -> None:
    assert ESC not in text and CSI not in text and "\x07" not in text, repr(text)


def test_listings_and_check_show_control_characters_visibly(tmp_path) -> None:
    root = hostile_pack(tmp_path)
    for args in (["lessons"], ["items"], ["check"]):
        result = run_tutor([*args, "--lessons", str(root)], tmp_path / "data")
        out, err = result.stdout.decode(), result.stderr.decode()
        assert_safe(out)
        assert_safe(err)
        assert "Traceback" not in err
    listing = run_tutor(["lessons", "--lessons", str(root)], tmp_path / "data").stdout.decode()
    assert "First ^[[2J" in listing
    items = run_tutor(["items", "--lessons", str(root)], tmp_path / "data").stdout.decode()
    assert "the ^[]0;owned^G slope" in items
    checked = run_tutor(["check", str(root)], tmp_path / "data").stderr.decode()
    assert "03-^[[31mred.toml" in checked
    as_json = json.loads(run_tutor(["items", "--json", "--lessons", str(root)], tmp_path).stdout)
    assert as_json[0]["term"] == "the \x1b]0;owned\x07 slope"  # --json keeps the data as it is
    raw = run_tutor(["lessons", "--json", "--lessons", str(root)], tmp_path / "data").stdout
    assert_safe(raw.decode())  # C1 escaped as \u009b: the same data, nothing raw on screen
    assert json.loads(raw)[0]["title"] == "First \x1b[2J\x9b31m steps"


def test_ask_prints_the_question_safely_and_markdown_plainly_when_piped(tmp_path) -> None:
    result = run_tutor(["ask", f"is the {ESC}[2J random seed a parameter?"], tmp_path)
    out = result.stdout.decode()
    assert_safe(out)
    assert "random seed" in out and "**" not in out
    asked = run_tutor(["ask", "--json", "is the random seed a parameter?"], tmp_path)
    as_json = json.loads(asked.stdout)
    assert "random seed" in as_json["text"]  # --json: the reply as plain text, as documented
    assert_safe(as_json["text"])


def test_ask_styles_markdown_on_a_colour_terminal(tmp_path) -> None:
    leader, follower = pty.openpty()
    env = tutor_env(tmp_path, TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.pop("NO_COLOR")
    process = subprocess.Popen(
        [sys.executable, "-m", "tutor.cli", "ask", "is the random seed a parameter?"],
        stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env, cwd=ROOT,
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    screen = b"".join(chunks).decode()
    assert "\x1b[1m" in screen  # bold, from **...**
    assert "**" not in screen
