"""The named demos: each shows what it claims, with numbers taken from the fits."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tutor.demos import sweeps_nn
from tutor.demos.datasets import line
from tutor.demos.estimators.linear_model import LinearRegressionGD
from tutor.demos.estimators.neural_network import MLPClassifier
from tutor.demos.registry import DEMOS, run_demo, validate_args, with_defaults
from tutor.demos.spec import DemoOutcome

NAMED = [
    "line_fit",
    "degree_sweep",
    "learning_rate_sweep",
    "epochs_sweep",
    "k_elbow",
    "capacity_sweep",
    "mlp_weights",
    "grid_search",
]


def _series(outcome: DemoOutcome, prefix: str) -> np.ndarray:
    matches = [s for s in outcome.series if s.label.startswith(prefix)]
    assert len(matches) == 1, [s.label for s in outcome.series]
    return np.array(matches[0].y)


@pytest.mark.parametrize("name", NAMED)
def test_every_demo_runs_with_defaults_and_gives_plain_json(name: str) -> None:
    assert validate_args(name, {}) == []
    outcome = run_demo(name, {}, seed=0)
    assert outcome.verdict is None
    assert outcome.title and outcome.x_label and outcome.y_label
    assert outcome.series
    json.dumps([s.to_dict() for s in outcome.series], allow_nan=False)
    for series in outcome.series:
        assert series.style in ("line", "scatter")
        assert len(series.x) == len(series.y) > 0
        assert all(type(v) is float and np.isfinite(v) for v in series.x + series.y)
    sentences = sum(
        1
        for i, ch in enumerate(outcome.text)
        if ch in ".!?" and outcome.text[i + 1 : i + 2] in (" ", "")
    )
    assert 2 <= sentences <= 5, outcome.text


@pytest.mark.parametrize("name", NAMED)
def test_every_demo_is_deterministic_under_the_seed(name: str) -> None:
    first, again = run_demo(name, {}, seed=3), run_demo(name, {}, seed=3)
    assert first.text == again.text
    assert first.series == again.series
    assert run_demo(name, {}, seed=4).series != first.series


@pytest.mark.parametrize("name", NAMED)
def test_every_argument_is_documented(name: str) -> None:
    for param in DEMOS[name].params:
        assert not param.required, f"{name}.{param.name} should have a default"
        assert param.help, f"{name}.{param.name} has no help"
    runner_defaults = with_defaults(name, {})
    assert set(runner_defaults) == {p.name for p in DEMOS[name].params}


def test_line_fit_prints_the_fitted_m_and_c() -> None:
    outcome = run_demo("line_fit", {"slope": -1.5, "intercept": 4.0, "noise": 0.5}, seed=2)
    X, y = line(np.random.default_rng(2), -1.5, 4.0, noise=0.5, n=30)
    model = LinearRegressionGD().fit(X, y)
    assert f"m = {model.coef_[0]:.2f}" in outcome.text
    assert f"c = {model.intercept_:.2f}" in outcome.text
    assert [s.style for s in outcome.series] == ["scatter", "line"]
    assert outcome.series[0].y == pytest.approx(list(y))


def test_learning_rate_sweep_crawls_converges_and_flags_the_divergence() -> None:
    outcome = run_demo("learning_rate_sweep", {}, seed=0)
    labels = [s.label for s in outcome.series]
    assert sum("(diverged)" in label for label in labels) == 1
    assert sum("(converged)" in label for label in labels) == 1
    assert sum("(crawled)" in label for label in labels) == 1
    for word in ("crawled", "converged", "diverged", "is cut where its loss leaves"):
        assert word in outcome.text
    # The diverging curve is cut where its loss leaves the plot, not drawn as a smooth climb
    # to a ceiling, and a point marks the step where it left.
    diverging = _series(outcome, "learning rate 0.25 (diverged)")
    cap = 3.0 * diverging[0]
    model = LinearRegressionGD(learning_rate=0.25, n_iter=100).fit(
        *line(np.random.default_rng(0), 2.5, 1.0, noise=1.0, n=40)
    )
    inside = len(diverging) - 1  # the steps drawn at their loss; the last one is the cut
    assert diverging[:inside].tolist() == pytest.approx(model.loss_history_[:inside])
    assert diverging[-1] == pytest.approx(cap)
    assert model.loss_history_[inside] > cap
    assert len(diverging) < len(model.loss_history_)
    mark = next(s for s in outcome.series if s.label == "learning rate 0.25 off the scale")
    assert (mark.style, mark.x, mark.y) == ("scatter", [float(len(diverging))], [cap])
    assert outcome.measures == {"crawled_runs": 1.0, "converged_runs": 1.0, "diverged_runs": 1.0}
    converged = _series(outcome, "learning rate 0.1")
    X, y = line(np.random.default_rng(0), 2.5, 1.0, noise=1.0, n=40)
    best = np.polyfit(X[:, 0], y, 1)
    residual = np.polyval(best, X[:, 0]) - y
    assert converged[-1] == pytest.approx(float(residual @ residual) / 40, rel=1e-3)


def test_learning_rate_sweep_takes_other_rates() -> None:
    outcome = run_demo("learning_rate_sweep", {"rates": [0.05, 0.5], "n_iter": 50}, seed=1)
    curves = [s for s in outcome.series if s.style == "line"]
    assert [s.label for s in curves] == [
        "learning rate 0.05 (converged)",
        "learning rate 0.5 (diverged)",
    ]
    assert validate_args("learning_rate_sweep", {"rates": []})
    assert validate_args("learning_rate_sweep", {"rates": [0.1, "fast"]})


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_epochs_sweep_shows_real_overfitting(seed: int) -> None:
    outcome = run_demo("epochs_sweep", {}, seed=seed)
    train = _series(outcome, "training")
    val = _series(outcome, "validation accuracy")
    test = _series(outcome, "test")
    peak = int(np.argmax(val))
    last = len(val) - 1
    assert 2 <= peak < 0.8 * last, "validation should peak well before the last epoch"
    assert val[last] <= val[peak] - 0.03
    assert test[last] < test[peak]
    assert train[last] > train[peak] + 0.1, "training accuracy keeps rising after the peak"
    assert val[0] < val[peak], "too few epochs underfit"
    assert f"epoch {peak + 1}**" in outcome.text
    assert "underfit" in outcome.text
    assert (outcome.x_label, outcome.y_label) == ("epoch", "accuracy")


def test_epochs_sweep_matches_a_model_trained_for_exactly_the_peak() -> None:
    outcome = run_demo("epochs_sweep", {}, seed=0)
    val = _series(outcome, "validation accuracy")
    peak = int(np.argmax(val))
    data = sweeps_nn.noisy_features(0)
    short = MLPClassifier((16,), 0.1, peak + 1, random_state=0).fit(data.X, data.y)
    assert short.score(data.X_val, data.y_val) == pytest.approx(val[peak])


@pytest.mark.parametrize("seed", range(5))
def test_k_elbow_inertia_never_rises_and_the_elbow_is_named(seed: int) -> None:
    outcome = run_demo("k_elbow", {"k_max": 9, "n_blobs": 3}, seed=seed)
    inertia = _series(outcome, "inertia")
    assert len(inertia) == 9
    assert np.all(np.diff(inertia) <= 1e-9 * inertia[0])
    assert "k = 3**" in outcome.text
    assert _series(outcome, "elbow").tolist() == [inertia[2]]


def test_capacity_sweep_varies_neurons_or_layers() -> None:
    neurons = run_demo("capacity_sweep", {}, seed=0)
    layers = run_demo("capacity_sweep", {"vary": "layers"}, seed=0)
    assert neurons.series[0].x == [1.0, 2.0, 4.0, 8.0, 32.0]
    assert layers.series[0].x == [0.0, 1.0, 2.0, 3.0]
    for outcome in (neurons, layers):
        val = _series(outcome, "validation")
        assert val.max() > val[0], "the smallest network underfits the moons"
        assert "underfits" in outcome.text


def test_mlp_weights_moved_and_the_settings_did_not() -> None:
    outcome = run_demo("mlp_weights", {}, seed=0)
    before = _series(outcome, "before")
    after = _series(outcome, "after")
    assert before.shape == after.shape == (16,)
    assert np.abs(after - before).mean() > 0.5
    assert "exactly as they went in" in outcome.text
    assert "accuracy was 1.00" in outcome.text


@pytest.mark.parametrize("hidden", [1, 4, 9])
def test_mlp_weights_counts_the_output_units_it_has(hidden: int) -> None:
    """The network scores each of the 2 classes, so it has 2 output units, not 1: the text
    says so, and its counts are those of the network it trained."""
    outcome = run_demo("mlp_weights", {"hidden": hidden, "n_epochs": 1}, seed=0)
    n_weights = len(_series(outcome, "before"))
    assert n_weights == 2 * hidden + hidden * 2
    assert "2 output units (one per class" in outcome.text
    assert f"2·{hidden} + {hidden}·2 = {n_weights} weights" in outcome.text
    assert f"{hidden} + 2 = {hidden + 2} biases, {n_weights + hidden + 2} parameters" in (
        outcome.text
    )


def test_grid_search_names_the_best_cell_and_touches_the_test_set_once(monkeypatch) -> None:
    calls: list[int] = []
    original = MLPClassifier.score

    def counting(self: MLPClassifier, X: np.ndarray, y: np.ndarray) -> float:
        calls.append(len(y))
        return original(self, X, y)

    monkeypatch.setattr(MLPClassifier, "score", counting)
    outcome = run_demo("grid_search", {}, seed=0)
    assert calls == [100], "the test set is scored once, at the end"
    grid = [s for s in outcome.series if s.label.startswith("learning rate")]
    assert len(grid) == 3
    best = max((y, s.label, x) for s in grid for x, y in zip(s.x, s.y, strict=True))
    rate = best[1].removeprefix("learning rate ")
    assert f"learning rate {rate} with {int(best[2])} epochs" in outcome.text
    assert _series(outcome, "best cell").tolist() == [best[0]]


def test_demo_argument_ranges_are_checked_at_load_time() -> None:
    assert validate_args("k_elbow", {"k_max": 4, "n_blobs": 6})
    assert validate_args("line_fit", {"n_points": 1})
    assert validate_args("grid_search", {"epochs": [10, 2.5]})
    assert validate_args("capacity_sweep", {"vary": "depth"})
    assert validate_args("epochs_sweep", {"n_epochs": 100, "hidden": 8}) == []


def test_every_demo_reports_the_measures_it_declares() -> None:
    """The registry's measures are exactly the numbers the runner reports: a lesson may make
    claims about each, and tutor check reads each."""
    for name in NAMED:
        outcome = run_demo(name, {}, seed=0)
        declared = {measure.name for measure in DEMOS[name].measures}
        assert declared and set(outcome.measures) == declared, name
        assert all(type(v) is float and np.isfinite(v) for v in outcome.measures.values())
        assert all(measure.help for measure in DEMOS[name].measures)


def test_line_fit_fits_the_points_it_is_given() -> None:
    points = [[1, 3.1], [2, 4.9], [3, 7.2], [4, 8.8]]
    outcome = run_demo("line_fit", {"points": points}, seed=0)
    m, c = np.polyfit([p[0] for p in points], [p[1] for p in points], 1)
    assert outcome.measures["slope"] == pytest.approx(m, abs=1e-6)
    assert outcome.measures["intercept"] == pytest.approx(c, abs=1e-6)
    assert "**m = 1.94**" in outcome.text and "**c = 1.15**" in outcome.text
    assert "4 points of the example" in outcome.text
    assert outcome.series[0].x == [1.0, 2.0, 3.0, 4.0]
    assert outcome.series[0].y == pytest.approx([3.1, 4.9, 7.2, 8.8])
    assert validate_args("line_fit", {"points": [[1, 2]]})
    assert validate_args("line_fit", {"points": [[1, 2], [1, 3]]})  # one x: no slope
    assert validate_args("line_fit", {"points": [[1, 2], [2, "x"]]})


@pytest.mark.parametrize("seed", range(4))
def test_degree_sweep_training_error_picks_the_top_degree_new_points_pick_three(
    seed: int,
) -> None:
    outcome = run_demo("degree_sweep", {}, seed=seed)
    measures = outcome.measures
    assert measures["train_error_at_highest"] < 1e-9  # degree 9 through 10 points
    assert measures["best_degree"] == 3
    assert measures["val_error_at_highest"] > 10 * measures["val_error_at_best"]
    assert measures["swing_at_highest"] > 2
    assert "**degree 3**" in outcome.text and "swings" in outcome.text
    curves = [s for s in outcome.series if s.label.startswith("degree")]
    assert [s.label for s in curves] == ["degree 1", "degree 3", "degree 9"]
    assert validate_args("degree_sweep", {"degrees": [3, 10]})  # 10 points fix degree 9 at most
    assert validate_args("degree_sweep", {"degrees": [1, 3, 9], "n_points": 12}) == []


def test_sweeps_over_orders_of_magnitude_ask_for_a_log_axis() -> None:
    steps = run_demo("learning_rate_sweep", {}, seed=0)
    assert {s.x_scale for s in steps.series} == {"log"}  # blow-ups happen in the first steps
    grid = run_demo("grid_search", {}, seed=0)
    assert {s.x_scale for s in grid.series} == {"log"}  # 5 to 150 epochs
    assert grid.series[0].to_dict()["x_scale"] == "log"
    neurons = run_demo("capacity_sweep", {}, seed=0)
    assert {s.x_scale for s in neurons.series} == {"log"}  # 1 to 32 neurons
    layers = run_demo("capacity_sweep", {"vary": "layers"}, seed=0)
    assert {s.x_scale for s in layers.series} == {"linear"}
    assert layers.series[0].to_dict()["x_scale"] == "linear"
