"""Clustering: k-means (Lloyd's algorithm with k-means++ starts)."""

from __future__ import annotations

from typing import Any, ClassVar, Self

import numpy as np
from numpy.typing import ArrayLike

from tutor.demos.estimators.base import BaseEstimator, check_X
from tutor.demos.estimators.validation import COUNT, SEED, Constraint, OneOf

__all__ = ["KMeans"]


def _squared_distances(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    result: np.ndarray = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    return result


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

    constraints: ClassVar[dict[str, Constraint]] = {
        "n_clusters": COUNT,
        "max_iter": COUNT,
        "random_state": SEED,
        "init": OneOf(("k-means++", "random"), array_ok=True),
    }

    def __init__(
        self,
        n_clusters: int = 3,
        max_iter: int = 100,
        random_state: int | None = 0,
        init: str | ArrayLike = "k-means++",
    ) -> None:
        self.n_clusters = n_clusters
        self.max_iter = max_iter
        self.random_state = random_state
        self.init = init

    def _initial_centers(self, X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
        if isinstance(self.init, str):  # validated: "k-means++" or "random"
            if self.init == "k-means++":
                return _kmeans_plus_plus(X, k, rng)
            return X[rng.choice(X.shape[0], size=k, replace=False)].copy()
        centers = check_X(self.init).copy()
        if centers.shape != (k, X.shape[1]):
            raise ValueError(f"init has shape {centers.shape}, expected ({k}, {X.shape[1]})")
        return centers

    def fit(self, X: Any, y: Any = None) -> Self:
        del y  # unsupervised; accepted for a uniform fit(X, y) call
        self._validate_params()
        k = int(self.n_clusters)
        max_iter = int(self.max_iter)
        rng = np.random.default_rng(self.random_state)
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
        X_checked = self._check_features(X, self.cluster_centers_.shape[1])
        result: np.ndarray = _squared_distances(X_checked, self.cluster_centers_).argmin(axis=1)
        return result

    def score(self, X: Any, y: Any = None) -> float:
        """Minus the inertia of X around the learned centres (higher is better)."""
        del y
        self._check_fitted("cluster_centers_")
        X_checked = self._check_features(X, self.cluster_centers_.shape[1])
        return -float(_squared_distances(X_checked, self.cluster_centers_).min(axis=1).sum())
