"""Gaussian naive Bayes against per-class moments and Bayes' rule."""

from __future__ import annotations

import numpy as np
import pytest

from tests.estimator_data import three_classes
from tutor.demos.estimators.naive_bayes import GaussianNB


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
