"""What the tutor says when asked how it reads answers: the reader is itself an example of
the lesson (its weights are parameters, its n-gram sizes and threshold are hyperparameters)."""

from __future__ import annotations

from typing import Any

from tutor.core.language.lazy import lazy

_ABOUT = lazy(
    r"\bhow (?:do|does|did) (?:you|the tutor|the reader|it) (?:read|understand|interpret|grade|"
    r"mark|check|parse|know what i mean|decide)\b.*\b(?:answers?|mean|write|type|say|text)\b"
    r"|\bhow (?:does|do) (?:the |your )?(?:answer )?reader work\b"
    r"|\bhow do you (?:read|understand|interpret) (?:me|what i (?:type|write|say))\b"
    r"|\b(?:what|which) (?:are|is) (?:the |your )?reader'?s? (?:parameters|hyperparameters)\b"
    r"|\byour (?:own )?(?:parameters|hyperparameters)\b"
)


def asks_about_the_reader(normal: str) -> bool:
    """Whether a normalised question is about how the tutor reads what people type."""
    return bool(_ABOUT.search(normal))


def reader_explanation() -> str:
    """The explanation, with the shipped model's own numbers."""
    from tutor.core.language.model import shipped_intent_model, shipped_model

    model = shipped_model()
    intent = shipped_intent_model()
    info: dict[str, Any] = model.info
    settings = model.settings
    weights = settings.buckets * len(model.classes)
    intent_weights = intent.settings.buckets * len(intent.classes)
    return (
        "I read your answers in two steps, and my reader is itself a model with both kinds of "
        'number. First, rules for structure: commands, questions, corrections ("no wait"), '
        "negation within a clause, and contradictions. Then a small linear classifier scores "
        "the wording. Its **parameters** are "
        f"{weights:,} weights and {len(model.classes)} biases, learned from "
        f"{info.get('train_lines', 0):,} labelled example lines by minimising the "
        "classifier's error: nobody typed them in, the data decided them. Its "
        "**hyperparameters** were chosen before that training: word n-grams of 1 to 2 words, "
        f"character n-grams of {settings.char_min} to {settings.char_max} letters, "
        f"{settings.buckets:,} hashed features, an L2 penalty of {info.get('l2')}, "
        f"{info.get('epochs')} epochs at a step size of {info.get('learning_rate')}, and a "
        f"confidence threshold of {model.threshold}: below it I ask you instead of grading. I "
        "picked them by training with a few candidate values and comparing scores on "
        f"{info.get('dev_lines', 0):,} separate development lines, the way you would tune any "
        "model's hyperparameters on validation data. A second classifier of the same kind, "
        f"with {intent_weights:,} weights over {len(intent.classes)} classes, recognises "
        "commands and follow-ups worded in ways my rules do not know; it acts only when its "
        f"probability reaches {intent.threshold}, another hyperparameter chosen the same way."
    )


def about_the_reader(question: str) -> Any | None:
    """A knowledge answer for a question about the reader, or None for any other question."""
    from tutor.core.language.normalise import normalise

    if not asks_about_the_reader(normalise(question)):
        return None
    from tutor.core.knowledge import KnowledgeAnswer

    return KnowledgeAnswer("answer reader", None, reader_explanation(), [], known=True)
