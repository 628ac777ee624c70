"""The demos lessons may name, with their typed arguments.

Lessons carry no code: they name a demo here and pass arguments that are validated against
the demo's declared parameters when the lesson pack loads.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping
from typing import Any

from tutor.demos import argument_checks as checks
from tutor.demos import catalog
from tutor.demos.spec import DemoMeasure, DemoOutcome, DemoParam, DemoSpec

DEMOS: dict[str, DemoSpec] = {
    spec.name: spec
    for spec in (
        DemoSpec(
            name="explain",
            summary="An honest explanation where the lab has no model to run (verdict: null).",
            runner="tutor.demos.explain:run",
            params=(DemoParam("note", str, help="what the learner should know instead"),),
        ),
        DemoSpec(
            name="probe",
            summary=(
                "Fit a model on two data sets with the same hyperparameters: what changed with "
                "the data is a parameter, what fit left as given is a hyperparameter (then swept)."
            ),
            runner="tutor.demos.probe:run",
            params=(
                DemoParam(
                    "model",
                    str,
                    choices=catalog.MODEL_NAMES,
                    help="the catalog model to fit, e.g. 'linear_regression' or 'kmeans'",
                ),
                DemoParam(
                    "quantity",
                    str,
                    help=(
                        "what to probe: an attribute fit learns (ends in _, e.g. 'coef_') or a "
                        "constructor argument (e.g. 'learning_rate'); each model lists its own"
                    ),
                ),
            ),
            check=catalog.check_probe_args,
            cost=checks.probe_cost,
        ),
        DemoSpec(
            name="line_fit",
            summary="Scatter of data with the line gradient descent fitted; prints m and c.",
            runner="tutor.demos.sweeps:line_fit",
            params=(
                DemoParam("slope", float, 2.5, help="true slope the points scatter around"),
                DemoParam("intercept", float, 1.0, help="true intercept the points scatter around"),
                DemoParam("noise", float, 1.0, help="standard deviation of the scatter (0-100)"),
                DemoParam("n_points", int, 30, help="how many points (2-1000)"),
                DemoParam(
                    "points",
                    list,
                    [],
                    help=(
                        "fit exactly these [x, y] pairs instead (2-100), such as a worked "
                        "example's points; slope, intercept, noise and n_points are then unused"
                    ),
                ),
            ),
            check=checks.LINE_FIT,
            cost=checks.line_fit_cost,
            measures=(
                DemoMeasure("slope", "the fitted slope m"),
                DemoMeasure("intercept", "the fitted intercept c"),
                DemoMeasure("mse", "the fitted line's mean squared error on its points"),
                DemoMeasure("points", "how many points were fitted"),
            ),
        ),
        DemoSpec(
            name="degree_sweep",
            summary=(
                "Polynomials of growing degree fitted by least squares to a few noisy points: "
                "training error falls to zero while the error on new points picks a middle degree."
            ),
            runner="tutor.demos.sweeps:degree_sweep",
            params=(
                DemoParam("degrees", list, [1, 3, 9], help="degrees to fit (1-6 of 0-12)"),
                DemoParam("n_points", int, 10, help="training points (3-200)"),
                DemoParam("noise", float, 0.2, help="standard deviation of the noise (0-5)"),
            ),
            check=checks.DEGREE_SWEEP,
            cost=checks.degree_sweep_cost,
            measures=(
                DemoMeasure("best_degree", "the degree with the smallest error on new points"),
                DemoMeasure("lowest_degree", "the smallest degree fitted"),
                DemoMeasure("highest_degree", "the largest degree fitted"),
                DemoMeasure("train_error_at_lowest", "training MSE of the smallest degree"),
                DemoMeasure("train_error_at_highest", "training MSE of the largest degree"),
                DemoMeasure("val_error_at_lowest", "MSE on new points of the smallest degree"),
                DemoMeasure("val_error_at_best", "MSE on new points of the best degree"),
                DemoMeasure("val_error_at_highest", "MSE on new points of the largest degree"),
                DemoMeasure(
                    "swing_at_highest",
                    "how far the largest degree's curve ranges, in multiples of the points' spread",
                ),
            ),
        ),
        DemoSpec(
            name="learning_rate_sweep",
            summary=(
                "One regression, several learning rates: loss curves that crawl, converge and "
                "diverge."
            ),
            runner="tutor.demos.sweeps:learning_rate_sweep",
            params=(
                DemoParam(
                    "rates",
                    list,
                    [0.001, 0.1, 0.25],
                    help="learning rates to compare (1-6 positive numbers up to 10)",
                ),
                DemoParam("n_iter", int, 100, help="gradient-descent steps per run (1-5000)"),
            ),
            check=checks.LEARNING_RATE_SWEEP,
            cost=checks.learning_rate_sweep_cost,
            measures=(
                DemoMeasure("crawled_runs", "runs still far from the best loss at the end"),
                DemoMeasure("converged_runs", "runs that reached the best loss (within 1%)"),
                DemoMeasure("diverged_runs", "runs whose loss grew without bound"),
            ),
        ),
        DemoSpec(
            name="epochs_sweep",
            summary=(
                "Accuracy per epoch on training, validation and test data: training keeps rising, "
                "validation peaks (the epoch is named), then falls."
            ),
            runner="tutor.demos.sweeps_nn:epochs_sweep",
            params=(
                DemoParam("n_epochs", int, 250, help="epochs to train (2-2000)"),
                DemoParam("hidden", int, 16, help="neurons in the hidden layer (1-256)"),
                DemoParam("learning_rate", float, 0.1, help="gradient-descent step size"),
            ),
            check=checks.EPOCHS_SWEEP,
            cost=checks.epochs_sweep_cost,
            measures=(
                DemoMeasure("peak_epoch", "the first epoch with the best validation accuracy"),
                DemoMeasure("last_epoch", "the number of epochs trained"),
                DemoMeasure("val_at_first", "validation accuracy after one epoch"),
                DemoMeasure("val_at_peak", "validation accuracy at the peak epoch"),
                DemoMeasure("val_at_last", "validation accuracy at the last epoch"),
                DemoMeasure("train_at_first", "training accuracy after one epoch"),
                DemoMeasure("train_at_peak", "training accuracy at the peak epoch"),
                DemoMeasure("train_at_last", "training accuracy at the last epoch"),
                DemoMeasure("test_at_peak", "test accuracy at the peak epoch"),
                DemoMeasure("test_at_last", "test accuracy at the last epoch"),
            ),
        ),
        DemoSpec(
            name="k_elbow",
            summary="k-means inertia for k = 1..k_max: it never rises, so pick k at the elbow.",
            runner="tutor.demos.sweeps:k_elbow",
            params=(
                DemoParam("k_max", int, 8, help="largest k to try (2-15)"),
                DemoParam("n_blobs", int, 3, help="how many blobs the points come from (<= k_max)"),
            ),
            check=checks.K_ELBOW,
            cost=checks.k_elbow_cost,
            measures=(
                DemoMeasure("elbow_k", "the k at the elbow of the inertia curve"),
                DemoMeasure("blobs", "how many blobs the points came from"),
                DemoMeasure("inertia_rises", "how often inertia went up from one k to the next"),
                DemoMeasure("inertia_at_1", "inertia with one cluster"),
                DemoMeasure("inertia_at_largest_k", "inertia with the most clusters tried"),
            ),
        ),
        DemoSpec(
            name="capacity_sweep",
            summary="Networks of growing size on two moons: training and validation accuracy.",
            runner="tutor.demos.sweeps_nn:capacity_sweep",
            params=(
                DemoParam(
                    "vary",
                    str,
                    "neurons",
                    choices=("neurons", "layers"),
                    help="grow the neurons of one hidden layer, or the number of hidden layers",
                ),
                DemoParam("n_epochs", int, 150, help="epochs to train each network (1-1000)"),
            ),
            check=checks.CAPACITY_SWEEP,
            cost=checks.capacity_sweep_cost,
            measures=(
                DemoMeasure("best_size", "the size with the best validation accuracy"),
                DemoMeasure("smallest_size", "the smallest size tried"),
                DemoMeasure("largest_size", "the largest size tried"),
                DemoMeasure("train_at_smallest", "training accuracy of the smallest network"),
                DemoMeasure("train_at_best", "training accuracy of the best network"),
                DemoMeasure("train_at_largest", "training accuracy of the largest network"),
                DemoMeasure("val_at_smallest", "validation accuracy of the smallest network"),
                DemoMeasure("val_at_best", "validation accuracy of the best network"),
                DemoMeasure("val_at_largest", "validation accuracy of the largest network"),
            ),
        ),
        DemoSpec(
            name="mlp_weights",
            summary="A network's weights before training (random start) and after (moved by data).",
            runner="tutor.demos.sweeps_nn:mlp_weights",
            params=(
                DemoParam("hidden", int, 4, help="neurons in the hidden layer (1-64)"),
                DemoParam("n_epochs", int, 300, help="epochs to train (0-3000)"),
                DemoParam("learning_rate", float, 1.0, help="gradient-descent step size"),
            ),
            check=checks.MLP_WEIGHTS,
            cost=checks.mlp_weights_cost,
            measures=(
                DemoMeasure("parameters", "weights plus biases of the network"),
                DemoMeasure("weights", "how many weights the network has"),
                DemoMeasure("biases", "how many biases the network has"),
                DemoMeasure("accuracy_before", "training accuracy before training"),
                DemoMeasure("accuracy_after", "training accuracy after training"),
                DemoMeasure("mean_weight_change", "how far the weights moved, on average"),
                DemoMeasure("settings_unchanged", "1 when training left every setting as given"),
            ),
        ),
        DemoSpec(
            name="grid_search",
            summary=(
                "Learning rate x epochs scored on validation data; best cell named; the test set "
                "is used once, at the end."
            ),
            runner="tutor.demos.sweeps_nn:grid_search",
            params=(
                DemoParam(
                    "rates",
                    list,
                    [0.1, 0.5, 2.0],
                    help="learning rates to try (1-5 positive numbers up to 10)",
                ),
                DemoParam(
                    "epochs",
                    list,
                    [5, 20, 60, 150],
                    help="epoch counts to try (1-6 whole numbers up to 1000)",
                ),
            ),
            check=checks.GRID_SEARCH,
            cost=checks.grid_search_cost,
            measures=(
                DemoMeasure("cells", "how many settings were tried"),
                DemoMeasure("best_rate", "the learning rate of the best cell"),
                DemoMeasure("best_epochs", "the epochs of the best cell"),
                DemoMeasure("best_val", "validation accuracy of the best cell"),
                DemoMeasure("worst_val", "validation accuracy of the worst cell"),
                DemoMeasure("test_score", "test accuracy of the chosen model, measured once"),
            ),
        ),
    )
}

_TYPE_NAMES = {
    int: "an integer",
    float: "a number",
    str: "a string",
    bool: "true or false",
    list: "a list",
}


def _non_finite(value: Any) -> bool:
    """True for NaN or an infinity, anywhere in a value (TOML allows ``nan`` and ``inf``)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list):
        return any(_non_finite(element) for element in value)
    if isinstance(value, dict):
        return any(_non_finite(element) for element in value.values())
    return False


def _type_ok(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def validate_args(name: str, args: Mapping[str, Any]) -> list[str]:
    """Problems with a demo call, each a short sentence naming the argument; [] when fine."""
    spec = DEMOS.get(name)
    if spec is None:
        known = ", ".join(sorted(DEMOS))
        return [f"unknown demo {name!r} (known demos: {known})"]
    problems: list[str] = []
    declared = {param.name: param for param in spec.params}
    for key in args:
        if key not in declared:
            allowed = ", ".join(declared) or "none"
            problems.append(f"demo {name!r} has no argument {key!r} (arguments: {allowed})")
    for param in spec.params:
        if param.name not in args:
            if param.required:
                problems.append(f"demo {name!r} needs argument {param.name!r}")
            continue
        value = args[param.name]
        if _non_finite(value):
            problems.append(
                f"demo {name!r} argument {param.name!r} must be a finite number, not {value!r}"
            )
        elif not _type_ok(value, param.type):
            problems.append(
                f"demo {name!r} argument {param.name!r} must be {_TYPE_NAMES[param.type]}, "
                f"not {value!r}"
            )
        elif param.choices is not None and value not in param.choices:
            options = ", ".join(repr(choice) for choice in param.choices)
            problems.append(
                f"demo {name!r} argument {param.name!r} must be one of {options}, not {value!r}"
            )
    if not problems and spec.check is not None:
        problems.extend(spec.check(args))
    return problems


def with_defaults(name: str, args: Mapping[str, Any]) -> dict[str, Any]:
    spec = DEMOS[name]
    filled = {p.name: p.default for p in spec.params if not p.required}
    filled.update(args)
    return filled


def estimated_seconds(name: str, args: Mapping[str, Any]) -> float:
    """How long one run of a valid demo call may take (0 for demos that compute nothing)."""
    cost = DEMOS[name].cost
    return cost(with_defaults(name, args)) if cost is not None else 0.0


def run_demo(name: str, args: Mapping[str, Any], *, seed: int = 0) -> DemoOutcome:
    """Run a demo by name; imports its module (and numpy) on first use."""
    problems = validate_args(name, args)
    if problems:
        raise ValueError("; ".join(problems))
    module_name, function_name = DEMOS[name].runner.split(":")
    runner = getattr(importlib.import_module(module_name), function_name)
    outcome: DemoOutcome = runner(seed=seed, **with_defaults(name, args))
    return outcome
