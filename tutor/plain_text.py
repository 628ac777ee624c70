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


_BULLET = re.compile(r"^(\s*(?:[-*]|\d+\.)\s+)")
_UNDERLINE = re.compile(r"^(-+|=+)$")


def wrap(text: str, width: int, indent: str = "") -> str:
    """Wrap paragraphs to ``width``, reflowing them as Markdown does: a single line break
    inside a paragraph is a space, so a lesson's source line breaks never show as ragged
    lines. Bullets (with their indented continuation lines) wrap on their own; blank lines,
    tables, code (4-space indent) and heading underlines are kept as they are."""
    out: list[str] = []
    paragraph: list[str] = []
    bullet = ""

    def flush() -> None:
        nonlocal bullet
        if paragraph:
            subsequent = indent + " " * len(bullet)
            # the first line keeps its leading indent (a nested bullet's), the rest join it
            joined = " ".join([paragraph[0].rstrip(), *(part.strip() for part in paragraph[1:])])
            out.extend(
                textwrap.wrap(joined, width, initial_indent=indent, subsequent_indent=subsequent)
                or [indent]
            )
        paragraph.clear()
        bullet = ""

    for line in text.splitlines() or [""]:
        marker = _BULLET.match(line)
        if _UNDERLINE.match(line.strip()) and paragraph:
            title = paragraph.pop()
            flush()
            out.extend([indent + title, indent + line])
        elif (
            line.lstrip().startswith("|")
            or not line.strip()
            or (line.startswith("    ") and not bullet)
        ):
            flush()
            out.append(indent + line)
        elif marker:
            flush()
            bullet = marker.group(1)
            paragraph.append(line)
        elif bullet and not line[:1].isspace():
            flush()  # an unindented line after a bullet starts a new paragraph
            paragraph.append(line)
        else:
            paragraph.append(line)
    flush()
    return "\n".join(out)
