"""Answers from the lesson pack: its glossary and item bank.

``PackKnowledge(pack).ask("is batch size a parameter?")`` finds the term the question is about
(in any case, singular or plural, hyphenated or not, abbreviated, or with a small typo), reads
what kind of question it is, and answers from the lesson pack:

- "what is X" / "explain X" / "define X"          -> the definition;
- "is X a parameter?" / "is X learned?"            -> Yes/No relative to what was asked, and why;
- "why is X a hyperparameter?"                     -> the reason (correcting a wrong premise);
- "difference between X and Y"                     -> the comparison entry, or both definitions.

When the term is unknown or the question is off the topic, the answer says so and suggests the
closest known terms instead of guessing. Stdlib only; the index is built once per pack.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tutor.core.knowledge.answer import KnowledgeAnswer
from tutor.core.language.distance import deletions
from tutor.core.language.normalise import english_words
from tutor.core.language.questions import mean_as_a_verb
from tutor.core.lessons import ANSWERS, LessonPack

__all__ = ["COUNTED", "PackKnowledge", "looks_like_question"]


# --- words ------------------------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ARTICLES = frozenset({"a", "an", "the"})
# Before a kind word, a count: "more parameters" asks how many, not which kind.
COUNTED = frozenset({"more", "fewer", "less", "extra", "additional", "many", "much"})
_PRONOUNS = _wordset("it its this that these those they them their one ones he she him her")
_STOP = (
    _wordset(
        """
    i me my mine we us our ours you your yours myself
    is are was were be been being am do does did doing done have has had having
    can could should would will shall may might must not no yes
    what why how which who whom whose when where whether if
    of in on at by for with without to from into onto about between among and or but nor so
    than then as like vs versus per via over under within through
    please pls plz tell explain define definition describe meaning mean say list
    exactly actually really just basically again also ok okay hey hi hello hmm um umm well
    thanks thank quick question sorry think guess maybe perhaps probably sure know wonder
    wondering understand confused some any all more most other such very much many lot
    kind sort type thing things something anything everything same different there here
    bit bits piece pieces stuff one ones
    now still even only ever always never usually often ah oh right alright correct
    difference differ differs compare comparison distinguish contrast versus
    give show help work works need needs use used using make makes made get got
    good bad best better important matter matters role purpose point idea example eg ie
    zero two three four five six seven eight nine ten
    bigger smaller larger higher lower greater fewer less extra additional increase decrease
    """
    )
    | _PRONOUNS
    | _ARTICLES
)
# Words about the training process itself: they never make a question about a specific term.
_GENERIC = _wordset(
    """
    fit fits fitting fitted change changes changed changing train trains trained
    learn learns learned learnt learning data value values set sets before after during
    update updates updated estimate estimated choose chosen chose pick picked tune tuned
    decide decided fixed manually hand answer answers next because since model quantity
    number count called name named part case call
    """
)
# Process words that are still worth defining when asked about directly ("what is a model?").
_DEFINABLE = frozenset({"model", "training", "fitting", "fit", "data", "learning"})
# words many items' names share, which point at none of them
_EVERY_ITEMS_WORDS = frozenset({"machine", "train", "validation", "accuracy", "eval", "line"})
_KEEP_S = _wordset(
    "does means always perhaps sometimes less unless thus this whereas yes was has its is as "
    "us plus series species analysis lens gas alias bias"
)
_SPELLING = {
    "neighbor": "neighbour",
    "neighbors": "neighbours",
    "center": "centre",
    "centers": "centres",
    "centered": "centred",
    "modeling": "modelling",
    "labeled": "labelled",
}
_CONTRACTIONS = [
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"\b(what|that|it|there|who|where|how|here|he|she)'s\b"), r"\1 is"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'s\b"), ""),
]
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_BRITISH = re.compile(r"iz(?=e|er|ing|a)")  # optimize/optimiser, regularization/-isation


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word in _KEEP_S:
        return word
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("ses") and word[:-2].endswith(("as", "ss", "us", "is")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=8192)
def _norm_word(word: str) -> str:
    word = _SPELLING.get(word, word)
    if len(word) > 5:
        word = _BRITISH.sub("is", word)
    return _singular(word)


def _raw_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    if "'" in text or "’" in text or "‘" in text:
        text = text.replace("’", "'").replace("‘", "'")
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
    return [word for word in _NON_WORD.split(text) if word and word not in _ARTICLES]


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Normalised tokens: lower case, no punctuation or articles, British spelling, singular."""
    return tuple(_norm_word(word) for word in _raw_words(text))


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or limit + 1 when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def max_typos(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


# --- the kind words ------------------------------------------------------------------------------

_KIND_PHRASES: dict[str, tuple[str, ...]] = {
    "parameter": (
        "parameter",
        "param",
        "model parameter",
        "trainable parameter",
        "learnable parameter",
        "learned parameter",
        "learned",
        "learnt",
        "learnable",
        "trainable",
        "fitted",
        "learn",
        "learned from data",
        "learnt from data",
        "estimated from data",
        "learned by fitting",
        "learned during training",
        "found by training",
        "changed by training",
        "changed by fitting",
        "changed by fit",
        "updated during training",
        "updated by training",
        "estimated by fitting",
        "estimated by fit",
        "data decided",
        "decided by data",
        "figure out",
        "figured out",
        "work out",
        "worked out",
        "by itself",
        "on its own",
        "from data",
        "derived from data",
        "computed from data",
        "data driven",
        "optimised",
        "optimized",
        "updated",
        "updated by gradient descent",
        "updated by backprop",
        "updated by backpropagation",
        "trained",
        "learned weight",
        "update",
        "found by fitting",
        "found by fit",
        "found during training",
        "found by the fit",
        "estimated",
        "estimated during training",
        "computed by fit",
        "computed during training",
        "determined by data",
        "determined from data",
        "calculated from data",
        "set by training",
        "set by the fit",
        "set by fit",
        "fit change",
        "training change",
        "gradient descent change",
        "backprop change",
        "optimizer change",
        "optimiser change",
        "optimizer update",
        "optimiser update",
        "gradient descent update",
        "backprop update",
        "adjusted during training",
        "adjusted by training",
        "adjusted by backpropagation",
        "adjusted by backprop",
        "adjusted by optimizer",
        "adjusted by optimiser",
        "adjusted by gradient descent",
        "determined by training",
        "determined during training",
        "decided by training",
        "decided during training",
        "change during training",
        "changed during training",
        "change while training",
        "change when training",
        "modified during training",
        "found by gradient descent",
        "found by backprop",
        "found by backpropagation",
        "found by optimiser",
        "found by optimizer",
        "learned by gradient descent",
        "learned by backprop",
        "learned by backpropagation",
        "learned by training",
        "learnt by training",
    ),
    "hyperparameter": (
        "hyperparameter",
        "hyper",
        "hyperparam",
        "model hyperparameter",
        "tuning parameter",
        "set before training",
        "set before fitting",
        "set before fit",
        "chosen before training",
        "chosen before fitting",
        "fixed before training",
        "set by hand",
        "set manually",
        "chosen manually",
        "chosen by hand",
        "picked by hand",
        "tuned",
        "tune",
        "set by user",
        "user defined",
        "set in advance",
        "chosen in advance",
        "fixed in advance",
        "set beforehand",
        "chosen beforehand",
        "picked before training",
        "tunable",
        "tunable parameter",
        "configurable",
        "knob",
        "set by me",
        "i set",
        "you set",
        "we set",
        "i choose",
        "you choose",
        "chosen",
        "picked",
        "specified",
        "set up front",
        "upfront",
        "a priori",
        "grid search",
        "tuned by grid search",
        "found by grid search",
        "set myself",
        "set it myself",
        "pick",
        "choose",
        "fixed before training starts",
        "decided before training",
        "chosen by user",
        "picked by cross validation",
        "chosen by cross validation",
        "tuned by cross validation",
    ),
}
_STATIC_KINDS: dict[tuple[str, ...], str] = {
    tuple(_tokens(phrase)): kind for kind, phrases in _KIND_PHRASES.items() for phrase in phrases
}
_KIND_MAX = max(len(key) for key in _STATIC_KINDS)

_WHY_STARTS = (("why",), ("how", "come"), ("what", "make"), ("what", "makes"))
_DEFINE_WORDS = _wordset(
    "what when where which who how define definition meaning describe explain tell "
    "difference compare"
)
_KIND_WORDS = _wordset("is are was were would does do did can could should will if whether")
_DIFFERENCE_WORDS = _wordset("difference differ differs vs versus compare distinguish contrast")
_LEAD_FILLERS = _wordset(
    "so ok okay hey hi hello um umm hmm well and but also then sorry please tutor quick question "
    "oh ah alright just"
)
_LEAD_PHRASES = (
    ("can", "you"),
    ("could", "you"),
    ("would", "you"),
    ("will", "you"),
    ("do", "you", "know"),
    ("i", "want", "to", "know"),
    ("i", "would", "like", "to", "know"),
    ("i", "wonder"),
    ("i", "was", "wondering"),
    ("tell", "me"),
    ("i", "do", "not", "understand"),
    ("i", "am", "confused", "about"),
    ("i", "am", "not", "sure"),
    ("help", "me", "understand"),
)
_ANSWER_LEADS = _wordset(
    "i maybe probably perhaps it its because since parameter hyperparameter not definitely "
    "surely yes no answer we you they"
)
_CONTEXT_PREPS = _wordset("in for with about regarding using on")
_WH = _wordset("what why how which when where who")


def _kind_of_token(token: str) -> str | None:
    """'parameter'/'hyperparameter' for a (possibly misspelt) kind word; None otherwise."""
    if token in ("param", "parameter"):
        return "parameter"
    if token in ("hyper", "hyperparam", "hyperparameter"):
        return "hyperparameter"
    if len(token) >= 12 and token.startswith("hyp") and _distance(token, "hyperparameter", 2) <= 2:
        return "hyperparameter"
    if 7 <= len(token) <= 11 and token[:1] == "p" and _distance(token, "parameter", 2) <= 2:
        return "parameter"
    return None


@dataclass
class _Frame:
    """The shape of a question: its kind and where its subject starts."""

    kind: str | None  # "why" | "kind" | "define" | None (no question word)
    start: int  # index of the first token after the question words


def _strip_leads(tokens: Sequence[str]) -> int:
    """Index of the first token after fillers and polite wrappers ("so", "can you", ...)."""
    position = 0
    moved = True
    while moved and position < len(tokens):
        moved = False
        if tokens[position] in _LEAD_FILLERS:
            position += 1
            moved = True
            continue
        for phrase in _LEAD_PHRASES:
            if tuple(tokens[position : position + len(phrase)]) == phrase:
                position += len(phrase)
                moved = True
                break
    return position


def _frame(tokens: Sequence[str]) -> _Frame:
    start = _strip_leads(tokens)
    rest = tokens[start:]
    if not rest:
        return _Frame(None, start)
    if rest[0] == "about":  # "tell me about lasso"
        return _Frame("define", start + 1)
    if rest[0] in ("if", "whether"):  # "i wonder if batch size is learned"
        return _Frame("kind", start + 1)
    # A leading context clause ("in k-means, is k ...", "for knn what is k") is skipped.
    offset = 0
    if rest[0] in _CONTEXT_PREPS:
        for index, token in enumerate(rest[:8]):
            if token in _WH or (index > 0 and token in _KIND_WORDS and token not in ("do", "if")):
                offset = index
                break
    first = rest[offset]
    for phrase in _WHY_STARTS:
        if tuple(rest[offset : offset + len(phrase)]) == phrase:
            return _Frame("why", start + offset + len(phrase))
    if first == "explain" and len(rest) > offset + 1 and rest[offset + 1] == "why":
        return _Frame("why", start + offset + 2)
    if first in _KIND_WORDS:
        return _Frame("kind", start + offset + 1)
    if first in _DEFINE_WORDS:
        skip = 1
        if first == "what" and len(rest) > offset + 1 and rest[offset + 1] == "about":
            skip = 2
        if first == "tell" and len(rest) > offset + 1 and rest[offset + 1] == "about":
            skip = 2
        return _Frame("define", start + offset + skip)
    if rest[0] not in _ANSWER_LEADS:
        # "so for knn, what is k" or "i don't get what a hyperparameter is": a wh-word later on.
        for index, token in enumerate(rest[:8]):
            if token == "why":
                return _Frame("why", start + index + 1)
            if token in _WH:
                return _Frame("define", start + index + 1)
    elif any(token in _WH for token in rest[:8]) and rest[0] == "i":
        for index, token in enumerate(rest[:8]):
            if token in _WH:
                kind = "why" if token == "why" else "define"
                return _Frame(kind, start + index + 1)
    return _Frame(None, start)


def _static_kind_spans(tokens: Sequence[str]) -> list[tuple[int, int, str]]:
    """Kind phrases in a token list (longest first, no overlaps), without a lesson pack."""
    spans: list[tuple[int, int, str]] = []
    index = 0
    while index < len(tokens):
        found = None
        for width in range(min(_KIND_MAX, len(tokens) - index), 0, -1):
            kind = _STATIC_KINDS.get(tuple(tokens[index : index + width]))
            if kind is None and width == 1:
                kind = _kind_of_token(tokens[index])
            if kind is not None:
                found = (index, index + width, kind)
                break
        if found:
            spans.append(found)
            index = found[1]
        else:
            index += 1
    return spans


def looks_like_question(text: str) -> bool:
    """True for a question about the topic; False for a (hesitant) answer or a command.

    "what is a learning rate?", "is batch size a parameter?", "why is k a hyperparameter",
    "explain dropout", "tell me about lasso" are questions. "parameter", "I think it's a
    hyperparameter", "hyperparameter?" and "is it a parameter?" are not: a question whose only
    subject is it/this/that is about the open item, so it is an answer, not a knowledge question.
    """
    tokens = _tokens(text)
    if not tokens:
        return False
    frame = _frame(tokens)
    spans = _static_kind_spans(tokens)
    in_kind = {i for start, end, _ in spans for i in range(start, end)}

    def content(indexes: range) -> list[str]:
        return [
            tokens[i]
            for i in indexes
            if i not in in_kind and tokens[i] not in _STOP and tokens[i] not in _GENERIC
        ]

    everything = content(range(len(tokens)))
    kinds = {kind for _, _, kind in spans}
    if frame.kind is None:
        # "lr vs batch size?", "parameter vs hyperparameter", "batch size: parameter or ...?"
        if any(token in _DIFFERENCE_WORDS for token in tokens):
            return bool(everything) or len(kinds) == 2
        lead_at = _strip_leads(tokens)
        lead = tokens[lead_at] if lead_at < len(tokens) else ""
        if lead in _ANSWER_LEADS or not everything:
            return False
        return len(kinds) == 2 and spans[0][0] > 0
    after = range(frame.start, len(tokens))
    if frame.kind == "define" and any(tokens[i] in _DEFINABLE for i in after):
        return True  # "what is a model?", "explain training"
    if not everything and frame.kind in ("define", "why"):
        # "what is a hyperparameter?" and "why are hyperparameters needed?" are questions;
        # "what is it, a parameter?" and "why is that a hyperparameter?" are about the open item.
        if not spans or any(tokens[i] in _PRONOUNS for i in after):
            return False
        if frame.kind == "why" and len(after) < 2:
            return False
        rest = [i for i in after if tokens[i] not in _STOP and tokens[i] not in _GENERIC]
        return bool(rest) and all(i in in_kind for i in rest)
    return bool(everything)


# --- the index ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Topic:
    name: str  # unique display name, used as KnowledgeAnswer.term
    phrase: str  # how a sentence names it ("the slope m", "learning rate")
    answer: str | None
    text: str
    why: str
    is_glossary: bool
    note: str = ""
    family: str = ""
    model: str = ""
    see: tuple[str, ...] = ()
    kind_label: str | None = None  # set for the kind words themselves
    context: frozenset[str] = frozenset()  # words that point at the item's family
    own: frozenset[str] = frozenset()  # words of the item's own names and model
    is_row: bool = False  # a row of the table of differences (a statement, not a quantity)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    key: str
    topics: tuple[_Topic, ...]

    @property
    def kind_label(self) -> str | None:
        labels = {topic.kind_label for topic in self.topics}
        return labels.pop() if len(labels) == 1 else None


_EXTRA_VOCABULARY = _wordset(
    """
    keras pytorch torch tensorflow jax python sklearn numpy pandas code library framework
    course lesson tutor plot curve graph demo formula equation math maths statistics
    simple simply intuition intuitively example examples typical typically default defaults
    real practice practical beginner layman terms word words detail details short long
    feed forward feedforward deep need read seen send sent keep fold hold mode node code core
    more same such both each else ever here near next only over part pass plan rule side sign
    size step stop take task tell test text than them time unit upon very want ways what when
    wide will with word work year your zero full half cell base fine free good hard high last
    left line list load look made main make mark mean meet must name once open pick play real
    rest role run safe save show slow sort
    """
)
_LONGEST_WORD = 30  # longer "words" are not typo-corrected (and are never terms)
_LONGEST_QUESTION = 500  # characters of a question that are read
_MIN_SIMILARITY = 0.2  # trigram overlap below which a known term is not "close"
_FALLBACK_SUGGESTIONS = (
    "parameter",
    "hyperparameter",
    "difference between parameter and hyperparameter",
)


def _names_a_quantity(match: _Match) -> bool:
    """Whether a matched name is a quantity of some model (not a model, process or concept)."""
    return any(topic.answer is not None and topic.kind_label is None for topic in match.topics)


def _compact(tokens: Sequence[str]) -> str:
    return "".join(tokens)


def _trigrams(text: str) -> frozenset[str]:
    padded = f"  {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _strip_the(term: str) -> str:
    return term[4:] if term.lower().startswith("the ") else term


_SINGULAR_S = frozenset(
    {"bias", "lasso", "alias", "analysis", "axis", "process", "bayes", "neighbours", "neighbors"}
)
_HEAD_CUTS = re.compile(r"\(.*?\)|\s(?:of|to|each|per|for|used|tried|subtracted)\s.*$|,.*$")


def is_plural(phrase: str) -> bool:
    """Whether a term reads as plural ("the weights are ...") or singular ("k is ...")."""
    bare = re.sub(r"\(.*?\)", "", phrase).strip()
    if " and " in bare:
        return True
    head = _HEAD_CUTS.sub("", bare).strip().split()
    if not head:
        return False
    last = head[-1].lower()
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and last not in _SINGULAR_S


def _a(kind: str | None, plural: bool) -> str:
    return f"{kind}s" if plural else f"a {kind}"


def _bold(phrase: str, *, start: bool = False) -> str:
    if start and phrase.lower().startswith("the "):
        phrase = "The " + phrase[4:]
    return f"**{phrase}**"


class PackKnowledge:
    """Answers chat questions from a lesson pack's glossary and item bank."""

    def __init__(self, pack: LessonPack) -> None:
        self._index: dict[str, list[_Topic]] = {}
        self._key_tokens: Counter[str] = Counter()
        self._names: dict[str, _Topic] = {}
        self._suggest_names: dict[str, str] = {}  # normalised name or alias -> topic name
        self._suggest: list[tuple[frozenset[str], str]] = []
        self._vocabulary: set[str] = set(_STOP | _GENERIC | _EXTRA_VOCABULARY)
        self._deletes: dict[str, set[str]] | None = None
        self._family_words: dict[str, set[str]] = {}
        self._item_words: set[str] = set()  # words of the items' names, models and families
        self._max_tokens = 1
        self._build(pack)
        self._deletes_index()
        self._suggest = [(_trigrams(text), name) for text, name in self._suggest_names.items()]
        self._max_width = max((len(key) for key in self._index), default=1)

    def corrects(self, word: str) -> bool:
        """Whether an unknown word reads as a typo of one of the pack's terms."""
        norm = _norm_word(word)
        return self._correct(word, norm) != norm

    def names_an_item(self, question: str) -> bool:
        """Whether a question names a quantity, model or family of the lessons' items ("an
        epoch and an iteration", "ridge and lasso"), not only concepts of the glossary."""
        said = {self._correct(word, _norm_word(word)) for word in _raw_words(question)}
        return bool(said & self._item_words - _STOP - _GENERIC - _DEFINABLE - _EVERY_ITEMS_WORDS)

    def knows(self, phrase: str) -> bool:
        """Whether the pack has a term or alias spelt like this ("dropout rate")."""
        return _compact(_tokens(phrase)) in self._index

    @property
    def term_words(self) -> frozenset[str]:
        """The words of the pack's terms and aliases, which typos are corrected to."""
        return frozenset(self._key_tokens)

    @property
    def known_words(self) -> set[str]:
        """Every word the pack's terms and texts use (after normalisation)."""
        return self._vocabulary

    # -- building ---------------------------------------------------------------------------

    def _add(self, topic: _Topic, names: list[str]) -> None:
        for name in names:
            tokens = _tokens(name)
            if not tokens:
                continue
            key = _compact(tokens)
            bucket = self._index.setdefault(key, [])
            if topic not in bucket:
                bucket.append(topic)
            self._key_tokens.update(tokens)
            self._max_tokens = max(self._max_tokens, len(tokens))
            if topic.kind_label is None or topic.is_glossary:
                self._suggest_names.setdefault(" ".join(tokens), topic.name)

    def _learn_words(self, *texts: str) -> None:
        self._vocabulary.update(_tokens(" ".join(texts)))

    def _build(self, pack: LessonPack) -> None:
        families = sorted({item.family for item in pack.items.values()})
        family_keys = {_compact(_tokens(family)): family for family in families}
        glossary_family: dict[str, str] = {}  # glossary term -> family
        for entry in pack.glossary:
            for name in (entry.term, *entry.aliases):
                family = family_keys.get(_compact(_tokens(name)))
                if family:
                    glossary_family[entry.term] = family
        # Words that point at each family: its name, its models, its glossary entry's names.
        for item in pack.items.values():
            words = self._family_words.setdefault(item.family, set())
            words.update(_tokens(item.family))
            words.add(_compact(_tokens(item.family)))
            words.update(_tokens(item.model))
        for entry in pack.glossary:
            family = glossary_family.get(entry.term)
            if family:
                for name in (entry.term, *entry.aliases):
                    tokens = _tokens(name)
                    self._family_words[family].update(tokens)
                    self._family_words[family].add(_compact(tokens))
        for words in self._family_words.values():
            words.difference_update(_STOP | _GENERIC)
        self._family_terms = set(glossary_family)
        self._family_glossary = {family: term for term, family in glossary_family.items()}

        for entry in pack.glossary:
            kind_label = entry.answer if _compact(_tokens(entry.term)) in ANSWERS else None
            topic = _Topic(
                name=entry.term,
                phrase=entry.term,
                answer=entry.answer,
                text=entry.text,
                why=entry.text,
                is_glossary=True,
                see=tuple(entry.see),
                kind_label=kind_label,
            )
            self._names[entry.term] = topic
            self._add(topic, [entry.term, *entry.aliases])
            self._learn_words(entry.term, entry.text, *entry.aliases)

        display = Counter(_strip_the(item.term).lower() for item in pack.items.values())
        for item in pack.items.values():
            if item.answer not in ANSWERS:  # a choice, prediction, count or "neither" is a
                continue  # question, not a quantity with a key to look up (the glossary has them)
            name = _strip_the(item.term)
            if display[name.lower()] > 1 or name in self._names:
                name = f"{name} ({item.family})"
            context = frozenset(self._family_words.get(item.family, set()))
            own = frozenset(_tokens(" ".join([item.term, item.model, *item.aliases])))
            own -= _STOP | _GENERIC
            self._item_words |= own | context
            topic = _Topic(
                name=name,
                phrase=item.term,
                answer=item.answer,
                text=item.why,
                why=item.why,
                is_glossary=False,
                note=item.note,
                family=item.family,
                model=item.model,
                context=context,
                own=own,
                is_row=bool(item.question),
            )
            self._names[name] = topic
            self._add(topic, [_strip_the(item.term), *item.aliases])
            self._learn_words(
                item.term, item.model, item.why, item.note, item.family, *item.aliases
            )

        for kind, phrases in _KIND_PHRASES.items():
            pseudo = _Topic(
                name=kind,
                phrase=kind,
                answer=kind,
                text="",
                why="",
                is_glossary=False,
                kind_label=kind,
            )
            for phrase in phrases:
                key = _compact(_tokens(phrase))
                bucket = self._index.setdefault(key, [])
                if not any(topic.kind_label == kind for topic in bucket):
                    bucket.append(pseudo)
        self._vocabulary.update(self._key_tokens)
        # How specific a word is to one family (1 / number of families it points at).
        spread: Counter[str] = Counter()
        for words in self._family_words.values():
            spread.update(words)
        self._specificity = {word: 1.0 / count for word, count in spread.items()}

    # -- typo correction ----------------------------------------------------------------------

    def _deletes_index(self) -> dict[str, set[str]]:
        if self._deletes is None:
            index: dict[str, set[str]] = {}
            for word in self._key_tokens:
                if len(word) < 4:
                    continue
                for variant in deletions(word, 1):
                    index.setdefault(variant, set()).add(word)
            self._deletes = index
        return self._deletes

    def _correct(self, raw: str, token: str) -> str:
        """The known key word closest to an unknown word, or the word itself."""
        if token in self._key_tokens or token in self._vocabulary or raw in self._vocabulary:
            return token
        if raw in english_words():
            return token  # a real word, not a misspelt term: "players" is not "layers"
        limit = max_typos(raw)
        if not limit or len(raw) > _LONGEST_WORD:
            return token
        index = self._deletes_index()
        best: tuple[int, int, str] | None = None
        for word in {raw, token}:
            candidates: set[str] = set()
            for variant in deletions(word, limit):
                candidates |= index.get(variant, set())
            for candidate in candidates:
                distance = _distance(word, candidate, limit)
                if distance <= limit:
                    rank = (distance, -self._key_tokens[candidate], candidate)
                    if best is None or rank < best:
                        best = rank
        return best[2] if best else token

    # -- matching --------------------------------------------------------------------------------

    def _matches(self, tokens: list[str], raw: list[str]) -> list[_Match]:
        """The pack's names in the question, longest first; none ends in the verb "mean"
        ("does a bigger k mean more parameters?" names k, not k-means)."""
        verbs = {at for at in range(len(raw)) if mean_as_a_verb(raw, at)}
        found: list[_Match] = []
        for start in range(len(tokens)):
            key = ""
            for end in range(start + 1, min(len(tokens), start + self._max_tokens) + 1):
                key += tokens[end - 1]
                if len(key) > self._max_width:
                    break
                topics = self._index.get(key)
                if topics and not (end - 1 in verbs and end - start > 1):
                    found.append(_Match(start, end, key, tuple(topics)))
        found.sort(
            key=lambda m: (-len(m.key), -(m.end - m.start), m.kind_label is not None, m.start)
        )
        chosen: list[_Match] = []
        taken: set[int] = set()
        for match in found:
            span = set(range(match.start, match.end))
            if span & taken:
                continue
            if match.kind_label is None and all(
                tokens[i] in _STOP for i in range(match.start, match.end)
            ):
                continue  # an alias that is only filler words ("mean", "one") names nothing
            chosen.append(match)
            taken |= span
        chosen.sort(key=lambda m: m.start)
        return chosen

    def _resolve(
        self, match: _Match, tokens: list[str], ignore: set[int], wants_kind: bool
    ) -> _Topic | list[_Topic]:
        """One topic for a matched key, or a list when the key means different things.

        The other words of the question pick among the items the key names: words that point
        at an item's family ("in k-means") and words of the item's own names and model ("in
        batch norm", "of lasso"). Without such words, a key whose items differ in kind gets
        them all (so the answer can say it depends on the model) when a kind was asked.
        """
        topics = [topic for topic in match.topics if topic.kind_label is None]
        items = [topic for topic in topics if not topic.is_glossary]
        glossary = [topic for topic in topics if topic.is_glossary]
        if items:
            own = set(tokens[match.start : match.end])
            context = {
                tokens[i]
                for i in range(len(tokens))
                if i not in ignore
                and tokens[i] not in own
                and tokens[i] not in _STOP
                and tokens[i] not in _GENERIC
            }
            scored = [(self._context_score(topic, items, context), topic) for topic in items]
            top = max(score for score, _ in scored)
            if top > (0.0, 0.0):
                best = [topic for score, topic in scored if score == top]
                if len({topic.answer for topic in best}) == 1:
                    return best[0]
                return best
        disagree = len({topic.answer for topic in items}) > 1
        fits = glossary and (glossary[0].answer is not None or not wants_kind or not items)
        if fits and not (wants_kind and disagree):
            return glossary[0]
        if items:
            return items if disagree else items[0]
        return glossary[0] if glossary else list(match.topics)

    def _context_score(
        self, topic: _Topic, items: list[_Topic], context: set[str]
    ) -> tuple[float, float]:
        """How strongly the question's other words point at this item among ``items``: first
        at its family, then (to tell apart items of one family) at its own names and model."""
        family = own = 0.0
        for word in sorted(context):  # one order: float sums compared for ties must not vary
            if word in topic.context:
                family += self._specificity.get(word, 0.0)
            if word in topic.own:
                sharing = sum(1 for other in items if word in other.own)
                if sharing < len(items):  # a word every candidate has tells them not apart
                    own += 1.0 / sharing
        return family, own

    # -- asking ------------------------------------------------------------------------------------

    def ask(self, question: str) -> KnowledgeAnswer:
        """Answer one chat question (see the module docstring for the kinds of question)."""
        question = question[:_LONGEST_QUESTION]
        raw = _raw_words(question)
        tokens = [self._correct(word, _norm_word(word)) for word in raw]
        frame = _frame(tokens)
        matches = self._matches(tokens, raw)
        counted = [
            match
            for match in matches
            if match.kind_label and match.start and tokens[match.start - 1] in COUNTED
        ]
        if counted and any(not match.kind_label for match in matches):
            # "do more layers mean more parameters?" counts parameters, it asks no kind
            matches = [match for match in matches if match not in counted]
        kinds = [match for match in matches if match.kind_label]
        subjects = [match for match in matches if not match.kind_label]
        asked_kinds = {match.kind_label for match in kinds}
        difference = any(token in _DIFFERENCE_WORDS for token in tokens)

        if not subjects:
            # "what is a hyperparameter?" names a kind; "how do I learn to play guitar?" only
            # uses a verb that can describe one.
            named = any(
                any(topic.is_glossary for topic in match.topics)
                or any(_kind_of_token(tokens[i]) for i in range(match.start, match.end))
                for match in kinds
            )
            if kinds and frame.kind != "kind" and named:
                if len(asked_kinds) == 2 or difference:
                    return self._define(self._names.get(_FALLBACK_SUGGESTIONS[2]))
                label = next(iter(asked_kinds))
                topic = self._names.get(label) if label is not None else None
                if topic is not None:
                    return self._define(topic)
            in_kinds = {i for match in kinds for i in range(match.start, match.end)}
            return self._unknown(question, tokens, in_kinds)

        # Which subject is the question about?
        first_kind = min((match.start for match in kinds), default=len(tokens))
        if difference and len(subjects) >= 2:
            pair = self._pair(subjects[0], subjects[1], tokens)
            if pair is not None:
                return pair
        region = [m for m in subjects if frame.start < m.end and m.start < first_kind] or subjects
        plain = [m for m in region if not self._is_family(m)]
        subject = (plain or region)[0]
        if (frame.kind in ("kind", "why") or kinds) and not _names_a_quantity(subject):
            # "does kmeans learn k?": the model is the verb's subject, k the quantity asked about
            subject = next((m for m in subjects if _names_a_quantity(m)), subject)
        wants_kind = frame.kind in ("kind", "why") or (kinds and first_kind > subject.start)
        question_kind = frame.kind
        if question_kind in (None, "define") and kinds and first_kind > subject.start:
            question_kind = "kind"
        asked = next(iter(asked_kinds)) if len(asked_kinds) == 1 else None
        ors = {index for index, token in enumerate(tokens) if token == "or"}
        if any(match.end in ors or match.start - 1 in ors for match in kinds):
            asked = None  # "kernel: learned or set?", "a parameter or not?" claim nothing

        ignore = set(range(subject.start, subject.end))
        for match in kinds:
            ignore |= set(range(match.start, match.end))
        resolved = self._resolve(subject, tokens, ignore, bool(wants_kind))
        if isinstance(resolved, _Topic) and resolved.answer is None and wants_kind:
            resolved = self._quantity_of(subject.key) or resolved

        leftover = self._leftover(tokens, matches)
        covered = sum(m.end - m.start for m in subjects)
        if leftover and len(leftover) >= covered:
            name = resolved.name if isinstance(resolved, _Topic) else subject.key
            return self._unknown(
                question, tokens, {i for m in matches for i in range(m.start, m.end)}, first=name
            )

        if isinstance(resolved, list):
            return self._depends(" ".join(raw[subject.start : subject.end]), resolved)
        if question_kind == "kind":
            return self._is_it(resolved, asked)
        if question_kind == "why":
            return self._why(resolved, asked)
        return self._define(resolved)

    def _is_family(self, match: _Match) -> bool:
        return any(topic.name in self._family_terms for topic in match.topics)

    def _quantity_of(self, key: str) -> _Topic | None:
        """For "is epochs a hyperparameter?": the quantity behind a concept (number of epochs)."""
        for prefix in ("numberof", "choiceof", "which"):
            for topic in self._index.get(prefix + key, []):
                if topic.answer is not None and topic.kind_label is None:
                    return topic
        return None

    def _pair(self, first: _Match, second: _Match, tokens: list[str]) -> KnowledgeAnswer | None:
        for a, b in ((first, second), (second, first)):
            for topic in self._index.get(f"{a.key}vs{b.key}", []):
                if topic.kind_label is None:
                    return self._define(topic)
        both = set(range(first.start, first.end)) | set(range(second.start, second.end))
        one = self._resolve(first, tokens, both, False)
        two = self._resolve(second, tokens, both, False)
        if isinstance(one, _Topic) and isinstance(two, _Topic) and one is not two:
            text = (
                f"{_bold(one.phrase, start=True)}: {self._definition_text(one)}\n\n"
                f"{_bold(two.phrase, start=True)}: {self._definition_text(two)}"
            )
            return KnowledgeAnswer(one.name, None, text, self._see(one, two.name))
        return None

    def _leftover(self, tokens: list[str], matches: list[_Match]) -> list[str]:
        covered = {i for match in matches for i in range(match.start, match.end)}
        return [
            token
            for i, token in enumerate(tokens)
            if i not in covered
            and token not in _STOP
            and token not in _GENERIC
            and token not in self._vocabulary
            and not token.isdigit()
        ]

    # -- composing answers -----------------------------------------------------------------------

    def _see(self, topic: _Topic, *extra: str) -> list[str]:
        names = [*extra, *topic.see]
        if not topic.is_glossary:
            family_term = self._family_glossary.get(topic.family)
            if family_term:
                names.append(family_term)
            if topic.answer:
                names.append(topic.answer)
        seen: list[str] = []
        for name in names:
            if name in self._names and name != topic.name and name not in seen:
                seen.append(name)
        return seen[:3]

    def _statement(self, topic: _Topic, *, start: bool = False, not_: str | None = None) -> str:
        """'**The slope m** in the line ... is a parameter' (', not a hyperparameter')."""
        plural = is_plural(topic.phrase)
        if topic.is_row:
            text = f"“{topic.phrase}” describes {topic.answer}s"
            return text + (f", not {not_}s" if not_ else "")
        where = "" if topic.is_glossary else f" in {topic.model}"
        verb = "are" if plural else "is"
        text = f"{_bold(topic.phrase, start=start)}{where} {verb} {_a(topic.answer, plural)}"
        return text + (f", not {_a(not_, plural)}" if not_ else "")

    def _neither(self, topic: _Topic, lead: str) -> str:
        plural = is_plural(topic.phrase)
        what = "values inside a model" if plural else "a single value inside a model"
        verb = "are" if plural else "is"
        return (
            f"{lead}{_bold(topic.phrase, start=not lead)} {verb} not {what}, so "
            f"{'they are' if plural else 'it is'} neither a parameter nor a hyperparameter. "
            f"{topic.text}"
        )

    def _definition_text(self, topic: _Topic) -> str:
        if topic.is_glossary:
            return topic.text
        return f"{self._statement(topic, start=True)}. {topic.why}"

    def _with_note(self, topic: _Topic, text: str) -> str:
        return f"{text}\n\n*Debated:* {topic.note}" if topic.note else text

    def _reply(self, topic: _Topic, text: str) -> KnowledgeAnswer:
        return KnowledgeAnswer(
            topic.name, topic.answer, self._with_note(topic, text), self._see(topic)
        )

    def _define(self, topic: _Topic | None) -> KnowledgeAnswer:
        if topic is None:
            return self._unknown("", [], set())
        return self._reply(topic, self._definition_text(topic))

    def _is_it(self, topic: _Topic, asked: str | None) -> KnowledgeAnswer:
        if topic.kind_label is not None:
            return self._define(topic)
        if topic.answer is None:
            return self._reply(topic, self._neither(topic, "No: " if asked else "Neither: "))
        if asked is None:
            text = f"{self._statement(topic, start=True)}. {topic.why}"
        elif asked == topic.answer:
            text = f"Yes: {self._statement(topic)}. {topic.why}"
        else:
            text = f"No: {self._statement(topic, not_=asked)}. {topic.why}"
        return self._reply(topic, text)

    def _why(self, topic: _Topic, asked: str | None) -> KnowledgeAnswer:
        if topic.kind_label is not None:
            return self._define(topic)
        if topic.answer is None:
            return self._reply(topic, self._neither(topic, ""))
        if asked is not None and asked != topic.answer:
            text = f"Actually, {self._statement(topic, not_=asked)}. {topic.why}"
        else:
            text = f"{self._statement(topic, start=True)}. {topic.why}"
        return self._reply(topic, text)

    def _depends(self, said: str, topics: list[_Topic]) -> KnowledgeAnswer:
        lines = [f"It depends on the model: “{said}” names different things."]
        lines += [f"- {self._statement(topic, start=True)}." for topic in topics]
        lines.append(
            f"Ask again with the model, for example “is {said} in {topics[-1].family} a "
            "hyperparameter?”"
        )
        return KnowledgeAnswer(said, None, "\n".join(lines), [topic.name for topic in topics][:3])

    def _unknown(
        self, question: str, tokens: list[str], covered: set[int], first: str | None = None
    ) -> KnowledgeAnswer:
        typed = _raw_words(question)
        if len(typed) != len(tokens):
            typed = list(tokens)
        words = [
            token
            for i, token in enumerate(tokens)
            if i not in covered and token not in _STOP and token not in _GENERIC
        ]
        # the learner's own words, not what the typo correction made of them ("grad", not "grid")
        shown = [
            typed[i]
            for i, token in enumerate(tokens)
            if i not in covered and token not in _STOP and token not in _GENERIC
        ]
        subject, named = " ".join(words), " ".join(shown)
        suggestions = self._closest(subject, first)
        listed = ", ".join(suggestions) or "none yet, as this lesson pack has no glossary"
        if first is not None:
            text = (
                f"I'm not sure what you mean by “{question.strip()}”. I know about "
                f"**{first}**, but not the rest, so I won't guess. Related terms I can explain: "
                f"{listed}."
            )
        elif subject:
            text = (
                f"I don't know about “{named}”: it is not in what this course covers, so I "
                f"won't guess. Terms I can explain that come closest: {listed}."
            )
        else:
            text = (
                "Which term do you mean? Name it in the question, for example "
                "“is batch size a hyperparameter?”. A few I can explain: " + listed + "."
            )
        return KnowledgeAnswer(None, None, text, suggestions, known=False)

    def _closest(self, subject: str, first: str | None) -> list[str]:
        chosen: list[str] = [first] if first else []
        if subject:
            grams = _trigrams(subject)
            best: dict[str, float] = {}
            for name_grams, name in self._suggest:
                shared = len(grams & name_grams)
                if shared:
                    score = shared / len(grams | name_grams)
                    if score >= _MIN_SIMILARITY and score > best.get(name, 0.0):
                        best[name] = score
            for name, _ in sorted(best.items(), key=lambda pair: (-pair[1], pair[0])):
                base = name.split(" (")[0]
                if all(base != known.split(" (")[0] for known in chosen):
                    chosen.append(name)
                if len(chosen) == 3:
                    break
        for name in _FALLBACK_SUGGESTIONS:
            if len(chosen) == 3:
                break
            if name not in chosen and name in self._names:
                chosen.append(name)
        return chosen[:3]
