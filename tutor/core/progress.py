"""The learner's progress in SQLite: attempts, position, settings.

One transaction per answer (attempt and new position together), so a kill -9 right after an
answer loses nothing. WAL mode and a busy timeout let two sessions of the same learner run at
once without "database is locked". The file is private to its user (0600).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DB_NAME = "progress.sqlite3"
BUSY_TIMEOUT_MS = 10_000

# The schema as a list of migrations: MIGRATIONS[i] takes a database from version i to i + 1,
# and PRAGMA user_version records the version reached. Append a migration to change the
# schema; never edit one that has shipped. Version 1 is the first layout; its statements
# say IF NOT EXISTS because databases from before versioning (user_version 0) already have it.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        learner TEXT NOT NULL,
        lesson TEXT NOT NULL,
        item TEXT NOT NULL,
        answer_text TEXT NOT NULL,
        understood TEXT,
        correct INTEGER NOT NULL,
        skipped INTEGER NOT NULL DEFAULT 0,
        first_try INTEGER NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS attempts_by_learner ON attempts (learner, lesson, item);
    CREATE TABLE IF NOT EXISTS positions (
        learner TEXT NOT NULL,
        lesson TEXT NOT NULL,
        step INTEGER NOT NULL,
        completed INTEGER NOT NULL DEFAULT 0,
        updated REAL NOT NULL,
        PRIMARY KEY (learner, lesson)
    );
    CREATE TABLE IF NOT EXISTS current (
        learner TEXT PRIMARY KEY,
        lesson TEXT NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS review_cards (
        learner TEXT NOT NULL,
        item TEXT NOT NULL,
        card TEXT NOT NULL,
        due REAL NOT NULL,
        PRIMARY KEY (learner, item)
    );
    CREATE TABLE IF NOT EXISTS settings (
        learner TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (learner, key)
    );
    """,
)


def _statements(script: str) -> list[str]:
    return [statement for statement in script.split(";") if statement.strip()]


def _columns(db: sqlite3.Connection) -> dict[str, list[str]]:
    """Every table's column names, in order (SQLite's own tables left out)."""
    tables = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {
        name: [row[1] for row in db.execute(f"PRAGMA table_info({name!r})")] for (name,) in tables
    }


@functools.cache
def expected_columns() -> dict[str, list[str]]:
    """The tables and columns at the latest version: all migrations applied to a blank file."""
    db = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS:
            for statement in _statements(script):
                db.execute(statement)
        return _columns(db)
    finally:
        db.close()


def schema_problem(found: dict[str, list[str]]) -> str | None:
    """What differs from the latest schema, in a few words; None when it matches."""
    problems = []
    for table, columns in expected_columns().items():
        if table not in found:
            problems.append(f"table {table} is missing")
            continue
        missing = [name for name in columns if name not in found[table]]
        extra = [name for name in found[table] if name not in columns]
        if missing:
            problems.append(f"table {table} lacks column {', '.join(missing)}")
        if extra:
            problems.append(f"table {table} has unexpected column {', '.join(extra)}")
    return "; ".join(problems) or None


UNSAVED_NOTICE = "Progress can no longer be saved"


def _saving(default: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard a write: when the disk is full (or the file cannot be written any more) the
    store stops saving, keeps what it saved before, and says so once (``save_problem``);
    the session goes on, and the method returns ``default(self, ...)`` instead."""

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def guarded(self: ProgressStore, *args: Any, **kwargs: Any) -> Any:
            if self.unsaved is None:
                try:
                    return method(self, *args, **kwargs)
                except (sqlite3.Error, OSError) as error:
                    self._stop_saving(error)
            return default(self, *args, **kwargs)

        return guarded

    return wrap


class ProgressError(Exception):
    """The progress store cannot be opened or written; the message says what to fix."""


@dataclass(frozen=True)
class Attempt:
    lesson: str
    item: str
    answer_text: str
    understood: str | None
    correct: bool
    skipped: bool
    first_try: bool
    at: float


@dataclass(frozen=True)
class LessonProgress:
    lesson: str
    step: int
    completed: bool
    answered: int  # distinct items answered (or skipped) in this lesson
    correct_first_try: int


def _private_file(path: Path) -> None:
    """Create the database file as 0600 before SQLite opens it (SQLite copies the mode)."""
    if not path.exists():
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(descriptor)
    os.chmod(path, 0o600)


def _read_only_copy(path: Path) -> sqlite3.Connection:
    """The store in memory, for commands that only read (``progress``, ``export``): this
    works in a read-only directory or file system, where WAL mode cannot make its side files,
    and an older layout is migrated in the copy, never in the file. No store yet means no
    progress."""
    from urllib.parse import quote

    copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if not path.exists():
        return copy
    uri = f"file:{quote(str(path.resolve()))}"
    problem: Exception | None = None
    # mode=ro reads the latest state, WAL included; without write access to the directory
    # SQLite cannot make the WAL index, so immutable=1 reads the file as it is.
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            source = sqlite3.connect(f"{uri}?{options}", uri=True)
            try:
                source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                source.backup(copy)
            finally:
                source.close()
            return copy
        except sqlite3.Error as error:
            problem = error
    copy.close()
    raise ProgressError(
        f"cannot read the progress store {path}: {problem}; "
        "choose another place with --data-dir or TUTOR_DATA_DIR"
    )


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch the file to WAL mode, waiting out a session opening it at the same moment.

    Changing the journal mode needs the file to itself, and SQLite reports "database is
    locked" at once instead of calling the busy handler when another connection holds it,
    so the switch is retried here until the busy timeout. Once the file is in WAL mode (it
    stays so), nothing is changed and nothing waits.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.001
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


class ProgressStore:
    def __init__(
        self,
        data_dir: Path,
        learner: str,
        *,
        clock: Callable[[], float] = time.time,
        read_only: bool = False,
    ) -> None:
        self.learner = learner
        self.clock = clock
        self.path = data_dir / DB_NAME
        self.unsaved: str | None = None  # why writes stopped (a full disk), or None
        self._told = False
        if read_only:  # writes would go to a copy: they are not attempted
            self.unsaved, self._told = "opened read-only", True
        try:
            if read_only:
                self._db = _read_only_copy(self.path)
            else:
                data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
                _private_file(self.path)
                self._db = sqlite3.connect(
                    self.path,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                    check_same_thread=False,
                )
                self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                _use_wal(self._db)
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
            problem = schema_problem(_columns(self._db))
        except (OSError, sqlite3.Error) as error:
            raise ProgressError(
                f"cannot use the progress store {self.path}: {error}; "
                "choose another place with --data-dir or TUTOR_DATA_DIR"
            ) from error
        except ProgressError:
            if hasattr(self, "_db"):  # not yet opened when the read-only copy failed
                self._db.close()
            raise
        if problem:
            self._db.close()
            raise ProgressError(
                f"the progress store {self.path} has an unexpected layout ({problem}); "
                "move the file aside to start afresh, or choose another place with --data-dir"
            )

    def _migrate(self) -> None:
        """Bring the file to the latest schema version, one transaction per migration.

        The version is read again inside each transaction, so two sessions opening an old
        file at once migrate it once. A file from a newer tutor is refused, never downgraded.
        """
        latest = len(MIGRATIONS)
        while True:
            with self._transaction() as db:
                version = int(db.execute("PRAGMA user_version").fetchone()[0])
                if version > latest:
                    raise ProgressError(
                        f"the progress store {self.path} was written by a newer version of "
                        f"tutor (schema {version}; this one knows up to {latest}): run the "
                        "version that wrote it, or choose another place with --data-dir"
                    )
                if version == latest:
                    return
                for statement in _statements(MIGRATIONS[version]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def _stop_saving(self, error: BaseException) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        self.unsaved = str(error) or type(error).__name__

    def save_problem(self) -> str | None:
        """Once, after writes stopped: the one line to show the learner."""
        if self.unsaved is None or self._told:
            return None
        self._told = True
        return (
            f"{UNSAVED_NOTICE} ({self.unsaved}, in {self.path}). Everything saved before "
            "is kept; the session goes on without saving. Free some space, then start again."
        )

    def _first_try(self, *_: Any, item: str, **__: Any) -> bool:
        with contextlib.suppress(sqlite3.Error):
            return self._db.execute(
                "SELECT 1 FROM attempts WHERE learner = ? AND item = ? LIMIT 1",
                (self.learner, item),
            ).fetchone() is None
        return True

    # -- writing -----------------------------------------------------------------------------

    @_saving(default=_first_try)
    def record_answer(
        self,
        *,
        lesson: str,
        item: str,
        answer_text: str,
        understood: str | None,
        correct: bool,
        skipped: bool = False,
        next_step: int | None = None,
    ) -> bool:
        """Store one attempt and (optionally) the new position in one transaction.

        Returns whether this was the learner's first attempt at the item.
        """
        from tutor.core.review import review_card

        now = self.clock()
        with self._transaction() as db:
            seen = db.execute(
                "SELECT 1 FROM attempts WHERE learner = ? AND item = ? LIMIT 1",
                (self.learner, item),
            ).fetchone()
            first_try = seen is None
            db.execute(
                "INSERT INTO attempts (learner, lesson, item, answer_text, understood, correct,"
                " skipped, first_try, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.learner,
                    lesson,
                    item,
                    answer_text,
                    understood,
                    int(correct),
                    int(skipped),
                    int(first_try),
                    now,
                ),
            )
            if next_step is not None:
                self._set_position(db, lesson, next_step, completed=None, now=now)
            row = db.execute(
                "SELECT card FROM review_cards WHERE learner = ? AND item = ?",
                (self.learner, item),
            ).fetchone()
            card, due = review_card(row[0] if row else None, correct and not skipped, now)
            db.execute(
                "INSERT INTO review_cards (learner, item, card, due) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (learner, item) DO UPDATE SET card = excluded.card,"
                " due = excluded.due",
                (self.learner, item, card, due),
            )
        return first_try

    @_saving(default=lambda *_, **__: None)
    def set_position(self, lesson: str, step: int, *, completed: bool | None = None) -> None:
        with self._transaction() as db:
            self._set_position(db, lesson, step, completed=completed, now=self.clock())

    def _set_position(
        self,
        db: sqlite3.Connection,
        lesson: str,
        step: int,
        *,
        completed: bool | None,
        now: float,
    ) -> None:
        db.execute(
            "INSERT INTO positions (learner, lesson, step, completed, updated)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner, lesson) DO UPDATE SET"
            " step = excluded.step, updated = excluded.updated,"
            " completed = MAX(positions.completed, excluded.completed)",
            (self.learner, lesson, step, int(bool(completed)), now),
        )
        db.execute(
            "INSERT INTO current (learner, lesson, updated) VALUES (?, ?, ?)"
            " ON CONFLICT (learner) DO UPDATE SET lesson = excluded.lesson,"
            " updated = excluded.updated",
            (self.learner, lesson, now),
        )

    @_saving(default=lambda *_, **__: None)
    def set_setting(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO settings (learner, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (learner, key) DO UPDATE SET value = excluded.value",
                (self.learner, key, value),
            )

    def reset(self, lesson: str | None = None) -> int:
        """Delete the learner's progress (for one lesson, or all); returns attempts deleted."""
        where, args = ("learner = ?", [self.learner])
        if lesson is not None:
            where, args = "learner = ? AND lesson = ?", [self.learner, lesson]
        with self._transaction() as db:
            deleted = db.execute(f"DELETE FROM attempts WHERE {where}", args).rowcount
            db.execute(f"DELETE FROM positions WHERE {where}", args)
            db.execute(f"DELETE FROM current WHERE {where}", args)
            if lesson is None:
                db.execute("DELETE FROM review_cards WHERE learner = ?", [self.learner])
        return deleted

    # -- reading -----------------------------------------------------------------------------

    def due_items(self, limit: int | None = None) -> list[str]:
        """Items whose review is due now, most overdue first."""
        rows = self._db.execute(
            "SELECT item FROM review_cards WHERE learner = ? AND due <= ? ORDER BY due",
            (self.learner, self.clock()),
        ).fetchall()
        items = [row[0] for row in rows]
        return items[:limit] if limit else items

    def next_review(self) -> float | None:
        row = self._db.execute(
            "SELECT MIN(due) FROM review_cards WHERE learner = ?", (self.learner,)
        ).fetchone()
        return row[0] if row else None

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute(
            "SELECT value FROM settings WHERE learner = ? AND key = ?", (self.learner, key)
        ).fetchone()
        return row[0] if row else default

    def current_lesson(self) -> str | None:
        row = self._db.execute(
            "SELECT lesson FROM current WHERE learner = ?", (self.learner,)
        ).fetchone()
        return row[0] if row else None

    def position(self, lesson: str) -> tuple[int, bool]:
        """(next step index, completed) for a lesson; (0, False) when never started."""
        row = self._db.execute(
            "SELECT step, completed FROM positions WHERE learner = ? AND lesson = ?",
            (self.learner, lesson),
        ).fetchone()
        return (row[0], bool(row[1])) if row else (0, False)

    def attempts(self, lesson: str | None = None) -> list[Attempt]:
        query = (
            "SELECT lesson, item, answer_text, understood, correct, skipped, first_try, at"
            " FROM attempts WHERE learner = ?"
        )
        args: list[str] = [self.learner]
        if lesson is not None:
            query += " AND lesson = ?"
            args.append(lesson)
        rows = self._db.execute(query + " ORDER BY id", args).fetchall()
        return [
            Attempt(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), bool(r[6]), r[7]) for r in rows
        ]

    def lesson_progress(self, lesson: str) -> LessonProgress:
        step, completed = self.position(lesson)
        answered, correct_first = self._db.execute(
            "SELECT COUNT(DISTINCT item), COALESCE(SUM(first_try AND correct), 0)"
            " FROM attempts WHERE learner = ? AND lesson = ?",
            (self.learner, lesson),
        ).fetchone()
        return LessonProgress(lesson, step, completed, answered, correct_first)

    def first_try_results(self, lesson: str) -> dict[str, bool]:
        """Per item answered in the lesson: was the first attempt in this lesson correct?"""
        rows = self._db.execute(
            "SELECT item, correct FROM attempts WHERE id IN (SELECT MIN(id) FROM attempts"
            " WHERE learner = ? AND lesson = ? GROUP BY item)",
            (self.learner, lesson),
        ).fetchall()
        return {item: bool(correct) for item, correct in rows}

    def last_results(self, lesson: str) -> dict[str, bool]:
        """Per item answered in the lesson: was the latest attempt correct?"""
        rows = self._db.execute(
            "SELECT item, correct FROM attempts WHERE learner = ? AND lesson = ? ORDER BY id",
            (self.learner, lesson),
        ).fetchall()
        return {item: bool(correct) for item, correct in rows}
