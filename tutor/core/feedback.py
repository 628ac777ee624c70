"""The tutor's voice: varied, specific, never scolding."""

from __future__ import annotations

import random
from typing import assert_never

from tutor.core.language import UnclearReason, help_text
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
_FOLLOW_UPS_HELP = (
    'During a lesson you can also ask "why does that matter?", "show me again" (the last demo), '
    '"explain it more simply", "give me an example", "what\'s the difference again?" or '
    '"what does patience mean here?".'
)


def _commands_help() -> str:
    return (
        'Answer in your own words ("parameter", "it\'s set before training", ...), '
        'or ask a question ("what is a learning rate?"). Commands: '
        f"{help_text()}. A leading `/` works too (`/hint`). {_FOLLOW_UPS_HELP}"
    )


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

    def clarify(self, reason: UnclearReason, detail: str = "") -> str:
        """What to say when a line was not graded; ``detail`` is the reader's (a contradiction,
        or the unknown command's name)."""
        match reason:
            case "contradiction":
                said = f"{detail[0].upper()}{detail[1:]}. " if detail else ""
                return (
                    f"{said}That reads two ways, so I won't grade it yet. Which do you mean: "
                    "**parameter** or **hyperparameter**?"
                )
            case "number":
                return (
                    "The choices here aren't numbered, so I can't tell what a number means. "
                    "Type **parameter** or **hyperparameter** (or say it in your own words)."
                )
            case "empty":
                return (
                    "Type your answer (parameter or hyperparameter, in your own words), "
                    "or **hint**, **skip**, **help**."
                )
            case "both":
                return (
                    "I can't grade that yet: pick one side, **parameter** or "
                    "**hyperparameter**. Unsure? Type **hint**, or **skip** to see the answer."
                )
            case "unknown command":
                return (
                    f"That's an unknown command {detail!r}. "
                    "Type **help** for the list of commands."
                )
            case "vague":
                return (
                    "I didn't understand that as an answer. Say **parameter** or "
                    '**hyperparameter** ("it\'s learned from the data" works too), ask a '
                    "question, or type **help**."
                )
            case _:
                assert_never(reason)

    @staticmethod
    def help() -> str:
        return _commands_help()

    @staticmethod
    def lesson_end(title: str, correct: int, total: int) -> str:
        if total == 0:
            return f"That's the end of **{title}**."
        return f"End of **{title}**: {correct} of {total} right on the first try."
