"""The answer check: fit a model on different data and see what the data decided.

For one quantity of one catalog model, the probe builds the estimator with the same
hyperparameters for every data set, reads the quantity before ``fit`` and after it, and
compares. The verdict comes only from that experiment:

- the value depends on the data (it differs between data sets after ``fit``) -> "parameter";
- the value was there before ``fit``, ``fit`` left it untouched on every data set, and it is a
  constructor argument (``get_params()``) -> "hyperparameter", and a sweep then shows what it
  does;
- anything else (say, ``fit`` sets something that ignores the data) -> no verdict.
"""

from __future__ import annotations

import copy
import importlib
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from tutor.core.events import PlotSeries
from tutor.demos.catalog import MODELS, SETTING_NAMES, Measure, ModelEntry, Quantity
from tutor.demos.datasets import DataSet
from tutor.demos.formatting import clean, flat, num, numbers, series, setting
from tutor.demos.spec import DemoOutcome


class _Missing:
    """Marks a quantity the model does not have (yet): not the same as a value of None."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Trial:
    """One fit on one data set: the quantity just before ``fit`` and just after it."""

    data: DataSet
    model: Any
    before: Any
    after: Any
    listed: bool  # the quantity's attribute is among get_params() before fit


def resolve(reference: str | Callable[..., Any]) -> Callable[..., Any]:
    """A "module:name" reference imported on demand; objects pass through."""
    if not isinstance(reference, str):
        return reference
    module_name, attribute = reference.split(":")
    target: Callable[..., Any] = getattr(importlib.import_module(module_name), attribute)
    return target


def read(model: Any, quantity: Quantity) -> Any:
    """The quantity's current value (a copy, so later changes cannot alias it), or MISSING."""
    try:
        raw = getattr(model, quantity.reads)
    except AttributeError:
        return MISSING
    value = quantity.derive(raw) if quantity.derive is not None else raw
    return copy.deepcopy(value)


def same(first: Any, second: Any) -> bool:
    """Equal values, comparing numbers inside arrays and lists of arrays."""
    if first is MISSING or second is MISSING:
        return first is second
    a, b = flat(first), flat(second)
    if a is None or b is None:
        try:
            return bool(first == second)
        except (TypeError, ValueError):
            return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True))


def fit_all(entry: ModelEntry, quantity: Quantity, data: Sequence[DataSet]) -> list[Trial]:
    factory = resolve(entry.estimator)
    trials = []
    for data_set in data:
        model = factory(**entry.params)
        before = read(model, quantity)
        listed = quantity.reads in model.get_params()
        with np.errstate(all="ignore"):
            returned = model.fit(*data_set.fit_args())
        if returned is not model:
            raise TypeError(f"{type(model).__name__}.fit must return self")
        trials.append(Trial(data_set, model, before, read(model, quantity), listed))
    return trials


def decide(trials: Sequence[Trial]) -> str | None:
    """The verdict the experiment supports, from the values alone."""
    first = trials[0].after
    set_before = all(trial.before is not MISSING for trial in trials)
    untouched = set_before and all(same(trial.before, trial.after) for trial in trials)
    if untouched and all(trial.listed for trial in trials):
        return "hyperparameter"
    varies = first is not MISSING and any(not same(first, t.after) for t in trials[1:])
    return "parameter" if varies else None


# ---------------------------------------------------------------------------- measuring


def measure(model: Any, how: Measure, data: DataSet) -> float:
    """One number for a fitted model; inf when its training diverged."""
    if how.kind == "score":
        if data.X_val is None:
            raise ValueError(f"data set {data.name} has no validation rows to score on")
        held_out = (data.X_val,) if data.y_val is None else (data.X_val, data.y_val)
        return float(model.score(*held_out))
    value = getattr(model, how.attribute)
    if how.kind == "final":
        if getattr(model, "diverged_", False) or len(value) == 0:
            return math.inf
        return float(value[-1])
    if how.kind == "total":
        return float(np.sum(value))
    return float(value)


def auto_sweep(value: Any) -> tuple[Any, ...]:
    """Values around a numeric setting, for quantities the catalog gives no sweep for."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ()
    if isinstance(value, int):
        return tuple(sorted({max(1, value // 4), max(1, value // 2), value, 2 * value, 4 * value}))
    if value == 0:
        return (0.0, 0.1, 1.0)
    return (value / 10, value / 3, value, 3 * value, 10 * value)


def sweep(
    entry: ModelEntry,
    quantity: Quantity,
    how: Measure,
    data: DataSet,
    values: Sequence[Any],
    fitted: Any = None,
) -> list[tuple[Any, float]]:
    """Fit once per value with everything else fixed; values the model rejects are skipped.

    ``fitted``, a model already fitted on ``data`` with the entry's own hyperparameters, is
    reused for the value that gives exactly those instead of fitting it again.
    """
    factory = resolve(entry.estimator)
    results = []
    for value in values:
        params = {**entry.params, **quantity.settings(value, entry.params)}
        if fitted is not None and params == dict(entry.params):
            model = fitted
        else:
            try:
                with np.errstate(all="ignore"):
                    model = factory(**params).fit(*data.fit_args())
            except ValueError:
                continue
        results.append((value, measure(model, how, data)))
    return results


# ---------------------------------------------------------------------------- the probe


def probe(entry: ModelEntry, name: str, *, seed: int = 0) -> DemoOutcome:
    """Fit ``entry``'s model on its data sets and decide what ``name`` is, with evidence."""
    quantity = entry.quantity(name)
    data = list(resolve(entry.data)(seed))
    if len(data) < 2:
        raise ValueError("a probe needs at least two data sets")
    trials = fit_all(entry, quantity, data)
    verdict = decide(trials)
    if verdict == "hyperparameter":
        return _hyperparameter_outcome(entry, quantity, trials)
    if verdict == "parameter":
        return _parameter_outcome(entry, quantity, trials)
    return _undecided_outcome(entry, quantity, trials)


def run(*, seed: int, model: str, quantity: str) -> DemoOutcome:
    """Registry runner for the "probe" demo."""
    return probe(MODELS[model], quantity, seed=seed)


def _settings(params: Mapping[str, Any]) -> str:
    return ", ".join(f"`{key}={setting(value)}`" for key, value in params.items())


def _plain_settings(entry: ModelEntry) -> str:
    """The model's settings by their everyday names ("learning rate 0.1, number of
    iterations 300"), or as written in the code where the catalog has no name for one."""
    called = dict(SETTING_NAMES)
    called.update(
        (quantity.reads, quantity.about.partition(" — ")[0].removeprefix("the "))
        for quantity in entry.quantities
        if quantity.derive is None and not quantity.reads.endswith("_")
    )
    return ", ".join(
        f"{called[key]} {setting(value)}" if key in called else f"`{key}={setting(value)}`"
        for key, value in entry.params.items()
    )


def _names(trials: Sequence[Trial]) -> str:
    names = [f"data set {trial.data.name}" for trial in trials]
    return " and on ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def _sentence_start(text: str) -> str:
    """Capitalised, unless it begins with a symbol such as k, p or C."""
    return text[0].upper() + text[1:] if text.startswith("the ") else text


def _called(quantity: Quantity, extra: str = "") -> str:
    """The quantity's everyday name first, its name in the code in brackets."""
    called, _, meaning = quantity.about.partition(" — ")
    meaning = f": {meaning}" if meaning else ""
    return f"{called} (`{quantity.name}` in the code{extra}{meaning})"


def _parameter_outcome(entry: ModelEntry, quantity: Quantity, trials: list[Trial]) -> DemoOutcome:
    a, b = trials[0], trials[1]
    first = (
        f"Fitted with the same settings ({_plain_settings(entry)}), {_called(quantity)} "
        f"came out {numbers(a.after)} on data set {a.data.name} ({a.data.description}) and "
        f"{numbers(b.after)} on data set {b.data.name} ({b.data.description})."
    )
    va, vb = flat(a.after), flat(b.after)
    if va is not None and vb is not None and va.size > 1:
        if va.shape == vb.shape:
            first += f" The two differ by up to {num(np.max(np.abs(va - vb)))}."
        else:
            first += f" Even how many numbers differs: {va.size} against {vb.size}."
    if quantity.note is not None:
        first += " " + resolve(quantity.note)(a.model)
    if a.before is MISSING:
        second = (
            f"Before `fit` the model had no `{quantity.reads}` at all: nothing set it but the data."
        )
    else:
        second = (
            f"`fit` replaced its starting value {numbers(a.before)} with what the data asked for."
        )
    third = "Only the data changed between the runs, so the data decided it: a **parameter**."
    text = f"{first} {second} {third}"
    plot, x_label, y_label = _parameter_plot(quantity, trials)
    return DemoOutcome(
        verdict="parameter",
        text=text,
        series=plot,
        title=f"Probe: {quantity.name} of {entry.title}",
        x_label=x_label,
        y_label=y_label,
    )


def _hyperparameter_outcome(
    entry: ModelEntry, quantity: Quantity, trials: list[Trial]
) -> DemoOutcome:
    value = trials[0].before
    read_from = ""
    if quantity.source:
        source_value = setting(getattr(trials[0].model, quantity.source))
        read_from = f", read from `{quantity.source}={source_value}`"
    called = _called(quantity, read_from)
    first = (
        f"{_sentence_start(called)} was {setting(value)} before `fit` (training) and "
        f"still {setting(value)} after fitting on {_names(trials)}: training used it but "
        "never changed it, whatever the data."
    )
    second = (
        "It is a constructor argument, one of the settings the model is built with "
        f"(scikit-learn's `get_params()` lists `{quantity.reads}` among them, calling them "
        '"parameters"), fixed before training: a **hyperparameter**.'
    )
    how = quantity.measure or entry.measure
    values = quantity.sweep or auto_sweep(value)
    results = sweep(entry, quantity, how, trials[0].data, values, fitted=trials[0].model)
    swept = quantity.settings(value, entry.params)
    fixed = {key: item for key, item in entry.params.items() if key not in swept}
    effect, plot = _describe_sweep(quantity, how, results, value, trials[0].data.name, fixed)
    return DemoOutcome(
        verdict="hyperparameter",
        text=" ".join(part for part in (first, second, effect) if part),
        series=plot,
        title=f"Probe: {quantity.name} of {entry.title}",
        x_label=quantity.name,
        y_label=how.label,
    )


def _describe_sweep(
    quantity: Quantity,
    how: Measure,
    results: list[tuple[Any, float]],
    current: Any,
    on: str,
    fixed: Mapping[str, Any],
) -> tuple[str, list[PlotSeries]]:
    if not results:
        return "", []
    finite = [score for _, score in results if math.isfinite(score)]
    cap = 2.0 * max(abs(score) for score in finite) if finite else 1.0
    pieces = []
    for value, score in results:
        shown = "diverged" if not math.isfinite(score) else num(score)
        pieces.append(f"{setting(value)} → {shown}")
    others = f" ({_settings(fixed)})" if fixed else ""
    text = (
        f"What it does, on data set {on} with everything else fixed{others}, measured by "
        f"{how.label}: {quantity.name} {'; '.join(pieces)}."
    )
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v, _ in results)
    xs = [float(v) if numeric else float(i) for i, (v, _) in enumerate(results)]
    ys, clipped = clean((score for _, score in results), cap)
    if clipped:
        text += (
            " Diverged runs have no final loss to draw: the curve leaves them out, and a mark "
            f"at {num(cap)}, the top of the plot, shows where they are."
        )
    elif how.monotone:
        text += " " + _monotone(quantity, how, results)
    elif finite and not how.lower_is_better:
        best_value, best_score = max(results, key=lambda pair: pair[1])
        text += f" Best here: {setting(best_value)} ({num(best_score)})."
    points = list(zip(xs, ys, (score for _, score in results), strict=True))
    kept = [(x, y) for x, y, score in points if not score > cap]  # a diverged run has no loss
    blown = [(x, y) for x, y, score in points if score > cap]
    plot = []
    if kept:
        label = f"{how.label} on data set {on}"
        plot.append(series(label, [x for x, _ in kept], [y for _, y in kept]))
    if blown:
        xs_blown, ys_blown = [x for x, _ in blown], [y for _, y in blown]
        plot.append(series("diverged (off the scale)", xs_blown, ys_blown, "scatter"))
    for x, y, (value, _) in zip(xs, ys, results, strict=True):
        if same(value, current):
            plot.append(series("the probe's setting", [x], [y], "scatter"))
    if numeric and min(xs) > 0 and max(xs) >= 100 * min(xs):  # orders of magnitude: log axis
        plot = [replace(one, x_scale="log") for one in plot]
    return text, plot


def _monotone(quantity: Quantity, how: Measure, results: list[tuple[Any, float]]) -> str:
    """Why a sweep of a measure that only improves cannot pick the setting."""
    name = f"`{quantity.name}`"
    text = (
        f"The {how.label} is measured on the training data, where a larger {name} can always "
        f"do at least as well, so the largest setting always looks best and this measure cannot "
        f"choose {name}: it is chosen another way, for example where the curve bends (the "
        "elbow) or by what the result is needed for."
    )
    sign = -1.0 if how.lower_is_better else 1.0
    worse = [
        setting(value)
        for (_, before), (value, after) in itertools.pairwise(results)
        if sign * (after - before) < 0
    ]
    if worse:
        text += (
            f" At {' and '.join(worse)} it came out worse only because `fit` stopped short of "
            "the best solution it could have reached."
        )
    return text


def _undecided_outcome(entry: ModelEntry, quantity: Quantity, trials: list[Trial]) -> DemoOutcome:
    a, b = trials[0], trials[1]
    if a.before is MISSING:
        found = (
            f"`{quantity.name}` did not exist before `fit` and came out {numbers(a.after)} on "
            f"data set {a.data.name} and {numbers(b.after)} on data set {b.data.name}: `fit` set "
            "it, but the data did not decide it, so the probe cannot call it a parameter."
        )
    elif all(same(t.before, t.after) for t in trials):
        found = (
            f"`{quantity.name}` was {numbers(a.before)} before `fit` and `fit` left it alone, but "
            "it is not a constructor argument, so nothing shows it was chosen before training."
        )
    else:
        found = (
            f"`fit` changed `{quantity.name}` from {numbers(a.before)} to {numbers(a.after)} on "
            f"data set {a.data.name} and {numbers(b.after)} on {b.data.name}: a hyperparameter "
            "would be left as given, and a parameter would depend on the data."
        )
    return DemoOutcome(
        verdict=None,
        text=f"{found} This experiment gives no verdict.",
        title=f"Probe: {quantity.name} of {entry.title}",
    )


# ---------------------------------------------------------------------------- plots


def _parameter_plot(quantity: Quantity, trials: list[Trial]) -> tuple[list[PlotSeries], str, str]:
    if quantity.view == "fit_line" and all(t.data.X.shape[1] == 1 for t in trials):
        return _fit_line_plot(trials), "x", "y"
    if quantity.view == "points" and _points_fit(trials):
        return _points_plot(quantity, trials), "feature 1", "feature 2"
    plot = []
    for trial in trials:
        vector = flat(trial.after)
        if vector is not None:
            shown = vector[:64]
            plot.append(
                series(
                    f"{quantity.name} learned on data set {trial.data.name}",
                    list(range(shown.size)),
                    shown.tolist(),
                    "scatter",
                )
            )
    return plot, "entry", quantity.name


def _fit_line_plot(trials: list[Trial]) -> list[PlotSeries]:
    low = min(float(t.data.X.min()) for t in trials)
    high = max(float(t.data.X.max()) for t in trials)
    grid = np.linspace(low, high, 40)
    plot = []
    for trial in trials:
        name = trial.data.name
        assert trial.data.y is not None  # a fitted line has targets
        plot.append(series(f"data set {name}", trial.data.X[:, 0], trial.data.y, "scatter"))
        with np.errstate(all="ignore"):
            predicted = trial.model.predict(grid.reshape(-1, 1))
        plot.append(series(f"fitted on {name}", grid, predicted))
    return plot


def _points_fit(trials: list[Trial]) -> bool:
    for trial in trials:
        vector = np.asarray(trial.after, dtype=float)
        if trial.data.X.shape[1] != 2 or vector.ndim != 2 or vector.shape[1] != 2:
            return False
    return True


def _points_plot(quantity: Quantity, trials: list[Trial]) -> list[PlotSeries]:
    plot = []
    for trial in trials:
        name = trial.data.name
        points = np.asarray(trial.after, dtype=float)
        plot.append(series(f"data set {name}", trial.data.X[:, 0], trial.data.X[:, 1], "scatter"))
        plot.append(series(f"{quantity.name} from {name}", points[:, 0], points[:, 1], "scatter"))
    return plot
