"""Line numbers for TOML documents, which ``tomllib`` does not report.

The loader reports problems as ``path:line: message``. This finds the line of a top-level
key, of the n-th ``[[table]]`` of an array of tables, and of a key inside that table.
Lines inside multi-line strings are skipped, so Markdown text cannot confuse it.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
_ANY_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def _code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it starts outside a multi-line string."""
    flags: list[bool] = []
    open_quote: str | None = None
    for line in lines:
        flags.append(open_quote is None)
        rest = line
        while True:
            if open_quote is None:
                positions = [(rest.find(q), q) for q in ('"""', "'''") if rest.find(q) >= 0]
                if not positions:
                    break
                position, quote = min(positions)
                open_quote, rest = quote, rest[position + 3 :]
            else:
                position = rest.find(open_quote)
                if position < 0:
                    break
                rest, open_quote = rest[position + 3 :], None
    return flags


class TomlLines:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._code = _code_lines(self.lines)
        self._tables: dict[str, list[int]] = {}
        for number, line in enumerate(self.lines, start=1):
            match = _HEADER.match(line) if self._code[number - 1] else None
            if match:
                self._tables.setdefault(match.group(1), []).append(number)

    def table(self, name: str, index: int) -> int:
        """Line of the index-th ``[[name]]`` header (0-based index), or 1 when not found."""
        headers = self._tables.get(name, [])
        return headers[index] if index < len(headers) else 1

    def key(self, name: str, table: str | None = None, index: int = 0) -> int:
        """Line where ``name = ...`` is set: top-level, or inside the index-th ``[[table]]``."""
        fallback = 1 if table is None else self.table(table, index)
        first = 1 if table is None else fallback + 1
        for number in range(first, len(self.lines) + 1):
            if not self._code[number - 1]:
                continue
            line = self.lines[number - 1]
            if _ANY_HEADER.match(line):
                break
            match = _KEY.match(line)
            if match and match.group(1).strip('"') == name:
                return number
        return fallback
