"""The lesson-pack cache: used when nothing changed, never when something did."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import MINI
from tutor.core import pack_cache
from tutor.core.loader import LessonPackError, load_pack


@pytest.fixture
def pack_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    return root


def test_second_load_comes_from_the_cache(pack_dir, monkeypatch) -> None:
    first = load_pack(pack_dir)
    assert list((pack_dir.parent / "cache").glob("pack-*.pickle"))
    monkeypatch.setattr("tutor.core.loader._read_pack", lambda *a: pytest.fail("not cached"))
    assert load_pack(pack_dir) == first


def test_an_edited_lesson_is_loaded_afresh(pack_dir) -> None:
    load_pack(pack_dir)
    lesson = pack_dir / "01-first.toml"
    lesson.write_text(lesson.read_text().replace("First steps", "Very first steps"))
    assert load_pack(pack_dir).lessons[0].title == "Very first steps"


def test_a_broken_pack_is_never_cached(pack_dir) -> None:
    (pack_dir / "03-bad.toml").write_text('id = "bad"\n')
    for _ in range(2):
        with pytest.raises(LessonPackError):
            load_pack(pack_dir)
    assert not list((pack_dir.parent / "cache").glob("pack-*.pickle"))


def test_a_corrupt_cache_file_is_ignored(pack_dir) -> None:
    expected = load_pack(pack_dir)
    for cached in (pack_dir.parent / "cache").glob("pack-*.pickle"):
        cached.write_bytes(b"garbage")
    assert load_pack(pack_dir) == expected


def test_old_packs_are_pruned(pack_dir) -> None:
    lesson = pack_dir / "01-first.toml"
    for n in range(pack_cache.KEEP + 3):
        lesson.write_text(lesson.read_text() + f"# edit {n}\n")
        load_pack(pack_dir)
    assert len(list((pack_dir.parent / "cache").glob("pack-*.pickle"))) == pack_cache.KEEP
