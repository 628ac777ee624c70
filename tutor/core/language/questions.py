"""Whether a line is a question (or request) for the tutor rather than an answer.

A question about the open item itself ("is it a parameter?", "learned?", "we choose it?") is
a hesitant answer; a question about anything else ("is dropout a hyperparameter?",
"remind me what a parameter is", "in k-means, is k a hyperparameter?") is a question, answered
from the knowledge lookup and never graded.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from tutor.core.language.concepts import concept
from tutor.core.language.lazy import lazy
from tutor.core.language.negation import gives_an_answer
from tutor.core.language.normalise import (
    ANSWER_WORDS_IN_OTHER_SCRIPTS,
    english_words,
    fold,
    normalise,
)
from tutor.core.language.vocabulary import NEGATORS, OTHER_LANGUAGE_WORDS, SIDES, words

_AFTER_THE_VERB_MEAN = words(
    """
    more less fewer that the a an it its we you i they there what to something anything nothing
    every each no
    """
)
_DO = words("do does did dont doesnt didnt")


def mean_as_a_verb(said: Sequence[str], at: int) -> bool:
    """Whether "mean" or "means" at ``at`` is the verb ("does a bigger k mean more parameters?",
    "what does k mean?"), not the noun, nor the "means" of "k-means": followed by what a verb
    takes, or closing a "does ... mean" with no other "mean" between."""
    if said[at] not in ("mean", "means") or at == 0:
        return False
    following = said[at + 1] if at + 1 < len(said) else ""
    if following in _AFTER_THE_VERB_MEAN:
        return True
    if following not in ("", "?", "here", "in", "exactly", "for"):
        return False
    for word in reversed(said[:at]):
        if word in ("mean", "means"):
            return False
        if word in _DO:
            return True
    return False


_FILLER = (
    r"(?:(?:um+|uh+|hm+|m+|er+|lol|haha|lmao|ok|okay|so|well|sorry|wait|but|and|hey|erm|also|then|"
    r"oh|ah|right|please|pls|plz|kindly|"
    r"yes|yeah|no|hmm|quick question|question|random question|side question|q|one more thing|"
    r"hold on|off topic|quick one|quick q|yo|another question|"
    r"not about this one but|unrelated but|i have a question|can i ask something|"
    r"honestly|seriously|genuinely|btw|by the way|anyway|anyways|sry|srry|soz|confused|related|"
    r"curious|real quick|dumb question|stupid question|silly question|maybe a dumb question)"
    r"\b[ ,:?]*)+"
)
LEADING_FILLER = lazy(rf"^{_FILLER}")
_WH = words(
    """
    what whats wat wats whta waht wht how hwo hw why when which who whom whose where que quest qu
    cual como
    por was wie warum welche cosa cos
    """
)
_AUX = words(
    """
    is are was were does do did can could should would will has have shall may might isnt
    arent est ist wird werden sind hat haben kann konnen
    """
)
# Subjects that mean the open item: a question with one of these is an answer.
_ABOUT_IT = words("it this that they these those one das es dies")
_ANSWER_HOLDERS = words(
    """
    it this that they these those the answer we you i one parameter hyperparameter a an
    """
)
_ASKING = lazy(
    r"^(?:explain|define|describe|tell me|remind me|teach me|clarify|summari[sz]e|list|name|"
    r"(?:give|show)(?: me| us)? (?:an? |some |one |another )?(?:examples?|instances?) (?:of|for)|"
    r"give me (?:the|some|all|a list|examples? of)|show me the (?:hyperparameter|parameter)|"
    r"examples of|some examples of|definition of|meaning of|i (?:do not|dont|still do not) "
    r"(?:understand|get|know) (?:what|how|why|when|which|the)|i wonder (?:if|whether|what|how|"
    r"why)|i (?:want|would like|d like|wanna) to know|(?:please )?(?:explain|define)|"
    r"can you (?:explain|tell|define|describe|remind|show me the|list|give me the)|"
    r"could you (?:explain|tell|define|describe|remind|list)|please (?:explain|define|tell)|"
    r"im not sure what|i am not sure what|help me understand|what about|how about|"
    r"est ce que|quest ce|o que|cose|cos e|is it true|is it the case|id like to know|"
    r"i have a question|expl[a-z]{2,5}n|question about|i (?:d|would) like to (?:know|understand)|"
    r"(?:im |i am )?not sure what|cest quoi|che cose|qu est ce)\b"
)
_CONTEXT = lazy(r"^(?:in|for|with|using|about|regarding|on) [a-z0-9 ]{1,40}?[,:] ?")
_VERSUS = lazy(r"\b(?:vs|versus)\b")
_KINDS_VERSUS = lazy(r"\b(?:hyper)?parameter (?:vs|versus) (?:a |an )?(?:hyper)?parameter\b")
_FOREIGN = lazy(
    r"^(?:que|quest ce|qu est|a quoi|quoi|was ist|ist (?:die|der|das)|o que|cos e|cose|"
    r"la tasa|le taux|la |el |es (?:la|el) |qual|quale|quanto|quanti|quantos|quantas|cuanto|"
    r"cuantos|cuantas|pourquoi|combien|comment|wo|wann|wieviel|wie viele|onde|quando|dove|"
    r"perche|como|por que|czy|jak|ile|neden|hoe|waarom|hoeveel)\b"
)
# A later clause that asks ("state_dict, what's in it"), or a question word on its own
# ("gradient descent picks it how?"), in a line that names neither answer.
_ASKING_CLAUSE = lazy(
    r"(?:[,;:] |- )(?:so |but |and |then |ok )?(?:(?:what|how|why|which|where|who)"
    r" (?:is|s|are|does|do|did|can|could|would|should|was|were|exactly)\b(?! you think)"
    r"|(?:whats|hows|wheres|whos)\b)"
    r"|\b(?:how|why|what|which|where|who) \?"
    r"|^.+ (?:how|why|what|which|where|who)(?: exactly| then| again| for)?(?: \?)*$"
    r"|\b(?:wondering|curious|puzzled|confused) (?:about )?(?:whether|if|why|how|what|where|when)\b"
    r"|^(?:kindly|pls|please) (?:tell|explain)\b"
    r"|\b(?:does|do|is|are|means|mean) what(?: exactly)?(?: \?| ,|$)"
    r"|\b(?:anyone|anybody|someone|somebody) (?:know|explain|tell)"
    r"|\bsame (?:thing|idea|as)\b(?: or not(?: quite)?)?(?: \?)+$"
    r"|\bif (?:i|you|we) .{3,60}? (?:do|does|is|are|will|would|can|should) (?:the|my|its|i|we|you|"
    r"they)\b"
)


_GERMAN_AUX = words("wird werden sind hat haben kann konnen")
_AFTER_A_COMMA = lazy(r" , (?:(?:so|its|it is|i think|a|an) )*(?:hyper)?parameter$")
HOW_MUCH = words("many much fast often big far long well strongly quickly large small")
_TAG_ENDINGS = words("right then yes no correct or maybe i think innit yeah ok")
_REASON_STARTS = words("because since as so cause bc cuz coz it its the we you they this that")
# Asking in so many words, whatever else the line names: "I'd like to understand why
# hyperparameters can't be learned", "my question is, ...".
_INDIRECT = lazy(
    r"\b(?:interested|want|wanted|like|love|trying|keen|eager) to (?:understand|know|learn|hear|"
    r"find out|see) (?:why|how|whether|if|what|when|which)\b|\bmy question is\b"
    r"|\b(?:can|could) you remind me\b|\bremind me (?:what|how|why|which|of)\b"
    r"|\b(?:im |i am |i was |just )?wondering (?:whether|if)\b"
    r"|^(?:\S+ ){3,}.*\b(?:too|as well) \?$"
    r"|, (?:and|but|what about|how about) (?:the |its |their )?[a-z]+(?: [a-z]+)? \?$"
    r"|\b(?:what|how) about\b.* \?$|^(?:an? )?examples? of\b"
    r"|\b(?:does|do|would|doesnt|does not|wouldnt|would not) (?:that|this) (?:make|mean|count|"
    r"imply)\b(?! sense)"
    r"|^is (?:this|that|it) (?:about|asking about|referring to)\b"
    r"|\bi(?:d| would) (?:like|love|want) to (?:confirm|check|double check|make sure)\b"
    r"|\b(?:just asking|asking not answering|asking , not answering|not answering(?: yet)?|"
    r"asking for real|(?:this|that) is a question)\b"
    r"|\b(?:which|what) (?:one )?is it (?:then )?\?*$"
    r"|\bif .{3,80}? (?:does|do|is|are|will|would) (?:it|that|this|they) [a-z].* \?$"
    r"|\bi (?:forgot|forget|cant remember|do not remember|dont remember) (?:what|how|why|which)\b"
    r"|\bi (?:do not|dont) (?:get|know|understand) (?:whether|if)\b"
    r"|\b(?:need|want) to know (?:whether|if)\b"
    # "so hyperparameters are never learned?": a question about the kinds themselves
    r"|^(?:(?:so|and|but|wait|ok|hmm) )*(?:hyper)?parameter (?:are|means|mean|always|never|only|"
    r"include|is just|is basically|is another)\b.* \?$"
)
_CONTEXT_WORDS = words("in for with using regarding about on")
_NOT_SUBJECT = words(
    """
    not be been being also definitely probably surely just always only really still
    parameter hyperparameter learn learnt learned choose chosen put set setted fit fitted like
    tune tuned optimize optimise optimized decide decided give given estimate calculate find
    found train trained coming going either fix fixed select selected update updated compute
    computed determine determined make made pick picked to in on at of for from by output
    result part inside outside because when
    """
)


_RELATIVE = words("i we you the it they he she my our")
_OPTIONS = words(
    """
    parameter hyperparameter or a an learned learnt chosen set tuned fitted trained picked ?
    ! .
    """
)
_NOT_A_SUBJECT = words(
    """
    it its this that the a an is so well hmm ok um i think no yes so maybe probably
    definitely its thats
    """
)


def _names_another_subject(text: str) -> bool:
    """ "batch size: param or hyperparam?", "k in kmeans, hyperparameter?" """
    match = re.match(r"^(?P<left>.+?) (?:,|:|-) (?P<right>.+)$", text)
    if match is None:
        left, _, right = text.partition(" ")
        if not re.search(r"\bor\b", text):
            return False
        words = text.split(" ")
        at = next((i for i, w in enumerate(words) if w in _OPTIONS and w != "a"), None)
        if not at:
            return False
        left, right = " ".join(words[:at]), " ".join(words[at:])
    else:
        left, right = match.group("left"), match.group("right")
    right_words = right.split(" ")
    left_words = left.split(" ")
    if not all(word in _OPTIONS for word in right_words):
        return False
    if {"parameter", "hyperparameter"} & set(left_words) or gives_an_answer(left):
        return False  # "it's the offset you'd get from the fit - parameter?" gives its reason
    return any(word not in _NOT_A_SUBJECT and word[0].isalnum() for word in left_words)


_NAMED_THEN_ASKED = lazy(
    r"^(?P<head>.+?) (?:,|:|-|\.) (?:so |and |but |then )?(?:(?:is|are|was|were|does|do|did|can|"
    r"could|should|would|will) (?:it|that|this|they|these|those|i|we|you) [a-z].* \?"
    r"|(?:does|do|did) (?:it|that|this|they|these|those) [a-z].*)$"
)


def _names_then_asks(normal: str) -> bool:
    """ "the momentum coefficient, is it learned by SGD?", "gamma... is that tuned or fit?":
    a quantity named first, then asked about (when it is the open one, the engine says so)."""
    match = _NAMED_THEN_ASKED.match(normal)
    if match is None:
        return False
    head = LEADING_FILLER.sub("", match.group("head")).strip(" ,")
    head_words = head.split(" ")
    if not head or {"parameter", "hyperparameter"} & set(head_words) or NEGATORS & set(head_words):
        return False
    if len(head_words) > 6 or set(head_words) & {"i", "im", "we", "you", "my", "me"}:
        return False  # a clause about the learner, then a request: "..., could you give a hint?"
    if head_words[0] in _NOT_SUBJECT or head_words[0].endswith("ed"):
        return False  # "learned from the data, is it?": a reason, then a tag
    return any(word not in _NOT_A_SUBJECT and word[:1].isalnum() for word in head_words)


_DO = words("does do did can could will would should")


def _asks_about_it(words: list[str], asked: bool) -> bool:
    """A yes-no question about the open item: "is it a parameter?" and "would it be a hyper
    one?" are hesitant answers; "is it estimated from the training set?", "does it change
    during training?" and "is it a hyperparameter because we set it?" ask, and are never
    graded (the engine keeps the answer back and gives a nudge)."""
    if not (asked or words[0] in _DO) or NEGATORS & set(words[:3]):
        return False  # "is learned by the model" (it is), "does it not change?" asserts
    rest = [word for word in words[2:] if word not in _NOT_A_SUBJECT and word != "be"]
    if asked and {"also", "too"} & set(rest):
        return True  # "..., is that also a hyperparameter?" asks about what it just named
    if set(rest) <= _CONFIRMING:
        return False  # "..., is that right?" asks only to confirm the answer before it
    named = {"parameter", "hyperparameter"} & set(rest)
    return not (named and len(rest) <= 2)


_CONFIRMING = words("right correct ok okay true fine good wrong answer the one")
_CLAUSE_CUT = lazy(r"(?: [,;:.] | \.\.\. | - | (?:so|but|or) )(?=[a-z])")


def _asks_about_a_named_quantity(tail: list[str]) -> bool:
    """A closing yes-no question about a quantity it names: "is the activation a parameter?"."""
    while tail and tail[0] in {"so", "but", "and", "then"}:
        tail = tail[1:]
    if len(tail) < 5 or tail[0] not in {"is", "are", "does", "do"} or tail[1] not in {"the", "my"}:
        return False
    return tail[2] not in {"answer", "one", "parameter", "hyperparameter"} and tail[-1] == "?"


def _asks_at_the_end(normal: str) -> bool:
    """A line that ends in a yes-no question after a clause of its own: "the seed isn't
    learned but it changes the result... so is it still one?", "sorry if this is obvious but
    do the centroids get updated during fitting?", "before I answer: are we talking about the
    fitted model?"; and a line with a question in the middle ("is choosing relu a
    hyperparameter? it's not even a number")."""
    pieces = [piece.strip() for piece in re.split(r"(?<=\?) ", normal) if piece.strip()]
    for index, piece in enumerate(pieces):
        others = " ".join(pieces[:index] + pieces[index + 1 :])
        asks = len(pieces) > 1 and piece.endswith("?") and not gives_an_answer(others)
        if asks and looks_like_question(piece):
            return True  # "is choosing relu a hyperparameter? it's not even a number"
    if not normal.endswith("?"):
        return False
    cuts = list(_CLAUSE_CUT.finditer(normal))
    if cuts and _asks_about_a_named_quantity(normal[cuts[-1].end() :].split(" ")):
        return True  # "PReLU has a learned slope, so is the activation partly a parameter?"
    if not cuts or gives_an_answer(normal[: cuts[-1].start()]):
        return False  # "parameter - do I get bonus points for speed?" answers first
    tail = normal[cuts[-1].end() :]
    tail_words = tail.split(" ")
    if len(tail_words) < 4 or tail_words[0] not in _AUX or tail_words[1] in {"you", "i"}:
        return False  # "..., could you give me a hint?" is a request the reader reads itself
    return looks_like_question(tail)


def _strip(normal: str) -> str:
    text = re.sub(r"\s+", " ", normal.replace("¿", " ").replace(" , ", " ")).strip()
    for _ in range(3):
        text = LEADING_FILLER.sub("", text).strip(" ,")
        text = _CONTEXT.sub("", text).strip(" ,")
        words = text.split(" ")
        if words and words[0] in _CONTEXT_WORDS:
            # "in lightgbm is num_leaves a hyperparameter?": skip the context to its question word
            for index, word in enumerate(words[1:8], start=1):
                if word in _WH or (word in _AUX and normal.rstrip().endswith("?")):
                    text = " ".join(words[index:])
                    break
    return text


def asks_about_the_open_item(text: str) -> bool:
    """A yes-no question whose subject is "it" ("is it estimated from the training set?",
    "does this change during training?"): it asks about the open item, whatever else it
    names, so the tutor answers it with a nudge, never with the answer."""
    words = LEADING_FILLER.sub("", normalise(text)).strip(" ,").split(" ")
    return len(words) >= 2 and words[0] in _AUX and words[1] in _ABOUT_IT


# "n_estimators set by hand, yeah?", "so coef_ is learned then?": a library name as the
# subject of a line that ends in "?" asks about that quantity (the open item's own name gets a
# nudge from the engine, never a grade)
_IDENTIFIER_SUBJECT = lazy(
    r"^\W*(?:(?:so|and|ok|okay|but|wait|hmm|um|then)\W+)*"
    r"(?:[a-z][a-z0-9]*(?:_+[a-z0-9]+)+_?|[a-z][a-z0-9]*_)(?![\w(])"
)


def asks_about_a_named_identifier(text: str, normal: str) -> bool:
    """Whether a line that ends in "?" opens with a library name and gives no answer word."""
    folded = fold(text).strip()
    if not folded.endswith("?") or not _IDENTIFIER_SUBJECT.match(folded):
        return False
    said = set(normal.split(" "))
    return not said & set(SIDES) and not said & POINTING_BACK  # "... for it, right?" answers


def looks_like_question(normal: str) -> bool:
    """Whether a normalised line asks the tutor something (not about the open item only)."""
    if _RHETORICAL.search(normal):
        return False  # "who else would pick it but me?" asserts
    return _asks(normal) or _asks_at_the_end(normal)


def opens_with_a_question_mark(folded: str) -> bool:
    """A folded line that opens with Spanish "¿" and says more than an answer word:
    "¿los centroides los calcula el algoritmo?" asks, "¿es un parámetro?" is a hesitant
    answer."""
    if not folded.startswith("¿"):
        return False
    content = re.findall(r"[a-z0-9]+", folded)
    named = any(word.startswith(("param", "hiper")) for word in content)
    return len(content) >= 5 or (len(content) >= 3 and not named)


# The particles that make a line a question in Korean, Japanese, Chinese, Russian, Turkish and
# romanised Hindi, as "¿" does in Spanish: "k는 미리 정하는 건가요?", "偏置是训练出来的吗?"
_PARTICLE = lazy(
    r"(?:까|가요|나요|니까|습니까|죠)\s*[?？]?\s*$|(?:か|かな)\s*[?？]?\s*$|ですか|ますか|"
    r"[吗嗎呢]|是不是|还是|還是|(?<!\w)ли(?!\w)|(?<![a-z])(?:mi|mı|mu|mü|misin|midir|mıdır)"
    r"(?:\s*[?？]?\s*$|\s+\w+\s*[?？]\s*$)|^\s*kya\b|\bkya\s*[?？]?\s*$|"
    # a particle or verb that opens the line asks about what it names next, unless that is "it"
    # or "this": "wordt het geleerd?", like "is it learned?", is a hesitant answer
    r"^\s*(?:apakah|czy|wordt|worden|zijn|heeft|hebben|leert|leren|kies|kiezen|moet|moeten)\s+"
    r"(?!(?:het|dat|dit|die|ze|ini|itu|to|ten|ta)\b).*[?？]\s*$|"
    r"\w+kah\b.*[?？]\s*$|^\s*\w+\s+ba\b|\bkhông\s*[?？]\s*$|"
    # Russian and the other scripts can ask by intonation alone: a question mark after more
    # than an answer word
    r"^(?=(?:.*?[\u0400-\u04ff]{2,}){3}).*[?？]\s*$|"
    r"^(?=.*[\u0370-\u03ff\u0600-\u06ff\u0900-\u097f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af])"
    r".*[?？؟]\s*$"
)
_IDEOGRAPHS = lazy(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


@functools.cache
def _other_language_words() -> frozenset[str]:
    """Those languages' longer words that are not also English ("set" in "set karte")."""
    return frozenset(word for word in OTHER_LANGUAGE_WORDS if len(word) >= 5) - english_words()


def asks_with_a_particle(text: str, normal: str) -> bool:
    """A line with a question particle that says more than an answer word: "C是训练前设定的还是
    训练中学到的?" asks; "ハイパーパラメータですか?" is a hesitant answer. In the other languages
    the reader knows only some words of ("dropout model khud seekhta hai?"), a question mark
    after more than an answer word asks too: their word order is not read."""
    folded = text.casefold()
    other_language = folded.rstrip().endswith(("?", "？")) and bool(
        _other_language_words() & set(re.findall(r"[a-z]+", fold(folded)))
    )
    if not (other_language or _PARTICLE.search(folded)):
        return False
    content = [word for word in normal.split(" ") if word.isalnum()]
    named = any(word in ("parameter", "hyperparameter") for word in content)
    # "偏置是训练出来的" says a lot; the answer word itself ("ハイパーパラメータ") nothing more
    rest = text
    for pattern, _ in ANSWER_WORDS_IN_OTHER_SCRIPTS:
        rest = pattern.sub(" ", rest)
    said = len(content) + len(_IDEOGRAPHS.findall(rest)) // 3
    return said >= 4 or (said >= 2 and not named)


# In Spanish, French, Portuguese, Italian and German a yes-no question can keep the order of a
# statement: "a taxa de aprendizado é um hiperparâmetro?", "los pesos w, ¿se aprenden con los
# datos?". With the quantity named as its subject it asks (as "the momentum coefficient, is it
# learned?" does); without one ("es un hiperparámetro?") or with a tag ("..., oder?") it is a
# hesitant answer.
_FOREIGN_ARTICLES = words("il la le les gli los las el os die der den des um uma un una une")
_FOREIGN_FUNCTION_WORDS = _FOREIGN_ARTICLES | words(
    """
    de da do dos das della delle dello del dei degli du que che sono sao son est sont si se
    dai dalla dal pelo pela durante prima antes avant nel nella dans par por para pour con com
    sind ist wird werden ein eine vor beim vom zum ils elles
    """
)
_FOREIGN_TAGS = words("no non nao oder nicht vero verdad oui ja si ne nee")


def _names_a_foreign_subject(words: list[str]) -> bool:
    content = [word for word in words if word[:1].isalnum()]
    if len(content) < 4 or content[-1] in _FOREIGN_TAGS:
        return False
    # Portuguese "a", "o", "as" are English words too: they need two more function words
    shared = content[0] in {"a", "o", "as"}
    if not (content[0] in _FOREIGN_ARTICLES or shared):
        return False
    if content[1] in _FOREIGN_FUNCTION_WORDS or content[1] in _ABOUT_IT:
        return False  # "das ist ...", "la es ...": a pronoun, not a quantity named
    return sum(word in _FOREIGN_FUNCTION_WORDS for word in content[shared:]) >= 2


_KIND_EQUALS = lazy(r"^(?:hyper ?param|param|hyper|hp)[a-z]*s? ?= ?[a-z]")


def defines_a_kind_and_asks(folded: str) -> bool:
    """ "hyper = set by me?", "params = the learned ones?": checking what a word means, not
    answering."""
    return bool(_KIND_EQUALS.match(folded.strip())) and folded.rstrip().endswith("?")


# A second option offered after the answer: "batch size is a hyperparameter right? or is it
# more of a hardware setting", "one parameter per leaf or how does it count?". Not a request
# to be corrected ("parameter, or am I way off?", "hyper, or is that wrong?").
_ANOTHER_OPTION = lazy(
    r"\bor (?:is it|are they|are these|is this one|does (?!(?:not|that|this)\b)[a-z_]+|"
    r"do (?:they|the [a-z]+)|"
    r"how (?:does|do|is|are)|what (?:does|do|is|are)|why (?:does|do|is|are))"
    r" (?!(?:wrong|right|correct|off|that|so)\b)[a-z]"
)


def offers_another_option(normal: str) -> bool:
    """Whether a line gives a kind, then asks whether the quantity is something else."""
    sides = [m.start() for m in re.finditer(r"\b(?:hyper)?parameter\b", normal)]
    option = _ANOTHER_OPTION.search(normal)
    return bool(sides and option and option.start() > sides[0])


# Questions that assert: "what else would it be but a hyperparameter?", "how could it be
# anything but learned?", "where else would it come from?"
_RHETORICAL = lazy(
    r"\b(?:what|who|where|how) else (?:would|could|can|should)\b|\b(?:anything|something) "
    r"(?:but|other than|except|besides) (?:a |an |the |by |from )?(?:hyperparameter|parameter|"
    r"learned|learnt|chosen|set|fitted|trained|me|us|you|the data|data)\b"
)
_CLAUSE_BREAKS = lazy(r" (?:,|:|;|\.|-|so|thus|hence|therefore) ")


# "you pick how much lasso vs ridge you want, the model doesnt": a reason that holds a pair
_REASON_AROUND_VERSUS = lazy(
    r"\b(?:i|you|we) (?:pick|choose|compare|decide|set|try)\b.*\b(?:vs|versus)\b"
    r"|\b(?:vs|versus)\b.*\b(?:on the validation|cross validation|by hand|the model does not|"
    r"fit does not)\b"
)


def _answers_after_versus(after: str) -> bool:
    """ "Adam vs SGD is a config choice, hydra sweeps over it": the pair is the subject of a
    statement that answers."""
    words = after.split(" ")
    return (
        bool({"is", "are", "its", "thats", "was"} & set(words))
        and not _WH & set(words)
        and gives_an_answer(after)
    )


def _free_relative_then_answer(words: list[str], normal: str) -> bool:
    """ "which feature each node splits on is a choice, so hyperparameter", "how bendy the
    line is allowed to be, you pick": a clause that opens with a question word names the
    quantity; the clause after it answers (no "?" anywhere)."""
    if len(words) < 4 or words[1] in _AUX or words[1] in _DO or words[1] in _NOT_A_RELATIVE:
        return False
    if words[:2] in (["how", "many"], ["how", "much"]) and len(words) < 6:
        return False
    pieces = _CLAUSE_BREAKS.split(normal)
    later = " ".join(pieces[1:])
    both = {"parameter", "hyperparameter"} <= set(later.split(" "))
    return len(pieces) > 1 and gives_an_answer(later) and not both


_NOT_A_RELATIVE = words("s not one ones of kind type else exactly about")
_GENERIC_NOUNS = words(
    "value values choice number setting thing quantity constant knob option config "
    "configuration result output"
)


def _subject_dropped(words: list[str]) -> bool:
    """ "is a value that the model learn alone from the datas", "is the hyper, because we try
    values": an answer whose "it" was left out, not "is a bias a parameter" or "is the learning
    rate a hyperparameter"."""
    kinds = {"parameter", "hyperparameter"}
    if len(words) < 3:
        return False
    if words[1] == "the":
        return words[2] in kinds
    if words[1] not in {"a", "an"} or words[2] not in _GENERIC_NOUNS:
        return False
    return not any(
        word in {"a", "an"} and following in kinds
        for word, following in itertools.pairwise(words[3:])
    )


_CONDITIONAL = words("if when whenever suppose")
POINTING_BACK = _ABOUT_IT | words("its thats")
_NOT_A_NAMED_SUBJECT = POINTING_BACK | words("i you we the data model training")


def _asks_without_inverting(words: list[str]) -> bool:
    """An English question in the order of a statement, as learners writing a second language
    often ask: a condition ("if i use pretrained embedding, it still param?") or a named
    quantity, then "or not" ("adam learns beta or not?"). "learned or not?" and "is it set or
    not?" leave the open item's choice to the tutor instead (the reader asks them back)."""
    content = [word for word in words if word[:1].isalnum()]
    if len(content) < 5:
        return False
    text = " ".join(content)
    if content[0] in _CONDITIONAL and not _REQUEST.search(text):
        return True  # not "if it's no trouble, could you tell me how I'm doing?"
    if content[0] not in POINTING_BACK and _COUNTING.search(text):
        return True  # "more heads means more parameters?" asks how many, not which kind
    named = (
        content[0] not in _NOT_A_NAMED_SUBJECT
        and content[0] not in _AUX
        and content[0] not in _WH
        and not content[0].endswith("ed")
    )
    if content[-2:] in (["or", "not"], ["or", "no"]):
        return named
    # "grid search is by hand or automatic?": two options for a quantity it names
    if not named or "or" not in content or {"parameter", "hyperparameter"} & set(content):
        return False
    at = len(content) - 1 - content[::-1].index("or")
    return not {*content[at - 1 : at], *content[at + 1 : at + 2]} <= _CONFIRMING | _TAG_ENDINGS


_VERDICT_CONCEPTS = words("FIT CHOOSE PERSON BEFORE DURING TRAINING MACHINE")
_LINKS = words("is are was were gets get got = count counts")
_POINTING = POINTING_BACK | words("they them")  # "... for it?": about the open item
_NOT_A_HEAD = NEGATORS | words(
    "i you we me my our model so and but ok maybe probably prob surely hein the a an"
)


_NOT_NAMING = words("the a an also too still really then again just")  # "dropout rate also set?"
_AGENTS = words("tree trees algorithm model network net forest robot computer solver optimizer")


@functools.cache
def _quantity_names() -> object:
    from tutor.core.knowledge.vocabulary import load  # the library's names, read once

    return load()


def _names_a_quantity(phrase: str) -> bool:
    """Whether a phrase names a quantity of the libraries ("running mean", "patience")."""
    return bool(_quantity_names().lookup(phrase))  # type: ignore[attr-defined]


def names_a_quantity_then_says(text: str) -> bool:
    """Whether a line asks, in the order of a statement, about the quantity it names ("the
    slope is learned?"): a question, unless that quantity is the open item (the engine knows)."""
    normal = normalise(text)
    if not normal.rstrip().endswith("?"):
        return False
    said = [word for word in _strip(normal).split(" ") if word[:1].isalnum() or word == "="]
    return _names_then_says(said)


def _names_then_says(content: list[str]) -> bool:
    """A quantity named, then what is said of it, with no answer word and no tag: "svs picked
    by me?", "running mean trained?" ask about that quantity ("learned by backprop?" and "the
    slope gets learned, right?" answer about the open item)."""
    if not content or len(content) > 8 or content[-1] in _TAG_ENDINGS | _CONFIRMING:
        return False
    if set(content) & (_POINTING | set(SIDES)) or content[0] in _AUX | _WH:
        return False
    says = [word in _LINKS or concept(word) in _VERDICT_CONCEPTS for word in content]
    at = says.index(True) if True in says else 0
    named = [word for word in content[:at] if word not in _NOT_NAMING]
    if not 0 < at <= 3 or not named or set(content[:at]) & _NOT_A_HEAD - {"the", "a", "an"}:
        return False
    if any(concept(word) or word in _AGENTS for word in named):
        return False  # "the tree learns the depth?" says who does it, not which quantity
    said = any(concept(word) in _VERDICT_CONCEPTS for word in content[at:])
    return said and _names_a_quantity(" ".join(named))


_REQUEST = lazy(r"\b(?:could|can|would|will) you\b|\bplease\b")
_COUNTING = lazy(
    r"\b(?:number of|more|fewer|less|many) (?:hyper)?parameter|parameter at all\b"
    r"|\b(?:total|number of|how many|times)\b[^?]{0,30}\bparameter"
    r"|\bparameter (?:count|number|total|grow)"
)


# "so everything learned is a parameter?", "learned things are always params, no exceptions?":
# a rule about every quantity, asked to be confirmed, not an answer about the open item
# "parameters are the stuff with underscores, is that always true": a rule asked about, "?" or not
_ALWAYS_TRUE = lazy(r"\b(?:is|was) (?:that|this|it) always (?:true|the case|so)\b")
_GENERALISES = lazy(
    r"^(?:everything|anything|whatever|all things|things that|(?:learned|learnt|fitted|trained|"
    r"chosen|tuned|set) things)\b(?! (?:about|of|in|on) (?:it|this|that|them)\b)"
    r"|\bno exceptions?\b"
    # "seed is even a hyperparameter?": doubts the thing belongs to either kind at all
    r"|(?<!\bnot )\beven (?:an? )?(?:hyperparameter|parameter)\b"
    # "a parameter isn't the same as an argument?": the word itself is asked about
    r"|^(?:(?:so|wait|and|ok|hmm|but) )*(?:an? |the )?(?:hyperparameter|parameter)s? "
    r"(?:is|are|isnt|arent|is not|are not) (?:really )?(?:the same (?:thing )?as|different from)\b"
)


def _gerund_then_verdict(normal: str) -> bool:
    """An "-ing" subject, a clause break, then the kind word: "was making tea. hyperparameter".

    Without the break the line asks: "do clustering models have parameters in the same sense".
    """
    words = normal.split(" ")
    if len(words) < 2 or not words[1].endswith("ing"):
        return False
    kind_at = next(i for i, word in enumerate(words) if word in {"parameter", "hyperparameter"})
    return any(word in {",", ".", "!", ";", ":", "-"} for word in words[2:kind_at])


# "hyperparameter means what exactly", "parameter meaning?": the kind word asked about
_KIND_MEANS = lazy(
    r"^(?:a |an |the |so |and )*(?:hyper ?)?parameters? (?:means?|meaning|stands? for"
    r"|is what|are what)\b"
)


def _asks(normal: str) -> bool:
    text = _strip(normal)
    if not text:
        return False
    if _KIND_MEANS.match(text) and (
        normal.rstrip().endswith("?") or {"what", "wat", "meaning"} & set(text.split(" "))
    ):
        return True
    sides = {"parameter", "hyperparameter"} & set(normal.split(" "))
    if (not sides and _ASKING_CLAUSE.search(normal)) or _INDIRECT.search(normal):
        return True
    words = [word for word in text.split(" ") if word not in {",", ".", "!", "?", ":", ";"}]
    if not words:
        return False
    asked = normal.rstrip().endswith("?")
    if (
        asked
        and re.match(r"^(?:and|what about|how about) ", normal)
        and not ({"parameter", "hyperparameter"} & set(words))
    ):
        return True  # "and the intercept?"
    if _ASKING.match(text) or _ASKING.match(normal):
        return True
    if asked and _names_another_subject(LEADING_FILLER.sub("", normal).strip()):
        return True
    if _names_then_asks(normal):  # its pattern asks for a "?" unless the verb is "do"
        return True
    if (
        _VERSUS.search(text)
        and len(words) >= 3
        and (not sides or _KINDS_VERSUS.search(text))
        and (asked or not _answers_after_versus(_VERSUS.split(text)[-1]))
        and (asked or not _REASON_AROUND_VERSUS.search(normal))
    ):
        return True  # "gini vs entropy?" asks; "Adam vs SGD is a config choice" answers
    if "difference between" in text:
        return True
    first = words[0]
    if not asked and first in _WH and _free_relative_then_answer(words, normal):
        return False
    if not asked and first == "is" and _subject_dropped(words):
        return False
    # English "was", not German "what" ("was ist"): "was making tea. hyperparameter"
    german_was = first == "was" and words[1:2] in (["ist"], ["sind"], ["bedeutet"], ["heisst"])
    if first in _WH and (first != "was" or german_was):
        if len(words) == 1:
            return False  # "why" is a command, "what?" is unclear
        if words[:2] == ["who", "knows"]:
            return False
        if not asked and words[1] in _RELATIVE:
            return False  # "what I said before", "where the optimisation ended up"
        if first in {"why", "how"} and words[1] in {"is", "so", "come"} and len(words) <= 3:
            return False  # "why is that", "how so": the why command
        if not asked and first == "how" and words[1] in {"many", "much"} and " , " in normal:
            return False  # "how many iteration, the people decide": the quantity, then the answer
        counted = words[2:3] and words[2] in SIDES and words[3:4] and words[3] in _AUX
        if (
            not asked
            and first == "how"
            and words[1] in HOW_MUCH
            and gives_an_answer(normal)
            and not counted  # "how many parameters does gpt have" asks for a count
        ):
            return False  # "how many at a time - you set that. hyper": the quantity described
        # "what is it, a parameter?" is about the open item
        return not (
            first in {"what", "which"}
            and words[1:3] in (["is", "it"], ["is", "that"])
            and len(words) <= 4
        )
    if first in _AUX and len(words) >= 3:
        subject = words[1]
        if first in _GERMAN_AUX and not asked:
            return False  # "wird beim Training gelernt, also Parameter": a statement
        kind_word = {"parameter", "hyperparameter"}
        negated_kind = subject == "not" and words[2] in kind_word and len(words) >= 5
        if negated_kind and first not in {"is", "was", "are", "were"}:
            return True  # "don't hyperparameters also affect ...": about the kinds themselves
        if subject in kind_word and first not in {"is", "was"} and len(words) >= 4:
            return True  # "can parameters be set by hand?"
        participle = subject.endswith("ed") and len(subject) > 4
        if participle and first in {"are", "were"} and words[2] not in kind_word:
            # "are pretrained embeddings still params": the participle is an adjective of the
            # plural noun asked about, not the verb of an answer ("are learned from data")
            participle = not (words[2].endswith("s") and len(words[2]) > 3 and words[2].isalpha())
        if subject in _NOT_SUBJECT or (participle and not (asked and first in _DO)):
            return False  # "is learn from data", "should be a parameter": answers (not "do
            # pretrained embeddings still count as parameters?")
        if subject in {"a", "an"} and words[2] in kind_word and first in {"is", "was"}:
            # "is a parameter?" and "is a parameter, it change when training" answer; "is a
            # hyperparameter always a number?" asks
            if len(words) < 5 or words[3] in _TAG_ENDINGS:
                return False
            after = text.split(" ")[text.split(" ").index(words[2]) + 1]
            return asked or (after[:1].isalnum() and words[3] not in _REASON_STARTS)
        if first == "is" and not asked and _AFTER_A_COMMA.search(normal):
            return False  # "is the one that the training is producing, parameter": "it is"
        if not asked and sides and (subject in {"ein", "eine"} or _gerund_then_verdict(normal)):
            return False  # "was making tea. hyperparameter", "ist ein Hyperparameter, den ..."
        if words[2] in {"by", "from", "before", "during", "after", "with", "when", "while"}:
            return False  # "is fix before training": an answer in learner's English
        if subject in _ABOUT_IT:
            return _asks_about_it(words, asked)
        if subject in {"we", "you", "i"}:
            # "do we choose it?" is an answer; "do we learn the learning rate?" a question
            return not any(word in _ABOUT_IT for word in words[3:]) and len(words) >= 4
        return not (subject in {"the", "a", "an"} and words[2:3] == ["answer"])
    if (asked and _GENERALISES.search(text)) or _ALWAYS_TRUE.search(text):
        return True
    if asked and _names_a_foreign_subject(words):
        return True
    if asked and _names_then_says([word for word in words if word[:1].isalnum() or word == "="]):
        return True
    if asked and _asks_without_inverting(words):
        return True
    if asked and _FOREIGN.match(text):
        return True
    return asked and len(words) >= 2 and words[0] == "and" and words[1] not in _ANSWER_HOLDERS
