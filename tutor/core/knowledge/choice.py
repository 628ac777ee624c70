"""Which source answers a question: the lesson pack or the library vocabulary.

The pack answers by default, so the lessons and their replies stay consistent (and the
lessons' spoiler guard can match its terms). The library answers when it read more than the
pack could: an identifier typed as code (``max_depth``, ``coef_``), a model or library that
settles the meaning, a longer name that contains the pack's term ("class weight" is not
"weight"), a quantity where the pack read only a process ("does gradient descent change the
learning rate?"), a list of what a model sets and learns, or a question the pack cannot answer.
When both agree on the kind but the pack's reply does not answer the learner's claim first,
the pack's reply gets the "Yes" or "No" it needs.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tutor.core.knowledge.answer import KINDS, KnowledgeAnswer
from tutor.core.knowledge.reader import Reading
from tutor.core.knowledge.replies import premise_right
from tutor.core.knowledge.vocabulary import tokenize

_COUNTED = re.compile(r"\b(?:how many|counts?|size)\b", re.IGNORECASE)

_BEYOND_THE_COURSE = frozenset({"xgboost", "lightgbm", "catboost", "pytorch", "keras"})
_OPENINGS = ("Yes", "No", "Actually", "Neither")


def choose(
    from_pack: KnowledgeAnswer,
    from_library: KnowledgeAnswer,
    reading: Reading,
    pack_knows_it: bool = False,
    question: str = "",
) -> KnowledgeAnswer:
    """The answer to give (see the module docstring). ``pack_knows_it``: the pack has a term
    or alias spelt as the learner named the quantity; ``question``: the words typed."""
    if not from_library.known:  # a guess: when the pack has nothing, or only a concept
        concept = from_pack.answer in (None, "neither") or from_pack.term in KINDS
        return from_library if concept else from_pack
    if reading.about_kind or (reading.limit and from_pack.answer != from_library.answer):
        return from_library
    if reading.overview:  # unless the pack knows a term made with the word ("number of ...")
        term = (from_pack.term or "").lower()
        if reading.both_kinds:
            return from_library  # "what's learned and what's chosen in X?": the model's lists
        if reading.overview == "verb" and not from_pack.text.startswith("No"):
            return from_pack  # "what is learned by k-means?": the lesson's own account
        return from_pack if "parameter" in term and term not in KINDS else from_library
    if _beyond_the_course(reading):
        return from_library
    if not from_pack.known:
        return from_library
    if about_the_kinds(from_pack.term) and reading.senses:
        return from_library  # the pack defined the kinds; the question names a quantity
    if from_pack.answer == from_library.answer == "depends":
        return _both_depend(from_pack, from_library)
    if reading.typed_ident:
        return from_library
    if reading.by_model and not _mentions(from_pack.text, reading):
        return from_library  # the pack's reply, right in kind, speaks of another model
    if reading.by_model and from_library.answer != from_pack.answer:
        return from_library
    if reading.models and from_library.answer not in (from_pack.answer, "depends"):
        return from_library
    if from_pack.answer == "depends" and reading.by_default:
        return from_library
    if from_pack.answer == "depends" and reading.cased == "C" and from_library.answer != "depends":
        return from_library  # capital C is the SVM's and logistic regression's; c the intercept
    if (
        _narrower(from_library, from_pack, reading)
        or _longer_name(from_library, from_pack, reading)
        or _pack_added_words(from_library, from_pack, reading, question)
    ):
        return from_library
    about_a_quantity = reading.asked or (
        reading.question in ("kind", "why") and _disjoint(from_library, from_pack, reading)
    )
    if from_pack.answer == "neither" and from_library.answer in KINDS[:2] and about_a_quantity:
        return from_library
    agreed = from_pack.answer == from_library.answer
    if agreed and not pack_knows_it and _more_specific(from_library, from_pack, reading):
        return from_library
    named_attribute = (from_library.term or "").endswith("_")
    if agreed and reading.asked and reading.models and from_library.model and named_attribute:
        return from_library  # "ridge regression's coefficients": the model's own coef_
    claimed = reading.asked and reading.question != "why"
    if claimed and agreed and from_pack.answer != "depends":
        assert reading.asked is not None
        return _answering_the_claim(from_pack, reading.asked, reading)
    if reading.asked is None and from_pack.text.startswith(("Yes: ", "No: ")):
        # "what is the difference between weights and hyperparameters?" claims nothing
        return replace(from_pack, text=from_pack.text.split(": ", 1)[1])
    return from_pack


def about_the_kinds(term: str | None) -> bool:
    """Whether the pack's term is one of the two kinds, or the difference between them (read
    from "sigma: parameter or hyperparameter?")."""
    words = {token.word for token in tokenize(term or "")}
    return term in ("parameter", "hyperparameter") or {"parameter", "hyperparameter"} <= words


def _more_specific(
    from_library: KnowledgeAnswer, from_pack: KnowledgeAnswer, reading: Reading
) -> bool:
    """Whether the library read the pack's term and more ("the number of boosting iterations"
    is not the lesson's number of iterations of a fitted line)."""
    if from_pack.term is None or from_library.answer == "depends":
        return False
    said = {token.word for token in tokenize(reading.said)}
    term = {token.word for token in tokenize(from_pack.term.split("(")[0])}
    if not term or not term < said:
        return False
    spoken = {token.word for token in tokenize(from_pack.text)}
    return not (said - term) & spoken  # the pack's reply never speaks of the extra words


def _narrower(from_library: KnowledgeAnswer, from_pack: KnowledgeAnswer, reading: Reading) -> bool:
    """Whether the library read more of the name than the pack's term covers ("class weight"
    is not "weight", "the optimizer's state" is not the choice of optimizer)."""
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


def _longer_name(
    from_library: KnowledgeAnswer, from_pack: KnowledgeAnswer, reading: Reading
) -> bool:
    """Whether the library read a longer name that holds the pack's term and means the other
    kind ("Dense kernel" is a layer's weights, not the SVM's kernel)."""
    kinds = (from_library.answer, from_pack.answer)
    if from_pack.term is None or kinds[0] == kinds[1] or not set(kinds) <= set(KINDS[:2]):
        return False
    said = {token.word for token in tokenize(reading.said)}
    term = {token.word for token in tokenize(from_pack.term.split("(")[0])}
    return bool(term) and term < said


_NUMBER_OF = re.compile(r"\bnumbers? of\b|\bnum(?:ber)?_", re.IGNORECASE)


def _pack_added_words(
    from_library: KnowledgeAnswer, from_pack: KnowledgeAnswer, reading: Reading, question: str
) -> bool:
    """Whether the pack answered about a longer term than the learner named, with words the
    question does not hold, and of the other kind, while the library knows the name as typed
    ("are the trees learned?" asks about the fitted trees; "how many trees?" does not)."""
    kinds = (from_library.answer, from_pack.answer)
    if from_pack.term is None or kinds[0] == kinds[1] or not set(kinds) <= set(KINDS[:2]):
        return False
    said = {token.word for token in tokenize(reading.said)}
    term = {token.word for token in tokenize(from_pack.term.split("(")[0])}
    typed = {token.word for token in tokenize(question)}
    if _COUNTED.search(question):
        typed.add("number")
    if "number" in term - typed:
        return True  # a count nobody asked for: "the values at the leaves of a tree"
    if "number" in term and not _COUNTED.search(question) and not _NUMBER_OF.search(question):
        return True  # "the numbers at the bottom leaves of a tree" are values, not a count
    return bool(said) and said < term and not (term - said) & typed


def _beyond_the_course(reading: Reading) -> bool:
    """Whether the question names a library the lessons do not speak of (the lesson pack's
    answer, right in kind, would describe another model)."""
    return any(
        model.key in _BEYOND_THE_COURSE or model.groups & {"xgboost", "lightgbm", "catboost"}
        for model in reading.models
    )


def _disjoint(from_library: KnowledgeAnswer, from_pack: KnowledgeAnswer, reading: Reading) -> bool:
    """Whether the two answers are about different things ("does gradient descent change the
    learning rate?": the pack read the process, the library the quantity)."""
    if from_pack.term is None:
        return False
    said = {token.word for token in tokenize(reading.said)}
    term = {token.word for token in tokenize(from_pack.term)}
    return not said & term


def _answering_the_claim(found: KnowledgeAnswer, asked: str, reading: Reading) -> KnowledgeAnswer:
    """The pack's reply, opened with Yes or No to the claim the question makes (the pack
    opens it itself, but reads no negation: "the learning rate is not learned, right?")."""
    assert found.answer is not None
    right = premise_right(found.answer, asked, reading.negated)
    text = found.text
    if text.startswith(("Yes: ", "No: ")):
        text = text.split(": ", 1)[1]
    elif text.startswith(_OPENINGS):
        return found  # "Actually, ..." and "Neither: ..." say it their own way
    return replace(found, text=("Yes — " if right else "No — ") + text)


def _mentions(text: str, reading: Reading) -> bool:
    """Whether a reply speaks of a model the question named (by any of its names)."""
    lowered = text.lower().replace("*", "")
    return any(
        name in lowered
        for model in reading.models
        for name in (model.key.lower(), *model.names)
        if len(name) > 2
    )
