"""The class directory: each student's attempts, appended where the teacher can read them.

One JSON Lines file per login (``<login>.jsonl``), created 0640 so that, in a directory set
up as the README describes (setgid, sticky, no read for others), only its owner writes it and
only the teacher's group reads it. Each record is one ``write()`` to a file opened with
O_APPEND under an exclusive lock, so concurrent sessions never interleave lines.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

RECORD_VERSION = 1
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ClassDirError(Exception):
    """The class directory cannot be used; the message says what to fix."""


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"


def journal_path(directory: Path, login: str) -> Path:
    safe = _SAFE.sub("_", login).strip("._") or "learner"
    return directory / f"{safe}.jsonl"


class ClassJournal:
    def __init__(self, directory: Path, learner: str, login: str | None = None) -> None:
        self.directory = directory
        self.learner = learner
        self.login = login or login_name()
        self.path = journal_path(directory, self.login)
        if not directory.is_dir():
            problem = "is not a directory" if directory.exists() else "does not exist"
            raise ClassDirError(
                f"class directory {directory} {problem}; ask your teacher for the right "
                "path (--class-dir / TUTOR_CLASS_DIR) -- progress is still saved for you"
            )
        os.close(self._open())

    def record(self, kind: str, **fields: Any) -> None:
        """Append one record; a failure is raised as ClassDirError (the caller warns)."""
        record = {
            "v": RECORD_VERSION,
            "kind": kind,
            "learner": self.learner,
            "login": self.login,
            "at": time.time(),
            **fields,
        }
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
        descriptor = self._open()
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            os.write(descriptor, line)
        except OSError as error:
            raise ClassDirError(
                f"could not record in class directory {self.directory} ({error.strerror}); "
                "progress is still saved for you"
            ) from None
        finally:
            os.close(descriptor)

    def _open(self) -> int:
        """Open the journal for appending, refusing one that another user planted.

        Without these checks a student could create (or symlink) a classmate's journal
        before the classmate's first run, and read what they write.
        """
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW
        try:
            descriptor = os.open(self.path, flags, 0o640)
        except OSError as error:
            raise ClassDirError(
                f"cannot write to class directory {self.directory} ({error.strerror}); "
                "progress is still saved for you"
            ) from None
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_nlink != 1:
            os.close(descriptor)
            raise ClassDirError(
                f"{self.path} is not your own file; ask your teacher to remove it "
                "-- progress is still saved for you"
            )
        return descriptor
