"""Negation scope and self-corrections, on normalised tokens.

A negation reaches to the end of its clause, and a second one in the same clause undoes the
first ("there's no way it's not a hyperparameter"); the "not" of a negative question that
asserts ("isn't it learned?") negates nothing. A self-correction ("hyperparameter, no
wait, parameter", "learned? no, set before training", "edit: ...") means only what follows it
counts.
"""

from __future__ import annotations

import re

from tutor.core.language.lazy import lazy
from tutor.core.language.vocabulary import CLAUSE_WORDS, CORRECTION, NEGATORS, REASONS, SIDES

_PUNCTUATION = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "-", "*", "/"})
_INTERJECTION = frozenset({"it", "its", "thats", "this", "that", "i", "im", "we", "you", "the"})
_PRONOUN_AFTER_AS = frozenset({"it", "they", "we", "you", "its", "theyre", "the"})
_AUXILIARIES = frozenset(
    {"is", "are", "was", "were", "would", "should", "could", "does", "do", "did", "will", "can"}
)
_ASKED_OF = frozenset({"it", "that", "this", "they", "these", "those", "you", "we", "i"})
_LEADING = frozenset({"ok", "okay", "so", "but", "wait", "hmm", "um", "well", "and", "oh", ","})


def _rhetorical(words: list[str]) -> int | None:
    """The index of the "not" in a negative question that asserts ("isn't it learned?",
    "wouldn't that be a parameter", "don't you tune it?"): it negates nothing."""
    start = 0
    while start < len(words) and words[start] in _LEADING:
        start += 1
    head = words[start : start + 3]
    # "isn't it learned?", and with any subject once it is asked: "doesn't Adam update that?"
    asked = len(head) == 3 and (head[2] in _ASKED_OF or words[-1] == "?")
    if asked and head[0] in _AUXILIARIES and head[1] == "not":
        return start + 1
    return None


def negation_marks(words: list[str]) -> list[bool]:
    """For each token, whether an odd number of negations in its clause comes before it."""
    marks: list[bool] = []
    negated = False
    rhetorical = _rhetorical(words)
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if index == rhetorical:
            marks.append(False)
        elif (
            word in _PUNCTUATION
            or word in CLAUSE_WORDS
            or (word == "as" and following in _PRONOUN_AFTER_AS)
        ):
            negated = False
            marks.append(False)
        elif word in NEGATORS and not (
            word == "no"
            and (
                following in _PUNCTUATION
                or following in _INTERJECTION
                or not following
                or words[max(index - 2, 0) : index] in (["yes", "/"], ["yes", "or"])
                or words[index - 1 : index] == ["yes"]
            )
        ):
            negated = not negated
            marks.append(False)
        else:
            marks.append(negated)
    return marks


_CONCLUSION = lazy(
    r"(?:^|[ ,.;:!-])(?:so|therefore|hence|thus|which makes it|i will say|ill say|final answer)"
    r"(?: (?:its|it is|it s|i think|i guess|a|an|then|id|i would|say|call it|classify it as|"
    r"count it as|go with|put))* (?P<side>hyperparameter|parameter)"
    r"(?: (?:then|i think|i guess|lol|tbh|haha))* ?[.!]*$"
)
_APOLOGIES = frozenset({"sorry", "oops", "my bad"})


def gives_an_answer(text: str) -> bool:
    """Whether a piece of a normalised line names a kind or gives a reason for one."""
    return any(f" {side} " in f" {text} " for side in SIDES) or any(
        pattern.search(text) for pattern, _ in REASONS
    )


_AFTER_CORRECTION_FILLER = lazy(
    r"^(?:(?:no|nope|nah|lol|haha|um|uh|hmm|ok|okay|so|sorry|oops|wait)\b[\s,.;:!-]*)+"
    r"(?=[a-z])"
)


# "parameter (earlier i said hyper, ignore that)": an answer reported as taken back
_REPORTED_ANSWER = lazy(
    r"\b(?:(?:earlier|before|previously|at first|first) i (?:said|wrote|typed|put|answered|"
    r"thought|guessed)|i (?:said|wrote|typed|put|answered) (?:earlier|before|previously) )"
    r"(?: (?:it was|its|it is|that))?(?: a| an)? ?(?:hyperparameter|parameter)s?"
    r"(?: (?:earlier|before|previously))?"
)


_CORRECTING_BUT = lazy(r"\bbut\b(?! (?:also|equally|at the same time|maybe|perhaps))")


def after_correction(normal: str) -> tuple[str, bool]:
    """The part of a normalised line after its last self-correction, and whether there was one."""
    without_reported = _REPORTED_ANSWER.sub(" ", normal)
    if without_reported != normal and gives_an_answer(without_reported):
        rest, _ = after_correction(without_reported)
        return re.sub(r"\s+", " ", rest).strip(" ,.;:!-"), True
    cut = None
    for match in CORRECTION.finditer(normal):
        rest = normal[match.end() :]
        if not re.search(r"[a-z0-9]", rest):
            continue
        # an apology corrects only when an answer follows it: "hyper, sorry, param" does,
        # "hyper, sorry for flipping" and "param? sorry, still confused" do not
        if match.group(0) in _APOLOGIES and not gives_an_answer(rest):
            continue
        cut = match.end()
    # "I was going to say hyperparameter but it's a parameter": "but" corrects when what comes
    # before it already gave an answer
    # ("parameters but also hyperparameters" names both)
    for match in _CORRECTING_BUT.finditer(normal):
        before, rest = normal[: match.start()], normal[match.end() :]
        if cut is not None and match.end() <= cut:
            continue
        # ... and what follows it answers again; "parameter but not 100% sure" only hedges
        if any(f" {side} " in f" {before} " for side in SIDES) and gives_an_answer(rest):
            cut = match.end()
    # "hyper... w is learned... so param": a conclusion that changes an earlier answer
    conclusion = _CONCLUSION.search(normal)
    if conclusion is not None and (cut is None or conclusion.start() >= cut):
        head = normal[: conclusion.start()].split(" ")
        marks = negation_marks(head)
        last = conclusion.group("side")
        if any(word in SIDES and word != last and not marks[i] for i, word in enumerate(head)):
            cut = conclusion.start("side")  # not "not a hyperparameter, so parameter": agrees
    if cut is None:
        return normal, False
    # "param wait no lol hyper": what a correction is followed by before the answer is filler
    rest = _AFTER_CORRECTION_FILLER.sub("", normal[cut:].strip(" ,.;:!-"))
    return rest.strip(" ,.;:!-"), True
