"""The closed set of events a session emits and every front end renders.

Each event is a small frozen dataclass with a ``kind``; ``to_dict()`` gives the JSON object
that headless mode prints (``{"event": kind, ...fields}``). ``Event`` is the union of every
kind: front ends match on it exhaustively (``assert_never`` in the default branch), so a new
kind that some front end does not render fails the type check and the contract tests.

Field names are a public interface: add fields freely, never rename them. The JSON Schema of
the headless output (``events.schema.json`` beside this file) is generated from these classes
by ``headless_schema()``; a test keeps the checked-in file equal to it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal, get_args, get_origin, get_type_hints

CHOICES: tuple[str, str] = ("parameter", "hyperparameter")

QuestionKind = Literal["classify", "choice", "predict", "number", "multi"]
"""What an ``ask`` wants: parameter or hyperparameter (or neither, when offered); one of the
choices; a prediction (one of the choices, its key taken from a live run); a number; every
choice that applies."""

EndReason = Literal["quit", "eof", "finished"]
"""Why the session ended: the learner typed quit, input ended, or the last lesson is done."""

LessonStatus = Literal["done", "in progress", "not started"]
SeriesStyle = Literal["line", "scatter"]
XScale = Literal["linear", "log"]  # "log" for a sweep over orders of magnitude


@dataclass(frozen=True)
class EventBase:
    kind: ClassVar[str] = "event"

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, **{json_name(f): v for f, v in asdict(self).items()}}


def json_name(name: str) -> str:
    """A field's name in the JSON contract: ``question_kind`` is ``kind`` (a Python field
    cannot be called ``kind``, which names the event's own type)."""
    return _JSON_NAMES.get(name, name)


_JSON_NAMES = {"question_kind": "kind"}


@dataclass(frozen=True)
class Say(EventBase):
    """Explanation text (Markdown) from the lesson or the tutor."""

    kind: ClassVar[str] = "say"
    text: str
    lesson: str | None = None


@dataclass(frozen=True)
class LessonStart(EventBase):
    """A lesson begins (or resumes); ``number`` of ``of`` lessons in the session."""

    kind: ClassVar[str] = "lesson_start"
    lesson: str
    title: str
    number: int
    of: int
    resumed: bool = False


@dataclass(frozen=True)
class Ask(EventBase):
    """A question about one item of the item bank. ``kind`` says what it wants; ``choices``
    are offered in order, lettered (a), (b), ... (empty for a number question)."""

    kind: ClassVar[str] = "ask"
    item: str
    text: str
    choices: list[str] = field(default_factory=lambda: list(CHOICES))
    lesson: str | None = None
    number: int = 0
    of: int = 0
    question_kind: QuestionKind = "classify"  # "kind" in JSON


@dataclass(frozen=True)
class Feedback(EventBase):
    """The grade of an answer, with why."""

    kind: ClassVar[str] = "feedback"
    item: str
    understood: str
    correct: bool
    text: str
    expected: str = ""
    reading: str | None = None  # how free text was read, when it was not a plain answer word
    first_try: bool = True


@dataclass(frozen=True)
class Clarify(EventBase):
    """The learner's line was not understood; nothing was graded."""

    kind: ClassVar[str] = "clarify"
    text: str


@dataclass(frozen=True)
class Hint(EventBase):
    """A nudge towards the open question's answer."""

    kind: ClassVar[str] = "hint"
    item: str
    text: str


@dataclass(frozen=True)
class Reveal(EventBase):
    """The answer shown after ``skip``; counts as not correct."""

    kind: ClassVar[str] = "reveal"
    item: str
    answer: str
    text: str


@dataclass(frozen=True)
class PlotSeries:
    """One line or scatter of a plot: ``x`` and ``y`` of equal length, plain floats."""

    label: str
    x: list[float]
    y: list[float]
    style: SeriesStyle = "line"
    x_scale: XScale = "linear"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Demo(EventBase):
    """The result of a live demo: what the data decided, with numbers and plot series."""

    kind: ClassVar[str] = "demo"
    demo: str
    item: str | None
    verdict: str | None
    text: str
    series: list[PlotSeries] = field(default_factory=list)
    title: str = ""
    x_label: str = ""
    y_label: str = ""
    elapsed_ms: float = 0.0
    args: dict[str, int | float] = field(default_factory=dict)  # the values a `try` ran with


@dataclass(frozen=True)
class Knowledge(EventBase):
    """An answer to a question the learner typed; the lesson then continues."""

    kind: ClassVar[str] = "knowledge"
    question: str
    term: str | None
    answer: str | None
    text: str
    suggestions: list[str] = field(default_factory=list)
    known: bool = True  # False: the tutor does not know the term; suggestions are the closest


@dataclass(frozen=True)
class LessonStanding:
    """One lesson's standing for a learner (the rows of a progress report)."""

    lesson: str
    title: str
    status: LessonStatus
    answered: int
    correct_first_try: int
    total: int


@dataclass(frozen=True)
class ProgressReport(EventBase):
    """The learner's record, lesson by lesson (after ``progress``)."""

    kind: ClassVar[str] = "progress"
    text: str
    lessons: list[LessonStanding] = field(default_factory=list)


@dataclass(frozen=True)
class LessonEnd(EventBase):
    """A lesson is over, with the learner's first-try score in it."""

    kind: ClassVar[str] = "lesson_end"
    lesson: str
    correct: int  # items right on the first try in this lesson
    total: int
    text: str = ""


@dataclass(frozen=True)
class Error(EventBase):
    """A problem the learner should know about (e.g. a demo that failed); the session goes on."""

    kind: ClassVar[str] = "error"
    text: str


@dataclass(frozen=True)
class End(EventBase):
    """The session is over (``quit``, ``eof``), or the course is (``finished``: the session
    still answers ``progress`` and ``quit``, and says what to do next)."""

    kind: ClassVar[str] = "end"
    reason: EndReason = "quit"


Event = (
    LessonStart
    | Say
    | Ask
    | Feedback
    | Clarify
    | Hint
    | Reveal
    | Demo
    | Knowledge
    | ProgressReport
    | LessonEnd
    | Error
    | End
)
"""Every kind of event, closed: a front end's ``match`` over it ends in ``assert_never``."""

EVENT_TYPES: tuple[type[EventBase], ...] = get_args(Event)
KINDS: dict[str, type[EventBase]] = {cls.kind: cls for cls in EVENT_TYPES}


# -- the JSON Schema of the headless output -----------------------------------------------------


def _schema_of(hint: Any) -> dict[str, Any]:
    """The JSON Schema for one field's type (the few types events use)."""
    origin = get_origin(hint)
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is type(None):
        return {"type": "null"}
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if origin in (types.UnionType, typing.Union):
        options = [_schema_of(arg) for arg in get_args(hint)]
        if all(set(option) == {"type"} for option in options):
            return {"type": [option["type"] for option in options]}
        return {"anyOf": options}
    if origin is list:
        (item,) = get_args(hint)
        return {"type": "array", "items": _schema_of(item)}
    if origin is dict:
        _, value = get_args(hint)
        return {"type": "object", "additionalProperties": _schema_of(value)}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _object_schema(hint)
    raise TypeError(f"no JSON Schema for the field type {hint!r}")


def _object_schema(cls: type, head: dict[str, Any] | None = None) -> dict[str, Any]:
    hints = get_type_hints(cls)
    properties: dict[str, Any] = dict(head or {})
    for one in dataclasses.fields(cls):
        properties[json_name(one.name)] = _schema_of(hints[one.name])
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def headless_schema() -> dict[str, Any]:
    """The JSON Schema of one line of headless output, generated from the event classes.

    Every field is always present (defaults included), hence all are required. Scripts may
    rely on it; ``tutor/core/events.schema.json`` is this, checked in.
    """
    variants = []
    for cls in EVENT_TYPES:
        variant = _object_schema(cls, {"event": {"const": cls.kind}})
        variant["title"] = cls.__name__
        variant["description"] = " ".join((cls.__doc__ or "").split())
        variants.append(variant)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "tutor --headless event",
        "description": "One line of `tutor --headless` output. Fields are added, never renamed.",
        "oneOf": variants,
    }


def schema_text() -> str:
    """The checked-in schema file's text; regenerate it with
    ``python -m tutor.core.events > tutor/core/events.schema.json``."""
    import json

    return json.dumps(headless_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
