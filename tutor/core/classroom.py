"""The class directory: each learner's records, appended where the teacher can read them.

One JSON Lines file per login (``<login>.jsonl``). The writer is whoever runs the tutor: the
student's own account (a local lab) or a lab server writing on behalf of a named learner
(``ClassJournal(class_dir, learner="ada", login="ada")`` in the server's process). The file is
created by the writer and its mode is set to 0640 explicitly, whatever the umask; in a
directory set up as the README describes (setgid, sticky, no listing for others) only its
owner writes it and the teacher's group reads it.

Each record is one ``write()`` to a file opened with O_APPEND under an exclusive lock, so
concurrent sessions never interleave lines. A record always starts on a new line (a line cut
short by a full disk is cut off first). When the file cannot be written for a moment, the
records are kept (a bounded backlog) and written with the next one that succeeds; the learner
is warned once per outage, and their own progress store has everything anyway.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import stat
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

RECORD_VERSION = 1
JOURNAL_MODE = 0o640
# What a learner typed is stored at most this long (characters); longer text is cut.
MAX_TEXT_CHARS = 500
# A journal never grows beyond this; the report skips larger files as not written by tutor.
MAX_JOURNAL_BYTES = 4 * 1024 * 1024
# Records kept while the journal cannot be written, to write once it can be again.
MAX_BACKLOG = 1000
CUT_MARK = "…"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SAVED = "progress is still saved for you"


class ClassDirError(Exception):
    """The class directory cannot be used; the message says what to fix."""


def login_name() -> str:
    """The account that will own the journal (not $USER, which anyone can set)."""
    return owner_name(os.geteuid())


def journal_path(directory: Path, login: str) -> Path:
    return directory / f"{journal_stem(login)}.jsonl"


def journal_stem(login: str) -> str:
    return _SAFE.sub("_", login).strip("._")[:64] or "learner"


def capped(value: Any) -> Any:
    """Text as it is stored: at most MAX_TEXT_CHARS characters (the cut marked with …)."""
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        return value[: MAX_TEXT_CHARS - 1] + CUT_MARK
    return value


def owner_name(uid: int) -> str:
    """The login of an account (``uid1234`` when it has none)."""
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid{uid}"


def check_directory(directory: Path) -> None:
    """Raise ClassDirError (one line, what to do) unless the directory can be entered."""
    try:
        info = os.stat(directory)
    except FileNotFoundError:
        problem = "does not exist"
    except NotADirectoryError:
        problem = "is not a directory"
    except PermissionError:
        problem = (
            "cannot be reached: a directory above it is closed to your account "
            "(ask your teacher to use a directory everyone can enter, such as /srv/tutor-class)"
        )
    except OSError as error:
        problem = f"cannot be used ({error.strerror})"
    else:
        if not stat.S_ISDIR(info.st_mode):
            problem = "is not a directory"
        elif not os.access(directory, os.W_OK | os.X_OK):
            problem = "is not writable for your account (ask your teacher to set it up)"
        else:
            return
    raise ClassDirError(
        f"class directory {directory} {problem}; recording for the teacher is off "
        f"(--class-dir / TUTOR_CLASS_DIR) -- {_SAVED}"
    )


class ClassJournal:
    """Appends one learner's records to ``<login>.jsonl`` in a class directory.

    ``login`` defaults to the account running the process; a server writing for many
    learners passes each learner's login. The file must be a regular file owned by the
    writing account, so a journal planted or linked by someone else is refused.
    """

    def __init__(
        self,
        directory: Path,
        learner: str,
        login: str | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = Path(directory)
        self.learner = learner
        self.login = login or login_name()
        self.path = journal_path(self.directory, self.login)
        self.clock = clock
        self.backlog: deque[bytes] = deque(maxlen=MAX_BACKLOG)
        self.failing = False
        self.full = False
        check_directory(self.directory)
        descriptor = self._open()
        os.close(descriptor)

    def record(self, kind: str, **fields: Any) -> None:
        """Append one record, with any kept from an outage before it.

        Raises ClassDirError (for the caller to show) when recording stops working; while
        it stays broken, later records are kept quietly and retried with each new one.
        """
        record = {
            "v": RECORD_VERSION,
            "kind": kind,
            "learner": capped(self.learner),
            "login": self.login,
            "at": round(self.clock(), 3),
            **{name: capped(value) for name, value in fields.items()},
        }
        line = json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
        self.backlog.append(line.encode())
        try:
            self._write_backlog()
        except ClassDirError:
            if self.failing:
                return
            self.failing = True
            raise
        if self.failing:
            self.failing = False

    def _write_backlog(self) -> None:
        descriptor = self._open()
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            size = os.fstat(descriptor).st_size
            data = b"".join(self.backlog)
            if size and os.pread(descriptor, 1, size - 1) != b"\n":
                data = b"\n" + data  # the last write was cut short: start on a new line
            if size + len(data) > MAX_JOURNAL_BYTES:
                self.full = True
                raise ClassDirError(
                    f"{self.path} has reached its size limit ({MAX_JOURNAL_BYTES // 2**20} MiB); "
                    f"recording for the teacher stopped -- {_SAVED}"
                )
            self._write_all(descriptor, data, size)
            self.backlog.clear()
        except OSError as error:
            raise ClassDirError(
                f"could not record in class directory {self.directory} ({error.strerror}); "
                f"will try again with your next answer -- {_SAVED}"
            ) from None
        finally:
            os.close(descriptor)

    @staticmethod
    def _write_all(descriptor: int, data: bytes, size: int) -> None:
        """Write all of data, or nothing: whatever part got written is cut off again."""
        done = 0
        try:
            while done < len(data):
                written = os.write(descriptor, data[done:])
                if written <= 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                done += written
        except OSError:
            with contextlib.suppress(OSError):  # else the next record starts a new line
                if os.fstat(descriptor).st_size > size:
                    os.ftruncate(descriptor, size)
            raise

    def _open(self) -> int:
        """Open the journal for appending, refusing one that another account planted.

        Without these checks a student could create (or symlink) a classmate's journal
        before the classmate's first run, and read or block what they write.
        """
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
        try:
            descriptor = os.open(self.path, flags, JOURNAL_MODE)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise self._squatted("a symbolic link") from None
            if error.errno in (errno.EACCES, errno.EPERM) and os.path.lexists(self.path):
                owner = owner_name(os.lstat(self.path).st_uid)
                raise self._squatted(f"owned by {owner}") from None
            raise ClassDirError(
                f"cannot write to class directory {self.directory} ({error.strerror}); {_SAVED}"
            ) from None
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_nlink != 1:
            os.close(descriptor)
            what = (
                f"owned by {owner_name(info.st_uid)}"
                if stat.S_ISREG(info.st_mode) and info.st_uid != os.geteuid()
                else "not a plain file of your own"
            )
            raise self._squatted(what)
        if stat.S_IMODE(info.st_mode) != JOURNAL_MODE:
            with contextlib.suppress(OSError):
                os.fchmod(descriptor, JOURNAL_MODE)  # a umask of 077 must not hide it
        return descriptor

    def _squatted(self, what: str) -> ClassDirError:
        return ClassDirError(
            f"your class journal {self.path} is {what}, so your answers cannot reach your "
            f"teacher; ask your teacher to delete {self.path.name} from the class directory "
            f"-- {_SAVED}"
        )
