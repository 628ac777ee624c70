"""The lab's experiments declared as data: their hyperparameters, ranges and names.

This is the one table of what a learner may set in an experiment (``try learning_rate=1.5``,
the lab screen's keys, line mode's prompt) and what the fit learns instead. Importing it never
imports numpy: the engine reads it to understand a request before any experiment runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Number = int | float


@dataclass(frozen=True)
class HyperParam:
    """One hyperparameter of an experiment: a number the learner sets before training.

    ``ladder`` is the sequence of values the lab's left/right keys step through (None: steps
    of 1 between ``low`` and ``high``).
    """

    name: str
    kind: type  # int or float
    low: Number
    high: Number
    default: Number
    help: str
    aliases: tuple[str, ...] = ()
    ladder: tuple[Number, ...] | None = None

    def check(self, value: object) -> str | None:
        """Why ``value`` cannot be used (one line), or None when it can."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{self.name} must be a number; you gave {value!r}"
        if not math.isfinite(value):
            return f"{self.name} must be a finite number; you gave {value}"
        if self.kind is int and value != int(value):
            return f"{self.name} must be a whole number; you gave {value:g}"
        if not self.low <= value <= self.high:
            return f"{self.name} must be between {self.low:g} and {self.high:g}; you gave {value:g}"
        return None

    def coerce(self, value: Number) -> Number:
        return int(value) if self.kind is int else float(value)

    def step(self, value: Number, direction: int) -> Number:
        """The next value up (direction 1) or down (-1) from ``value``, within the range."""
        if self.ladder is None:
            return self.coerce(min(self.high, max(self.low, value + direction)))
        if direction > 0:
            above = [v for v in self.ladder if v > value * (1 + 1e-9)]
            return self.coerce(above[0] if above else self.ladder[-1])
        below = [v for v in self.ladder if v < value * (1 - 1e-9)]
        return self.coerce(below[-1] if below else self.ladder[0])


@dataclass(frozen=True)
class ExperimentSpec:
    """An experiment the learner runs: its hyperparameters and the parameters it learns."""

    name: str
    title: str
    summary: str
    hyperparams: tuple[HyperParam, ...]
    parameters: tuple[str, ...]  # what fit learns, in plain words (cannot be set)
    aliases: tuple[str, ...] = ()

    def hyperparam(self, name: str) -> HyperParam | None:
        return next((h for h in self.hyperparams if h.name == name), None)

    def defaults(self) -> dict[str, Number]:
        return {h.name: h.default for h in self.hyperparams}


_RATES = (
    0.0001,
    0.0003,
    0.001,
    0.003,
    0.01,
    0.03,
    0.05,
    0.1,
    0.2,
    0.3,
    0.5,
    1.0,
    1.5,
    2.0,
    3.0,
    5.0,
    10.0,
)
_COUNTS = (1, 2, 3, 5, 10, 20, 30, 50, 100, 150, 200, 300, 500, 1000, 2000, 5000)
_LEARNING_RATE_ALIASES = ("lr", "learning rate", "step size", "eta", "alpha")

EXPERIMENTS: dict[str, ExperimentSpec] = {
    spec.name: spec
    for spec in (
        ExperimentSpec(
            name="line_fit",
            title="Line fit by gradient descent",
            summary="fit y = m·x + c to 40 points, one gradient-descent step at a time",
            hyperparams=(
                HyperParam(
                    "learning_rate",
                    float,
                    0.0001,
                    10,
                    0.05,
                    "how far each step moves m and c",
                    _LEARNING_RATE_ALIASES,
                    _RATES,
                ),
                HyperParam(
                    "n_iter",
                    int,
                    1,
                    5000,
                    100,
                    "how many gradient-descent steps",
                    ("iterations", "n iter", "steps", "max_iter", "epochs", "number of iterations"),
                    _COUNTS,
                ),
            ),
            parameters=("slope m", "intercept c"),
            aliases=("line", "linear", "linear regression", "line fit", "gd", "regression"),
        ),
        ExperimentSpec(
            name="kmeans",
            title="k-means clustering",
            summary="group 120 points into k clusters; each step moves every centroid",
            hyperparams=(
                HyperParam(
                    "k",
                    int,
                    1,
                    12,
                    3,
                    "how many clusters to look for",
                    ("n_clusters", "clusters", "number of clusters", "n clusters"),
                ),
                HyperParam(
                    "seed",
                    int,
                    0,
                    999,
                    0,
                    "which random start the centroids get",
                    ("random_state", "random state", "init seed"),
                ),
            ),
            parameters=("the centroids", "each point's cluster"),
            aliases=("k-means", "k means", "clusters", "clustering", "cluster"),
        ),
        ExperimentSpec(
            name="mlp",
            title="Network on two moons",
            summary="a small network learns to separate two interleaving half circles",
            hyperparams=(
                HyperParam(
                    "hidden_units",
                    int,
                    1,
                    32,
                    8,
                    "neurons in each hidden layer",
                    (
                        "hidden",
                        "neurons",
                        "units",
                        "hidden units",
                        "width",
                        "neurons per layer",
                        "hidden_layer_sizes",
                    ),
                    (1, 2, 3, 4, 6, 8, 12, 16, 24, 32),
                ),
                HyperParam(
                    "layers",
                    int,
                    1,
                    3,
                    1,
                    "how many hidden layers",
                    ("hidden_layers", "hidden layers", "depth", "n_layers", "number of layers"),
                ),
                HyperParam(
                    "learning_rate",
                    float,
                    0.0001,
                    10,
                    0.5,
                    "how far each step moves the weights",
                    _LEARNING_RATE_ALIASES,
                    _RATES,
                ),
                HyperParam(
                    "epochs",
                    int,
                    1,
                    2000,
                    300,
                    "passes over the training data",
                    ("n_epochs", "epoch", "iterations", "n_iter", "max_iter", "steps"),
                    _COUNTS[:-1],
                ),
            ),
            parameters=("the weights", "the biases"),
            aliases=("network", "neural network", "nn", "moons", "two moons", "mlp classifier"),
        ),
        ExperimentSpec(
            name="polynomial",
            title="Polynomial degree",
            summary="fit a curve of the chosen degree to 12 points; 40 more judge it",
            hyperparams=(
                HyperParam(
                    "degree",
                    int,
                    0,
                    12,
                    3,
                    "the highest power of x in the curve",
                    ("polynomial degree", "deg", "order"),
                ),
                HyperParam(
                    "epochs",
                    int,
                    1,
                    5000,
                    500,
                    "gradient-descent steps",
                    ("n_epochs", "epoch", "iterations", "n_iter", "max_iter", "steps"),
                    _COUNTS,
                ),
            ),
            parameters=("the curve's coefficients",),
            aliases=("poly", "polynomial degree", "degree", "curve", "polynomial regression"),
        ),
    )
}

# Parameter names a learner may try to set: the fit learns these, so the lab says so.
LEARNED_NAMES: dict[str, str] = {
    name: "the fit learns it from the data"
    for name in (
        "m",
        "slope",
        "c",
        "intercept",
        "b",
        "coef_",
        "intercept_",
        "weight",
        "weights",
        "bias",
        "biases",
        "w",
        "centroid",
        "centroids",
        "cluster_centers_",
        "coefficients",
        "coefficient",
        "labels_",
        "coefs_",
        "intercepts_",
    )
}

# Which experiment a lesson's demo leads to (the demo's own name, or its probe's model).
_DEMO_EXPERIMENT = {
    "line_fit": "line_fit",
    "learning_rate_sweep": "line_fit",
    "k_elbow": "kmeans",
    "epochs_sweep": "mlp",
    "capacity_sweep": "mlp",
    "mlp_weights": "mlp",
    "grid_search": "mlp",
}


def _plain(name: str) -> str:
    return " ".join(name.lower().replace("_", " ").replace("-", " ").split())


def resolve_experiment(name: str) -> ExperimentSpec | None:
    """The experiment a name or alias means (``kmeans``, ``k-means``, ``line``...)."""
    wanted = _plain(name)
    for spec in EXPERIMENTS.values():
        if wanted in {_plain(spec.name), *map(_plain, spec.aliases)}:
            return spec
    return None


def resolve_hyperparam(spec: ExperimentSpec, name: str) -> HyperParam | None:
    wanted = _plain(name)
    for hyper in spec.hyperparams:
        if wanted in {_plain(hyper.name), *map(_plain, hyper.aliases)}:
            return hyper
    return None


def experiments_with(name: str) -> list[ExperimentSpec]:
    """Every experiment that has a hyperparameter called ``name`` (or an alias of it)."""
    return [spec for spec in EXPERIMENTS.values() if resolve_hyperparam(spec, name) is not None]


def experiment_for_demo(demo: str, args: Mapping[str, object]) -> str | None:
    """The lab experiment nearest to a lesson's demo, or None when no experiment is close (an
    explanation, a tree): the lesson's earlier demos then decide."""
    if demo == "probe":
        model = str(args.get("model", ""))
        if model == "kmeans":
            return "kmeans"
        if model == "mlp":
            return "mlp"
        if model == "polynomial_regression" or args.get("quantity") == "degree":
            return "polynomial"
        if model in {"linear_regression", "sgd_regression", "ridge", "lasso"}:
            return "line_fit"
        return None
    return _DEMO_EXPERIMENT.get(demo)


def validate(spec: ExperimentSpec, values: Mapping[str, object]) -> list[str]:
    """One line per problem with these hyperparameter values; [] when all can be used."""
    problems = []
    for name, value in values.items():
        hyper = spec.hyperparam(name)
        if hyper is None:
            known = ", ".join(h.name for h in spec.hyperparams)
            problems.append(
                f"the {spec.title.lower()} has no hyperparameter {name!r}; it has {known}"
            )
        else:
            problem = hyper.check(value)
            if problem:
                problems.append(problem)
    return problems


def with_defaults(spec: ExperimentSpec, values: Mapping[str, Number]) -> dict[str, Number]:
    """Every hyperparameter's value: the given ones (coerced), the rest at their default."""
    filled = spec.defaults()
    for name, value in values.items():
        hyper = spec.hyperparam(name)
        if hyper is not None:
            filled[name] = hyper.coerce(value)
    return filled
