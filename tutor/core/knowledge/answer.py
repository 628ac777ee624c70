"""The reply the tutor gives to a question, shared by every way of answering one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("parameter", "hyperparameter", "depends", "neither")
# Words that ask which kind something is ("is it learned?", "tuned or fitted?").
ASKS_A_KIND = re.compile(
    r"\b(?:hyper ?-?param\w*|param(?:eter)?s?|learn(?:ed|t)|tun(?:e|ed|ing)|chos(?:e|en)|"
    r"choose|fitted|estimated)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class KnowledgeAnswer:
    """What the tutor answers.

    ``answer`` is "parameter", "hyperparameter", "depends" (the question does not say which
    model, and the name means different things in different ones), "neither" (a concept, a
    software setting, a count or a score), or None when the tutor does not know. ``known`` is
    False when the term is not in the tutor's knowledge: then ``answer`` is None, or a reasoned
    guess that ``text`` says is one. ``model`` is the model or library the question named.
    """

    term: str | None
    answer: str | None
    text: str
    suggestions: list[str] = field(default_factory=list)
    known: bool = True
    model: str | None = None
