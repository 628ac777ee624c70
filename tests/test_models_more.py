"""Tests for the estimators beyond gradient-descent regression, k-means and the MLP.

Each model is checked against a reference computed here (closed forms, numpy.linalg,
brute-force loops, optimality conditions), and every class is held to the estimator rules
the lessons teach: hyperparameters in ``__init__`` stored untouched, learned attributes
ending in ``_``, ``fit`` returning ``self``.
"""

from __future__ import annotations

import inspect
import itertools
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.demos.estimators.base import BaseEstimator, NotFittedError
from tutor.demos.estimators.decomposition import PCA
from tutor.demos.estimators.ensemble import GradientBoostingRegressor, RandomForestClassifier
from tutor.demos.estimators.linear_model import (
    LassoRegression,
    LinearSVC,
    LogisticRegressionGD,
    RidgeRegression,
)
from tutor.demos.estimators.naive_bayes import GaussianNB
from tutor.demos.estimators.neighbors import KNeighborsClassifier
from tutor.demos.estimators.tree import DecisionTreeClassifier, TreeStructure

Data = tuple[np.ndarray, np.ndarray | None]

# --------------------------------------------------------------------------- data


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


# --------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    cls: type[BaseEstimator]
    defaults: dict[str, Any]
    learned: frozenset[str]
    data: Callable[[int], Data]
    invalid: tuple[dict[str, Any], ...]
    methods: tuple[str, ...]  # what needs a fitted model

    @property
    def supervised(self) -> bool:
        return self.cls is not PCA

    def __str__(self) -> str:
        return self.cls.__name__


_CLASSIFIER_METHODS = ("predict", "score")

CASES = [
    Case(
        LogisticRegressionGD,
        {"learning_rate": 0.1, "n_iter": 500, "C": 1.0},
        frozenset({"coef_", "intercept_", "loss_history_", "diverged_"}),
        binary_blobs,
        (
            {"learning_rate": 0.0},
            {"learning_rate": -0.1},
            {"learning_rate": math.nan},
            {"n_iter": 0},
            {"n_iter": 10.5},
            {"n_iter": True},
            {"C": 0.0},
            {"C": "1"},
        ),
        (*_CLASSIFIER_METHODS, "predict_proba", "decision_function"),
    ),
    Case(
        RidgeRegression,
        {"alpha": 1.0},
        frozenset({"coef_", "intercept_"}),
        linear_regression_data,
        ({"alpha": -1.0}, {"alpha": math.inf}, {"alpha": None}),
        ("predict", "score"),
    ),
    Case(
        LassoRegression,
        {"alpha": 0.1, "max_iter": 1000, "tol": 1e-6},
        frozenset({"coef_", "intercept_", "n_iter_"}),
        linear_regression_data,
        ({"alpha": -0.1}, {"max_iter": 0}, {"tol": -1e-3}, {"max_iter": 2.0}),
        ("predict", "score"),
    ),
    Case(
        KNeighborsClassifier,
        {"n_neighbors": 5, "p": 2},
        frozenset({"X_train_", "y_train_"}),
        three_classes,
        ({"n_neighbors": 0}, {"n_neighbors": 2.5}, {"n_neighbors": 10_000}, {"p": 0.5}),
        _CLASSIFIER_METHODS,
    ),
    Case(
        DecisionTreeClassifier,
        {"max_depth": 3, "min_samples_leaf": 1, "random_state": 0},
        frozenset({"classes_", "tree_", "features_", "thresholds_", "n_leaves_", "depth_"}),
        three_classes,
        (
            {"max_depth": 0},
            {"max_depth": 1.5},
            {"min_samples_leaf": 0},
            {"random_state": -1},
            {"random_state": "seed"},
        ),
        (*_CLASSIFIER_METHODS, "predict_proba"),
    ),
    Case(
        RandomForestClassifier,
        {"n_estimators": 10, "max_depth": 3, "random_state": 0},
        frozenset({"classes_", "estimators_"}),
        three_classes,
        ({"n_estimators": 0}, {"max_depth": -2}, {"random_state": 1.5}),
        _CLASSIFIER_METHODS,
    ),
    Case(
        GradientBoostingRegressor,
        {"n_estimators": 50, "learning_rate": 0.1, "max_depth": 1},
        frozenset({"init_", "estimators_", "train_score_history_"}),
        nonlinear_regression_data,
        ({"n_estimators": 0}, {"learning_rate": 0.0}, {"max_depth": 0}, {"max_depth": None}),
        ("predict", "score"),
    ),
    Case(
        GaussianNB,
        {"var_smoothing": 1e-9},
        frozenset({"classes_", "theta_", "var_", "class_prior_", "epsilon_"}),
        three_classes,
        ({"var_smoothing": -1e-9}, {"var_smoothing": math.nan}),
        (*_CLASSIFIER_METHODS, "predict_proba"),
    ),
    Case(
        PCA,
        {"n_components": 2},
        frozenset(
            {
                "components_",
                "mean_",
                "explained_variance_",
                "explained_variance_ratio_",
                "singular_values_",
            }
        ),
        unsupervised_data,
        ({"n_components": 0}, {"n_components": 99}, {"n_components": 1.0}),
        ("transform", "inverse_transform", "reconstruction_error", "score"),
    ),
    Case(
        LinearSVC,
        {"C": 1.0, "learning_rate": 0.01, "n_iter": 500},
        frozenset({"coef_", "intercept_", "loss_history_", "diverged_"}),
        binary_blobs,
        ({"C": -1.0}, {"learning_rate": 0.0}, {"n_iter": 0}),
        (*_CLASSIFIER_METHODS, "decision_function"),
    ),
]

by_case = pytest.mark.parametrize("case", CASES, ids=str)


def fit(model: BaseEstimator, X: np.ndarray, y: np.ndarray | None) -> BaseEstimator:
    return model.fit(X) if y is None else model.fit(X, y)


def call(model: BaseEstimator, method: str, X: np.ndarray, y: np.ndarray | None) -> Any:
    if method == "inverse_transform":
        return model.inverse_transform(np.zeros((X.shape[0], 2)))
    if method == "score" and y is not None:
        return model.score(X, y)
    return getattr(model, method)(X)


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


# --------------------------------------------------------------------------- estimator rules


@by_case
def test_hyperparameters_have_the_documented_names_and_defaults(case: Case) -> None:
    signature = inspect.signature(case.cls.__init__)
    declared = {
        name: parameter.default
        for name, parameter in signature.parameters.items()
        if name != "self"
    }
    assert declared == case.defaults
    assert case.cls().get_params() == case.defaults


@by_case
def test_init_stores_every_argument_unmodified_and_validates_nothing(case: Case) -> None:
    for name in case.defaults:
        marker = object()  # no validation or conversion could accept this silently
        model = case.cls(**{name: marker})
        assert getattr(model, name) is marker
        assert model.get_params()[name] is marker
    for bad in case.invalid:
        model = case.cls(**bad)  # even a value fit will refuse is stored as given
        for name, value in bad.items():
            assert model.get_params()[name] is value


@by_case
def test_invalid_hyperparameters_are_rejected_by_fit(case: Case) -> None:
    X, y = case.data(0)
    for bad in case.invalid:
        with pytest.raises(ValueError, match=next(iter(bad))):
            fit(case.cls(**bad), X, y)


@by_case
def test_set_params_updates_and_rejects_unknown_names(case: Case) -> None:
    model = case.cls()
    name = next(iter(case.defaults))
    assert model.set_params(**{name: case.defaults[name]}) is model
    with pytest.raises(ValueError, match="no hyperparameter"):
        model.set_params(not_a_hyperparameter=1)
    with pytest.raises(ValueError, match="no hyperparameter"):
        model.set_params(coef_=1)


@by_case
def test_fit_returns_self_and_only_adds_underscore_attributes(case: Case) -> None:
    X, y = case.data(1)
    model = case.cls()
    params_before = model.get_params()
    attributes_before = set(vars(model))
    assert fit(model, X, y) is model
    added = set(vars(model)) - attributes_before
    assert added == case.learned
    assert all(name.endswith("_") and not name.startswith("_") for name in added)
    assert set(model.learned_attributes()) == case.learned
    # fit leaves the hyperparameters exactly as they were set
    for name, value in model.get_params().items():
        assert value is params_before[name]


@by_case
def test_using_a_model_before_fit_raises_not_fitted(case: Case) -> None:
    X, y = case.data(2)
    for method in case.methods:
        with pytest.raises(NotFittedError, match="not fitted"):
            call(case.cls(), method, X, y)


@by_case
def test_same_settings_give_identical_results(case: Case) -> None:
    X, y = case.data(3)
    first = fit(case.cls(), X, y)
    second = fit(case.cls(), X, y)
    assert same(first.learned_attributes(), second.learned_attributes())
    method = case.methods[0]
    assert np.array_equal(call(first, method, X, y), call(second, method, X, y))


@by_case
def test_refitting_replaces_what_the_data_decided(case: Case) -> None:
    X1, y1 = case.data(4)
    X2, y2 = case.data(5)
    model = fit(case.cls(), X1, y1)
    first = model.learned_attributes()
    fresh = fit(case.cls(), X2, y2).learned_attributes()
    assert same(fit(model, X2, y2).learned_attributes(), fresh)
    assert not same(first, fresh)


@by_case
def test_default_fit_on_200_samples_is_fast_enough_for_a_live_demo(case: Case) -> None:
    X, y = case.data(6)
    X = np.vstack([X, X[:100] + 0.01])[:200]
    y = None if y is None else np.concatenate([y, y[:100]])[:200]
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        fit(case.cls(), X, y)
        best = min(best, time.perf_counter() - start)
    assert best < 0.05  # demos get 50 ms in total; a default fit takes a few ms


# --------------------------------------------------------------------------- invalid input

shapes = st.tuples(st.integers(6, 40), st.integers(2, 5), st.integers(0, 2**32 - 1))


def random_data(case: Case, n: int, d: int, seed: int) -> Data:
    """Valid random data of any shape for ``case`` (labels suit the model)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    if not case.supervised:
        return X, None
    if case.cls in (RidgeRegression, LassoRegression, GradientBoostingRegressor):
        return X, rng.normal(size=n)
    if case.cls in (LogisticRegressionGD, LinearSVC):
        return X, np.arange(n) % 2.0
    return X, rng.integers(0, 3, size=n).astype(float)


@by_case
@settings(max_examples=15, deadline=None)
@given(shape=shapes, bad=st.sampled_from([math.nan, math.inf, -math.inf]), data=st.data())
def test_non_finite_input_is_rejected(
    case: Case, shape: tuple[int, int, int], bad: float, data: st.DataObject
) -> None:
    n, d, seed = shape
    X, y = random_data(case, n, d, seed)
    X_bad = X.copy()
    X_bad[data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, d - 1))] = bad
    with pytest.raises(ValueError, match="NaN or infinity"):
        fit(case.cls(), X_bad, y)
    if y is not None:
        y_bad = y.copy()
        y_bad[data.draw(st.integers(0, n - 1))] = bad
        with pytest.raises(ValueError, match="NaN or infinity"):
            fit(case.cls(), X, y_bad)
    model = fit(case.cls(), X, y)
    with pytest.raises(ValueError, match="NaN or infinity"):
        call(model, case.methods[0], X_bad, None)


@by_case
@settings(max_examples=15, deadline=None)
@given(shape=shapes, delta=st.integers(-5, 5).filter(bool))
def test_mismatched_lengths_are_rejected(
    case: Case, shape: tuple[int, int, int], delta: int
) -> None:
    n, d, seed = shape
    X, _ = random_data(case, n, d, seed)
    y = np.arange(n + delta) % 2.0
    with pytest.raises(ValueError, match="rows but y has"):
        case.cls().fit(X, y)


@by_case
@settings(max_examples=10, deadline=None)
@given(d=st.integers(0, 4), n=st.integers(0, 4))
def test_empty_input_is_rejected(case: Case, d: int, n: int) -> None:
    X = np.zeros((0, d)) if n % 2 == 0 else np.zeros((n, 0))
    y = None if not case.supervised else np.zeros(X.shape[0])
    with pytest.raises(ValueError, match="at least one row and one column"):
        fit(case.cls(), X, y)


@by_case
@settings(max_examples=15, deadline=None)
@given(shape=shapes, m=st.integers(1, 30))
def test_outputs_have_one_row_per_sample_and_feature_count_is_checked(
    case: Case, shape: tuple[int, int, int], m: int
) -> None:
    n, d, seed = shape
    X, y = random_data(case, n, d, seed)
    model = fit(case.cls(), X, y)
    X_new = np.random.default_rng(seed + 1).normal(size=(m, d))
    out = call(model, case.methods[0], X_new, None)
    if case.cls is PCA:
        assert out.shape == (m, 2)
    else:
        assert out.shape == (m,)
        if y is not None and case.cls not in (
            RidgeRegression,
            LassoRegression,
            GradientBoostingRegressor,
        ):
            assert set(np.unique(out)) <= set(np.unique(y))  # classifiers answer with labels
    with pytest.raises(ValueError, match="feature"):
        call(model, case.methods[0], np.zeros((m, d + 1)), None)


# --------------------------------------------------------------------------- logistic regression


def test_logistic_regression_separates_blobs_and_its_loss_decreases() -> None:
    X, y = binary_blobs(10, separation=5.0)
    model = LogisticRegressionGD().fit(X, y)
    assert model.score(X, y) >= 0.98
    history = model.loss_history_
    assert history.shape == (500,)
    assert history[0] == pytest.approx(math.log(2))  # the loss of w = 0, before any update
    assert history[-1] < 0.5 * history[0]
    assert not model.diverged_
    assert np.all(np.diff(history) <= 1e-12)  # a small enough step never increases the loss
    grid = np.random.default_rng(0).uniform(-1.0, 1.0, size=(400, 2))  # around the boundary
    proba = model.predict_proba(grid)
    assert np.allclose(proba.sum(axis=1), 1.0)
    expected = 1.0 / (1.0 + np.exp(-(grid @ model.coef_ + model.intercept_)))
    assert np.allclose(proba[:, 1], expected, atol=1e-12)
    assert np.array_equal(model.predict(grid), (expected > 0.5).astype(float))
    assert 0 < model.predict(grid).mean() < 1


def test_logistic_regression_reaches_the_penalised_optimum() -> None:
    """Newton's method on sum(log loss) + ||w||^2 / (2C): the same C as scikit-learn."""
    X, y = binary_blobs(11, n=120, separation=1.0)
    C = 0.5
    A = np.hstack([X, np.ones((len(X), 1))])
    ridge = np.diag([1.0 / C] * X.shape[1] + [0.0])
    theta = np.zeros(A.shape[1])
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-A @ theta))
        gradient = A.T @ (p - y) + ridge @ theta
        hessian = A.T @ (A * (p * (1 - p))[:, None]) + ridge
        theta -= np.linalg.solve(hessian, gradient)
    model = LogisticRegressionGD(learning_rate=1.0, n_iter=4000, C=C).fit(X, y)
    assert np.allclose(model.coef_, theta[:-1], atol=1e-6)
    assert model.intercept_ == pytest.approx(theta[-1], abs=1e-6)


def test_logistic_regression_larger_C_gives_larger_weights() -> None:
    X, y = binary_blobs(12, separation=1.5)
    norms = [
        np.linalg.norm(LogisticRegressionGD(C=C, n_iter=1500).fit(X, y).coef_)
        for C in (0.01, 0.1, 1.0, 10.0)
    ]
    assert all(a < b for a, b in itertools.pairwise(norms))


@pytest.mark.parametrize("cls", [LogisticRegressionGD, LinearSVC])
def test_binary_models_require_labels_zero_and_one(cls: type[BaseEstimator]) -> None:
    X, y = binary_blobs(13)
    with pytest.raises(ValueError, match="only 0 and 1"):
        cls().fit(X, 2 * y - 1)


@pytest.mark.parametrize(
    "model",
    [LogisticRegressionGD(learning_rate=50.0, n_iter=200, C=0.01), LinearSVC(learning_rate=5.0)],
    ids=["logistic", "svc"],
)
def test_a_too_large_learning_rate_diverges_quietly(model: BaseEstimator) -> None:
    X, y = binary_blobs(14)
    with np.errstate(all="raise"):  # any warning numpy would print becomes an error here
        model.fit(X, y)
    assert model.diverged_
    history = model.loss_history_
    assert not np.all(np.isfinite(history)) or history.max() > 1e12 * history[0]


# --------------------------------------------------------------------------- ridge and lasso


def test_ridge_matches_the_normal_equations_with_an_unpenalised_intercept() -> None:
    X, y = linear_regression_data(20)
    alpha = 3.0
    A = np.hstack([X, np.ones((len(X), 1))])
    penalty = np.diag([alpha] * X.shape[1] + [0.0])
    theta = np.linalg.solve(A.T @ A + penalty, A.T @ y)
    model = RidgeRegression(alpha=alpha).fit(X, y)
    assert np.allclose(model.coef_, theta[:-1], rtol=0, atol=1e-10)
    assert model.intercept_ == pytest.approx(theta[-1], abs=1e-10)
    assert np.allclose(model.predict(X), A @ theta, atol=1e-9)
    residual = y - A @ theta
    assert model.score(X, y) == pytest.approx(1 - residual @ residual / np.sum((y - y.mean()) ** 2))


def test_ridge_with_alpha_zero_is_least_squares() -> None:
    X, y = linear_regression_data(21)
    A = np.hstack([X, np.ones((len(X), 1))])
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    model = RidgeRegression(alpha=0.0).fit(X, y)
    assert np.allclose(model.coef_, theta[:-1], rtol=0, atol=1e-8)
    assert model.intercept_ == pytest.approx(theta[-1], abs=1e-8)


def test_ridge_shrinks_as_alpha_grows() -> None:
    X, y = linear_regression_data(22)
    norms = [np.linalg.norm(RidgeRegression(alpha=a).fit(X, y).coef_) for a in (0, 1, 10, 100)]
    assert all(a > b for a, b in itertools.pairwise(norms))


def lasso_gradient(model: LassoRegression, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """X'r / n: the least-squares part of the subgradient, at the fitted coefficients."""
    residual = y - X @ model.coef_ - model.intercept_
    return X.T @ residual / len(y)


def test_lasso_with_a_large_alpha_zeroes_every_coefficient() -> None:
    X, y = linear_regression_data(30)
    alpha_max = np.max(np.abs((X - X.mean(axis=0)).T @ (y - y.mean()))) / len(y)
    model = LassoRegression(alpha=alpha_max * 1.001).fit(X, y)
    assert np.all(model.coef_ == 0.0)
    assert model.intercept_ == pytest.approx(y.mean())
    just_below = LassoRegression(alpha=alpha_max * 0.9).fit(X, y)
    assert np.count_nonzero(just_below.coef_) >= 1


def test_lasso_sets_irrelevant_coefficients_exactly_to_zero() -> None:
    X, y = linear_regression_data(31, d=8, noise=0.3)
    coef = LassoRegression(alpha=0.2).fit(X, y).coef_
    assert np.all(coef[:3] != 0.0)
    assert np.count_nonzero(coef[3:]) <= 2
    zeros = [
        np.count_nonzero(LassoRegression(alpha=a).fit(X, y).coef_ == 0) for a in (0.2, 1.0, 2.5)
    ]
    assert zeros[0] < zeros[-1] and zeros == sorted(zeros)


def test_lasso_with_a_tiny_alpha_approaches_least_squares() -> None:
    X, y = linear_regression_data(32)
    A = np.hstack([X, np.ones((len(X), 1))])
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    model = LassoRegression(alpha=1e-9, max_iter=10_000, tol=1e-13).fit(X, y)
    assert np.allclose(model.coef_, theta[:-1], atol=1e-6)
    assert model.intercept_ == pytest.approx(theta[-1], abs=1e-6)


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.5, 2.0])
def test_lasso_satisfies_the_optimality_conditions(alpha: float) -> None:
    X, y = linear_regression_data(33, d=6)
    X[:, 4] = X[:, 0] + 0.5 * X[:, 4]  # correlated columns make coordinate descent work
    model = LassoRegression(alpha=alpha).fit(X, y)
    assert model.n_iter_ < model.max_iter  # converged
    gradient = lasso_gradient(model, X, y)
    active = model.coef_ != 0
    assert np.all(np.abs(gradient[active] - alpha * np.sign(model.coef_[active])) <= 1e-4)
    assert np.all(np.abs(gradient[~active]) <= alpha + 1e-4)
    assert abs(np.mean(y - model.predict(X))) <= 1e-10  # optimal, unpenalised intercept


def test_lasso_gives_a_constant_column_no_weight() -> None:
    X, y = linear_regression_data(35)
    X[:, 3] = 0.1  # centring leaves rounding dust (~1e-17), which must not become a weight
    model = LassoRegression(alpha=0.0, tol=1e-12, max_iter=10_000).fit(X, y)
    assert model.coef_[3] == 0.0
    kept = [0, 1, 2, 4]
    A = np.hstack([X[:, kept], np.ones((len(X), 1))])
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    assert np.allclose(model.coef_[kept], theta[:-1], atol=1e-6)


def test_lasso_counts_its_sweeps() -> None:
    X, y = linear_regression_data(34)
    assert LassoRegression(max_iter=1).fit(X, y).n_iter_ == 1
    assert 1 < LassoRegression(tol=1e-12, max_iter=5000).fit(X, y).n_iter_ < 5000


# --------------------------------------------------------------------------- k nearest neighbours


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


# --------------------------------------------------------------------------- decision tree


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


# --------------------------------------------------------------------------- Gaussian naive Bayes


def test_gaussian_nb_learns_per_class_means_and_variances() -> None:
    X, y = three_classes(80, d=3)
    model = GaussianNB(var_smoothing=1e-3).fit(X, y)
    classes = np.unique(y)
    assert np.array_equal(model.classes_, classes)
    epsilon = 1e-3 * X.var(axis=0).max()
    assert model.epsilon_ == pytest.approx(epsilon)
    assert model.theta_.shape == model.var_.shape == (3, 3)
    for k, label in enumerate(classes):
        rows = X[y == label]
        assert np.allclose(model.theta_[k], rows.mean(axis=0), rtol=0, atol=1e-12)
        assert np.allclose(model.var_[k], rows.var(axis=0) + epsilon, rtol=0, atol=1e-12)
        assert model.class_prior_[k] == pytest.approx(np.mean(y == label))


def test_gaussian_nb_posterior_matches_bayes_rule() -> None:
    X, y = three_classes(81)
    model = GaussianNB().fit(X, y)
    X_new, _ = three_classes(82, n=20)
    for x, proba in zip(X_new, model.predict_proba(X_new), strict=True):
        joint = np.array(
            [
                model.class_prior_[k]
                * np.prod(
                    np.exp(-((x - model.theta_[k]) ** 2) / (2 * model.var_[k]))
                    / np.sqrt(2 * np.pi * model.var_[k])
                )
                for k in range(len(model.classes_))
            ]
        )
        assert np.allclose(proba, joint / joint.sum(), atol=1e-12)
    assert np.array_equal(
        model.predict(X_new), model.classes_[model.predict_proba(X_new).argmax(axis=1)]
    )


def test_gaussian_nb_with_no_smoothing_rejects_a_constant_class() -> None:
    X = np.array([[1.0, 0.0], [1.0, 1.0], [2.0, 5.0], [3.0, 6.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="zero variance"):
        GaussianNB(var_smoothing=0.0).fit(X, y)
    assert GaussianNB().fit(X, y).score(X, y) == 1.0


# --------------------------------------------------------------------------- PCA


def test_pca_components_are_the_top_eigenvectors_of_the_covariance() -> None:
    X, _ = unsupervised_data(90, d=5)
    eigenvalues, eigenvectors = np.linalg.eigh(np.cov(X, rowvar=False))
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, eigenvectors = eigenvalues[order], eigenvectors[:, order]
    model = PCA(n_components=3).fit(X)
    assert np.allclose(model.components_ @ model.components_.T, np.eye(3), atol=1e-12)
    for component, eigenvector in zip(model.components_, eigenvectors.T, strict=False):
        assert abs(component @ eigenvector) == pytest.approx(1.0, abs=1e-10)
    assert np.allclose(model.explained_variance_, eigenvalues[:3], rtol=1e-10)
    assert np.allclose(model.explained_variance_ratio_, eigenvalues[:3] / eigenvalues.sum())
    assert np.allclose(model.mean_, X.mean(axis=0))


def test_pca_reconstruction_error_is_the_discarded_variance() -> None:
    X, _ = unsupervised_data(91, d=5)
    n = len(X)
    eigenvalues = np.sort(np.linalg.eigvalsh(np.cov(X, rowvar=False)))[::-1]
    for k in (1, 2, 4):
        model = PCA(n_components=k).fit(X)
        expected = eigenvalues[k:].sum() * (n - 1) / n
        assert model.reconstruction_error(X) == pytest.approx(expected, rel=1e-9)
        assert model.score(X) == -model.reconstruction_error(X)
    full = PCA(n_components=5).fit(X)
    assert np.allclose(full.inverse_transform(full.transform(X)), X, atol=1e-10)
    Z = full.transform(X)
    assert np.allclose(np.var(Z, axis=0, ddof=1), full.explained_variance_)


def test_pca_fixes_the_sign_of_each_component() -> None:
    X, _ = unsupervised_data(92, d=4)
    for data in (X, -X, X[::-1]):
        components = PCA(n_components=3).fit(data).components_
        largest = components[np.arange(3), np.abs(components).argmax(axis=1)]
        assert np.all(largest > 0)
    assert np.allclose(
        PCA(n_components=3).fit(X).components_, PCA(n_components=3).fit(-X).components_
    )


def test_pca_needs_two_samples() -> None:
    with pytest.raises(ValueError, match="at least 2 samples"):
        PCA(n_components=1).fit(np.ones((1, 3)))


# --------------------------------------------------------------------------- linear SVM


def test_linear_svc_separates_separable_data() -> None:
    X, y = binary_blobs(100, separation=6.0)
    model = LinearSVC().fit(X, y)
    assert model.score(X, y) == 1.0
    margins = (2 * y - 1) * model.decision_function(X)
    assert margins.min() > 0
    assert model.loss_history_[0] == pytest.approx(model.C)  # w = 0: every hinge term is 1
    assert not model.diverged_
    assert np.array_equal(model.predict(X), (model.decision_function(X) > 0).astype(float))
    assert model.loss_history_[-1] < model.loss_history_[0]


@pytest.mark.parametrize("C", [0.3, 3.0])
def test_linear_svc_subgradient_is_near_zero_at_the_end(C: float) -> None:
    X, y = binary_blobs(101, separation=2.0)
    X[:, 0] += 3.0  # the boundary is off the origin, so the (unpenalised) intercept matters
    model = LinearSVC(C=C, learning_rate=0.01, n_iter=5000).fit(X, y)
    t = 2 * y - 1
    violating = t * model.decision_function(X) < 1.0
    subgradient = model.coef_ - C * ((violating * t) @ X) / len(y)
    assert np.linalg.norm(subgradient) < 0.05
    assert abs(C * np.mean(violating * t)) < 0.05  # the intercept's subgradient
    assert model.intercept_ < -0.5
    assert model.loss_history_[-200:].std() < 1e-3  # settled


def test_linear_svc_larger_C_gives_larger_weights() -> None:
    X, y = binary_blobs(102, separation=1.5)
    norms = [np.linalg.norm(LinearSVC(C=C, n_iter=2000).fit(X, y).coef_) for C in (0.01, 0.1, 1.0)]
    assert all(a < b for a, b in itertools.pairwise(norms))
