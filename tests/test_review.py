"""Spaced review with FSRS, driven headless with a pinned clock (TUTOR_NOW)."""

from __future__ import annotations

from tests.helpers import MINI, json_events, run_tutor


def at(tmp_path, when: str, args: list[str], script: str = ""):
    return run_tutor(["--lessons", str(MINI), *args], tmp_path, script, TUTOR_NOW=when)


def asked(result) -> list[str]:
    return [e["item"] for e in json_events(result.stdout) if e["event"] == "ask"]


def test_missed_items_come_back_and_right_ones_wait(tmp_path) -> None:
    start = "2026-12-01T09:00:00+00:00"
    at(tmp_path, start, ["--headless"], "parameter\nparameter\nhyperparameter\n")
    # an hour later: the missed item (rate) is due; the right ones are not yet
    review = at(tmp_path, "2026-12-01T10:00:00+00:00", ["review", "--headless"], "hyperparameter\n")
    assert asked(review) == ["rate"]
    assert json_events(review.stdout)[0]["title"] == "Review"
    # right after answering it correctly, nothing is due
    nothing = at(tmp_path, "2026-12-01T10:01:00+00:00", ["review", "--headless"])
    events = json_events(nothing.stdout)
    assert events[0]["event"] == "say" and "Nothing is due" in events[0]["text"]
    assert events[-1] == {"event": "end", "reason": "finished"}
    # weeks later, everything has come due again
    later = at(tmp_path, "2027-03-01T09:00:00+00:00", ["review", "--headless"], "skip\n" * 3)
    assert sorted(asked(later)) == ["k", "rate", "slope"]


def test_bad_clock_is_a_one_line_error(tmp_path) -> None:
    result = at(tmp_path, "next tuesday", ["review", "--headless"])
    assert result.returncode == 2 and b"TUTOR_NOW" in result.stderr
    assert len(result.stderr.decode().strip().splitlines()) == 1
