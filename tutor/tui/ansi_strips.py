"""Text with ANSI colour codes (a plot that plotext built) as Textual strips, one a line.

Rich's ``Text.from_ansi`` and Textual's conversion of that text into strips cost several
milliseconds for one plot, most of it spent on spans and styles that repeat: a plot has a
handful of colours over a few thousand characters. Here each distinct run of codes is read
into a style once (by Rich, so its meaning is the same) and every later run reuses it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

_CODES = re.compile(r"((?:\x1b\[[0-9;]*m)*)([^\x1b]*)")
_RESET = "\x1b[0m"


@lru_cache(maxsize=256)
def _style_of(codes: str) -> Style | None:
    """The style a run of select-graphic-rendition codes sets (read by Rich), or None."""
    if not codes:
        return None
    spans = Text.from_ansi(f"{codes}x").spans
    style = Style.combine(
        span.style if isinstance(span.style, Style) else Style.parse(span.style) for span in spans
    )
    return style or None


def ansi_strips(text: str, width: int, base: Style | None = None) -> list[Strip]:
    """One strip per line of ``text``, each ``width`` cells (cut or padded), over ``base``."""
    strips = []
    for line in text.removesuffix("\n").split("\n"):
        segments: list[Segment] = []
        codes = ""  # the codes in force since the last reset
        for match in _CODES.finditer(line):
            prefix, chunk = match.groups()
            if prefix:
                last_reset = prefix.rfind(_RESET)
                codes = prefix[last_reset + len(_RESET) :] if last_reset >= 0 else codes + prefix
            if chunk:
                style = _style_of(codes)
                if base is not None:
                    style = base + style if style is not None else base
                segments.append(Segment(chunk, style))
        strips.append(Strip(segments).adjust_cell_length(width, base))
    return strips
