"""k-nearest neighbours against a brute-force loop."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from tests.estimator_data import three_classes
from tutor.demos.estimators.neighbors import KNeighborsClassifier


def brute_force_knn(
    X_train: np.ndarray, y_train: np.ndarray, X: np.ndarray, k: int, p: float
) -> np.ndarray:
    out = []
    for x in X:
        if math.isinf(p):
            distances = [float(np.max(np.abs(row - x))) for row in X_train]
        else:
            distances = [float(np.sum(np.abs(row - x) ** p) ** (1 / p)) for row in X_train]
        nearest = sorted(range(len(X_train)), key=lambda j: (distances[j], j))[:k]
        votes = Counter(float(y_train[j]) for j in nearest)
        top = max(votes.values())
        out.append(min(label for label, count in votes.items() if count == top))
    return np.array(out)


@pytest.mark.parametrize("p", [1, 2, 3, math.inf])
@pytest.mark.parametrize("k", [1, 4, 7])
def test_knn_matches_a_brute_force_loop(p: float, k: int) -> None:
    X, y = three_classes(40, n=80)
    X_new, _ = three_classes(41, n=40)
    model = KNeighborsClassifier(n_neighbors=k, p=p).fit(X, y)
    assert np.array_equal(model.predict(X_new), brute_force_knn(X, y, X_new, k, p))


def test_knn_breaks_distance_ties_by_training_order() -> None:
    X = np.array([[0.0], [2.0], [-1.0], [1.0], [-2.0]])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    query = np.array([[0.0], [0.5]])
    for k in (1, 2, 3, 4):
        model = KNeighborsClassifier(n_neighbors=k, p=1).fit(X, y)
        assert np.array_equal(model.predict(query), brute_force_knn(X, y, query, k, 1))


def test_knn_with_one_neighbour_recalls_its_training_set() -> None:
    X, y = three_classes(42)
    model = KNeighborsClassifier(n_neighbors=1).fit(X, y)
    assert model.score(X, y) == 1.0
    assert KNeighborsClassifier(n_neighbors=15).fit(X, y).score(X, y) < 1.0


def test_knn_fit_only_memorises_a_copy_of_the_data() -> None:
    X, y = three_classes(43)
    model = KNeighborsClassifier().fit(X, y)
    assert np.array_equal(model.X_train_, X) and np.array_equal(model.y_train_, y)
    X[:] = 0.0
    assert not np.array_equal(model.X_train_, X)
