"""What a prediction or report method returns: ``predict_proba`` probabilities, the
``decision_function`` values, ``kneighbors`` distances, ``score_samples`` anomaly scores,
``cross_val_score`` fold scores, CatBoost's ``get_feature_importance()``, XGBoost's
``get_score()``, ``count_params()``; and what a layer returns when called ("the h_n that
nn.LSTM returns").

Such numbers are computed each time the method runs, from the fitted model and the rows
passed in; the model does not store them and nothing was chosen for them: neither. The
question's nouns ("probabilities", "scores", "weights") would otherwise be read as a quantity
of the same name ("probability=True", the fold count, a layer's weights).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tutor.core.knowledge.answer import ASKS_A_KIND, KnowledgeAnswer
from tutor.core.knowledge.replies import premise_right

if TYPE_CHECKING:
    from tutor.core.knowledge.reader import Reading

# Methods whose result is an output or a measurement, never a stored value of the model.
# (get_weights, parameters, state_dict, get_leaf_values and get_params return the model's
# own values, so they are not here.)
_METHODS: dict[str, str] = {
    "predict": "the predictions for the rows you pass",
    "predict_proba": "the predicted probabilities for the rows you pass",
    "predict_log_proba": "the predicted log-probabilities for the rows you pass",
    "decision_function": "the decision scores for the rows you pass",
    "score_samples": "how typical, or how outlying, each row you pass is",
    "kneighbors": "the distances to, and indices of, the nearest stored rows",
    "cross_val_score": "one validation score per fold",
    "cross_validate": "the validation scores and times per fold",
    "evaluate": "the loss and metrics on the data you pass",
    "get_feature_importance": "an importance per feature, summarised from the learned trees",
    "get_score": "an importance per feature, summarised from the learned trees",
    "count_params": "how many values the model learns, a count the architecture fixes",
    "numel": "how many numbers a tensor holds, a count its shape fixes",
}
_METHOD = re.compile(
    rf"(?<![\w])(?P<method>{'|'.join(sorted(_METHODS, key=len, reverse=True))})(?![\w])",
    re.IGNORECASE,
)
# The question is about what the call gives back, not about a setting of the model.
_RESULT = re.compile(
    r"\b(?:values?|scores?|numbers?|outputs?|output|results?|probabilit(?:y|ies)|distances?|"
    r"importances?|margins?|array|dict|matrix|returns?|returned|gives?|get back|i get)\b",
    re.IGNORECASE,
)
# "is n_neighbors used by predict()?", "does predict_proba=True ...": a named setting is asked
_SETTING = re.compile(r"\b[a-z]+_[a-z_]*[a-z](?!_)\s*=|\b(?:set|tune|pass)\b", re.IGNORECASE)


def _claim(question: str) -> tuple[str | None, bool]:
    """The kind a question names, when it names one kind only ("are they parameters?"), and
    whether it says "not" of it; no claim in "parameters or hyperparameters?"."""
    kinds = {
        word.lower().rstrip("s")
        for word in re.findall(r"\b(?:hyper)?parameters?\b", question, re.I)
    }
    if len(kinds) != 1 or re.search(r"\bor\b", question, re.IGNORECASE):
        return None, False
    return kinds.pop(), bool(re.search(r"n't\b|\bnot\b", question, re.IGNORECASE))


# "the h_n that nn.LSTM returns", "the attention weights returned by nn.MultiheadAttention":
# an output of a layer, named as one, that the layer gives back when called.
_OUTPUT_NOUN = (
    r"(?:[\w.]*outputs?\w*|h_n|c_n|hidden[ _]states?|attention (?:weights|scores|maps?)|"
    r"attn\w*|logits|activations?|scores?)"
)
_RETURNED = re.compile(
    rf"\b{_OUTPUT_NOUN}`?\s+(?:that|which)\s+(?:the\s+|my\s+)?`?(?P<a>[A-Za-z_][\w.]*)"
    r"(?:\([^)]*\))?`?\s+returns\b"
    rf"|\b{_OUTPUT_NOUN}`?\s+returned\s+by\s+(?:the\s+|my\s+)?`?(?P<b>[A-Za-z_][\w.]*)",
    re.IGNORECASE,
)


def _returned_by(question: str) -> str | None:
    """The layer or call whose outputs the question asks about, if it asks about outputs."""
    found = _RETURNED.search(question)
    if found is None:
        return None
    call = found.group("a") or found.group("b") or ""
    return call.split(".")[-1] if call[:1].isupper() or "." in call else None


def method_output(question: str, reading: Reading | None) -> KnowledgeAnswer | None:
    """The answer when the question asks which kind a method's returned values are."""
    if not ASKS_A_KIND.search(question):
        return None
    found = _METHOD.search(question)
    if found is None:
        call = _returned_by(question)
        if call is None:
            return None
        return _neither(call, "its outputs for what you pass in", question, reading)
    method = found.group("method")
    if method.lower() in ("predict", "evaluate") and not re.search(
        rf"{re.escape(method)}\s*\(", question
    ):
        return None  # the everyday verbs: "does it predict better?"
    outside_the_call = re.sub(rf"{re.escape(method)}\s*\([^)]*\)", " ", question)
    if not _RESULT.search(question) or _SETTING.search(outside_the_call):
        return None
    method = method.lower()
    return _neither(method, _METHODS[method], question, reading)


def _neither(method: str, what: str, question: str, reading: Reading | None) -> KnowledgeAnswer:
    """ "What <method>() returns is neither", opening with Yes or No to the learner's claim."""
    claim = _claim(question) if reading is None else (reading.asked, reading.negated)
    opening = ""
    if claim[0] in ("parameter", "hyperparameter"):
        opening = "Yes — " if premise_right("neither", claim[0], claim[1]) else "No — "
    said = (
        f"what {method}() returns ({what}) is neither a parameter nor a hyperparameter. The "
        "call computes it each time you make it, from the model and what you pass in; the "
        "model does not keep it as one of its values, and nobody set it before training. The "
        "values it is computed from (the weights, the coefficients, the trees, the stored "
        "rows) are the parameters; the settings that shaped them are the hyperparameters."
    )
    models = reading.models if reading is not None else []
    return KnowledgeAnswer(
        f"{method}()",
        "neither",
        f"{opening}{said}" if opening else said[0].upper() + said[1:],
        known=True,
        model=models[0].display if models else None,
    )
