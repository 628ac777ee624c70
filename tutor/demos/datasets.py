"""Seeded synthetic data sets for the demos and probes.

A probe needs two data sets that clearly differ (a different slope, other cluster centres,
other class proportions), so that whatever the data decides comes out differently on each.
Every generator takes a seed and returns the same arrays for the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DataSet:
    """Training rows plus held-out validation and test rows (``y`` is None without labels)."""

    name: str
    description: str
    X: np.ndarray
    y: np.ndarray | None = None
    X_val: np.ndarray | None = None
    y_val: np.ndarray | None = None
    X_test: np.ndarray | None = None
    y_test: np.ndarray | None = None

    def fit_args(self) -> tuple[np.ndarray, ...]:
        return (self.X,) if self.y is None else (self.X, self.y)


def _signed(value: float) -> str:
    return f"+ {value:.2f}" if value >= 0 else f"- {abs(value):.2f}"


def line(
    rng: np.random.Generator, slope: float, intercept: float, *, noise: float = 1.0, n: int = 40
) -> tuple[np.ndarray, np.ndarray]:
    """Points scattered around y = slope·x + intercept for x in [0, 4]."""
    x = np.sort(rng.uniform(0.0, 4.0, n))
    return x.reshape(-1, 1), slope * x + intercept + rng.normal(0.0, noise, n)


def lines(seed: int) -> tuple[DataSet, DataSet]:
    """Two straight-line data sets, one rising steeply, one nearly flat or falling."""
    rng = np.random.default_rng(seed)
    truths = [
        (rng.uniform(1.5, 3.0), rng.uniform(0.5, 2.0)),
        (rng.uniform(-1.0, 0.8), rng.uniform(-2.0, 0.0)),
    ]
    sets = []
    for name, (slope, intercept) in zip("AB", truths, strict=True):
        X, y = line(rng, slope, intercept, noise=0.8)
        X_val, y_val = line(rng, slope, intercept, noise=0.8)
        description = f"y = {slope:.2f}·x {_signed(intercept)} + noise"
        sets.append(DataSet(name, description, X, y, X_val, y_val))
    return sets[0], sets[1]


def curve(
    rng: np.random.Generator, amplitude: float, frequency: float, phase: float, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points around a smooth curve on [-1, 1]."""
    x = np.sort(rng.uniform(-1.0, 1.0, n))
    y = amplitude * np.sin(frequency * x + phase) + rng.normal(0.0, 0.15, n)
    return x.reshape(-1, 1), y


def curves(seed: int) -> tuple[DataSet, DataSet]:
    """Two wiggly one-feature regression sets with different shapes."""
    rng = np.random.default_rng(seed)
    truths = [
        (rng.uniform(1.0, 1.5), rng.uniform(2.5, 3.5), rng.uniform(-0.3, 0.3)),
        (rng.uniform(-1.5, -0.8), rng.uniform(1.0, 2.0), rng.uniform(0.8, 1.2)),
    ]
    sets = []
    for name, (amplitude, frequency, phase) in zip("AB", truths, strict=True):
        X, y = curve(rng, amplitude, frequency, phase, 30)
        X_val, y_val = curve(rng, amplitude, frequency, phase, 60)
        description = f"y = {amplitude:.2f}·sin({frequency:.2f}·x {_signed(phase)}) + noise"
        sets.append(DataSet(name, description, X, y, X_val, y_val))
    return sets[0], sets[1]


def tables(seed: int) -> tuple[DataSet, DataSet]:
    """Two regression tables with 6 features, a few of which truly matter."""
    rng = np.random.default_rng(seed)
    sets = []
    for name in "AB":
        coef = np.zeros(6)
        active = rng.choice(6, size=3, replace=False)
        coef[active] = rng.choice([-1.0, 1.0], 3) * rng.uniform(1.0, 3.0, 3)
        intercept = rng.uniform(-2.0, 2.0)
        rows = [rng.normal(size=(n, 6)) for n in (25, 80)]
        targets = [X @ coef + intercept + rng.normal(0.0, 1.5, len(X)) for X in rows]
        described = ", ".join(f"{c:.1f}" for c in coef)
        description = f"6 features, true weights [{described}]"
        sets.append(DataSet(name, description, rows[0], targets[0], rows[1], targets[1]))
    return sets[0], sets[1]


def _two_blobs(
    rng: np.random.Generator, centres: np.ndarray, share: float, n: int, spread: float
) -> tuple[np.ndarray, np.ndarray]:
    y = (rng.random(n) < share).astype(float)
    y[:2] = [0.0, 1.0]  # both classes always present
    X = centres[y.astype(int)] + rng.normal(0.0, spread, (n, 2))
    return X, y


def classes(seed: int) -> tuple[DataSet, DataSet]:
    """Two-class 2-D data: overlapping blobs, placed and proportioned differently per set."""
    rng = np.random.default_rng(seed)
    layouts = [
        (np.array([[-1.0, -0.5], [1.0, 0.8]]), rng.uniform(0.3, 0.45), 1.0),
        (np.array([[0.5, 1.5], [1.5, -1.0]]), rng.uniform(0.6, 0.75), 1.3),
    ]
    sets = []
    for name, (centres, share, spread) in zip("AB", layouts, strict=True):
        centres = centres + rng.normal(0.0, 0.3, centres.shape)
        parts = [_two_blobs(rng, centres, share, n, spread) for n in (60, 80, 80)]
        description = (
            f"two classes, {share:.0%} in class 1, centres {np.round(centres, 1).tolist()}"
        )
        sets.append(DataSet(name, description, *parts[0], *parts[1], *parts[2]))
    return sets[0], sets[1]


def moons(
    rng: np.random.Generator, n: int, *, noise: float = 0.2, angle: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: a task no straight line can separate."""
    y = (np.arange(n) % 2).astype(float)
    t = rng.uniform(0.0, np.pi, n)
    x0 = np.where(y == 0, np.cos(t), 1.0 - np.cos(t))
    x1 = np.where(y == 0, np.sin(t), 0.5 - np.sin(t))
    X = np.column_stack([x0 - 0.5, x1 - 0.25]) + rng.normal(0.0, noise, (n, 2))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return X @ rotation.T, y


def moon_pairs(seed: int) -> tuple[DataSet, DataSet]:
    """Two moons data sets, turned by different angles and with different noise."""
    rng = np.random.default_rng(seed)
    layouts = [(rng.uniform(-0.3, 0.3), 0.15), (rng.uniform(1.2, 1.8), 0.3)]
    sets = []
    for name, (angle, noise) in zip("AB", layouts, strict=True):
        parts = [moons(rng, n, noise=noise, angle=angle) for n in (60, 80, 80)]
        description = f"two moons turned by {np.degrees(angle):.0f}°, noise {noise}"
        sets.append(DataSet(name, description, *parts[0], *parts[1], *parts[2]))
    return sets[0], sets[1]


def blobs(
    rng: np.random.Generator, centres: np.ndarray, *, n_per: int = 25, spread: float = 0.6
) -> tuple[np.ndarray, np.ndarray]:
    """Round clusters around the given centres; y is each point's true cluster."""
    y = np.repeat(np.arange(len(centres)), n_per)
    return centres[y] + rng.normal(0.0, spread, (y.size, centres.shape[1])), y.astype(float)


def blob_pairs(seed: int) -> tuple[DataSet, DataSet]:
    """Two clustering data sets with their clusters in different places."""
    rng = np.random.default_rng(seed)
    sets = []
    for name, offset in zip("AB", (0.0, 6.0), strict=True):
        centres = rng.uniform(-4.0, 4.0, (4, 2)) + offset
        X, _ = blobs(rng, centres, n_per=20, spread=0.8)
        X_val, _ = blobs(rng, centres, n_per=20, spread=0.8)
        description = f"4 clusters around {np.round(centres, 1).tolist()}"
        sets.append(DataSet(name, description, X, None, X_val))
    return sets[0], sets[1]


def clouds(seed: int) -> tuple[DataSet, DataSet]:
    """Two elongated 3-D point clouds, stretched along different directions."""
    rng = np.random.default_rng(seed)
    scales = np.array([3.0, 1.0, 0.3])
    sets = []
    for name in "AB":
        basis, _ = np.linalg.qr(rng.normal(size=(3, 3)))
        mean = rng.uniform(-3.0, 3.0, 3)
        X, X_val = ((rng.normal(size=(60, 3)) * scales) @ basis.T + mean for _ in range(2))
        description = f"a 3-D cloud centred at {np.round(mean, 1).tolist()}"
        sets.append(DataSet(name, description, X, None, X_val))
    return sets[0], sets[1]


def noisy_features(
    seed: int,
    *,
    n_train: int = 60,
    n_held: int = 250,
    n_noise: int = 40,
    flip: float = 0.2,
    separation: float = 1.5,
) -> DataSet:
    """Small, noisy two-class data: one informative feature and many faint irrelevant ones.

    Exactly ``flip`` of the labels in every split are wrong. A flexible model first learns the
    real signal, then, given enough epochs, memorises the wrong labels through the irrelevant
    features -- which is what overfitting looks like.
    """
    rng = np.random.default_rng(seed)

    def draw(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.arange(n) % 2
        signal = separation * (2.0 * y - 1.0) + rng.normal(0.0, 1.0, n)
        X = np.column_stack([signal, 0.3 * rng.normal(size=(n, n_noise))])
        flipped = np.zeros(n, dtype=bool)
        flipped[rng.choice(n, size=round(flip * n), replace=False)] = True
        return X, np.where(flipped, 1 - y, y).astype(float)

    X, y = draw(n_train)
    X_val, y_val = draw(n_held)
    X_test, y_test = draw(n_held)
    description = (
        f"{n_train} rows with 1 informative and {n_noise} irrelevant features, "
        f"{flip:.0%} of the labels wrong"
    )
    return DataSet("noisy", description, X, y, X_val, y_val, X_test, y_test)


def xor_clusters(seed: int, *, n_per: int = 10, spread: float = 0.15) -> DataSet:
    """Points around the four corners of a square; opposite corners share a class (XOR)."""
    rng = np.random.default_rng(seed)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    labels = np.array([0.0, 1.0, 1.0, 0.0])
    index = np.repeat(np.arange(4), n_per)
    X = corners[index] + rng.normal(0.0, spread, (index.size, 2))
    return DataSet("xor", "XOR: opposite corners share a class", X, labels[index])
