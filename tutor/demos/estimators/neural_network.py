"""Neural networks: a multi-layer perceptron classifier, and how its numbers add up."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from numbers import Integral
from typing import Any, ClassVar, Self

import numpy as np

from tutor.demos.estimators.base import BaseEstimator, accuracy_score, check_X_y
from tutor.demos.estimators.validation import POSITIVE, SEED, Constraint, Integer, IntegerSequence

__all__ = ["MLPClassifier", "biases_note", "layer_sizes", "weights_note"]


class MLPClassifier(BaseEstimator):
    """A neural network classifier: tanh hidden layers, softmax output, full-batch descent.

    ``hidden_layer_sizes`` sets the architecture before training (its length is the number of
    hidden layers, each entry a layer's width); ``coefs_`` (weights) and ``intercepts_``
    (biases) are learned by backpropagation on the cross-entropy.

    ``fit(X, y)`` records accuracy after every epoch on the training data; the keyword-only
    ``validation_data=(X_val, y_val)`` adds ``val_accuracy_history_`` and ``eval_sets``
    (name -> (X, y)) adds ``eval_accuracy_history_``. Monitored rows are only scored, never
    trained on, so they change no weight: they are how a sweep of epochs sees overfitting.
    """

    constraints: ClassVar[dict[str, Constraint]] = {
        "hidden_layer_sizes": IntegerSequence(low=1),
        "learning_rate": POSITIVE,
        "n_epochs": Integer(low=0),
        "random_state": SEED,
    }

    def __init__(
        self,
        hidden_layer_sizes: Sequence[int] = (8,),
        learning_rate: float = 0.5,
        n_epochs: int = 500,
        random_state: int | None = 0,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.learning_rate = learning_rate
        self.n_epochs = n_epochs
        self.random_state = random_state

    def _hidden_sizes(self) -> list[int]:
        sizes = self.hidden_layer_sizes
        return [int(sizes)] if isinstance(sizes, Integral) else [int(size) for size in sizes]

    def fit(
        self,
        X: Any,
        y: Any,
        *,
        validation_data: tuple[Any, Any] | None = None,
        eval_sets: Mapping[str, tuple[Any, Any]] | None = None,
    ) -> Self:
        self._validate_params()
        hidden = self._hidden_sizes()
        learning_rate = float(self.learning_rate)
        n_epochs = int(self.n_epochs)
        rng = np.random.default_rng(self.random_state)
        X_checked, y_checked = check_X_y(X, y)
        classes, y_index = np.unique(y_checked, return_inverse=True)
        if classes.size < 2:
            raise ValueError("y must contain at least two classes")
        sets = self._monitored_sets(X_checked, y_checked, validation_data, eval_sets)
        sizes = [X_checked.shape[1], *hidden, classes.size]
        coefs, intercepts = _glorot(sizes, rng)
        histories = _train(classes, y_index, coefs, intercepts, n_epochs, learning_rate, sets)
        self.classes_ = classes
        self.coefs_ = coefs
        self.intercepts_ = intercepts
        self.loss_history_ = histories.pop("loss")
        self.train_accuracy_history_ = histories.pop("train")
        if validation_data is not None:
            self.val_accuracy_history_ = histories.pop("validation")
        if eval_sets:
            self.eval_accuracy_history_ = {name: histories[name] for name in eval_sets}
        return self

    def _monitored_sets(
        self,
        X: np.ndarray,
        y: np.ndarray,
        validation_data: tuple[Any, Any] | None,
        eval_sets: Mapping[str, tuple[Any, Any]] | None,
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Every data set whose accuracy is recorded per epoch, checked and ready."""
        sets = {"train": (X, y)}
        if validation_data is not None:
            if not isinstance(validation_data, tuple | list) or len(validation_data) != 2:
                raise ValueError("validation_data must be a pair (X_val, y_val)")
            sets["validation"] = check_X_y(*validation_data)
        for name, (X_more, y_more) in (eval_sets or {}).items():
            if name in ("train", "validation", "loss"):
                raise ValueError(f"eval_sets name {name!r} is reserved")
            sets[name] = check_X_y(X_more, y_more)
        for name, (X_set, _) in sets.items():
            if X_set.shape[1] != X.shape[1]:
                raise ValueError(f"{name} data has {X_set.shape[1]} features, not {X.shape[1]}")
        return sets

    def predict_proba(self, X: Any) -> np.ndarray:
        self._check_fitted("coefs_")
        X_checked = self._check_features(X, self.coefs_[0].shape[0])
        return _softmax(_forward(X_checked, self.coefs_, self.intercepts_)[-1])

    def predict(self, X: Any) -> np.ndarray:
        self._check_fitted("coefs_")
        result: np.ndarray = self.classes_[self.predict_proba(X).argmax(axis=1)]
        return result

    def score(self, X: Any, y: Any) -> float:
        """Accuracy: the share of rows whose class is predicted correctly."""
        X_checked, y_checked = check_X_y(X, y)
        return accuracy_score(y_checked, self.predict(X_checked))


def _train(
    classes: np.ndarray,
    y_index: np.ndarray,
    coefs: list[np.ndarray],
    intercepts: list[np.ndarray],
    n_epochs: int,
    learning_rate: float,
    sets: dict[str, tuple[np.ndarray, np.ndarray]],
) -> dict[str, list[float]]:
    """Train in place on the weights; the loss and each monitored set's accuracy per epoch.

    ``sets`` starts with the training rows ("train"); rows whose label is not among
    ``classes`` can never be classified correctly.
    """
    stacked = np.vstack([X_set for X_set, _ in sets.values()])
    labels = np.concatenate([y_set for _, y_set in sets.values()])
    position = np.minimum(np.searchsorted(classes, labels), classes.size - 1)
    expected = np.where(classes[position] == labels, position, -1)
    n_train = sets["train"][0].shape[0]
    losses, correct = _descend(
        stacked, n_train, y_index, expected, coefs, intercepts, n_epochs, learning_rate
    )
    histories: dict[str, list[float]] = {"loss": losses.tolist()}
    bounds = np.cumsum([0] + [len(y_set) for _, y_set in sets.values()])
    for i, name in enumerate(sets):
        part = correct[1:, bounds[i] : bounds[i + 1]]
        histories[name] = (part.sum(axis=1) / part.shape[1]).tolist()
    return histories


def _descend(
    stacked: np.ndarray,
    n_train: int,
    y_index: np.ndarray,
    expected: np.ndarray,
    coefs: list[np.ndarray],
    intercepts: list[np.ndarray],
    n_epochs: int,
    learning_rate: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The training loop. Returns the loss before each epoch and, for every epoch boundary
    (0 = untrained), which stacked rows were classified as ``expected``.

    The first ``n_train`` rows of ``stacked`` are the training rows; the rest are only
    monitored. All rows share one forward pass per epoch, written into preallocated buffers,
    because at this size numpy's per-call overhead and allocations dominate the arithmetic.
    """
    n_layers = len(coefs)
    n_classes = coefs[-1].shape[1]
    buffers = [np.empty((stacked.shape[0], weights.shape[1])) for weights in coefs]
    train_views = [stacked[:n_train]] + [buffer[:n_train] for buffer in buffers]
    rows = np.arange(n_train)
    targets = np.zeros((n_train, n_classes))
    targets[rows, y_index] = 1.0
    ones = np.ones(n_train)
    ones_classes = np.ones(n_classes)
    step = learning_rate / n_train
    losses = np.empty(n_epochs)
    correct = np.empty((n_epochs + 1, stacked.shape[0]), dtype=bool)
    for epoch in range(n_epochs + 1):
        below = stacked
        for layer in range(n_layers):
            out = buffers[layer]
            np.matmul(below, coefs[layer], out=out)
            out += intercepts[layer]
            if layer < n_layers - 1:
                np.tanh(out, out=out)
            below = out
        if n_classes == 2:
            np.equal(below[:, 1] > below[:, 0], expected, out=correct[epoch])
        else:
            np.equal(below.argmax(axis=1), expected, out=correct[epoch])
        if epoch == n_epochs:
            break
        # Softmax of the training rows in place, then the cross-entropy gradient p - onehot.
        delta = train_views[-1]
        delta -= delta.max(axis=1, keepdims=True)
        np.exp(delta, out=delta)
        delta /= (delta @ ones_classes)[:, None]
        losses[epoch] = -np.log(delta[rows, y_index] + 1e-300).sum() / n_train
        delta -= targets
        for layer in range(n_layers - 1, -1, -1):
            activation = train_views[layer]
            gradient_w = activation.T @ delta
            gradient_b = ones @ delta
            if layer > 0:
                delta = (delta @ coefs[layer].T) * (1.0 - activation * activation)
            gradient_w *= step
            gradient_b *= step
            coefs[layer] -= gradient_w
            intercepts[layer] -= gradient_b
    return losses, correct


def _glorot(
    sizes: list[int], rng: np.random.Generator
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Random starting weights scaled to each layer's fan-in and fan-out; zero biases."""
    coefs, intercepts = [], []
    for fan_in, fan_out in itertools.pairwise(sizes):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        coefs.append(rng.uniform(-limit, limit, size=(fan_in, fan_out)))
        intercepts.append(np.zeros(fan_out))
    return coefs, intercepts


def _forward(
    X: np.ndarray, coefs: list[np.ndarray], intercepts: list[np.ndarray]
) -> list[np.ndarray]:
    """Activations of every layer, input first; the last entry holds the output logits."""
    activations = [X]
    for layer, (weights, biases) in enumerate(zip(coefs, intercepts, strict=True)):
        z = activations[-1] @ weights + biases
        if layer < len(coefs) - 1:
            np.tanh(z, out=z)
        activations.append(z)
    return activations


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: np.ndarray = shifted / shifted.sum(axis=1, keepdims=True)
    return result


# ---------------------------------------------------------------- counting a network's numbers


def layer_sizes(model: MLPClassifier) -> list[int]:
    """A fitted network's units per layer: inputs, each hidden layer, outputs (one per class)."""
    model._check_fitted("coefs_")
    return [model.coefs_[0].shape[0], *(weights.shape[1] for weights in model.coefs_)]


def _outputs(count: int) -> str:
    return f"{count} output units (one per class; a softmax turns their scores into probabilities)"


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _hidden_name(index: int, n_hidden: int, width: int) -> str:
    name = "the hidden layer" if n_hidden == 1 else f"hidden layer {index + 1}"
    return f"{name} of {width}"


def weights_note(model: MLPClassifier) -> str:
    """How a fitted network's weights add up: one matrix between each pair of layers."""
    sizes = layer_sizes(model)
    *hidden, outputs = sizes[1:]
    terms = [f"{fan_in}·{fan_out}" for fan_in, fan_out in itertools.pairwise(sizes)]
    targets = [_hidden_name(i, len(hidden), width) for i, width in enumerate(hidden)]
    targets.append(f"the {_outputs(outputs)}")
    parts = [f"{term} into {target}" for term, target in zip(terms, targets, strict=True)]
    total = sum(a * b for a, b in itertools.pairwise(sizes))
    return f"With {sizes[0]} inputs, the {total} weights are {_listed(parts)}."


def biases_note(model: MLPClassifier) -> str:
    """How a fitted network's biases add up: one per hidden neuron and one per output unit."""
    sizes = layer_sizes(model)
    *hidden, outputs = sizes[1:]
    parts = [f"{width} for {_hidden_name(i, len(hidden), width)}" for i, width in enumerate(hidden)]
    parts.append(f"{outputs} for the {_outputs(outputs)}")
    return f"The {sum(sizes[1:])} biases are one per neuron after the inputs: {_listed(parts)}."
