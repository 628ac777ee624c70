"""The question reader for library quantities: which quantity, in which model, asked how.

"is subsample in GradientBoostingClassifier a hyperparameter?" reads as the quantity
``subsample``, the model ``GradientBoostingClassifier`` and the claim "hyperparameter"; words it
does not know do not stop it. The model picks among a name's meanings (``alpha`` in Ridge, in an
MLP, in naive Bayes; ``gamma`` in an SVM, in XGBoost, in batch norm; a Keras layer's ``kernel``
versus an SVM's). Without a model, a name with meanings of different kinds gets "it depends".
A name the vocabulary does not hold gets a guess that says it is one, when its form allows
one (a trailing underscore: written by fit; a snake_case name given with a library: one of its
settings), and nothing otherwise. Typos in snake_case names are read as the name they miss.
Special readings: a number passed to a constructor ("the 128 in nn.Linear(128, 64)"), a claim
about parameters or hyperparameters in general, and a list of what a model sets and learns.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from tutor.core.knowledge.pack import (
    _DIFFERENCE_WORDS,
    _GENERIC,
    _STOP,
    COUNTED,
    _distance,
    _frame,
    _kind_of_token,
    _static_kind_spans,
)
from tutor.core.knowledge.vocabulary import (
    FAMILIES,
    LIBRARIES,
    Model,
    Sense,
    Token,
    Vocabulary,
    generated_text,
    phrase_keys,
    tokenize,
)
from tutor.core.language.questions import mean_as_a_verb
from tutor.core.language.vocabulary import words

_LONGEST_TOKENS = 80
_LIMIT = re.compile(
    r"\b(?:min(?:imum|imal)?|max(?:imum)?)\s+(?:number|sum|fraction|amount|count|share)"
    r"(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?",
    re.IGNORECASE,
)
_MOST_CORRECTIONS = 4  # unknown identifiers looked up for typos, per question
# "is the 128 in nn.Linear(128, 64) a hyperparameter?": a number passed to a constructor.
_CALL = re.compile(r"[A-Za-z_][\w.]*\(([^()]*)\)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.])")


def _argument_number(question: str) -> tuple[str, str] | None:
    """(the number, the call) for "is the 128 in nn.Linear(128, 64) a hyperparameter?"."""
    for call in _CALL.finditer(question):
        passed = _NUMBER.findall(call.group(1))
        outside = question[: call.start()] + " " + question[call.end() :]
        for number in _NUMBER.findall(outside):
            if number in passed:
                return number, call.group(0)
    return None


def _only_inside(named: list[str], found: tuple[str, str], question: str) -> bool:
    """Whether the quantity read is named only inside the call whose number the question
    asks about: "nn.Embedding(10000, 300) the 300 is ??" asks about the 300, not the
    embedding the call builds; "Dense(64, activation='relu') the 64 = ?" not the activation."""
    if re.search(rf"=\s*{re.escape(found[0])}(?![\w.])", found[1]):
        return False  # "SGD(momentum=0.9)": the number has a name, and the name answers
    outside = question.replace(found[1], " ").lower()
    return not any(re.search(rf"(?<![\w]){re.escape(word)}", outside) for word in named)


def _terse_about(found: tuple[str, str], question: str) -> bool:
    """ "nn.Embedding(10000, 300) the 300 is ??": a few words about the number, then "?"."""
    outside = question.replace(found[1], " ").strip()
    return outside.endswith("?") and len(re.findall(r"\w+", outside)) <= 5


# Named, they say nothing against a meaning: libraries that hold every kind of name, and
# training processes ("is C found by gradient descent?").
_OPEN_CONTEXTS = frozenset({"sklearn", "pytorch", "keras", "gradient_descent", "optimizer"})
_NEGATIONS = frozenset({"not", "never", "no"})
# "is n_jobs just a software setting?": a claim that it is neither.
_NEITHER_CLAIMS = (
    ("software", "setting"),
    ("neither",),
    ("just", "setting"),
    ("just", "bookkeeping"),
    ("just", "metric"),
    ("just", "score"),
)


@dataclass
class _Span:
    start: int
    end: int
    senses: list[tuple[Sense, int]] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    exact: bool = False  # matched an identifier exactly as typed


@dataclass
class Reading:
    """What a question is about, as far as the vocabulary can tell."""

    said: str  # the quantity as the learner wrote it
    key: str  # the matched words, run together (how the data's names are keyed)
    senses: list[Sense]  # the meanings that fit (one, or several of different kinds)
    models: list[Model]
    asked: str | None  # the kind the question claims ("is X a hyperparameter?")
    negated: bool  # the claim is "not that kind"
    question: str | None  # "kind" | "why" | "define" | None
    by_model: bool  # the model decided among meanings of different kinds
    by_default: bool  # a meaning marked as the usual one decided, with no model named
    typed_ident: bool  # the quantity was typed as a library identifier (max_depth, coef_)
    weak: bool  # one ordinary word, no model, no claim, next to words nobody knows
    guess: str | None = None  # the kind guessed for an identifier nobody described
    overview: str = ""  # "noun": "what are the hyperparameters of X?"; "verb": "what does X learn?"
    both_kinds: bool = False  # the overview asks for both: "what's learned and what's chosen?"
    plural: bool = False  # the learner wrote the quantity in the plural
    cased: str = ""  # the quantity with the learner's capitals ("C", not "c")
    argument: str = ""  # "nn.Linear(128, 64)" when the question asks about a number in it
    about_kind: str = ""  # "do hyperparameters change during training?"
    limit: bool = False  # "the minimum number of samples required to split"


_PROCESS = frozenset(
    {"fit", "fitting", "training", "train", "gradient", "backprop", "backpropagation",
     "optimiser", "optimizer", "sgd", "adam"}
)  # fmt: skip
_CHANGES = frozenset({"change", "update", "modify", "alter", "adjust", "learn", "tune"})


def _process_claims(words: list[str]) -> bool:
    """ "does fitting a Lasso change alpha?": a claim that the quantity is learned."""
    if not words or words[0] not in ("does", "do", "will", "would", "can", "could"):
        return False
    seen_process = False
    for word in words[1:]:
        if word in _PROCESS:
            seen_process = True
        elif word in _CHANGES and seen_process:
            return True
    return False


def _claim(words: list[str], kinds: list[tuple[int, int, str]]) -> tuple[str | None, bool]:
    found = {kind for _, _, kind in kinds}
    if not found and _process_claims(words):
        found.add("parameter")
    for phrase in _NEITHER_CLAIMS:
        width = len(phrase)
        if any(tuple(words[i : i + width]) == phrase for i in range(len(words))):
            found.add("neither")
    if len(found) != 1:
        return None, False
    ors = {index for index, word in enumerate(words) if word == "or"}
    if any(end in ors or start - 1 in ors for start, end, _ in kinds):
        return None, False  # "kernel: learned or set?", "a parameter or not?" claim nothing
    asked = found.pop()
    negated = False
    for start, _, _ in kinds:
        window = words[max(2, start - 2) : start]
        if any(word in _NEGATIONS for word in window):
            negated = True
    return asked, negated


_CLAIM_ABOUT_IT = re.compile(r"\b(?:is|are|was|were) (?:that|this|it|they|these|those)\b")
_INDEX_PART = re.compile(r"\d|^reverse$")  # "_l0", "_reverse": which layer, not what
_DATA_VARIABLE = re.compile(r"(?:^|_)[xy](?:_|$)", re.IGNORECASE)


def _typed_only(sense: Sense) -> bool:
    """Names made with X or y (``_fit_X``, ``X_fit_``) are meant only when typed as names: in
    words, "fit(X, y)" is a call on the data, not the stored training set."""
    return all(_DATA_VARIABLE.search(name) for name in sense.names)


def _unknown_fitted(token: Token, vocabulary: Vocabulary) -> bool:
    """A name in fit()'s form ("quantiles_") that the libraries' list does not have."""
    ident = token.ident
    return (
        ident is not None
        and ident.endswith("_")
        and not ident.startswith("_")
        and ident not in vocabulary.by_ident
    )


def _the_noun_mean(said: list[str], at: int, vocabulary: Vocabulary) -> bool:
    """ "the mean that StandardScaler subtracts": the noun, with a model named that may hold
    it (which meaning applies is checked against that model later)."""
    return (
        said[at] == "mean"
        and not mean_as_a_verb(said, at)
        and any(word in vocabulary.model_words or word in vocabulary.model_ident for word in said)
    )


def _spans(tokens: list[Token], blocked: set[int], vocabulary: Vocabulary) -> list[_Span]:
    words = [token.word for token in tokens]
    snake = [
        (i, token.ident_end)
        for i, token in enumerate(tokens)
        if token.ident is not None and "_" in token.ident and "." not in token.ident
    ]
    calls = [(i, token.ident_end) for i, token in enumerate(tokens) if token.call]
    # "booster_", "statistics_": a fitted name the libraries' list lacks is not the setting
    # its words spell ("booster", "strategy"); the reader guesses from its form instead
    unknown_fitted = {
        cell
        for i, token in enumerate(tokens)
        if _unknown_fitted(token, vocabulary)
        for cell in range(i, token.ident_end)
    }

    def inside_ident(start: int, end: int) -> bool:
        """A span inside a snake_case name that does not start it ("weight_hh_l0" starts
        with weight_hh; "num_leafs" holds no "leaf"), a span that starts one but leaves more
        than a layer's number ("negative_slope" is not word2vec's negative), or part of a
        call ("loss.backward()" says nothing about the loss)."""
        return (
            any(first < start < last for first, last in snake)
            or any(
                first == start < end < last
                and not all(_INDEX_PART.search(word) for word in words[end:last])
                for first, last in snake
            )
            or any(first <= start < last and (start, end) != (first, last) for first, last in calls)
        )

    said = [token.raw for token in tokens]
    found: list[_Span] = []
    for start, token in enumerate(tokens):
        if start in blocked:
            continue
        if token.ident is not None:
            end = token.ident_end
            if not blocked & set(range(start, end)):
                senses = list(vocabulary.by_ident.get(token.ident, []))
                models = list(vocabulary.model_ident.get(token.ident, []))
                if senses or models:
                    found.append(_Span(start, end, senses, models, exact=True))
        elif token.assigned and token.raw in vocabulary.by_ident:
            # "loss='hinge'": a name given a value is the library's argument of that name
            found.append(_Span(start, start + 1, list(vocabulary.by_ident[token.raw]), exact=True))
        key = ""
        for end in range(start + 1, min(len(tokens), start + vocabulary.longest) + 1):
            if end - 1 in blocked or end - 1 in unknown_fitted:
                break
            if inside_ident(start, end):
                key += words[end - 1]
                continue
            key += words[end - 1]
            if (
                end == start + 1
                and tokens[start].raw in _STOP
                and not _the_noun_mean(said, start, vocabulary)
            ):
                continue  # "what does NN mean?": a filler word names no quantity
            if mean_as_a_verb(said, end - 1):
                continue  # "more points means more parameters?" names no mean
            senses = [
                entry for entry in vocabulary.by_words.get(key, []) if not _typed_only(entry[0])
            ]
            models = list(vocabulary.model_words.get(key, []))
            if senses or models:
                found.append(_Span(start, end, senses, models))
    found.sort(key=lambda span: (-(span.end - span.start), not span.exact, span.start))
    chosen: list[_Span] = []
    taken: set[int] = set()
    for span in found:
        cells = set(range(span.start, span.end))
        if not cells & taken:
            chosen.append(span)
            taken |= cells
    chosen.sort(key=lambda span: span.start)
    return chosen


def _score(sense: Sense, models: list[Model]) -> float:
    if not models:
        return 1.0 if sense.default else 0.5
    if not sense.where:
        return 0.5
    best = 0.0
    for model in models:
        if model.key.lower() in sense.where:
            best = max(best, 3.0)
        elif (model.groups - LIBRARIES - FAMILIES - {model.key.lower()}) & sense.where:
            best = max(best, 2.0)
        elif model.groups & FAMILIES & sense.where:
            best = max(best, 1.5)
        elif model.groups & LIBRARIES & sense.where:
            best = max(best, 1.0)
    return best


def _choose(entries: list[tuple[Sense, int]], models: list[Model]) -> tuple[list[Sense], bool]:
    """The meanings that fit best, and whether the named model (or, without one, the usual
    meaning) is what decided among meanings of different kinds."""
    if not entries:
        return [], False
    if any(rank < 3 for _, rank in entries):
        entries = [(sense, rank) for sense, rank in entries if rank < 3]
    senses = [sense for sense, _ in entries]
    scores = [(_score(sense, models), sense) for sense in senses]
    top = max(score for score, _ in scores)
    if models and top == 0.0:
        if not all(model.key in _OPEN_CONTEXTS for model in models):
            return [], False  # none of its meanings belongs to the model named
        scores = [(_score(sense, []), sense) for sense in senses]  # a library has them all
        top = max(score for score, _ in scores)
        models = []
    if len({sense.kind for sense in senses}) == 1:
        best_first = sorted(scores, key=lambda pair: -pair[0])
        return [best_first[0][1]], top > 0.5 or any(sense.default for sense in senses)
    best = [sense for score, sense in scores if score == top]
    if len({sense.kind for sense in best}) == 1:
        return [best[0]], top > 0.5
    for model in models:  # "LeakyReLU's alpha, learned like PReLU's?": the first one named
        fits = [sense for sense in best if _score(sense, [model]) == top]
        if fits and len({sense.kind for sense in fits}) == 1:
            return [fits[0]], True
    distinct: list[Sense] = []
    for sense in best:
        if all(sense.kind != other.kind or sense.where != other.where for other in distinct):
            distinct.append(sense)
    return distinct, False


_KINDS_NAMED = frozenset({"parameter", "hyperparameter", "param", "hyperparam"})


def _names_a_kind(words: list[str], kinds: list[tuple[int, int, str]]) -> str:
    """ "noun" when the question says "parameters" or "hyperparameters", "verb" when it asks
    what is learned, "" otherwise."""
    said = {words[i] for start, end, _ in kinds for i in range(start, end)}
    if said & _KINDS_NAMED:
        return "noun"
    return "verb" if said & {"learn", "learned", "learnt"} else ""


_SET_WORDS = frozenset({"set", "choose", "chosen", "pick", "picked", "tune", "tuned", "fix"})
_LEARN_WORDS = frozenset({"learn", "learned", "learnt", "fit", "fitted", "estimated", "trained"})


def _asks_both_kinds(words: list[str], kinds: list[tuple[int, int, str]]) -> bool:
    """Whether a question about a model asks for both kinds: "parameters vs hyperparameters
    for xgboost", "which numbers in a random forest are learned and which do I set?"."""
    named = {kind for _, _, kind in kinds}
    said = set(words)
    if "or" in said:
        return False  # "key_dim: param or hyper?" asks which one, not for both lists
    return {"parameter", "hyperparameter"} <= named or bool(
        said & _SET_WORDS and said & _LEARN_WORDS
    )


def _argument_of(
    quantity: _Span, tokens: list[Token], models: list[Model], vocabulary: Vocabulary
) -> _Span | None:
    """For "is loss a hyperparameter in SGDClassifier?": a name in words that a named
    estimator takes as a constructor argument is that argument."""
    if quantity.exact:
        return None
    name = "_".join(token.raw for token in tokens[quantity.start : quantity.end])
    for model in models:
        info = vocabulary.estimators.get(model.key) if model.is_estimator else None
        if not info or name not in info["params"]:
            continue
        curated = [entry for entry in quantity.senses if name in entry[0].names]
        senses = (
            curated
            or vocabulary.by_ident.get(name)
            or [(_estimator_sense(name, "param", model), 0)]
        )  # "priors" in GaussianNB: scikit-learn says the constructor takes it
        return replace(quantity, senses=list(senses), exact=True)
    return None


def _from_the_estimator(
    quantity: _Span, models: list[Model], vocabulary: Vocabulary, typed: str = ""
) -> list[Sense]:
    """For "the learning rate in t-SNE": none of the written meanings belongs to TSNE, but
    scikit-learn says TSNE takes (or learns) a value of that name (the name typed, not
    another name of a meaning it shares: "ridge weights" is not Ridge's alpha)."""
    names = {name for sense, _ in quantity.senses for name in sense.names}
    if typed:
        spelt = {typed, typed.rstrip("s"), typed + "s"}
        names = {name for name in names if name.replace("_", "").lower().rstrip("_") in spelt}
    for model in models:
        info = vocabulary.estimators.get(model.key) if model.is_estimator else None
        if not info:
            continue
        for origin, listed in (("param", info["params"]), ("learned", info["learned"])):
            for name in sorted(names & set(listed)):
                return [_estimator_sense(name, origin, model)]
    return []


def _estimator_sense(name: str, origin: str, model: Model) -> Sense:
    """The meaning scikit-learn's own lists give a name of one estimator: a constructor
    argument (``origin`` "param") is a hyperparameter, a fitted attribute a parameter."""
    kind = "hyperparameter" if origin == "param" else "parameter"
    return Sense(
        names=(name,),
        kind=kind,
        text=generated_text(name, kind, [model.key]),
        where=frozenset({model.key.lower()}),
        places=(model.key.lower(),),
        generated=origin,
        estimators=(model.key,),
    )


def _plural(tokens: list[Token]) -> bool:
    """Whether the head noun is plural ("the weights", but "the number of filters")."""
    raws = [token.raw for token in tokens]
    head = tokens[raws.index("of") - 1] if "of" in raws[1:] else tokens[-1]
    changed = head.raw != head.word or head.raw == "means"
    return head.ident is None and changed and head.raw.endswith("s")


_ARGUMENT_WORDS = frozenset({"argument", "arg", "kwarg", "constructor", "keyword", "option"})


def _kind_as_subject(words: list[str], kinds: list[tuple[int, int, str]], start: int) -> str | None:
    """ "do hyperparameters change during training?": the kind itself is what is asked about,
    and the rest of the question makes a claim about it."""
    if len(kinds) < 2:
        return None
    first, end, kind = kinds[0]
    if first != start or not any(_kind_of_token(words[i]) for i in range(first, end)):
        return None
    for claim_start, claim_end, _ in kinds[1:]:
        if any(_kind_of_token(words[i]) for i in range(claim_start, claim_end)):
            return None  # "are parameters and hyperparameters ...": a comparison
    claims = {other for _, _, other in kinds[1:]}
    return kind if len(claims) == 1 else None


# Parts of an unknown name that say what it holds: a learned array ("bias_hh_l0",
# "weight_ih_l0") or a setting ("negative_slope", "warmup_ratio", "kernel_initializer").
_LEARNED_PARTS = words(
    """
    weight weights bias biases coef intercept embedding embeddings centers centroids
    running codebook
    """
)
_SETTING_PARTS = words(
    """
    rate size num max min n alpha lambda ratio fraction steps epochs depth patience decay
    momentum eps epsilon threshold dropout initializer init regularizer constraint slope
    temperature factor clip warmup seed penalty tol iter iterations count
    """
)


_POINTING = frozenset({"it", "that", "this"})
_NOT_ASKED_AFTER = frozenset(
    {"like", "alongside", "vs", "versus", "than", "as", "in", "inside", "within", "for", "on",
     "to", "into", "with", "by", "from", "at", "each", "every", "per"}
)  # fmt: skip
_CONTAINERS = frozenset({"tree", "forest", "booster", "model", "network", "layer", "estimator"})
_ASKING_PART = re.compile(
    r"^(?:.*(?:[.!?:;\u2014\u2013]\s|\s-\s|\bbut\s))?(?P<part>(?:[^.!?:;\u2014\u2013]|[.:](?!\s))*\?)\s*$",
    re.DOTALL,
)
# "KMeans(n_clusters=3).fit(X) are the centers learned": prose after the code asks, "?" or not
_CHECKS_A_STATEMENT = re.compile(
    r"(?:did|have|am|was) i\b|(?:is|are) (?:this|that|all|these) (?:right|correct)"
)
_AFTER_A_CALL = re.compile(r"^.*\)[:;,]?\s+(?P<part>[^()=]*[a-z][^()=]*?)\s*$", re.DOTALL | re.I)


def _after_the_code(spans: list[_Span], tokens: list[Token], question: str) -> list[_Span]:
    """The quantity the asking part names after the question's code, first: in "KMeans(
    n_clusters=8): are cluster_centers_ learned?" the names given values are the code the
    question shows, and the quantity is a library name, a learned quantity in words, or one of
    those names again, named in the part that asks. "num_leaves=31: do I need to tune it, or
    does it learn how many leaves each tree needs?" points back at the code with "it";
    "nthread=16: tune it alongside max_depth?" compares; "in sklearn trees" names a place."""
    valued = [span for span in spans if tokens[span.start].assigned]
    part = _ASKING_PART.search(question) or _AFTER_A_CALL.search(question)
    if not valued or part is None:
        return spans
    asking = [token.word for token in tokenize(part.group("part"))]
    offset = len(tokens) - len(asking)  # the asking part is where the question ends
    last = max(span.start for span in valued)
    shown = {tuple(token.word for token in tokens[s.start : s.end]) for s in valued}

    def asked_for(span: _Span) -> bool:
        named = [token.word for token in tokens[span.start : span.end]]
        at = span.start - offset
        if at < 0 or asking[at : at + len(named)] != named or _POINTING & set(asking[:at]):
            return False
        if not span.exact and set(named) & _CONTAINERS:
            return False
        if span.exact or tuple(named) in shown:
            return not _NOT_ASKED_AFTER & set(asking[max(0, at - 1) : at])
        learned = any(sense.kind == "parameter" for sense, _ in span.senses)
        return learned and not _NOT_ASKED_AFTER & set(asking[max(0, at - 2) : at])

    asked = [
        span
        for span in spans
        if span.start > last and not tokens[span.start].assigned and asked_for(span)
    ]
    if not asked and not _CHECKS_A_STATEMENT.match(" ".join(asking)):
        # "GaussianMixture(n_components=3).fit(X); gmm.weights_ — param?": the fitted name
        # after the code, unless "did I get that right?" checks all the learner said
        asked = [
            span
            for span in spans
            if span.start > last and span.exact and (tokens[span.start].ident or "").endswith("_")
        ][:1]
    return asked + [span for span in spans if span not in asked]


_BY = frozenset({"by", "via"})


def _agents_last(spans: list[_Span], tokens: list[Token], vocabulary: Vocabulary) -> list[_Span]:
    """What does the learning ("learned by the optimizer", "estimated via least squares")
    after what is learned: in "are bias_ih_l0 and bias_hh_l0 learned by the optimizer?" the
    quantity is the GRU's bias, named as code the vocabulary may not list."""
    agents = [span for span in spans if span.start and tokens[span.start - 1].word in _BY]
    if not agents:
        return spans
    others = [span for span in spans if span not in agents]
    named_in_code = any(
        token.ident is not None and "_" in token.ident and not _known_ident(token.ident, vocabulary)
        for token in tokens[: agents[0].start]
    )
    if not others and not named_in_code:
        return spans
    return others + ([] if not others and named_in_code else agents)


def _guess(ident: str, words: list[str], with_model: bool, assigned: bool = False) -> str | None:
    """A kind the form of an unknown name implies: written by fit, or passed in by you."""
    if ident.endswith("_") and not ident.startswith("_"):
        return "parameter"
    parts = set(re.split(r"[_.]", ident.lower()))
    if parts & _LEARNED_PARTS and not parts & _SETTING_PARTS and not assigned and with_model:
        return "parameter"  # "bias_hh_l0 in an LSTM": the layer's learned bias
    if _ARGUMENT_WORDS & set(words) or with_model or assigned:
        return "hyperparameter"  # "negative_slope=0.01": a value given when it is built
    return None


def _as_typed(said: str, question: str) -> str:
    found = re.search(rf"(?<!\w){re.escape(said)}(?!\w)", question, re.IGNORECASE)
    return found.group(0) if found else said


def _bounded(tokens: list[Token]) -> list[Token]:
    """The first tokens of a long question, with no identifier cut in two."""
    kept = tokens[:_LONGEST_TOKENS]
    return [
        replace(token, ident=None, ident_end=0) if token.ident_end > len(kept) else token
        for token in kept
    ]


def _corrected(tokens: list[Token], vocabulary: Vocabulary) -> list[Token]:
    """Identifiers with a typo ("colsample_bytre", "coeff_") read as the name they miss."""
    fixed: list[Token] = []
    index = 0
    tries = 0
    while index < len(tokens):
        token = tokens[index]
        ident = token.ident
        attribute = ident and ("." in ident or "__" in ident.strip("_"))
        if attribute and not token.call and not _known_ident(str(ident), vocabulary):
            # "pca.components_", "model.coef_": an object's attribute, read name by name; the
            # object is a model when it names one ("pca"), otherwise only a variable ("lr" in
            # "lr.coef_" is the regression, not the learning rate). A pipeline's "clf__C" is
            # the C of its step clf.
            parts = re.split(r"\.|(?<=[^_])__(?=[^_])", str(ident))
            if _names_a_quantity(parts[-1], vocabulary):
                parts = [part for part in parts[:-1] if _names_a_model(part, vocabulary)] + [
                    parts[-1]
                ]
            for part in parts:
                offset = len(fixed)
                fixed.extend(
                    replace(piece, ident_end=piece.ident_end + offset) if piece.ident else piece
                    for piece in tokenize(part)
                )
            index = token.ident_end
            continue
        known = ident is None or "_" not in ident or ident in vocabulary.by_ident
        best = None
        if not known and tries < _MOST_CORRECTIONS:
            tries += 1
            best = _closest_ident(str(ident), vocabulary)
        if best is None:
            shift = len(fixed) - index  # earlier corrections may have changed the count
            fixed.append(replace(token, ident_end=token.ident_end + shift) if ident else token)
            index += 1
            continue
        start = len(fixed)
        replacement = tokenize(best)
        fixed.extend(
            replace(part, ident_end=start + len(replacement)) if part.ident else part
            for part in replacement
        )
        index = token.ident_end
    return fixed


def _known_ident(ident: str, vocabulary: Vocabulary) -> bool:
    return ident in vocabulary.by_ident or ident in vocabulary.model_ident


def _names_a_quantity(part: str, vocabulary: Vocabulary) -> bool:
    """Whether the last name of ``obj.name`` is a quantity: fit()'s form or one the data has."""
    return (part.endswith("_") and not part.startswith("_")) or bool(vocabulary.lookup(part))


def _names_a_model(part: str, vocabulary: Vocabulary) -> bool:
    _, keys, _ = phrase_keys(part)
    return part.lower() in vocabulary.model_ident or any(k in vocabulary.model_words for k in keys)


def _closest_ident(ident: str, vocabulary: Vocabulary) -> str | None:
    limit = 1 if len(ident) < 8 else 2
    best: tuple[int, int, str] | None = None
    fitted = ident.endswith("_")  # a fitted name is never a setting's name misspelt
    for known in vocabulary.idents:
        if known.endswith("_") != fitted:
            continue
        if known[0] == ident[0] and abs(len(known) - len(ident)) <= limit:
            distance = _distance(ident, known, limit)
            shared = next(
                (i for i, (a, b) in enumerate(zip(ident, known, strict=False)) if a != b),
                min(len(ident), len(known)),
            )
            if distance <= limit and (best is None or (distance, -shared, known) < best):
                best = (distance, -shared, known)
    return best[2] if best else None


_POINTING_BACK = frozenset({"it", "that", "this", "those", "these", "they", "them"})
_AFTER_A_PRONOUN = words(
    """
    is are was were be been get gets got also still really just a an the learned learnt
    trained fitted set chosen tuned considered count counts called too by from during in on
    only all both then parameter parameters hyperparameter hyperparameters param params
    hyperparam hyperparams correct right like as alongside with together or and but so
    """
)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=\S)|\n+")


# "..., mainly asking about means_", "(mostly b1)", "i mostly care about fc1.weight": the
# learner says which of the quantities named is the one asked about.
_FOCUS = re.compile(
    r"\b(?:mainly|mostly|primarily|especially|particularly|in particular)(?: just| only)?"
    r"(?: (?:asking|wondering|curious|interested|care|caring|want to (?:confirm|know)))?"
    r"(?: (?:about|re|whether|if|in))?\s+(?P<part>[^.?!()]{1,80})",
    re.IGNORECASE,
)


def _focus_words(question: str, vocabulary: Vocabulary) -> set[str]:
    """The words of the part the learner marks as what they mostly ask about, if any."""
    found = next(reversed(list(_FOCUS.finditer(question))), None)
    if found is None:
        return set()
    return {token.word for token in _corrected(_bounded(tokenize(found.group("part"))), vocabulary)}


def _asking_words(question: str, vocabulary: Vocabulary) -> set[str]:
    """The words of the last sentence that asks (ends in "?") when the sentences before it
    speak of parameters ("max_depth is a hyperparameter. But the split thresholds?"); empty
    otherwise."""
    sentences = [piece.strip() for piece in _SENTENCE_END.split(question) if piece.strip()]
    asking = [piece for piece in sentences if piece.endswith("?")]
    if len(sentences) < 2 or not asking or asking[-1] == sentences[0]:
        return set()
    before = question[: question.rfind(asking[-1])]
    said = [token.word for token in tokenize(asking[-1])] + ["?"]
    if before.rstrip().endswith(":") and "or" in said and _KINDS_NAMED & set(said):
        return set()  # "what is alpha: a weight the model fits or a hyperparameter?" lists
        # the answers to choose from; the quantity is before the colon
    points_back = any(
        word in _POINTING_BACK and (said[at + 1] in _AFTER_A_PRONOUN or not said[at + 1].isalpha())
        for at, word in enumerate(said[:-1])
    )  # "those" in "the booster learned those", not in "those thresholds"
    if "param" not in before.lower() and points_back:
        return set()  # "... The booster learned those, correct?" asks about the context
    return {token.word for token in _corrected(_bounded(tokenize(asking[-1])), vocabulary)}


def read(question: str, vocabulary: Vocabulary, known_words: Collection[str]) -> Reading | None:
    """The reading of one question, or None when it names no quantity the vocabulary has."""
    tokens = _corrected(_bounded(tokenize(question)), vocabulary)
    words = [token.word for token in tokens]
    if not words:
        return None
    exact = {
        i
        for i, token in enumerate(tokens)
        if token.ident is not None
        and (token.ident in vocabulary.by_ident or token.ident in vocabulary.model_ident)
        for i in range(i, token.ident_end)
    }
    kinds = [
        span
        for span in _static_kind_spans(words)
        if not exact & set(range(*span[:2])) and not (span[0] and words[span[0] - 1] in COUNTED)
    ]  # "does a bigger max_depth mean more parameters?" counts parameters, it asks no kind
    # A name that contains a kind word ("scikit-learn", "learning rate") is a name; a kind
    # phrase made of everyday words ("model parameters") stays a kind.
    for span in _spans(tokens, set(), vocabulary):
        cells = set(range(span.start, span.end))
        everyday = all(
            words[i] in _STOP or words[i] in _GENERIC or _kind_of_token(words[i]) for i in cells
        )
        if everyday or span.end - span.start < 2:
            continue
        trimmed = []
        for s, e, k in kinds:
            overlap = set(range(s, e)) & cells
            if set(range(s, e)) <= cells:
                continue  # the kind word is part of the name
            if overlap and all(words[i] in _GENERIC or words[i] in _STOP for i in overlap):
                s = max(s, span.end)  # "choice of model | hyperparameter": the name keeps model
            trimmed.append((s, e, k))
        kinds = trimmed
    in_kinds = {i for start, end, _ in kinds for i in range(start, end)}
    spans = _spans(tokens, in_kinds, vocabulary)
    # "estimator" is not estimators_: a fitted name typed as a bare word needs its underscore.
    named_models = {key.lower() for span in spans for key in span.models}
    with_senses = [
        span
        for span in spans
        if span.senses
        and (
            span.exact
            or span.end - span.start > 1
            or any(r < 3 or sense.where & named_models for sense, r in span.senses)
        )
    ]  # "the StandardScaler mean": the bare word names the fitted mean_ of the model named
    focus = _focus_words(question, vocabulary) or _asking_words(question, vocabulary)
    if focus:
        # "max_depth is a hyperparameter. But are the split thresholds parameters?": the
        # quantity is one the asking sentence names, when it names one
        asked_about = [
            s
            for s in with_senses
            if set(words[s.start : s.end]) <= focus
            and not (s.start and words[s.start - 1] in _NOT_ASKED_AFTER)  # "like running_mean"
            and not set(words[s.start : s.end]) <= _CONTAINERS  # "the booster learned it"
        ]
        with_senses = asked_about + [s for s in with_senses if s not in asked_about]
    with_senses = _after_the_code(with_senses, tokens, question)
    with_senses = _agents_last(with_senses, tokens, vocabulary)
    plain = [span for span in with_senses if not span.models]
    # "are embeddings parameters?": a layer's name is the quantity when nothing else is.
    quantity = plain[0] if plain else (with_senses[0] if with_senses else None)
    claimed = [
        span
        for span in with_senses
        if span.start > 0
        and words[span.start - 1] in ("is", "are")
        and any(span.end == start for start, _, _ in kinds)
    ]
    if quantity is not None and claimed and quantity not in claimed:
        # "Adam(model.parameters(), lr=1e-3): is lr a hyperparameter?": the name the claim is
        # about is the one right before its kind word
        quantity = next((span for span in claimed if not span.models), claimed[0])
    while quantity is not None and not quantity.exact and quantity.end - quantity.start == 1:
        # "the tree leaf weights": in a compound of plain words the last noun is the head
        following = [s for s in with_senses if s.start == quantity.end and not s.exact]
        if not following or tokens[quantity.end - 1].possessive:
            break
        if tokens[quantity.end].after_article and words[quantity.start - 1 : quantity.start] in (
            ["is"],
            ["are"],
        ):
            break  # "is alpha a weight the model fits?": what alpha is said to be, no compound
        quantity = following[0]
    if quantity is not None and tokens[quantity.end - 1].possessive:
        # "the tokenizer's vocabulary", "ridge's alpha": the owner is not the quantity.
        later = [span for span in with_senses if span.start >= quantity.end]
        if later:
            quantity = later[0]
    if quantity is not None and not quantity.exact:
        # "SGDClassifier(loss='hinge'): is loss a hyperparameter?": the word is the argument
        named = words[quantity.start : quantity.end]
        quantity = next(
            (s for s in with_senses if s.exact and words[s.start : s.end] == named), quantity
        )
    models_named: list[str] = []
    for span in spans:
        if span is not quantity:
            models_named += [key for key in span.models if key not in models_named]
    if (
        quantity is not None
        and quantity.models
        and any(span.models and span.end == quantity.start for span in spans)
    ):
        return None  # "the adagrad optimizer", "a keras embedding": a model's full name
    models = [vocabulary.models[key] for key in models_named]
    own = [vocabulary.models[key] for key in (quantity.models if quantity else [])]
    context = models + [model for model in own if model not in models]
    if quantity is not None and len(kinds) > 1 and "or" not in words:
        # "is the depth parameter in CatBoost a hyperparameter?": a noun, not a claim.
        kinds = [
            (start, end, kind)
            for start, end, kind in kinds
            if not (start == quantity.end and end == start + 1 and kind == "parameter")
        ]
    frame = _frame(words)
    both_kinds = _asks_both_kinds(words, kinds)
    listing = ""
    if any(word in _DIFFERENCE_WORDS for word in words):
        # "what is the difference between weights and hyperparameters?"; but "parameters vs
        # hyperparameters for xgboost" asks for a model's list of both
        listing = "noun" if both_kinds and quantity is None else ""
        kinds = []
    if frame.kind in (None, "define") and not listing:
        listing = _names_a_kind(words, kinds)
    if frame.kind == "define" and listing != "noun":
        kinds = []  # "how do I choose k?" asks how, and claims nothing
    asked, negated = _claim(words, kinds)
    if frame.kind == "why" and "not" in words[1:3]:
        negated = True  # "why isn't n_jobs a hyperparameter?" says it is not one
    question_kind = frame.kind
    if question_kind in (None, "define") and asked is not None:
        question_kind = "kind"
    used = [span for span in spans if span.models or span in with_senses]
    covered = {i for span in used for i in range(span.start, span.end)} | in_kinds
    unknown = [
        word
        for i, word in enumerate(words)
        if i not in covered
        and word not in _STOP
        and word not in _GENERIC
        and word not in known_words
        and word not in vocabulary.words
        and not word.isdigit()
    ]
    limit = _LIMIT.search(question)
    limit_senses = vocabulary.by_ident.get("limit", [])
    if limit is not None and limit_senses and not (quantity and quantity.exact):
        # "the minimum number of samples required to split": a limit, whatever it limits
        return Reading(
            said=limit.group(0).lower(), key="", senses=[limit_senses[0][0]], models=models,
            by_model=False, by_default=False, typed_ident=False, weak=False,
            limit=True, asked=asked, negated=negated, question=question_kind,
        )  # fmt: skip
    found = _argument_number(question) if models else None
    if found is not None and (
        (quantity is None and (asked is not None or _terse_about(found, question)))
        or (
            quantity is not None
            and _only_inside(words[quantity.start : quantity.end], found, question)
        )
    ):
        return Reading(
            said=found[0], key="", senses=[], models=models, by_model=True,
            by_default=False, typed_ident=False, weak=False, argument=found[1],
            asked=asked, negated=negated, question=question_kind,
        )  # fmt: skip
    fitted = next((t for t in tokens if _unknown_fitted(t, vocabulary)), None)
    if quantity is None and fitted is not None:
        # "quantiles_: hyperparameter?": a name fit() writes, though not one on the list
        return Reading(
            said=str(fitted.ident), key="", senses=[], models=models, by_model=False,
            by_default=False, typed_ident=True, weak=False, guess="parameter",
            asked=asked, negated=negated, question=question_kind,
        )  # fmt: skip
    subject = _kind_as_subject(words, kinds, frame.start) if frame.kind == "kind" else None
    if quantity is None and not models and subject is not None:
        asked, negated = _claim(words, kinds[1:])
        return Reading(
            said=subject, key="", senses=[], models=[], by_model=False, by_default=False,
            typed_ident=False, weak=False, about_kind=subject, asked=asked, negated=negated,
            question=question_kind,
        )  # fmt: skip
    if listing and (unknown or _CLAIM_ABOUT_IT.search(" ".join(words))):
        # "the random mask that nn.Dropout samples: is that a parameter?" asks about something
        # else than the model's list (which would answer with a kind it never checked)
        listing = ""
    if quantity is None and models and listing:
        return Reading(
            said=asked or "hyperparameter", key="", senses=[], models=models, by_model=True,
            by_default=False, typed_ident=False, weak=False, overview=listing,
            both_kinds=both_kinds, asked=asked,
            negated=negated, question=question_kind,
        )  # fmt: skip
    if quantity is None:
        for i, token in enumerate(tokens):
            if token.call:
                continue  # "booster.get_dump()" is a function to call, not a quantity
            if token.ident is not None and not covered & set(range(i, token.ident_end)):
                guess = _guess(
                    token.ident,
                    words,
                    bool(models) and "_" in token.ident,
                    token.assigned and asked is not None,  # "x=5 in python" asks no kind
                )
                if guess is not None:
                    return Reading(
                        said=token.ident, key="", senses=[], models=models, by_model=False,
                        by_default=False, typed_ident=True, weak=False, guess=guess,
                        asked=asked, negated=negated, question=question_kind,
                    )  # fmt: skip
        return None
    said = " ".join(token.raw for token in tokens[quantity.start : quantity.end])
    typed = quantity.exact and any(mark in (tokens[quantity.start].ident or "") for mark in "_.")
    if quantity.exact:
        said = tokens[quantity.start].ident or said
    argument = _argument_of(quantity, tokens, models, vocabulary)
    if argument is not None:
        quantity = argument
    senses, decided = _choose(quantity.senses, context)
    if not senses:
        typed_name = "".join(words[quantity.start : quantity.end])
        senses = _from_the_estimator(quantity, models, vocabulary, typed_name)
        decided = bool(senses)
    if not senses and quantity.exact and len({sense.kind for sense, _ in quantity.senses}) == 1:
        # "rate_drop is like dropout, so a hyperparameter?": a model named in passing does not
        # unmake a library name that has one meaning
        senses, _ = _choose(quantity.senses, [])
        models, decided = [], False
    if not senses:
        return None
    weak = (
        quantity.end - quantity.start == 1
        and not typed
        and not models
        and asked is None
        and bool(unknown)
    )
    return Reading(
        said=said,
        key="".join(words[quantity.start : quantity.end]),
        plural=_plural(tokens[quantity.start : quantity.end]),
        cased=_as_typed(said, question),
        senses=senses,
        models=models,
        by_model=decided and bool(models),
        by_default=decided and not models,
        typed_ident=typed,
        weak=weak,
        asked=asked,
        negated=negated,
        question=question_kind,
    )
