"""Build corpus/reader/{train,dev,test}.jsonl from the hand-written lines in corpus/reader/src/.

Each source line is ``label[:detail]<TAB>pattern<TAB>text``; ``#`` starts a comment. A modest
share of answer lines also gets one systematic variant (a typo, a filler, shouting, stretched
letters), written beside its source line so that a line and its variant always land in the
same split. The split is by a hash of the source text: 70% train, 15% dev, 15% test.
It also writes the reader's list of known words (tutor/core/language/known_words.txt): the
words of five letters or more that appear in at least two training lines (not counting lines
misspelt on purpose), which the reader never takes for misspellings. Deterministic: the same sources give byte-identical files.

    python scripts/build_reader_corpus.py
"""

from __future__ import annotations

import json
import random
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus" / "reader" / "src"
OUT = ROOT / "corpus" / "reader"
ITEMS = ROOT / "corpus" / "reader" / "items.tsv"
sys.path.insert(0, str(ROOT))

from tutor.core.language.normalise import KNOWN_WORDS_FILE, fold  # noqa: E402

LESSONS = ROOT / "lessons"
KNOWN_WORDS = ROOT / "tutor" / "core" / "language" / KNOWN_WORDS_FILE
FALLBACK_ITEMS = ("slope-m", "gd-learning-rate", "kmeans-k", "kmeans-centroids")

_FILLERS = ("um ", "ok so ", "hmm ", "i think ", "well ", "so ", "uh, ", "ok ")
_TAILS = (" lol", " i guess", " tbh", "!", " I think", " probably", "?", " haha", " :)", "...")


def _items() -> list[str]:
    if not ITEMS.exists():
        return list(FALLBACK_ITEMS)
    lines = ITEMS.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines if line.strip()]


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # swap two letters
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == 1:  # drop a letter
        word = word[:at] + word[at + 1 :]
    else:  # double a letter
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def _variant(text: str, rng: random.Random) -> tuple[str, str]:
    kind = rng.randrange(5)
    if kind == 0:
        return _typo(text, rng), "typo"
    if kind == 1:
        return rng.choice(_FILLERS) + text, "chatty"
    if kind == 2:
        return text.rstrip(".!?") + rng.choice(_TAILS), "chatty"
    if kind == 3:
        return text.upper(), "shouting"
    words = text.split(" ")
    i = rng.randrange(len(words))
    word = words[i]
    vowels = [j for j, ch in enumerate(word) if ch in "aeiou"]
    if vowels:
        j = rng.choice(vowels)
        words[i] = word[:j] + word[j] * 3 + word[j + 1 :]
    return " ".join(words), "stretched"


def _split(text: str) -> str:
    bucket = zlib.crc32(text.encode("utf-8")) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def _record(label: str, pattern: str, text: str, item: str) -> dict[str, object]:
    kind, _, detail = label.partition(":")
    record: dict[str, object] = {"text": text, "item": item, "label": kind, "pattern": pattern}
    if kind == "unclear" and detail:
        record["why"] = detail
    elif kind in ("command", "followup"):
        record[kind] = detail
    if pattern == "numbered":
        record["numbered"] = True
    return record


def build() -> dict[str, list[dict[str, object]]]:
    items = _items()
    splits: dict[str, list[dict[str, object]]] = {"train": [], "dev": [], "test": []}
    seen: set[tuple[str, bool]] = set()
    for path in sorted(SOURCES.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            label, pattern, text = raw.split("\t", 2)
            key = (text, pattern == "numbered")
            if key in seen:
                continue
            seen.add(key)
            rng = random.Random(zlib.crc32(raw.encode("utf-8")))
            item = items[zlib.crc32(text.encode("utf-8")) % len(items)]
            split = splits[_split(text)]
            split.append(_record(label, pattern, text, item))
            answer_like = label in ("parameter", "hyperparameter", "unclear:contradiction")
            if answer_like and pattern != "numbered" and rng.random() < 0.42:
                varied, kind = _variant(text, rng)
                if varied != text and (varied, False) not in seen:
                    seen.add((varied, False))
                    split.append(_record(label, kind, varied, item))
    return splits


# Lines written misspelt on purpose: their words are not evidence of a real word ("trainnig"
# in two typo lines must still be put right to "training").
_MISSPELT_PATTERNS = frozenset({"typo", "stretched", "keyboard-slip"})


def known_words(records: list[dict[str, object]]) -> list[str]:
    """Words of five letters or more in at least two different training lines that are not
    misspelt on purpose, and every such word of the lesson pack (edited text, spelt right)."""
    counts: Counter[str] = Counter()
    for record in records:
        if record.get("pattern") in _MISSPELT_PATTERNS:
            continue
        counts.update(set(re.findall(r"[a-z]{5,}", fold(str(record["text"])))))
    known = {word for word, count in counts.items() if count >= 2}
    for path in sorted(LESSONS.glob("*.toml")):
        known |= set(re.findall(r"[a-z]{5,}", fold(path.read_text(encoding="utf-8"))))
    return sorted(known)


def main() -> None:
    splits = build()
    KNOWN_WORDS.write_text("\n".join(known_words(splits["train"])) + "\n", encoding="utf-8")
    for name, records in splits.items():
        lines = [json.dumps(record, ensure_ascii=False) for record in records]
        (OUT / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(records)} lines")


if __name__ == "__main__":
    main()
