"""Data and helpers shared by the estimator tests: seeded sets with known structure."""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

import numpy as np

from tutor.demos.estimators.base import BaseEstimator
from tutor.demos.estimators.tree import TreeStructure

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])

Data = tuple[np.ndarray, np.ndarray | None]


def noisy_line(seed: int = 0, n: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Points around y = 2.5x - 1 for x in [0, 4]."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 4.0, n)
    return x, 2.5 * x - 1.0 + rng.normal(0.0, 0.7, n)


def binary_blobs(seed: int, n: int = 200, d: int = 2, separation: float = 3.0) -> Data:
    """Two Gaussian blobs (labels 0 and 1) centred at -separation/2 and +separation/2."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0.0, 1.0], [n // 2, n - n // 2])
    X = rng.normal(size=(n, d)) + (y[:, None] - 0.5) * separation
    return X, y


def three_classes(seed: int, n: int = 150, d: int = 2) -> Data:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n).astype(float)
    centres = np.array([[0.0, 0.0], [2.0, 1.0], [0.0, 2.5]])
    X = rng.normal(size=(n, d))
    X[:, :2] += centres[y.astype(int)]
    return X, y


def linear_regression_data(seed: int, n: int = 150, d: int = 5, noise: float = 0.5) -> Data:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) + rng.normal(size=d)
    true_coef = np.zeros(d)
    true_coef[:3] = [3.0, -2.0, 1.0][: min(3, d)]
    y = X @ true_coef + 4.0 + noise * rng.normal(size=n)
    return X, y


def nonlinear_regression_data(seed: int, n: int = 150) -> Data:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, size=(n, 2))
    y = np.sin(X[:, 0]) + 0.5 * np.sign(X[:, 1]) + 0.1 * rng.normal(size=n)
    return X, y


def unsupervised_data(seed: int, n: int = 120, d: int = 4) -> Data:
    rng = np.random.default_rng(seed)
    mixing = rng.normal(size=(d, d))
    return rng.normal(size=(n, d)) * np.linspace(3.0, 0.5, d) @ mixing + 1.0, None


def same(a: Any, b: Any) -> bool:
    """Deep equality for learned attributes (arrays, lists, trees, fitted sub-models)."""
    if isinstance(a, BaseEstimator):
        return (
            type(a) is type(b)
            and a.get_params() == b.get_params()
            and same(a.learned_attributes(), b.learned_attributes())
        )
    if isinstance(a, TreeStructure):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in fields(a))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray):
        return a.shape == np.shape(b) and bool(np.array_equal(a, b, equal_nan=True))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return bool(a == b)
