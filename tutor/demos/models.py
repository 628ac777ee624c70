"""Small numpy estimators in scikit-learn style.

Every class keeps its hyperparameters as ``__init__`` keyword arguments, stored unmodified.
``fit`` checks them and the data, learns attributes ending in ``_`` and returns ``self``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from numbers import Integral, Real
from typing import Any, Self

import numpy as np

from tutor.demos.base import BaseEstimator, check_X, check_X_y

# A loss this many times its starting value (or inf/nan) counts as diverged.
DIVERGENCE_FACTOR = 1e12


# ---------------------------------------------------------------- hyperparameter checks


def _check_real(name: str, value: Any, *, low: float = 0.0, strict: bool = True) -> float:
    ok = isinstance(value, Real) and not isinstance(value, bool) and np.isfinite(value)
    if not ok or (value <= low if strict else value < low):
        bound = ">" if strict else ">="
        raise ValueError(f"{name} must be a finite number {bound} {low}, got {value!r}")
    return float(value)


def _check_int(name: str, value: Any, *, low: int = 1) -> int:
    if not isinstance(value, Integral) or isinstance(value, bool) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _check_seed(value: Any) -> int | None:
    if value is None:
        return None
    return _check_int("random_state", value, low=0)


def _r2(y: np.ndarray, predicted: np.ndarray) -> float:
    residual = float(np.sum((y - predicted) ** 2))
    total = float(np.sum((y - y.mean()) ** 2))
    if total == 0.0:
        return 1.0 if residual == 0.0 else 0.0
    return 1.0 - residual / total


class _Regressor(BaseEstimator):
    """Shared predict/score for the linear models (``coef_`` and ``intercept_``)."""

    def _design(self, X: np.ndarray) -> np.ndarray:
        return X

    def predict(self, X: Any) -> np.ndarray:
        self._check_fitted("coef_")
        features = self._design(check_X(X))
        if features.shape[1] != self.coef_.shape[0]:
            raise ValueError(
                f"X has {features.shape[1]} features but the model was fitted with "
                f"{self.coef_.shape[0]}"
            )
        with np.errstate(over="ignore", invalid="ignore"):
            return features @ self.coef_ + self.intercept_

    def score(self, X: Any, y: Any) -> float:
        """The coefficient of determination R² on (X, y)."""
        X_checked, y_checked = check_X_y(X, y)
        return _r2(y_checked, self.predict(X_checked))


def _gd_least_squares(
    X: np.ndarray, y: np.ndarray, learning_rate: float, n_iter: int
) -> tuple[np.ndarray, float, list[float], bool]:
    """Batch gradient descent on the mean squared error, stopping if the loss blows up."""
    n_samples, n_features = X.shape
    coef = np.zeros(n_features)
    intercept = 0.0
    history: list[float] = []
    limit = np.inf
    step = 2.0 * learning_rate / n_samples
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_iter):
            residual = X @ coef + intercept - y
            loss = float(residual @ residual) / n_samples
            if not np.isfinite(loss) or loss > limit:
                return coef, intercept, history, True
            if not history:
                limit = DIVERGENCE_FACTOR * (loss + 1.0)
            history.append(loss)
            coef = coef - step * (X.T @ residual)
            intercept = intercept - step * float(residual.sum())
    return coef, intercept, history, False


class LinearRegressionGD(_Regressor):
    """y ≈ X·coef_ + intercept_, learned by batch gradient descent on the mean squared error.

    For one feature this is y = m·x + c: ``coef_[0]`` is the slope m, ``intercept_`` is c.
    ``loss_history_[i]`` is the loss before update i; ``diverged_`` is True when the loss grew
    without bound and training stopped early.
    """

    def __init__(self, learning_rate: float = 0.05, n_iter: int = 1000) -> None:
        self.learning_rate = learning_rate
        self.n_iter = n_iter

    def fit(self, X: Any, y: Any) -> Self:
        learning_rate = _check_real("learning_rate", self.learning_rate)
        n_iter = _check_int("n_iter", self.n_iter)
        X_checked, y_checked = check_X_y(X, y)
        coef, intercept, history, diverged = _gd_least_squares(
            X_checked, y_checked, learning_rate, n_iter
        )
        self.coef_ = coef
        self.intercept_ = intercept
        self.loss_history_ = history
        self.n_iter_ = len(history)
        self.diverged_ = diverged
        return self


class PolynomialRegressionGD(_Regressor):
    """y ≈ c + w1·x + w2·x² + … + wd·x^d on one input feature, by batch gradient descent.

    ``degree`` decides how many powers of x the model may use; the weights of those powers
    (``coef_``) and the constant (``intercept_``) are learned. Inputs are expected in about
    [-1, 1] so that the powers stay on the same scale.
    """

    def __init__(self, degree: int = 3, learning_rate: float = 0.2, n_epochs: int = 1000) -> None:
        self.degree = degree
        self.learning_rate = learning_rate
        self.n_epochs = n_epochs

    def _design(self, X: np.ndarray) -> np.ndarray:
        if X.shape[1] != 1:
            raise ValueError(f"PolynomialRegressionGD needs one input feature, got {X.shape[1]}")
        return X ** np.arange(1, self.coef_.shape[0] + 1)

    def fit(self, X: Any, y: Any) -> Self:
        degree = _check_int("degree", self.degree)
        learning_rate = _check_real("learning_rate", self.learning_rate)
        n_epochs = _check_int("n_epochs", self.n_epochs)
        X_checked, y_checked = check_X_y(X, y)
        if X_checked.shape[1] != 1:
            raise ValueError(
                f"PolynomialRegressionGD needs one input feature, got {X_checked.shape[1]}"
            )
        features = X_checked ** np.arange(1, degree + 1)
        coef, intercept, history, diverged = _gd_least_squares(
            features, y_checked, learning_rate, n_epochs
        )
        self.coef_ = coef
        self.intercept_ = intercept
        self.loss_history_ = history
        self.diverged_ = diverged
        return self


class SGDRegressor(_Regressor):
    """Linear regression by mini-batch stochastic gradient descent with momentum.

    Each epoch shuffles the rows (seeded by ``random_state``) and takes one step per batch of
    ``batch_size`` rows; ``velocity = momentum·velocity − learning_rate·gradient``.
    ``loss_history_[e]`` is the mean squared error on all rows after epoch e.
    """

    def __init__(
        self,
        learning_rate: float = 0.01,
        batch_size: int = 16,
        momentum: float = 0.9,
        n_epochs: int = 20,
        random_state: int | None = 0,
    ) -> None:
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.momentum = momentum
        self.n_epochs = n_epochs
        self.random_state = random_state

    def fit(self, X: Any, y: Any) -> Self:
        learning_rate = _check_real("learning_rate", self.learning_rate)
        batch_size = _check_int("batch_size", self.batch_size)
        momentum = _check_real("momentum", self.momentum, strict=False)
        if momentum >= 1.0:
            raise ValueError(f"momentum must be below 1, got {self.momentum!r}")
        n_epochs = _check_int("n_epochs", self.n_epochs)
        rng = np.random.default_rng(_check_seed(self.random_state))
        X_checked, y_checked = check_X_y(X, y)
        n_samples = X_checked.shape[0]
        # Weights and intercept in one vector: a column of ones carries the intercept.
        design = np.hstack([X_checked, np.ones((n_samples, 1))])
        weights = np.zeros(design.shape[1])
        velocity = np.zeros_like(weights)
        history: list[float] = []
        diverged = False
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(n_epochs):
                order = rng.permutation(n_samples)
                for start in range(0, n_samples, batch_size):
                    rows = order[start : start + batch_size]
                    batch = design[rows]
                    gradient = (2.0 / rows.size) * (batch.T @ (batch @ weights - y_checked[rows]))
                    velocity = momentum * velocity - learning_rate * gradient
                    weights = weights + velocity
                residual = design @ weights - y_checked
                loss = float(residual @ residual) / n_samples
                limit = DIVERGENCE_FACTOR * (history[0] + 1.0) if history else np.inf
                if not np.isfinite(loss) or loss > limit:
                    diverged = True
                    break
                history.append(loss)
        self.coef_ = weights[:-1]
        self.intercept_ = float(weights[-1])
        self.loss_history_ = history
        self.diverged_ = diverged
        return self


# ---------------------------------------------------------------- k-means


def _squared_distances(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    return ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)


def _kmeans_plus_plus(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Spread the starting centres: each next one is drawn with probability ∝ distance².

    Greedy variant (as in scikit-learn): draw a few candidates per step and keep the one
    that lowers the total squared distance most, which rarely leaves two centres in one blob.
    """
    n_candidates = 2 + int(np.log(k))
    centers = [X[rng.integers(X.shape[0])]]
    closest = ((X - centers[0]) ** 2).sum(axis=1)
    for _ in range(1, k):
        total = closest.sum()
        if total == 0.0:
            candidates = rng.integers(X.shape[0], size=n_candidates)
        else:
            candidates = rng.choice(X.shape[0], size=n_candidates, p=closest / total)
        options = np.minimum(closest, _squared_distances(X, X[candidates]).T)
        best = int(options.sum(axis=1).argmin())
        centers.append(X[candidates[best]])
        closest = options[best]
    return np.array(centers)


class KMeans(BaseEstimator):
    """Lloyd's algorithm: assign each point to its nearest centre, move centres to the means.

    ``n_clusters`` (k) is chosen before training; the centres are learned. ``init`` is
    "k-means++", "random" (k distinct rows) or an array of k starting centres.
    """

    def __init__(
        self,
        n_clusters: int = 3,
        max_iter: int = 100,
        random_state: int | None = 0,
        init: str | Sequence[Sequence[float]] = "k-means++",
    ) -> None:
        self.n_clusters = n_clusters
        self.max_iter = max_iter
        self.random_state = random_state
        self.init = init

    def _initial_centers(self, X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
        if isinstance(self.init, str):
            if self.init == "k-means++":
                return _kmeans_plus_plus(X, k, rng)
            if self.init == "random":
                return X[rng.choice(X.shape[0], size=k, replace=False)].copy()
            raise ValueError(f"init must be 'k-means++', 'random' or an array, got {self.init!r}")
        centers = check_X(self.init).copy()
        if centers.shape != (k, X.shape[1]):
            raise ValueError(f"init has shape {centers.shape}, expected ({k}, {X.shape[1]})")
        return centers

    def fit(self, X: Any, y: Any = None) -> Self:
        del y  # unsupervised; accepted for a uniform fit(X, y) call
        k = _check_int("n_clusters", self.n_clusters)
        max_iter = _check_int("max_iter", self.max_iter)
        rng = np.random.default_rng(_check_seed(self.random_state))
        X_checked = check_X(X)
        if k > X_checked.shape[0]:
            raise ValueError(f"n_clusters={k} is more than the {X_checked.shape[0]} samples")
        centers = self._initial_centers(X_checked, k, rng)
        labels = _squared_distances(X_checked, centers).argmin(axis=1)
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            centers = self._move_centers(X_checked, labels, centers)
            new_labels = _squared_distances(X_checked, centers).argmin(axis=1)
            if np.array_equal(new_labels, labels):
                break
            labels = new_labels
        labels = _squared_distances(X_checked, centers).argmin(axis=1)
        self.cluster_centers_ = centers
        self.labels_ = labels
        self.inertia_ = float(((X_checked - centers[labels]) ** 2).sum())
        self.n_iter_ = n_iter
        return self

    @staticmethod
    def _move_centers(X: np.ndarray, labels: np.ndarray, centers: np.ndarray) -> np.ndarray:
        k = centers.shape[0]
        counts = np.bincount(labels, minlength=k)
        sums = np.zeros_like(centers)
        np.add.at(sums, labels, X)
        moved = centers.copy()
        filled = counts > 0
        moved[filled] = sums[filled] / counts[filled, None]
        for empty in np.flatnonzero(~filled):
            # An empty cluster takes the point that is worst served by its current centre.
            worst = int(((X - moved[labels]) ** 2).sum(axis=1).argmax())
            moved[empty] = X[worst]
            labels = labels.copy()
            labels[worst] = empty
        return moved

    def predict(self, X: Any) -> np.ndarray:
        self._check_fitted("cluster_centers_")
        return _squared_distances(self._checked_X(X), self.cluster_centers_).argmin(axis=1)

    def _checked_X(self, X: Any) -> np.ndarray:
        X_checked = check_X(X)
        if X_checked.shape[1] != self.cluster_centers_.shape[1]:
            raise ValueError(
                f"X has {X_checked.shape[1]} features but the model was fitted with "
                f"{self.cluster_centers_.shape[1]}"
            )
        return X_checked

    def score(self, X: Any, y: Any = None) -> float:
        """Minus the inertia of X around the learned centres (higher is better)."""
        del y
        self._check_fitted("cluster_centers_")
        X_checked = self._checked_X(X)
        return -float(_squared_distances(X_checked, self.cluster_centers_).min(axis=1).sum())


# ---------------------------------------------------------------- multi-layer perceptron


class MLPClassifier(BaseEstimator):
    """A neural network classifier: tanh hidden layers, softmax output, full-batch descent.

    ``hidden_layer_sizes`` sets the architecture before training (its length is the number of
    hidden layers, each entry a layer's width); ``coefs_`` (weights) and ``intercepts_``
    (biases) are learned by backpropagation on the cross-entropy.

    ``fit(X, y, X_val, y_val)`` records accuracy after every epoch on the training data and,
    when given, on the validation data; ``eval_sets`` (name -> (X, y)) records more.
    """

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

    def _check_hidden(self) -> list[int]:
        sizes = self.hidden_layer_sizes
        if isinstance(sizes, Integral) and not isinstance(sizes, bool):
            sizes = (sizes,)
        if not isinstance(sizes, Sequence) or isinstance(sizes, str):
            raise ValueError(f"hidden_layer_sizes must be a sequence of integers, got {sizes!r}")
        return [_check_int("hidden_layer_sizes entries", size) for size in sizes]

    def fit(
        self,
        X: Any,
        y: Any,
        X_val: Any = None,
        y_val: Any = None,
        *,
        eval_sets: dict[str, tuple[Any, Any]] | None = None,
    ) -> Self:
        hidden = self._check_hidden()
        learning_rate = _check_real("learning_rate", self.learning_rate)
        n_epochs = _check_int("n_epochs", self.n_epochs, low=0)
        rng = np.random.default_rng(_check_seed(self.random_state))
        X_checked, y_checked = check_X_y(X, y)
        classes, y_index = np.unique(y_checked, return_inverse=True)
        if classes.size < 2:
            raise ValueError("y must contain at least two classes")
        sets = self._monitored_sets(X_checked, y_checked, X_val, y_val, eval_sets)
        sizes = [X_checked.shape[1], *hidden, classes.size]
        coefs, intercepts = _glorot(sizes, rng)
        histories = _train(classes, y_index, coefs, intercepts, n_epochs, learning_rate, sets)
        self.classes_ = classes
        self.coefs_ = coefs
        self.intercepts_ = intercepts
        self.loss_history_ = histories.pop("loss")
        self.train_accuracy_history_ = histories.pop("train")
        if X_val is not None:
            self.val_accuracy_history_ = histories.pop("validation")
        if eval_sets:
            self.eval_accuracy_history_ = {name: histories[name] for name in eval_sets}
        return self

    def _monitored_sets(
        self,
        X: np.ndarray,
        y: np.ndarray,
        X_val: Any,
        y_val: Any,
        eval_sets: dict[str, tuple[Any, Any]] | None,
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Every data set whose accuracy is recorded per epoch, checked and ready."""
        sets = {"train": (X, y)}
        if (X_val is None) != (y_val is None):
            raise ValueError("give both X_val and y_val, or neither")
        if X_val is not None:
            sets["validation"] = check_X_y(X_val, y_val)
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
        X_checked = check_X(X)
        if X_checked.shape[1] != self.coefs_[0].shape[0]:
            raise ValueError(
                f"X has {X_checked.shape[1]} features but the model was fitted with "
                f"{self.coefs_[0].shape[0]}"
            )
        return _softmax(_forward(X_checked, self.coefs_, self.intercepts_)[-1])

    def predict(self, X: Any) -> np.ndarray:
        self._check_fitted("coefs_")
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def score(self, X: Any, y: Any) -> float:
        """Accuracy: the share of rows whose class is predicted correctly."""
        X_checked, y_checked = check_X_y(X, y)
        return float(np.mean(self.predict(X_checked) == y_checked))


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
    return shifted / shifted.sum(axis=1, keepdims=True)


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
