"""The tutor's replies to a reading: the verdict first, then why, in plain sentences."""

from __future__ import annotations

from tutor.core.knowledge.answer import KnowledgeAnswer
from tutor.core.knowledge.reader import Reading, _choose, _score
from tutor.core.knowledge.vocabulary import LIBRARIES, Model, Sense, Vocabulary, phrase_keys

_PHRASE = {
    "parameter": "a parameter",
    "hyperparameter": "a hyperparameter",
    "neither": "neither a parameter nor a hyperparameter",
}
_PLURAL_PHRASE = {
    "parameter": "parameters",
    "hyperparameter": "hyperparameters",
    "neither": "neither parameters nor hyperparameters",
}


def premise_right(kind: str, asked: str, negated: bool) -> bool:
    return (kind != asked) if negated else (kind == asked)


def _place(sense: Sense, models: list[Model]) -> str:
    named = [
        (_score(sense, [model]), model.key not in LIBRARIES, -index, model)
        for index, model in enumerate(models)
    ]
    named = [entry for entry in named if entry[0] >= 1.0]
    return f" in {max(named, key=lambda entry: entry[:3])[3].display}" if named else ""


def _lead(sense: Sense, name: str, where: str, plural: bool = False) -> str:
    phrase = (_PLURAL_PHRASE if plural else _PHRASE)[sense.kind]
    return f"{name}{where} {'are' if plural else 'is'} {phrase}"


def _statement(sense: Sense, name: str, where: str, plural: bool = False) -> str:
    """The verdict and its reason, without repeating the name when the reason starts with it."""
    if sense.text.startswith(name) and not where:
        return sense.text
    return f"{_lead(sense, name, where, plural)}. {sense.text}"


def _label(sense: Sense, vocabulary: Vocabulary) -> str:
    lowered = {key.lower(): model for key, model in vocabulary.models.items()}
    places: list[str] = []
    for place in sense.places:
        if place in lowered and lowered[place].display not in places:
            places.append(lowered[place].display)
    if not places:
        return "in general"
    return "in " + ", ".join(places[:3]) + (" and others" if len(places) > 3 else "")


def _example_model(sense: Sense, vocabulary: Vocabulary) -> str:
    lowered = {key.lower(): model for key, model in vocabulary.models.items()}
    known = [place for place in sense.places if place in lowered]
    estimators = [place for place in known if lowered[place].is_estimator]
    place = (estimators or known or [""])[0]
    return lowered[place].key if place in lowered else place


def reply(reading: Reading, vocabulary: Vocabulary) -> KnowledgeAnswer:
    """The tutor's answer to a reading (see the module docstring)."""
    shown_model = reading.models[0].display if reading.models else None
    if reading.overview:
        return _overview(reading, vocabulary, reading.models[0])
    if reading.argument:
        return _argument(reading, shown_model)
    if reading.about_kind:
        return _about_kind(reading)
    if reading.guess is not None:
        return _guessed(reading, shown_model)
    if len(reading.senses) > 1:
        return _depends(reading, vocabulary, shown_model)
    sense = reading.senses[0]
    name = sense.name if (reading.typed_ident or len(sense.names) == 1) else reading.said
    if not reading.typed_ident and len(sense.names) > 1:
        named = [n for n in sense.names if reading.key in phrase_keys(n)[1]]
        name = named[0] if named else name
    if reading.typed_ident:
        name = next((n for n in sense.names if n.lower() == reading.said), sense.name)
    where = _place(sense, reading.models)
    shown = name if reading.typed_ident else reading.said
    shown = next((n for n in sense.names if n.lower() == shown), shown)  # "C", not "c"
    plural = reading.plural and not reading.typed_ident
    statement = _statement(sense, shown, where, plural)
    lead = _lead(sense, shown, where, plural)
    asked = reading.asked
    if asked is None:
        text = statement
    elif premise_right(sense.kind, asked, reading.negated):
        text = statement if reading.question == "why" else f"Yes — {statement}"
    elif reading.question == "why":
        text = f"Actually, {lead}. {sense.text}"
    elif reading.negated or sense.kind == "neither" or asked == "neither":
        text = f"No — {lead}. {sense.text}"
    else:
        not_ = (_PLURAL_PHRASE if plural else _PHRASE)[asked]
        text = f"No — {lead}, not {not_}. {sense.text}"
    return KnowledgeAnswer(
        term=reading.said
        if reading.limit
        else (name if name in sense.names or len(sense.names) > 1 else sense.name),
        answer=sense.kind,
        text=text,
        suggestions=[],
        known=True,
        model=shown_model,
    )


def _depends(reading: Reading, vocabulary: Vocabulary, shown: str | None) -> KnowledgeAnswer:
    said = reading.said
    lines = [f"It depends on the model: “{said}” names different things."]
    for sense in reading.senses:
        lines.append(f"- {_label(sense, vocabulary)}: {_PHRASE[sense.kind]}. {sense.text}")
    example = _example_model(reading.senses[0], vocabulary)
    if example:
        lines.append(
            f"Ask again with the model, for example “is {said} in {example} a hyperparameter?”"
        )
    return KnowledgeAnswer(
        term=said,
        answer="depends",
        text="\n".join(lines),
        suggestions=list(dict.fromkeys(sense.name for sense in reading.senses))[:3],
        known=True,
        model=shown,
    )


def _guessed(reading: Reading, shown: str | None) -> KnowledgeAnswer:
    name = reading.said
    if reading.guess == "hyperparameter":
        text = (
            f"I have no note on {name}, so this is a guess, not knowledge: an argument you pass "
            "when you create the model is fixed before training, so it is most likely a "
            "hyperparameter, unless it is only a software setting (threads, logging, memory) "
            "that changes nothing learned. Check the library's documentation."
        )
        return KnowledgeAnswer(
            term=name, answer=reading.guess, text=text, suggestions=[], known=False, model=shown
        )
    if not name.endswith("_"):
        text = (
            f"I have no note on {name}, so this is a guess, not knowledge: its name says it "
            "holds weights or biases (or another learned array), which training fits to the "
            "data, so it is most likely a parameter. Check the library's documentation."
        )
        return KnowledgeAnswer(
            term=name, answer=reading.guess, text=text, suggestions=[], known=False, model=shown
        )
    text = (
        f"I have no note on {name}, so this is a guess, not knowledge: in scikit-learn and "
        "libraries that follow it, a name ending in _ is written by fit(), so it most likely "
        "comes from the training data: a parameter, unless it is only a count or a score "
        "the fit reports (like n_iter_ or inertia_). Check the estimator's documentation."
    )
    return KnowledgeAnswer(
        term=name, answer=reading.guess, text=text, suggestions=[], known=False, model=shown
    )


def _listed(names: list[str], most: int = 14) -> str:
    shown = ", ".join(names[:most])
    return shown + (" and more" if len(names) > most else "")


def _overview(reading: Reading, vocabulary: Vocabulary, model: Model) -> KnowledgeAnswer:
    """What a model or library sets before training, and what it learns, from the data."""
    kinds: dict[str, list[str]] = {"hyperparameter": [], "parameter": [], "neither": []}
    if model.is_estimator:
        info = vocabulary.estimators.get(model.key)
        names = [*info["params"], *info["learned"]] if info else []
        for name in names:
            senses, _ = _choose(vocabulary.lookup(name), [model])
            if senses:
                kinds[senses[0].kind].append(name)
    else:
        for sense in vocabulary.senses:
            if _score(sense, [model]) >= 3.0 and not sense.generated:
                kinds[sense.kind].append(sense.name)
    parts = []
    if kinds["hyperparameter"]:
        parts.append(
            f"In {model.display}, the hyperparameters (set before training, never changed by "
            f"it) include {_listed(kinds['hyperparameter'])}."
        )
    if kinds["parameter"]:
        parts.append(
            f"What training learns from the data (the parameters): {_listed(kinds['parameter'])}."
        )
    if kinds["neither"]:
        parts.append(
            f"Neither (software settings, counts and scores): {_listed(kinds['neither'], 8)}."
        )
    if not parts:
        parts.append(f"I have no list of what {model.display} sets and learns.")
    example = (kinds["hyperparameter"] or kinds["parameter"] or ["max_depth"])[0]
    parts.append(f"Ask about any of them by name, for example “is {example} a hyperparameter?”")
    asked = reading.asked if reading.asked in ("parameter", "hyperparameter") else None
    if reading.overview == "verb":
        asked = "parameter"  # "what does k-means learn?"
    if reading.both_kinds:  # "what's learned and what's chosen?": the model has both
        return KnowledgeAnswer(
            term=None,
            answer="depends",
            text=" ".join(parts),
            suggestions=(kinds["hyperparameter"] + kinds["parameter"])[:3],
            known=bool(kinds["hyperparameter"] or kinds["parameter"]),
            model=model.display,
        )
    return KnowledgeAnswer(
        term=asked or "hyperparameter",
        answer=asked or "hyperparameter",
        text=" ".join(parts),
        suggestions=(kinds["hyperparameter"] + kinds["parameter"])[:3],
        known=bool(kinds["hyperparameter"] or kinds["parameter"]),
        model=model.display,
    )


def _argument(reading: Reading, shown: str | None) -> KnowledgeAnswer:
    """A number passed when the model or layer is built: a setting fixed before training."""
    kind = "hyperparameter"
    claim = ""
    if reading.asked is not None:
        claim = "Yes — " if premise_right(kind, reading.asked, reading.negated) else "No — "
    text = (
        f"{claim}the {reading.said} in {reading.argument} is an argument you pass when you build "
        "the model, before any data is seen, and training never changes it: a hyperparameter "
        "(for a layer, a size such as its inputs, units or filters; for an optimizer, a setting "
        "such as the learning rate)."
    )
    return KnowledgeAnswer(
        term=reading.said, answer=kind, text=text[0].upper() + text[1:], known=True, model=shown
    )


_KIND_FACTS = {
    "parameter": (
        "parameters are what training changes: the fit estimates them from the data (the "
        "weights and biases of a network, the slope and intercept of a line, the centroids of "
        "k-means), and the trained model predicts with them."
    ),
    "hyperparameter": (
        "hyperparameters stay fixed while the model trains: they are chosen before it (the "
        "learning rate, the number of epochs, k in k-means), by defaults, experience or a "
        "search on validation data, and the fit only reads them."
    ),
}


def _about_kind(reading: Reading) -> KnowledgeAnswer:
    """A claim about parameters or hyperparameters in general."""
    kind = reading.about_kind
    fact = _KIND_FACTS[kind]
    claim = ""
    if reading.asked is not None and reading.asked in _KIND_FACTS:
        claim = "Yes — " if premise_right(kind, reading.asked, reading.negated) else "No — "
    text = claim + (fact if claim else fact[0].upper() + fact[1:])
    return KnowledgeAnswer(term=kind, answer=kind, text=text, known=True)
