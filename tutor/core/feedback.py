"""The tutor's voice: varied, specific, never scolding."""

from __future__ import annotations

import random
from typing import Literal, assert_never

from tutor.core.lessons import NEITHER, Item

_RIGHT = (
    "Right.",
    "Exactly.",
    "Yes, that's it.",
    "Spot on.",
    "Correct.",
    "Well reasoned.",
    "That's the one.",
)
_WRONG = (
    "Not quite: it's a **{answer}**.",
    "Close, but this one is a **{answer}**.",
    "Good try; the answer is **{answer}**.",
    "This one trips many people up: it's a **{answer}**.",
    "Not this time: it's a **{answer}**.",
)
_COMMANDS_HELP = (
    'Answer in your own words ("parameter", "it\'s set before training", ...), '
    'or ask a question ("what is a learning rate?"). Commands: **hint**, **why** (after '
    "answering), **skip** (shows the answer), **back**, **repeat**, **progress**, **help**, "
    "**quit**. A leading `/` works too (`/hint`)."
)


UnclearReason = Literal[
    "empty", "ambiguous", "both", "hedged", "unknown command", "no answer found"
]
"""Why a line could not be graded: nothing typed; either answer could be meant; both
answers named; a hedge ("not sure"); a ``/command`` that does not exist; no answer in it."""


class Voice:
    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)
        self._last: dict[str, str] = {}

    def _pick(self, group: str, options: tuple[str, ...]) -> str:
        choices = [option for option in options if option != self._last.get(group)]
        choice = self._random.choice(choices)
        self._last[group] = choice
        return choice

    def feedback(self, item: Item, correct: bool, reading: str) -> str:
        if correct:
            opener = self._pick("right", _RIGHT)
        elif item.answer == NEITHER:
            opener = "Not quite: it is **neither** a parameter nor a hyperparameter."
        else:
            opener = self._pick("wrong", _WRONG).format(answer=item.answer)
        parts = [reading, opener, item.why] if reading else [opener, item.why]
        if item.note:
            parts.append(f"(Worth knowing: {item.note})")
        return " ".join(part.strip() for part in parts if part.strip())

    def kind_feedback(self, item: Item, correct: bool, expected: str, reading: str) -> str:
        """Feedback on a choice, a prediction or a number: what was read, right or the key."""
        opener = (
            self._pick("right", _RIGHT) if correct else f"Not quite: the answer is **{expected}**."
        )
        parts = [reading, opener, item.why]
        if item.note:
            parts.append(f"(Worth knowing: {item.note})")
        return " ".join(part.strip() for part in parts if part.strip())

    def reveal_key(self, item: Item, shown: str) -> str:
        """The answer after ``skip`` for a question beyond two boxes."""
        text = f"The answer: **{shown}**. {item.why}"
        return f"{text} (Worth knowing: {item.note})" if item.note else text

    def reveal(self, item: Item) -> str:
        text = f"The answer: {item.verdict()}. {item.why}"
        return f"{text} (Worth knowing: {item.note})" if item.note else text

    def clarify(self, reason: UnclearReason, command: str = "") -> str:
        """What to say when a line was not graded; ``command`` names an unknown command."""
        match reason:
            case "empty":
                return (
                    "Type your answer (parameter or hyperparameter, in your own words), "
                    "or **hint**, **skip**, **help**."
                )
            case "ambiguous":
                return (
                    "That could be read either way. Which do you mean: **parameter** or "
                    '**hyperparameter**? ("not a parameter" works too.)'
                )
            case "both" | "hedged":
                return (
                    "I can't grade that yet: pick one side, **parameter** or "
                    "**hyperparameter**. Unsure? Type **hint**, or **skip** to see the answer."
                )
            case "unknown command":
                return (
                    f"That's an unknown command {command!r}. "
                    "Type **help** for the list of commands."
                )
            case "no answer found":
                return (
                    "I didn't understand that as an answer. Say **parameter** or "
                    '**hyperparameter** ("it\'s learned from the data" works too), ask a '
                    "question, or type **help**."
                )
            case _:
                assert_never(reason)

    @staticmethod
    def help() -> str:
        return _COMMANDS_HELP

    @staticmethod
    def lesson_end(title: str, correct: int, total: int) -> str:
        if total == 0:
            return f"That's the end of **{title}**."
        return f"End of **{title}**: {correct} of {total} right on the first try."
