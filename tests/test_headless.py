"""Headless mode end to end through a subprocess: JSON Lines only, documented fields."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import MINI, ROOT, json_events, run_tutor

SCRIPT = (
    "\n".join(
        [
            "banana",
            "hint",
            "it's learned from the data",
            "why",
            "hyperparameter",
            "skip",
        ]
    )
    + "\n"
)


def test_a_session_in_json_lines(tmp_path) -> None:
    result = run_tutor(["--headless", "--lessons", str(MINI)], tmp_path, SCRIPT)
    assert result.returncode == 0, result.stderr.decode()
    events = json_events(result.stdout)  # every stdout line is one JSON object
    kinds = [e["event"] for e in events]
    assert kinds == [
        "lesson_start",
        "say",
        "ask",  # start
        "clarify",  # banana
        "hint",  # hint
        "feedback",
        "demo",
        "say",
        "ask",  # answer to slope, demo, next question
        "say",  # why
        "feedback",
        "demo",
        "lesson_end",
        "lesson_start",
        "say",
        "ask",
        "reveal",
        "demo",
        "lesson_end",
        "say",
        "end",
    ]
    ask = events[2]
    assert ask["item"] == "slope" and ask["choices"] == ["parameter", "hyperparameter"]
    feedback = events[5]
    assert feedback == {**feedback, "item": "slope", "understood": "parameter", "correct": True}
    assert feedback["reading"] and "parameter" in feedback["reading"]
    demo = events[6]
    assert {"demo", "item", "verdict", "text", "series"} <= demo.keys()
    assert events[12] == {**events[12], "lesson": "first", "correct": 2, "total": 2}
    assert events[-1] == {"event": "end", "reason": "finished"}


def test_eof_ends_with_end_event(tmp_path) -> None:
    result = run_tutor(["--headless", "--lessons", str(MINI)], tmp_path, "")
    events = json_events(result.stdout)
    assert events[-1] == {"event": "end", "reason": "eof"}


def test_quit_ends_the_session(tmp_path) -> None:
    result = run_tutor(["--headless", "--lessons", str(MINI)], tmp_path, "/quit\nparameter\n")
    events = json_events(result.stdout)
    assert events[-1] == {"event": "end", "reason": "quit"}
    assert "feedback" not in [e["event"] for e in events]


def test_drill_and_lesson_options(tmp_path) -> None:
    drill = json_events(
        run_tutor(
            ["--headless", "--lessons", str(MINI), "--items", "k,rate"], tmp_path, "hyper\n"
        ).stdout
    )
    assert [e["item"] for e in drill if e["event"] == "ask"] == ["k", "rate"]
    lesson = json_events(
        run_tutor(["--headless", "--lessons", str(MINI), "--lesson", "second"], tmp_path).stdout
    )
    assert lesson[0]["lesson"] == "second"


def test_hostile_text_is_passed_through_as_data(tmp_path) -> None:
    hostile = "[/] [bold]x \x1b]0;pwned\x07 \x1b[2J a[b[c]] \udcff"
    proc = subprocess.run(
        [sys.executable, "-m", "tutor.cli", "--headless", "--lessons", str(MINI)],
        input=hostile.encode("utf-8", "surrogateescape") + b"\n\xff\xfe\n",
        capture_output=True,
        env={"TUTOR_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.decode().splitlines():
        json.loads(line)
    assert b"\x1b" not in proc.stdout  # control characters are escaped by JSON


def test_bad_options_are_one_line_errors_with_exit_2(tmp_path) -> None:
    for args in (
        ["--lesson", "nope"],
        ["--items", "slope,gravity"],
        ["--seed", "x"],
        ["--lessons", str(tmp_path / "missing")],
        ["--frobnicate"],
    ):
        result = run_tutor(["--headless", "--lessons", str(MINI), *args], tmp_path)
        err = result.stderr.decode().strip()
        assert result.returncode == 2, args
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
        assert result.stdout == b""
