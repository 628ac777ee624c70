"""Decision trees: CART growth on presorted data, and the flat structure a fitted tree keeps.

``TreeGrower`` is shared with the ensembles (a forest's trees, boosting's regression trees).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Self

import numpy as np
from numpy.typing import ArrayLike

from tutor.demos.estimators.base import BaseEstimator, accuracy_score, check_X_y
from tutor.demos.estimators.validation import COUNT, SEED, Constraint, Integer

__all__ = ["DecisionTreeClassifier", "TreeGrower", "TreeStructure"]

# A tree's depth limit: None grows until the leaves are pure.
DEPTH = Integer(low=1, none_ok=True)


@dataclass(frozen=True, eq=False)
class TreeStructure:
    """A fitted binary tree as flat arrays indexed by node, in preorder (node 0 is the root).

    A sample goes to ``left`` when ``x[feature] <= threshold``. Leaves have ``feature == -1``,
    ``threshold`` NaN and children -1. ``value`` holds, per node, the class counts (trees that
    classify) or the mean target in a one-column array (trees that regress).
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    n_samples: np.ndarray
    depth: np.ndarray
    n_features: int

    @property
    def n_nodes(self) -> int:
        return int(self.feature.shape[0])

    @property
    def is_leaf(self) -> np.ndarray:
        return self.feature < 0

    def apply(self, X: np.ndarray) -> np.ndarray:
        """Index of the leaf each row of X lands in; one vectorised step per tree level."""
        node = np.zeros(X.shape[0], dtype=np.intp)
        rows = np.arange(X.shape[0])
        for _ in range(int(self.depth.max())):
            feature = self.feature[node]
            internal = feature >= 0
            if not internal.any():
                break
            go_left = X[rows, np.where(internal, feature, 0)] <= self.threshold[node]
            child = np.where(go_left, self.left[node], self.right[node])
            node = np.where(internal, child, node)
        return node


def _presort(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row indices sorted by each feature, and the sorted values; both (n_features, n)."""
    order = np.argsort(X.T, axis=1, kind="stable")
    return order, np.take_along_axis(X.T, order, axis=1)


class TreeGrower:
    """Greedy CART growth on presorted data, depth first, numbering nodes in preorder.

    Every node carries its rows sorted by every feature (``order``) and the sorted values
    (``xs``), so no node sorts again: a split filters both with one boolean mask, keeping the
    order. All thresholds of all candidate features are scored at once from prefix sums:
    cumulative class counts (Gini) or cumulative sums of the node-centred target (squared
    error). ``n_classes == 0`` means regression. Candidate features are examined in a random
    order from ``rng`` (natural order when None) and the earlier feature wins an exact tie,
    then the lower threshold. With ``max_features`` each node draws that many candidates
    (the random forest's decorrelation) and falls back to the rest if none can split.
    """

    def __init__(
        self,
        X: np.ndarray,
        *,
        n_classes: int,
        max_depth: int | None,
        min_samples_leaf: int,
        max_features: int | None,
        rng: np.random.Generator | None,
    ) -> None:
        self.n_samples, self.n_features = X.shape
        self.order, self.xs = _presort(X)
        self.n_classes = n_classes
        self.class_ids = np.arange(n_classes)[:, None, None]
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.rng = rng
        self.natural = np.arange(self.n_features)
        self._tables: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def _table(self, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per node size: two weight rows for the split score and the min_samples_leaf block."""
        table = self._tables.get(m)
        if table is None:
            n_left = np.arange(1, m, dtype=float)
            n_right = m - n_left
            blocked = (n_left < self.min_samples_leaf) | (n_right < self.min_samples_leaf)
            if self.n_classes:
                table = (1.0 / n_left, 1.0 / n_right, blocked)
            else:
                table = (n_left, m / (n_left * n_right), blocked)
            self._tables[m] = table
        return table

    def _best_split(
        self, y: np.ndarray, order: np.ndarray, xs: np.ndarray, candidates: np.ndarray
    ) -> tuple[int, int, float] | None:
        """(feature, last left position in sorted order, threshold), or None."""
        o = order[candidates]
        x = xs[candidates]
        m = o.shape[1]
        first, second, blocked = self._table(m)
        if self.n_classes:
            # Gini: minimising sum(n_child * gini_child) = maximising
            # sum_k L_k^2 / n_left + sum_k R_k^2 / n_right over class counts L, R.
            codes = y[o]
            left = np.add.accumulate(codes[None] == self.class_ids, axis=2, dtype=float)
            left = left[:, :, :-1]
            right = np.bincount(codes[0], minlength=self.n_classes)[:, None, None] - left
            score = (left * left).sum(axis=0) * first + (right * right).sum(axis=0) * second
        else:
            # squared error: with S the left sum of the centred target, the reduction in
            # the sum of squared errors is S^2 * m / (n_left * n_right).
            values = y[o]
            left = np.add.accumulate(values, axis=1)[:, :-1]
            left -= first * (values[0].sum() / m)
            score = left * left * second
        invalid = x[:, :-1] >= x[:, 1:]  # equal values cannot be separated
        invalid |= blocked
        np.putmask(score, invalid, -np.inf)
        best = int(score.argmax())  # row-major: first candidate feature, then position
        row, position = divmod(best, m - 1)
        if invalid[row, position]:
            return None
        low, high = x[row, position], x[row, position + 1]
        threshold = (low + high) / 2.0
        if threshold >= high:  # adjacent floats: the midpoint rounds up to the upper value
            threshold = low
        return int(candidates[row]), position, float(threshold)

    def _split(
        self, y: np.ndarray, order: np.ndarray, xs: np.ndarray
    ) -> tuple[int, int, float] | None:
        examined = self.rng.permutation(self.n_features) if self.rng is not None else self.natural
        limit = self.max_features
        if limit is None or limit >= self.n_features:
            return self._best_split(y, order, xs, examined)
        split = self._best_split(y, order, xs, examined[:limit])
        if split is None:
            split = self._best_split(y, order, xs, examined[limit:])
        return split

    def grow(self, y: np.ndarray) -> tuple[TreeStructure, np.ndarray]:
        """The tree for target ``y`` (integer codes or floats), and each row's leaf."""
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[Any] = []
        n_samples: list[int] = []
        depth: list[int] = []
        leaf_of = np.empty(self.n_samples, dtype=np.intp)
        n_features = self.n_features
        # A child is pushed as (parent order, parent values, selection mask): its sorted
        # arrays are only cut out if it may split, which saves most of the work at leaves.
        Pending = tuple[np.ndarray, np.ndarray, np.ndarray | None, int, int, bool]
        stack: list[Pending] = [(self.order, self.xs, None, 0, -1, True)]
        while stack:
            order, xs, selection, level, parent, is_left = stack.pop()
            node = len(feature)
            if parent >= 0:
                (left if is_left else right)[parent] = node
            rows = order[0] if selection is None else order[0][selection[0]]
            m = rows.shape[0]
            may_split = (
                self.max_depth is None or level < self.max_depth
            ) and m >= 2 * self.min_samples_leaf
            if self.n_classes:
                counts = np.bincount(y[rows], minlength=self.n_classes)
                value.append(counts)
                may_split = may_split and int(counts.max()) < m
            else:
                y_node = y[rows]
                value.append((y_node.sum() / m,))
                may_split = may_split and bool(y_node.min() < y_node.max())
            n_samples.append(m)
            depth.append(level)
            left.append(-1)
            right.append(-1)
            split = None
            if may_split:
                if selection is not None:
                    order = order[selection].reshape(n_features, m)
                    xs = xs[selection].reshape(n_features, m)
                split = self._split(y, order, xs)
            if split is None:
                feature.append(-1)
                threshold.append(math.nan)
                leaf_of[rows] = node
                continue
            best_feature, position, best_threshold = split
            feature.append(best_feature)
            threshold.append(best_threshold)
            goes_left = np.zeros(self.n_samples, dtype=bool)
            goes_left[order[best_feature, : position + 1]] = True
            mask = goes_left[order]
            stack.append((order, xs, ~mask, level + 1, node, False))  # popped second
            stack.append((order, xs, mask, level + 1, node, True))
        tree = TreeStructure(
            feature=np.array(feature, dtype=np.intp),
            threshold=np.array(threshold, dtype=float),
            left=np.array(left, dtype=np.intp),
            right=np.array(right, dtype=np.intp),
            value=np.array(value, dtype=float),
            n_samples=np.array(n_samples, dtype=np.intp),
            depth=np.array(depth, dtype=np.intp),
            n_features=self.n_features,
        )
        return tree, leaf_of


class DecisionTreeClassifier(BaseEstimator):
    """CART classification tree: greedy Gini splits on midpoints between sorted values.

    At each node every feature and every midpoint between consecutive distinct values is
    scored, and the split with the lowest weighted Gini impurity is kept. A node becomes a
    leaf when it is pure, at ``max_depth`` (``None``: no limit), or when no split leaves
    ``min_samples_leaf`` samples on each side. ``random_state`` only shuffles the order in
    which features are examined, which decides exact ties (as in scikit-learn).

    Learned: ``classes_``, ``tree_`` (a ``TreeStructure``), ``features_`` and
    ``thresholds_`` (split feature and threshold of each internal node, in preorder),
    ``n_leaves_``, ``depth_``.
    """

    constraints: ClassVar[dict[str, Constraint]] = {
        "max_depth": DEPTH,
        "min_samples_leaf": COUNT,
        "random_state": SEED,
    }

    def __init__(
        self, max_depth: int | None = 3, min_samples_leaf: int = 1, random_state: int | None = 0
    ) -> None:
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf
        self.random_state = random_state

    def fit(self, X: ArrayLike, y: ArrayLike) -> Self:
        self._validate_params()
        X, y = check_X_y(X, y)
        classes, codes = np.unique(y, return_inverse=True)
        return self.fit_codes(X, codes, classes, max_features=None)

    def fit_codes(
        self, X: np.ndarray, codes: np.ndarray, classes: np.ndarray, max_features: int | None
    ) -> Self:
        """Fit on checked X and integer class codes (indices into ``classes``).

        A forest calls this with its own label set, so that every tree's ``classes_`` is the
        forest's even when a bootstrap misses a class, and with ``max_features``.
        """
        rng = np.random.default_rng(self.random_state)
        grower = TreeGrower(
            X,
            n_classes=classes.shape[0],
            max_depth=self.max_depth,
            min_samples_leaf=int(self.min_samples_leaf),
            max_features=max_features,
            rng=rng,
        )
        tree, _ = grower.grow(codes.astype(np.intp))
        internal = ~tree.is_leaf
        self.classes_ = classes.copy()
        self.tree_ = tree
        self.features_ = tree.feature[internal].copy()
        self.thresholds_ = tree.threshold[internal].copy()
        self.n_leaves_ = int(np.count_nonzero(tree.is_leaf))
        self.depth_ = int(tree.depth.max())
        return self

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class frequencies in the leaf each sample reaches, columns ordered as classes_."""
        self._check_fitted("tree_")
        X = self._check_features(X, self.tree_.n_features)
        counts = self.tree_.value[self.tree_.apply(X)]
        result: np.ndarray = counts / counts.sum(axis=1, keepdims=True)
        return result

    def predict_codes(self, X: np.ndarray) -> np.ndarray:
        """Index into ``classes_`` of each checked row's predicted class."""
        result: np.ndarray = self.tree_.value[self.tree_.apply(X)].argmax(axis=1)
        return result

    def predict(self, X: ArrayLike) -> np.ndarray:
        self._check_fitted("tree_")
        X = self._check_features(X, self.tree_.n_features)
        result: np.ndarray = self.classes_[self.predict_codes(X)]
        return result

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        self._check_fitted("tree_")
        X, y = check_X_y(X, y)
        return accuracy_score(y, self.predict(X))
