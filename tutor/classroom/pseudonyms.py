"""Stable pseudonyms for ``tutor report --anonymous``, keyed by a secret only the teacher holds.

The key, ``.pseudonym-key`` in the class directory, is created by the teacher's first
anonymous report: a regular file owned by the account running the report, mode 0600. Students
can write into the class directory, so a key they planted first (to compute every pseudonym),
a link, a FIFO, or a key others can read is refused with a message, never used.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

KEY_FILE = ".pseudonym-key"
KEY_BYTES = 32


class PseudonymKeyError(Exception):
    """The key cannot be trusted or made; the message says what to do."""


def _refuse(path: Path, why: str) -> PseudonymKeyError:
    return PseudonymKeyError(
        f"{path}: {why}, so it is not a key you made; delete it (rm {path}) and run the "
        "anonymous report again to create a new one"
    )


def load_or_create_key(directory: Path) -> bytes:
    path = Path(directory) / KEY_FILE
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return _create(path)
    except OSError as error:
        if os.path.islink(path):
            raise _refuse(path, "it is a symbolic link") from None
        if os.lstat(path).st_uid != os.geteuid():
            raise _refuse(path, "it belongs to another account") from None
        raise _refuse(path, f"it cannot be read ({error.strerror})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, "it is not a regular file")
        if info.st_uid != os.geteuid():
            raise _refuse(path, "it belongs to another account")
        if stat.S_IMODE(info.st_mode) & 0o077:
            raise _refuse(path, "other accounts can read or change it")
        if info.st_size != KEY_BYTES:
            raise _refuse(path, f"it is not {KEY_BYTES} bytes long")
        key = os.read(descriptor, KEY_BYTES + 1)
        if len(key) != KEY_BYTES:
            raise _refuse(path, f"it is not {KEY_BYTES} bytes long")
        return key
    finally:
        os.close(descriptor)


def _create(path: Path) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        descriptor = os.open(path, flags, 0o600)
    except FileExistsError:
        return load_or_create_key(path.parent)  # created a moment ago by another run
    except OSError as error:
        raise PseudonymKeyError(
            f"{path}: cannot create the pseudonym key ({error.strerror}); run the anonymous "
            "report as the teacher, on a directory the teacher can write"
        ) from None
    try:
        os.fchmod(descriptor, 0o600)  # explicitly, whatever the umask
        os.write(descriptor, key)
    finally:
        os.close(descriptor)
    return key


def pseudonymiser(directory: Path) -> Callable[[str], str]:
    key = load_or_create_key(directory)

    def pseudonym(name: str) -> str:
        return "student-" + hmac.new(key, name.encode(), hashlib.sha256).hexdigest()[:6]

    return pseudonym
