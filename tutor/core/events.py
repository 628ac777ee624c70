"""The events the engine emits and every front end renders.

Each event is a small dataclass with a ``kind``; ``to_dict()`` gives the JSON object that
headless mode prints (``{"event": kind, ...fields}``). Field names are a public interface:
add fields freely, never rename them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

CHOICES: tuple[str, str] = ("parameter", "hyperparameter")


@dataclass(frozen=True)
class Event:
    kind: ClassVar[str] = "event"

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, **asdict(self)}


@dataclass(frozen=True)
class Say(Event):
    """Explanation text (Markdown) from the lesson or the tutor."""

    kind: ClassVar[str] = "say"
    text: str
    lesson: str | None = None


@dataclass(frozen=True)
class LessonStart(Event):
    kind: ClassVar[str] = "lesson_start"
    lesson: str
    title: str
    number: int
    of: int
    resumed: bool = False


@dataclass(frozen=True)
class Ask(Event):
    """A question about one item of the item bank."""

    kind: ClassVar[str] = "ask"
    item: str
    text: str
    choices: list[str] = field(default_factory=lambda: list(CHOICES))
    lesson: str | None = None
    number: int = 0
    of: int = 0


@dataclass(frozen=True)
class Feedback(Event):
    kind: ClassVar[str] = "feedback"
    item: str
    understood: str
    correct: bool
    text: str
    expected: str = ""
    reading: str | None = None  # how free text was read, when it was not a plain answer word
    first_try: bool = True


@dataclass(frozen=True)
class Clarify(Event):
    """The learner's line was not understood; nothing was graded."""

    kind: ClassVar[str] = "clarify"
    text: str


@dataclass(frozen=True)
class Hint(Event):
    kind: ClassVar[str] = "hint"
    item: str
    text: str


@dataclass(frozen=True)
class Reveal(Event):
    """The answer shown after ``skip``; counts as not correct."""

    kind: ClassVar[str] = "reveal"
    item: str
    answer: str
    text: str


@dataclass(frozen=True)
class Series:
    """One line or scatter of a plot: ``x`` and ``y`` of equal length."""

    label: str
    x: list[float]
    y: list[float]
    style: str = "line"  # "line" | "scatter"


@dataclass(frozen=True)
class Demo(Event):
    """The result of a live demo: what the data decided, with numbers and plot series."""

    kind: ClassVar[str] = "demo"
    demo: str
    item: str | None
    verdict: str | None
    text: str
    series: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    x_label: str = ""
    y_label: str = ""
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class Knowledge(Event):
    """An answer to a question the learner typed; the lesson then continues."""

    kind: ClassVar[str] = "knowledge"
    question: str
    term: str | None
    answer: str | None
    text: str
    suggestions: list[str] = field(default_factory=list)
    known: bool = True  # False: the tutor does not know the term; suggestions are the closest


@dataclass(frozen=True)
class ProgressReport(Event):
    kind: ClassVar[str] = "progress"
    text: str
    lessons: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class LessonEnd(Event):
    kind: ClassVar[str] = "lesson_end"
    lesson: str
    correct: int  # items right on the first try in this lesson
    total: int
    text: str = ""


@dataclass(frozen=True)
class Error(Event):
    """A problem the learner should know about (e.g. a demo that failed); the session goes on."""

    kind: ClassVar[str] = "error"
    text: str


@dataclass(frozen=True)
class End(Event):
    kind: ClassVar[str] = "end"
    reason: str = "quit"  # "quit" | "eof" | "finished"
