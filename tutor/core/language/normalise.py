"""Normalisation and tokens: case, accents, unicode, stretched letters, punctuation, typos.

``fold`` is the light form (for showing and grouping what people typed); ``normalise`` is the
reader's form: contractions opened ("isn't" -> "is not"), negating prefixes spelt out
("untrainable" -> "not trainable") and every name of an answer rewritten to the canonical word
("Hyper-Param", "tuning parameter", "hiperparámetro", "paramter" -> "hyperparameter" /
"parameter").
"""

from __future__ import annotations

import functools
import re
import unicodedata

from tutor.core.language.concepts import concept_words
from tutor.core.language.distance import deletion_index, edit_distance, near
from tutor.core.language.lazy import lazy
from tutor.core.language.vocabulary import (
    KEYWORDS,
    NEGATING_PREFIX,
    PHRASES,
    TRANSLATIONS,
    TYPO_TARGETS,
    WORDS,
)

LONGEST_LINE = 500  # characters read from one line; the rest cannot change the reading
KNOWN_WORDS_FILE = "known_words.txt"  # words people type, spelt right (from the corpus)
ENGLISH_WORDS_FILE = "english_words.txt"  # real words near a keyword (from a dictionary)

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
_DASHES = lazy(r"[‐-―−]")
_STRETCHED = lazy(r"(.)\1{2,}")
_CONTRACTIONS = (
    (lazy(r"\bcan'?t\b"), "can not"),
    (lazy(r"\bcannot\b"), "can not"),
    (lazy(r"\bwon'?t\b"), "will not"),
    (lazy(r"\bain'?t\b"), "is not"),
    (lazy(r"\bshan'?t\b"), "shall not"),
    (
        lazy(
            r"\b(do|does|did|is|are|was|were|would|should|could|has|have|had|must|need|might)"
            r"n'?t\b"
        ),
        r"\1 not",
    ),
    (lazy(r"n't\b"), " not"),
)
_TOKEN = lazy(r"[a-z0-9]+|[,;:.!?()*/\-]")


def fold(text: str) -> str:
    """Lower case, no accents, unified quotes, dashes and spacing; nothing reinterpreted (control
    characters stay, for the caller to show safely)."""
    text = unicodedata.normalize("NFKC", text[:LONGEST_LINE]).translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DASHES.sub("-", text)
    return re.sub(r"\s+", " ", text).strip()


# The short forms, and the keys next to their first letter, for slips of a hurried hand.
_SHORT_FORMS = (("hyper", "hyperparameter"), ("param", "parameter"))
_KEYS_NEAR = {"h": "hgjyubn", "p": "pol"}
# What voice typing makes of the answer words: "high per parameter", "para meter".
_SPOKEN = (
    (lazy(r"\bhigh per\b"), "hyper"),
    (lazy(r"\b(?:para|pair a|pera|perra|per a|pare a) ?meters?\b"), "parameter"),
    (lazy(r"\bhyper perimeters?\b"), "hyper parameter"),
    (
        lazy(r"^(?:(?:its|it is|a|the|um|i think|prolly|probably) )*perimeters?(?: [a-z]+){0,2}$"),
        "parameter",
    ),
)
# Words struck through, as Markdown writes them: "~~hyper~~ param" takes "hyper" back.
_STRUCK = lazy(r"~~[^~]{1,80}~~")
_HYPER_HALVES = frozenset({"hyperparameter", "hypr", "hyp", "hipr", "hiper"})
# Letters typed one by one: "p a r a m".
_SPACED = lazy(r"\b(?:[a-z] ){3,}[a-z]\b")


@functools.lru_cache(maxsize=4096)
def canonical_word(word: str) -> str | None:
    """The answer a single (possibly misspelt) word names, or None."""
    if word in WORDS:
        return WORDS[word]
    word = re.sub(r"(?<=[a-z])s{2,}$", "s", word)  # "paramss"
    if word in WORDS:
        return WORDS[word]
    stem = word[:-1] if word.endswith("s") else word
    if (
        stem.startswith(("hyper", "hypr"))
        and 8 <= len(stem) <= 11
        and edit_distance(stem, "hyperparam", 2) <= 2
    ):
        return "hyperparameter"  # "hyperaram", "hyperprm"
    if 5 <= len(word) <= 6 and word.isalpha() and word not in english_words():
        for short, side in _SHORT_FORMS:  # "hyoer", "hpyer", "jyper", "oaram", "paarm"
            if (
                word[0] in _KEYS_NEAR[short[0]]
                and short[-1] in word  # "parar" (Portuguese: to stop) is no slip of "param"
                and edit_distance(word, short, 1) <= 1
            ):
                return side
    if (
        8 <= len(stem) <= 11
        and stem[0] in _KEYS_NEAR["h"]
        and stem not in english_words()
        and edit_distance(stem, "hyperparam", 2) <= 2
    ):
        return "hyperparameter"  # "hyoerparam", "jyperparam"
    if len(stem) < 7 or len(stem) > 17:
        return None
    for target, side in TYPO_TARGETS:
        if side == "hyperparameter":
            if len(stem) < 11 or stem[:2] not in ("hy", "hi", "hp", "yh", "he", "ha"):
                continue
            limit = 2 if len(stem) >= 12 else 1
        else:
            if not (stem[0] in _KEYS_NEAR["p"] or stem.startswith("ap")) or len(stem) > 11:
                continue  # "oarameter" (a key off), "aprameter" (two swapped)
            limit = 2 if stem.startswith(("param", "parm", "pram", "parem")) else 1
        if edit_distance(stem, target, limit) <= limit:
            return side
    return None


def _word_file(name: str) -> frozenset[str]:
    from pathlib import Path

    path = Path(__file__).resolve().parent / name
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


@functools.cache
def english_words() -> frozenset[str]:
    """Real English words a typo correction would otherwise take for misspellings ("earned"
    is not a misspelt "learned", "players" not a misspelt "layers")."""
    return _word_file(ENGLISH_WORDS_FILE)


@functools.cache
def known_words() -> frozenset[str]:
    """Words that are never respelt: real words seen in the reader's training lines, and the
    English words near a keyword."""
    return _word_file(KNOWN_WORDS_FILE) | english_words()


@functools.cache
def keywords() -> frozenset[str]:
    """The words a misspelling is put right to: the reason words and the long class words."""
    return KEYWORDS | frozenset(word for word in concept_words() if len(word) >= 5)


@functools.cache
def _keyword_index() -> dict[str, frozenset[str]]:
    return deletion_index(keywords())


@functools.lru_cache(maxsize=8192)
def respelt(word: str) -> str:
    """A misspelt reason word put right ("estmiated" -> "estimated", "noobdy" -> "nobody"):
    an unknown word one edit away from one keyword (or from forms of one word); any other
    word unchanged."""
    if len(word) < 5 or not word.isalpha() or word in keywords() or word in known_words():
        return word
    found = {
        keyword
        for keyword in near(word, _keyword_index())
        if not (word.endswith(("er", "ers")) and keyword.endswith("ed"))  # learner, trainer
    }
    if len(found) > 1 and len({keyword[:4] for keyword in found}) == 1:
        return min(found)  # "decidd": decide or decided, the same word either way
    return found.pop() if len(found) == 1 else word


# Phone spellings of a question's first word, read only where nothing else fits.
_PHONE_WH = re.compile(
    r"(?:^|(?<=^wait )|(?<=^hmm )|(?<=^ok )|(?<=^so )|(?<=^but )|(?<=[,;:.!?] ))y (?=not\b|"
    r"(?:is|isnt|are|arent|does|doesnt|do|dont|did|didnt|was|wasnt|would|should|cant|can) "
    r"(?:it|that|this|we|you|i|they|my|its|thats)\b)"
)
_PHONE_ARE = re.compile(
    r"^r (?=(?:the |my |these |those |all )?[a-z]{3,} (?:.*\?$|(?:[a-z_]+ ){0,2}(?:the same|"
    r"same|separate|learned|learnt|trained|set|chosen|tuned|fitted|computed|updated|part)\b))"
)
_PHONE_YOU = re.compile(r"(?<![a-z0-9])u (?=(?!net\b)[a-z]{2,})")  # "weight decay u tune"


# Code read as the words it stands for: an in-place update ("w -= lr * grad") is something
# training does; a keyword argument with a value ("C=1.0", "metric='minkowski'") is a setting
# passed when the model is built; a name with a trailing underscore ("coef_") is what
# scikit-learn's fit learns.
_CODE = (
    (lazy(r"\b([a-z][a-z0-9_]*)\s*[-+*/]=\s*"), r"\1 updated by "),
    (
        lazy(
            r"\b(?!requires_grad\b)([a-z_][a-z0-9_]*)\s*=\s*"
            r"(?=[-+]?\.?[0-9]|['\"\[(]|(?:true|false|none|auto)\b)"
        ),
        r"\1 set to ",
    ),
    (lazy(r"\b([a-z][a-z0-9_]*[a-z0-9])_(?![a-z0-9_])"), r"\1 learned attribute"),
)


# The answer words (and "I don't know") in scripts the tokens do not keep: Cyrillic, Chinese,
# Japanese, Korean, Greek, Devanagari and Arabic, put in English before folding; Vietnamese
# ("siêu tham số", "tham số"), whose letters fold to Latin, with and without its marks.
_OTHER_SCRIPTS = (
    (
        lazy(
            r"г[иі]?перпараметр\w*|超参数|超參數|ハイパーパラメータ[ー]?|하이퍼\s?파라미터|"
            r"υπερπαραμετρ\w*|υπερπαράμετρ\w*|हाइपरपैरामीटर|"
            r"(?:ال)?(?:معامل|معاملات|معلمة|معلمات|بارامتر|بارامترات)\s+(?:ال)?فائق[ةه]?|"
            r"\bsi[eêếềểễệ]u\s+tham\s+s[oốồổỗộ]\b"
        ),
        " hyperparameter ",
    ),
    (
        lazy(
            r"параметр\w*|参数|參數|パラメータ[ー]?|파라미터|매개변수|παραμετρ\w*|παράμετρ\w*|पैरामीटर|"
            r"(?<![\u0621-\u064a])(?:[وف]?(?:ال)?)(?:معامل|معاملات|معلمة|معلمات|بارامتر|بارامترات)"
            r"(?![\u0621-\u064a])|\btham\s+s[oốồổỗộ]\b"
        ),
        " parameter ",
    ),
    (
        lazy(
            r"не знаю|不知道|わかりません|分かりません|わからない|모르겠어요|모르겠다|"
            r"δεν ξερω|δεν ξέρω|पता नहीं|لا أعرف|لا اعرف|ما بعرف|\bkh[oô]ng bi[eế]t\b"
        ),
        " i dont know ",
    ),
    # the words of a reason: learned, chosen, data, before, training, not; a negation that
    # follows its verb (Japanese, Korean, Hindi) first, put before it as English has it
    (
        lazy(
            r"(?:学習|学ば|学び)[\u3040-\u309f]*(?:ない|ません)|(?:학습|배우|배워)\S*\s*않\w*|"
            r"안\s*(?:학습|배우|배워)\w*|(?:학습|배우|배워)\S*\s+안(?!\S)|सीख\S*\s+नहीं"
        ),
        " not learned ",
    ),
    (
        lazy(
            r"(?:選ば|選び|決め|設定し)[\u3040-\u309f]*(?:ない|ません)|(?:선택|정하|정해|설정)\S*\s*않\w*|"
            r"चुन\S*\s+नहीं"
        ),
        " not chosen ",
    ),
    (
        lazy(
            r"уч[иа]т\w*|обуча\w*ся|выуч\w*|学习|學習|学習|学到|学ば\w*|학습\w*|배우\w*|"
            r"يتعلم\w*|تتعلم\w*|تعلم\w*|सीख\w*|μαθαίν\w*|μαθαιν\w*"
        ),
        " learned ",
    ),
    (
        lazy(
            r"выбира\w*|выбор\w*|зада[её]м|задаю|устанавлива\w*|选择|選擇|设定|設定|设置|人为|"
            r"選ぶ|選び|決め\w*|选|선택\w*|정하\w*|정해\w*|설정\w*|نختار\w*|نحدد\w*|اختيار|"
            r"चुन\w*|तय\s+कर\w*|επιλέγ\w*|επιλεγ\w*|ορίζ\w*"
        ),
        " chosen ",
    ),
    (lazy(r"данны\w*|данные|数据|數據|データ|데이터|البيانات|بيانات|डेटा|δεδομέν\w*"), " data "),
    (
        lazy(
            r"до обучения|перед обучением|заранее|之前|事先|提前|前に|事前に|전에|미리|قبل|पहले|"
            r"πριν"
        ),
        " before ",
    ),
    (
        lazy(r"обучени\w*|训练|訓練|トレーニング|훈련|التدريب|تدريب|प्रशिक्षण|εκπαίδευσ\w*"),
        " training ",
    ),
    (lazy(r"(?<![\w])не(?![\w])|不|没|沒|ない|ません|않\w*|لا|لم|ليس|नहीं|δεν"), " not "),
    (lazy(r"модель\w*|模型|モデル|모델|النموذج|نموذج|मॉडल|μοντέλο"), " model "),
)


ANSWER_WORDS_IN_OTHER_SCRIPTS = _OTHER_SCRIPTS[:2]


# A Greek letter on its own is the name of a quantity: "ε is a fixed constant", "is λ tuned?"
_GREEK_NAMES = dict(
    zip(
        "αβγδεϵζηθϑικλμνξπρσςτυφϕχψω",
        re.findall(
            r"[a-z]+",
            "alpha beta gamma delta epsilon epsilon zeta eta theta theta iota kappa lambda mu nu "
            "xi pi rho sigma sigma tau upsilon phi phi chi psi omega",
        ),
        strict=True,
    )
)
_GREEK_LETTER = lazy(rf"(?<![\u0370-\u03ff])[{''.join(_GREEK_NAMES)}](?![\u0370-\u03ff])")


_ARROW = lazy(r"\s*(?:→|⇒|=>|-+>)\s*")


def normalise(text: str) -> str:
    """The reader's canonical form of a line: lower-case tokens separated by single spaces."""
    text = unicodedata.normalize("NFKC", text[:LONGEST_LINE]).casefold()
    text = _STRUCK.sub(" ", text)
    for pattern, english in _OTHER_SCRIPTS:
        text = pattern.sub(english, text)
    text = _GREEK_LETTER.sub(lambda letter: f" {_GREEK_NAMES[letter.group(0)]} ", text)
    text = "".join(ch if ch.isprintable() else " " for ch in fold(text))
    text = _ARROW.sub(" so ", text)  # "estimated, not chosen -> parameter"
    text = _STRETCHED.sub(r"\1", text)
    for pattern, replacement in _CODE:
        text = pattern.sub(replacement, text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = text.replace("'", "")
    text = re.sub(r"(?<=[a-z0-9])_+(?=[a-z0-9])", "", text)  # identifiers: get_params, max_depth
    text = re.sub(r"(?<=[a-z0-9])\.(?=[a-z])", " ", text)  # model.parameters(): one clause
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # hyper-param
    text = re.sub(r"_", " ", text)
    text = re.sub(r"\b(?:rather than|instead of)\b", "not", text)
    text = re.sub(r"\bno matter\b", "regardless", text)  # not a negation
    words = _TOKEN.findall(text)
    text = " ".join(words)
    text = re.sub(r"\bnon (?=hyper|param)", "not ", text)
    text = NEGATING_PREFIX.sub(r"not \1", text)
    text = _PHONE_WH.sub("why ", text)  # "y is it hyper", "y not parameter"
    text = _PHONE_ARE.sub("are ", text)  # "r weights learned?"
    text = _PHONE_YOU.sub("you ", text)
    for pattern, spoken in _SPOKEN:
        text = pattern.sub(spoken, text)
    text = _SPACED.sub(_joined_if_an_answer, text)
    for pattern, side in PHRASES:
        text = pattern.sub(side, text)
    for pattern, english in TRANSLATIONS:
        text = pattern.sub(english, text)
    out: list[str] = []
    for word in text.split(" "):
        canonical = canonical_word(word) if word.isalpha() else None
        if canonical == "parameter" and out and out[-1] in _HYPER_HALVES:
            out[-1] = "hyperparameter"  # "hyper paramter", "hypr param": one word as two
            continue
        out.append(canonical or respelt(word))
    return " ".join(out)


def _joined_if_an_answer(match: re.Match[str]) -> str:
    joined = match.group(0).replace(" ", "")
    return joined if canonical_word(joined) else match.group(0)


def tokens(text: str) -> list[str]:
    """The reader's tokens of a line (words, numbers and the punctuation that matters)."""
    normal = normalise(text)
    return normal.split(" ") if normal else []
