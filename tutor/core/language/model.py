"""The answer reader's small trained model: a linear classifier over hashed word and character
n-grams, its weights shipped as data and loaded (with the standard library only) on first use.

Two models of the same form: the answer model (parameter, hyperparameter, unclear, other) and
the intent model, which says what a line that is not an answer asks for (a question, one of the
commands, one of the follow-ups). scripts/train_reader.py trains both with numpy from
corpus/reader/; this module only reads them.
"""

from __future__ import annotations

import functools
import math
import zlib
from array import array
from dataclasses import dataclass
from typing import Any

from tutor.core.language.concepts import concept
from tutor.core.language.negation import negation_marks
from tutor.core.language.vocabulary import NEGATORS, REASONS

CLASSES = ("parameter", "hyperparameter", "unclear", "other")
MODEL_FILE = "reader_model.json"
WEIGHTS_FILE = "reader_weights.bin"
INTENT_MODEL_FILE = "intent_model.json"
INTENT_WEIGHTS_FILE = "intent_weights.bin"


@dataclass(frozen=True)
class FeatureSettings:
    """How a line becomes features: these are hyperparameters of the reader."""

    buckets: int = 1 << 16  # size of the hashed feature space
    char_min: int = 3  # shortest character n-gram
    char_max: int = 5  # longest character n-gram
    word_bigrams: bool = True
    concepts: bool = False  # word-class features (concepts.py); off in models trained without


def features(normal: str, settings: FeatureSettings) -> list[str]:
    """The features of a normalised line; words in a negated clause are marked with "~"."""
    words = [word for word in normal.split(" ") if word]
    marks = negation_marks(words)
    out: list[str] = []
    previous = "<s>"
    for word, negated in zip(words, marks, strict=True):
        if not word[0].isalnum():
            out.append("p:" + word)
            previous = word
            continue
        tag = "~" if negated else ""
        out.append("w:" + tag + word)
        if settings.word_bigrams:
            out.append(f"b:{previous}_{tag}{word}")
        padded = f"<{word}>"
        for size in range(settings.char_min, settings.char_max + 1):
            for start in range(0, len(padded) - size + 1):
                out.append(f"c{tag}:{padded[start : start + size]}")
        previous = tag + word
    if settings.word_bigrams:
        out.append(f"b:{previous}_</s>")
    out.extend(_reason_features(words, marks))
    if settings.concepts:
        out.extend(_concept_features(words, marks))
    out.append(f"n:{min(len(words), 12) // 3}")
    return out


_ARTICLES = frozenset({"the", "a", "an", "its", "it", "their", "my", "your", "this", "that"})


def _concept_features(words: list[str], marks: list[bool]) -> list[str]:
    """The class of each word that has one, "~"-marked when negated; with the word before it
    (articles skipped: "by the data" gives "by DATA") and the class before it ("chosen before
    training" gives "CHOOSE BEFORE" and "BEFORE TRAINING")."""
    out = []
    previous_word = "<s>"
    previous_class = ""
    for word, negated in zip(words, marks, strict=True):
        found = concept(word)
        if found is None:
            if word not in _ARTICLES:
                previous_word = word
            continue
        tag = "~" if negated else ""
        out.append(f"k:{tag}{found}")
        out.append(f"kw:{previous_word}_{tag}{found}")
        if previous_class:
            out.append(f"kk:{previous_class}_{tag}{found}")
        previous_class = tag + found
        previous_word = word
    return out


def _reason_features(words: list[str], marks: list[bool]) -> list[str]:
    """One feature per reason phrase found, "~"-marked when its clause negates it."""
    text = " ".join(words)
    starts = []  # character offset of each word, to find the negation mark of a match
    offset = 0
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    out = []
    for pattern, side in REASONS:
        for match in pattern.finditer(text):
            index = max(i for i, start in enumerate(starts) if start <= match.start())
            inside = sum(word in NEGATORS for word in match.group(0).split(" "))
            flipped = marks[index] != (inside % 2 == 1)
            tag = "~" if flipped else ""
            out.append(f"r:{tag}{side}")
            out.append(f"r:{tag}{side}:{pattern.pattern[:12]}")
    return out


def hashed(normal: str, settings: FeatureSettings) -> dict[int, float]:
    """Bucket -> value, each line scaled to unit length so long lines do not shout."""
    counts: dict[int, float] = {}
    for feature in features(normal, settings):
        bucket = zlib.crc32(feature.encode("utf-8")) & (settings.buckets - 1)
        counts[bucket] = counts.get(bucket, 0.0) + 1.0
    norm = math.sqrt(sum(value * value for value in counts.values())) or 1.0
    return {bucket: value / norm for bucket, value in counts.items()}


@dataclass(frozen=True)
class ReaderModel:
    settings: FeatureSettings
    weights: array[int]  # buckets x classes, row-major, as int16 times ``scale``
    scale: float
    bias: tuple[float, ...]
    threshold: float  # below this probability the reader asks instead of grading
    contradiction_threshold: float
    info: dict[str, Any]
    classes: tuple[str, ...] = CLASSES

    def probabilities(self, normal: str) -> dict[str, float]:
        width = len(self.classes)
        scores = list(self.bias)
        for bucket, value in hashed(normal, self.settings).items():
            row = bucket * width
            for index in range(width):
                scores[index] += self.weights[row + index] * self.scale * value
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {name: exp / total for name, exp in zip(self.classes, exps, strict=True)}


def from_files(meta: dict[str, Any], blob: bytes) -> ReaderModel:
    settings = FeatureSettings(**meta["settings"])
    weights = array("h")
    weights.frombytes(zlib.decompress(blob))
    classes = tuple(str(name) for name in meta.get("classes", CLASSES))
    if len(weights) != settings.buckets * len(classes):
        raise ValueError("the reader's weights do not match its settings")
    return ReaderModel(
        settings,
        weights,
        float(meta["scale"]),
        tuple(float(b) for b in meta["bias"]),
        float(meta["threshold"]),
        float(meta["contradiction_threshold"]),
        dict(meta.get("info", {})),
        classes,
    )


def _shipped(model_file: str, weights_file: str) -> ReaderModel:
    import json
    from pathlib import Path

    package = Path(__file__).resolve().parent
    meta = json.loads((package / model_file).read_text(encoding="utf-8"))
    return from_files(meta, (package / weights_file).read_bytes())


@functools.cache
def shipped_model() -> ReaderModel:
    """The answer model shipped in the package, loaded once, on first use."""
    return _shipped(MODEL_FILE, WEIGHTS_FILE)


@functools.cache
def shipped_intent_model() -> ReaderModel:
    """The intent model shipped in the package, loaded once, on first use."""
    return _shipped(INTENT_MODEL_FILE, INTENT_WEIGHTS_FILE)
