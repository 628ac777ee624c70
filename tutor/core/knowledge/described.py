"""A reasoned guess from how the learner describes a quantity the tutor does not know.

"I fix the Dirichlet prior alpha=0.1 in my LDA topic model before running it. Hyperparameter?"
names nothing this course or the libraries list, but the learner has said how the value comes
about. The answer reader, which reads reasons ("you fix it before running", "least squares
estimates it"), reads that description; the tutor then guesses, and says it is a guess.

Only what the learner states is read, never what they ask: in "is the dropout mask learned?"
"learned" is the learner's hypothesis, and reading it back would only agree with them.
"""

from __future__ import annotations

import re

from tutor.core.knowledge.answer import KnowledgeAnswer
from tutor.core.language.normalise import normalise
from tutor.core.language.questions import looks_like_question
from tutor.core.language.vocabulary import SIDES, WORDS, words

_SENTENCES = re.compile(r"(?<=[.!;])\s+|\n+|\s+[-\u2013\u2014]+\s+")
# "If I fix the degrees of freedom at nu=4 in advance, is nu a hyperparameter?": the clause
# before the question is a statement
_PREMISE = re.compile(r"^\s*(?:if|when|since|because|given that)\s+(?P<said>[^?]{8,}?),\s+\S", re.I)
# Words of an asking sentence that name nothing: "Hyperparameter?", "is it learned as well?"
_NAMES_NOTHING = words(
    """
    a an the it its this that these those they them one then so or and also as well too still
    really just is are was were be being been do does did can could would should will what
    which how right correct true parameter parameters hyperparameter hyperparameters param
    params hyperparam hyperparams hyper learned learnt trained fitted fit set chosen tuned
    estimated i you we me my your our call counts count kind of in by from
    """
)
_KIND_SUBJECT = re.compile(r"^\W*(?:(?:a|an|the|all|so|ok|and)\s+)*(?:hyper)?-?param", re.I)
_LONGEST_QUOTE = 120  # characters of the learner's description quoted back
_CONFIDENT = 0.8  # the reader's probability of the kind it reads, below which nothing is said
_WHY = {
    "parameter": "a value the fit works out from the data is a parameter",
    "hyperparameter": "a value fixed before training, which the fit uses but never changes, "
    "is a hyperparameter",
}


def statements(question: str) -> list[str]:
    """The parts of a question that state rather than ask: whole sentences that do not end in
    "?", and a premise clause ("if I fix ..., ...") that opens the asking sentence."""
    said = []
    for sentence in _SENTENCES.split(question.strip()):
        sentence = sentence.strip()
        if not sentence:
            continue
        if not sentence.endswith("?") and not looks_like_question(normalise(sentence)):
            said.append(sentence.rstrip(".!; "))
            continue
        premise = _PREMISE.match(sentence)
        if premise:
            said.append(premise.group("said"))
    return [part for part in said if len(part.split()) >= 4]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9_]+", text.lower()))


def _asking_sentence(question: str) -> str:
    asking = [part for part in _SENTENCES.split(question.strip()) if part.strip().endswith("?")]
    return asking[-1] if asking else ""


def described_guess(question: str, term: str | None = None) -> KnowledgeAnswer | None:
    """A guess from the learner's own description, or None when they describe nothing the
    reader is confident of, describe both kinds, or ask about something their description
    does not name ("the Dense kernels are trained. Is latent_dim learned too?")."""
    from tutor.core.language import Answer, read

    asked = _words(_asking_sentence(question)) - _NAMES_NOTHING
    kinds: dict[str, str] = {}
    for part in statements(question):
        if asked and not asked & _words(part):
            continue
        if _KIND_SUBJECT.match(part) or any(WORDS.get(word) in SIDES for word in _words(part)):
            continue  # "Hyperparameters are set before training." defines; "X hyper" claims
        reading = read(part, can_ask=False)
        if isinstance(reading, Answer) and reading.confidence >= _CONFIDENT:
            kinds.setdefault(reading.choice, part)
    if len(kinds) != 1:
        return None
    ((kind, part),) = kinds.items()
    quoted = part if len(part) <= _LONGEST_QUOTE else part[: _LONGEST_QUOTE - 1].rstrip() + "…"
    return KnowledgeAnswer(
        term=term,
        answer=kind,
        text=(
            "I have no note on this quantity, so this is a guess from your own description, "
            f"not knowledge: you wrote “{quoted}”, and {_WHY[kind]}. If that is how the value "
            f"comes about, it is a {kind}."
        ),
        known=False,
    )
