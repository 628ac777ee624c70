"""The class roster: who may log in, with which public keys and password.

One learner per line. A key line is an OpenSSH public key in the authorized_keys format whose
comment is the learner's name; a password line is ``password HASH NAME``. A learner may have
several keys and at most one password. Blank lines and ``#`` comments are ignored. Problems
are reported as ``file:line: message``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.serve_ssh import passwords

NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 32"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
PASSWORD_TAG = "password"
MAX_ROSTER_BYTES = 4 * 1024 * 1024
HEADER = (
    "# tutor roster: one learner per line. A public key (its comment is the learner's name)\n"
    "# or `password HASH NAME`. Add learners with `tutor roster add NAME --key FILE` or\n"
    "# `tutor roster add NAME --password`.\n"
)


class RosterError(Exception):
    """The roster cannot be used; ``problems`` are ``file:line: message`` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def valid_name(name: str) -> bool:
    return _NAME.fullmatch(name) is not None


@dataclass
class Learner:
    name: str
    keys: list[bytes] = field(default_factory=list)  # public key blobs (the wire format)
    password_hash: str | None = None


@dataclass
class Roster:
    path: Path
    learners: dict[str, Learner]
    signature: tuple[int, int, int] = (0, 0, 0)  # inode, size, mtime: changes on any edit

    def key_matches(self, name: str, key_blob: bytes) -> bool:
        learner = self.learners.get(name)
        return learner is not None and key_blob in learner.keys

    def password_matches(self, name: str, password: str) -> bool:
        """Check a password; unknown names cost as much time as known ones."""
        learner = self.learners.get(name)
        stored = learner.password_hash if learner else None
        if stored is None:
            passwords.check_password(password, passwords.DUMMY_HASH)
            return False
        return passwords.check_password(password, stored)

    @property
    def has_passwords(self) -> bool:
        return any(learner.password_hash for learner in self.learners.values())


def _import_key(text: str) -> Any:
    import asyncssh

    return asyncssh.import_public_key(text)


def parse_key_line(text: str) -> tuple[bytes, str]:
    """The key blob and comment of one public key line; raises ValueError when it is not one."""
    try:
        key = _import_key(text)
    except (ValueError, TypeError) as error:  # asyncssh.KeyImportError is a ValueError
        raise ValueError(f"not a public key or password line ({error})") from None
    comment = key.get_comment() or ""
    return bytes(key.public_data), comment.strip()


def _read_lines(path: Path) -> list[str]:
    try:
        size = path.stat().st_size
        if size > MAX_ROSTER_BYTES:
            raise RosterError([f"{path}: too large for a roster ({size} bytes)"])
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterError(
            [f"{path}: no such roster; create it with `tutor roster add NAME --key FILE`"]
        ) from None
    except IsADirectoryError:
        raise RosterError([f"{path}: is a directory, not a roster file"]) from None
    except OSError as error:
        raise RosterError([f"{path}: cannot read the roster ({error.strerror})"]) from None
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RosterError([f"{path}:{line}: not UTF-8 text"]) from None


def parse(path: Path, lines: Iterable[str]) -> tuple[dict[str, Learner], list[str]]:
    learners: dict[str, Learner] = {}
    problems: list[str] = []
    key_owner: dict[bytes, tuple[str, int]] = {}
    password_line: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path}:{number}"
        fields = line.split()
        if fields[0] == PASSWORD_TAG:
            if len(fields) != 3:
                problems.append(f"{where}: a password line is `password HASH NAME`")
                continue
            _, stored, name = fields
            if not valid_name(name):
                problems.append(f"{where}: {name!r} is not a usable learner name ({NAME_RULE})")
                continue
            try:
                passwords.parse_hash(stored)
            except passwords.BadHash as error:
                problems.append(f"{where}: {error}")
                continue
            if name in password_line:
                problems.append(
                    f"{where}: {name} already has a password (line {password_line[name]})"
                )
                continue
            password_line[name] = number
            learners.setdefault(name, Learner(name)).password_hash = stored
            continue
        try:
            blob, name = parse_key_line(line)
        except ValueError as error:
            problems.append(f"{where}: {error}")
            continue
        if not name:
            problems.append(f"{where}: the key has no learner name; put the name after the key")
            continue
        if not valid_name(name):
            problems.append(f"{where}: {name!r} is not a usable learner name ({NAME_RULE})")
            continue
        if blob in key_owner:
            owner, first = key_owner[blob]
            problems.append(f"{where}: this key is already {owner}'s (line {first})")
            continue
        key_owner[blob] = (name, number)
        learners.setdefault(name, Learner(name)).keys.append(blob)
    return learners, problems


def _signature(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_ino, info.st_size, info.st_mtime_ns


def load(path: Path) -> Roster:
    """Read the roster; raises RosterError listing every problem."""
    try:
        signature = _signature(path)
    except OSError:
        signature = (0, 0, 0)
    learners, problems = parse(path, _read_lines(path))
    if problems:
        raise RosterError(problems)
    return Roster(path, learners, signature)


def reload_if_changed(roster: Roster) -> tuple[Roster, list[str]]:
    """The roster again if its file changed (and still parses); the problems otherwise."""
    try:
        signature = _signature(roster.path)
    except OSError:
        return roster, []
    if signature == roster.signature:
        return roster, []
    try:
        return load(roster.path), []
    except RosterError as error:
        roster.signature = signature  # report a broken edit once, not at every login
        return roster, error.problems


# -- writing ---------------------------------------------------------------------------------


def _existing_lines(path: Path) -> list[str]:
    if not path.exists():
        return HEADER.splitlines()
    lines = _read_lines(path)
    _, problems = parse(path, lines)
    if problems:
        raise RosterError(problems)
    return lines


def _write(path: Path, lines: list[str]) -> None:
    """Replace the roster atomically, private to its owner (it holds password hashes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".roster-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def add_key(path: Path, name: str, key_text: str) -> str:
    """Add a public key for ``name``; returns what was done, in one line."""
    _check_name(name)
    key = None
    for raw in key_text.splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            try:
                key = _import_key(raw.strip())
            except ValueError as error:
                raise RosterError(
                    [f"the key file is not an OpenSSH public key ({error})"]
                ) from None
            break
    if key is None:
        raise RosterError(["the key file has no public key in it"])
    blob = bytes(key.public_data)
    lines = _existing_lines(path)
    learners, _ = parse(path, lines)
    for learner in learners.values():
        if blob in learner.keys:
            if learner.name == name:
                return f"{name} already has this key in {path}"
            raise RosterError([f"this key is already {learner.name}'s in {path}"])
    key.set_comment(name)
    line = key.export_public_key("openssh").decode().strip()
    _write(path, [*lines, line])
    return f"added a key for {name} to {path}"


def set_password(path: Path, name: str, password: str) -> str:
    """Set (or replace) ``name``'s password; returns what was done, in one line."""
    _check_name(name)
    lines = _existing_lines(path)
    kept = []
    replaced = False
    for raw in lines:
        fields = raw.split()
        if len(fields) == 3 and fields[0] == PASSWORD_TAG and fields[2] == name:
            replaced = True
            continue
        kept.append(raw)
    kept.append(f"{PASSWORD_TAG} {passwords.hash_password(password)} {name}")
    _write(path, kept)
    return f"{'changed' if replaced else 'set'} {name}'s password in {path}"


def _check_name(name: str) -> None:
    if not valid_name(name):
        raise RosterError([f"{name!r} is not a usable learner name ({NAME_RULE})"])
