"""Text from journals made safe for a terminal and a spreadsheet."""

from __future__ import annotations

import re

from tutor.plain_text import visible

# Bidirectional overrides and isolates, zero-width marks, line and paragraph separators:
# not control characters, yet they reorder or hide what a terminal shows.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str, limit: int | None = None) -> str:
    """Text shown literally: control and invisible characters replaced, cut to ``limit``."""
    shown = _INVISIBLE.sub("\ufffd", visible(text))
    if limit is not None and len(shown) > limit:
        shown = shown[: max(limit - 1, 0)] + "…"
    return shown


def csv_cell(value: object) -> object:
    """A spreadsheet cell that is never read as a formula (text starting = + - @ gets a ')."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
