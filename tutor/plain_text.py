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


# JSON escapes only the C0 controls; DEL, the C1 controls (0x80-0x9f, e.g. CSI) and the line
# separators are escaped too, so JSON output shows no raw control character in a terminal.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def json_safe(text: str) -> str:
    """JSON text with every control character escaped; it parses to the same data."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


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


_KEEP_SHAPE = re.compile(r"^(\s*[|#>]|\s*```|    |\s*(?:[-*+]|\d+\.)\s)")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")


def reflow(text: str) -> str:
    """Join the hard line breaks inside Markdown paragraphs (and list items), so the text
    can be wrapped to the terminal's width; headings, tables, code and blank lines stay."""
    out: list[str] = []
    joinable = False  # whether the previous line is paragraph or list-item text
    for line in text.splitlines():
        if not line.strip():
            out.append("")
            joinable = False
        elif _BULLET.match(line):
            out.append(line.rstrip())
            joinable = True
        elif _KEEP_SHAPE.match(line):
            out.append(line.rstrip())
            joinable = False
        elif joinable:
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line.rstrip())
            joinable = True
    return "\n".join(out)


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
