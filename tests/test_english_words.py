"""The shipped list of English words near typo targets is current, and it protects them.

The list is made from a dictionary (Debian's wamerican, /usr/share/dict/words) by
`python scripts/gen_english_words.py --write`; the check that it is current runs where that
dictionary is installed, since the reason words or the pack's terms may have changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT, load_script
from tutor.core.knowledge import Knowledge
from tutor.core.language.normalise import ENGLISH_WORDS_FILE, english_words, respelt
from tutor.core.loader import load_pack

SHIPPED = ROOT / "tutor" / "core" / "language" / ENGLISH_WORDS_FILE
DICTIONARY = Path("/usr/share/dict/words")


def _generator():  # type: ignore[no-untyped-def]
    return load_script("gen_english_words")


@pytest.mark.skipif(not DICTIONARY.exists(), reason="no /usr/share/dict/words (wamerican)")
def test_the_shipped_list_is_what_the_dictionary_gives() -> None:
    found = _generator().near_targets(DICTIONARY)
    assert sorted(english_words()) == found, "run scripts/gen_english_words.py --write"


def test_real_words_are_not_read_as_misspelt_terms() -> None:
    assert {"earned", "turned", "players", "vague"} <= english_words()
    assert respelt("earned") == "earned" and respelt("estmiated") == "estimated"
    knowledge = Knowledge(load_pack())
    off_topic = knowledge.ask("how many players are in a football team?")
    assert not off_topic.known
    typo = knowledge.ask("is the number of layres a hyperparameter?")
    assert typo.known and typo.answer == "hyperparameter"
