"""Shared fixtures: a small lesson pack and a throwaway progress store."""

from __future__ import annotations

import pytest

from tests.helpers import MINI
from tutor.core.loader import load_pack
from tutor.core.progress import ProgressStore


@pytest.fixture
def mini_pack():
    return load_pack(MINI)


@pytest.fixture
def store(tmp_path):
    progress = ProgressStore(tmp_path / "data", "ada")
    yield progress
    progress.close()
