"""Shared fixtures: a small lesson pack and a throwaway progress store."""

from __future__ import annotations

import pytest

from tests.helpers import MINI
from tutor.core.loader import load_pack
from tutor.core.progress import ProgressStore


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Keep the tests' lesson-pack cache away from the user's own."""
    import os

    os.environ["TUTOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def mini_pack():
    return load_pack(MINI)


@pytest.fixture
def store(tmp_path):
    progress = ProgressStore(tmp_path / "data", "ada")
    yield progress
    progress.close()
