"""Demos for neural networks: epochs and overfitting, capacity, weights, and a grid search."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from tutor.core.events import XScale
from tutor.demos.datasets import DataSet, moons, noisy_features, xor_clusters
from tutor.demos.estimators.neural_network import MLPClassifier, layer_sizes
from tutor.demos.formatting import num, plural, series
from tutor.demos.spec import DemoOutcome

# ---------------------------------------------------------------------------- epochs


def epochs_sweep(
    *, seed: int, n_epochs: int = 250, hidden: int = 16, learning_rate: float = 0.1
) -> DemoOutcome:
    """Train accuracy keeps rising while validation and test accuracy peak, then fall."""
    data = noisy_features(seed)
    model = MLPClassifier(
        hidden_layer_sizes=(hidden,),
        learning_rate=learning_rate,
        n_epochs=n_epochs,
        random_state=seed,
    ).fit(
        data.X,
        data.y,
        validation_data=(data.X_val, data.y_val),
        eval_sets={"test": (data.X_test, data.y_test)},
    )
    train = model.train_accuracy_history_
    val = model.val_accuracy_history_
    test = model.eval_accuracy_history_["test"]
    peak = int(np.argmax(val))  # first epoch with the best validation accuracy (0-based)
    epochs = list(range(1, n_epochs + 1))
    text = _epochs_story(data, train, val, test, peak)
    return DemoOutcome(
        verdict=None,
        text=text,
        series=[
            series("training accuracy", epochs, train),
            series("validation accuracy", epochs, val),
            series("test accuracy", epochs, test),
            series(f"validation peak (epoch {peak + 1})", [peak + 1], [val[peak]], "scatter"),
        ],
        title="Epochs: training accuracy rises, validation accuracy peaks",
        x_label="epoch",
        y_label="accuracy",
        measures={
            "peak_epoch": float(peak + 1),
            "last_epoch": float(n_epochs),
            "val_at_first": val[0],
            "val_at_peak": val[peak],
            "val_at_last": val[-1],
            "train_at_first": train[0],
            "train_at_peak": train[peak],
            "train_at_last": train[-1],
            "test_at_peak": test[peak],
            "test_at_last": test[-1],
        },
    )


def _epochs_story(
    data: DataSet, train: list[float], val: list[float], test: list[float], peak: int
) -> str:
    last = len(val) - 1
    parts = [f"A small network trained on {data.description}."]
    if peak == last:
        parts.append(
            f"Validation accuracy was still at its best at the last epoch, {last + 1} "
            f"({num(val[peak])}): no overfitting yet within these epochs."
        )
    else:
        parts.append(
            f"Validation accuracy peaked at **epoch {peak + 1}** ({num(val[peak])}) and then fell "
            f"to {num(val[last])} by epoch {last + 1}, while training accuracy kept rising from "
            f"{num(train[peak])} to {num(train[last])}: after the peak the network memorised "
            f"the wrong labels of its training rows (overfitting)."
        )
        trend = "fell too" if test[last] < test[peak] else "went"
        parts.append(
            f"Test accuracy, never used to choose anything, {trend}: {num(test[peak])} at epoch "
            f"{peak + 1}, {num(test[last])} at the end."
        )
    if peak > 0 and val[0] < val[peak]:
        parts.append(
            f"Too few epochs underfit: after 1 epoch training and validation accuracy were only "
            f"{num(train[0])} and {num(val[0])}."
        )
    else:
        parts.append(
            "Here one epoch already found the signal; on harder data too few epochs underfit."
        )
    parts.append(
        "The number of epochs is a hyperparameter; stopping near the validation peak is called "
        "early stopping."
    )
    return " ".join(parts)


# ---------------------------------------------------------------------------- capacity


def _moons_split(seed: int, noise: float = 0.25) -> DataSet:
    rng = np.random.default_rng(seed)
    X, y = moons(rng, 60, noise=noise)
    X_val, y_val = moons(rng, 100, noise=noise)
    X_test, y_test = moons(rng, 100, noise=noise)
    return DataSet("moons", "two moons", X, y, X_val, y_val, X_test, y_test)


def capacity_sweep(*, seed: int, vary: str = "neurons", n_epochs: int = 150) -> DemoOutcome:
    """Bigger networks (more neurons or more layers) against train/validation accuracy."""
    data = _moons_split(seed)
    if vary == "layers":
        settings = [(), (8,), (8, 8), (8, 8, 8)]
        xs = [len(sizes) for sizes in settings]
        x_label, unit = "hidden layers (8 neurons each)", "hidden layer"
    else:
        settings = [(1,), (2,), (4,), (8,), (32,)]
        xs = [sizes[0] for sizes in settings]
        x_label, unit = "neurons in the hidden layer", "neuron"
    train, val = [], []
    for sizes in settings:
        model = MLPClassifier(
            hidden_layer_sizes=sizes, learning_rate=1.0, n_epochs=n_epochs, random_state=seed
        ).fit(data.X, data.y)
        train.append(model.train_accuracy_history_[-1])
        val.append(model.score(data.X_val, data.y_val))
    best = int(np.argmax(val))
    pairs = "; ".join(
        f"{plural(x, unit)}: {num(t)} / {num(v)}" for x, t, v in zip(xs, train, val, strict=True)
    )
    text = (
        f"The same two-moons task (60 training rows, {n_epochs} epochs) for networks of "
        f"growing size, as training / validation accuracy: {pairs}. Best on validation: "
        f"{plural(xs[best], unit)} ({num(val[best])})."
    )
    if val[0] < val[best] - 0.02:
        text += " The smallest network cannot bend its boundary around the moons: it underfits."
    text += (
        " The network's shape is fixed before training starts (it decides how many weights "
        "there are to learn), so layers and neurons per layer are hyperparameters."
    )
    scale: XScale = "log" if vary == "neurons" else "linear"  # 1 to 32 neurons: doublings, evenly
    return DemoOutcome(
        verdict=None,
        text=text,
        series=[
            replace(series("training accuracy", xs, train), x_scale=scale),
            replace(series("validation accuracy", xs, val), x_scale=scale),
        ],
        title=f"Capacity: {unit}s against accuracy",
        x_label=x_label,
        y_label="accuracy",
        measures={
            "best_size": float(xs[best]),
            "smallest_size": float(xs[0]),
            "largest_size": float(xs[-1]),
            "train_at_smallest": train[0],
            "train_at_best": train[best],
            "train_at_largest": train[-1],
            "val_at_smallest": val[0],
            "val_at_best": val[best],
            "val_at_largest": val[-1],
        },
    )


# ---------------------------------------------------------------------------- weights


def mlp_weights(
    *, seed: int, hidden: int = 4, n_epochs: int = 300, learning_rate: float = 1.0
) -> DemoOutcome:
    """An MLP's weights before training (the random start) and after (moved by the data)."""
    data = xor_clusters(seed)
    settings: dict[str, Any] = {
        "hidden_layer_sizes": (hidden,),
        "learning_rate": learning_rate,
        "random_state": seed,
    }
    start = MLPClassifier(n_epochs=0, **settings).fit(data.X, data.y)
    model = MLPClassifier(n_epochs=n_epochs, **settings)
    given = model.get_params()
    model.fit(data.X, data.y)
    unchanged = given == model.get_params()
    before = np.concatenate([w.ravel() for w in start.coefs_])
    after = np.concatenate([w.ravel() for w in model.coefs_])
    moved = np.abs(after - before)
    inputs, _, outputs = layer_sizes(model)
    n_biases = sum(b.size for b in model.intercepts_)
    text = (
        f"A network with {inputs} inputs, {plural(hidden, 'hidden neuron')} and {outputs} "
        f"output units (one per class: a softmax turns their scores into probabilities) has "
        f"{inputs}·{hidden} + {hidden}·{outputs} = {before.size} weights and {hidden} + "
        f"{outputs} = {n_biases} biases, {before.size + n_biases} parameters in all. Before "
        f"training the weights were a random start drawn with seed {seed}, and "
        f"the network classified {num(start.score(data.X, data.y))} of the XOR points "
        f"correctly. After {n_epochs} epochs of gradient descent the weights had moved by "
        f"{num(moved.mean())} on average (at most {num(moved.max())}) and accuracy was "
        f"{num(model.score(data.X, data.y))}: the data moved them, so weights (and biases) are "
        f"**parameters**."
    )
    if unchanged:
        text += (
            f" Meanwhile the settings, {plural(hidden, 'hidden neuron')} (`hidden_layer_sizes` "
            f"in scikit-learn), learning rate {learning_rate:g} and {plural(n_epochs, 'epoch')}, "
            f"came out of training exactly as they went in: hyperparameters."
        )
    index = list(range(before.size))
    return DemoOutcome(
        verdict=None,
        text=text,
        series=[
            series("before training", index, before, "scatter"),
            series("after training", index, after, "scatter"),
        ],
        title="A network's weights before and after training",
        x_label="weight number",
        y_label="weight value",
        measures={
            "parameters": float(before.size + n_biases),
            "weights": float(before.size),
            "biases": float(n_biases),
            "accuracy_before": float(start.score(data.X, data.y)),
            "accuracy_after": float(model.score(data.X, data.y)),
            "mean_weight_change": float(moved.mean()),
            "settings_unchanged": 1.0 if unchanged else 0.0,
        },
    )


# ---------------------------------------------------------------------------- grid search


def _scale(values: list[int]) -> XScale:
    """A log axis when the values span ten times or more (5 to 150 epochs, say)."""
    return "log" if min(values) > 0 and max(values) >= 10 * min(values) else "linear"


def grid_search(
    *, seed: int, rates: list[float] | None = None, epochs: list[int] | None = None
) -> DemoOutcome:
    """Learning rate x epochs scored on validation data; the test set is used once, at the end.

    One training run per learning rate gives every epoch count of the grid: full-batch
    training is deterministic, so the model after e epochs is the same whether training
    stops there or goes on.
    """
    rates = list(rates or [0.1, 0.5, 2.0])
    epochs = sorted(set(epochs or [5, 20, 60, 150]))
    data = _moons_split(seed, noise=0.3)
    assert data.y is not None and data.y_val is not None and data.y_test is not None
    grid: dict[tuple[float, int], float] = {}
    plot = []
    for rate in rates:
        model = MLPClassifier(
            hidden_layer_sizes=(8,), learning_rate=rate, n_epochs=epochs[-1], random_state=seed
        ).fit(data.X, data.y, validation_data=(data.X_val, data.y_val))
        row = [model.val_accuracy_history_[count - 1] for count in epochs]
        grid.update({(rate, count): score for count, score in zip(epochs, row, strict=True)})
        plot.append(replace(series(f"learning rate {rate:g}", epochs, row), x_scale=_scale(epochs)))
    (best_rate, best_epochs), best_score = max(grid.items(), key=lambda cell: cell[1])
    (worst_rate, worst_epochs), worst_score = min(grid.items(), key=lambda cell: cell[1])
    chosen = MLPClassifier(
        hidden_layer_sizes=(8,), learning_rate=best_rate, n_epochs=best_epochs, random_state=seed
    ).fit(data.X, data.y)
    test_score = chosen.score(data.X_test, data.y_test)
    best_mark = series("best cell", [best_epochs], [best_score], "scatter")
    plot.append(replace(best_mark, x_scale=_scale(epochs)))
    text = (
        f"Each of the {len(grid)} cells ({len(rates)} learning rates × {len(epochs)} epoch "
        f"counts) trained the same network on {len(data.y)} rows and was scored on "
        f"{len(data.y_val)} validation rows. Best cell: **learning rate {best_rate:g} with "
        f"{best_epochs} epochs**, validation accuracy {num(best_score)} (worst: {worst_rate:g} "
        f"with {worst_epochs} epochs, {num(worst_score)}). Only then was the test set used, "
        f"once: the chosen model scored {num(test_score)} on {len(data.y_test)} rows it had "
        f"never seen. The search chose the learning rate and the epochs, training never did: "
        f"they are hyperparameters."
    )
    return DemoOutcome(
        verdict=None,
        text=text,
        series=plot,
        title="Grid search: learning rate × epochs on validation data",
        x_label="epochs",
        y_label="validation accuracy",
        measures={
            "cells": float(len(grid)),
            "best_rate": float(best_rate),
            "best_epochs": float(best_epochs),
            "best_val": best_score,
            "worst_val": worst_score,
            "test_score": test_score,
        },
    )
