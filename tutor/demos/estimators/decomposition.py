"""Decomposition: principal component analysis."""

from __future__ import annotations

from typing import ClassVar, Self

import numpy as np
from numpy.typing import ArrayLike

from tutor.demos.estimators.base import BaseEstimator, check_X, check_X_y
from tutor.demos.estimators.validation import COUNT, Constraint

__all__ = ["PCA"]


class PCA(BaseEstimator):
    """Principal component analysis via the SVD of the centred data.

    Each component's sign is fixed so its largest-magnitude entry is positive; the SVD
    alone leaves the sign arbitrary, and a demo that refits must not flip its picture.
    ``y`` is ignored (PCA is unsupervised) but checked against X when given.

    Learned: ``mean_``, ``components_`` (n_components x n_features, orthonormal rows),
    ``explained_variance_`` (variance along each component, ddof=1),
    ``explained_variance_ratio_``, ``singular_values_``.
    """

    constraints: ClassVar[dict[str, Constraint]] = {"n_components": COUNT}

    def __init__(self, n_components: int = 2) -> None:
        self.n_components = n_components

    def fit(self, X: ArrayLike, y: ArrayLike | None = None) -> Self:
        self._validate_params()
        name = type(self).__name__
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
        X = self._check_features(X, self.mean_.shape[0])
        result: np.ndarray = (X - self.mean_) @ self.components_.T
        return result

    def fit_transform(self, X: ArrayLike, y: ArrayLike | None = None) -> np.ndarray:
        return self.fit(X, y).transform(X)

    def inverse_transform(self, Z: ArrayLike) -> np.ndarray:
        """Back to feature space: the projection of the original points onto the components."""
        self._check_fitted("components_")
        Z = self._check_features(Z, self.components_.shape[0])
        result: np.ndarray = Z @ self.components_ + self.mean_
        return result

    def reconstruction_error(self, X: ArrayLike) -> float:
        """Mean over samples of the squared distance between a point and its reconstruction."""
        self._check_fitted("components_")
        X = self._check_features(X, self.mean_.shape[0])
        residual = X - self.inverse_transform(self.transform(X))
        return float(np.mean(np.sum(residual * residual, axis=1)))

    def score(self, X: ArrayLike, y: ArrayLike | None = None) -> float:
        """Negative reconstruction error, so that higher is better as for the other models."""
        del y
        return -self.reconstruction_error(X)
