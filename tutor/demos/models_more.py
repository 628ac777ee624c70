"""More small numpy estimators for the demo lab, each following the scikit-learn rules.

Every class keeps the split this tutor teaches visible in code: the ``__init__`` keyword
arguments are the hyperparameters (chosen before training, stored untouched), and every
attribute whose name ends in ``_`` was decided by the data inside ``fit``. The models are
small and vectorised so a demo can fit several of them live in a few milliseconds.

Classifiers take labels as numbers (``check_X_y`` turns ``y`` into floats); the binary linear
models (``LogisticRegressionGD``, ``LinearSVC``) expect labels 0 and 1.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
from numpy.typing import ArrayLike

from tutor.demos.base import BaseEstimator, check_X, check_X_y

__all__ = [
    "PCA",
    "DecisionTreeClassifier",
    "GaussianNB",
    "GradientBoostingRegressor",
    "KNeighborsClassifier",
    "LassoRegression",
    "LinearSVC",
    "LogisticRegressionGD",
    "RandomForestClassifier",
    "RidgeRegression",
    "TreeStructure",
]


# --------------------------------------------------------------------------- validation


def _check_int(
    owner: str, name: str, value: Any, minimum: int, *, allow_none: bool = False
) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        extra = " or None" if allow_none else ""
        raise ValueError(f"{owner}: {name} must be an integer >= {minimum}{extra}, got {value!r}")


def _check_real(
    owner: str, name: str, value: Any, *, minimum: float, strict: bool, allow_inf: bool = False
) -> None:
    ok = (
        not isinstance(value, bool)
        and isinstance(value, numbers.Real)
        and not math.isnan(value)
        and (allow_inf or math.isfinite(value))
        and (value > minimum if strict else value >= minimum)
    )
    if not ok:
        relation = ">" if strict else ">="
        raise ValueError(f"{owner}: {name} must be a number {relation} {minimum}, got {value!r}")


def _check_random_state(owner: str, value: Any) -> None:
    _check_int(owner, "random_state", value, 0, allow_none=True)


def _check_features(owner: str, X: ArrayLike, n_features: int) -> np.ndarray:
    array = check_X(X)
    if array.shape[1] != n_features:
        raise ValueError(
            f"{owner} was fitted on {n_features} feature(s) but X has {array.shape[1]}"
        )
    return array


def _binary_labels(owner: str, y: np.ndarray) -> np.ndarray:
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"{owner} is a binary classifier: y must contain only 0 and 1")
    return y


def _r2(y: np.ndarray, prediction: np.ndarray) -> float:
    """Coefficient of determination; a constant target scores 1 only when hit exactly."""
    ss_res = float(np.sum((y - prediction) ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    if ss_tot == 0.0:
        return 1.0 if ss_res == 0.0 else 0.0
    return 1.0 - ss_res / ss_tot


def _accuracy(y: np.ndarray, prediction: np.ndarray) -> float:
    return float(np.mean(prediction == y))


# A loss this many times its starting value (or inf/nan) counts as diverged: the same rule
# as the gradient-descent models in tutor.demos.models, so sweeps read both alike.
_DIVERGENCE_FACTOR = 1e12


def _diverged(history: np.ndarray) -> bool:
    limit = _DIVERGENCE_FACTOR * (history[0] + 1.0)
    return bool(np.any(~np.isfinite(history)) or np.any(history > limit))


def _batched_history(
    X1: np.ndarray,
    weights: np.ndarray,
    loss_of_scores: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> np.ndarray:
    """Loss of every stored iterate, computed after the loop in a few matrix products.

    Recording the loss inside the gradient loop would double its cost; the iterates are
    cheap to keep (n_iter x (n_features + 1)), so the history is evaluated in blocks.
    """
    out = np.empty(weights.shape[0])
    chunk = max(1, 250_000 // X1.shape[0])  # keeps each block of scores near 2 MB
    for start in range(0, weights.shape[0], chunk):
        block = weights[start : start + chunk]
        out[start : start + chunk] = loss_of_scores(X1 @ block.T, block)
    return out


# --------------------------------------------------------------------------- linear models


class _LinearClassifier(BaseEstimator):
    """Shared by the gradient-trained binary classifiers: what fit keeps, and prediction."""

    def _learned(self, w: np.ndarray, history: np.ndarray) -> Self:
        """Keep the weights (intercept last) and the loss history, as fit's learned state."""
        self.coef_ = w[:-1].copy()
        self.intercept_ = float(w[-1])
        self.loss_history_ = history
        with np.errstate(all="ignore"):
            self.diverged_ = _diverged(history)
        return self

    def decision_function(self, X: ArrayLike) -> np.ndarray:
        """Signed score: positive means label 1."""
        self._check_fitted("coef_")
        X = _check_features(type(self).__name__, X, self.coef_.shape[0])
        return X @ self.coef_ + self.intercept_

    def predict(self, X: ArrayLike) -> np.ndarray:
        with np.errstate(all="ignore"):
            return (self.decision_function(X) > 0).astype(float)

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        self._check_fitted("coef_")
        X, y = check_X_y(X, y)
        return _accuracy(y, self.predict(X))


class LogisticRegressionGD(_LinearClassifier):
    """Binary logistic regression trained by full-batch gradient descent.

    Objective: mean log loss + ||w||^2 / (2 C n). That is scikit-learn's
    ``sum(log loss) + ||w||^2 / (2C)`` divided by n, so ``C`` means the same thing there and
    here, while the gradient stays on the scale of one sample (a learning rate of 0.1 is
    sensible whatever n is). The intercept is not penalised.

    Learned: ``coef_`` (1-D), ``intercept_`` (float), ``loss_history_`` (``loss_history_[i]``
    is the objective before update i) and ``diverged_`` (True when the loss blew up: a
    learning rate too large for the data).
    """

    def __init__(self, learning_rate: float = 0.1, n_iter: int = 500, C: float = 1.0) -> None:
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.C = C

    def _validate(self) -> None:
        name = type(self).__name__
        _check_real(name, "learning_rate", self.learning_rate, minimum=0.0, strict=True)
        _check_int(name, "n_iter", self.n_iter, 1)
        _check_real(name, "C", self.C, minimum=0.0, strict=True)

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate()
        X, y = check_X_y(X, y)
        y = _binary_labels(type(self).__name__, y)
        n, d = X.shape
        X1 = np.hstack([X, np.ones((n, 1))])  # last column carries the intercept
        penalty = np.full(d + 1, 1.0 / (float(self.C) * n))
        penalty[-1] = 0.0
        lr = float(self.learning_rate)
        # One step, w <- w - lr * (X1'(sigmoid(X1 w) - y) / n + penalty * w), rewritten with
        # sigmoid(z) = (1 + tanh(z / 2)) / 2 so that each step is five numpy calls.
        half_X1 = 0.5 * X1
        step_matrix = np.ascontiguousarray(X1.T) * (lr / (2.0 * n))
        shift = 1.0 - 2.0 * y
        decay = 1.0 - lr * penalty
        w = np.zeros(d + 1)
        iterates = np.empty((self.n_iter, d + 1))
        with np.errstate(all="ignore"):  # a too-large learning rate may diverge on purpose
            for step in range(self.n_iter):
                iterates[step] = w
                h = np.tanh(half_X1 @ w)
                h += shift
                w = decay * w - step_matrix @ h

            def objective(scores: np.ndarray, block: np.ndarray) -> np.ndarray:
                # log loss = softplus(-t z) with t = 2y - 1, written to be stable for large |z|
                m = shift[:, None] * scores
                log_loss = np.mean(np.maximum(m, 0.0) + np.log1p(np.exp(-np.abs(m))), axis=0)
                return log_loss + 0.5 * np.sum(penalty * block * block, axis=1)

            history = _batched_history(X1, iterates, objective)
        return self._learned(w, history)

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Shape (n_samples, 2): columns are P(y=0) and P(y=1)."""
        with np.errstate(all="ignore"):
            p1 = 0.5 * (1.0 + np.tanh(0.5 * self.decision_function(X)))
        return np.column_stack([1.0 - p1, p1])


class LinearSVC(_LinearClassifier):
    """Binary linear support vector machine trained by full-batch subgradient descent.

    Objective: 0.5 ||w||^2 + C * mean(max(0, 1 - t (x.w + b))) with t = -1 for label 0 and
    +1 for label 1. The intercept is not penalised. Subgradient steps do not decrease the
    objective every time, so ``loss_history_`` wiggles; that is expected, not a bug.

    Learned: ``coef_`` (1-D), ``intercept_`` (float), ``loss_history_`` (objective before
    each update) and ``diverged_`` (True when the objective blew up).
    """

    def __init__(self, C: float = 1.0, learning_rate: float = 0.01, n_iter: int = 500) -> None:
        self.C = C
        self.learning_rate = learning_rate
        self.n_iter = n_iter

    def _validate(self) -> None:
        name = type(self).__name__
        _check_real(name, "C", self.C, minimum=0.0, strict=True)
        _check_real(name, "learning_rate", self.learning_rate, minimum=0.0, strict=True)
        _check_int(name, "n_iter", self.n_iter, 1)

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate()
        X, y = check_X_y(X, y)
        t = 2.0 * _binary_labels(type(self).__name__, y) - 1.0
        n, d = X.shape
        X1 = np.hstack([X, np.ones((n, 1))])
        regular = np.ones(d + 1)
        regular[-1] = 0.0
        C = float(self.C)
        lr = float(self.learning_rate)
        # One step, w <- w - lr * (regular * w - C * mean over margin violators of t x), with
        # the labels folded into the rows so that each step is four numpy calls.
        signed_X1 = t[:, None] * X1
        step_matrix = np.ascontiguousarray(signed_X1.T) * (lr * C / n)
        decay = 1.0 - lr * regular
        w = np.zeros(d + 1)
        iterates = np.empty((self.n_iter, d + 1))
        with np.errstate(all="ignore"):
            for step in range(self.n_iter):
                iterates[step] = w
                violating = signed_X1 @ w < 1.0
                w = decay * w + step_matrix @ violating

            def objective(scores: np.ndarray, block: np.ndarray) -> np.ndarray:
                hinge = np.mean(np.maximum(0.0, 1.0 - t[:, None] * scores), axis=0)
                return 0.5 * np.sum(regular * block * block, axis=1) + C * hinge

            history = _batched_history(X1, iterates, objective)
        return self._learned(w, history)


class _LinearRegressor(BaseEstimator):
    """Shared prediction and R^2 for the closed-form and coordinate-descent regressors."""

    coef_: np.ndarray
    intercept_: float

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("coef_")
        X = _check_features(type(self).__name__, X, self.coef_.shape[0])
        return X @ self.coef_ + self.intercept_

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """R^2 on (X, y)."""
        self._check_fitted("coef_")
        X, y = check_X_y(X, y)
        return _r2(y, self.predict(X))


class RidgeRegression(_LinearRegressor):
    """Least squares with an L2 penalty, solved in closed form.

    Minimises ||y - Xw - b||^2 + alpha ||w||^2. The data are centred first so the intercept
    is not penalised: w = (Xc'Xc + alpha I)^-1 Xc'yc and b = mean(y) - mean(X).w. With
    ``alpha=0`` this is ordinary least squares (the minimum-norm solution if X is singular).

    Learned: ``coef_`` (1-D), ``intercept_`` (float).
    """

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        _check_real(type(self).__name__, "alpha", self.alpha, minimum=0.0, strict=False)
        X, y = check_X_y(X, y)
        x_mean = X.mean(axis=0)
        y_mean = float(y.mean())
        Xc = X - x_mean
        yc = y - y_mean
        if self.alpha == 0:
            coef = np.linalg.lstsq(Xc, yc, rcond=None)[0]
        else:
            gram = Xc.T @ Xc
            gram[np.diag_indices_from(gram)] += float(self.alpha)
            coef = np.linalg.solve(gram, Xc.T @ yc)
        self.coef_ = coef
        self.intercept_ = float(y_mean - x_mean @ coef)
        return self


class LassoRegression(_LinearRegressor):
    """Least squares with an L1 penalty, fitted by cyclic coordinate descent.

    Minimises (1/(2n)) ||y - Xw - b||^2 + alpha ||w||_1. Each coordinate update is a
    soft-threshold, which is what sets coefficients exactly to zero. The data are centred
    (the intercept is not penalised) and the updates work on the Gram matrix X'X/n, so a
    sweep costs O(n_features^2) whatever the number of samples. Stops when no coefficient
    moved by more than ``tol`` in a sweep, or after ``max_iter`` sweeps.

    Learned: ``coef_`` (1-D), ``intercept_`` (float), ``n_iter_`` (sweeps used).
    """

    def __init__(self, alpha: float = 0.1, max_iter: int = 1000, tol: float = 1e-6) -> None:
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        name = type(self).__name__
        _check_real(name, "alpha", self.alpha, minimum=0.0, strict=False)
        _check_int(name, "max_iter", self.max_iter, 1)
        _check_real(name, "tol", self.tol, minimum=0.0, strict=False)
        X, y = check_X_y(X, y)
        n, d = X.shape
        x_mean = X.mean(axis=0)
        y_mean = float(y.mean())
        Xc = X - x_mean
        gram = Xc.T @ Xc / n
        gram[:, np.ptp(X, axis=0) == 0] = 0.0  # a constant column cannot explain anything
        # Plain Python floats: a sweep touches d coordinates of a d x d matrix, and for the
        # handful of features a demo uses, list arithmetic beats numpy's per-call overhead.
        corr = (Xc.T @ (y - y_mean) / n).tolist()
        diag = np.diag(gram).tolist()
        columns = gram.T.tolist()
        alpha = float(self.alpha)
        tol = float(self.tol)
        w = [0.0] * d
        gram_w = [0.0] * d  # gram @ w, kept up to date incrementally
        sweeps = 0
        while sweeps < self.max_iter:
            sweeps += 1
            largest_step = 0.0
            for j in range(d):
                if diag[j] <= 0.0:
                    continue
                rho = corr[j] - gram_w[j] + diag[j] * w[j]
                if rho > alpha:
                    new = (rho - alpha) / diag[j]
                elif rho < -alpha:
                    new = (rho + alpha) / diag[j]
                else:
                    new = 0.0
                step = new - w[j]
                if step != 0.0:
                    gram_w = [g + step * c for g, c in zip(gram_w, columns[j], strict=True)]
                    w[j] = new
                    largest_step = max(largest_step, abs(step))
            if largest_step <= tol:
                break
        coef = np.array(w)
        self.coef_ = coef
        self.intercept_ = float(y_mean - x_mean @ coef)
        self.n_iter_ = sweeps
        return self


# --------------------------------------------------------------------------- neighbours


class KNeighborsClassifier(BaseEstimator):
    """k-nearest-neighbours classification by majority vote under the Minkowski-p distance.

    k-NN learns no weights: ``fit`` only memorises the training data (``X_train_``,
    ``y_train_``), and every prediction is computed from that stored copy. Its learned
    "parameters" are therefore the data themselves, which grow with the training set,
    while ``n_neighbors`` and ``p`` are chosen beforehand. Ties in distance go to the
    earlier training row; ties in the vote go to the smaller label.
    """

    def __init__(self, n_neighbors: int = 5, p: float = 2) -> None:
        self.n_neighbors = n_neighbors
        self.p = p

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        name = type(self).__name__
        _check_int(name, "n_neighbors", self.n_neighbors, 1)
        _check_real(name, "p", self.p, minimum=1.0, strict=False, allow_inf=True)
        X, y = check_X_y(X, y)
        if self.n_neighbors > X.shape[0]:
            raise ValueError(
                f"{name}: n_neighbors={self.n_neighbors} but only {X.shape[0]} training samples"
            )
        self.X_train_ = X.copy()
        self.y_train_ = y.copy()
        return self

    def _distances(self, X: np.ndarray) -> np.ndarray:
        """Distance to every training row, without the final 1/p root (same order).

        p=2 uses |a|^2 + |b|^2 - 2 a.b (one matrix product, as scikit-learn does); other p
        broadcast the coordinate differences.
        """
        p = float(self.p)
        train = self.X_train_
        if p == 2.0:
            squared = (X * X).sum(axis=1)[:, None] + (train * train).sum(axis=1)[None, :]
            squared -= 2.0 * (X @ train.T)
            return np.maximum(squared, 0.0)
        diff = np.abs(X[:, None, :] - train[None, :, :])
        if math.isinf(p):
            return diff.max(axis=2)
        if p == 1.0:
            return diff.sum(axis=2)
        return (diff**p).sum(axis=2)

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("X_train_")
        X = _check_features(type(self).__name__, X, self.X_train_.shape[1])
        classes, codes = np.unique(self.y_train_, return_inverse=True)
        onehot = np.eye(classes.shape[0])[codes]
        n_train, n_features = self.X_train_.shape
        k = int(self.n_neighbors)
        labels = np.empty(X.shape[0], dtype=np.intp)
        rows = max(1, 1_000_000 // (n_train * n_features))  # bounds the broadcast's memory
        with np.errstate(all="ignore"):
            for start in range(0, X.shape[0], rows):
                distances = self._distances(X[start : start + rows])
                # The k nearest without a full sort: everything closer than the k-th
                # distance, then as many rows at exactly that distance as still fit, in
                # training order (so ties in distance go to the earlier row).
                kth = np.partition(distances, k - 1, axis=1)[:, k - 1 : k]
                chosen = distances < kth
                at_kth = distances == kth
                room = k - chosen.sum(axis=1, keepdims=True)
                chosen |= at_kth & (np.cumsum(at_kth, axis=1) <= room)
                votes = chosen.astype(float) @ onehot
                labels[start : start + rows] = votes.argmax(axis=1)
        return classes[labels]

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        self._check_fitted("X_train_")
        X, y = check_X_y(X, y)
        return _accuracy(y, self.predict(X))


# --------------------------------------------------------------------------- trees


@dataclass(frozen=True, eq=False)
class TreeStructure:
    """A fitted binary tree as flat arrays indexed by node, in preorder (node 0 is the root).

    A sample goes to ``left`` when ``x[feature] <= threshold``. Leaves have ``feature == -1``,
    ``threshold`` NaN and children -1. ``value`` holds, per node, the class counts (trees that
    classify) or the mean target in a one-column array (trees that regress).
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    n_samples: np.ndarray
    depth: np.ndarray
    n_features: int

    @property
    def n_nodes(self) -> int:
        return int(self.feature.shape[0])

    @property
    def is_leaf(self) -> np.ndarray:
        return self.feature < 0

    def apply(self, X: np.ndarray) -> np.ndarray:
        """Index of the leaf each row of X lands in; one vectorised step per tree level."""
        node = np.zeros(X.shape[0], dtype=np.intp)
        rows = np.arange(X.shape[0])
        for _ in range(int(self.depth.max())):
            feature = self.feature[node]
            internal = feature >= 0
            if not internal.any():
                break
            go_left = X[rows, np.where(internal, feature, 0)] <= self.threshold[node]
            child = np.where(go_left, self.left[node], self.right[node])
            node = np.where(internal, child, node)
        return node


def _presort(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row indices sorted by each feature, and the sorted values; both (n_features, n)."""
    order = np.argsort(X.T, axis=1, kind="stable")
    return order, np.take_along_axis(X.T, order, axis=1)


class _TreeGrower:
    """Greedy CART growth on presorted data, depth first, numbering nodes in preorder.

    Every node carries its rows sorted by every feature (``order``) and the sorted values
    (``xs``), so no node sorts again: a split filters both with one boolean mask, keeping the
    order. All thresholds of all candidate features are scored at once from prefix sums:
    cumulative class counts (Gini) or cumulative sums of the node-centred target (squared
    error). ``n_classes == 0`` means regression. Candidate features are examined in a random
    order from ``rng`` (natural order when None) and the earlier feature wins an exact tie,
    then the lower threshold. With ``max_features`` each node draws that many candidates
    (the random forest's decorrelation) and falls back to the rest if none can split.
    """

    def __init__(
        self,
        X: np.ndarray,
        *,
        n_classes: int,
        max_depth: int | None,
        min_samples_leaf: int,
        max_features: int | None,
        rng: np.random.Generator | None,
    ) -> None:
        self.n_samples, self.n_features = X.shape
        self.order, self.xs = _presort(X)
        self.n_classes = n_classes
        self.class_ids = np.arange(n_classes)[:, None, None]
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.rng = rng
        self.natural = np.arange(self.n_features)
        self._tables: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def _table(self, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per node size: two weight rows for the split score and the min_samples_leaf block."""
        table = self._tables.get(m)
        if table is None:
            n_left = np.arange(1, m, dtype=float)
            n_right = m - n_left
            blocked = (n_left < self.min_samples_leaf) | (n_right < self.min_samples_leaf)
            if self.n_classes:
                table = (1.0 / n_left, 1.0 / n_right, blocked)
            else:
                table = (n_left, m / (n_left * n_right), blocked)
            self._tables[m] = table
        return table

    def _best_split(
        self, y: np.ndarray, order: np.ndarray, xs: np.ndarray, candidates: np.ndarray
    ) -> tuple[int, int, float] | None:
        """(feature, last left position in sorted order, threshold), or None."""
        o = order[candidates]
        x = xs[candidates]
        m = o.shape[1]
        first, second, blocked = self._table(m)
        if self.n_classes:
            # Gini: minimising sum(n_child * gini_child) = maximising
            # sum_k L_k^2 / n_left + sum_k R_k^2 / n_right over class counts L, R.
            codes = y[o]
            left = np.add.accumulate(codes[None] == self.class_ids, axis=2, dtype=float)
            left = left[:, :, :-1]
            right = np.bincount(codes[0], minlength=self.n_classes)[:, None, None] - left
            score = (left * left).sum(axis=0) * first + (right * right).sum(axis=0) * second
        else:
            # squared error: with S the left sum of the centred target, the reduction in
            # the sum of squared errors is S^2 * m / (n_left * n_right).
            values = y[o]
            left = np.add.accumulate(values, axis=1)[:, :-1]
            left -= first * (values[0].sum() / m)
            score = left * left * second
        invalid = x[:, :-1] >= x[:, 1:]  # equal values cannot be separated
        invalid |= blocked
        np.putmask(score, invalid, -np.inf)
        best = int(score.argmax())  # row-major: first candidate feature, then position
        row, position = divmod(best, m - 1)
        if invalid[row, position]:
            return None
        low, high = x[row, position], x[row, position + 1]
        threshold = (low + high) / 2.0
        if threshold >= high:  # adjacent floats: the midpoint rounds up to the upper value
            threshold = low
        return int(candidates[row]), position, float(threshold)

    def _split(
        self, y: np.ndarray, order: np.ndarray, xs: np.ndarray
    ) -> tuple[int, int, float] | None:
        examined = self.rng.permutation(self.n_features) if self.rng is not None else self.natural
        limit = self.max_features
        if limit is None or limit >= self.n_features:
            return self._best_split(y, order, xs, examined)
        split = self._best_split(y, order, xs, examined[:limit])
        if split is None:
            split = self._best_split(y, order, xs, examined[limit:])
        return split

    def grow(self, y: np.ndarray) -> tuple[TreeStructure, np.ndarray]:
        """The tree for target ``y`` (integer codes or floats), and each row's leaf."""
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[Any] = []
        n_samples: list[int] = []
        depth: list[int] = []
        leaf_of = np.empty(self.n_samples, dtype=np.intp)
        n_features = self.n_features
        # A child is pushed as (parent order, parent values, selection mask): its sorted
        # arrays are only cut out if it may split, which saves most of the work at leaves.
        Pending = tuple[np.ndarray, np.ndarray, np.ndarray | None, int, int, bool]
        stack: list[Pending] = [(self.order, self.xs, None, 0, -1, True)]
        while stack:
            order, xs, selection, level, parent, is_left = stack.pop()
            node = len(feature)
            if parent >= 0:
                (left if is_left else right)[parent] = node
            rows = order[0] if selection is None else order[0][selection[0]]
            m = rows.shape[0]
            may_split = (
                self.max_depth is None or level < self.max_depth
            ) and m >= 2 * self.min_samples_leaf
            if self.n_classes:
                counts = np.bincount(y[rows], minlength=self.n_classes)
                value.append(counts)
                may_split = may_split and int(counts.max()) < m
            else:
                y_node = y[rows]
                value.append((y_node.sum() / m,))
                may_split = may_split and bool(y_node.min() < y_node.max())
            n_samples.append(m)
            depth.append(level)
            left.append(-1)
            right.append(-1)
            split = None
            if may_split:
                if selection is not None:
                    order = order[selection].reshape(n_features, m)
                    xs = xs[selection].reshape(n_features, m)
                split = self._split(y, order, xs)
            if split is None:
                feature.append(-1)
                threshold.append(math.nan)
                leaf_of[rows] = node
                continue
            best_feature, position, best_threshold = split
            feature.append(best_feature)
            threshold.append(best_threshold)
            goes_left = np.zeros(self.n_samples, dtype=bool)
            goes_left[order[best_feature, : position + 1]] = True
            mask = goes_left[order]
            stack.append((order, xs, ~mask, level + 1, node, False))  # popped second
            stack.append((order, xs, mask, level + 1, node, True))
        tree = TreeStructure(
            feature=np.array(feature, dtype=np.intp),
            threshold=np.array(threshold, dtype=float),
            left=np.array(left, dtype=np.intp),
            right=np.array(right, dtype=np.intp),
            value=np.array(value, dtype=float),
            n_samples=np.array(n_samples, dtype=np.intp),
            depth=np.array(depth, dtype=np.intp),
            n_features=self.n_features,
        )
        return tree, leaf_of


class DecisionTreeClassifier(BaseEstimator):
    """CART classification tree: greedy Gini splits on midpoints between sorted values.

    At each node every feature and every midpoint between consecutive distinct values is
    scored, and the split with the lowest weighted Gini impurity is kept. A node becomes a
    leaf when it is pure, at ``max_depth`` (``None``: no limit), or when no split leaves
    ``min_samples_leaf`` samples on each side. ``random_state`` only shuffles the order in
    which features are examined, which decides exact ties (as in scikit-learn).

    Learned: ``classes_``, ``tree_`` (a ``TreeStructure``), ``features_`` and
    ``thresholds_`` (split feature and threshold of each internal node, in preorder),
    ``n_leaves_``, ``depth_``.
    """

    def __init__(
        self, max_depth: int | None = 3, min_samples_leaf: int = 1, random_state: int | None = 0
    ) -> None:
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf
        self.random_state = random_state

    def _validate(self) -> None:
        name = type(self).__name__
        _check_int(name, "max_depth", self.max_depth, 1, allow_none=True)
        _check_int(name, "min_samples_leaf", self.min_samples_leaf, 1)
        _check_random_state(name, self.random_state)

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate()
        X, y = check_X_y(X, y)
        classes, codes = np.unique(y, return_inverse=True)
        return self._fit_codes(X, codes, classes, max_features=None)

    def _fit_codes(
        self, X: np.ndarray, codes: np.ndarray, classes: np.ndarray, max_features: int | None
    ) -> Self:
        """Fit on integer class codes; the forest calls this with its own label set."""
        rng = np.random.default_rng(self.random_state)
        grower = _TreeGrower(
            X,
            n_classes=classes.shape[0],
            max_depth=self.max_depth,
            min_samples_leaf=int(self.min_samples_leaf),
            max_features=max_features,
            rng=rng,
        )
        tree, _ = grower.grow(codes.astype(np.intp))
        internal = ~tree.is_leaf
        self.classes_ = classes.copy()
        self.tree_ = tree
        self.features_ = tree.feature[internal].copy()
        self.thresholds_ = tree.threshold[internal].copy()
        self.n_leaves_ = int(np.count_nonzero(tree.is_leaf))
        self.depth_ = int(tree.depth.max())
        return self

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class frequencies in the leaf each sample reaches, columns ordered as classes_."""
        self._check_fitted("tree_")
        X = _check_features(type(self).__name__, X, self.tree_.n_features)
        counts = self.tree_.value[self.tree_.apply(X)]
        return counts / counts.sum(axis=1, keepdims=True)

    def _predict_codes(self, X: np.ndarray) -> np.ndarray:
        return self.tree_.value[self.tree_.apply(X)].argmax(axis=1)

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("tree_")
        X = _check_features(type(self).__name__, X, self.tree_.n_features)
        return self.classes_[self._predict_codes(X)]

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        self._check_fitted("tree_")
        X, y = check_X_y(X, y)
        return _accuracy(y, self.predict(X))


class RandomForestClassifier(BaseEstimator):
    """Bagged CART trees that each consider sqrt(n_features) random features per split.

    Each tree sees a bootstrap sample (n rows drawn with replacement) and, at every node,
    a random subset of max(1, floor(sqrt(n_features))) candidate features; the forest
    predicts by majority vote (ties go to the smaller label). ``random_state`` fixes the
    bootstraps and the feature draws, so equal seeds give identical forests.

    Learned: ``classes_``, ``estimators_`` (fitted ``DecisionTreeClassifier`` objects).
    """

    def __init__(
        self, n_estimators: int = 10, max_depth: int | None = 3, random_state: int | None = 0
    ) -> None:
        self.n_estimators = n_estimators
        self.max_depth = max_depth
        self.random_state = random_state

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        name = type(self).__name__
        _check_int(name, "n_estimators", self.n_estimators, 1)
        _check_int(name, "max_depth", self.max_depth, 1, allow_none=True)
        _check_random_state(name, self.random_state)
        X, y = check_X_y(X, y)
        classes, codes = np.unique(y, return_inverse=True)
        n, d = X.shape
        max_features = max(1, math.isqrt(d))
        rng = np.random.default_rng(self.random_state)
        trees: list[DecisionTreeClassifier] = []
        for _ in range(self.n_estimators):
            rows = rng.integers(0, n, size=n)
            seed = int(rng.integers(0, 2**31 - 1))
            tree = DecisionTreeClassifier(
                max_depth=self.max_depth, min_samples_leaf=1, random_state=seed
            )
            trees.append(tree._fit_codes(X[rows], codes[rows], classes, max_features))
        self.classes_ = classes.copy()
        self.estimators_ = trees
        return self

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("estimators_")
        X = _check_features(type(self).__name__, X, self.estimators_[0].tree_.n_features)
        votes = np.zeros((X.shape[0], self.classes_.shape[0]))
        rows = np.arange(X.shape[0])
        for tree in self.estimators_:
            votes[rows, tree._predict_codes(X)] += 1.0
        return self.classes_[votes.argmax(axis=1)]

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        self._check_fitted("estimators_")
        X, y = check_X_y(X, y)
        return _accuracy(y, self.predict(X))


class GradientBoostingRegressor(BaseEstimator):
    """Least-squares gradient boosting of small regression trees.

    Starts from the mean of y; each stage fits a squared-error regression tree of depth
    ``max_depth`` (1 = a stump) to the current residuals and adds ``learning_rate`` times
    its prediction. With 0 < learning_rate <= 1 the training error never increases from one
    stage to the next, which ``train_score_history_`` (training R^2 after each stage) shows.

    Learned: ``init_`` (float), ``estimators_`` (``TreeStructure`` per stage, leaf value =
    mean residual), ``train_score_history_``.
    """

    def __init__(
        self, n_estimators: int = 50, learning_rate: float = 0.1, max_depth: int = 1
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.max_depth = max_depth

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        name = type(self).__name__
        _check_int(name, "n_estimators", self.n_estimators, 1)
        _check_real(name, "learning_rate", self.learning_rate, minimum=0.0, strict=True)
        _check_int(name, "max_depth", self.max_depth, 1)
        X, y = check_X_y(X, y)
        init = float(y.mean())
        prediction = np.full(y.shape[0], init)
        lr = float(self.learning_rate)
        trees: list[TreeStructure] = []
        history = np.empty(self.n_estimators)
        # X is the same at every stage, so it is sorted once and the grower reused.
        grower = _TreeGrower(
            X,
            n_classes=0,
            max_depth=int(self.max_depth),
            min_samples_leaf=1,
            max_features=None,
            rng=None,
        )
        with np.errstate(all="ignore"):
            for stage in range(self.n_estimators):
                tree, leaf_of = grower.grow(y - prediction)
                prediction = prediction + lr * tree.value[leaf_of, 0]
                trees.append(tree)
                history[stage] = _r2(y, prediction)
        self.init_ = init
        self.estimators_ = trees
        self.train_score_history_ = history
        return self

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("estimators_")
        X = _check_features(type(self).__name__, X, self.estimators_[0].n_features)
        prediction = np.full(X.shape[0], self.init_)
        lr = float(self.learning_rate)
        for tree in self.estimators_:
            prediction += lr * tree.value[tree.apply(X), 0]
        return prediction

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """R^2 on (X, y)."""
        self._check_fitted("estimators_")
        X, y = check_X_y(X, y)
        return _r2(y, self.predict(X))


# --------------------------------------------------------------------------- probabilistic


class GaussianNB(BaseEstimator):
    """Gaussian naive Bayes: per class, independent normal features.

    ``var_smoothing`` is a hyperparameter, but the amount actually added to every variance,
    ``epsilon_ = var_smoothing * max feature variance``, depends on the data, so it is a
    learned attribute (it keeps a constant feature from dividing by zero).

    Learned: ``classes_``, ``theta_`` and ``var_`` (per-class means and smoothed population
    variances, shape (n_classes, n_features)), ``class_prior_``, ``epsilon_``.
    """

    def __init__(self, var_smoothing: float = 1e-9) -> None:
        self.var_smoothing = var_smoothing

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        name = type(self).__name__
        _check_real(name, "var_smoothing", self.var_smoothing, minimum=0.0, strict=False)
        X, y = check_X_y(X, y)
        classes, codes = np.unique(y, return_inverse=True)
        theta = np.empty((classes.shape[0], X.shape[1]))
        var = np.empty_like(theta)
        for k in range(classes.shape[0]):
            rows = X[codes == k]
            theta[k] = rows.mean(axis=0)
            var[k] = rows.var(axis=0)
        epsilon = float(self.var_smoothing) * float(X.var(axis=0).max())
        var += epsilon
        if np.any(var <= 0.0):
            raise ValueError(
                f"{name}: a feature has zero variance within a class even after smoothing; "
                "use a positive var_smoothing and data whose features are not all constant"
            )
        self.classes_ = classes
        self.theta_ = theta
        self.var_ = var
        self.class_prior_ = np.bincount(codes) / X.shape[0]
        self.epsilon_ = epsilon
        return self

    def _joint_log_likelihood(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("theta_")
        X = _check_features(type(self).__name__, X, self.theta_.shape[1])
        log_norm = -0.5 * np.sum(np.log(2.0 * np.pi * self.var_), axis=1)
        squared = ((X[:, None, :] - self.theta_[None]) ** 2 / self.var_[None]).sum(axis=2)
        return np.log(self.class_prior_) + log_norm - 0.5 * squared

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Posterior class probabilities, columns ordered as classes_."""
        jll = self._joint_log_likelihood(X)
        jll -= jll.max(axis=1, keepdims=True)
        probabilities = np.exp(jll)
        return probabilities / probabilities.sum(axis=1, keepdims=True)

    def predict(self, X: ArrayLike) -> np.ndarray:
        jll = self._joint_log_likelihood(X)
        return self.classes_[jll.argmax(axis=1)]

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        self._check_fitted("theta_")
        X, y = check_X_y(X, y)
        return _accuracy(y, self.predict(X))


# --------------------------------------------------------------------------- unsupervised


class PCA(BaseEstimator):
    """Principal component analysis via the SVD of the centred data.

    Each component's sign is fixed so its largest-magnitude entry is positive; the SVD
    alone leaves the sign arbitrary, and a demo that refits must not flip its picture.
    ``y`` is ignored (PCA is unsupervised) but checked against X when given.

    Learned: ``mean_``, ``components_`` (n_components x n_features, orthonormal rows),
    ``explained_variance_`` (variance along each component, ddof=1),
    ``explained_variance_ratio_``, ``singular_values_``.
    """

    def __init__(self, n_components: int = 2) -> None:
        self.n_components = n_components

    def fit(self, X: ArrayLike, y: ArrayLike | None = None) -> Self:
        name = type(self).__name__
        _check_int(name, "n_components", self.n_components, 1)
        X = check_X(X) if y is None else check_X_y(X, y)[0]
        n, d = X.shape
        if n < 2:
            raise ValueError(f"{name} needs at least 2 samples to estimate a variance")
        if self.n_components > min(n, d):
            raise ValueError(
                f"{name}: n_components={self.n_components} must be <= "
                f"min(n_samples, n_features) = {min(n, d)}"
            )
        k = int(self.n_components)
        mean = X.mean(axis=0)
        _, singular, vt = np.linalg.svd(X - mean, full_matrices=False)
        signs = np.sign(vt[np.arange(vt.shape[0]), np.abs(vt).argmax(axis=1)])
        vt = vt * signs[:, None]
        variance = singular**2 / (n - 1)
        total = variance.sum()
        self.mean_ = mean
        self.components_ = vt[:k].copy()
        self.explained_variance_ = variance[:k].copy()
        self.explained_variance_ratio_ = variance[:k] / total if total > 0 else np.zeros(k)
        self.singular_values_ = singular[:k].copy()
        return self

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Coordinates of X along the components, shape (n_samples, n_components)."""
        self._check_fitted("components_")
        X = _check_features(type(self).__name__, X, self.mean_.shape[0])
        return (X - self.mean_) @ self.components_.T

    def fit_transform(self, X: ArrayLike, y: ArrayLike | None = None) -> np.ndarray:
        return self.fit(X, y).transform(X)

    def inverse_transform(self, Z: ArrayLike) -> np.ndarray:
        """Back to feature space: the projection of the original points onto the components."""
        self._check_fitted("components_")
        Z = _check_features(type(self).__name__, Z, self.components_.shape[0])
        return Z @ self.components_ + self.mean_

    def reconstruction_error(self, X: ArrayLike) -> float:
        """Mean over samples of the squared distance between a point and its reconstruction."""
        self._check_fitted("components_")
        X = _check_features(type(self).__name__, X, self.mean_.shape[0])
        residual = X - self.inverse_transform(self.transform(X))
        return float(np.mean(np.sum(residual * residual, axis=1)))

    def score(self, X: ArrayLike, y: ArrayLike | None = None) -> float:
        """Negative reconstruction error, so that higher is better as for the other models."""
        del y
        return -self.reconstruction_error(X)
