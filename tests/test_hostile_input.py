"""Line mode and headless mode under hostile input and a hostile environment."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import MINI, ROOT, json_events, tutor_env


def run(args: list[str], data, stdin: bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tutor.cli", *args],
        input=stdin, capture_output=True, env=tutor_env(data, **env), cwd=ROOT, timeout=120,
    )


def test_headless_escapes_c1_control_characters(tmp_path) -> None:
    question = "what is \u009b2J\u0085 a \u009d0;x\u009c learning rate?"
    result = run(["--headless", "--lessons", str(MINI)], tmp_path, question.encode() + b"\n")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert not any(0x7F <= ord(char) <= 0x9F for char in text)
    events = json_events(result.stdout)
    knowledge = [event for event in events if event["event"] == "knowledge"]
    assert knowledge and knowledge[0]["question"] == question  # the same data, escaped
    assert "\\u009b" in text
    json.loads(text.splitlines()[0])
