"""Demos for regression and clustering: the fitted line, learning rates, and k in k-means."""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import pairwise

import numpy as np
from numpy.polynomial import Polynomial

from tutor.core.events import PlotSeries
from tutor.demos.datasets import blobs, line
from tutor.demos.estimators.cluster import KMeans
from tutor.demos.estimators.linear_model import LinearRegressionGD
from tutor.demos.formatting import num, series
from tutor.demos.spec import DemoOutcome

# ---------------------------------------------------------------------------- line_fit


def line_fit(
    *,
    seed: int,
    slope: float = 2.5,
    intercept: float = 1.0,
    noise: float = 1.0,
    n_points: int = 30,
    points: list[list[float]] | None = None,
) -> DemoOutcome:
    """The seed article's first plot: data, the fitted line, and its m and c.

    With ``points`` the line is fitted to exactly those (x, y) pairs, such as a lesson's
    worked example; otherwise to ``n_points`` scattered around the given slope and intercept.
    """
    if points:
        X = np.array([[float(x)] for x, _ in points])
        y = np.array([float(value) for _, value in points])
        origin = f"the {len(points)} points of the example"
    else:
        rng = np.random.default_rng(seed)
        X, y = line(rng, slope, intercept, noise=noise, n=n_points)
        origin = (
            f"{n_points} points scattered around m = {num(slope)}, c = {num(intercept)} "
            f"(noise {num(noise)})"
        )
    model = LinearRegressionGD().fit(X, y)
    m, c = float(model.coef_[0]), float(model.intercept_)
    mse = float(np.mean((model.predict(X) - y) ** 2))
    low, high = float(X.min()), float(X.max())
    grid = np.array([min(0.0, low), high + 0.1 * (high - low)])
    text = (
        f"Gradient descent fitted the line y = m·x + c to {origin} and found the slope "
        f"**m = {num(m)}** and the intercept **c = {num(c)}** (`coef_` and `intercept_` in "
        f"scikit-learn), with mean squared error {num(mse, 4)}. Nobody typed those numbers "
        f"in: fitting chose them to make the squared gaps between line and points as small as "
        f"possible, so they are the model's **parameters**. The learning rate "
        f"({model.learning_rate:g}) and the number of steps ({model.n_iter}) were set before "
        f"fitting and never changed: hyperparameters."
    )
    return DemoOutcome(
        verdict=None,
        text=text,
        series=[
            series("data", X[:, 0], y, "scatter"),
            series(
                f"fitted line y = {num(m)}·x {'-' if c < 0 else '+'} {num(abs(c))}",
                grid,
                m * grid + c,
            ),
        ],
        title="A straight line fitted to data",
        x_label="x",
        y_label="y",
        measures={"slope": m, "intercept": c, "mse": mse, "points": float(len(y))},
    )


# ---------------------------------------------------------------------------- degree


def _error(value: float) -> str:
    """An error for prose; a fit through every point shows as 0, not as rounding dust."""
    return "0" if value < 1e-9 else num(value, 3)


def degree_sweep(
    *, seed: int, degrees: list[int] | None = None, n_points: int = 10, noise: float = 0.2
) -> DemoOutcome:
    """Polynomials of growing degree fitted by least squares to a few noisy points of a gentle
    curve, judged on their own points and on new points drawn between them."""
    degrees = sorted(set(degrees or [1, 3, 9]))
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 1.0, n_points))
    y = np.sin(2 * np.pi * x) + rng.normal(0.0, noise, n_points)
    x_val = rng.uniform(x.min(), x.max(), 40)  # between the training points, never beyond
    y_val = np.sin(2 * np.pi * x_val) + rng.normal(0.0, noise, 40)
    grid = np.linspace(x.min(), x.max(), 120)
    top, bottom = float(y.max()), float(y.min())
    margin = 0.5 * (top - bottom)
    train_error: dict[int, float] = {}
    val_error: dict[int, float] = {}
    swing: dict[int, float] = {}
    plot = [series("the points", x, y, "scatter")]
    for degree in degrees:
        curve = Polynomial.fit(x, y, degree)  # least squares, on a rescaled x for accuracy
        train_error[degree] = float(np.mean((curve(x) - y) ** 2))
        val_error[degree] = float(np.mean((curve(x_val) - y_val) ** 2))
        drawn = curve(grid)
        swing[degree] = float((drawn.max() - drawn.min()) / (top - bottom))
        shown = np.clip(drawn, bottom - margin, top + margin)
        plot.append(series(f"degree {degree}", grid, shown))
    best = min(degrees, key=lambda degree: val_error[degree])
    low, high = degrees[0], degrees[-1]
    pairs = "; ".join(
        f"degree {d}: {_error(train_error[d])} / {_error(val_error[d])}" for d in degrees
    )
    text = (
        f"Polynomials fitted by least squares to {n_points} noisy points of a gentle curve, "
        f"then tried on 40 new points between them; mean squared error on its own points / on "
        f"the new ones: {pairs}. The training error alone would pick degree {high}, the "
        f"most flexible; the new points pick **degree {best}**."
    )
    if swing[high] > 2:
        text += (
            f" Degree {high} swings {num(swing[high], 1)} times as far as the points spread "
            f"(its curve is cut off at the edges of the plot)."
        )
    text += (
        " The degree was fixed before each fit and fitting never changed it: a "
        "**hyperparameter**, chosen on data the fit did not see."
    )
    return DemoOutcome(
        verdict=None,
        text=text,
        series=plot,
        title="Polynomial degree: training error against new points",
        x_label="x",
        y_label="y",
        measures={
            "best_degree": float(best),
            "lowest_degree": float(low),
            "highest_degree": float(high),
            "train_error_at_lowest": train_error[low],
            "train_error_at_highest": train_error[high],
            "val_error_at_lowest": val_error[low],
            "val_error_at_best": val_error[best],
            "val_error_at_highest": val_error[high],
            "swing_at_highest": swing[high],
        },
    )


# ---------------------------------------------------------------------------- learning rates


def _least_squares_loss(X: np.ndarray, y: np.ndarray) -> float:
    design = np.hstack([X, np.ones((X.shape[0], 1))])
    weights = np.linalg.lstsq(design, y, rcond=None)[0]
    residual = design @ weights - y
    return float(residual @ residual) / y.size


def _rate_story(rate: float, model: LinearRegressionGD, best: float) -> tuple[str, str]:
    """What one learning rate did ("crawled", "converged", "diverged") and a clause saying so."""
    history = model.loss_history_
    if model.diverged_:
        return "diverged", (
            f"at {rate:g} the loss grew from {num(history[0])} to {num(history[-1])} and training "
            f"stopped at step {len(history)}: it **diverged**"
        )
    near = [i for i, loss in enumerate(history) if loss <= best * 1.01 + 1e-12]
    if near:
        return "converged", (
            f"at {rate:g} it **converged**, reaching the best possible loss {num(best)} "
            f"(within 1%) by step {near[0] + 1}"
        )
    return "crawled", (
        f"at {rate:g} it **crawled**: after {len(history)} steps the loss was still "
        f"{num(history[-1])}"
    )


def learning_rate_sweep(
    *, seed: int, rates: list[float] | None = None, n_iter: int = 100
) -> DemoOutcome:
    """The same regression with rates that crawl, converge and diverge; loss curves.

    A diverging run's curve stops where its loss leaves the plot, and an x marks that step, so
    a blow-up never looks like a smooth climb.
    """
    rates = list(rates or [0.001, 0.1, 0.25])
    rng = np.random.default_rng(seed)
    X, y = line(rng, 2.5, 1.0, noise=1.0, n=40)
    best = _least_squares_loss(X, y)
    fitted = [LinearRegressionGD(learning_rate=rate, n_iter=n_iter).fit(X, y) for rate in rates]
    cap = 3.0 * fitted[0].loss_history_[0]  # every run starts from the same loss (m = c = 0)
    clauses: list[str] = []
    plot: list[PlotSeries] = []
    marks: list[PlotSeries] = []
    counts = {"crawled": 0, "converged": 0, "diverged": 0}
    for rate, model in zip(rates, fitted, strict=True):
        outcome, clause = _rate_story(rate, model, best)
        counts[outcome] += 1
        clauses.append(clause)
        history = [float(loss) for loss in model.loss_history_]
        inside = next(
            (i for i, loss in enumerate(history) if not math.isfinite(loss) or loss > cap),
            len(history),
        )
        drawn = history[:inside]
        if inside < len(history):  # the step where the loss leaves the plot, drawn at its top
            drawn.append(cap)
            marks.append(
                series(f"learning rate {rate:g} off the scale", [inside + 1], [cap], "scatter")
            )
        steps = list(range(1, len(drawn) + 1))
        plot.append(series(f"learning rate {rate:g} ({outcome})", steps, drawn))
    text = (
        f"Same data, same model, {n_iter} gradient-descent steps, only the learning rate differs: "
        + "; ".join(clauses)
        + "."
    )
    if marks:
        text += (
            " A diverging curve is cut where its loss leaves the top of the plot, and a point "
            "marks that step."
        )
    text += " Fitting never changes the learning rate: it is a hyperparameter you choose."
    # Steps on a log axis: a blow-up and a fast convergence both happen in the first few steps.
    return DemoOutcome(
        verdict=None,
        text=text,
        series=[replace(one, x_scale="log") for one in plot + marks],
        title="Learning rate: crawl, converge, diverge",
        x_label="step",
        y_label="training loss (mean squared error)",
        measures={f"{word}_runs": float(count) for word, count in counts.items()},
    )


# ---------------------------------------------------------------------------- k elbow


def _separated_centres(rng: np.random.Generator, count: int, gap: float = 4.0) -> np.ndarray:
    """Random centres at least ``gap`` apart (the box grows until they fit)."""
    centres: list[np.ndarray] = []
    box = 5.0
    while len(centres) < count:
        candidate = rng.uniform(-box, box, 2)
        if all(np.linalg.norm(candidate - c) >= gap for c in centres):
            centres.append(candidate)
        else:
            box *= 1.02
    return np.array(centres)


def inertia_by_k(X: np.ndarray, k_max: int, seed: int) -> list[float]:
    """The best inertia found for k = 1..k_max.

    Each k tries k-means++ and a warm start (the previous solution plus the worst-served
    point as a new centre); the warm start can never do worse than k - 1 clusters did, which
    is the fact the elbow plot is about.
    """
    inertias: list[float] = []
    centres: np.ndarray | None = None
    for k in range(1, min(k_max, len(X)) + 1):
        candidates = [KMeans(n_clusters=k, random_state=seed).fit(X)]
        if centres is not None:
            worst = ((X - centres[_nearest(X, centres)]) ** 2).sum(axis=1)
            start = np.vstack([centres, X[int(worst.argmax())]])
            candidates.append(KMeans(n_clusters=k, init=start).fit(X))
        best = min(candidates, key=lambda model: model.inertia_)
        inertias.append(best.inertia_)
        centres = best.cluster_centers_
    return inertias


def _nearest(X: np.ndarray, centres: np.ndarray) -> np.ndarray:
    result: np.ndarray = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    return result


def elbow(inertias: list[float]) -> int:
    """The k whose point lies farthest below the straight line from k = 1 to k = k_max."""
    values = np.asarray(inertias, dtype=float)
    if values.size < 3 or values[0] == values[-1]:
        return 1
    ks = np.arange(1, values.size + 1, dtype=float)
    x = (ks - 1) / (ks[-1] - 1)
    y = (values - values[-1]) / (values[0] - values[-1])
    return int(ks[int(np.argmax(1.0 - x - y))])


def k_elbow(*, seed: int, k_max: int = 8, n_blobs: int = 3) -> DemoOutcome:
    """Inertia always falls as k grows, so k is chosen by judgement: the elbow."""
    rng = np.random.default_rng(seed)
    X, _ = blobs(rng, _separated_centres(rng, n_blobs), n_per=30, spread=0.8)
    inertias = inertia_by_k(X, k_max, seed)
    ks = list(range(1, len(inertias) + 1))
    bend = elbow(inertias)
    text = (
        f"k-means on {len(X)} points drawn from {n_blobs} blobs, for k = 1 to {ks[-1]}: "
        f"inertia (the training objective) went {num(inertias[0])} → {num(inertias[1])} → … → "
        f"{num(inertias[-1])}, never up. More clusters always fit the training points more "
        f"tightly (with one cluster per point it would be 0), so k cannot be chosen by "
        f"minimising inertia: fitting takes k as given, a **hyperparameter**."
    )
    if 1 < bend < ks[-1]:
        before = 1 - inertias[bend - 1] / inertias[bend - 2]
        after = 1 - inertias[bend] / inertias[bend - 1]
        text += (
            f" The elbow is at **k = {bend}**: going from {bend - 1} to {bend} clusters cut "
            f"inertia by {before:.0%}, from {bend} to {bend + 1} only by {after:.0%}."
        )
    plot: list[PlotSeries] = [
        series("inertia", ks, inertias, "line"),
        series(f"elbow (k = {bend})", [bend], [inertias[bend - 1]], "scatter"),
    ]
    return DemoOutcome(
        verdict=None,
        text=text,
        series=plot,
        title="k in k-means: inertia against k",
        x_label="k (number of clusters)",
        y_label="inertia",
        measures={
            "elbow_k": float(bend),
            "blobs": float(n_blobs),
            "inertia_rises": float(sum(b > a + 1e-9 * inertias[0] for a, b in pairwise(inertias))),
            "inertia_at_1": inertias[0],
            "inertia_at_largest_k": inertias[-1],
        },
    )
