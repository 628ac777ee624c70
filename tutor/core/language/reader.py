"""One decision per line typed while a question is open: an answer, a command, a question, a
follow-up, or unclear (with the reason), and how the line was read.

Structure first (commands, follow-ups, numbers, questions, corrections, negation, both sides,
contradictions), then the trained model for what people say in their own words, with a band of
low confidence where the tutor asks instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tutor.core.language.commands import match_command, slash_command
from tutor.core.language.followups import SLASH_FOLLOW_UPS, defined_word, match_follow_up
from tutor.core.language.lazy import lazy
from tutor.core.language.model import ReaderModel, shipped_intent_model, shipped_model
from tutor.core.language.negation import after_correction, gives_an_answer, negation_marks
from tutor.core.language.normalise import fold, normalise
from tutor.core.language.questions import (
    HOW_MUCH,
    LEADING_FILLER,
    POINTING_BACK,
    asks_about_a_named_identifier,
    asks_with_a_particle,
    defines_a_kind_and_asks,
    looks_like_question,
    offers_another_option,
    opens_with_a_question_mark,
)
from tutor.core.language.vocabulary import (
    ALONE,
    BOTH,
    CLAUSE_WORDS,
    HEDGED_BOTH_WAYS,
    HYPERPARAMETER,
    NEGATORS,
    NO_IDEA,
    PARAMETER,
    REASONS,
    SIDES,
    SMALL_TALK,
    TOPIC_WORDS,
    words,
)


@dataclass(frozen=True)
class Answer:
    choice: str  # "parameter" | "hyperparameter"
    plain: bool  # the learner typed just the word; otherwise say how it was read
    reading: str = ""  # "I read that as **parameter** (...)."
    confidence: float = 1.0


@dataclass(frozen=True)
class Command:
    name: str


@dataclass(frozen=True)
class Question:
    text: str


@dataclass(frozen=True)
class FollowUp:
    kind: str  # why | show_again | simpler | example | difference | define
    word: str = ""  # for define: the word asked about
    text: str = ""


UnclearReason = Literal["empty", "number", "both", "contradiction", "vague", "unknown command"]
"""Why a line is not graded: nothing in it; a bare 1/2 when the choices are not numbered; both
answers (or neither, or "it depends"); an answer whose reason describes the other kind; a hedge or
words that do not say which; a ``/command`` that does not exist."""


@dataclass(frozen=True)
class Unclear:
    reason: UnclearReason
    detail: str = ""  # a contradiction: what contradicts what; an unknown command: its name


Reading = Answer | Command | Question | FollowUp | Unclear

_NUMBER = lazy(
    r"(?:(?:definitely|def|probably|prob|maybe|obviously|surely|i think|i guess) )?"
    r"(?:(?:option|number|answer|choice|choose|i pick|i choose|i d say|id say|i say|#) ?:? ?)?"
    r"\(? ?([12]) ?\)?(?: ?[.!?])*(?: (?:i think|probably|maybe|i guess))?"
)
# The choice named by its place: "the second option", "choice one", "first one".
_PLACE = lazy(
    r"(?:(?:definitely|def|probably|prob|maybe|i think|i guess|i pick|i choose|i d say|id say|"
    r"going with|im going with) )?(?:the )?(?:(?P<ordinal>first|second|1st|2nd) "
    r"(?:one|option|choice|answer)|(?:option|choice|number|answer) (?P<word>one|two))"
    r"(?: ?[.!?])*(?: (?:i think|probably|maybe|i guess))?"
)
_NUMBER_WITH_REASON = lazy(r"\(? ?([12]) ?\)? ?[,:-]? (?P<rest>[^0-9]+)")
_CLAUSE_BREAK = lazy(r" (?:[,;:.!]|--?) ")
# Words that answer: a clause before the last that holds one makes the line an answer.
_ANSWER_WORDS = frozenset({PARAMETER, HYPERPARAMETER, *ALONE})
# A tag that asks to confirm what the line said: "..., isn't it?", "..., right?".
_TAG_WORDS = words(
    """
    is isnt are arent does doesnt do dont did didnt was wasnt can cant will wont would wouldnt
    not it that this they you we right correct true yes yeah no eh ok okay innit si non nicht
    oder n est ce pas vero verdad certo
    """
)
_TRAILING_FILLER = lazy(r"(?:\s*\b(?:so|its|a|an|the|is|thats|that|(?:which |that )?makes it)\b)+$")
_APOSTROPHES = (("its", "it's"), ("theyre", "they're"), ("thats", "that's"), ("youre", "you're"))
_EITHER_OR_ABOUT_IT = lazy(
    r"^(?:(?:so|ok|hmm|wait|um|but)(?: ,)? )*(?:is|does|was|are|do|did) (?:it|this|that|they|these)"
    r"(?: one)? (?:.+ )?or (?:.+ )?\?$"
    # "hyper or not?", "decided by data or by us?"
    r"|^(?:(?:so|ok|hmm|wait|um|but)(?: ,)? )*(?:is it |its )?[a-z]+ or not(?: \?)+$"
    r"|^.*\bby (?:the )?[a-z]+ or by (?:the )?[a-z]+ \?$"
)
# A last sentence that is only an answer word, after a full stop, "?", "!" or an arrow.
_FINAL_VERDICT = lazy(
    r"(?:^|\s)(?:[.?!]|->|=>|- >|= >)\s+(?:(?:so|then|yeah|yes|ok|okay|final answer|my answer|"
    r"answer|i think|i guess|i d say|id say|its|it s|thats|that s|a|an|definitely|def)\s+)*"
    r"(?P<side>parameter|hyperparameter)(?:\s+(?:then|i think|i guess|for sure|final answer|"
    r"definitely))*\s*[.!]*\s*$"
)
_WH_WORDS = frozenset({"why", "how", "what", "which", "where", "who", "when"})
_DIGITS_ONLY = lazy(r"[0-9 .,#()!?:/-]+")
_PLAIN_WORDS = {"parameter", "hyperparameter", "aparameter", "ahyperparameter"}
# Short forms that lead a line as its answer before a comma ("HP, ..."); "p" and "h" are too
# short to trust there.
_LEADING_SHORT = frozenset({"hp", "hps", "hypr", "prm", "parm"})
_COMMA = ([","], [":"])
_FILLER_WORDS = words(
    """
    a an the it its is s this that thats im i think be to of just one confident fairly
    pretty sure guess tbh lol definitely probably maybe say would go with answer my final ok
    so um hmm well really for obviously obvs def deffo right yes yeah no doubt reckon
    believe suppose leaning lean towards likely most i d id ill gonna going feels like
    sounds looks me to cest un una est ist ein es e um se
    """
)


def _other(side: str) -> str:
    return HYPERPARAMETER if side == PARAMETER else PARAMETER


# "not sure" and "don't hold me to it" after a kind keep the lean; the other hedges do not.
_KEEPS_THE_LEAN = lazy(r"^(?:not sure|unsure|(?:do not|dont) hold me to)")


def _gives_up_at_the_end(effective: str) -> bool:
    """The line ends by giving up ("weights are params so... ugh no idea", "..., I'd rather
    not commit"): whatever kind came before was thought aloud, not answered."""
    last = next(reversed(list(NO_IDEA.finditer(effective))), None)
    if last is None or effective[last.end() :].strip(" .,;:!?"):
        return False
    return not _KEEPS_THE_LEAN.match(last.group(0))


def _explicit_sides(words: list[str]) -> list[tuple[str, bool, int]]:
    """(side, negated, index) for each answer word, negation read within its clause."""
    marks = negation_marks(words)
    found = []
    content = [w for w in words if w[0].isalnum()]
    for index, word in enumerate(words):
        side = word if word in SIDES else None
        if side is None and word in ALONE and len(content) - len(set(content) & _FILLER_WORDS) <= 1:
            side = ALONE.get(word)  # "h", "i think p"
        elif side is None and index == 0 and word in _LEADING_SHORT and words[1:2] in _COMMA:
            side = ALONE[word]  # "HP, it's set by hand": the short form, then the reason
        if side is not None:
            found.append((side, marks[index], index))
    return found


def _reason_votes(words: list[str]) -> set[str]:
    """The sides the reason phrases of the vocabulary vote for, negation read per clause."""
    marks = negation_marks(words)
    text = " ".join(words)
    starts, offset = [], 0
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    found: list[tuple[int, int, str]] = []
    for pattern, side in REASONS:
        for match in pattern.finditer(text):
            index = max(i for i, start in enumerate(starts) if start <= match.start())
            inside = sum(word in NEGATORS for word in match.group(0).split(" "))
            flipped = marks[index] != (inside % 2 == 1)
            found.append((match.start(), match.end(), _other(side) if flipped else side))
    # "the algorithm finds how many clusters there are": what a learner finds is its object
    found = [
        entry
        for entry in found
        if not (
            entry[2] == HYPERPARAMETER
            and text.startswith("how ", entry[0])
            and any(end + 1 == entry[0] and side == PARAMETER for _, end, side in found)
        )
    ]
    # "the weights change but it doesn't": what follows the last "but" is the point
    cut = text.rfind(" but ")
    if cut >= 0 and any(start > cut for start, _, _ in found):
        found = [entry for entry in found if entry[0] > cut]
    # a phrase inside a longer one ("the model learns" in "controls how the model learns")
    # is read as part of it
    return {
        side
        for start, end, side in found
        if not any((s <= start and end <= e) and (e - s) > (end - start) for s, e, _ in found)
    }


_COPULAS = frozenset({"is", "are", "s", "was", "were", "be", "its", "thats", "theyre"})
_BEFORE_THE_WORD = words(
    """
    a an just really definitely clearly still probably obviously actually also all surely both
    not no only
    """
)


def _subject_of(words: list[str], at: int) -> set[int]:
    """The indexes of what an answer word is said of ("the intercept" in "the intercept is a
    hyperparameter"): naming the quantity is not a reason, so it contradicts nothing."""
    index = at - 1
    while index >= 0 and words[index] in _BEFORE_THE_WORD:
        index -= 1
    if index < 0 or words[index] not in _COPULAS:
        return set()
    start = index
    while start > 0 and words[start - 1][:1].isalnum() and words[start - 1] not in CLAUSE_WORDS:
        start -= 1
    return set(range(start, at))


_BOTH_DO = words(
    "come comes are get got were have depend learned learnt fitted set chosen change move end"
)


def _both_things(words: list[str], at: int) -> bool:
    """ "Parameter. Same story as the slope, both of them come from fitting": "both" is the
    subject of a clause about two quantities, not "both kinds"."""
    if words[at] != "both":
        return False
    after = words[at + 1 : at + 4]
    if after[:1] == ["of"] and after[1:2] and after[1] in {"them", "these", "those", "the"}:
        after = words[at + 3 : at + 4] if after[1] != "the" else words[at + 4 : at + 5]
    return bool(after) and after[0] in _BOTH_DO


_WHY_NOT_INSTEAD = lazy(
    r"\bwhy (?:not (?:just|simply|always|use|start|set|make|pick|learn)|always|\d)\b"
)
_ELLIPTICAL_NOT = lazy(
    r"^[a-z0-9 ]{1,40}? (?:is|are) (?:a |an |the )?(?P<side>hyperparameter|parameter|hypr|hp|prm|"
    r"parm)s?(?: ,)? but "
    r"(?:these|this|it|they|those|that|the [a-z]+|[a-z]+) (?:is|are|s) not(?: one| ones)?"
    r"(?: [.!]+)?$"
)
# What something else is, then "this doesn't": "the coefficients get learned, this doesn't"
# (not "you tune it, the model doesn't", whose first half is about the open item itself)
_ELLIPTICAL_REASON = lazy(
    r"^(?P<head>[a-z0-9 ]{3,80}?) (?:, |but |, but |while |whereas |; )(?:this|it|this one|these|"
    r"those|that|that one|they|these ones) (?:does|do|is|are|did|was|were|s) not"
    r"(?: one| ones)?(?: [.!]+)?$"
)
# A negative question without its "?": "isn't the degree fixed before you start fitting haha"
# (not "isn't fixed before training", a statement without its subject)
_NEGATIVE_QUESTION = lazy(
    r"^(?:is|are|was|were|does|do|did|would|could|should|can|will|has|have) not "
    r"(?:the|that|this|it|these|those|they|we|i)\b(?!.*\?)"
)
_CHAT_TAIL = lazy(r"(?: (?:haha|lol|lmao|tbh|imo|i guess|i think|right|then))+ *$")
# A question the learner asks and answers at once opens with one of these, or its answer
# holds a reply to it ("does it add layers by itself? no. hyper")
_RHETORICAL_WH = frozenset({"who", "what", "how", "which", "where"})
_REPLIES = words(
    "no nope nah never nobody noone yes yep yeah obviously course cant cannot doesnt wont isnt"
)
_FIRST_BREAK = lazy(r" [?,.!;] ")


def _command_then_chat(normal: str) -> str | None:
    """ "any hints? its late and i cant think", "bye, going to sleep": a command, then words
    that neither answer nor ask."""
    cut = _FIRST_BREAK.search(normal)
    if cut is None:
        return None
    head, rest = normal[: cut.start()], normal[cut.end() :].strip(" .!")
    if not rest or gives_an_answer(rest) or looks_like_question(rest) or rest.endswith("?"):
        return None
    return match_command(head)


def _reading(choice: str, basis: str) -> str:
    return f"I read that as **{choice}**{f' ({basis})' if basis else ''}."


class Reader:
    """Reads lines with one model; ``read`` is the decision the engine acts on."""

    def __init__(self, model: ReaderModel | None = None, intent: ReaderModel | None = None) -> None:
        self._model = model
        self._intent = intent

    @property
    def model(self) -> ReaderModel:
        if self._model is None:
            self._model = shipped_model()
        return self._model

    @property
    def intent(self) -> ReaderModel:
        if self._intent is None:
            self._intent = shipped_intent_model()
        return self._intent

    def _intended(self, text: str, normal: str) -> Command | FollowUp | None:
        """A command or follow-up in words the rules do not know, when the intent model is
        confident of it; None otherwise (the caller decides between question and unclear)."""
        probabilities = self.intent.probabilities(after_correction(normal)[0])
        top = max(probabilities, key=probabilities.__getitem__)
        if probabilities[top] < self.intent.threshold:
            return None
        kind, _, name = top.partition(":")
        letters = re.findall(r"[a-z]+", normal)
        if letters and max(map(len, letters)) < 2:
            return None  # "a a a a a" is someone leaning on the keys, not a request
        if top == "command:why" and _WHY_NOT_INSTEAD.search(normal):
            return None  # "why not just use all the features" asks about that, not the answer
        if kind == "command":
            return Command(name)
        if kind == "followup":
            word = defined_word(normal, fold(text)) if name == "define" else ""
            if name == "define" and not word:
                return None
            return FollowUp(name, word, text.strip())
        return None

    def read(self, text: str, *, numbered: bool = False, can_ask: bool = True) -> Reading:
        folded = fold(text)
        normal = normalise(text)
        if not normal or not re.search(r"[a-z0-9?]", normal):
            return Unclear("empty")
        if folded.startswith("/"):
            name = slash_command(normal)
            if name:
                return Command(name)
            kind = SLASH_FOLLOW_UPS.get(normal[1:].strip())
            if kind is not None:
                return FollowUp(kind, "", text.strip())
            return Unclear("unknown command", folded.split(" ")[0])
        command = match_command(normal) or _command_then_chat(normal)
        if command is not None:
            return Command(command)
        follow_up = match_follow_up(normal)
        if follow_up is not None:
            return FollowUp(follow_up.kind, follow_up.word, text.strip())
        number = self._number(normal, numbered)
        if number is not None:
            return number
        if _DIGITS_ONLY.fullmatch(normal):
            return Unclear("number")
        if _EITHER_OR_ABOUT_IT.match(normal):
            return Unclear("both")  # "is it learned or set?" leaves the choice to the tutor
        verdict = _FINAL_VERDICT.search(normal)
        if verdict is not None and normal[: verdict.start()].strip(" .!?-=>"):
            # "hmm where does it come from? the optimiser moves it every step. parameter": the
            # thinking aloud ends in a sentence that is only the answer, and that answer counts
            choice = verdict.group("side")
            return Answer(choice, plain=False, reading=_reading(choice, "your last word"))
        rhetorical = self._answer_after_a_question(normal) if can_ask else None
        if rhetorical is not None:
            return rhetorical
        if can_ask and (
            looks_like_question(normal)
            or opens_with_a_question_mark(folded)
            or asks_with_a_particle(text, normal)
            or asks_about_a_named_identifier(text, normal)
            or defines_a_kind_and_asks(folded)
            or offers_another_option(normal)
        ):
            return self._intended(text, normal) or Question(text.strip())
        last = self._last_clause(text, normal) if can_ask else None
        if last is not None:
            return last
        if _NEGATIVE_QUESTION.match(LEADING_FILLER.sub("", normal)):
            # "isn't that a cap you set": asked as "isn't that a cap you set?" is
            normal = _CHAT_TAIL.sub("", normal).rstrip(" .!") + " ?"
        reading = self._answer(text, normal, can_ask=can_ask)
        if can_ask and (
            isinstance(reading, Question) or reading == Unclear("vague")
        ):  # not an answer: perhaps a command or follow-up in words the rules do not know
            return self._intended(text, normal) or reading
        return reading

    def _answer_after_a_question(self, normal: str) -> Answer | None:
        """A question the learner answers at once: "does a network add layers by itself? no,
        you design it. hyper", "who would hand-type the leaf values? parameters". Not "why is
        it a hyperparameter? I said parameter", which disputes the last answer."""
        head, mark, tail = normal.rpartition("?")
        asked = head.strip(" ?")
        said = [word for word in tail.split(" ") if word]
        found = _explicit_sides(said)
        if not (mark and asked and found) or len([w for w in said if w[:1].isalnum()]) > 6:
            return None
        at = found[-1][2]
        if any(word[:1].isalnum() and word not in _FILLER_WORDS for word in said[at + 1 :]):
            return None  # the answer word closes the line ("I thought hyperparameters were ...")
        if {said[index] for index in _subject_of(said, at)} - POINTING_BACK:
            return None  # "... ? weights are parameters" says what something else is
        first = LEADING_FILLER.sub("", asked).split(" ")[0]
        if first in ("why", "y") or not looks_like_question(asked + " ?"):
            return None
        if first not in _RHETORICAL_WH and not set(said) & _REPLIES:
            return None  # a rhetorical question is answered, "no, ..."; or asks who or what
        reading = self._answer(tail, tail.strip(" ,.!"), can_ask=False)
        return reading if isinstance(reading, Answer) else None

    def _last_clause(self, text: str, normal: str) -> Command | FollowUp | Question | None:
        """What a line's last clause asks, when the clauses before it give no answer: "I'm
        second-guessing myself, could you give me a hint?", "I'm blanking, is the
        hyperparameter the thing I set or the thing the model figures out?"."""
        cuts = list(_CLAUSE_BREAK.finditer(normal))
        if not cuts:
            return None
        cut = cuts[-1]
        head, tail = normal[: cut.start()].strip(), normal[cut.end() :].strip()
        content = [word for word in tail.split(" ") if word[:1].isalnum()]
        if not content or set(content) <= _TAG_WORDS or set(head.split(" ")) & _ANSWER_WORDS:
            return None  # "it's learned, isn't it?" is an answer that asks to be confirmed
        if isinstance(self._answer(head, head, can_ask=False), Answer):
            return None  # "you pick it, next question": the answer comes first
        inner = self.read(tail)
        if inner == Command("why") and len(content) > 1:
            inner = Question(tail)  # "warmup in a schedule, why warm up?" asks about warmup
        if isinstance(inner, Question) and not (tail.endswith("?") or content[0] in _WH_WORDS):
            return None  # "nested cross validation, why nest it" asks without its "?"
        if not tail.endswith("?") and content[0] == "how" and set(content[1:2]) & HOW_MUCH:
            return None  # "the priors are just counting, how often each class shows up"
        if not isinstance(inner, Command | FollowUp | Question):
            return None
        # the intent model, confident of the whole line, knows better than its last clause
        # ("the question got cut off, show it again" asks for the question, not the demo)
        whole = self._intended(text, normal)
        if whole is not None:
            return whole
        return Question(text.strip()) if isinstance(inner, Question) else inner

    def _number(self, normal: str, numbered: bool) -> Reading | None:
        place = _PLACE.fullmatch(normal)
        if place is not None:
            named = place.group("ordinal") or place.group("word")
            normal = "1" if named in ("first", "1st", "one") else "2"
        if _NUMBER.fullmatch(normal):
            digit = _NUMBER.fullmatch(normal).group(1)  # type: ignore[union-attr]
            if not numbered:
                return Unclear("number")
            choice = PARAMETER if digit == "1" else HYPERPARAMETER
            return Answer(choice, plain=False, reading=f"I read {digit} as **{choice}**.")
        match = _NUMBER_WITH_REASON.fullmatch(normal)
        if match and re.match(r"(?:or|and|vs)\b", match.group("rest")):
            return Unclear("both")
        if match and numbered:
            choice = PARAMETER if match.group(1) == "1" else HYPERPARAMETER
            rest = self._answer(match.group("rest"), normalise(match.group("rest")), can_ask=False)
            if isinstance(rest, Answer) and rest.choice != choice:
                return Unclear(
                    "contradiction",
                    f"{match.group(1)} is **{choice}**, but your reason describes a "
                    f"**{rest.choice}**",
                )
            return Answer(choice, plain=False, reading=f"I read {match.group(1)} as **{choice}**.")
        return None

    def _answer(self, text: str, normal: str, *, can_ask: bool) -> Reading:
        elliptical = _ELLIPTICAL_NOT.match(normal)
        if elliptical is not None:  # "alpha is hyper but these aren't": these are the other kind
            side = elliptical.group("side")
            choice = _other(side if side in SIDES else ALONE[side])
            return Answer(choice, plain=False, reading=_reading(choice, "reading the negation"))
        elliptical = _ELLIPTICAL_REASON.match(normal)
        if elliptical is not None and not set(elliptical.group("head").split(" ")) & POINTING_BACK:
            head = self._answer(elliptical.group("head"), elliptical.group("head"), can_ask=False)
            if isinstance(head, Answer):
                choice = _other(head.choice)
                return Answer(choice, plain=False, reading=_reading(choice, "reading the negation"))
        effective, corrected = after_correction(normal)
        words = [word for word in effective.split(" ") if word]
        if not words:
            return Unclear("empty")
        found = _explicit_sides(words)
        content = [w for w in words if w[0].isalnum()]
        if SMALL_TALK.match(" ".join(content)):
            return Unclear("vague")
        if HEDGED_BOTH_WAYS.search(effective) or BOTH.search(effective):
            return Unclear("both")
        if any(
            word in {"both", "either", "neither", "ambos", "beides", "entrambi"}
            and words[index + 1 : index + 2] != ["way"]  # "either way it's computed"
            and not (len(found) == 1 and _both_things(words, index))
            for index, word in enumerate(words)
        ):
            return Unclear("both")
        if len(words) >= 2 and words[0] == "no" and words[1] in SIDES and len(found) == 1:
            return Unclear("both")  # "no parameter": could be read either way
        sides = {_other(side) if negated else side for side, negated, _ in found}
        plain_sides = {side for side, negated, _ in found if not negated}
        if len(sides) == 2 or len(plain_sides) == 2:
            return Unclear("both")
        probabilities = self.model.probabilities(effective)
        basis = "your correction" if corrected else ""
        if sides:
            choice = sides.pop()
            if _gives_up_at_the_end(effective):
                return Unclear("vague")
            if NO_IDEA.search(effective) and not corrected:
                top = max(probabilities, key=probabilities.__getitem__)
                if top != choice or probabilities[top] < self.model.threshold:
                    return Unclear("vague")
            contradiction = self._contradiction(words, found, choice)
            if contradiction is not None:
                return contradiction
            other = _other(choice)
            if probabilities[other] >= 0.5 and probabilities[other] > probabilities[choice]:
                return Unclear("vague")  # the words say one kind, the way it is said the other
            doubt = probabilities["unclear"]  # the model reads contradictions as unclear
            said = [w for w in content if w not in _FILLER_WORDS and w not in SIDES]
            if doubt >= 0.5 and doubt > probabilities[choice] and len(said) > 1:
                return Unclear(
                    "contradiction",
                    f"you said **{choice}**, but the rest of what you wrote does not sound like "
                    f"a **{choice}**",
                )
            typed = re.sub(r"[\s_-]+", "", fold(text).strip(" .!"))
            plain = typed in _PLAIN_WORDS
            negated = any(negated for _, negated, _ in found)
            if not basis and negated:
                basis = "reading the negation"
            return Answer(
                choice,
                plain=plain,
                reading="" if plain else _reading(choice, basis),
                confidence=probabilities[choice],
            )
        if NO_IDEA.search(effective):
            return Unclear("vague")
        top = max(probabilities, key=probabilities.__getitem__)
        votes = _reason_votes(words)
        if not votes and (len(content) == 1 or set(content) <= TOPIC_WORDS):
            return Unclear("vague")  # "training data": names the topic, says nothing about it
        if len(votes) == 2 and re.search(r"\b(?:or|and)\b", effective):
            return Unclear("both")  # "learned or chosen?"
        asks = top == "other" and probabilities["other"] >= self.model.threshold
        if len(votes) == 1 and not asks:  # "can you give me a clue?" holds "give", not a reason
            side = votes.pop()
            # a reason phrase decides, unless the model is confident the line means the other
            # kind (then a partial match of the phrase misled it)
            against = probabilities[_other(side)]
            # unsure between "unclear" and the other kind, the model is not saying the other kind
            hesitant = top == "unclear" and probabilities[top] < 0.75 and not normal.endswith("?")
            if (
                top != side
                and not hesitant
                and against < self.model.threshold
                and against > 2 * probabilities[side]
            ):
                return Unclear("vague")  # the phrase says one kind, the way it is said the other
            if top != side and against >= self.model.threshold and NEGATORS & set(words):
                # "the data doesn't set it": the phrase read with its negation, which the
                # model's bag of words cannot do, says one kind and the model the other
                return Unclear("vague")
            if top == side or against < self.model.threshold:
                return Answer(
                    side,
                    plain=False,
                    reading=_reading(side, basis or "from how you described it"),
                    confidence=probabilities[side],
                )
        if top in SIDES and probabilities[top] >= self.model.threshold:
            if not basis:
                basis = "from how you described it"
            return Answer(
                top, plain=False, reading=_reading(top, basis), confidence=probabilities[top]
            )
        if top == "other" and can_ask and normal.endswith("?"):
            return Question(text.strip())
        return Unclear("vague")

    def _contradiction(
        self, words: list[str], found: list[tuple[str, bool, int]], choice: str
    ) -> Unclear | None:
        """An answer word with a reason that describes the other kind, e.g. "hyperparameter
        because gradient descent updates it"."""
        at = {index for _, _, index in found} | _subject_of(words, found[0][2])
        rest = [word for index, word in enumerate(words) if index not in at]
        content = [w for w in rest if w[0].isalnum() and w not in _FILLER_WORDS]
        other = _other(choice)
        votes = _reason_votes([w for w in rest if w])
        if len(content) < 2 and votes != {other}:
            return None  # one word is a reason only when it is one ("it's learned, so ...")
        reason = " ".join(rest).strip(" ,.;:!-")
        probabilities = self.model.probabilities(reason)
        if votes == {other} or (
            not votes and probabilities[other] >= self.model.contradiction_threshold
        ):
            shown = re.sub(r"^(?:because|since|as|cause|cuz|bc|so|,|:|-)\s*", "", reason).strip()
            shown = _TRAILING_FILLER.sub("", shown)  # "its learned, so its a" -> "its learned"
            shown = re.sub(r" ([,;:.!?])", r"\1", shown).strip(" ,;:")
            for bare, typed in _APOSTROPHES:  # as typed, before normalising
                shown = re.sub(rf"\b{bare}\b", typed, shown)
            return Unclear(
                "contradiction",
                f'you said **{choice}**, but "{shown}" describes a **{other}**',
            )
        return None


_default = Reader()


def read(text: str, *, numbered: bool = False, can_ask: bool = True) -> Reading:
    """Read one line typed while a two-way question is open (see ``Reader.read``)."""
    return _default.read(text, numbered=numbered, can_ask=can_ask)
