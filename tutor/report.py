"""The teacher's class report: who finished, and which items the class gets wrong.

Reads the JSON Lines journals in a class directory. A record that is truncated or foreign
is skipped with a warning naming its file and line; the rest is reported.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tutor.core.classroom import RECORD_VERSION, journal_path
from tutor.core.language import fold
from tutor.text_render import visible

KEY_FILE = ".pseudonym-key"
_ATTEMPT_FIELDS = {"learner": str, "lesson": str, "item": str, "correct": bool, "at": float}


@dataclass
class _Student:
    learner: str
    login: str
    attempts: int = 0
    first: dict[str, dict[str, Any]] = field(default_factory=dict)  # item -> first attempt
    lessons_finished: set[str] = field(default_factory=set)
    last_active: float = 0.0


@dataclass
class ClassReport:
    students: list[dict[str, Any]]
    items: list[dict[str, Any]]
    warnings: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"students": self.students, "items": self.items}


def _valid(record: Any) -> bool:
    if not isinstance(record, dict) or record.get("v") != RECORD_VERSION:
        return False
    if record.get("kind") == "lesson_end":
        return isinstance(record.get("learner"), str) and isinstance(record.get("lesson"), str)
    if record.get("kind") != "attempt":
        return False
    for name, kind in _ATTEMPT_FIELDS.items():
        value = record.get(name)
        if kind is float and not isinstance(value, int | float):
            return False
        if kind is not float and not isinstance(value, kind):
            return False
    return True


def _owner(path: Path) -> str:
    """The login that owns a file (its uid when the account is unknown)."""
    import pwd

    uid = path.stat().st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid{uid}"


def read_records(directory: Path) -> tuple[list[dict[str, Any]], list[str]]:
    records: list[dict[str, Any]] = []
    warnings: list[str] = []
    for path in sorted(directory.glob("*.jsonl")):
        try:
            if path.is_symlink():
                raise ValueError("a symbolic link, not a journal")
            owner = _owner(path)
            if path.name != journal_path(directory, owner).name:
                raise ValueError(
                    f"owned by {owner!r}, whose journal would be "
                    f"{journal_path(directory, owner).name}"
                )
            lines = path.read_bytes().splitlines()
        except OSError as error:
            warnings.append(f"{path}: skipped: cannot read ({error.strerror})")
            continue
        except ValueError as error:
            warnings.append(f"{path}: skipped: {error}")
            continue
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                record = None
            if not _valid(record):
                warnings.append(f"{path}:{number}: skipped: not a complete tutor record")
                continue
            if record.get("login") != owner:
                warnings.append(
                    f"{path}:{number}: skipped: written as login {record.get('login')!r} "
                    f"in a file owned by {owner!r}"
                )
                continue
            records.append(record)
    return records, warnings


def _pseudonymiser(directory: Path):  # -> Callable[[str], str]
    key_path = directory / KEY_FILE
    try:
        key = key_path.read_bytes()
    except OSError:
        key = secrets.token_bytes(32)
        try:
            descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(key)
        except OSError:
            key = b"tutor"  # read-only directory: still stable, just not secret

    def pseudonym(name: str) -> str:
        return "student-" + hmac.new(key, name.encode(), hashlib.sha256).hexdigest()[:6]

    return pseudonym


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")


def build_report(directory: Path, *, anonymous: bool = False) -> ClassReport:
    records, warnings = read_records(directory)
    records.sort(key=lambda r: r.get("at", 0))
    # keyed by learner and login: a learner name typed under someone else's login stays apart
    students: dict[tuple[str, str], _Student] = {}
    for record in records:
        key = (visible(record["learner"]), visible(str(record["login"])))
        student = students.setdefault(key, _Student(*key))
        student.last_active = max(student.last_active, float(record.get("at", 0)))
        if record["kind"] == "lesson_end":
            if not record.get("drill"):
                student.lessons_finished.add(record["lesson"])
            continue
        student.attempts += 1
        student.first.setdefault(record["item"], record)

    name = _pseudonymiser(directory) if anonymous else (lambda learner: learner)
    student_rows = [
        {
            "learner": name(s.learner),
            "login": name(s.login),
            "attempts": s.attempts,
            "items_tried": len(s.first),
            "correct_first_try": sum(1 for r in s.first.values() if r["correct"]),
            "lessons_finished": len(s.lessons_finished),
            "last_active": _iso(s.last_active),
        }
        for s in students.values()
    ]
    student_rows.sort(key=lambda row: (row["learner"], row["login"]))
    item_rows = []
    for item in sorted({item for s in students.values() for item in s.first}):
        firsts = [s.first[item] for s in students.values() if item in s.first]
        wrong = [r for r in firsts if not r["correct"]]
        answers = Counter(
            "(skipped)" if r.get("skipped") else visible(fold(str(r.get("answer_text", ""))))
            for r in wrong
        )
        item_rows.append(
            {
                "item": item,
                "tried": len(firsts),
                "wrong_first_try": round(len(wrong) / len(firsts), 3),
                "wrong_first_try_count": len(wrong),
                "common_wrong": answers.most_common(1)[0][0] if answers else None,
            }
        )
    item_rows.sort(key=lambda r: (-r["wrong_first_try"], -r["tried"], r["item"]))
    return ClassReport(student_rows, item_rows, warnings)
