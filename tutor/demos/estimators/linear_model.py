"""Linear models: regressors by gradient descent, closed form and coordinate descent, and the
binary linear classifiers (logistic regression, a linear support vector machine).

The binary classifiers expect labels 0 and 1 (``check_X_y`` turns ``y`` into floats).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self

import numpy as np
from numpy.typing import ArrayLike

from tutor.demos.estimators.base import (
    DIVERGENCE_FACTOR,
    BaseEstimator,
    accuracy_score,
    check_X,
    check_X_y,
    r2_score,
)
from tutor.demos.estimators.validation import (
    COUNT,
    NON_NEGATIVE,
    POSITIVE,
    SEED,
    Constraint,
    Real,
)

__all__ = [
    "LassoRegression",
    "LinearRegressionGD",
    "LinearSVC",
    "LogisticRegressionGD",
    "PolynomialRegressionGD",
    "RidgeRegression",
    "SGDRegressor",
]


class _LinearRegressor(BaseEstimator):
    """Shared prediction and R² for the regressors that learn ``coef_`` and ``intercept_``."""

    coef_: np.ndarray
    intercept_: float

    def _design(self, X: np.ndarray) -> np.ndarray:
        """The features the weights multiply (the inputs themselves unless overridden)."""
        return X

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("coef_")
        features = self._design(check_X(X))
        features = self._check_features(features, self.coef_.shape[0])
        with np.errstate(over="ignore", invalid="ignore"):
            result: np.ndarray = features @ self.coef_ + self.intercept_
            return result

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """The coefficient of determination R² on (X, y)."""
        self._check_fitted("coef_")
        X_checked, y_checked = check_X_y(X, y)
        return r2_score(y_checked, self.predict(X_checked))


# ---------------------------------------------------------------- gradient-descent regressors


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


class LinearRegressionGD(_LinearRegressor):
    """y ≈ X·coef_ + intercept_, learned by batch gradient descent on the mean squared error.

    For one feature this is y = m·x + c: ``coef_[0]`` is the slope m, ``intercept_`` is c.
    ``loss_history_[i]`` is the loss before update i; ``diverged_`` is True when the loss grew
    without bound and training stopped early.
    """

    constraints: ClassVar[dict[str, Constraint]] = {"learning_rate": POSITIVE, "n_iter": COUNT}

    def __init__(self, learning_rate: float = 0.05, n_iter: int = 1000) -> None:
        self.learning_rate = learning_rate
        self.n_iter = n_iter

    def fit(self, X: Any, y: Any) -> Self:
        self._validate_params()
        X_checked, y_checked = check_X_y(X, y)
        coef, intercept, history, diverged = _gd_least_squares(
            X_checked, y_checked, float(self.learning_rate), int(self.n_iter)
        )
        self.coef_ = coef
        self.intercept_ = intercept
        self.loss_history_ = history
        self.n_iter_ = len(history)
        self.diverged_ = diverged
        return self


class PolynomialRegressionGD(_LinearRegressor):
    """y ≈ c + w1·x + w2·x² + … + wd·x^d on one input feature, by batch gradient descent.

    ``degree`` decides how many powers of x the model may use; the weights of those powers
    (``coef_``) and the constant (``intercept_``) are learned. Inputs are expected in about
    [-1, 1] so that the powers stay on the same scale.
    """

    constraints: ClassVar[dict[str, Constraint]] = {
        "degree": COUNT,
        "learning_rate": POSITIVE,
        "n_epochs": COUNT,
    }

    def __init__(self, degree: int = 3, learning_rate: float = 0.2, n_epochs: int = 1000) -> None:
        self.degree = degree
        self.learning_rate = learning_rate
        self.n_epochs = n_epochs

    @staticmethod
    def _powers(X: np.ndarray, degree: int) -> np.ndarray:
        if X.shape[1] != 1:
            raise ValueError(f"PolynomialRegressionGD needs one input feature, got {X.shape[1]}")
        return X ** np.arange(1, degree + 1)

    def _design(self, X: np.ndarray) -> np.ndarray:
        return self._powers(X, self.coef_.shape[0])

    def fit(self, X: Any, y: Any) -> Self:
        self._validate_params()
        X_checked, y_checked = check_X_y(X, y)
        features = self._powers(X_checked, int(self.degree))
        coef, intercept, history, diverged = _gd_least_squares(
            features, y_checked, float(self.learning_rate), int(self.n_epochs)
        )
        self.coef_ = coef
        self.intercept_ = intercept
        self.loss_history_ = history
        self.diverged_ = diverged
        return self


class SGDRegressor(_LinearRegressor):
    """Linear regression by mini-batch stochastic gradient descent with momentum.

    Each epoch shuffles the rows (seeded by ``random_state``) and takes one step per batch of
    ``batch_size`` rows; ``velocity = momentum·velocity − learning_rate·gradient``.
    ``loss_history_[e]`` is the mean squared error on all rows after epoch e.
    """

    constraints: ClassVar[dict[str, Constraint]] = {
        "learning_rate": POSITIVE,
        "batch_size": COUNT,
        "momentum": Real(low=0.0, low_inclusive=True, high=1.0),
        "n_epochs": COUNT,
        "random_state": SEED,
    }

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
        self._validate_params()
        learning_rate = float(self.learning_rate)
        batch_size = int(self.batch_size)
        momentum = float(self.momentum)
        n_epochs = int(self.n_epochs)
        rng = np.random.default_rng(self.random_state)
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


# ---------------------------------------------------------------- binary linear classifiers


def _diverged(history: np.ndarray) -> bool:
    limit = DIVERGENCE_FACTOR * (history[0] + 1.0)
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
        X = self._check_features(X, self.coef_.shape[0])
        result: np.ndarray = X @ self.coef_ + self.intercept_
        return result

    def predict(self, X: ArrayLike) -> np.ndarray:
        with np.errstate(all="ignore"):
            return (self.decision_function(X) > 0).astype(float)

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        self._check_fitted("coef_")
        X, y = check_X_y(X, y)
        return accuracy_score(y, self.predict(X))

    def _binary_labels(self, y: np.ndarray) -> np.ndarray:
        if not np.all((y == 0) | (y == 1)):
            raise ValueError(
                f"{type(self).__name__} is a binary classifier: y must contain only 0 and 1"
            )
        return y


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

    constraints: ClassVar[dict[str, Constraint]] = {
        "learning_rate": POSITIVE,
        "n_iter": COUNT,
        "C": POSITIVE,
    }

    def __init__(self, learning_rate: float = 0.1, n_iter: int = 500, C: float = 1.0) -> None:
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.C = C

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate_params()
        X, y = check_X_y(X, y)
        y = self._binary_labels(y)
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
                result: np.ndarray = log_loss + 0.5 * np.sum(penalty * block * block, axis=1)
                return result

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

    constraints: ClassVar[dict[str, Constraint]] = {
        "C": POSITIVE,
        "learning_rate": POSITIVE,
        "n_iter": COUNT,
    }

    def __init__(self, C: float = 1.0, learning_rate: float = 0.01, n_iter: int = 500) -> None:
        self.C = C
        self.learning_rate = learning_rate
        self.n_iter = n_iter

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate_params()
        X, y = check_X_y(X, y)
        t = 2.0 * self._binary_labels(y) - 1.0
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
                result: np.ndarray = 0.5 * np.sum(regular * block * block, axis=1) + C * hinge
                return result

            history = _batched_history(X1, iterates, objective)
        return self._learned(w, history)


# ---------------------------------------------------------------- penalised least squares


class RidgeRegression(_LinearRegressor):
    """Least squares with an L2 penalty, solved in closed form.

    Minimises ||y - Xw - b||^2 + alpha ||w||^2. The data are centred first so the intercept
    is not penalised: w = (Xc'Xc + alpha I)^-1 Xc'yc and b = mean(y) - mean(X).w. With
    ``alpha=0`` this is ordinary least squares (the minimum-norm solution if X is singular).

    Learned: ``coef_`` (1-D), ``intercept_`` (float).
    """

    constraints: ClassVar[dict[str, Constraint]] = {"alpha": NON_NEGATIVE}

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate_params()
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

    constraints: ClassVar[dict[str, Constraint]] = {
        "alpha": NON_NEGATIVE,
        "max_iter": COUNT,
        "tol": NON_NEGATIVE,
    }

    def __init__(self, alpha: float = 0.1, max_iter: int = 1000, tol: float = 1e-6) -> None:
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate_params()
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
