"""Text made plain and safe for any terminal, for every front end and the teacher's report.

Control characters (escape sequences included) made visible, Markdown as plain text, ANSI
colour stripped, paragraphs wrapped. No UI library here.
"""

from __future__ import annotations

import re
import textwrap

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.MULTILINE)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def visible(text: str) -> str:
    """Replace control characters (escape sequences included) with a visible symbol."""
    return _CONTROL.sub(
        lambda m: f"^{chr((ord(m.group()) + 64) % 128)}" if ord(m.group()) < 32 else "\ufffd", text
    )


def plain_markdown(text: str) -> str:
    """Markdown as plain text: headings underlined, emphasis and code markers dropped."""
    text = _HEADING.sub(lambda m: f"{m.group(1)}\n{'-' * len(m.group(1))}", text)
    return _CODE.sub(r"\1", _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text)))


def wrap(text: str, width: int, indent: str = "") -> str:
    out: list[str] = []
    in_table = False
    for line in text.splitlines() or [""]:
        in_table = line.lstrip().startswith("|")
        if in_table or line.startswith("    ") or not line.strip():
            out.append(indent + line)
            continue
        bullet = re.match(r"^(\s*(?:[-*]|\d+\.)\s+)", line)
        subsequent = indent + " " * len(bullet.group(1)) if bullet else indent
        out.extend(
            textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=subsequent)
            or [indent]
        )
    return "\n".join(out)
