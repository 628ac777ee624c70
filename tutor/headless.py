"""Headless mode: learner lines on stdin, one JSON object per tutor event on stdout.

This is the stable interface for scripts, CI and classroom tooling (see the README).
Nothing but events is written to stdout.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import BinaryIO, TextIO

from tutor.core.engine import Engine
from tutor.core.events import Event

# JSON escapes only C0 controls; DEL, the C1 controls (0x80-0x9f, e.g. CSI) and the line
# separators are escaped too, so no raw control character reaches a terminal showing the output.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def encode(event: Event) -> str:
    text = json.dumps(event.to_dict(), ensure_ascii=False, allow_nan=False)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _emit(events: Iterable[Event], out: TextIO) -> None:
    """Write each event as soon as the engine yields it (a demo may follow a moment later)."""
    for event in events:
        out.write(encode(event) + "\n")
        out.flush()


def _lines(source: BinaryIO) -> Iterable[str]:
    for raw in source:
        yield raw.decode("utf-8", errors="replace").rstrip("\r\n")


def run(engine: Engine, source: BinaryIO | None = None, out: TextIO | None = None) -> int:
    source = source or sys.stdin.buffer
    out = out or sys.stdout
    try:
        _emit(engine.stream_start(), out)
        for line in _lines(source):
            if engine.finished:
                break
            _emit(engine.stream_reply(line), out)
        if not engine.finished:
            _emit(engine.close("eof"), out)
    except BrokenPipeError:
        return 0
    return 0
