"""Every estimator follows the rules the lessons teach.

Hyperparameters are `__init__` keyword arguments with defaults, stored untouched; `fit`
validates them and its input, learns only attributes ending in `_` and returns `self`; bad
input is a ValueError, use before `fit` a NotFittedError.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.estimator_data import (
    XOR_X,
    XOR_Y,
    Data,
    binary_blobs,
    linear_regression_data,
    nonlinear_regression_data,
    same,
    three_classes,
    unsupervised_data,
)
from tutor.demos.catalog import MODELS
from tutor.demos.estimators.base import BaseEstimator, NotFittedError
from tutor.demos.estimators.cluster import KMeans
from tutor.demos.estimators.decomposition import PCA
from tutor.demos.estimators.ensemble import GradientBoostingRegressor, RandomForestClassifier
from tutor.demos.estimators.linear_model import (
    LassoRegression,
    LinearRegressionGD,
    LinearSVC,
    LogisticRegressionGD,
    PolynomialRegressionGD,
    RidgeRegression,
    SGDRegressor,
)
from tutor.demos.estimators.naive_bayes import GaussianNB
from tutor.demos.estimators.neighbors import KNeighborsClassifier
from tutor.demos.estimators.neural_network import MLPClassifier
from tutor.demos.estimators.tree import DecisionTreeClassifier
from tutor.demos.probe import resolve

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


# ---------------------------------------------------------------- validation (hypothesis)

REGRESSORS = [
    LinearRegressionGD(n_iter=20),
    SGDRegressor(n_epochs=2),
    PolynomialRegressionGD(degree=2, n_epochs=20),
]


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 25), d=st.integers(1, 4), seed=st.integers(0, 10_000))
def test_shapes_of_learned_values(n: int, d: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.normal(size=n)
    labels = np.arange(n) % 2
    for model in (LinearRegressionGD(n_iter=20), SGDRegressor(n_epochs=2)):
        model.fit(X, y)
        assert model.coef_.shape == (d,)
        assert isinstance(model.intercept_, float)
        assert model.predict(X).shape == (n,)
    poly = PolynomialRegressionGD(degree=3, n_epochs=5).fit(X[:, :1], y)
    assert poly.coef_.shape == (3,)
    k = min(n, 3)
    kmeans = KMeans(n_clusters=k, max_iter=5).fit(X)
    assert kmeans.cluster_centers_.shape == (k, d)
    assert kmeans.labels_.shape == (n,)
    assert set(kmeans.labels_) <= set(range(k))
    mlp = MLPClassifier(hidden_layer_sizes=(3,), n_epochs=3).fit(X, labels)
    assert mlp.predict(X).shape == (n,)
    assert len(mlp.loss_history_) == 3


def _bad_inputs(n: int, d: int, seed: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Broken X matrices, and broken label vectors for a good X."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    with_nan = X.copy()
    with_nan[rng.integers(n), rng.integers(d)] = np.nan
    with_inf = X.copy()
    with_inf[0, 0] = -np.inf
    bad_X = [with_nan, with_inf, np.empty((0, d)), np.empty((n, 0)), X.reshape(n, d, 1)]
    y = (np.arange(n) % 2).astype(float)
    y_nan = y.copy()
    y_nan[-1] = np.nan
    bad_y = [y[:-1], np.append(y, 1.0), y_nan, np.full(n, np.inf)]
    return bad_X, bad_y


@settings(max_examples=20, deadline=None)
@given(n=st.integers(2, 12), d=st.integers(1, 3), seed=st.integers(0, 10_000))
def test_invalid_input_raises_value_error(n: int, d: int, seed: int) -> None:
    supervised = [
        LinearRegressionGD(n_iter=5),
        SGDRegressor(n_epochs=1),
        PolynomialRegressionGD(n_epochs=1),
        MLPClassifier(n_epochs=1),
    ]
    bad_X, bad_y = _bad_inputs(n, d, seed)
    y = np.arange(n) % 2
    for X in bad_X:
        for model in [*supervised, KMeans(n_clusters=1, max_iter=2)]:
            with pytest.raises(ValueError):
                model.fit(X, y)
    X = np.random.default_rng(seed).normal(size=(n, 1))
    for labels in bad_y:
        for model in supervised:
            with pytest.raises(ValueError):
                model.fit(X, labels)


@pytest.mark.parametrize(
    "model",
    [
        LinearRegressionGD(learning_rate=0.0),
        LinearRegressionGD(learning_rate=float("nan")),
        LinearRegressionGD(n_iter=0),
        LinearRegressionGD(n_iter=2.5),
        SGDRegressor(momentum=1.0),
        SGDRegressor(batch_size=0),
        SGDRegressor(random_state=-1),
        PolynomialRegressionGD(degree=0),
        KMeans(init="sideways"),
        KMeans(n_clusters=True),
        MLPClassifier(hidden_layer_sizes=(4, 0)),
        MLPClassifier(hidden_layer_sizes="8"),
        MLPClassifier(n_epochs=-1),
    ],
    ids=repr,
)
def test_bad_hyperparameters_raise_value_error_at_fit(model: object) -> None:
    X = np.random.default_rng(0).normal(size=(10, 1))
    y = np.arange(10) % 2
    with pytest.raises(ValueError):
        model.fit(X, y)  # type: ignore[attr-defined]


def test_classifier_needs_two_classes() -> None:
    with pytest.raises(ValueError, match="two classes"):
        MLPClassifier().fit(XOR_X, np.zeros(4))


@pytest.mark.parametrize(
    "model",
    [
        LinearRegressionGD(n_iter=5),
        SGDRegressor(n_epochs=1),
        KMeans(n_clusters=2),
        MLPClassifier(n_epochs=1),
    ],
    ids=lambda model: type(model).__name__,
)
def test_predicting_with_the_wrong_number_of_features_is_a_value_error(model: object) -> None:
    model.fit(XOR_X, XOR_Y)  # type: ignore[attr-defined]
    for method in ("predict", "score"):
        args = (np.zeros((2, 3)), np.zeros(2)) if method == "score" else (np.zeros((2, 3)),)
        with pytest.raises(ValueError, match=r"features but .* was fitted with 2"):
            getattr(model, method)(*args)


# ---------------------------------------------------------------- estimator rules, every model

CATALOG_CLASSES = sorted(
    {resolve(entry.estimator) for entry in MODELS.values()}, key=lambda cls: cls.__name__
)


def _fit_data(cls: type) -> tuple[np.ndarray, ...]:
    for entry in MODELS.values():
        if resolve(entry.estimator) is cls:
            return resolve(entry.data)(0)[0].fit_args()
    raise AssertionError(cls)


def _params_for(cls: type) -> dict[str, object]:
    for entry in MODELS.values():
        if resolve(entry.estimator) is cls:
            return dict(entry.params)
    raise AssertionError(cls)


@pytest.mark.parametrize("cls", CATALOG_CLASSES, ids=lambda cls: cls.__name__)
def test_init_takes_only_keyword_hyperparameters_with_defaults(cls: type) -> None:
    signature = inspect.signature(cls.__init__)
    for name, parameter in list(signature.parameters.items())[1:]:
        assert parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY), name
        assert parameter.default is not parameter.empty, f"{cls.__name__}.{name} has no default"
    defaults = {n: p.default for n, p in list(signature.parameters.items())[1:]}
    assert cls().get_params() == defaults


@pytest.mark.parametrize("cls", CATALOG_CLASSES, ids=lambda cls: cls.__name__)
def test_init_stores_hyperparameters_unmodified_and_nothing_else(cls: type) -> None:
    params = {name: _Marker(name) for name in cls._param_names()}
    model = cls(**params)
    for name, value in model.get_params().items():
        assert value is params[name], f"{cls.__name__} changed {name} in __init__"
    assert set(vars(model)) == set(params)
    assert model.learned_attributes() == {}


@pytest.mark.parametrize("cls", CATALOG_CLASSES, ids=lambda cls: cls.__name__)
def test_fit_returns_self_and_learns_only_underscore_attributes(cls: type) -> None:
    model = cls(**_params_for(cls))
    given_params = model.get_params()
    assert model.fit(*_fit_data(cls)) is model
    assert model.get_params() == given_params
    learned = set(vars(model)) - set(given_params)
    assert learned, f"{cls.__name__}.fit learned nothing"
    assert all(name.endswith("_") and not name.startswith("_") for name in learned), learned


@pytest.mark.parametrize("cls", CATALOG_CLASSES, ids=lambda cls: cls.__name__)
def test_every_catalog_model_used_before_fit_raises_not_fitted(cls: type) -> None:
    model = cls()
    X = _fit_data(cls)[0]
    use = model.predict if hasattr(model, "predict") else model.transform
    with pytest.raises(NotFittedError, match="not fitted"):
        use(X)


@pytest.mark.parametrize("cls", CATALOG_CLASSES, ids=lambda cls: cls.__name__)
def test_set_params_and_refitting_a_copy_gives_the_same_model(cls: type) -> None:
    model = cls(**_params_for(cls))
    assert model.set_params(**model.get_params()) is model
    with pytest.raises(ValueError, match="no hyperparameter"):
        model.set_params(not_a_setting=1)
    data = _fit_data(cls)
    first = model.fit(*data).learned_attributes()
    second = cls(**model.get_params()).fit(*data).learned_attributes()
    assert first.keys() == second.keys()
    for name in ("coef_", "intercept_", "cluster_centers_", "theta_", "components_"):
        if name in first:
            np.testing.assert_array_equal(first[name], second[name])


class _Marker:
    """A distinct object per argument, to check __init__ stores exactly what it was given."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"
