"""Demo benchmarks: run as a script, prints a table (no pass/fail).

For every named demo and a few probes: the median wall time of the numpy demo over repeated
runs (target: 50 ms or less), and the time of a plain-Python-loop version of the same
computation (same data, same hyperparameters, same number of iterations) measured in the
same run, with the ratio between the two. Training loops whose cost per epoch is constant are
timed on their first few epochs in plain Python and scaled up; the table says so.

    .venv/bin/python tests/bench/bench_demos.py [--runs N]
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from tutor.demos import datasets  # noqa: E402
from tutor.demos.catalog import MODELS  # noqa: E402
from tutor.demos.registry import run_demo  # noqa: E402
from tutor.demos.sweeps_nn import _moons_split  # noqa: E402

TARGET_MS = 50.0
SAMPLE_EPOCHS = 4  # epochs actually run by the plain-Python networks before scaling up

Matrix = list[list[float]]

# ---------------------------------------------------------------------------- plain Python


def py_linear_gd(X: Matrix, y: list[float], rate: float, n_iter: int) -> list[float]:
    """Batch gradient descent on the mean squared error, stopping when the loss blows up."""
    n, d = len(X), len(X[0])
    w, b = [0.0] * d, 0.0
    first = None
    for _ in range(n_iter):
        residual = [
            sum(wj * xj for wj, xj in zip(w, row, strict=True)) + b - t
            for row, t in zip(X, y, strict=True)
        ]
        loss = sum(r * r for r in residual) / n
        if not math.isfinite(loss) or (first is not None and loss > 1e12 * (first + 1.0)):
            break
        first = loss if first is None else first
        step = 2.0 * rate / n
        w = [
            wj - step * sum(r * row[j] for r, row in zip(residual, X, strict=True))
            for j, wj in enumerate(w)
        ]
        b -= step * sum(residual)
    return [*w, b]


def _nearest(point: list[float], centres: Matrix) -> tuple[int, float]:
    best, best_d = 0, math.inf
    for index, centre in enumerate(centres):
        distance = sum((p - c) ** 2 for p, c in zip(point, centre, strict=True))
        if distance < best_d:
            best, best_d = index, distance
    return best, best_d


def py_kmeanspp(X: Matrix, k: int, rng: random.Random) -> Matrix:
    centres = [X[rng.randrange(len(X))]]
    closest = [_nearest(p, centres)[1] for p in X]
    candidates = 2 + int(math.log(k))
    for _ in range(1, k):
        options = []
        for index in rng.choices(range(len(X)), weights=closest, k=candidates):
            trial = [min(c, _nearest(p, [X[index]])[1]) for p, c in zip(X, closest, strict=True)]
            options.append((sum(trial), index, trial))
        _, index, closest = min(options)
        centres.append(X[index])
    return centres


def py_lloyd(X: Matrix, centres: Matrix, max_iter: int) -> tuple[Matrix, float]:
    labels = [_nearest(p, centres)[0] for p in X]
    for _ in range(max_iter):
        sums = [[0.0] * len(X[0]) for _ in centres]
        counts = [0] * len(centres)
        for point, label in zip(X, labels, strict=True):
            counts[label] += 1
            sums[label] = [s + v for s, v in zip(sums[label], point, strict=True)]
        centres = [
            [s / count for s in total] if count else centre
            for total, count, centre in zip(sums, counts, centres, strict=True)
        ]
        new = [_nearest(p, centres)[0] for p in X]
        if new == labels:
            break
        labels = new
    inertia = sum(_nearest(p, centres)[1] for p in X)
    return centres, inertia


def py_mlp(
    X: Matrix, y: list[int], X_eval: Matrix, sizes: list[int], rate: float, epochs: int, seed: int
) -> None:
    """Full-batch backprop (tanh hidden layers, softmax output) with a forward pass over the
    evaluation rows every epoch, as MLPClassifier does when it records accuracies."""
    rng = random.Random(seed)
    n_classes = 2
    layers = [len(X[0]), *sizes, n_classes]
    W = [
        [[rng.uniform(-0.5, 0.5) for _ in range(o)] for _ in range(i)]
        for i, o in itertools.pairwise(layers)
    ]
    B = [[0.0] * o for o in layers[1:]]

    def forward(row: list[float]) -> list[list[float]]:
        activations = [row]
        for layer, (weights, biases) in enumerate(zip(W, B, strict=True)):
            below = activations[-1]
            z = [
                b + sum(a * weights[i][j] for i, a in enumerate(below))
                for j, b in enumerate(biases)
            ]
            activations.append([math.tanh(v) for v in z] if layer < len(W) - 1 else z)
        return activations

    for _ in range(epochs):
        grads_w = [[[0.0] * len(w[0]) for _ in w] for w in W]
        grads_b = [[0.0] * len(b) for b in B]
        for row, label in zip(X, y, strict=True):
            activations = forward(row)
            top = max(activations[-1])
            exps = [math.exp(v - top) for v in activations[-1]]
            total = sum(exps)
            delta = [e / total - (1.0 if c == label else 0.0) for c, e in enumerate(exps)]
            for layer in range(len(W) - 1, -1, -1):
                below = activations[layer]
                for i, a in enumerate(below):
                    for j, d in enumerate(delta):
                        grads_w[layer][i][j] += a * d
                for j, d in enumerate(delta):
                    grads_b[layer][j] += d
                if layer > 0:
                    delta = [
                        sum(W[layer][i][j] * d for j, d in enumerate(delta)) * (1.0 - a * a)
                        for i, a in enumerate(below)
                    ]
        step = rate / len(X)
        for layer in range(len(W)):
            for i, row_w in enumerate(W[layer]):
                for j in range(len(row_w)):
                    row_w[j] -= step * grads_w[layer][i][j]
            for j in range(len(B[layer])):
                B[layer][j] -= step * grads_b[layer][j]
        for row in X_eval:
            logits = forward(row)[-1]
            logits.index(max(logits))


# ---------------------------------------------------------------------------- workloads


def _lists(array: np.ndarray) -> Matrix:
    return np.asarray(array, dtype=float).tolist()


def _scaled_mlp(X, y, X_eval, sizes, rate, epochs, seed=0) -> float:
    """Seconds for ``epochs`` plain-Python epochs, timed on a few and scaled up."""
    sample = min(epochs, SAMPLE_EPOCHS)
    began = time.perf_counter()
    py_mlp(_lists(X), [int(v) for v in y], _lists(X_eval), sizes, rate, sample, seed)
    return (time.perf_counter() - began) * epochs / max(sample, 1)


def py_line_fit() -> float:
    X, y = datasets.line(np.random.default_rng(0), 2.5, 1.0, noise=1.0, n=30)
    began = time.perf_counter()
    py_linear_gd(_lists(X), y.tolist(), 0.05, 1000)
    return time.perf_counter() - began


def py_learning_rate_sweep() -> float:
    X, y = datasets.line(np.random.default_rng(0), 2.5, 1.0, noise=1.0, n=40)
    began = time.perf_counter()
    for rate in (0.001, 0.1, 0.25):
        py_linear_gd(_lists(X), y.tolist(), rate, 100)
    return time.perf_counter() - began


def py_k_elbow() -> float:
    rng = np.random.default_rng(0)
    centres = np.array([[-4.0, 0.0], [0.0, 4.0], [4.0, 0.0]])
    X = _lists(datasets.blobs(rng, centres, n_per=30, spread=0.8)[0])
    began = time.perf_counter()
    previous: Matrix | None = None
    for k in range(1, 9):
        best = py_lloyd(X, py_kmeanspp(X, k, random.Random(0)), 100)
        if previous is not None:
            worst = max(range(len(X)), key=lambda i: _nearest(X[i], previous)[1])
            warm = py_lloyd(X, [*previous, X[worst]], 100)
            best = min(best, warm, key=lambda fit: fit[1])
        previous = best[0]
    return time.perf_counter() - began


def py_epochs_sweep() -> float:
    data = datasets.noisy_features(0)
    held = np.vstack([data.X, data.X_val, data.X_test])
    return _scaled_mlp(data.X, data.y, held, [16], 0.1, 250)


def py_capacity_sweep() -> float:
    data = _moons_split(0)
    held = np.vstack([data.X, data.X_val])
    return sum(_scaled_mlp(data.X, data.y, held, [w], 1.0, 150) for w in (1, 2, 4, 8, 32))


def py_mlp_weights() -> float:
    data = datasets.xor_clusters(0)
    return _scaled_mlp(data.X, data.y, data.X, [4], 1.0, 300)


def py_grid_search() -> float:
    data = _moons_split(0, noise=0.3)
    held = np.vstack([data.X, data.X_val])
    grid = sum(_scaled_mlp(data.X, data.y, held, [8], rate, 150) for rate in (0.1, 0.5, 2.0))
    return grid + _scaled_mlp(data.X, data.y, data.X, [8], 2.0, 150)


def py_probe_linear(sweep: tuple[float, ...]) -> Callable[[], float]:
    def run() -> float:
        sets = datasets.lines(0)
        began = time.perf_counter()
        for data in sets:
            py_linear_gd(_lists(data.X), data.y.tolist(), 0.1, 300)
        for rate in sweep:
            py_linear_gd(_lists(sets[0].X), sets[0].y.tolist(), rate, 300)
        return time.perf_counter() - began

    return run


def py_probe_kmeans() -> float:
    sets = datasets.blob_pairs(0)
    began = time.perf_counter()
    for data in sets:
        X = _lists(data.X)
        py_lloyd(X, random.Random(0).sample(X, 4), 100)
    X = _lists(sets[0].X)
    for k in range(1, 9):
        py_lloyd(X, random.Random(0).sample(X, k), 100)
    return time.perf_counter() - began


def py_probe_mlp_neurons() -> float:
    entry = MODELS["mlp"]
    rate, epochs = entry.params["learning_rate"], entry.params["n_epochs"]
    sets = datasets.moon_pairs(0)
    total = sum(_scaled_mlp(d.X, d.y, d.X, [8], rate, epochs) for d in sets)
    widths = entry.quantity("n_neurons").sweep
    return total + sum(
        _scaled_mlp(sets[0].X, sets[0].y, sets[0].X, [w], rate, epochs) for w in widths
    )


CASES: list[tuple[str, str, dict[str, object], Callable[[], float], str]] = [
    ("line_fit", "line_fit", {}, py_line_fit, ""),
    ("learning_rate_sweep", "learning_rate_sweep", {}, py_learning_rate_sweep, ""),
    ("epochs_sweep", "epochs_sweep", {}, py_epochs_sweep, "scaled"),
    ("k_elbow", "k_elbow", {}, py_k_elbow, ""),
    ("capacity_sweep", "capacity_sweep", {}, py_capacity_sweep, "scaled"),
    ("mlp_weights", "mlp_weights", {}, py_mlp_weights, "scaled"),
    ("grid_search", "grid_search", {}, py_grid_search, "scaled"),
    (
        "probe linear_regression.coef_",
        "probe",
        {"model": "linear_regression", "quantity": "coef_"},
        py_probe_linear(()),
        "",
    ),
    (
        "probe linear_regression.learning_rate",
        "probe",
        {"model": "linear_regression", "quantity": "learning_rate"},
        py_probe_linear(MODELS["linear_regression"].quantity("learning_rate").sweep),
        "",
    ),
    (
        "probe kmeans.n_clusters",
        "probe",
        {"model": "kmeans", "quantity": "n_clusters"},
        py_probe_kmeans,
        "",
    ),
    (
        "probe mlp.n_neurons",
        "probe",
        {"model": "mlp", "quantity": "n_neurons"},
        py_probe_mlp_neurons,
        "scaled",
    ),
]


def time_demo(name: str, args: dict[str, object], runs: int) -> list[float]:
    for _ in range(2):
        run_demo(name, args, seed=0)  # warm: imports, caches
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        run_demo(name, args, seed=0)
        samples.append(time.perf_counter() - began)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs per demo")
    options = parser.parse_args()
    rows = []
    for label, name, args, plain, note in CASES:
        samples = time_demo(name, args, options.runs)
        median = statistics.median(samples) * 1000
        spread = (max(samples) - min(samples)) * 1000
        python = min(plain() for _ in range(3 if not note else 1)) * 1000
        rows.append((label, median, min(samples) * 1000, spread, python, note))
    print(f"demo timings: median of {options.runs} runs; plain Python measured in the same run")
    header = f"{'demo':40} {'median ms':>10} {'min ms':>8} {'python ms':>11} {'ratio':>8}  target"
    print(header)
    print("-" * len(header))
    for label, median, fastest, _spread, python, note in rows:
        verdict = "ok" if median <= TARGET_MS else "OVER"
        mark = "*" if note else " "
        print(
            f"{label:40} {median:10.1f} {fastest:8.1f} {python:10.0f}{mark} {python / median:7.0f}x"
            f"  {verdict} (<= {TARGET_MS:.0f} ms)"
        )
    print(f"* plain-Python networks: first {SAMPLE_EPOCHS} epochs timed, scaled to the full run")
    worst = max(rows, key=lambda row: row[1])
    print(f"slowest: {worst[0]} at {worst[1]:.1f} ms median")


if __name__ == "__main__":
    main()
