"""Nearest neighbours: a model whose "parameters" are the training data themselves."""

from __future__ import annotations

import math
from typing import ClassVar, Self

import numpy as np
from numpy.typing import ArrayLike

from tutor.demos.estimators.base import BaseEstimator, accuracy_score, check_X_y
from tutor.demos.estimators.validation import COUNT, Constraint, Real

__all__ = ["KNeighborsClassifier"]


class KNeighborsClassifier(BaseEstimator):
    """k-nearest-neighbours classification by majority vote under the Minkowski-p distance.

    k-NN learns no weights: ``fit`` only memorises the training data (``X_train_``,
    ``y_train_``), and every prediction is computed from that stored copy. Its learned
    "parameters" are therefore the data themselves, which grow with the training set,
    while ``n_neighbors`` and ``p`` are chosen beforehand. Ties in distance go to the
    earlier training row; ties in the vote go to the smaller label.
    """

    constraints: ClassVar[dict[str, Constraint]] = {
        "n_neighbors": COUNT,
        "p": Real(low=1.0, low_inclusive=True, inf_ok=True),
    }

    def __init__(self, n_neighbors: int = 5, p: float = 2) -> None:
        self.n_neighbors = n_neighbors
        self.p = p

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate_params()
        X, y = check_X_y(X, y)
        if self.n_neighbors > X.shape[0]:
            raise ValueError(
                f"{type(self).__name__}: n_neighbors={self.n_neighbors} but only {X.shape[0]} "
                "training samples"
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
        result: np.ndarray
        if p == 2.0:
            squared = (X * X).sum(axis=1)[:, None] + (train * train).sum(axis=1)[None, :]
            squared -= 2.0 * (X @ train.T)
            result = np.maximum(squared, 0.0)
            return result
        diff = np.abs(X[:, None, :] - train[None, :, :])
        if math.isinf(p):
            result = diff.max(axis=2)
        elif p == 1.0:
            result = diff.sum(axis=2)
        else:
            result = (diff**p).sum(axis=2)
        return result

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("X_train_")
        X = self._check_features(X, self.X_train_.shape[1])
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
        return accuracy_score(y, self.predict(X))
