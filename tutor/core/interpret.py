"""Read the learner's free text: an answer, a command, a question, or unclear.

Generous by design (the top complaint about tutors is rejecting correct alternatives):
case, spacing, hyphens, abbreviations, typos, phrases ("it's learned from the data"),
negation ("not a hyperparameter") and explanations after the answer are all understood.
Anything that cannot be read confidently is Unclear, never a guess.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

PARAMETER, HYPERPARAMETER = "parameter", "hyperparameter"
COMMANDS: dict[str, str] = {
    "hint": "hint",
    "clue": "hint",
    "help me": "hint",
    "give me a hint": "hint",
    "why": "why",
    "why?": "why",
    "explain why": "why",
    "skip": "skip",
    "pass": "skip",
    "i give up": "skip",
    "show answer": "skip",
    "show me the answer": "skip",
    "reveal": "skip",
    "back": "back",
    "previous": "back",
    "go back": "back",
    "prev": "back",
    "repeat": "repeat",
    "again": "repeat",
    "say again": "repeat",
    "repeat question": "repeat",
    "progress": "progress",
    "score": "progress",
    "status": "progress",
    "help": "help",
    "commands": "help",
    "?": "help",
    "quit": "quit",
    "exit": "quit",
    "bye": "quit",
    "goodbye": "quit",
    "stop": "quit",
    "q": "quit",
}
COMMAND_NAMES: tuple[str, ...] = (
    "hint",
    "why",
    "skip",
    "back",
    "repeat",
    "progress",
    "help",
    "quit",
)


@dataclass(frozen=True)
class Answer:
    choice: str
    plain: bool  # the learner typed just the word; otherwise say how it was read
    reading: str = ""


@dataclass(frozen=True)
class Command:
    name: str


@dataclass(frozen=True)
class Question:
    text: str


@dataclass(frozen=True)
class Unclear:
    reason: str


Reading = Answer | Command | Question | Unclear

_NEGATIONS = {
    "not",
    "non",
    "never",
    "isnt",
    "isn't",
    "aint",
    "nor",
    "neither",
    "wasnt",
    "doesnt",
    "cannot",
    "cant",
    "wont",
    "n't",
}
_UNDECIDED = {"dunno", "idk", "unsure", "either", "both", "whatever", "neither"}
_HEDGES = {"maybe", "perhaps", "probably", "possibly"}
_WORD = re.compile(r"[a-z0-9']+")

# Words that stand for an answer. Typos are caught by edit distance on top of these.
_ANSWER_WORDS: dict[str, str] = {
    "parameter": PARAMETER,
    "parameters": PARAMETER,
    "param": PARAMETER,
    "params": PARAMETER,
    "parametre": PARAMETER,
    "parametr": PARAMETER,
    "p": PARAMETER,
    "hyperparameter": HYPERPARAMETER,
    "hyperparameters": HYPERPARAMETER,
    "hyperparam": HYPERPARAMETER,
    "hyperparams": HYPERPARAMETER,
    "hyper": HYPERPARAMETER,
    "hp": HYPERPARAMETER,
    "h": HYPERPARAMETER,
    "hyperparametre": HYPERPARAMETER,
}
_SHORT_ONLY_ALONE = {"p", "h", "hp"}  # too short to trust inside a sentence

# Phrases that describe one side; the value says which side, negated phrases flip it.
_PHRASE_SOURCES: list[tuple[str, str]] = [
    (
        r"\b(learn(ed|t|s)?|fit(ted|s)?|estimat(ed|es)|optimi[sz]ed|trained|found|"
        r"computed|calculated|determined|decided|derived|updated|adjusted)\b"
        r"( \w+){0,3} (from|by|on|during|with|in) (the )?(data|training|fitting|fit|"
        r"gradient descent|optimi[sz]ation|the model|backprop(agation)?)",
        PARAMETER,
    ),
    (
        r"\b(the )?(data|model|training|algorithm|optimi[sz]er|gradient descent) "
        r"(learns?|decides?|determines?|sets?|estimates?|finds?|updates?|fits?|chooses?)\b",
        PARAMETER,
    ),
    (r"\b(learned|learnt|learnable|trainable|fitted)\b", PARAMETER),
    (
        r"\b(set|chosen|picked|fixed|configured|specified|decided|given|selected|defined)"
        r"( \w+){0,3} (before|prior to|ahead of) (the )?(training|fitting|fit|learning)",
        HYPERPARAMETER,
    ),
    (
        r"\b(set|chosen|picked|specified|tuned|configured) (by|manually|by hand|up front|"
        r"beforehand|in advance)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(we|you|i|the user|the engineer|the practitioner|the programmer|a human) "
        r"(set|sets|choose|chooses|pick|picks|tune|tunes|decide|decides|configure)\b",
        HYPERPARAMETER,
    ),
    (r"\b(hyperparameter )?tun(ed|ing)\b", HYPERPARAMETER),
    (r"\b(before|prior to) (the )?training\b", HYPERPARAMETER),
    (r"\bmanual(ly)?\b", HYPERPARAMETER),
    (r"\b(a )?setting\b", HYPERPARAMETER),
    (r"\bfixed\b", HYPERPARAMETER),
    (
        r"\bbefore (the )?(model|network|it|fitting|training|learning|fit)( \w+){0,2} "
        r"(is |gets |starts |has )?(trained|fitted|fit|learns|learning|training|starts|begins)\b",
        HYPERPARAMETER,
    ),
    (r"\b(user|hand|human) (defined|set|specified|picked|chosen|tuned)\b", HYPERPARAMETER),
    (r"\b(predefined|preset|pre set|handpicked|hand picked|configured)\b", HYPERPARAMETER),
    (
        r"\b(the )?(fit|fitting|training|data|model|gradient descent|backprop\w*|optimi[sz]er) "
        r"(does not|did not|doesnt|never|cannot|can not|will not|wont|would not) "
        r"(change|update|adjust|move|alter|touch|decide|set|learn|determine|estimate|modify)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(the )?(fit|fitting|training|data|model|gradient descent|backprop\w*|optimi[sz]er) "
        r"(changes?|updates?|adjusts?|moves?|alters?|modifies?) (it|them|this|that)\b",
        PARAMETER,
    ),
    (
        r"^(it's|its|it is|they are|they're)( \w+)? (trained|learned|learnt|fitted|estimated)$",
        PARAMETER,
    ),
]


@functools.cache
def _phrases() -> list[tuple[re.Pattern[str], str]]:
    """Compiled on first use, so start-up does not pay for them."""
    return [(re.compile(source), side) for source, side in _PHRASE_SOURCES]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance, giving up early beyond ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _answer_word(word: str, alone: bool) -> str | None:
    if word in _ANSWER_WORDS and (alone or word not in _SHORT_ONLY_ALONE):
        return _ANSWER_WORDS[word]
    stem = word.rstrip("s")
    if len(stem) >= 7:
        for target, side in ((HYPERPARAMETER, HYPERPARAMETER), (PARAMETER, PARAMETER)):
            limit = 2 if len(target) > 10 else 1 if len(stem) < 8 else 2
            if _edit_distance(stem, target, limit) <= limit:
                # "hyperparamter" is closer to hyperparameter; check that first
                return side
    return None


def normalise(text: str) -> str:
    """Lower case, unify hyphens and spacing: "Hyper-Parameter" -> "hyperparameter"."""
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    lowered = re.sub(r"\bhyper[\s_-]+param", "hyperparam", lowered)
    lowered = re.sub(r"\bn't\b|n't\b", " not", lowered)
    lowered = re.sub(
        r"\b(do|does|did|is|are|was|were|would|should|could|ca|wo|ai)nt\b", r"\1 not", lowered
    )
    lowered = re.sub(r"[-_]", " ", lowered)
    return re.sub(r"\s+", " ", lowered).strip()


def _command(normal: str) -> str | None:
    bare = normal.lstrip("/").strip(" .!")
    if normal.startswith("/"):
        first = bare.split(" ")[0] if bare else ""
        return first if first in COMMAND_NAMES else None
    return COMMANDS.get(bare)


_QUESTION_START = re.compile(
    r"^(what|whats|what's|why|how|when|which|who|where|define|explain|describe|tell me|"
    r"can you|could you|difference|what is|is there|are there|does|do|should|give me an? "
    r"(example|definition))\b"
)
_SUBJECT_IS_CURRENT = re.compile(
    r"^(is|was|would|could|will) (it|this|that|this one|that one|the answer)\b"
)


def looks_like_question(normal: str) -> bool:
    """A question about the topic, as opposed to a (hesitant) answer about the current item."""
    if _SUBJECT_IS_CURRENT.match(normal):
        return False
    if normal.startswith(("i think", "i guess", "i believe", "probably", "it's", "its", "it is")):
        return False
    if _QUESTION_START.match(normal):
        return True
    words = normal.rstrip("?").split()
    return normal.endswith("?") and len(words) > 1 and words[0] in {"is", "are", "was", "were"}


def _clauses(normal: str) -> tuple[str, str]:
    """Split "answer, because reason" into the answer part and the explanation."""
    match = re.search(r"\b(because|since|as it|as they|cause|cuz|bc|so that)\b|[;:(]", normal)
    if match and match.start() > 0:
        return normal[: match.start()], normal[match.start() :]
    return normal, ""


# "no, it's a parameter" / "hyperparameter, no wait, parameter": what follows counts.
_CORRECTION = re.compile(
    r"\b(no wait|wait|actually|i mean|scratch that|on second thought|correction)\b"
    r"|(?:^|[\s.!?])no\s*[,.;:!]"
)
# A negation reaches only as far as its clause: "not learned, so hyperparameter".
_CLAUSE_BREAK = re.compile(
    r"[,;:.!?()]|\b(so|but|therefore|hence|thus|and|yet|though|although|whereas)\b"
)
# "I don't think it's a parameter": a negated opinion turns the whole clause around.
_NEGATED_OPINION = re.compile(
    r"\b(not|never) (really )?(think|believe|guess|reckon|say|call|consider|suppose|"
    r"expect|feel|agree)\b"
)


class _Ambiguous(Exception):
    """Input such as "no parameter" that could be read either way."""


def _after_correction(text: str) -> str:
    """The part after the learner's last self-correction, or the whole text."""
    matches = list(_CORRECTION.finditer(text))
    return text[matches[-1].end() :] if matches else text


def _segments(text: str) -> list[tuple[str, bool]]:
    """(clause, opinion negated) pieces of the text; the negating words are removed."""
    pieces = []
    for clause in _CLAUSE_BREAK.split(text):
        if not clause or not clause.strip():
            continue
        opinion = _NEGATED_OPINION.search(clause)
        if opinion:
            clause = clause[: opinion.start()] + " " + clause[opinion.end() :]
        pieces.append((clause, bool(opinion)))
    return pieces


def _negated(words: list[str], index: int) -> bool:
    window = words[max(0, index - 3) : index]
    return any(word in _NEGATIONS for word in window)


def _word_votes(text: str, alone: bool) -> list[tuple[str, bool]]:
    """(side, negated) for each answer word in the text."""
    votes = []
    for clause, turned in _segments(text):
        words = _WORD.findall(clause)
        for index, word in enumerate(words):
            side = _answer_word(word, alone)
            if not side:
                continue
            if index > 0 and words[index - 1] == "no":
                raise _Ambiguous
            votes.append((side, _negated(words, index) != turned))
    return votes


def _phrase_votes(text: str) -> list[tuple[str, bool]]:
    votes = []
    for clause, turned in _segments(text):
        clause = clause.strip()
        for pattern, side in _phrases():
            for match in pattern.finditer(clause):
                before = _WORD.findall(clause[: match.start()])[-3:]
                negated = any(word in _NEGATIONS for word in before)
                votes.append((side, negated != turned))
    return votes


def _decide(votes: list[tuple[str, bool]]) -> str | None:
    """One side from the votes, or None when they disagree or there are none."""
    sides = set()
    for side, negated in votes:
        if negated:
            side = HYPERPARAMETER if side == PARAMETER else PARAMETER
        sides.add(side)
    return sides.pop() if len(sides) == 1 else None


def _other(side: str) -> str:
    return HYPERPARAMETER if side == PARAMETER else PARAMETER


def interpret(text: str, *, can_ask_questions: bool = True) -> Reading:
    """Read one line typed while a two-way question is open."""
    normal = normalise(text)
    if not normal or not re.search(r"[a-z0-9?]", normal):
        return Unclear("empty")
    command = _command(normal)
    if command:
        return Command(command)
    if normal.startswith("/"):
        return Unclear(f"unknown command {text.strip().split()[0]!r}")
    if normal in {"1", "2"}:
        choice = PARAMETER if normal == "1" else HYPERPARAMETER
        return Answer(choice, plain=False, reading=f"I read {normal} as **{choice}**.")
    if can_ask_questions and looks_like_question(normal):
        return Question(text.strip())
    words = _WORD.findall(normal)
    if (
        set(words) <= _HEDGES
        or any(word in _UNDECIDED for word in words)
        or re.search(r"\b(not sure|no idea|don'?t know|do not know|no clue|can'?t tell)\b", normal)
    ):
        return Unclear("hedged")
    try:
        return _read_answer(normal, alone=len(words) == 1)
    except _Ambiguous:
        return Unclear("ambiguous")


def _read_answer(normal: str, *, alone: bool) -> Reading:
    typed = normal
    corrected = _after_correction(normal)
    if corrected is not normal and (_word_votes(corrected, alone) or _phrase_votes(corrected)):
        normal = corrected.strip(" ,.;:!")
    main, explanation = _clauses(normal)
    votes = _word_votes(main, alone)
    choice = _decide(votes)
    if choice is None and votes:
        # both words, e.g. "parameter or hyperparameter": ambiguous unless one is negated
        negated = [side for side, neg in votes if neg]
        plain = [side for side, neg in votes if not neg]
        if len(set(plain)) == 1 and negated and set(negated) == {_other(plain[0])}:
            choice = plain[0]
        else:
            return Unclear("both")
    if choice is None:
        choice = _decide(_phrase_votes(main + " " + explanation))
        if choice is None:
            return Unclear("no answer found")
    plain_word = typed.strip(" .!?") in {"parameter", "hyperparameter"}
    reading = "" if plain_word else f"I read that as **{choice}**."
    return Answer(choice, plain=plain_word, reading=reading)
