"""Naive Bayes: per class, independent normal features."""

from __future__ import annotations

from typing import ClassVar, Self

import numpy as np
from numpy.typing import ArrayLike

from tutor.demos.estimators.base import BaseEstimator, accuracy_score, check_X_y
from tutor.demos.estimators.validation import NON_NEGATIVE, Constraint

__all__ = ["GaussianNB"]


class GaussianNB(BaseEstimator):
    """Gaussian naive Bayes: per class, independent normal features.

    ``var_smoothing`` is a hyperparameter, but the amount actually added to every variance,
    ``epsilon_ = var_smoothing * max feature variance``, depends on the data, so it is a
    learned attribute (it keeps a constant feature from dividing by zero).

    Learned: ``classes_``, ``theta_`` and ``var_`` (per-class means and smoothed population
    variances, shape (n_classes, n_features)), ``class_prior_``, ``epsilon_``.
    """

    constraints: ClassVar[dict[str, Constraint]] = {"var_smoothing": NON_NEGATIVE}

    def __init__(self, var_smoothing: float = 1e-9) -> None:
        self.var_smoothing = var_smoothing

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate_params()
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
                f"{type(self).__name__}: a feature has zero variance within a class even "
                "after smoothing; use a positive var_smoothing and data whose features are not "
                "all constant"
            )
        self.classes_ = classes
        self.theta_ = theta
        self.var_ = var
        self.class_prior_ = np.bincount(codes) / X.shape[0]
        self.epsilon_ = epsilon
        return self

    def _joint_log_likelihood(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("theta_")
        X = self._check_features(X, self.theta_.shape[1])
        log_norm = -0.5 * np.sum(np.log(2.0 * np.pi * self.var_), axis=1)
        squared = ((X[:, None, :] - self.theta_[None]) ** 2 / self.var_[None]).sum(axis=2)
        result: np.ndarray = np.log(self.class_prior_) + log_norm - 0.5 * squared
        return result

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Posterior class probabilities, columns ordered as classes_."""
        jll = self._joint_log_likelihood(X)
        jll -= jll.max(axis=1, keepdims=True)
        probabilities = np.exp(jll)
        result: np.ndarray = probabilities / probabilities.sum(axis=1, keepdims=True)
        return result

    def predict(self, X: ArrayLike) -> np.ndarray:
        jll = self._joint_log_likelihood(X)
        result: np.ndarray = self.classes_[jll.argmax(axis=1)]
        return result

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        self._check_fitted("theta_")
        X, y = check_X_y(X, y)
        return accuracy_score(y, self.predict(X))
