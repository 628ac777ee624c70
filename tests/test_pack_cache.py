"""The lesson-pack cache: used when nothing changed, never when something did, and never a
way for a file to run code or for another user to feed a learner a pack."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT
from tutor.core import loader, pack_cache
from tutor.core.loader import LessonPackError, load_pack

NOBODY = 65534


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def pack_dir(tmp_path, cache) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every time the loader really reads a pack (a cache miss)."""
    calls: list[Path] = []
    real = loader._read_pack

    def spy(root, report):
        calls.append(root)
        return real(root, report)

    monkeypatch.setattr(loader, "_read_pack", spy)
    return calls


def _files(cache: Path) -> list[Path]:
    return sorted(cache.glob("pack-*.json"))


def test_second_load_comes_from_the_cache(pack_dir, cache, reads) -> None:
    first = load_pack(pack_dir)
    assert len(_files(cache)) == 1
    assert load_pack(pack_dir) == first
    assert len(reads) == 1


def test_the_cache_is_json_of_the_pack_and_decodes_to_equal_dataclasses(pack_dir, cache) -> None:
    fresh = load_pack(pack_dir, use_cache=False)
    load_pack(pack_dir)
    document = json.loads(_files(cache)[0].read_text())
    assert document["format"] == pack_cache.FORMAT
    assert pack_cache.decode(_files(cache)[0].read_bytes())["pack"] == fresh
    assert load_pack(pack_dir) == fresh


def test_the_directory_is_created_private(pack_dir, cache) -> None:
    load_pack(pack_dir)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert all(path.stat().st_mode & 0o077 == 0 for path in _files(cache))


def test_an_edited_lesson_is_loaded_afresh(pack_dir) -> None:
    load_pack(pack_dir)
    lesson = pack_dir / "01-first.toml"
    lesson.write_text(lesson.read_text().replace("First steps", "Very first steps"))
    assert load_pack(pack_dir).lessons[0].title == "Very first steps"


def test_a_broken_pack_is_never_cached(pack_dir, cache) -> None:
    (pack_dir / "03-bad.toml").write_text('id = "bad"\n')
    for _ in range(2):
        with pytest.raises(LessonPackError):
            load_pack(pack_dir)
    assert not _files(cache)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"garbage",
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",
        lambda data: data.replace(b'"$type": "Step"', b'"$type": "Popen"', 1),
        lambda data: data.replace(b'"$tuple"', b'"$call"', 1),
    ],
    ids=["garbage", "truncated", "empty", "unknown type", "unknown tag"],
)
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(pack_dir, cache, reads, damage) -> None:
    expected = load_pack(pack_dir)
    (cached,) = _files(cache)
    good = cached.read_bytes()
    cached.write_bytes(damage(good))
    assert load_pack(pack_dir) == expected
    assert len(reads) == 2
    assert cached.read_bytes() == good  # rebuilt
    assert load_pack(pack_dir) == expected and len(reads) == 2


def test_a_pickle_in_the_cache_is_never_run(pack_dir, cache, tmp_path) -> None:
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    expected = load_pack(pack_dir)
    (cached,) = _files(cache)
    cached.write_bytes(pickle.dumps(Payload()))
    (cache / cached.name.replace(".json", ".pickle")).write_bytes(pickle.dumps(Payload()))
    assert load_pack(pack_dir) == expected
    assert not marker.exists()


def _plant(cache: Path, pack_dir: Path, title: str) -> Path:
    """A well-formed cache file for ``pack_dir`` whose first lesson has another title."""
    load_pack(pack_dir)
    (cached,) = _files(cache)
    text = cached.read_text()
    cached.write_text(text.replace('"First steps"', json.dumps(title), 1))
    assert load_pack(pack_dir).lessons[0].title == title  # the planted file is used...
    return cached


def test_a_group_or_world_writable_directory_is_refused(pack_dir, cache) -> None:
    _plant(cache, pack_dir, "Planted")
    for mode in (0o777, 0o770, 0o702):
        cache.chmod(mode)
        assert load_pack(pack_dir).lessons[0].title == "First steps"  # ...until it is not ours
    cache.chmod(0o700)
    assert load_pack(pack_dir).lessons[0].title == "Planted"


def test_a_writable_or_linked_file_is_not_read(pack_dir, cache) -> None:
    planted = _plant(cache, pack_dir, "Planted")
    planted.chmod(0o666)
    assert load_pack(pack_dir).lessons[0].title == "First steps"
    elsewhere = cache.parent / "elsewhere.json"
    planted.chmod(0o600)
    planted.rename(elsewhere)
    planted.symlink_to(elsewhere)
    load_pack(pack_dir)
    assert not planted.is_symlink()  # replaced by a real file of our own


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root (CI runs as root)")


@needs_root
def test_a_directory_owned_by_someone_else_is_refused(pack_dir, cache) -> None:
    planted = _plant(cache, pack_dir, "Planted")
    os.chown(cache, NOBODY, NOBODY)
    assert load_pack(pack_dir).lessons[0].title == "First steps"
    assert _files(cache) == [planted]  # and nothing written into it
    os.chown(cache, 0, 0)
    assert load_pack(pack_dir).lessons[0].title == "Planted"


@needs_root
def test_a_file_owned_by_someone_else_is_not_read(pack_dir, cache) -> None:
    planted = _plant(cache, pack_dir, "Planted")
    os.chown(planted, NOBODY, NOBODY)
    assert load_pack(pack_dir).lessons[0].title == "First steps"


def test_a_change_to_the_validating_code_makes_the_cache_stale(
    pack_dir, reads, tmp_path, monkeypatch
) -> None:
    package = tmp_path / "package"
    for relative in pack_cache.VALIDATING_CODE:
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "tutor" / relative, package / relative)
    monkeypatch.setattr(pack_cache, "_PACKAGE", package)
    load_pack(pack_dir)
    load_pack(pack_dir)
    assert len(reads) == 1
    for n, relative in enumerate(("demos/catalog.py", "core/loader.py", "core/pack_cache.py")):
        with (package / relative).open("a") as handle:
            handle.write("# a change\n")
        load_pack(pack_dir)
        assert len(reads) == n + 2, relative


def test_the_fingerprint_covers_every_module_that_loading_a_pack_imports() -> None:
    script = (
        "import sys\n"
        "from tutor.core.loader import load_pack\n"
        "load_pack(use_cache=False)\n"
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items()"
        " if n.split('.')[0] == 'tutor'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    imported = {Path(line).resolve() for line in result.stdout.splitlines()}
    covered = {(ROOT / "tutor" / relative).resolve() for relative in pack_cache.VALIDATING_CODE}
    assert imported - covered == set()


def test_old_packs_are_pruned(pack_dir, cache) -> None:
    (cache).mkdir(mode=0o700)
    (cache / "pack-0123.pickle").write_bytes(b"from an older version")
    lesson = pack_dir / "01-first.toml"
    for n in range(pack_cache.KEEP + 3):
        lesson.write_text(lesson.read_text() + f"# edit {n}\n")
        load_pack(pack_dir)
    assert len(_files(cache)) == pack_cache.KEEP
    assert not list(cache.glob("*.pickle"))


def test_a_pack_reached_by_another_path_keeps_that_path(pack_dir, tmp_path) -> None:
    link = tmp_path / "link"
    link.symlink_to(pack_dir)
    assert load_pack(pack_dir).root == pack_dir
    assert load_pack(link).root == link
    assert load_pack(pack_dir).root == pack_dir
