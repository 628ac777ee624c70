"""The tutor's knowledge: answers to questions about parameters and hyperparameters.

``Knowledge(pack).ask(question)`` answers from two sources. The lesson pack's glossary and
item bank (``pack.py``) know the course's terms and the lessons' own examples. The library
vocabulary (``vocabulary.py``, data in ``data/``) knows the quantities of scikit-learn, PyTorch,
Keras, XGBoost, LightGBM and CatBoost, and ``reader.py`` reads which quantity and which model a
question names. The vocabulary answers when the question names a library identifier or a
model that settles the meaning, or when the pack does not know; otherwise the pack answers,
so the lessons and their answers stay consistent.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property

from tutor.core.knowledge.answer import KINDS, KnowledgeAnswer
from tutor.core.knowledge.pack import PackKnowledge, _compact, _tokens, looks_like_question
from tutor.core.lessons import LessonPack

__all__ = [
    "KINDS",
    "Knowledge",
    "KnowledgeAnswer",
    "_compact",
    "_tokens",
    "looks_like_question",
]

_LONGEST_QUESTION = 500  # characters of a question that are read
# "what is a parameter in machine learning?" asks about the parameter, not about ML.
_GENERAL_CONTEXT = re.compile(
    r"\b(?:in|for|of)\s+(?:machine|deep|statistical)[\s-]+learning\b|\b(?:in|for)\s+(?:ml|dl|"
    r"ai|data\s+science|statistics)\b",
    re.IGNORECASE,
)


def _in_contract(found: KnowledgeAnswer) -> KnowledgeAnswer:
    """The pack's answer with its 'no kind' cases named: 'depends' or 'neither'."""
    if not found.known or found.answer is not None:
        return found
    if found.text.startswith("It depends"):
        return replace(found, answer="depends")
    return replace(found, answer="neither")


class Knowledge:
    """Answers chat questions from a lesson pack and the library vocabulary."""

    def __init__(self, pack: LessonPack) -> None:
        self._pack = PackKnowledge(pack)

    @cached_property
    def _vocabulary(self):  # type: ignore[no-untyped-def]
        from tutor.core.knowledge.vocabulary import load

        return load()

    def ask(self, question: str) -> KnowledgeAnswer:
        """Answer one question (see the module docstring for which source answers)."""
        from tutor.core.knowledge.reader import read, reply

        question = _GENERAL_CONTEXT.sub("", question[:_LONGEST_QUESTION])
        from_pack = _in_contract(self._pack.ask(question))
        reading = read(question, self._vocabulary, self._pack.known_words)
        if reading is None or reading.weak:
            return from_pack
        from_library = reply(reading, self._vocabulary)
        return _choose(from_pack, from_library, reading)


def _choose(from_pack: KnowledgeAnswer, from_library: KnowledgeAnswer, reading) -> KnowledgeAnswer:  # type: ignore[no-untyped-def]
    if not from_library.known:  # a guess: only when the pack has nothing either
        return from_pack if from_pack.known else from_library
    if reading.overview:  # unless the pack knows a term made with the word ("number of ...")
        term = (from_pack.term or "").lower()
        if reading.overview == "verb" and not from_pack.text.startswith("No"):
            return from_pack  # "what is learned by k-means?": the lesson's own account
        return from_pack if "parameter" in term and term not in KINDS else from_library
    if _beyond_the_course(reading):
        return from_library
    if not from_pack.known:
        return from_library
    agreed = from_library.answer == from_pack.answer
    opened = from_pack.text.startswith(("Yes", "No", "Actually", "Neither"))
    if agreed and reading.asked and from_pack.answer != "depends" and not opened:
        return _answering_the_claim(from_pack, reading)
    if from_pack.answer == from_library.answer == "depends":
        return _both_depend(from_pack, from_library)
    if reading.typed_ident:
        return from_library
    if reading.by_model:
        return from_library if from_library.answer != from_pack.answer else from_pack
    if reading.models and from_library.answer not in (from_pack.answer, "depends"):
        return from_library
    if from_pack.answer == "depends" and reading.by_default:
        return from_library
    if _narrower(from_library, from_pack, reading):
        return from_library
    about_a_quantity = reading.asked or (
        reading.question in ("kind", "why") and _disjoint(from_library, from_pack, reading)
    )
    if from_pack.answer == "neither" and from_library.answer in KINDS[:2] and about_a_quantity:
        return from_library
    return from_pack


def _narrower(from_library: KnowledgeAnswer, from_pack: KnowledgeAnswer, reading) -> bool:  # type: ignore[no-untyped-def]
    """Whether the library read more of the name than the pack's term covers ("class weight"
    is not "weight", "the optimizer's state" is not the choice of optimizer)."""
    from tutor.core.knowledge.vocabulary import tokenize

    if reading.asked is None or from_pack.term is None or from_library.answer == from_pack.answer:
        return False
    said = {token.word for token in tokenize(reading.said)}
    term = {token.word for token in tokenize(from_pack.term)}
    return bool(said & term) and bool(said - term)


def _both_depend(from_pack: KnowledgeAnswer, from_library: KnowledgeAnswer) -> KnowledgeAnswer:
    """The course's meanings of a name, then the libraries' ones."""
    meanings = [line for line in from_library.text.splitlines() if line.startswith("- ")]
    text = from_pack.text + "\nIn the libraries:\n" + "\n".join(meanings)
    return replace(from_pack, text=text, model=from_library.model)


_BEYOND_THE_COURSE = frozenset({"xgboost", "lightgbm", "catboost", "pytorch", "keras"})


def _beyond_the_course(reading) -> bool:  # type: ignore[no-untyped-def]
    """Whether the question names a library the lessons do not speak of (the lesson pack's
    answer, right in kind, would describe another model)."""
    return any(
        model.key in _BEYOND_THE_COURSE or model.groups & {"xgboost", "lightgbm", "catboost"}
        for model in reading.models
    )


def _disjoint(from_library: KnowledgeAnswer, from_pack: KnowledgeAnswer, reading) -> bool:  # type: ignore[no-untyped-def]
    """Whether the two answers are about different things ("does gradient descent change the
    learning rate?": the pack read the process, the library the quantity)."""
    from tutor.core.knowledge.vocabulary import tokenize

    if from_pack.term is None:
        return False
    said = {token.word for token in tokenize(reading.said)}
    term = {token.word for token in tokenize(from_pack.term)}
    return not said & term


def _answering_the_claim(found: KnowledgeAnswer, reading) -> KnowledgeAnswer:  # type: ignore[no-untyped-def]
    """The pack's reply, opened with Yes or No to the claim the question makes."""
    from tutor.core.knowledge.reader import premise_right

    assert found.answer is not None
    right = premise_right(found.answer, reading.asked, reading.negated)
    return replace(found, text=("Yes — " if right else "No — ") + found.text)
