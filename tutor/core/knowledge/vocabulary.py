"""The library vocabulary: quantities of scikit-learn, PyTorch, Keras and the boosting
libraries, and the models and libraries a question can name, read from the data files.

The data lives in ``data/``: ``quantities.toml`` (written by hand: each quantity's kind and
explanation, and where that meaning applies), ``models.toml`` (models, layers and libraries
with the words learners use for them) and ``sklearn.json`` (every listed scikit-learn
estimator's constructor arguments and fitted attributes, generated from scikit-learn itself by
``scripts/gen_sklearn_vocabulary.py``). Nothing here imports those libraries. The files are read
once, on the first question.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

from tutor.core.knowledge.pack import _CONTRACTIONS, _norm_word

DATA = Path(__file__).with_name("data")
KINDS = frozenset({"parameter", "hyperparameter", "neither"})
LIBRARIES = frozenset({"sklearn", "pytorch", "keras", "xgboost", "lightgbm", "catboost"})
FAMILIES = frozenset({"nn", "boosting"})  # broad groups: weaker evidence than a model's family
DISPLAY = {
    "sklearn": "scikit-learn",
    "pytorch": "PyTorch",
    "keras": "Keras",
    "xgboost": "XGBoost",
    "lightgbm": "LightGBM",
    "catboost": "CatBoost",
    "neural_network": "a neural network",
    "reinforcement_learning": "reinforcement learning",
    "optimizer": "an optimizer",
    "gradient_descent": "gradient descent",
    "scheduler": "a learning-rate scheduler",
    "BatchNorm": "batch normalisation",
    "LayerNorm": "layer normalisation",
    "Conv": "a convolutional layer",
    "RNN": "a recurrent layer",
    "Attention": "an attention layer",
    "Linear": "nn.Linear",
    "Dense": "a Keras Dense layer",
    "Embedding": "an embedding layer",
    "Dropout": "a dropout layer",
    "Trainer": "the Trainer",
}
_ARTICLES = frozenset({"a", "an", "the"})
_RAW = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*(?:\(\))?")
_POSSESSIVE = " possessive_s_ "
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@dataclass(frozen=True)
class Token:
    """One piece of a question: a normalised word, and the identifier it came from (if any)."""

    word: str
    ident: str | None = None  # the whole identifier ("min_samples_leaf") on its first word
    ident_end: int = 0  # index just past the identifier's last word
    possessive: bool = False  # written with 's ("the tokenizer's vocabulary")
    raw: str = ""  # the word as written (lower case)
    call: bool = False  # the identifier was written as a call ("loss.backward()")
    assigned: bool = False  # followed by "=" ("loss='hinge'"): a name given a value
    after_article: bool = False  # an article stood right before it ("alpha a weight")


def tokenize(text: str) -> list[Token]:
    """Words for matching: lower case, no articles, singular; identifiers kept whole too."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    # "cómo" is one word, not "c" and "mo": accents go, as in the reader's own folding
    text = "".join(
        char
        for char in unicodedata.normalize("NFKD", text.replace("ß", "ss"))
        if not unicodedata.combining(char)
    )
    if "'" in text:
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(_POSSESSIVE if pattern.pattern == r"'s\b" else replacement, text)
    tokens: list[Token] = []
    article = False
    for found in _RAW.finditer(text):
        raw = found.group(0)
        after_article, article = article, raw in _ARTICLES
        assigned = text[found.end() : found.end() + 3].lstrip().startswith("=")
        if raw == _POSSESSIVE.strip():
            if tokens:
                tokens[-1] = replace(tokens[-1], possessive=True)
            continue
        bare = raw[:-2] if raw.endswith("()") else raw
        if "_" in bare or "." in bare or raw.endswith("()"):
            parts = [_norm_word(part) for part in re.split(r"[._]+", bare) if part]
            parts = [part for part in parts if part not in _ARTICLES] or parts
            if not parts:
                continue
            start = len(tokens)
            call = raw.endswith("()")
            first = Token(parts[0], bare, start + len(parts), raw=parts[0], call=call)
            tokens.append(replace(first, assigned=assigned, after_article=after_article))
            tokens.extend(Token(part, raw=part) for part in parts[1:])
        elif raw not in _ARTICLES:
            tokens.append(
                Token(_norm_word(raw), raw=raw, assigned=assigned, after_article=after_article)
            )
    return tokens


def phrase_keys(phrase: str) -> tuple[str | None, list[str], int]:
    """(identifier key, word keys, most words) for a name or alias in the data.

    A CamelCase name is keyed as typed ("kneighborsclassifier") and split into its words
    ("k neighbours classifier"), so both spellings find it.
    """
    spaced = _CAMEL.sub(" ", phrase) if re.fullmatch(r"[A-Za-z0-9]+", phrase) else phrase
    tokens = tokenize(phrase)
    words = tokenize(spaced) if spaced != phrase else tokens
    ident = tokens[0].ident if len(tokens) and tokens[0].ident_end == len(tokens) else None
    keys = ["".join(token.word for token in words)]
    whole = "".join(token.word for token in tokens)
    if whole not in keys:
        keys.append(whole)
    return ident, [key for key in keys if key], max(len(words), len(tokens))


class Estimator(TypedDict):
    """One scikit-learn estimator in sklearn.json."""

    module: str
    params: list[str]
    learned: list[str]


@dataclass(frozen=True)
class Sense:
    """One meaning of a quantity's name: its kind, where it applies, and why."""

    names: tuple[str, ...]
    kind: str
    text: str
    where: frozenset[str] = frozenset()  # lower-cased model, family and library keys
    places: tuple[str, ...] = ()  # the same, in the order the data gives them
    default: bool = False
    generated: str = ""  # "param" or "learned" for meanings read from sklearn.json alone
    estimators: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class Model:
    key: str  # as written in the data ("GradientBoostingClassifier", "xgboost")
    groups: frozenset[str]  # lower-cased, including the key itself
    names: tuple[str, ...] = ()  # lower-cased aliases ("support vector machine")

    @property
    def display(self) -> str:
        return DISPLAY.get(self.key, self.key)

    @property
    def is_estimator(self) -> bool:
        return "sklearn" in self.groups and self.key != "sklearn"


@dataclass
class Vocabulary:
    senses: list[Sense] = field(default_factory=list)
    # key -> [(sense, how the key names it: 0 the name typed exactly, 1 a name, 2 an alias,
    # 3 a fitted name typed without its trailing underscore)]
    by_ident: dict[str, list[tuple[Sense, int]]] = field(default_factory=dict)
    by_words: dict[str, list[tuple[Sense, int]]] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    model_ident: dict[str, list[str]] = field(default_factory=dict)
    model_words: dict[str, list[str]] = field(default_factory=dict)
    estimators: dict[str, Estimator] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)  # every word the data uses
    _idents: list[str] = field(default_factory=list)
    longest: int = 1

    def _index(
        self, table: dict[str, list[tuple[Sense, int]]], key: str, entry: tuple[Sense, int]
    ) -> None:
        bucket = table.setdefault(key, [])
        for index, (other, rank) in enumerate(bucket):
            if other is entry[0]:
                bucket[index] = (other, min(rank, entry[1]))
                return
        bucket.append(entry)

    def add_sense(self, sense: Sense, aliases: list[str], *, words_too: bool = True) -> None:
        self.senses.append(sense)
        for rank, phrase in [(1, name) for name in sense.names] + [(2, a) for a in aliases]:
            ident, words, count = phrase_keys(phrase)
            self.longest = max(self.longest, count)
            self.words.update(token.word for token in tokenize(phrase))
            if ident is not None:
                self._index(self.by_ident, ident, (sense, 0))
            if not words_too and rank == 1:
                if ident is None:
                    self._index(self.by_ident, phrase.lower(), (sense, 0))
                continue  # "multi_class", not the "multiclass" of "multiclass classification"
            fitted = rank == 1 and phrase.endswith("_") and not phrase.endswith("__")
            for key in words:
                self._index(self.by_words, key, (sense, 3 if fitted else rank))

    @property
    def idents(self) -> list[str]:
        """Every snake_case name the data holds (for reading typos in them)."""
        if not self._idents:
            self._idents = sorted(key for key in self.by_ident if "_" in key)
        return self._idents

    def knows(self, phrase: str) -> bool:
        """Whether a quantity or model is named like this ("k-nearest neighbours")."""
        _, keys, _ = phrase_keys(phrase)
        return any(key in table for key in keys for table in (self.by_words, self.model_words))

    def lookup(self, name: str) -> list[tuple[Sense, int]]:
        """The meanings of a library name as the data spells it ("copy_X", "alpha")."""
        ident, keys, _ = phrase_keys(name)
        if ident is not None and ident in self.by_ident:
            return self.by_ident[ident]
        return self.by_words.get(keys[0], []) if keys else []

    def add_model(
        self, key: str, groups: set[str], aliases: list[str], *, key_is_alias: bool = True
    ) -> None:
        known = self.models.get(key)
        merged = set(groups) | {key.lower()} | (set(known.groups) if known else set())
        names = (*(known.names if known else ()), *(alias.lower() for alias in aliases))
        self.models[key] = Model(key, frozenset(merged), names)
        for phrase in [key, *aliases] if key_is_alias else aliases:
            ident, words, count = phrase_keys(phrase)
            self.longest = max(self.longest, count)
            self.words.update(token.word for token in tokenize(phrase))
            for table, entries in ((self.model_ident, [ident]), (self.model_words, words)):
                for entry in entries:
                    if entry:
                        bucket = table.setdefault(entry, [])
                        if key not in bucket:
                            bucket.append(key)


def _read_toml(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def generated_text(name: str, kind: str, estimators: list[str]) -> str:
    shown = ", ".join(estimators[:4]) + (" and others" if len(estimators) > 4 else "")
    if kind == "hyperparameter":
        return (
            f"{name} is a constructor argument of {shown} in scikit-learn: get_params() lists "
            "it, you set it before fit(), and fit() only reads it. So it is a hyperparameter "
            "(I have no note on what it does, so check the estimator's documentation)."
        )
    return (
        f"{name} is written by fit() in {shown} (scikit-learn names what fit() computes with a "
        "trailing underscore), so it comes from the training data: most likely a parameter, "
        "unless it is only a count or a score the fit reports."
    )


@cache
def load() -> Vocabulary:
    """The vocabulary, read from the data files once."""
    vocabulary = Vocabulary()
    sklearn = json.loads((DATA / "sklearn.json").read_text(encoding="utf-8"))["estimators"]
    vocabulary.estimators = sklearn
    models_data = _read_toml("models.toml")["model"]
    assert isinstance(models_data, dict)
    for class_name, info in sklearn.items():
        words = _CAMEL.sub(" ", class_name)
        aliases = [words] if words != class_name else []
        vocabulary.add_model(class_name, {str(info["module"]), "sklearn"}, aliases)
    for key, entry in models_data.items():
        vocabulary.add_model(
            key,
            set(entry.get("groups", [])),
            list(entry.get("aka", [])),
            key_is_alias=bool(entry.get("key_is_alias", True)),
        )
    written_aliases: set[str] = set()
    entries = _read_toml("quantities.toml")["q"]
    assert isinstance(entries, list)
    for entry in entries:
        written_aliases.update(entry.get("aka", []))
        sense = Sense(
            names=tuple(entry["names"]),
            kind=entry["kind"],
            text=entry["text"],
            where=frozenset(str(place).lower() for place in entry.get("in", [])),
            places=tuple(str(place).lower() for place in entry.get("in", [])),
            default=bool(entry.get("default", False)),
        )
        words_too = not entry.get("identifier_only", False)
        vocabulary.add_sense(sense, list(entry.get("aka", [])), words_too=words_too)
    # scikit-learn names that no written meaning covers get the reading the library implies.
    written = {name for sense in vocabulary.senses for name in sense.names} | written_aliases
    found: dict[tuple[str, str], list[str]] = {}
    for class_name, info in sklearn.items():
        for kind, names in (("param", info["params"]), ("learned", info["learned"])):
            for name in names:
                if name not in written:
                    found.setdefault((name, kind), []).append(class_name)
    for (name, origin), estimators in sorted(found.items()):
        kind = "hyperparameter" if origin == "param" else "parameter"
        sense = Sense(
            names=(name,),
            kind=kind,
            text=generated_text(name, kind, estimators),
            where=frozenset(estimator.lower() for estimator in estimators),
            places=tuple(estimator.lower() for estimator in estimators),
            generated=origin,
            estimators=tuple(estimators),
        )
        vocabulary.add_sense(sense, [])
    return vocabulary
