"""The probe: every supported quantity gets the verdict its experiment supports.

The list of (model, quantity) pairs below is the contract with the item bank; the expected
kind comes from the naming rule (learned attributes end in ``_``), never from the probe.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from typing import Any, Self

import numpy as np
import pytest

from tests.helpers import ROOT
from tutor.demos.catalog import MODELS, Measure, ModelEntry, Quantity
from tutor.demos.datasets import DataSet, lines, moon_pairs
from tutor.demos.estimators.base import BaseEstimator, check_X
from tutor.demos.estimators.neural_network import MLPClassifier, biases_note, weights_note
from tutor.demos.probe import decide, fit_all, probe, resolve, same, sweep
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
        "import sys, tutor.demos.registry, tutor.demos.catalog, tutor.demos.argument_checks; "
        "print('numpy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------- measures that only improve


def _monotone_pairs() -> list[tuple[str, str]]:
    return [
        (name, quantity.name)
        for name, entry in MODELS.items()
        for quantity in entry.quantities
        if (quantity.measure or entry.measure).monotone and _expected(quantity.name) != "parameter"
    ]


def test_training_measures_that_only_improve_are_flagged_in_the_catalog() -> None:
    assert {("pca", "n_components"), ("kmeans", "n_clusters")} <= set(_monotone_pairs())


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize(("model", "quantity"), _monotone_pairs())
def test_a_measure_that_only_improves_never_names_a_best_setting(
    model: str, quantity: str, seed: int
) -> None:
    """More components always keep more variance, more clusters always allow less inertia:
    the probe says the measure cannot choose the setting, instead of calling the end best."""
    entry = MODELS[model]
    how = entry.quantity(quantity).measure or entry.measure
    outcome = probe(entry, quantity, seed=seed)
    assert "Best here" not in outcome.text
    assert "always looks best" in outcome.text and "cannot choose" in outcome.text
    assert "chosen another way" in outcome.text
    assert 2 <= _sentences(outcome.text) <= 5, outcome.text
    scores = outcome.series[0].y
    sign = -1.0 if how.lower_is_better else 1.0
    xs = outcome.series[0].x
    worse = [x for x, a, b in zip(xs[1:], scores, scores[1:], strict=False) if sign * (b - a) < 0]
    # Where a fit stopped short (k-means from a random start), the text owns up to it.
    assert ("came out worse only because" in outcome.text) == bool(worse), outcome.text


def test_the_pca_probe_does_not_call_keeping_every_component_best() -> None:
    text = probe(MODELS["pca"], "n_components", seed=0).text
    assert "n_components 1 → 0.92; 2 → 0.99; 3 → 1.00." in text
    assert "Best here" not in text
    assert "a larger `n_components` can always do at least as well" in text


@pytest.mark.parametrize("seed", range(6))
def test_the_share_of_variance_kept_never_falls_with_more_components(seed: int) -> None:
    scores = probe(MODELS["pca"], "n_components", seed=seed).series[0].y
    assert scores == sorted(scores)


def test_the_monotone_flag_is_honoured_for_any_model() -> None:
    entry = ModelEntry(
        name="fake",
        title="a test model",
        estimator=MeanModel,
        data=_pair,
        measure=Measure("scale read back", "value", "scale", monotone=True),
        quantities=(Quantity("scale", "a quantity under test"),),
    )
    outcome = probe(entry, "scale")
    assert outcome.verdict == "hyperparameter"
    assert "Best here" not in outcome.text
    assert "a larger `scale` can always do at least as well" in outcome.text
    unflagged = probe(
        ModelEntry(**{**entry.__dict__, "measure": Measure("scale read back", "value", "scale")}),
        "scale",
    )
    assert "Best here: 10" in unflagged.text


# ---------------------------------------------------------------- sweeps that read sensibly


@pytest.mark.parametrize("seed", range(8))
def test_more_sgd_epochs_never_raise_the_training_loss(seed: int) -> None:
    """With the catalog's optimiser settings, each extra pass over the data lowers the
    training loss (or leaves it at the noise floor) instead of bouncing it up and down."""
    outcome = probe(MODELS["sgd_regression"], "n_epochs", seed=seed)
    loss = outcome.series[0].y
    assert all(later <= 1.02 * earlier for earlier, later in itertools.pairwise(loss)), outcome.text
    assert loss[0] > 2 * loss[-1], "the first epoch has not yet converged"


def test_the_momentum_sweep_still_shows_too_much_momentum() -> None:
    outcome = probe(MODELS["sgd_regression"], "momentum", seed=0)
    loss = dict(zip(outcome.series[0].x, outcome.series[0].y, strict=True))
    assert loss[0.99] > 2 * loss[0.5], outcome.text


@pytest.mark.parametrize("seed", range(6))
def test_every_number_of_hidden_layers_beats_none_in_the_layers_probe(seed: int) -> None:
    """As in capacity_sweep: on the moons, hidden layers help; none at all underfits."""
    outcome = probe(MODELS["mlp"], "n_layers", seed=seed)
    assert outcome.series[0].x == [0.0, 1.0, 2.0, 3.0]
    accuracy = outcome.series[0].y
    assert min(accuracy[1:]) > accuracy[0], outcome.text


def test_a_sweep_names_the_settings_it_holds_fixed() -> None:
    outcome = probe(MODELS["mlp"], "n_layers", seed=0)
    assert "everything else fixed (`learning_rate=1`, `n_epochs=120`, `random_state=0`)" in (
        outcome.text
    )
    assert "hidden_layer_sizes=" not in outcome.text.split("What it does")[1]


def test_a_sweep_reuses_the_probe_fit_for_the_probe_setting() -> None:
    entry = MODELS["mlp"]
    quantity = entry.quantity("n_neurons")
    data = resolve(entry.data)(0)[0]
    trial = fit_all(entry, quantity, [data])[0]
    with_reuse = sweep(entry, quantity, entry.measure, data, (4, 8), fitted=trial.model)
    without = sweep(entry, quantity, entry.measure, data, (4, 8))
    assert with_reuse == without


# ---------------------------------------------------------------- counting a network's numbers


def test_the_network_probes_count_weights_and_biases_with_the_output_units() -> None:
    weights = probe(MODELS["mlp"], "coefs_", seed=0).text
    assert "the 32 weights are 2·8 into the hidden layer of 8 and 8·2 into the 2 output units" in (
        weights
    )
    assert "one per class" in weights
    biases = probe(MODELS["mlp"], "intercepts_", seed=0).text
    assert (
        "The 10 biases are one per neuron after the inputs: 8 for the hidden layer of 8 and 2 "
        in (biases)
    )
    assert "2 output units (one per class" in biases


@pytest.mark.parametrize("hidden", [(), (3,), (8, 5)])
def test_the_counts_add_up_for_any_shape(hidden: tuple[int, ...]) -> None:
    data = moon_pairs(0)[0]
    model = MLPClassifier(hidden_layer_sizes=hidden, n_epochs=0).fit(data.X, data.y)
    n_weights = sum(w.size for w in model.coefs_)
    n_biases = sum(b.size for b in model.intercepts_)
    assert f"the {n_weights} weights are" in weights_note(model)
    assert f"The {n_biases} biases are" in biases_note(model)
    for note in (weights_note(model), biases_note(model)):
        assert "2 output units (one per class" in note
