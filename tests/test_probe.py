"""The probe: every supported quantity gets the verdict its experiment supports.

The list of (model, quantity) pairs below is the contract with the item bank; the expected
kind comes from the naming rule (learned attributes end in ``_``), never from the probe.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any, Self

import numpy as np
import pytest

from tests.helpers import ROOT
from tutor.demos.base import BaseEstimator, check_X
from tutor.demos.catalog import MODELS, Measure, ModelEntry, Quantity
from tutor.demos.datasets import DataSet, lines
from tutor.demos.probe import decide, fit_all, probe, same
from tutor.demos.registry import run_demo, validate_args

SUPPORTED = {
    "linear_regression": ["coef_", "intercept_", "learning_rate", "n_iter"],
    "sgd_regression": ["coef_", "batch_size", "momentum", "n_epochs"],
    "polynomial_regression": ["coef_", "degree"],
    "logistic_regression": ["coef_", "intercept_", "learning_rate", "n_iter", "C"],
    "ridge": ["coef_", "intercept_", "alpha"],
    "lasso": ["coef_", "alpha"],
    "knn": ["n_neighbors", "p"],
    "kmeans": ["cluster_centers_", "n_clusters", "max_iter", "random_state"],
    "mlp": ["coefs_", "intercepts_", "n_layers", "n_neurons", "learning_rate", "n_epochs"],
    "decision_tree": ["thresholds_", "max_depth", "min_samples_leaf"],
    "random_forest": ["n_estimators", "max_depth"],
    "gradient_boosting": ["n_estimators", "learning_rate"],
    "naive_bayes": ["theta_", "var_", "class_prior_", "var_smoothing"],
    "pca": ["components_", "mean_", "n_components"],
    "svm": ["coef_", "intercept_", "C"],
}
PAIRS = [(model, quantity) for model, names in SUPPORTED.items() for quantity in names]


def _expected(quantity: str) -> str:
    return "parameter" if quantity.endswith("_") else "hyperparameter"


def _sentences(text: str) -> int:
    stripped = text.replace("e.g.", "eg")
    return sum(
        1 for i, ch in enumerate(stripped) if ch in ".!?" and stripped[i + 1 : i + 2] in (" ", "")
    )


def test_the_catalog_supports_every_promised_pair() -> None:
    for model, names in SUPPORTED.items():
        assert set(names) <= set(MODELS[model].quantity_names), model


@pytest.mark.parametrize(("model", "quantity"), PAIRS, ids=[f"{m}.{q}" for m, q in PAIRS])
def test_probe_verdict_matches_the_kind(model: str, quantity: str) -> None:
    outcome = probe(MODELS[model], quantity, seed=0)
    assert outcome.verdict == _expected(quantity), outcome.text
    assert f"`{quantity}`" in outcome.text
    assert any(ch.isdigit() for ch in outcome.text)
    assert 2 <= _sentences(outcome.text) <= 5, outcome.text
    assert outcome.series, "a probe always shows its evidence"
    payload = json.dumps([s.to_dict() for s in outcome.series], allow_nan=False)
    assert payload
    for series in outcome.series:
        assert len(series.x) == len(series.y) > 0
        assert all(type(v) is float for v in series.x + series.y)
    if outcome.verdict == "parameter":
        assert "data set A" in outcome.text and "data set B" in outcome.text
    else:
        assert "before `fit`" in outcome.text
        sweep = outcome.series[0]
        assert len(sweep.x) >= 2, "a hyperparameter's effect is shown by a sweep"
        assert outcome.x_label == quantity


@pytest.mark.parametrize("seed", [1, 7])
def test_verdicts_hold_for_other_seeds(seed: int) -> None:
    for model, quantity in PAIRS:
        assert probe(MODELS[model], quantity, seed=seed).verdict == _expected(quantity)


def test_the_slope_probe_reports_both_slopes_from_the_fits() -> None:
    entry = MODELS["linear_regression"]
    outcome = probe(entry, "coef_", seed=3)
    trials = fit_all(entry, entry.quantity("coef_"), list(lines(3)))
    for trial in trials:
        assert f"{trial.after[0]:.2f}" in outcome.text


def test_probe_is_deterministic_under_the_seed() -> None:
    first = run_demo("probe", {"model": "kmeans", "quantity": "cluster_centers_"}, seed=5)
    again = run_demo("probe", {"model": "kmeans", "quantity": "cluster_centers_"}, seed=5)
    other = run_demo("probe", {"model": "kmeans", "quantity": "cluster_centers_"}, seed=6)
    assert first.text == again.text
    assert first.series == again.series
    assert first.text != other.text


def test_learning_rate_sweep_in_the_probe_flags_divergence() -> None:
    outcome = probe(MODELS["linear_regression"], "learning_rate", seed=0)
    assert "diverged" in outcome.text
    assert all(np.isfinite(outcome.series[0].y))


# ---------------------------------------------------------------- the probe looks at the data


def _pair(seed: int) -> tuple[DataSet, DataSet]:
    rng = np.random.default_rng(seed)
    sets = []
    for name, shift in (("A", 0.0), ("B", 5.0)):
        X = rng.normal(shift, 1.0, (30, 2))
        y = X @ [1.0, -2.0] + shift
        sets.append(DataSet(name, f"shifted by {shift}", X, y, X, y))
    return sets[0], sets[1]


class MeanModel(BaseEstimator):
    """Honest: learns the column means."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale

    def fit(self, X: Any, y: Any = None) -> Self:
        self.mean_ = check_X(X).mean(axis=0) * self.scale
        return self

    def score(self, X: Any, y: Any = None) -> float:
        return -float(np.abs(check_X(X) - self.mean_).sum())


class ConstantModel(MeanModel):
    """Dishonest: its "learned" attribute ignores the data entirely."""

    def fit(self, X: Any, y: Any = None) -> Self:
        check_X(X)
        self.fake_ = np.array([7.0, 7.0]) * self.scale
        return self


class SeededNoiseModel(MeanModel):
    """Its attribute looks random but depends only on a fixed seed, not on the data."""

    def fit(self, X: Any, y: Any = None) -> Self:
        check_X(X)
        self.noise_ = np.random.default_rng(0).normal(size=3)
        return self


class MeddlingModel(MeanModel):
    """Breaks the rules: fit overwrites its own hyperparameter from the data."""

    def fit(self, X: Any, y: Any = None) -> Self:
        X_checked = check_X(X)
        self.scale = float(X_checked.std())
        self.mean_ = X_checked.mean(axis=0)
        return self


class ConstantSettingModel(MeanModel):
    """Has a value fixed before fit that is not a constructor argument."""

    tolerance = 1e-3


def _entry(estimator: type, quantity: str) -> ModelEntry:
    return ModelEntry(
        name="fake",
        title="a test model",
        estimator=estimator,
        data=_pair,
        measure=Measure("validation score"),
        quantities=(Quantity(quantity, "a quantity under test"),),
    )


def test_a_data_dependent_attribute_is_a_parameter() -> None:
    assert probe(_entry(MeanModel, "mean_"), "mean_").verdict == "parameter"


@pytest.mark.parametrize(
    ("model", "name"), [(ConstantModel, "fake_"), (SeededNoiseModel, "noise_")]
)
def test_an_attribute_that_ignores_the_data_is_not_called_a_parameter(
    model: type, name: str
) -> None:
    outcome = probe(_entry(model, name), name)
    assert outcome.verdict is None
    assert "did not decide" in outcome.text


def test_a_hyperparameter_that_fit_changes_is_not_called_a_hyperparameter() -> None:
    outcome = probe(_entry(MeddlingModel, "scale"), "scale")
    assert outcome.verdict != "hyperparameter"


def test_a_fixed_value_outside_get_params_is_not_called_a_hyperparameter() -> None:
    outcome = probe(_entry(ConstantSettingModel, "tolerance"), "tolerance")
    assert outcome.verdict is None
    assert "constructor argument" in outcome.text


def test_an_honest_hyperparameter_is_swept() -> None:
    outcome = probe(_entry(MeanModel, "scale"), "scale")
    assert outcome.verdict == "hyperparameter"
    assert len(outcome.series[0].x) == 5  # the automatic sweep around 1.0


def test_decide_reads_only_the_values() -> None:
    entry = _entry(MeanModel, "mean_")
    trials = fit_all(entry, entry.quantity("mean_"), list(_pair(0)))
    assert decide(trials) == "parameter"
    assert not same(trials[0].after, trials[1].after)
    assert same(trials[0].after, trials[0].after.copy())
    assert same([np.ones(2), np.zeros(1)], [np.ones(2), np.zeros(1)])
    assert not same([np.ones(2)], [np.ones(3)])


# ---------------------------------------------------------------- registry


def test_registry_rejects_a_quantity_the_model_lacks_and_lists_valid_ones() -> None:
    problems = validate_args("probe", {"model": "knn", "quantity": "coef_"})
    assert len(problems) == 1
    assert "n_neighbors, p" in problems[0]
    assert validate_args("probe", {"model": "knn", "quantity": "p"}) == []
    assert validate_args("probe", {"model": "nope", "quantity": "p"})


def test_every_catalog_pair_is_accepted_by_the_registry() -> None:
    for model, quantity in PAIRS:
        assert validate_args("probe", {"model": model, "quantity": quantity}) == []


def test_importing_the_registry_does_not_import_numpy() -> None:
    code = (
        "import sys, tutor.demos.registry, tutor.demos.catalog, tutor.demos.checks; "
        "print('numpy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
