"""The CART tree against brute-force Gini splits, its limits and its node layout."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.estimator_data import three_classes
from tutor.demos.estimators.tree import DecisionTreeClassifier


def gini_cost(labels: np.ndarray) -> float:
    """n * Gini impurity of a node."""
    if len(labels) == 0:
        return 0.0
    _, counts = np.unique(labels, return_counts=True)
    return len(labels) - float(np.sum(counts**2)) / len(labels)


def test_tree_root_split_is_the_best_gini_split_found_by_brute_force() -> None:
    X, y = three_classes(50, n=60, d=3)
    best = (math.inf, -1, math.nan)
    for feature in range(X.shape[1]):
        values = np.unique(X[:, feature])
        for threshold in (values[:-1] + values[1:]) / 2:
            goes_left = X[:, feature] <= threshold
            cost = gini_cost(y[goes_left]) + gini_cost(y[~goes_left])
            if cost < best[0] - 1e-12:
                best = (cost, feature, threshold)
    tree = DecisionTreeClassifier(max_depth=1).fit(X, y)
    assert tree.features_.tolist() == [best[1]]
    assert tree.thresholds_[0] == pytest.approx(best[2], abs=1e-12)


def test_tree_splits_a_step_function_exactly_at_the_midpoint() -> None:
    rng = np.random.default_rng(51)
    x = rng.uniform(0, 10, size=60)
    y = (x > 6.3).astype(float)
    tree = DecisionTreeClassifier(max_depth=1).fit(x, y)
    midpoint = (x[x <= 6.3].max() + x[x > 6.3].min()) / 2
    assert tree.thresholds_.tolist() == [midpoint]
    assert tree.features_.tolist() == [0]
    assert (tree.n_leaves_, tree.depth_) == (2, 1)
    assert tree.score(x, y) == 1.0
    assert tree.predict([[midpoint]]).tolist() == [0.0]  # x <= threshold goes left
    assert tree.predict([[np.nextafter(midpoint, 10)]]).tolist() == [1.0]
    assert DecisionTreeClassifier(max_depth=5).fit(x, y).n_leaves_ == 2  # pure leaves stop


@pytest.mark.parametrize("max_depth", [1, 2, 3, 5])
def test_tree_respects_max_depth(max_depth: int) -> None:
    X, y = three_classes(52)
    tree = DecisionTreeClassifier(max_depth=max_depth).fit(X, y)
    assert tree.depth_ == max_depth  # noisy classes keep every level worth splitting
    assert tree.tree_.depth.max() == tree.depth_
    assert len(tree.thresholds_) == len(tree.features_) == tree.n_leaves_ - 1
    assert tree.n_leaves_ <= 2**max_depth


def test_tree_grown_to_pure_leaves_fits_its_training_set() -> None:
    X, y = three_classes(53)
    tree = DecisionTreeClassifier(max_depth=None).fit(X, y)
    assert tree.score(X, y) == 1.0
    leaf_counts = tree.tree_.value[tree.tree_.is_leaf]
    assert np.all(np.count_nonzero(leaf_counts, axis=1) == 1)


def test_tree_respects_min_samples_leaf() -> None:
    X, y = three_classes(54)
    tree = DecisionTreeClassifier(max_depth=None, min_samples_leaf=7).fit(X, y)
    assert tree.tree_.n_samples[tree.tree_.is_leaf].min() >= 7
    assert tree.score(X, y) < 1.0


def test_tree_nodes_are_in_preorder_and_predict_walks_them() -> None:
    X, y = three_classes(55, d=3)
    tree = DecisionTreeClassifier(max_depth=4).fit(X, y)
    structure = tree.tree_
    preorder: list[int] = []
    stack = [0]
    while stack:
        node = stack.pop()
        preorder.append(node)
        if structure.feature[node] >= 0:
            stack += [int(structure.right[node]), int(structure.left[node])]
    assert preorder == list(range(structure.n_nodes))
    internal = structure.feature >= 0
    assert np.array_equal(tree.thresholds_, structure.threshold[internal])
    assert np.array_equal(tree.features_, structure.feature[internal])
    for row, predicted in zip(X, tree.predict(X), strict=True):
        node = 0
        while structure.feature[node] >= 0:
            goes_left = row[structure.feature[node]] <= structure.threshold[node]
            node = structure.left[node] if goes_left else structure.right[node]
        assert predicted == tree.classes_[np.argmax(structure.value[node])]
    proba = tree.predict_proba(X)
    assert np.allclose(proba.sum(axis=1), 1.0)
