"""A per-user cache of validated lesson packs, so start-up skips TOML parsing and checks.

The key covers the package version, the demo registry and every lesson file's path, size
and modification time; any change to them loads and validates the pack afresh. Packs with
problems are never cached. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

from tutor import __version__
from tutor.core.lessons import LessonPack


def _proxy(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


copyreg.pickle(MappingProxyType, lambda proxy: (_proxy, (dict(proxy),)))


def cache_dir() -> Path:
    if os.environ.get("TUTOR_CACHE_DIR"):
        return Path(os.environ["TUTOR_CACHE_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tutor", appauthor=False))


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    registry = Path(__file__).resolve().parent.parent / "demos" / "registry.py"
    for path in sorted({*paths, registry}):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def cached(
    root: Path, sources: list[Path], load: Callable[[], tuple[LessonPack, list[str]]]
) -> tuple[LessonPack, list[str]]:
    """The pack from the cache when its sources are unchanged, else ``load()`` (and store)."""
    path = cache_dir() / f"pack-{_fingerprint(sources)}.pickle"
    try:
        with path.open("rb") as handle:
            pack = pickle.load(handle)
        if isinstance(pack, LessonPack):
            return pack, []
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    pack, problems = load()
    if not problems:
        _store(path, pack)
    return pack, problems


KEEP = 8  # packs remembered at once (the built-in one, a few of a lesson author's)


def _prune(directory: Path) -> None:
    """Forget all but the most recently written packs."""
    entries = sorted(directory.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-KEEP]:
        old.unlink(missing_ok=True)


def _store(path: Path, pack: LessonPack) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".pack-")
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump(pack, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        _prune(path.parent)
    except (OSError, pickle.PicklingError, TypeError):
        pass
