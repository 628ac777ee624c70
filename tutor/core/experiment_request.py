"""Reading a learner's request to run an experiment: ``try learning_rate=1.5``, ``try k=8``,
"what if the learning rate were 5?", "set epochs to 300", "show me again".

``parse(text)`` says whether a line is such a request (None: it is not, and the line goes on
to the answer reader) and which names and values it gives. ``resolve`` then maps the names onto
one experiment's hyperparameters (from the one table in ``tutor.demos.lab_spec``) and checks
the values, with a one-line message for anything that cannot be run. No numpy here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.demos.lab_spec import (
    EXPERIMENTS,
    LEARNED_NAMES,
    ExperimentSpec,
    Number,
    experiments_with,
    resolve_experiment,
    resolve_hyperparam,
)

MAX_REQUEST = 300  # characters; a longer line is not read as a request

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
_NAME = r"[a-z][a-z0-9_\- ]*?"
_JOIN = r"\s*(?:=|:|\bto\b|\bwere\b|\bwas\b|\bis\b|\bbe\b|\bof\b|\bat\b)?\s*"
_ASSIGNMENT = re.compile(rf"(?P<name>{_NAME}){_JOIN}(?P<value>{_NUMBER}|[a-z]\w*)(?![\w.])")
_LEADS = (
    re.compile(
        r"^(?:let'?s |let me |can i |could i |i'?ll |i want to |please )?try\b(?: it)?"
        r"(?: again)?(?: with)?\s+(?P<rest>.+)$"
    ),
    re.compile(
        r"^(?:and |so )?what (?:if|happens if|would happen if|about)\s+"
        r"(?:i |we |you )?(?:set |change |make |changed |made |used |use |put )?"
        r"(?P<rest>.+)$"
    ),
    re.compile(
        r"^(?:please |can you |could you |now |then |ok,? )?"
        r"(?:set|change|make|put|use|increase|decrease|raise|lower)\s+(?P<rest>.+)$"
    ),
)
_AGAIN = re.compile(
    r"^(?:please |can you |could you )?(?:show (?:me |it |that )?again|show me that again|"
    r"run (?:it |that |the demo |the experiment )?again|again|once more|rerun|re-run)"
    r"(?: please)?$"
)
_FILLER = re.compile(r"^(?:the |a |an |my |our |your |it'?s |its |number of the )+")
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


@dataclass(frozen=True)
class Request:
    """What a request line asked for: ``(name, value)`` pairs as typed, or the last run again.

    ``value`` is a float, or the text typed when it was not a number (reported, never run).
    """

    pairs: tuple[tuple[str, float | str], ...] = ()
    again: bool = False
    experiment: str | None = None  # a model named in the line ("try k=8 in k-means")


@dataclass(frozen=True)
class Resolved:
    """A request mapped onto one experiment; ``problem`` is a one-line message, or ''."""

    experiment: ExperimentSpec
    values: dict[str, Number] = field(default_factory=dict)
    problem: str = ""


def _clean(text: str) -> str:
    text = text.strip().lower().replace("’", "'")
    text = re.sub(r"\s+", " ", text)
    return text.strip(" ?!.")


def _known_name(name: str) -> bool:
    return (
        bool(experiments_with(name))
        or name in LEARNED_NAMES
        or name.replace(" ", "_") in (LEARNED_NAMES)
    )


def _pairs(rest: str) -> tuple[tuple[str, float | str], ...] | None:
    found: list[tuple[str, float | str]] = []
    for part in _SPLIT.split(rest):
        part = _FILLER.sub("", part.strip())
        part = re.sub(r"\s+(?:instead|please|now|then)$", "", part)
        if not part:
            continue
        match = _ASSIGNMENT.fullmatch(part)
        if match is None:
            return None
        name = _FILLER.sub("", match["name"].strip(" -_"))
        value_text = match["value"]
        try:
            value: float | str = float(value_text)
        except ValueError:
            value = value_text
        found.append((name, value))
    return tuple(found) or None


def parse(text: str) -> Request | None:
    """The request in a line, or None when the line is not asking to run an experiment."""
    if len(text) > MAX_REQUEST:
        return None
    line = _clean(text)
    if _AGAIN.fullmatch(line):
        return Request(again=True)
    for lead in _LEADS:
        match = lead.match(line)
        if match is None:
            continue
        rest, experiment = match["rest"], None
        model = re.search(r"\s+(?:in|on|for|with) (?:the )?(?P<model>[a-z][a-z\- ]*)$", rest)
        if model and resolve_experiment(model["model"]) is not None:
            experiment = resolve_experiment(model["model"])
            rest = rest[: model.start()]
        pairs = _pairs(rest)
        if pairs is None:
            return None
        if "=" not in rest and not all(
            _known_name(name) and not isinstance(value, str) for name, value in pairs
        ):
            return None  # "what if it is 5?", "what if alpha is learned?": not a setting
        return Request(pairs, experiment=experiment.name if experiment else None)
    return None


def choose_experiment(
    request: Request, current: str, fallback: str | None = None
) -> ExperimentSpec:
    """The experiment a request applies to: the one it names, else the current one if it has
    every name, else ``fallback`` (the lesson's own), else the first that has them all
    (``try k=8`` while the line fit is current means k-means)."""
    if request.experiment is not None:
        return EXPERIMENTS[request.experiment]
    names = [name for name, _ in request.pairs]
    order = [current, *([fallback] if fallback else []), *EXPERIMENTS]
    for candidate in order:
        spec = EXPERIMENTS[candidate]
        if all(resolve_hyperparam(spec, name) is not None for name in names):
            return spec
    return EXPERIMENTS[current]


def _settable(spec: ExperimentSpec) -> str:
    return ", ".join(f"{h.name} ({h.low:g}-{h.high:g})" for h in spec.hyperparams)


def resolve(
    request: Request, current: str, fallback: str | None = None, *, explain_learned: bool = True
) -> Resolved:
    """Map a request's names onto an experiment's hyperparameters and check the values.

    ``explain_learned``: say that a learned quantity (``slope``) cannot be set because the fit
    learns it; off while a question about such quantities is open, so the tutor does not
    answer it for the learner.
    """
    spec = choose_experiment(request, current, fallback)
    values: dict[str, Number] = {}
    for name, value in request.pairs:
        hyper = resolve_hyperparam(spec, name)
        if hyper is None:
            plain = name.replace(" ", "_")
            if explain_learned and (name in LEARNED_NAMES or plain in LEARNED_NAMES):
                problem = (
                    f"{name} cannot be set: {LEARNED_NAMES.get(name) or LEARNED_NAMES[plain]} "
                    f"(a parameter). Set a hyperparameter instead: {_settable(spec)}"
                )
            else:
                problem = f"the {spec.title.lower()} has no setting {name!r}; " + (
                    f"try {_settable(spec)}"
                )
            return Resolved(spec, values, problem)
        if isinstance(value, str):
            return Resolved(spec, values, f"{hyper.name} needs a number; you gave {value!r}")
        out_of_range = hyper.check(value)
        if out_of_range:
            return Resolved(spec, values, out_of_range)
        values[hyper.name] = hyper.coerce(value)
    return Resolved(spec, values)
