"""The demo lab's estimators: correct against references, and true to the estimator rules."""

from __future__ import annotations

import inspect
import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.demos.catalog import MODELS
from tutor.demos.datasets import blobs
from tutor.demos.estimators import neural_network
from tutor.demos.estimators.base import NotFittedError
from tutor.demos.estimators.cluster import KMeans
from tutor.demos.estimators.linear_model import (
    LinearRegressionGD,
    PolynomialRegressionGD,
    SGDRegressor,
)
from tutor.demos.estimators.neural_network import MLPClassifier
from tutor.demos.probe import resolve

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def _line(seed: int = 0, n: int = 50) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 4.0, n)
    return x, 2.5 * x - 1.0 + rng.normal(0.0, 0.7, n)


# ---------------------------------------------------------------- linear regression


def test_gradient_descent_matches_polyfit_and_least_squares() -> None:
    x, y = _line()
    model = LinearRegressionGD(learning_rate=0.1, n_iter=5000).fit(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    design = np.column_stack([x, np.ones_like(x)])
    exact = np.linalg.solve(design.T @ design, design.T @ y)
    assert not model.diverged_
    assert model.coef_[0] == pytest.approx(slope, abs=1e-6)
    assert model.intercept_ == pytest.approx(intercept, abs=1e-6)
    assert model.coef_[0] == pytest.approx(exact[0], abs=1e-6)
    assert model.intercept_ == pytest.approx(exact[1], abs=1e-6)


def test_gradient_descent_matches_least_squares_with_several_features() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 3.0 + rng.normal(0.0, 0.1, 80)
    model = LinearRegressionGD(learning_rate=0.2, n_iter=3000).fit(X, y)
    design = np.column_stack([X, np.ones(80)])
    exact = np.linalg.lstsq(design, y, rcond=None)[0]
    np.testing.assert_allclose(model.coef_, exact[:3], atol=1e-6)
    assert model.intercept_ == pytest.approx(exact[3], abs=1e-6)
    assert model.score(X, y) > 0.99


def test_one_step_is_exactly_the_gradient_of_the_mean_squared_error() -> None:
    """From zero weights, w1 = -rate * d/dw mean((Xw + b - y)^2) = rate * 2/n * X'y."""
    x, y = _line(n=20)
    rate = 0.01
    model = LinearRegressionGD(learning_rate=rate, n_iter=2).fit(x, y)
    slope, intercept = rate * 2 / 20 * (x @ y), rate * 2 / 20 * y.sum()
    after_one = float(np.mean((slope * x + intercept - y) ** 2))
    assert model.loss_history_[0] == pytest.approx(float(np.mean(y**2)))
    assert model.loss_history_[1] == pytest.approx(after_one, rel=1e-12)


def test_loss_history_falls_when_the_rate_is_small() -> None:
    x, y = _line()
    history = LinearRegressionGD(learning_rate=0.01, n_iter=200).fit(x, y).loss_history_
    assert len(history) == 200
    assert all(b <= a for a, b in itertools.pairwise(history))


def test_divergence_is_detected_without_warnings() -> None:
    x, y = _line()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LinearRegressionGD(learning_rate=1.0, n_iter=1000).fit(x, y)
    assert model.diverged_
    assert model.n_iter_ < 1000
    assert all(np.isfinite(model.loss_history_))
    assert model.loss_history_[-1] > 1e6 * model.loss_history_[0]


def test_overflow_on_the_first_step_is_divergence_not_a_crash() -> None:
    x = np.array([1e200, -1e200, 3e200])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LinearRegressionGD().fit(x, x)
    assert model.diverged_
    assert model.loss_history_ == []


def test_sgd_lands_near_least_squares_and_is_seeded() -> None:
    x, y = _line(n=80)
    slope, intercept = np.polyfit(x, y, 1)
    model = SGDRegressor(learning_rate=0.005, batch_size=8, momentum=0.9, n_epochs=60).fit(x, y)
    assert model.coef_[0] == pytest.approx(slope, abs=0.1)
    assert model.intercept_ == pytest.approx(intercept, abs=0.3)
    again = SGDRegressor(learning_rate=0.005, batch_size=8, momentum=0.9, n_epochs=60).fit(x, y)
    assert np.array_equal(model.coef_, again.coef_)
    other = SGDRegressor(learning_rate=0.005, batch_size=8, n_epochs=60, random_state=1).fit(x, y)
    assert not np.array_equal(model.coef_, other.coef_)


def test_sgd_divergence_is_reported() -> None:
    x, y = _line()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = SGDRegressor(learning_rate=1.0, batch_size=4, n_epochs=50).fit(x, y)
    assert model.diverged_
    assert len(model.loss_history_) < 50


def test_polynomial_degree_one_is_a_line_and_higher_degrees_bend() -> None:
    rng = np.random.default_rng(2)
    x = rng.uniform(-1.0, 1.0, 60)
    y = 2.0 * x**3 - x + rng.normal(0.0, 0.05, 60)
    line = PolynomialRegressionGD(degree=1, learning_rate=0.3, n_epochs=3000).fit(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    assert line.coef_[0] == pytest.approx(slope, abs=1e-6)
    assert line.intercept_ == pytest.approx(intercept, abs=1e-6)
    cubic = PolynomialRegressionGD(degree=3, learning_rate=0.3, n_epochs=3000).fit(x, y)
    assert cubic.coef_.shape == (3,)
    assert cubic.score(x, y) > line.score(x, y) + 0.1


# ---------------------------------------------------------------- k-means

TRUE_CENTRES = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 10.0]])


def _blobs(seed: int = 0) -> np.ndarray:
    X, _ = blobs(np.random.default_rng(seed), TRUE_CENTRES, n_per=40, spread=0.5)
    return X


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_kmeans_recovers_well_separated_centres(init: str) -> None:
    X = _blobs()
    model = KMeans(n_clusters=4, init=init, random_state=0).fit(X)
    found = model.cluster_centers_[np.argsort(model.cluster_centers_ @ [1.0, 3.0])]
    expected = TRUE_CENTRES[np.argsort(TRUE_CENTRES @ [1.0, 3.0])]
    np.testing.assert_allclose(found, expected, atol=0.25)
    assert 1 <= model.n_iter_ <= model.max_iter


def test_kmeans_inertia_equals_the_inertia_of_its_own_labels() -> None:
    X = _blobs(3)
    model = KMeans(n_clusters=3, random_state=5).fit(X)
    recomputed = sum(
        float(((X[model.labels_ == k] - centre) ** 2).sum())
        for k, centre in enumerate(model.cluster_centers_)
    )
    assert model.inertia_ == pytest.approx(recomputed, rel=1e-12)
    distances = ((X[:, None, :] - model.cluster_centers_[None]) ** 2).sum(axis=2)
    assert np.array_equal(model.labels_, distances.argmin(axis=1))
    assert np.array_equal(model.predict(X), model.labels_)
    assert model.score(X) == pytest.approx(-model.inertia_)


def test_kmeans_refills_an_empty_cluster() -> None:
    X = _blobs()
    start = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [500.0, 500.0]])
    model = KMeans(n_clusters=4, init=start).fit(X)
    assert np.all(np.isfinite(model.cluster_centers_))
    assert len(np.unique(model.labels_)) == 4


def test_kmeans_is_seeded() -> None:
    X = np.random.default_rng(4).normal(size=(60, 2))
    first = KMeans(n_clusters=5, random_state=1).fit(X)
    again = KMeans(n_clusters=5, random_state=1).fit(X)
    assert np.array_equal(first.cluster_centers_, again.cluster_centers_)


def test_kmeans_rejects_more_clusters_than_points() -> None:
    with pytest.raises(ValueError, match="n_clusters"):
        KMeans(n_clusters=5).fit(np.zeros((3, 2)))


# ---------------------------------------------------------------- neural network


def test_mlp_learns_xor() -> None:
    model = MLPClassifier(hidden_layer_sizes=(8,), learning_rate=0.5, n_epochs=500).fit(
        XOR_X, XOR_Y
    )
    assert model.score(XOR_X, XOR_Y) == 1.0
    assert np.array_equal(model.predict(XOR_X), XOR_Y)
    assert model.loss_history_[-1] < model.loss_history_[0] / 10


def test_mlp_same_seed_same_weights_other_seed_other_weights() -> None:
    first = MLPClassifier(random_state=3).fit(XOR_X, XOR_Y)
    again = MLPClassifier(random_state=3).fit(XOR_X, XOR_Y)
    other = MLPClassifier(random_state=4).fit(XOR_X, XOR_Y)
    for a, b in zip(first.coefs_, again.coefs_, strict=True):
        assert np.array_equal(a, b)
    assert not np.array_equal(first.coefs_[0], other.coefs_[0])


def test_mlp_shapes_follow_hidden_layer_sizes() -> None:
    X = np.random.default_rng(0).normal(size=(20, 3))
    y = np.arange(20) % 3
    model = MLPClassifier(hidden_layer_sizes=(5, 4), n_epochs=3).fit(X, y)
    assert [w.shape for w in model.coefs_] == [(3, 5), (5, 4), (4, 3)]
    assert [b.shape for b in model.intercepts_] == [(5,), (4,), (3,)]
    assert model.predict_proba(X).sum(axis=1) == pytest.approx(np.ones(20))


def test_mlp_records_accuracy_per_epoch() -> None:
    X, y = np.tile(XOR_X, (5, 1)), np.tile(XOR_Y, 5)
    model = MLPClassifier(n_epochs=40).fit(
        X, y, validation_data=(XOR_X, XOR_Y), eval_sets={"test": (XOR_X, XOR_Y)}
    )
    assert len(model.train_accuracy_history_) == len(model.val_accuracy_history_) == 40
    assert model.val_accuracy_history_[-1] == model.score(XOR_X, XOR_Y)
    assert model.train_accuracy_history_[-1] == model.score(X, y)
    assert model.eval_accuracy_history_["test"] == model.val_accuracy_history_
    plain = MLPClassifier(n_epochs=5).fit(X, y)
    assert not hasattr(plain, "val_accuracy_history_")
    with pytest.raises(ValueError, match="validation_data"):
        MLPClassifier().fit(X, y, validation_data=(XOR_X,))  # type: ignore[arg-type]
    with pytest.raises(TypeError):  # fit(X, y) only: validation rows go by keyword
        MLPClassifier().fit(X, y, XOR_X, XOR_Y)  # type: ignore[misc]


def test_mlp_zero_epochs_keeps_the_random_start() -> None:
    start = MLPClassifier(n_epochs=0, random_state=2).fit(XOR_X, XOR_Y)
    one = MLPClassifier(n_epochs=1, random_state=2).fit(XOR_X, XOR_Y)
    assert start.loss_history_ == []
    assert one.loss_history_[0] > 0
    assert not np.array_equal(start.coefs_[0], one.coefs_[0])


def test_mlp_gradient_matches_finite_differences() -> None:
    """One epoch moves every weight by -learning_rate * gradient; compare with the slope
    of the loss measured numerically."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 3))
    y_index = np.arange(12) % 3
    coefs, intercepts = neural_network._glorot([3, 4, 3], rng)
    rate = 1e-3

    def loss(cs: list[np.ndarray], bs: list[np.ndarray]) -> float:
        copies = ([c.copy() for c in cs], [b.copy() for b in bs])
        losses, _ = neural_network._descend(X, 12, y_index, y_index, *copies, 1, 1e-12)
        return float(losses[0])

    moved = ([c.copy() for c in coefs], [b.copy() for b in intercepts])
    neural_network._descend(X, 12, y_index, y_index, *moved, 1, rate)
    for layer in range(2):
        analytic = (coefs[layer] - moved[0][layer]) / rate
        numeric = np.zeros_like(coefs[layer])
        for index in np.ndindex(coefs[layer].shape):
            up = [c.copy() for c in coefs]
            down = [c.copy() for c in coefs]
            up[layer][index] += 1e-6
            down[layer][index] -= 1e-6
            numeric[index] = (loss(up, intercepts) - loss(down, intercepts)) / 2e-6
        np.testing.assert_allclose(analytic, numeric, rtol=1e-4, atol=1e-7)


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
def test_using_a_model_before_fit_raises_not_fitted(cls: type) -> None:
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
