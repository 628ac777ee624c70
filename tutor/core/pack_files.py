"""Reading a lesson pack's files safely: only regular files inside the pack, bounded in size
and in the structure the TOML parser is given.

Python's ``tomllib`` recurses once per level of nesting (a few thousand ``[`` end in a
RecursionError) and takes time quadratic in the number of parts of one dotted key (a 1 MB
``a.a.a...`` header costs minutes). Both are refused here, before parsing, with the line.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_FILE_BYTES = 1_000_000
MAX_NESTING = 32  # tables and arrays inside each other; lessons need three or four
MAX_KEY_PARTS = 32  # a.b.c: parts of one dotted key; lessons need one or two

_STRINGS_AND_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'
)
_FLOAT_DOT = re.compile(r"\d[\d_]*\.\d")
_BRACKETS = re.compile(r"[\[\]{}]")


class PackFileError(Exception):
    """A pack file that is not read; ``line`` is where the problem is (1 when not known)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def read_text(path: Path, root: Path) -> str:
    """The text of ``path``, which must be a regular file inside ``root``, at most 1 MB."""
    data = read_bytes(path, root)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise PackFileError("file is not UTF-8 text") from None


def read_bytes(path: Path, root: Path) -> bytes:
    """The bytes of ``path``, which must be a regular file inside ``root``, at most 1 MB.

    Never blocks (a FIFO is refused, not opened for reading) and never reads more than the
    limit (a link to /dev/zero says it is empty and never ends)."""
    try:
        target = path.resolve(strict=True)
        inside = target.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
        raise PackFileError(
            f"cannot read file: {getattr(error, 'strerror', None) or error}"
        ) from None
    if not inside:
        raise PackFileError("a symbolic link to a file outside the lesson pack; not read")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        if not stat.S_ISREG(os.stat(target).st_mode):
            raise PackFileError("not a regular file (a FIFO, device or directory); not read")
        descriptor = os.open(target, flags)
    except OSError as error:
        raise PackFileError(f"cannot read file: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the check
            raise PackFileError("not a regular file (a FIFO, device or directory); not read")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise PackFileError("file is over 1 MB; lesson files may be at most 1 MB")
    return data


def check_structure(text: str) -> None:
    """Raise PackFileError (with the line) for nesting or dotted keys the parser cannot bound."""
    code = _STRINGS_AND_COMMENTS.sub(lambda m: '""' + "\n" * m.group().count("\n"), text)
    depth = 0
    for match in _BRACKETS.finditer(code):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_NESTING:
            line = code.count("\n", 0, match.start()) + 1
            raise PackFileError(
                f"tables or arrays nested more than {MAX_NESTING} deep; flatten them", line
            )
    for number, line_text in enumerate(code.split("\n"), start=1):
        if line_text.count(".") > MAX_KEY_PARTS and (
            _FLOAT_DOT.sub("0", line_text).count(".") >= MAX_KEY_PARTS
        ):
            raise PackFileError(f"a dotted key with more than {MAX_KEY_PARTS} parts", number)
