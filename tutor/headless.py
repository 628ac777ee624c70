"""Headless mode: learner lines on stdin, one JSON object per tutor event on stdout.

This is the stable interface for scripts, CI and classroom tooling (see the README, and the
JSON Schema in tutor/core/events.schema.json). Nothing but events is written to stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO, assert_never

from tutor.core import events as ev
from tutor.core.session import Session, drive
from tutor.plain_text import json_safe


def encode(event: ev.Event) -> str:
    """One line of headless output. Every kind is printed as it is: the match is the proof."""
    match event:
        case (
            ev.LessonStart()
            | ev.Say()
            | ev.Ask()
            | ev.Feedback()
            | ev.Clarify()
            | ev.Hint()
            | ev.Reveal()
            | ev.Demo()
            | ev.Knowledge()
            | ev.ProgressReport()
            | ev.LessonEnd()
            | ev.Error()
            | ev.End()
        ):
            return json_safe(json.dumps(event.to_dict(), ensure_ascii=False, allow_nan=False))
        case _:
            assert_never(event)


def _lines(source: BinaryIO) -> Iterator[str]:
    for raw in source:
        yield raw.decode("utf-8", errors="replace").rstrip("\r\n")


def run(session: Session, source: BinaryIO | None = None, out: TextIO | None = None) -> int:
    source = source or sys.stdin.buffer
    output = out or sys.stdout

    def show(event: ev.Event) -> None:  # each event as soon as it is ready
        output.write(encode(event) + "\n")
        output.flush()

    try:
        return drive(session, _lines(source), show)
    except BrokenPipeError:
        return 0
