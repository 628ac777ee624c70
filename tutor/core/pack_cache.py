"""A per-user cache of validated lesson packs, so start-up skips TOML parsing and checks.

The cache holds JSON of the pack's dataclasses, decoded only into the handful of types a
pack is made of: reading a cache file can never run code. Its key (the fingerprint) covers
the package version, the content of every module that validates a pack (the loader, the
lesson model, the demo registry and catalog, this module) and the path and content of every
lesson file, so any change to them loads and validates the pack afresh. Packs with problems
are never cached.

The cache directory must be the user's own: created 0700, and refused (not used at all)
when another user owns it or anyone else may write to it; a file in it is read only when it
is the user's own too. A cache that is refused, unreadable, corrupt or truncated is simply
not used, and a fresh file replaces a bad one.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tutor import __version__
from tutor.core.lessons import DemoCall, GlossaryEntry, Item, Lesson, LessonPack, Step

FORMAT = 1  # bump when the encoding below changes
KEEP = 8  # packs remembered at once (the built-in one, a few of a lesson author's)
MAX_BYTES = 32 * 1024 * 1024  # a cache file larger than this is not ours to read

_PACKAGE = Path(__file__).resolve().parent.parent
# Every module that decides whether a pack is valid or what it contains (relative to the
# package). tests/test_pack_cache.py checks that loading a pack imports no other module.
VALIDATING_CODE = (
    "__init__.py",
    "core/__init__.py",
    "core/events.py",
    "core/lessons.py",
    "core/loader.py",
    "core/pack_cache.py",
    "core/pack_files.py",
    "core/toml_lines.py",
    "demos/__init__.py",
    "demos/catalog.py",
    "demos/claims.py",
    "demos/argument_checks.py",
    "demos/registry.py",
    "demos/spec.py",
)

_TYPES: dict[str, type] = {
    cls.__name__: cls for cls in (LessonPack, Lesson, Step, Item, DemoCall, GlossaryEntry)
}


def cache_dir() -> Path:
    if os.environ.get("TUTOR_CACHE_DIR"):
        return Path(os.environ["TUTOR_CACHE_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tutor", appauthor=False))


# ---------------------------------------------------------------------------- the key


def fingerprint(root: Path, sources: list[Path]) -> str:
    """The cache key: this code, the pack's directory as given, and every source file."""
    digest = hashlib.sha256(f"{__version__}|{FORMAT}|{root}\n".encode())
    for relative in VALIDATING_CODE:
        _add_file(digest, _PACKAGE / relative, relative)
    for path in sorted(set(sources)):
        _add_file(digest, path, str(path.resolve()))
    return digest.hexdigest()[:32]


def _add_file(digest: Any, path: Path, name: str) -> None:
    from tutor.core.pack_files import PackFileError, read_bytes

    try:  # bounded: a FIFO or a link to /dev/zero in a pack must not hang the start
        content = read_bytes(path, path.parent)
    except PackFileError as error:
        content = f"\0unread: {error}".encode()
    digest.update(f"{name}|{len(content)}\n".encode())
    digest.update(content)


# ---------------------------------------------------------------------------- the format


def encode(value: Any) -> Any:
    """JSON-ready form of a pack: dataclasses, tuples, mappings and paths are tagged.

    Tags are keys that start with "$"; a mapping of the pack's own data with such a key is
    refused (TypeError: not cached), so decoding can never mistake data for a tag.
    """
    if type(value).__name__ in _TYPES and is_dataclass(value):
        encoded = {f.name: encode(getattr(value, f.name)) for f in fields(value)}
        encoded["$type"] = type(value).__name__
        return encoded
    if isinstance(value, tuple):
        return {"$tuple": [encode(entry) for entry in value]}
    if isinstance(value, MappingProxyType | dict):
        if not all(isinstance(key, str) and not key.startswith("$") for key in value):
            raise TypeError("only string keys that do not start with $ can be cached")
        plain = {key: encode(entry) for key, entry in value.items()}
        return {"$mapping": plain} if isinstance(value, MappingProxyType) else plain
    if isinstance(value, Path):
        return {"$path": str(value)}
    if isinstance(value, list):
        return [encode(entry) for entry in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode_object(obj: dict[str, Any]) -> Any:
    """The JSON parser's hook: rebuild one tagged object (children are already rebuilt).

    Only the pack's own dataclasses, tuples, read-only mappings and paths come out: no tag
    names a function or an arbitrary class, so a cache file cannot make this run code.
    """
    if "$type" in obj:
        cls = _TYPES.get(obj.pop("$type"))
        if cls is None:
            raise ValueError("unknown cached type")
        return cls(**obj)  # a wrong field is a TypeError: the file is ignored
    if len(obj) == 1:
        ((tag, content),) = obj.items()
        if tag == "$tuple" and isinstance(content, list):
            return tuple(content)
        if tag == "$mapping" and isinstance(content, dict):
            return MappingProxyType(content)
        if tag == "$path" and isinstance(content, str):
            return Path(content)
        if tag.startswith("$"):
            raise ValueError(f"malformed cache entry {tag!r}")
    return obj


def decode(text: str | bytes) -> Any:
    """The inverse of ``json.dumps(encode(value))``; a malformed document raises ValueError."""
    return json.loads(text, object_hook=_decode_object)


# ---------------------------------------------------------------------------- ownership


def _own_and_private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def usable_dir(directory: Path) -> bool:
    """Create the cache directory (0700) if needed; True only when it is safely ours."""
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.stat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _own_and_private(info)


def _read_own_file(path: Path) -> bytes | None:
    """The file's bytes when it is a regular file of ours (never through a symlink)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _own_and_private(info):
            return None
        if info.st_size > MAX_BYTES:
            return None
        return handle.read(MAX_BYTES + 1)


# ---------------------------------------------------------------------------- the cache


def _read(path: Path, key: str) -> LessonPack | None:
    data = _read_own_file(path)
    if data is None:
        return None
    try:
        document = decode(data)
        if document.get("format") != FORMAT or document.get("fingerprint") != key:
            return None
        pack = document["pack"]
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # corrupt or truncated: rebuilt below
    return pack if isinstance(pack, LessonPack) else None


def cached(
    root: Path, sources: list[Path], load: Callable[[], tuple[LessonPack, list[str]]]
) -> tuple[LessonPack, list[str]]:
    """The pack from the cache when its sources are unchanged, else ``load()`` (and store)."""
    directory = cache_dir()
    if not usable_dir(directory):
        return load()
    key = fingerprint(root, sources)
    path = directory / f"pack-{key}.json"
    pack = _read(path, key)
    if pack is not None:
        return pack, []
    pack, problems = load()
    if not problems:
        _store(path, key, pack)
    return pack, problems


def _prune(directory: Path) -> None:
    """Forget all but the most recently written packs (and any older format's files)."""
    for stale in directory.glob("pack-*.pickle"):
        stale.unlink(missing_ok=True)
    entries = sorted(directory.glob("pack-*.json"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-KEEP]:
        old.unlink(missing_ok=True)


def _store(path: Path, key: str, pack: LessonPack) -> None:
    try:
        text = json.dumps({"format": FORMAT, "fingerprint": key, "pack": encode(pack)})
    except (TypeError, ValueError):
        return  # something in the pack has no JSON form: load it afresh each time
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".pack-")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
        temporary = None
        _prune(path.parent)
    except OSError:
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
