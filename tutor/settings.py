"""Settings: what a session needs, resolved from flags and environment (pack, store, learner)."""

from __future__ import annotations

import getpass
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.core.lessons import LessonPack
from tutor.core.loader import LessonPackError, load_pack, load_pack_lenient
from tutor.core.progress import ProgressStore

if TYPE_CHECKING:
    from tutor.core.classroom import ClassJournal


class UsageError(Exception):
    """Bad input from the user: shown as one line, exit code 2."""


@dataclass
class Settings:
    data_dir: Path | None = None
    lessons_dir: Path | None = None
    learner: str | None = None
    seed: int = 0
    lesson: str | None = None
    items: list[str] | None = None
    class_dir: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def resolved_class_dir(self) -> Path | None:
        if self.class_dir is not None:
            return self.class_dir
        env = os.environ.get("TUTOR_CLASS_DIR")
        return Path(env) if env else None

    def resolved_data_dir(self) -> Path:
        if self.data_dir is not None:
            return self.data_dir
        if os.environ.get("TUTOR_DATA_DIR"):
            return Path(os.environ["TUTOR_DATA_DIR"])
        from platformdirs import user_data_dir

        return Path(user_data_dir("tutor", appauthor=False))

    def resolved_lessons_dir(self) -> Path | None:
        if self.lessons_dir is not None:
            return self.lessons_dir
        env = os.environ.get("TUTOR_LESSONS")
        return Path(env) if env else None

    def resolved_learner(self) -> str:
        # A name that is not UTF-8 (a Latin-1 terminal's "Jos\xe9") arrives with lone
        # surrogates, which SQLite cannot store: they become U+FFFD.
        return _decoded(self._learner())

    def _learner(self) -> str:
        if self.learner:
            return self.learner
        if os.environ.get("TUTOR_LEARNER"):
            return os.environ["TUTOR_LEARNER"]
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "learner"


def _decoded(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def open_pack(settings: Settings, *, strict: bool, use_cache: bool = True) -> LessonPack:
    """Load the lesson pack; strict raises UsageError with every problem, one per line."""
    root = settings.resolved_lessons_dir()
    if root is not None and not root.is_dir():
        raise UsageError(f"{root}: no such lesson directory (check --lessons or TUTOR_LESSONS)")
    if strict:
        try:
            pack = load_pack(root, use_cache=use_cache)
        except LessonPackError as error:
            raise UsageError("\n".join(error.problems)) from None
    else:
        pack, problems = load_pack_lenient(root, use_cache=use_cache)
        settings.warnings.extend(problems)
        if not pack.lessons:
            raise UsageError("\n".join(problems) or "no usable lessons")
    _check_selection(pack, settings)
    return pack


def _check_selection(pack: LessonPack, settings: Settings) -> None:
    if settings.lesson is not None and pack.lesson(settings.lesson) is None:
        known = ", ".join(lesson.id for lesson in pack.lessons)
        raise UsageError(f"unknown lesson {settings.lesson!r}; choose one of: {known}")
    if settings.items is not None:
        unknown = [item for item in settings.items if item not in pack.items]
        if unknown or not settings.items:
            raise UsageError(
                f"unknown item(s) {', '.join(map(repr, unknown)) or 'none given'}; "
                "`tutor items` lists the item ids"
            )


def clock() -> Callable[[], float]:
    """The time source; TUTOR_NOW (ISO 8601) pins it, for testing review schedules."""
    pinned = os.environ.get("TUTOR_NOW")
    if not pinned:
        return time.time
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError:
        raise UsageError(
            f"TUTOR_NOW={pinned!r} is not an ISO 8601 time, e.g. 2026-12-01T09:00:00+00:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return lambda: moment.timestamp()


def open_store(settings: Settings, *, read_only: bool = False) -> ProgressStore:
    """The learner's store; ``read_only`` for commands that only read (works on a
    read-only directory or file system)."""
    from tutor.core.progress import ProgressError

    try:
        return ProgressStore(
            settings.resolved_data_dir(),
            settings.resolved_learner(),
            clock=clock(),
            read_only=read_only,
        )
    except ProgressError as error:
        raise UsageError(str(error)) from None


def open_journal(settings: Settings) -> ClassJournal | None:
    """The class directory's journal, or None (with a warning) when it cannot be used."""
    directory = settings.resolved_class_dir()
    if directory is None:
        return None
    from tutor.core.classroom import ClassDirError, ClassJournal

    try:
        return ClassJournal(directory, settings.resolved_learner())
    except ClassDirError as error:
        settings.warnings.append(str(error))
        return None
