"""Ensembles of trees: a random forest (bagging) and gradient boosting."""

from __future__ import annotations

import math
from typing import ClassVar, Self

import numpy as np
from numpy.typing import ArrayLike

from tutor.demos.estimators.base import BaseEstimator, accuracy_score, check_X_y, r2_score
from tutor.demos.estimators.tree import DEPTH, DecisionTreeClassifier, TreeGrower, TreeStructure
from tutor.demos.estimators.validation import COUNT, POSITIVE, SEED, Constraint

__all__ = ["GradientBoostingRegressor", "RandomForestClassifier"]


class RandomForestClassifier(BaseEstimator):
    """Bagged CART trees that each consider sqrt(n_features) random features per split.

    Each tree sees a bootstrap sample (n rows drawn with replacement) and, at every node,
    a random subset of max(1, floor(sqrt(n_features))) candidate features; the forest
    predicts by majority vote (ties go to the smaller label). ``random_state`` fixes the
    bootstraps and the feature draws, so equal seeds give identical forests.

    Learned: ``classes_``, ``estimators_`` (fitted ``DecisionTreeClassifier`` objects).
    """

    constraints: ClassVar[dict[str, Constraint]] = {
        "n_estimators": COUNT,
        "max_depth": DEPTH,
        "random_state": SEED,
    }

    def __init__(
        self, n_estimators: int = 10, max_depth: int | None = 3, random_state: int | None = 0
    ) -> None:
        self.n_estimators = n_estimators
        self.max_depth = max_depth
        self.random_state = random_state

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate_params()
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
            trees.append(tree.fit_codes(X[rows], codes[rows], classes, max_features))
        self.classes_ = classes.copy()
        self.estimators_ = trees
        return self

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("estimators_")
        X = self._check_features(X, self.estimators_[0].tree_.n_features)
        votes = np.zeros((X.shape[0], self.classes_.shape[0]))
        rows = np.arange(X.shape[0])
        for tree in self.estimators_:
            votes[rows, tree.predict_codes(X)] += 1.0
        result: np.ndarray = self.classes_[votes.argmax(axis=1)]
        return result

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        self._check_fitted("estimators_")
        X, y = check_X_y(X, y)
        return accuracy_score(y, self.predict(X))


class GradientBoostingRegressor(BaseEstimator):
    """Least-squares gradient boosting of small regression trees.

    Starts from the mean of y; each stage fits a squared-error regression tree of depth
    ``max_depth`` (1 = a stump) to the current residuals and adds ``learning_rate`` times
    its prediction. With 0 < learning_rate <= 1 the training error never increases from one
    stage to the next, which ``train_score_history_`` (training R^2 after each stage) shows.

    Learned: ``init_`` (float), ``estimators_`` (``TreeStructure`` per stage, leaf value =
    mean residual), ``train_score_history_``.
    """

    constraints: ClassVar[dict[str, Constraint]] = {
        "n_estimators": COUNT,
        "learning_rate": POSITIVE,
        "max_depth": COUNT,
    }

    def __init__(
        self, n_estimators: int = 50, learning_rate: float = 0.1, max_depth: int = 1
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.max_depth = max_depth

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate_params()
        X, y = check_X_y(X, y)
        init = float(y.mean())
        prediction = np.full(y.shape[0], init)
        lr = float(self.learning_rate)
        trees: list[TreeStructure] = []
        history = np.empty(self.n_estimators)
        # X is the same at every stage, so it is sorted once and the grower reused.
        grower = TreeGrower(
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
                history[stage] = r2_score(y, prediction)
        self.init_ = init
        self.estimators_ = trees
        self.train_score_history_ = history
        return self

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("estimators_")
        X = self._check_features(X, self.estimators_[0].n_features)
        prediction = np.full(X.shape[0], self.init_)
        lr = float(self.learning_rate)
        for tree in self.estimators_:
            prediction += lr * tree.value[tree.apply(X), 0]
        return prediction

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """R^2 on (X, y)."""
        self._check_fitted("estimators_")
        X, y = check_X_y(X, y)
        return r2_score(y, self.predict(X))
