"""The tutor's knowledge: answers to questions about parameters and hyperparameters.

``Knowledge(pack).ask(question)`` answers from two sources. The lesson pack's glossary and
item bank (``pack.py``) know the course's terms and the lessons' own examples. The library
vocabulary (``vocabulary.py``, data in ``data/``) knows the quantities of scikit-learn, PyTorch,
Keras, XGBoost, LightGBM and CatBoost, and ``reader.py`` reads which quantity and which model a
question names; ``replies.py`` words the answer. ``choice.py`` decides which of the two
answers (the pack, unless the library read more than it could).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from tutor.core.knowledge.answer import ASKS_A_KIND, KINDS, KnowledgeAnswer
from tutor.core.knowledge.described import described_guess
from tutor.core.knowledge.outputs import method_output
from tutor.core.knowledge.pack import PackKnowledge, _compact, _tokens, looks_like_question
from tutor.core.knowledge.registered import registered_parameter
from tutor.core.language.translate import in_english_words
from tutor.core.lessons import LessonPack

if TYPE_CHECKING:  # the vocabulary and its reader load on the first question
    from tutor.core.knowledge.reader import Reading
    from tutor.core.knowledge.vocabulary import Vocabulary

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


# The arguments of a call in pasted code ("AdamW(params, lr=3e-4)"): a kind word there is a
# variable's name, not a claim about a kind
_CALL_ARGUMENTS = re.compile(r"(?<=[A-Za-z0-9_])\(([^()]*)\)")
_KIND_WORD = re.compile(r"\b(?:hyper_?)?param(?:eter)?s?\b", re.IGNORECASE)


def _without_kind_words(call: re.Match[str]) -> str:
    return "(" + _KIND_WORD.sub("args", call.group(1)) + ")"


# "does the forest figure out how many trees to use?" asks about the number of trees, not trees
# "a multi-output y", "multi-class targets": a kind of problem, not the outputs or the classes
_MULTI = re.compile(r"\bmulti-(?P<kind>output|class|label|target|task)\b", re.IGNORECASE)
_HOW_MANY_DECIDED = re.compile(
    r"\b(?P<verb>decides?|chooses?|picks?|figures? out|learns?|sets?|finds?|works? out|"
    r"determines?|knows?|estimates?|infers?|discovers?|detects?)\s+how many\s+"
    r"(?P<things>[a-z]+(?:\s+(?!there\b|it\b|to\b)[a-z]+s\b)?)",
    re.IGNORECASE,
)
_OWNER = re.compile(
    r"\bof\s+(?:a|an|the|my|your|our|his|her|their|this|that)\s+([a-z]+(?:\s+[a-z]+){0,2})\b"
)

# Programming's own parameters and arguments, which are not a trained model's.
_OTHER_FIELD = re.compile(
    r"\b(?:python function|(?:a|the) function(?:'s)? (?:argument|parameter)s?|"
    r"(?:function|method) (?:argument|parameter)s?|url|query string|query parameters?|sql|"
    r"stored procedures?|bash|shell script|http|rest api|api endpoint|javascript|java|c\+\+|"
    r"template parameters?|type parameters?|generics?|excel|spreadsheet)\b"
)


def _other_field(question: str, reading: Reading | None) -> str | None:
    """The programming sense of "parameter" a question is about ("what is a URL query
    parameter?"), when it names no quantity of a model."""
    found = _OTHER_FIELD.search(question.lower())
    if found is None or (reading is not None and reading.senses):
        return None
    return found.group(0)


# How-to, troubleshooting and which-is-better questions. When one is about something that is
# not a quantity of a model ("how do I split data into train and test sets?", "which is
# faster, catboost or xgboost?"), defining the term it names would not answer it.
_HOW_TO = re.compile(
    r"(?:^|[.?!]\s+|\n)\W*(?:(?:so|ok|okay|hey|hi|um|hmm|quick question|sorry|also|and|but)"
    r"\W+)*(?:"
    r"how (?:do|can|could|should|would|shall) (?:i|we|you|one)\b|how to\b|"
    r"(?:which|what) (?:one )?(?:is|are|s) (?:the )?(?:better|best|faster|fastest|quicker|"
    r"easier|more accurate)\b|"
    r"(?:is|are) \S+(?: \S+)? (?:better|faster|worse|slower) than\b|"
    r"should i (?:use|pick|go with|learn|install)\b|why (?:is|does|do|did) my\b|"
    r"(?:who|when|where)\b(?! (?:is|are|does|do) (?:the |a |an )?\S+ (?:come|learned|set|"
    r"chosen))|"
    r"(?:can|does|do|will) \S+ (?:handle|support|work with|run on|scale)\b|"
    r"(?:what|where) (?:s |is )?(?:the )?(?:best|right) (?:way|library|package|tool)\b)"
    # or, anywhere: "catboost vs xgboost, which one trains faster?"
    r"|\b(?:which|what) (?:one )?(?:is|are|s|trains|runs|works|fits) (?:the )?(?:better|best|"
    r"faster|fastest|quicker|easier|more accurate|slower)\b"
    r"|\b(?:is|are) (?:an? |the )?\S+(?: still)? (?:better|faster|worse|slower) than\b"
    r"|\bshould (?:i|we) (?:buy|rent|install)\b"
    r"|\b(?:any ideas|ideas\s*\?|any suggestions|what am i doing wrong|"
    r"does \S+ need me to|how (?:do|can) i (?:fix|keep|stop|avoid|get rid of|make))\b",
    re.IGNORECASE,
)

# Troubleshooting: an error, a warning, a fix or a recommendation; outside the course unless
# the question also asks which kind something is
_TROUBLE = re.compile(
    r"\b(?:is (?:my|it|that|this) (?:\w+ )?(?:broken|a bug|normal|wrong|bad)|(?:usual|best|right|"
    r"quick) fix|workaround|any tips|tips on|recommend|which (?:one )?should i (?:learn|use|pick|"
    r"start with)|help\s*\?\s*$|\w*error:|\w+(?:error|warning)\b|fails? (?:to|on|with)|"
    r"doesn'?t see|out of memory|what does (?:it|this|that|the error) mean|install(?:ing|ed)?\b|"
    r"\berrors? (?:says|message|when|while|on)\b|\bhelp\W*$|what'?s wrong|stuck (?:at|on)|"
    r"\bnan\b|(?:not|stops?|stopped) (?:improving|converging|decreasing)|derivative of|"
    r"formula (?:for|of)|write (?:me )?an? (?:\w+ )?(?:poem|song|story|haiku|essay|joke)|"
    r"how many (?:rows|samples|examples|images|data points) (?:do|should|would) (?:i|we|you) need|"
    r"how long (?:does|will|would|should|did) (?:it|training|that) take)",
    re.IGNORECASE,
)
# A tutorial on a topic, not a term to define: "explain backprop like I'm five", "how does
# attention work?", "what's the difference between bagging and boosting?" (about no quantity)
_TUTORIAL = re.compile(
    r"\b(?:explain|describe|teach me)\b[^?]*?\b(?:like (?:i'?m|im|i am|to) (?:\w+ ){0,2}\w+|"
    r"simply|in simple (?:words|terms)|in plain (?:english|words)|intuitively|eli5|for (?:a )?"
    r"beginners?)\b|\bhow (?:does|do) (?:the )?\S+(?: \S+)? (?:actually |really )?work\b|"
    r"\b(?:can|could) you explain (?:how|why)\b|\beli5\b",
    re.IGNORECASE,
)
_DIFFERENCE = re.compile(r"\bdifference between\b|\bdifferent from\b|\bvs\.?\b|\bversus\b", re.I)
# "how do I set up cross-validation?" asks how to use a library; "how do I choose k?" also
# asks about k, whose kind the answer gives
_HOW_DO_I = re.compile(r"\bhow (?:do|can|could|should|would) (?:i|we|you|one)\b|\bhow to\b", re.I)
_HOW_TO_CHOOSE = re.compile(
    r"\bhow (?:do|can|could|should|would) (?:i|we|you|one) (?:best |actually )?(?:choose|pick|"
    r"tune|set|select|find|decide|estimate|learn|fit|initiali[sz]e|know|tell|get|see|read|print|"
    r"access|extract|inspect|look at)\b(?! up\b)"
    r"|\bhow to (?:choose|pick|tune|set|select|find|decide|estimate)\b(?! up\b)",
    re.IGNORECASE,
)
# "how do I count the parameters of my model?" asks how to use a library, not which kind
_COUNTS_PARAMETERS = re.compile(
    r"\b(?:count|number of|how many)(?: \w+){0,2} param\w*", re.IGNORECASE
)

# A snake_case name as typed in code ("negative_slope", "clf__C").
_SNAKE_NAME = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z0-9]*(?:_+[A-Za-z0-9]+)+_?(?![\w(])")
# A single letter joined by a hyphen to a word ("p-value", "k-means").
_LETTER_COMPOUND = re.compile(r"(?<![\w-])[A-Za-z]-[A-Za-z]{2,}(?![\w-])")


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
    def _vocabulary(self) -> Vocabulary:
        from tutor.core.knowledge.vocabulary import load

        return load()

    def ask(self, question: str) -> KnowledgeAnswer:
        """Answer one question (see the module docstring for which source answers)."""
        question = in_english_words(question[:_LONGEST_QUESTION])
        question = _GENERAL_CONTEXT.sub("", question)
        question = _LETTER_COMPOUND.sub(self._letter_compound, question)
        question = _MULTI.sub(r"multi\g<kind>", question)
        question = _HOW_MANY_DECIDED.sub(r"\g<verb> the number of \g<things>", question)
        question = _CALL_ARGUMENTS.sub(_without_kind_words, question)
        found = self._answer(question)
        # unknown, or only a kind defined ("I fix the zorblax at 4. Hyperparameter?"): the
        # learner may have said how the value comes about
        if not found.known or found.term in KINDS:
            found = described_guess(question, None if found.known else found.term) or found
        return self._off_course(question, found)

    def _letter_compound(self, found: re.Match[str]) -> str:
        """ "p-value", "t-test", "x-axis" as one word, so that their letter is not read as a
        quantity named by that letter (p, t, x); "k-means" and "k-nearest neighbours",
        which this course or the libraries know, stay as typed."""
        typed = found.group(0)
        if typed.replace("-", "_").lower() in self._vocabulary.by_ident:
            return typed.replace("-", "_")  # "p-value" is the library's p_value, not its p
        after = found.string[found.end() :].split()[:2]
        for extra in range(len(after) + 1):
            phrase = " ".join([typed, *after[:extra]])
            if self._pack.knows(phrase) or self._vocabulary.knows(phrase):
                return typed
        return typed.replace("-", "")

    def _answer(self, question: str) -> KnowledgeAnswer:
        from tutor.core.knowledge.choice import about_the_kinds, choose
        from tutor.core.knowledge.reader import read
        from tutor.core.knowledge.replies import reply

        from_pack = _in_contract(self._pack.ask(question))
        reading = read(question, self._vocabulary, self._pack.known_words)
        registered = registered_parameter(question, reading) or method_output(question, reading)
        if registered is not None:
            return registered
        stranger = self._stranger(question) or _other_field(question, reading)
        if stranger and not (reading and (reading.typed_ident or reading.models)):
            # "what's the learning rate of a toddler?": the quantity belongs to something else
            unknown = self._pack.ask(f"what is {stranger}?")
            return unknown if not unknown.known else from_pack
        guessed = reading is not None and reading.guess is not None
        no_quantity = reading is None or (not reading.senses and bool(reading.overview))
        if (no_quantity or guessed) and from_pack.known:
            name = self._unknown_name(question)
            inside = name is not None and (
                (about_the_kinds(from_pack.term) and from_pack.term not in KINDS)
                # "n_quantiles: param or hyper?" is not the
                or self._pack.ask(question.replace(name, "it")).term != from_pack.term
            )  # difference of the kinds; or the pack read a word inside a name it does not know
            if inside:
                assert name is not None
                if guessed:
                    assert reading is not None
                    return reply(reading, self._vocabulary)  # a guess that says it is one
                return self._not_known(name, from_pack)
        if reading is None or reading.weak:
            return from_pack
        from_library = reply(reading, self._vocabulary)
        return choose(from_pack, from_library, reading, self._pack.knows(reading.said), question)

    def _unknown_name(self, question: str) -> str | None:
        """The first snake_case name in the question that neither the libraries' vocabulary
        nor the lesson pack knows ("negative_slope")."""
        for found in _SNAKE_NAME.finditer(question):
            name = found.group(0)
            if not (self._vocabulary.lookup(name) or self._pack.knows(name)):
                return name
        return None

    @staticmethod
    def _not_known(name: str, near: KnowledgeAnswer) -> KnowledgeAnswer:
        suggestions = [near.term] if near.term else []
        return KnowledgeAnswer(
            name,
            None,
            f"I don't know **{name}**: it is not among the library names I know, so I won't "
            "guess from the words inside it. Whether it is a parameter comes down to one test: "
            "does fit() estimate it from the data (a parameter), or do you set it before "
            "training (a hyperparameter)? A name you pass to the constructor is a "
            "hyperparameter; a name that appears on the model after fit(), usually ending in "
            "an underscore, is a parameter.",
            suggestions,
            known=False,
        )

    def _off_course(self, question: str, found: KnowledgeAnswer) -> KnowledgeAnswer:
        """A how-to or which-is-better question about no quantity is outside the course: say
        so instead of defining the term it happens to name."""
        trouble = bool(_TROUBLE.search(question)) and not ASKS_A_KIND.search(question)
        concept = found.answer == "neither" and "parameter" not in (found.term or "")
        # a tutorial on a concept is beyond the course; "how does momentum work?" is not
        tutorial = (
            found.answer in (None, "neither")
            and not ASKS_A_KIND.search(question)
            and (
                bool(_TUTORIAL.search(question))
                or (  # "an epoch and an iteration" are the lessons' own, "bagging and boosting" not
                    concept
                    and bool(_DIFFERENCE.search(question))
                    and not self._pack.names_an_item(question)
                )
            )
        )
        if not (trouble or tutorial or _HOW_TO.search(question)):
            return found
        trouble = trouble or tutorial
        kind = found.answer in ("parameter", "hyperparameter")
        choosing = _HOW_TO_CHOOSE.search(question) or not _HOW_DO_I.search(question)
        if kind and not trouble and choosing and not _COUNTS_PARAMETERS.search(question):
            return found  # "how do I choose k?": k is a hyperparameter, and how it is chosen
        known = (
            f"I can say what **{found.term}** is (ask “what is {found.term}?”) and "
            if (found.known and found.term)
            else "I can say "
        )
        opening = (
            "That asks for a lesson on another topic, which this course does not teach, so I "
            "won't improvise one. "
            if tutorial
            else "That is a practical question this course does not answer, so I won't guess. "
        )
        return replace(
            found,
            answer=None,
            known=False,
            text=(
                f"{opening}{known}which quantities of a model are learned from the data "
                "(parameters) and which are chosen before training (hyperparameters): ask, for "
                "example, "
                "“is max_depth a hyperparameter?”."
            ),
        )

    def _stranger(self, question: str) -> str | None:
        """The unknown thing a quantity is said to belong to ("the weight *of an elephant*"),
        when no word of this course or of the libraries names it, typos aside."""
        from tutor.core.knowledge.pack import _GENERIC, _STOP, _norm_word

        found = _OWNER.search(question.lower())
        if found is None:
            return None
        content = [w for w in found.group(1).split() if w not in _STOP and w not in _GENERIC]
        known = self._pack.known_words | self._vocabulary.words
        for word in content:
            if _norm_word(word) in known or word in known or self._pack.corrects(word):
                return None
        return " ".join(content) or None
