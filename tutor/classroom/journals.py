"""Reading a class directory's journals: bounded, strict, and never trusting a student.

Every journal is opened without following links and without blocking, checked to be a
regular file of bounded size, and read in bounded time. Each line must be one complete
record of a known kind with fields of the right types and ranges; anything else is skipped
with a ``file:line`` warning. A record is trusted only in the journal its writer owns: the
file ``<login>.jsonl`` owned by that login (the student's own account), or by the account that
runs the report or owns the class directory (a lab server writing for its learners).

``ClassReader.poll()`` reads only what was appended since the last poll, for the live view.
"""

from __future__ import annotations

import json
import math
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.classroom import (
    MAX_JOURNAL_BYTES,
    MAX_TEXT_CHARS,
    RECORD_VERSION,
    journal_stem,
    owner_name,
)

MAX_JOURNALS = 1000
MAX_ENTRIES = 100_000  # directory entries looked at, journals or not
MAX_WARNINGS = 20  # per journal; the rest are counted
MAX_RECORDS = 10_000  # per journal; the whole course is a few hundred
MAX_LINE_BYTES = 16 * 1024
MAX_ID_CHARS = 200
EARLIEST = 1_577_836_800.0  # 2020-01-01: no tutor record is older
FUTURE_SLACK = 24 * 3600.0  # clocks disagree; a day ahead is still believable
KINDS = {"attempt", "lesson_end", "ask", "hint", "unclear", "question"}


class ClassReadError(Exception):
    """The class directory itself cannot be read; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Record:
    """One checked journal line."""

    kind: str
    learner: str
    login: str
    at: float
    line: int
    lesson: str | None = None
    item: str | None = None
    text: str = ""  # what the learner typed (answer, unclear line, question)
    understood: str | None = None
    correct: bool = False
    skipped: bool = False
    number: int = 0
    of: int = 0
    drill: bool = False
    detail: str | None = None  # the unclear reason, the question's term


@dataclass
class Journal:
    path: Path
    owner: str
    written_by: str  # "student" (their own account) or "server" (a trusted writer)
    records: list[Record] = field(default_factory=list)


class _BadRecord(ValueError):
    pass


def _text(record: dict[str, Any], name: str, *, limit: int, optional: bool = False) -> Any:
    value = record.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _BadRecord(f"field {name!r} is not text")
    if len(value) > limit:
        raise _BadRecord(f"field {name!r} is longer than {limit} characters")
    return value


def _flag(record: dict[str, Any], name: str) -> bool:
    value = record.get(name, False)
    if not isinstance(value, bool):
        raise _BadRecord(f"field {name!r} is not true or false")
    return value


def _count(record: dict[str, Any], name: str) -> int:
    value = record.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
        raise _BadRecord(f"field {name!r} is not a count")
    return value


def parse_record(raw: bytes, line: int, now: float) -> Record:
    """One journal line as a Record, or _BadRecord saying what is wrong with it."""
    if len(raw) > MAX_LINE_BYTES:
        raise _BadRecord(f"line longer than {MAX_LINE_BYTES} bytes")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # bad JSON or UTF-8, huge numbers, deep nesting
        raise _BadRecord("not a complete tutor record") from None
    if not isinstance(data, dict) or data.get("v") != RECORD_VERSION:
        raise _BadRecord("not a complete tutor record")
    kind = data.get("kind")
    if kind not in KINDS:
        raise _BadRecord(f"unknown record kind {str(kind)[:40]!r}")
    at = data.get("at")
    if isinstance(at, bool) or not isinstance(at, int | float):
        raise _BadRecord("field 'at' is not a time")
    at = float(at)
    if not math.isfinite(at) or not EARLIEST <= at <= now + FUTURE_SLACK:
        raise _BadRecord("time out of range")
    common = {
        "kind": kind,
        "learner": _text(data, "learner", limit=MAX_TEXT_CHARS),
        "login": _text(data, "login", limit=MAX_ID_CHARS),
        "at": at,
        "line": line,
        "lesson": _text(data, "lesson", limit=MAX_ID_CHARS),
    }
    if kind == "attempt":
        return Record(
            **common,
            item=_text(data, "item", limit=MAX_ID_CHARS),
            text=_text(data, "answer_text", limit=MAX_TEXT_CHARS, optional=True) or "",
            understood=_text(data, "understood", limit=MAX_ID_CHARS, optional=True),
            correct=_flag(data, "correct"),
            skipped=_flag(data, "skipped"),
        )
    if kind == "lesson_end":
        return Record(**common, drill=_flag(data, "drill"), number=_count(data, "correct"))
    item = _text(data, "item", limit=MAX_ID_CHARS, optional=True)
    if kind == "ask":
        return Record(**common, item=item, number=_count(data, "number"), of=_count(data, "of"))
    if kind == "hint":
        return Record(**common, item=item)
    detail_field = "reason" if kind == "unclear" else "term"
    return Record(
        **common,
        item=item,
        text=_text(data, "text", limit=MAX_TEXT_CHARS, optional=True) or "",
        detail=_text(data, detail_field, limit=MAX_ID_CHARS, optional=True),
    )


@dataclass
class _Cached:
    identity: tuple[int, int]  # device, inode
    size: int
    mtime_ns: int
    offset: int  # just after the last complete line read
    lines: int
    journal: Journal
    warnings: list[str]
    tail_warning: str | None = None
    full: bool = False
    unshown: int = 0  # warnings beyond MAX_WARNINGS

    def warn(self, text: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(text)
        else:
            self.unshown += 1


class ClassReader:
    """The journals of one class directory, re-read incrementally on each ``poll()``."""

    def __init__(self, directory: Path, *, clock: Any = time.time) -> None:
        self.directory = Path(directory)
        self.clock = clock
        self._cache: dict[str, _Cached] = {}
        self._skipped: dict[str, str] = {}  # file name -> why (refreshed each poll)
        self._trusted = {os.geteuid()}
        self.extra_warnings: list[str] = []

    def poll(self) -> bool:
        """Read what changed; True when anything did. ClassReadError if the directory
        itself cannot be read."""
        names = self._list()
        changed = set(names) != set(self._cache) | set(self._skipped)
        skipped: dict[str, str] = {}
        for name in names:
            try:
                changed |= self._refresh(name)
            except _SkipFile as reason:
                skipped[name] = str(reason)
                self._cache.pop(name, None)
        changed |= skipped != self._skipped
        self._skipped = skipped
        for name in set(self._cache) - set(names):
            del self._cache[name]
        return changed

    @property
    def journals(self) -> list[Journal]:
        return [self._cache[name].journal for name in sorted(self._cache)]

    @property
    def warnings(self) -> list[str]:
        out = list(self.extra_warnings)
        for name in sorted(set(self._cache) | set(self._skipped)):
            if name in self._skipped:
                out.append(f"{self.directory / name}: skipped: {self._skipped[name]}")
                continue
            cached = self._cache[name]
            out.extend(cached.warnings)
            if cached.unshown:
                out.append(f"{cached.journal.path}: {cached.unshown} more lines skipped")
            if cached.tail_warning:
                out.append(cached.tail_warning)
        return out

    def _list(self) -> list[str]:
        try:
            info = os.stat(self.directory)
            if not stat.S_ISDIR(info.st_mode):
                raise ClassReadError(f"{self.directory}: not a directory")
            self._trusted = {os.geteuid(), info.st_uid}
            with os.scandir(self.directory) as entries:
                names = []
                for seen, entry in enumerate(entries):
                    if seen >= MAX_ENTRIES:
                        break
                    if entry.name.endswith(".jsonl"):
                        names.append(entry.name)
        except FileNotFoundError:
            raise ClassReadError(f"{self.directory}: no such class directory") from None
        except PermissionError:
            raise ClassReadError(
                f"{self.directory}: cannot read the class directory (permission denied); "
                "if you were just added to its group, log out and in again (`id` lists "
                "your groups)"
            ) from None
        except OSError as error:
            raise ClassReadError(f"{self.directory}: cannot read ({error.strerror})") from None
        names.sort()
        self.extra_warnings = []
        if len(names) > MAX_JOURNALS:
            self.extra_warnings.append(
                f"{self.directory}: more than {MAX_JOURNALS} journals; only the first "
                f"{MAX_JOURNALS} (by name) are read"
            )
            names = names[:MAX_JOURNALS]
        return names

    def _refresh(self, name: str) -> bool:
        path = self.directory / name
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
        try:
            descriptor = os.open(path, flags)
        except OSError as error:
            if os.path.islink(path):
                raise _SkipFile("a symbolic link, not a journal") from None
            hint = ""
            if isinstance(error, PermissionError):
                hint = (
                    "; the teacher's group must be able to read it (its owner runs tutor once "
                    "more to repair the mode, or chmod 640 it)"
                )
            raise _SkipFile(f"cannot read ({error.strerror}){hint}") from None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise _SkipFile("not a regular file")
            if info.st_size > MAX_JOURNAL_BYTES:
                raise _SkipFile(
                    f"{info.st_size:,} bytes, larger than any journal tutor writes "
                    f"({MAX_JOURNAL_BYTES:,})"
                )
            owner = owner_name(info.st_uid)
            stem = name[: -len(".jsonl")]
            if info.st_uid in self._trusted:
                written_by = "server"
            elif stem == journal_stem(owner):
                written_by = "student"
            else:
                raise _SkipFile(
                    f"owned by {owner!r}, whose journal would be {journal_stem(owner)}.jsonl"
                )
            identity = (info.st_dev, info.st_ino)
            cached = self._cache.get(name)
            if cached and cached.identity == identity and cached.journal.owner == owner:
                if (cached.size, cached.mtime_ns) == (info.st_size, info.st_mtime_ns):
                    return False
                if info.st_size > cached.size:  # appended to: read just the new lines
                    self._read(descriptor, cached, info.st_size)
                    cached.size, cached.mtime_ns = info.st_size, info.st_mtime_ns
                    return True
            fresh = _Cached(
                identity, info.st_size, info.st_mtime_ns, 0, 0, Journal(path, owner, written_by), []
            )
            self._read(descriptor, fresh, info.st_size)
            self._cache[name] = fresh
            return True
        finally:
            os.close(descriptor)

    def _read(self, descriptor: int, cached: _Cached, size: int) -> None:
        """Parse the complete lines between cached.offset and size."""
        chunks = []
        remaining = min(size, MAX_JOURNAL_BYTES) - cached.offset
        position = cached.offset
        while remaining > 0:
            chunk = os.pread(descriptor, min(remaining, 1 << 20), position)
            if not chunk:
                break
            chunks.append(chunk)
            position += len(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        end = data.rfind(b"\n") + 1
        complete, tail = data[:end], data[end:]
        journal = cached.journal
        path = journal.path
        now = self.clock()
        for raw in complete.split(b"\n")[:-1]:
            cached.lines += 1
            if not raw.strip():
                continue
            if len(journal.records) >= MAX_RECORDS:
                if not cached.full:
                    cached.full = True
                    cached.warn(
                        f"{path}:{cached.lines}: skipped: more than {MAX_RECORDS} records "
                        "in one journal; the rest is not read"
                    )
                continue
            try:
                record = parse_record(raw, cached.lines, now)
            except _BadRecord as problem:
                cached.warn(f"{path}:{cached.lines}: skipped: {problem}")
                continue
            if not self._claims_this_journal(record, journal):
                cached.warn(
                    f"{path}:{cached.lines}: skipped: written as login "
                    f"{record.login[:40]!r} in a file owned by {journal.owner!r}"
                )
                continue
            journal.records.append(record)
        cached.offset += end
        cached.tail_warning = (
            f"{path}:{cached.lines + 1}: skipped: an unfinished last line (cut short, or "
            "being written)"
            if tail.strip()
            else None
        )

    @staticmethod
    def _claims_this_journal(record: Record, journal: Journal) -> bool:
        if journal.written_by == "student":
            return record.login == journal.owner
        return journal_stem(record.login) == journal.path.name[: -len(".jsonl")]


class _SkipFile(Exception):
    pass


def read_class(directory: Path) -> tuple[list[Journal], list[str]]:
    """Every journal of a class directory once: the journals and the warnings."""
    reader = ClassReader(directory)
    reader.poll()
    return reader.journals, reader.warnings
