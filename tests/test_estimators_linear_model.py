"""The linear models against closed forms, least squares and optimality conditions."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest

from tests.estimator_data import binary_blobs, linear_regression_data, noisy_line
from tutor.demos.estimators.base import BaseEstimator
from tutor.demos.estimators.linear_model import (
    LassoRegression,
    LinearRegressionGD,
    LinearSVC,
    LogisticRegressionGD,
    PolynomialRegressionGD,
    RidgeRegression,
    SGDRegressor,
)

# ---------------------------------------------------------------- linear regression


def test_gradient_descent_matches_polyfit_and_least_squares() -> None:
    x, y = noisy_line()
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
    x, y = noisy_line(n=20)
    rate = 0.01
    model = LinearRegressionGD(learning_rate=rate, n_iter=2).fit(x, y)
    slope, intercept = rate * 2 / 20 * (x @ y), rate * 2 / 20 * y.sum()
    after_one = float(np.mean((slope * x + intercept - y) ** 2))
    assert model.loss_history_[0] == pytest.approx(float(np.mean(y**2)))
    assert model.loss_history_[1] == pytest.approx(after_one, rel=1e-12)


def test_loss_history_falls_when_the_rate_is_small() -> None:
    x, y = noisy_line()
    history = LinearRegressionGD(learning_rate=0.01, n_iter=200).fit(x, y).loss_history_
    assert len(history) == 200
    assert all(b <= a for a, b in itertools.pairwise(history))


def test_divergence_is_detected_without_warnings() -> None:
    x, y = noisy_line()
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
    x, y = noisy_line(n=80)
    slope, intercept = np.polyfit(x, y, 1)
    model = SGDRegressor(learning_rate=0.005, batch_size=8, momentum=0.9, n_epochs=60).fit(x, y)
    assert model.coef_[0] == pytest.approx(slope, abs=0.1)
    assert model.intercept_ == pytest.approx(intercept, abs=0.3)
    again = SGDRegressor(learning_rate=0.005, batch_size=8, momentum=0.9, n_epochs=60).fit(x, y)
    assert np.array_equal(model.coef_, again.coef_)
    other = SGDRegressor(learning_rate=0.005, batch_size=8, n_epochs=60, random_state=1).fit(x, y)
    assert not np.array_equal(model.coef_, other.coef_)


def test_sgd_divergence_is_reported() -> None:
    x, y = noisy_line()
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
