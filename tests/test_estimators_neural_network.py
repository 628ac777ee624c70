"""The multi-layer perceptron: XOR, seeds, shapes, accuracy per epoch and its gradient."""

from __future__ import annotations

import numpy as np
import pytest

from tests.estimator_data import XOR_X, XOR_Y
from tutor.demos.estimators import neural_network
from tutor.demos.estimators.neural_network import MLPClassifier


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
