"""Printing pack and learner text to a terminal or pipe: never raw control characters.

Lesson packs come from anyone, so their titles, terms, file names and answers may carry
escape sequences; everything the one-shot commands print goes through here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from tutor.plain_text import plain_markdown, visible


def cell(value: object) -> str:
    """One table cell on one line, control characters shown as ``^[`` and the like."""
    return visible(str(value)).replace("\t", " ").replace("\n", " ").replace("\r", " ")


def line(value: object) -> str:
    """Text that may span lines, control characters made visible (newlines kept)."""
    return visible(str(value))


def has_colour(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(
        isatty is not None
        and isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM", "") not in ("", "dumb")
    )


def print_markdown(text: str, stream: TextIO | None = None) -> None:
    """Markdown styled (bold, code, lists) on a colour terminal; plain text otherwise."""
    stream = stream or sys.stdout
    text = visible(text)
    if not has_colour(stream):
        print(plain_markdown(text), file=stream)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console(file=stream, highlight=False, soft_wrap=False).print(Markdown(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Columns padded to their widest cell, with a rule under the headers."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
