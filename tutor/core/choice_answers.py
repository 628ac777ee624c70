"""Reading and grading the answers to questions beyond two boxes: a choice, several choices,
a number, or classify's third choice "neither".

A line is read as a choice by its letter ("b", "(b)", "b)"), its number ("2"), or its words
("validation", "the validation set", "it blows up"); several choices by lists ("a and c",
"1, 3", "training and test"); a number by its digits or words ("9", "about 2", "~2.0",
"33 parameters", "nine"). Whatever cannot be read for sure is not graded: ``NotRead`` says
what to type instead.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tutor.core.lessons import NEITHER, Item

LETTERS = "abcdefgh"
_WORD = re.compile(r"[a-z0-9]+")
_LIST_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\band\b|\bor\b|\bplus\b)\s*")
_LEAD = re.compile(
    r"^(?:(?:i\s+(?:think|guess|would\s+say|'d\s+say|pick|choose|say)|my\s+answer\s+is|"
    r"the\s+answers?\s+(?:is|are)|answers?|it\s+is|it's|its|it\s+will|they\s+are|"
    r"probably|maybe|definitely|surely|option|options|choice|choices)\s*[:,]?\s*)+"
)
_NEGATION = re.compile(r"\b(?:not|no|never|none|isn't|aren't|won't|doesn't|don't|nor)\b|n't\b")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "set",
        "data",
        "of",
        "to",
        "it",
        "its",
        "will",
        "be",
        "is",
        "are",
        "would",
        "on",
        "in",
        "with",
        "by",
        "for",
        "from",
        "that",
        "this",
    ]
)
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?(?![\w])")
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
MAX_CHARS = 500
MAX_UNDERSTOOD = 200  # what a class journal record keeps of "understood"


@dataclass(frozen=True)
class Picked:
    """The choices a line names (indices into the item's choices, in order)."""

    indices: tuple[int, ...]


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class NotRead:
    """The line could not be read for sure; ``text`` says what to type (nothing is graded)."""

    text: str


@dataclass(frozen=True)
class Graded:
    understood: str  # what was read, as shown back: "(b) validation", "33"
    correct: bool
    expected: str  # the key as shown: "(b) validation", "33 (within 0.5)"
    reading: str  # "I read that as (b) validation."


def label(choices: tuple[str, ...], index: int) -> str:
    return f"({LETTERS[index]}) {choices[index]}"


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _words(text: str) -> list[str]:
    return [_stem(word) for word in _WORD.findall(text.lower()) if word not in _STOP]


def _plain(text: str) -> str:
    text = " ".join(text.lower().replace("’", "'").split())[:MAX_CHARS]
    text = text.strip(" .!?")
    return _LEAD.sub("", text).strip(" .!?:")


def _one(part: str, choices: tuple[str, ...]) -> int | str | None:
    """The choice one piece of a line names: an index, None (nothing), or "many"."""
    token = part.strip("()[]. ")
    if len(token) == 1 and token in LETTERS[: len(choices)]:
        return LETTERS.index(token)
    if token.isdigit() and 1 <= int(token) <= len(choices):
        return int(token) - 1
    said = set(_words(part))
    if not said:
        return None
    matches = [
        i for i, choice in enumerate(choices) if set(_words(choice)) <= said and _words(choice)
    ]
    if len(matches) > 1:  # "fall faster" also contains "fall": keep the fullest match
        longest = max(len(set(_words(choices[i]))) for i in matches)
        matches = [i for i in matches if len(set(_words(choices[i]))) == longest]
    if len(matches) == 1:
        return matches[0]
    return "many" if matches else None


def read_choices(text: str, choices: tuple[str, ...], *, several: bool) -> Picked | NotRead:
    """The choice (or, with ``several``, the choices) a line names."""
    letters = ", ".join(f"({LETTERS[i]})" for i in range(len(choices)))
    ask = (
        f'Name the choices that apply by letter or words, such as "a and c" ({letters}).'
        if several
        else f"Pick one choice by its letter or its words ({letters})."
    )
    plain = _plain(text)
    if not plain:
        return NotRead(ask)
    in_choices = {w for choice in choices for w in _NEGATION.findall(choice.lower())}
    negations = [w for w in _NEGATION.findall(plain) if w not in in_choices]
    if negations and not _is_neither_choice(plain, choices):
        return NotRead(f'I can\'t grade a choice said with a "not". {ask}')
    if _is_neither_choice(plain, choices):
        return Picked((choices.index(NEITHER),))
    whole = _one(plain, choices)
    if isinstance(whole, int):
        return Picked((whole,))
    parts = [part for part in _LIST_SPLIT.split(plain) if part.strip()]
    found: list[int] = []
    for part in parts:
        one = _one(part, choices)
        if not isinstance(one, int):
            return NotRead(ask)
        if one not in found:
            found.append(one)
    if not found:
        return NotRead(ask)
    if len(found) > 1 and not several:
        return NotRead(f"That names more than one choice. {ask}")
    return Picked(tuple(sorted(found)))


def _is_neither_choice(plain: str, choices: tuple[str, ...]) -> bool:
    """ "neither", "none of them", "neither of the two": the choice itself, not a negation."""
    if NEITHER not in choices:
        return False
    return bool(re.fullmatch(r"(?:neither|none)(?: of (?:them|those|the two|these|both))?", plain))


def read_number(text: str) -> Number | NotRead:
    """The one number a line gives ("33", "about 2", "~2.0", "33 parameters", "nine")."""
    ask = 'Type the number, such as "33" or "about 2.5".'
    plain = " ".join(text.lower().split())[:MAX_CHARS]
    found = {float(match.replace(",", "")) for match in _NUMBER.findall(plain)}
    if not found:
        words = _WORD.findall(plain)
        found = {float(_NUMBER_WORDS[w]) for w in words if w in _NUMBER_WORDS}
        for first, second in zip(words, [*words[1:], ""], strict=False):
            if first in _TENS:
                found.discard(float(_NUMBER_WORDS.get(second, 0)))
                found.add(float(_TENS[first] + _NUMBER_WORDS.get(second, 0)))
    values = [value for value in found if math.isfinite(value)]
    if len(values) != 1:
        return NotRead(ask if not values else f"That gives more than one number. {ask}")
    return Number(values[0])


def shown_number(value: float) -> str:
    return f"{value:g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.3g}"


def grade(item: Item, text: str, key: str | float | tuple[str, ...]) -> Graded | NotRead:
    """Read a line as an answer to ``item`` and grade it against ``key`` (a choice's text, the
    choices that apply, or the number the demo measured)."""
    if item.kind == "number":
        assert isinstance(key, float | int)
        number = read_number(text)
        if isinstance(number, NotRead):
            return number
        unit = f" {item.unit}" if item.unit else ""
        said = shown_number(number.value)
        return Graded(
            understood=said,
            correct=abs(number.value - key) <= item.tolerance,
            expected=f"{shown_number(float(key))}{unit}",
            reading=f"I read that as {said}{unit}.",
        )
    several = item.kind == "multi"
    picked = read_choices(text, item.choices, several=several)
    if isinstance(picked, NotRead):
        return picked
    keys = key if isinstance(key, tuple) else (str(key),)
    wanted = tuple(i for i, choice in enumerate(item.choices) if choice in keys)
    said = ", ".join(label(item.choices, i) for i in picked.indices)
    return Graded(
        understood=", ".join(item.choices[i] for i in picked.indices)[:MAX_UNDERSTOOD],
        correct=picked.indices == wanted,
        expected=", ".join(label(item.choices, i) for i in wanted),
        reading=f"I read that as {said}.",
    )


def offers_neither(item: Item) -> bool:
    return item.kind == "classify" and NEITHER in item.choices


def reads_as_choice(item: Item, text: str) -> bool:
    """For a classify item with "neither": whether the line picks by letter, number or
    "neither" (the classic reader handles everything else)."""
    picked = read_choices(text, item.choices, several=False)
    if not isinstance(picked, Picked):
        return False
    plain = _plain(text)
    return picked.indices == (item.choices.index(NEITHER),) or len(plain.strip("()[]. ")) == 1


def lettered(choices: list[str] | tuple[str, ...]) -> list[str]:
    """The choices as a question lists them: "(a) training", "(b) validation", ..."""
    return [f"({LETTERS[i]}) {choice}" for i, choice in enumerate(choices[: len(LETTERS)])]


def how_to_answer(kind: str, choices: list[str] | tuple[str, ...]) -> str:
    """The one line under a question saying how to answer it (shared by every front end)."""
    letters = [f"{LETTERS[i]}" for i in range(min(len(choices), len(LETTERS)))]
    some = ", ".join(letters[:-1]) + f" or {letters[-1]}" if len(letters) > 1 else "a"
    if kind == "number":
        return 'Answer with a number, such as "12" or "about 2.5".'
    if kind == "multi":
        return 'Pick every choice that applies, such as "a and c".'
    if kind == "classify" and NEITHER not in choices:
        return "Parameter or hyperparameter? Answer in your own words."
    return f"Pick one: {some}, or say it in words."


def lists_choices(kind: str, choices: list[str] | tuple[str, ...]) -> bool:
    """Whether a question shows its choices one per line (all but the plain two boxes)."""
    return bool(choices) and not (kind == "classify" and NEITHER not in choices)
