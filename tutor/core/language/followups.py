"""Follow-ups during a lesson: why it matters, show the demo again, simpler, an example, the
difference again, and what a word of the question means here."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.core.language.lazy import LazyPattern, lazy
from tutor.core.language.vocabulary import words

FOLLOW_UPS = ("why", "show_again", "simpler", "example", "difference", "define")

_FILLER = lazy(
    r"^(?:(?:um+|uh+|hm+|ok|okay|so|well|sorry|wait|but|and|hey|erm|also|then|"
    r"please|pls|plz|kindly)\b[ ,]*)+"
)
# Words that carry no subject of their own: a follow-up made only of these (and its keyword)
# is about the lesson; with other content words it is a question about that content.
_PLAIN = words(
    """
    a an the me my i im you we us it its that this these those them they is are was were be
    do does did can could would will should may might please pls plz give show tell have got
    get any some one more another again of for in on to with about what whats which how so
    just now then really again bit little quick real world everyday concrete simple stuck
    idea like would be an e g eg there here thanks thank let see explain explanation say put
    more words understand did not remind recap por favor bitte un une ein um una uno quelle
    est la was ist der cual es el again zeig zeige mir gib dame dammi mostrami montre moi
    mostra explicame explica explique erklar erklare spiega spiegami otra vez encore nochmal
    noch einmal di nuovo outra kannst du konnen sie geben puoi potresti darmi fare puedes
    podes pode dar peux tu pouvez vous donner mostrar per favore farmi svp stp
    """
)
_WHY = lazy(
    r"^(?:and )?(?:why (?:does|would|should|do) (?:that|this|it|the difference|any of this|"
    r"the distinction|this distinction) (?:matter|happen|be)(?: in practice| to me)?|"
    r"why should i care|why is (?:that|this|it|the distinction|this distinction) "
    r"(?:important|useful|relevant|so)|so what|whats the point(?: of (?:this|that|it|knowing "
    r"this|knowing that|the distinction))?|why do i need to know (?:this|that)|"
    r"why are we (?:learning|doing) this|what does (?:that|this) mean for me(?: in practice)?|"
    r"why is that|why would that be|explain why (?:that|this|it) matters|"
    r"why (?:does|do) (?:it|that|this) matter|"
    # in Spanish, Portuguese, French, German and Italian
    r"(?:por que|porque|pourquoi|warum|perche) (?:es |e |est ce |c est |ist (?:das|es) |"
    r"isso e |questo e |cio e )?(?:tan |so |si |cosi )?(?:importante?|wichtig|important)|"
    r"(?:por que|porque) (?:importa|isso importa)|(?:warum|wieso) (?:spielt|macht) das "
    r"(?:eine rolle|einen unterschied))$"
)
_AGAIN = lazy(r"\b(?:again|once more|one more time|replay|rerun|re run|redo)\b")
_SHOWN = lazy(
    r"\b(?:show|see|demo|plot|graph|chart|experiment|run|play|replay|rerun|redo|figure)\b"
)
_SIMPLER = lazy(
    r"\b(?:simpl\w*|eli5|like im (?:five|5)|dumb it down|plain english|plain words|"
    r"less jargon|too (?:complicated|technical|complex|hard)|easier|another way|differently|"
    r"rephrase|in other words|lost me|mas simple|plus simplement|mas sencillo|mas facil|"
    r"piu semplice|piu facile|plus facile|mais facil|einfacher)\b"
    r"|^i (?:do not|dont|still do not|still dont) (?:get|understand|follow)(?: it| that| this)?$"
    r"|^what (?:does|do) (?:that|you) mean$|^what do you mean(?: by that)?$"
)
_EXAMPLE = lazy(
    r"\b(?:example|examples|e g|eg|ejemplos?|exemples?|beispiele?|exemplos?|esempio|esempi)\b"
    r"|^(?:like what|such as)$"
)
_DIFFERENCE = lazy(
    r"\b(?:difference|differ|different|tell them apart|which is which|the rule|recap|"
    r"summari[sz]e|distinction|separates them|diferencia|unterschied)\b"
    r"|^(?:wait )?which one is (?:learned|learnt|set|chosen|tuned) again$"
    r"|^which one do (?:we|you|i) (?:set|choose|pick|tune) again$"
)
_HERE = r"(?:here|in this (?:question|context|case|one)|in this item|in context)"
_DEFINE = (
    lazy(
        rf"^(?:what|whats|which) (?:does|do|is|are|s|by|do they mean by|do you mean by|is meant "
        rf"by|s meant by)?\s*(?:the word )?(?P<word>[a-z0-9 ]{{1,40}}?) (?:mean|means|refer to|"
        rf"stand for|refers to)?\s*{_HERE}$"
    ),
    lazy(rf"^(?:define|meaning of) (?P<word>[a-z0-9 ]{{1,40}}?) {_HERE}$"),
    lazy(rf"^(?P<word>[a-z0-9 ]{{1,40}}?) meaning {_HERE}$"),
    lazy(rf"^{_HERE} (?:what|whats) (?:is|are|s|does) (?P<word>[a-z0-9 ]{{1,40}}?)(?: mean)?$"),
)


@dataclass(frozen=True)
class FollowUpMatch:
    kind: str
    word: str = ""  # for "define": the word asked about


def _plain(words: list[str], keyword: LazyPattern) -> bool:
    rest = keyword.sub(" ", " ".join(words)).split()
    return all(word in _PLAIN for word in rest)


# One word after a "/" that names a follow-up ("/example", "/demo"); "/why" is the command.
SLASH_FOLLOW_UPS: dict[str, str] = {
    "example": "example", "examples": "example", "eg": "example",
    "simpler": "simpler", "simple": "simpler", "simplify": "simpler", "eli5": "simpler",
    "demo": "show_again", "plot": "show_again", "graph": "show_again", "again": "show_again",
    "rerun": "show_again", "replay": "show_again",
    "difference": "difference", "diff": "difference", "compare": "difference",
}  # fmt: skip


def match_follow_up(normal: str) -> FollowUpMatch | None:
    """The follow-up a normalised line asks for, or None."""
    text = _FILLER.sub("", normal.replace('"', " ")).strip(" ?.!,")
    text = re.sub(r"\s+", " ", text)
    words = [word for word in text.split(" ") if word not in {",", "?", ".", "!"}]
    text = " ".join(words)
    if not text or len(words) > 14:
        return None
    if "parameter" in words or "hyperparameter" in words:
        return None  # about the two kinds by name: a question or an answer, not a follow-up
    for pattern in _DEFINE:
        match = pattern.match(text)
        if match:
            word = re.sub(r"^(?:the|a|an|by) ", "", match.group("word").strip())
            word = re.sub(r" (?:mean|means)$", "", word)
            if (
                word
                and word not in {"that", "this", "it", "you"}
                and not (set(word.split(" ")) & _NOT_A_TERM)
            ):
                return FollowUpMatch("define", word)
    if _WHY.match(text):
        return FollowUpMatch("why")
    if _DIFFERENCE.search(text) and _plain(words, _DIFFERENCE):
        return FollowUpMatch("difference")  # "explain the difference again" asks for it again
    if _AGAIN.search(text) and _SHOWN.search(text) and "question" not in words:
        return FollowUpMatch("show_again")
    if text in {"replay", "rerun", "re run"} or re.search(
        r"\b(?:otra vez|de nuevo|encore|nochmal|noch einmal|di nuovo|outra vez)\b", text
    ):
        return FollowUpMatch("show_again")
    if _SIMPLER.search(text) and _plain(words, _SIMPLER):
        return FollowUpMatch("simpler")
    if _EXAMPLE.search(text) and _plain(words, _EXAMPLE):
        return FollowUpMatch("example")
    return None


_NOT_A_TERM = words("i am im we my our us me your type do answer options")
_ASKING_WORDS = words(
    """
    what whats which does do is are s mean means meaning meant refer refers stand for by the a
    an word term here in this question context case one item define definition of you they
    please pls explain tell me again sorry um hmm ok so wait supposed to be called exactly
    actually here
    """
)


def defined_word(normal: str, folded: str = "") -> str:
    """The word a define follow-up asks about: a word quoted in the folded line, else what is
    left of the normalised line once the asking words are gone (one to three words), else ""."""
    quoted = re.search(r"(?<![a-z])[\"'`]([a-z0-9 _-]{1,40})[\"'`](?![a-z])", folded)
    if quoted:
        return quoted.group(1).strip()
    rest = [w for w in re.findall(r"[a-z0-9_-]+", normal) if w not in _ASKING_WORDS]
    if set(rest) & _NOT_A_TERM:
        return ""  # "what am I supposed to type here?" asks what to do, not what a word means
    return " ".join(rest) if 1 <= len(rest) <= 3 else ""
