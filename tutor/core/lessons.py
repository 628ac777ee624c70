"""The lesson model: what the loader builds from TOML and the engine walks through."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

ANSWERS: tuple[str, str] = ("parameter", "hyperparameter")
NEITHER = "neither"  # a classify item's honest third choice (bookkeeping, a measure, a score)
QUESTION_KINDS: tuple[str, ...] = ("classify", "choice", "predict", "number", "multi")
"""classify: parameter or hyperparameter (or neither); choice: one of several labelled
choices; predict: one choice, the key taken from running the item's demo live; number: a
number the item's demo measures, within a tolerance; multi: every choice that applies."""
LIVE_KINDS: tuple[str, ...] = ("predict", "number")  # keys computed by running the demo


@dataclass(frozen=True)
class DemoCall:
    """A demo named from the package's registry, with arguments checked at load time."""

    name: str
    args: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Item:
    """One quantity of one model that the learner classifies."""

    id: str
    term: str
    family: str
    model: str
    answer: str
    why: str
    hint: str
    demo: DemoCall
    question: str = ""
    aliases: tuple[str, ...] = ()
    note: str = ""  # why the key is debated, when it is
    source: str = ""  # "path:line" of the item's table
    kind: str = "classify"  # one of QUESTION_KINDS
    choices: tuple[str, ...] = ANSWERS  # in the order shown, lettered (a), (b), ...
    answers: tuple[str, ...] = ()  # multi: every choice that applies
    # predict: which choice the demo's numbers decide, as claims with a ``choice`` each:
    # {"choice": "blow up", "measure": "diverged_runs", "at_least": 1}
    decide: tuple[Mapping[str, Any], ...] = ()
    measure: str = ""  # number: the demo's measure that holds the key
    tolerance: float = 0.0  # number: how far an answer may be from the measure
    unit: str = ""  # number: what is counted ("parameters"), shown with the key

    @property
    def live_key(self) -> bool:
        """Whether the key comes from running the demo (predict, number), never from the file."""
        return self.kind in LIVE_KINDS

    def question_text(self) -> str:
        if self.question:
            return self.question
        if NEITHER in self.choices:
            return f"In {self.model}: **{self.term}**. Parameter, hyperparameter or neither?"
        return f"In {self.model}: **{self.term}**. Parameter or hyperparameter?"

    def verdict(self) -> str:
        """The key as a sentence that agrees with the term: "**the biases** are
        **parameters**", "**the learning rate** is a **hyperparameter**"."""
        if self.kind != "classify":
            keys = self.answers if self.kind == "multi" else (self.answer,)
            shown = ", ".join(f"**{key}**" for key in keys if key) or "the run's result"
            return f"The answer to “{self.term}” is {shown}"
        if self.answer == NEITHER:
            verb = "are" if names_several(self.term) else "is"
            return f"**{self.term}** {verb} **neither** a parameter nor a hyperparameter"
        if self.family == TABLE_FAMILY:  # the term is a row of the table, not a quantity
            return f"**{self.term}** describes the **{self.answer}s**"
        if names_several(self.term):
            return f"**{self.term}** are **{self.answer}s**"
        return f"**{self.term}** is a **{self.answer}**"


TABLE_FAMILY = "table of differences"


def names_several(term: str) -> bool:
    """Whether a quantity's name is plural: "the biases", "Adam's beta1 and beta2", "the
    leaf values of each tree", but not "the number of iterations" or "the learning rate".

    The head noun is the last word before any "(...)", ",", " of " or " per "; a name that
    joins two things with "and" is plural too.
    """
    head = term.split("(")[0]
    if " and " in head:
        return True
    for cut in (",", " of ", " per ", " used ", " predicted "):
        head = head.split(cut)[0]
    words = head.split()
    last = words[-1].lower() if words else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


@dataclass(frozen=True)
class Step:
    """One step of a lesson: exactly one of ``say``, ``demo`` or ``ask`` is set.

    A demo step's ``expect`` holds what the lesson claims the demo shows, as plain tables
    (``{"measure": "best_degree", "equals": 3}``); ``tutor check`` verifies each one.
    """

    kind: str  # "say" | "demo" | "ask"
    text: str = ""
    demo: DemoCall | None = None
    item: str = ""
    source: str = ""
    expect: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    order: int
    steps: tuple[Step, ...]
    summary: str = ""
    source: str = ""

    @property
    def ask_steps(self) -> list[int]:
        return [i for i, step in enumerate(self.steps) if step.kind == "ask"]

    @property
    def item_ids(self) -> list[str]:
        return [step.item for step in self.steps if step.kind == "ask"]


@dataclass(frozen=True)
class GlossaryEntry:
    """A term the tutor can explain when asked."""

    term: str
    text: str
    answer: str | None = None  # "parameter" | "hyperparameter" | None (neither / not a quantity)
    aliases: tuple[str, ...] = ()
    see: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class LessonPack:
    lessons: tuple[Lesson, ...]
    items: Mapping[str, Item]
    glossary: tuple[GlossaryEntry, ...] = ()
    root: Path | None = None

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def lesson_index(self, lesson_id: str) -> int:
        for index, lesson in enumerate(self.lessons):
            if lesson.id == lesson_id:
                return index
        raise KeyError(lesson_id)
