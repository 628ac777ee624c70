"""The random forest and gradient boosting: seeds, votes, stages and their trees."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pytest

from tests.estimator_data import Data, nonlinear_regression_data, same, three_classes
from tutor.demos.estimators.ensemble import GradientBoostingRegressor, RandomForestClassifier
from tutor.demos.estimators.tree import DecisionTreeClassifier

# --------------------------------------------------------------------------- random forest


def circle_task(seed: int, n: int) -> Data:
    """A round class boundary with 10% of the labels flipped."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, 2))
    y = (np.sum(X**2, axis=1) < 1.8).astype(float)
    flip = rng.random(n) < 0.1
    y[flip] = 1 - y[flip]
    return X, y


def test_forest_is_deterministic_under_random_state() -> None:
    X, y = circle_task(60, 200)
    first = RandomForestClassifier(random_state=7).fit(X, y)
    second = RandomForestClassifier(random_state=7).fit(X, y)
    other = RandomForestClassifier(random_state=8).fit(X, y)
    assert same(first.learned_attributes(), second.learned_attributes())
    assert np.array_equal(first.predict(X), second.predict(X))
    assert not same(first.learned_attributes(), other.learned_attributes())


def test_forest_trees_differ_and_share_the_forest_labels() -> None:
    X, y = three_classes(61)
    forest = RandomForestClassifier(n_estimators=6, max_depth=2).fit(X, y)
    assert len(forest.estimators_) == 6
    for tree in forest.estimators_:
        assert isinstance(tree, DecisionTreeClassifier)
        assert tree.get_params()["max_depth"] == 2
        assert np.array_equal(tree.classes_, forest.classes_)
        assert tree.depth_ <= 2
    thresholds = {tuple(tree.thresholds_) for tree in forest.estimators_}
    assert len(thresholds) == 6  # bootstraps and feature draws make every tree different


def test_forest_trees_draw_random_candidate_features_at_each_split() -> None:
    rng = np.random.default_rng(65)
    X = rng.normal(size=(120, 4))
    y = (X[:, 0] > 0).astype(float)  # feature 0 alone decides the label
    forest = RandomForestClassifier(n_estimators=20, max_depth=1).fit(X, y)
    roots = [int(tree.features_[0]) for tree in forest.estimators_]
    # with sqrt(4) = 2 candidates per split, feature 0 is missing from half the draws,
    # so some roots must settle for a weaker feature; a tree seeing every feature never would
    assert 0 < roots.count(0) < len(roots)
    full = DecisionTreeClassifier(max_depth=1).fit(X, y)
    assert full.features_.tolist() == [0]


def test_forest_beats_or_matches_a_stump_on_a_noisy_task() -> None:
    X, y = circle_task(62, 300)
    X_test, y_test = circle_task(63, 1000)
    stump = DecisionTreeClassifier(max_depth=1).fit(X, y).score(X_test, y_test)
    forest = RandomForestClassifier(n_estimators=25).fit(X, y).score(X_test, y_test)
    assert forest >= stump
    assert forest >= 0.75


def test_forest_votes_like_its_trees() -> None:
    X, y = three_classes(64)
    forest = RandomForestClassifier(n_estimators=5).fit(X, y)
    votes = np.stack([tree.predict(X) for tree in forest.estimators_])
    expected = [
        min(label for label in set(col) if list(col).count(label) == max(Counter(col).values()))
        for col in votes.T.tolist()
    ]
    assert forest.predict(X).tolist() == expected


# --------------------------------------------------------------------------- gradient boosting


def test_boosting_training_fit_improves_with_more_stages() -> None:
    X, y = nonlinear_regression_data(70)
    scores = [
        GradientBoostingRegressor(n_estimators=m).fit(X, y).score(X, y) for m in (1, 5, 20, 50, 150)
    ]
    assert all(a < b for a, b in itertools.pairwise(scores))
    model = GradientBoostingRegressor(n_estimators=80, max_depth=2, learning_rate=0.3).fit(X, y)
    history = model.train_score_history_
    assert np.all(np.diff(history) >= -1e-12)
    assert history[-1] == pytest.approx(model.score(X, y))
    assert model.init_ == pytest.approx(y.mean())


def test_boosting_stages_are_a_prefix_of_a_longer_run() -> None:
    X, y = nonlinear_regression_data(71)
    short = GradientBoostingRegressor(n_estimators=10).fit(X, y)
    long = GradientBoostingRegressor(n_estimators=30).fit(X, y)
    assert same(short.estimators_, long.estimators_[:10])
    assert np.array_equal(short.train_score_history_, long.train_score_history_[:10])


def test_boosting_first_stump_is_the_best_squared_error_split() -> None:
    X, y = nonlinear_regression_data(72, n=80)
    residual = y - y.mean()
    best = (math.inf, -1, math.nan)
    for feature in range(X.shape[1]):
        values = np.unique(X[:, feature])
        for threshold in (values[:-1] + values[1:]) / 2:
            goes_left = X[:, feature] <= threshold
            sse = sum(
                float(np.sum((part - part.mean()) ** 2))
                for part in (residual[goes_left], residual[~goes_left])
            )
            if sse < best[0] - 1e-9:
                best = (sse, feature, threshold)
    stump = GradientBoostingRegressor(n_estimators=1, learning_rate=1.0).fit(X, y).estimators_[0]
    assert stump.n_nodes == 3
    assert stump.feature[0] == best[1]
    assert stump.threshold[0] == pytest.approx(best[2], abs=1e-12)
    goes_left = X[:, best[1]] <= best[2]
    assert stump.value[1, 0] == pytest.approx(residual[goes_left].mean())
    assert stump.value[2, 0] == pytest.approx(residual[~goes_left].mean())


@pytest.mark.parametrize("max_depth", [1, 2, 3])
def test_boosting_trees_respect_max_depth(max_depth: int) -> None:
    X, y = nonlinear_regression_data(73)
    model = GradientBoostingRegressor(n_estimators=10, max_depth=max_depth).fit(X, y)
    assert max(int(tree.depth.max()) for tree in model.estimators_) == max_depth
