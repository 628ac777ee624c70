"""The models a probe can run, declared as data (importing this module never imports numpy).

For each model name a lesson may use, the catalog says how to build the estimator, which
hyperparameters the probe fits it with, which seeded generator gives the two data sets, how
to measure a fitted model, and, per quantity a lesson may ask about, how to read it and which
values to try when showing its effect.

The catalog deliberately does not say whether a quantity is a parameter or a
hyperparameter: the probe finds that out by fitting (see ``tutor.demos.probe``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Measure:
    """How a sweep scores a fitted model.

    kind "score": ``model.score`` on the validation rows; "final": the last entry of the
    learned ``attribute`` (a history); "total": the sum of ``attribute``; "value": the
    attribute itself.

    ``monotone`` marks a measure of how well the model fits its own training data that a
    larger setting of the swept quantity can only improve (more components keep more
    variance, more clusters leave less inertia). Its largest setting always looks best, so a
    sweep of it cannot choose the setting, and the probe says so instead of naming a "best".
    """

    label: str
    kind: str = "score"
    attribute: str = ""
    lower_is_better: bool = False
    monotone: bool = False


@dataclass(frozen=True)
class Quantity:
    """Something a lesson may ask about: an attribute, a constructor argument, or a value
    derived from one (``source`` names it and ``derive`` computes the quantity from it).

    ``note`` ("module:name" or a function) turns a fitted model into one sentence about the
    learned value, such as how its count follows from the hyperparameters.
    """

    name: str
    about: str  # everyday name, " — ", what it is: "the learning rate — the step size ..."
    source: str = ""
    derive: Callable[[Any], Any] | None = None
    sweep: tuple[Any, ...] = ()
    apply: Callable[[Any, Mapping[str, Any]], dict[str, Any]] | None = None
    measure: Measure | None = None
    view: str = "values"  # how to draw a learned value: "values" | "fit_line" | "points"
    note: str | Callable[[Any], str] | None = None

    @property
    def reads(self) -> str:
        """The attribute the probe reads from the estimator."""
        return self.source or self.name

    def settings(self, value: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        """Constructor arguments that give this quantity ``value``."""
        if self.apply is not None:
            return self.apply(value, params)
        return {self.reads: value}


@dataclass(frozen=True)
class ModelEntry:
    """A model the probe can run. ``estimator`` and ``data`` are "module:name" strings
    (imported when the probe runs) or the objects themselves."""

    name: str
    title: str
    estimator: str | Callable[..., Any]
    data: str | Callable[[int], Sequence[Any]]
    measure: Measure
    quantities: tuple[Quantity, ...]
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def quantity(self, name: str) -> Quantity:
        for quantity in self.quantities:
            if quantity.name == name:
                return quantity
        raise KeyError(f"{self.name} has no quantity {name!r}")

    @property
    def quantity_names(self) -> tuple[str, ...]:
        return tuple(quantity.name for quantity in self.quantities)


def _frozen(**params: Any) -> Mapping[str, Any]:
    return MappingProxyType(params)


def _depth(sizes: Sequence[int]) -> int:
    return len(sizes)


def _width(sizes: Sequence[int]) -> int | tuple[int, ...]:
    """The neurons per hidden layer: one number when every layer has the same width."""
    widths = tuple(sizes)
    return widths[0] if len(set(widths)) == 1 else widths


def _with_depth(depth: int, params: Mapping[str, Any]) -> dict[str, Any]:
    width = _width(params["hidden_layer_sizes"])
    return {"hidden_layer_sizes": (width if isinstance(width, int) else 8,) * depth}


def _with_width(width: int, params: Mapping[str, Any]) -> dict[str, Any]:
    return {"hidden_layer_sizes": (width,) * max(1, len(params["hidden_layer_sizes"]))}


_EST = "tutor.demos.estimators."
_LINEAR = _EST + "linear_model:"
_NEIGHBORS = _EST + "neighbors:"
_TREE = _EST + "tree:"
_ENSEMBLE = _EST + "ensemble:"
_BAYES = _EST + "naive_bayes:"
_CLUSTER = _EST + "cluster:"
_DECOMPOSITION = _EST + "decomposition:"
_NN = _EST + "neural_network:"
_D = "tutor.demos.datasets:"

TRAINING_LOSS = Measure("final training loss", "final", "loss_history_", lower_is_better=True)
VALIDATION_ACCURACY = Measure("validation accuracy")
VALIDATION_R2 = Measure("validation R²")
INERTIA = Measure("inertia", "value", "inertia_", lower_is_better=True)
# Swept over k, inertia is the training measure that more clusters can only lower.
INERTIA_OVER_K = Measure("inertia", "value", "inertia_", lower_is_better=True, monotone=True)
VARIANCE_KEPT = Measure(
    "share of the variance kept", "total", "explained_variance_ratio_", monotone=True
)

MODELS: dict[str, ModelEntry] = {
    entry.name: entry
    for entry in (
        ModelEntry(
            name="linear_regression",
            title="linear regression y = m·x + c by gradient descent",
            estimator=_LINEAR + "LinearRegressionGD",
            params=_frozen(learning_rate=0.1, n_iter=300),
            data=_D + "lines",
            measure=TRAINING_LOSS,
            quantities=(
                Quantity("coef_", "the slope m", view="fit_line"),
                Quantity("intercept_", "the intercept c", view="fit_line"),
                Quantity(
                    "learning_rate",
                    "the learning rate — the step size of every gradient-descent update",
                    sweep=(0.0003, 0.003, 0.03, 0.1, 0.2),
                ),
                Quantity(
                    "n_iter",
                    "the number of iterations — how many gradient-descent updates fit makes",
                    sweep=(1, 3, 10, 30, 100, 300),
                ),
            ),
        ),
        ModelEntry(
            name="sgd_regression",
            title="linear regression by mini-batch SGD with momentum",
            estimator=_LINEAR + "SGDRegressor",
            # x runs over [0, 4] and is not centred, so the loss surface is a long, narrow
            # valley. With momentum 0.9 each step keeps 90% of the last one and the weights
            # swing past the valley floor for several epochs (5 steps each): the training loss
            # would rise from one epoch to the next. Momentum 0.5 at this rate is damped enough
            # for the loss to fall epoch after epoch; the momentum sweep still shows 0.9 and 0.99.
            params=_frozen(
                learning_rate=0.005, batch_size=8, momentum=0.5, n_epochs=10, random_state=0
            ),
            data=_D + "lines",
            measure=TRAINING_LOSS,
            quantities=(
                Quantity("coef_", "the slope m", view="fit_line"),
                Quantity(
                    "batch_size", "the batch size — rows per gradient step", sweep=(1, 4, 8, 20, 40)
                ),
                Quantity(
                    "momentum",
                    "the momentum — how much of the previous step each step keeps",
                    sweep=(0.0, 0.5, 0.9, 0.99),
                ),
                Quantity(
                    "n_epochs",
                    "the number of epochs — passes over the training data",
                    sweep=(1, 2, 5, 10, 20),
                ),
            ),
        ),
        ModelEntry(
            name="polynomial_regression",
            title="polynomial regression by gradient descent",
            estimator=_LINEAR + "PolynomialRegressionGD",
            params=_frozen(degree=3, learning_rate=0.3, n_epochs=300),
            data=_D + "curves",
            measure=VALIDATION_R2,
            quantities=(
                Quantity("coef_", "the weights of x, x², x³", view="fit_line"),
                Quantity(
                    "degree",
                    "the degree — the highest power of x the model may use",
                    sweep=(1, 2, 3, 5, 9),
                ),
            ),
        ),
        ModelEntry(
            name="logistic_regression",
            title="logistic regression by gradient descent",
            estimator=_LINEAR + "LogisticRegressionGD",
            params=_frozen(learning_rate=0.5, n_iter=200, C=1.0),
            data=_D + "classes",
            measure=VALIDATION_ACCURACY,
            quantities=(
                Quantity("coef_", "the weights w of the features"),
                Quantity("intercept_", "the bias b"),
                Quantity(
                    "learning_rate",
                    "the learning rate — the step size of every gradient-descent update",
                    sweep=(0.01, 0.1, 1.0, 5.0),
                    measure=TRAINING_LOSS,
                ),
                Quantity(
                    "n_iter",
                    "the number of iterations — how many gradient-descent updates fit makes",
                    sweep=(1, 5, 20, 100, 300),
                    measure=TRAINING_LOSS,
                ),
                Quantity(
                    "C",
                    "C — the inverse strength of the weight penalty",
                    sweep=(0.01, 0.1, 1.0, 10.0),
                ),
            ),
        ),
        ModelEntry(
            name="ridge",
            title="ridge regression (least squares with an L2 penalty)",
            estimator=_LINEAR + "RidgeRegression",
            params=_frozen(alpha=1.0),
            data=_D + "tables",
            measure=VALIDATION_R2,
            quantities=(
                Quantity("coef_", "the weights of the features"),
                Quantity("intercept_", "the intercept"),
                Quantity(
                    "alpha",
                    "alpha — the strength of the L2 penalty",
                    sweep=(0.01, 1.0, 10.0, 100.0, 1000.0),
                ),
            ),
        ),
        ModelEntry(
            name="lasso",
            title="lasso regression (least squares with an L1 penalty)",
            estimator=_LINEAR + "LassoRegression",
            params=_frozen(alpha=0.1, max_iter=1000, tol=1e-6),
            data=_D + "tables",
            measure=VALIDATION_R2,
            quantities=(
                Quantity("coef_", "the weights of the features"),
                Quantity(
                    "alpha",
                    "alpha — the strength of the L1 penalty",
                    sweep=(0.001, 0.1, 0.5, 1.0, 3.0),
                ),
            ),
        ),
        ModelEntry(
            name="knn",
            title="k-nearest-neighbours classification",
            estimator=_NEIGHBORS + "KNeighborsClassifier",
            params=_frozen(n_neighbors=5, p=2),
            data=_D + "classes",
            measure=VALIDATION_ACCURACY,
            quantities=(
                Quantity(
                    "n_neighbors", "k — how many neighbours vote", sweep=(1, 3, 5, 15, 35, 59)
                ),
                Quantity(
                    "p", "p — the exponent of the Minkowski distance", sweep=(1, 1.5, 2, 4, 8)
                ),
            ),
        ),
        ModelEntry(
            name="kmeans",
            title="k-means clustering (Lloyd's algorithm)",
            estimator=_CLUSTER + "KMeans",
            params=_frozen(n_clusters=4, max_iter=100, random_state=0, init="random"),
            data=_D + "blob_pairs",
            measure=INERTIA,
            quantities=(
                Quantity("cluster_centers_", "the cluster centres", view="points"),
                Quantity(
                    "n_clusters",
                    "k — the number of clusters",
                    sweep=(1, 2, 3, 4, 5, 6, 7, 8),
                    measure=INERTIA_OVER_K,
                ),
                Quantity(
                    "max_iter",
                    "the maximum number of iterations — the most Lloyd rounds fit may run",
                    sweep=(1, 2, 3, 5, 100),
                ),
                Quantity(
                    "random_state",
                    "the random seed — it picks the starting centres",
                    sweep=(0, 1, 2, 3, 4, 5, 6, 7),
                ),
            ),
        ),
        ModelEntry(
            name="mlp",
            title="a neural network (multi-layer perceptron)",
            estimator=_NN + "MLPClassifier",
            # Learning rate 1 and 120 epochs, close to capacity_sweep's 1 and 150. At 2.0 the
            # deeper networks of the n_layers sweep oscillate, and 60 epochs leave them
            # half-trained: two hidden layers would then look worse than none at all.
            params=_frozen(
                hidden_layer_sizes=(8,), learning_rate=1.0, n_epochs=120, random_state=0
            ),
            data=_D + "moon_pairs",
            measure=VALIDATION_ACCURACY,
            quantities=(
                Quantity("coefs_", "the weights", note=_NN + "weights_note"),
                Quantity("intercepts_", "the biases", note=_NN + "biases_note"),
                Quantity(
                    "n_layers",
                    "the number of hidden layers",
                    source="hidden_layer_sizes",
                    derive=_depth,
                    sweep=(0, 1, 2, 3),
                    apply=_with_depth,
                ),
                Quantity(
                    "n_neurons",
                    "the number of neurons in each hidden layer",
                    source="hidden_layer_sizes",
                    derive=_width,
                    sweep=(1, 4, 8, 16),
                    apply=_with_width,
                ),
                Quantity(
                    "learning_rate",
                    "the learning rate — the step size of every gradient-descent update",
                    sweep=(0.1, 1.0, 8.0, 32.0),
                    measure=TRAINING_LOSS,
                ),
                Quantity(
                    "n_epochs",
                    "the number of epochs — passes over the training data",
                    sweep=(3, 10, 30, 120, 300),
                ),
            ),
        ),
        ModelEntry(
            name="decision_tree",
            title="a decision tree (CART)",
            estimator=_TREE + "DecisionTreeClassifier",
            params=_frozen(max_depth=3, min_samples_leaf=1, random_state=0),
            data=_D + "moon_pairs",
            measure=VALIDATION_ACCURACY,
            quantities=(
                Quantity("thresholds_", "the split thresholds"),
                Quantity(
                    "max_depth",
                    "the maximum depth — how deep the tree may grow",
                    sweep=(1, 2, 3, 5, 8),
                ),
                Quantity(
                    "min_samples_leaf",
                    "the minimum leaf size — the fewest rows a leaf may hold",
                    sweep=(1, 5, 10, 20, 30),
                ),
            ),
        ),
        ModelEntry(
            name="random_forest",
            title="a random forest",
            estimator=_ENSEMBLE + "RandomForestClassifier",
            params=_frozen(n_estimators=5, max_depth=3, random_state=0),
            data=_D + "moon_pairs",
            measure=VALIDATION_ACCURACY,
            quantities=(
                Quantity(
                    "n_estimators", "the number of trees — how many trees vote", sweep=(1, 3, 5, 15)
                ),
                Quantity(
                    "max_depth",
                    "the maximum depth — how deep each tree may grow",
                    sweep=(1, 2, 3, 5, 8),
                ),
            ),
        ),
        ModelEntry(
            name="gradient_boosting",
            title="gradient boosting of small trees",
            estimator=_ENSEMBLE + "GradientBoostingRegressor",
            params=_frozen(n_estimators=30, learning_rate=0.1, max_depth=1),
            data=_D + "curves",
            measure=VALIDATION_R2,
            quantities=(
                Quantity(
                    "n_estimators",
                    "the number of boosting rounds — how many trees are added",
                    sweep=(1, 3, 10, 30, 100),
                ),
                Quantity(
                    "learning_rate",
                    "the learning rate — how much of each new tree is added",
                    sweep=(0.01, 0.05, 0.1, 0.5, 1.0),
                ),
            ),
        ),
        ModelEntry(
            name="naive_bayes",
            title="Gaussian naive Bayes",
            estimator=_BAYES + "GaussianNB",
            params=_frozen(var_smoothing=1e-9),
            data=_D + "classes",
            measure=VALIDATION_ACCURACY,
            quantities=(
                Quantity("theta_", "the mean of each feature in each class", view="points"),
                Quantity("var_", "the variance of each feature in each class"),
                Quantity("class_prior_", "the share of each class"),
                Quantity(
                    "var_smoothing",
                    "the variance smoothing — a share of the top variance added to each variance",
                    sweep=(1e-9, 1e-3, 0.1, 1.0, 10.0),
                ),
            ),
        ),
        ModelEntry(
            name="pca",
            title="principal component analysis",
            estimator=_DECOMPOSITION + "PCA",
            params=_frozen(n_components=2),
            data=_D + "clouds",
            measure=VARIANCE_KEPT,
            quantities=(
                Quantity("components_", "the principal directions"),
                Quantity("mean_", "the centre of the data"),
                Quantity(
                    "n_components",
                    "the number of components — how many directions to keep",
                    sweep=(1, 2, 3),
                ),
            ),
        ),
        ModelEntry(
            name="svm",
            title="a linear support vector machine",
            estimator=_LINEAR + "LinearSVC",
            params=_frozen(C=1.0, learning_rate=0.05, n_iter=300),
            data=_D + "classes",
            measure=VALIDATION_ACCURACY,
            quantities=(
                Quantity("coef_", "the weights w of the features"),
                Quantity("intercept_", "the bias b"),
                Quantity(
                    "C",
                    "C — how much margin violations cost against a small w",
                    sweep=(0.001, 0.01, 0.1, 1.0, 10.0),
                ),
            ),
        ),
    )
}

MODEL_NAMES: tuple[str, ...] = tuple(MODELS)

# Everyday names of constructor arguments that a model takes but has no Quantity for (a
# quantity's own everyday name, the start of its ``about``, comes first).
SETTING_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "learning_rate": "learning rate",
        "n_epochs": "number of epochs",
        "n_iter": "number of iterations",
        "max_iter": "maximum number of iterations",
        "max_depth": "maximum depth",
        "random_state": "random seed",
        "hidden_layer_sizes": "hidden layer sizes",
        "tol": "tolerance",
        "init": "starting centres",
    }
)


def check_probe_args(args: Mapping[str, Any]) -> list[str]:
    """Reject a quantity the named model does not have, listing the ones it has."""
    entry = MODELS.get(args.get("model", ""))
    quantity = args.get("quantity")
    if entry is None or quantity in entry.quantity_names:
        return []
    valid = ", ".join(entry.quantity_names)
    return [
        f"demo 'probe' argument 'quantity': model {entry.name!r} has no quantity "
        f"{quantity!r} (valid: {valid})"
    ]
