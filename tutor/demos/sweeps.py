"""Demos for regression and clustering: the fitted line, learning rates, and k in k-means."""

from __future__ import annotations

import numpy as np

from tutor.demos.datasets import blobs, line
from tutor.demos.formatting import clean, num, series
from tutor.demos.models import KMeans, LinearRegressionGD
from tutor.demos.spec import DemoOutcome, PlotSeries

# ---------------------------------------------------------------------------- line_fit


def line_fit(
    *, seed: int, slope: float = 2.5, intercept: float = 1.0, noise: float = 1.0, n_points: int = 30
) -> DemoOutcome:
    """The seed article's first plot: data, the fitted line, and its m and c."""
    rng = np.random.default_rng(seed)
    X, y = line(rng, slope, intercept, noise=noise, n=n_points)
    model = LinearRegressionGD().fit(X, y)
    m, c = float(model.coef_[0]), float(model.intercept_)
    grid = np.array([0.0, 4.0])
    text = (
        f"Gradient descent fitted y = m·x + c to {n_points} points and found **m = {num(m)}** "
        f"and **c = {num(c)}** (the points were scattered around m = {num(slope)}, "
        f"c = {num(intercept)} with noise {num(noise)}). Nobody typed those two numbers in: "
        f"`fit` chose them to make the squared gaps between line and points as small as "
        f"possible (mean squared error {num(model.loss_history_[-1])}), so they are the "
        f"model's **parameters**. The learning rate {model.learning_rate} and the "
        f"{model.n_iter} steps were set before fitting: those are hyperparameters."
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
    """The same regression with rates that crawl, converge and diverge; loss curves."""
    rates = list(rates or [0.001, 0.1, 0.25])
    rng = np.random.default_rng(seed)
    X, y = line(rng, 2.5, 1.0, noise=1.0, n=40)
    best = _least_squares_loss(X, y)
    fitted = [LinearRegressionGD(learning_rate=rate, n_iter=n_iter).fit(X, y) for rate in rates]
    cap = 1.5 * fitted[0].loss_history_[0]  # every run starts from the same loss (m = c = 0)
    clauses, plot = [], []
    for rate, model in zip(rates, fitted, strict=True):
        outcome, clause = _rate_story(rate, model, best)
        clauses.append(clause)
        losses, _ = clean(model.loss_history_, cap)
        steps = list(range(1, len(losses) + 1))
        plot.append(series(f"learning rate {rate:g} ({outcome})", steps, losses))
    text = (
        f"Same data, same model, {n_iter} gradient-descent steps, only the learning rate differs: "
        + "; ".join(clauses)
        + "."
    )
    if any(model.diverged_ for model in fitted):
        text += f" The diverging curve is clipped at {num(cap)} so the others stay visible."
    text += " `fit` never changes the learning rate: it is a hyperparameter you choose."
    return DemoOutcome(
        verdict=None,
        text=text,
        series=plot,
        title="Learning rate: crawl, converge, diverge",
        x_label="step",
        y_label="training loss (mean squared error)",
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
    return ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)


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
        f"minimising inertia: `fit` takes k as given, a **hyperparameter**."
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
    )
