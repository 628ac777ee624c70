"""Experiments the learner runs, frame by frame (numpy only, no UI).

``frames(name, values, seed)`` validates the hyperparameter values (a one-line ``LabError``
outside their range) and returns a generator of ``Frame``: the parameters' current values
(they tick as training goes), the hyperparameters (they stay put), the loss so far and what to
draw. Each frame costs a few training steps, so a front end can show a run live and stop it
at any frame; ``final_outcome`` runs one to the end for a lesson's ``try`` line.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from tutor.core.events import PlotSeries
from tutor.demos.datasets import blobs, moons
from tutor.demos.formatting import num
from tutor.demos.lab_spec import (
    EXPERIMENTS,
    ExperimentSpec,
    HyperParam,
    Number,
    validate,
    with_defaults,
)
from tutor.demos.spec import DemoOutcome

FRAMES_PER_RUN = 40  # a run is shown in about this many frames, whatever its length
FRAME_COMPUTE = 0.05  # seconds: a frame comes out after at most this much training
DIVERGED = 1e10  # a loss above this has blown up: the run stops there


class LabError(ValueError):
    """Hyperparameter values that cannot be used; the message is one line."""


@dataclass(frozen=True)
class Frame:
    """One moment of a training run."""

    experiment: str
    step: int  # training steps (iterations, epochs) done so far
    total: int  # steps the run will take at most
    parameters: tuple[tuple[str, float], ...]  # current values (a sample, for big models)
    hyperparameters: Mapping[str, Number]  # as set before training; never changed by it
    loss: tuple[float, ...]  # the training loss after each step so far (index 0: the start)
    loss_label: str
    drawing: tuple[PlotSeries, ...]  # what the model looks like now
    x_label: str = "x"
    y_label: str = "y"
    n_parameters: int = 0  # how many numbers the fit learns in all
    extra: tuple[tuple[str, float], ...] = ()  # other measures (accuracy, validation error)
    validation: tuple[float, ...] = ()  # validation loss per step, where the experiment has one
    done: bool = False
    diverged: bool = False
    note: str = ""


def spec_of(name: str) -> ExperimentSpec:
    spec = EXPERIMENTS.get(name)
    if spec is None:
        raise LabError(f"there is no experiment {name!r}; try one of {', '.join(EXPERIMENTS)}")
    return spec


def checked(name: str, values: Mapping[str, object]) -> dict[str, Number]:
    """Every hyperparameter's value for a run, or LabError naming the first problem."""
    spec = spec_of(name)
    problems = validate(spec, values)
    if problems:
        raise LabError(problems[0])
    return with_defaults(spec, values)  # type: ignore[arg-type]


def frames(name: str, values: Mapping[str, object], seed: int = 0) -> Iterator[Frame]:
    """A run of experiment ``name`` with these hyperparameters, as frames (validated first)."""
    settings = checked(name, values)
    return _RUNNERS[name](settings, seed)


def _stride(total: int) -> int:
    return max(1, math.ceil(total / FRAMES_PER_RUN))


class _Pace:
    """When the next frame is due: every ``stride`` steps, or sooner once a frame's compute
    has taken ``FRAME_COMPUTE`` (a big network on a busy machine), and at the last step."""

    def __init__(self, total: int) -> None:
        self.total, self.stride = total, _stride(total)
        self.since = time.perf_counter()

    def due(self, step: int) -> bool:
        now = time.perf_counter()
        if step % self.stride == 0 or step == self.total or now - self.since >= FRAME_COMPUTE:
            self.since = now
            return True
        return False


def _finite(values: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(values)))


def _series(label: str, x: np.ndarray, y: np.ndarray, style: str = "line") -> PlotSeries:
    return PlotSeries(label, [float(v) for v in x], [float(v) for v in y], style)  # type: ignore[arg-type]


# -- line fit by gradient descent ---------------------------------------------------------------


def _line_data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 4.0, 40))
    return x, 2.5 * x + 1.0 + rng.normal(0.0, 1.0, x.size)


def _line_fit(settings: Mapping[str, Number], seed: int) -> Iterator[Frame]:
    rate, total = float(settings["learning_rate"]), int(settings["n_iter"])
    x, y = _line_data(seed)
    m = c = 0.0
    losses = [float(np.mean((y - (m * x + c)) ** 2))]
    ends = np.array([0.0, 4.0])

    def frame(step: int, *, done: bool = False, diverged: bool = False, note: str = "") -> Frame:
        drawing = [_series("data", x, y, "scatter")]
        line_y = m * ends + c
        spread = float(y.max() - y.min())
        if _finite(line_y) and np.all(np.abs(line_y - y.mean()) < 5 * spread):  # else off-chart
            sign = "+" if c >= 0 else "−"
            drawing.append(_series(f"y = {num(m)}·x {sign} {num(abs(c))}", ends, line_y))
        return Frame(
            "line_fit",
            step,
            total,
            (("slope m", m), ("intercept c", c)),
            dict(settings),
            tuple(losses),
            "mean squared error",
            tuple(drawing),
            n_parameters=2,
            done=done,
            diverged=diverged,
            note=note,
        )

    yield frame(0)
    pace = _Pace(total)
    for step in range(1, total + 1):
        residual = m * x + c - y
        m, c = m - rate * 2 * float(np.mean(residual * x)), c - rate * 2 * float(np.mean(residual))
        with np.errstate(over="ignore", invalid="ignore"):
            loss = float(np.mean((y - (m * x + c)) ** 2))
        losses.append(loss)
        if not math.isfinite(loss) or loss > DIVERGED:
            yield frame(step, done=True, diverged=True, note=_diverged_note(step))
            return
        if pace.due(step):
            yield frame(step, done=step == total)


def _diverged_note(step: int) -> str:
    return (
        f"the loss blew up by step {step}: each step overshot the bottom and landed further "
        "up the other side, so the run was stopped (a smaller learning rate converges)"
    )


# -- k-means -------------------------------------------------------------------------------------

_BLOB_CENTRES = np.array([[-3.0, -2.0], [2.5, -2.5], [0.0, 3.0], [4.0, 2.5]])


def _kmeans(settings: Mapping[str, Number], seed: int) -> Iterator[Frame]:
    k, init_seed = int(settings["k"]), int(settings["seed"])
    X, _ = blobs(np.random.default_rng(seed), _BLOB_CENTRES, n_per=30, spread=0.9)
    start = np.random.default_rng(init_seed).choice(len(X), size=k, replace=False)
    centres = X[start].copy()
    labels = np.full(len(X), -1)
    losses: list[float] = []
    total = 30

    def frame(step: int, *, done: bool = False, note: str = "") -> Frame:
        drawing = [
            _series(f"cluster {j + 1}", X[labels == j, 0], X[labels == j, 1], "scatter")
            for j in range(k)
            if np.any(labels == j)
        ] or [_series("points", X[:, 0], X[:, 1], "scatter")]
        drawing.append(_series("centroids", centres[:, 0], centres[:, 1], "scatter"))
        shown = tuple(
            (f"centroid {j + 1} {axis}", float(centres[j, a]))
            for j in range(min(k, 4))
            for a, axis in enumerate("xy")
        )
        return Frame(
            "kmeans",
            step,
            total,
            shown,
            dict(settings),
            tuple(losses),
            "inertia: squared distances to the centroids",
            tuple(drawing),
            x_label="feature 1",
            y_label="feature 2",
            n_parameters=2 * k,
            done=done,
            note=note,
        )

    for step in range(total + 1):
        distances = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new_labels = distances.argmin(axis=1)
        losses.append(float(distances[np.arange(len(X)), new_labels].sum()))
        settled = np.array_equal(new_labels, labels)
        labels = new_labels
        if settled or step == total:
            yield frame(
                step,
                done=True,
                note=f"the assignments stopped changing after {step} steps" if settled else "",
            )
            return
        yield frame(step)
        for j in range(k):
            members = X[labels == j]
            if len(members):
                centres[j] = members.mean(axis=0)


# -- a small network on two moons --------------------------------------------------------------


def _mlp(settings: Mapping[str, Number], seed: int) -> Iterator[Frame]:
    width, depth = int(settings["hidden_units"]), int(settings["layers"])
    rate, total = float(settings["learning_rate"]), int(settings["epochs"])
    rng = np.random.default_rng(seed)
    X, y = moons(rng, 200, noise=0.2)
    sizes = [2, *([width] * depth), 1]
    weights = [
        rng.normal(0.0, math.sqrt(2.0 / (a + b)), (a, b)) for a, b in itertools.pairwise(sizes)
    ]
    biases = [np.zeros(b) for b in sizes[1:]]
    n_params = sum(w.size + b.size for w, b in zip(weights, biases, strict=True))
    low, high = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
    gx, gy = np.meshgrid(np.linspace(low[0], high[0], 30), np.linspace(low[1], high[1], 12))
    grid = np.column_stack([gx.ravel(), gy.ravel()])

    def forward(inputs: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        activations = [inputs]
        for w, b in zip(weights[:-1], biases[:-1], strict=True):
            activations.append(np.tanh(activations[-1] @ w + b))
        return activations, (activations[-1] @ weights[-1] + biases[-1]).ravel()

    def loss_of(logits: np.ndarray) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            return float(np.mean(np.logaddexp(0.0, logits) - y * logits))

    _, logits = forward(X)
    losses = [loss_of(logits)]

    def frame(step: int, *, done: bool = False, diverged: bool = False, note: str = "") -> Frame:
        _, grid_logits = forward(grid)
        _, logits = forward(X)
        accuracy = float(np.mean((logits > 0) == (y == 1)))
        area = grid_logits > 0
        drawing = (
            _series("area: class A", grid[~area, 0], grid[~area, 1], "scatter"),
            _series("area: class B", grid[area, 0], grid[area, 1], "scatter"),
            _series("class A", X[y == 0, 0], X[y == 0, 1], "scatter"),
            _series("class B", X[y == 1, 0], X[y == 1, 1], "scatter"),
        )
        first, last = weights[0], weights[-1]
        shown = (
            ("weight in→h1 (1)", float(first[0, 0])),
            ("weight in→h1 (2)", float(first[1, 0])),
            ("bias h1 (1)", float(biases[0][0])),
            ("weight →out (1)", float(last[0, 0])),
            ("bias out", float(biases[-1][0])),
        )
        return Frame(
            "mlp",
            step,
            total,
            shown,
            dict(settings),
            tuple(losses),
            "cross-entropy",
            drawing,
            x_label="feature 1",
            y_label="feature 2",
            n_parameters=n_params,
            extra=(("training accuracy", accuracy),),
            done=done,
            diverged=diverged,
            note=note,
        )

    yield frame(0)
    pace = _Pace(total)
    for step in range(1, total + 1):
        activations, logits = forward(X)
        with np.errstate(over="ignore", invalid="ignore"):
            delta = ((1.0 / (1.0 + np.exp(-logits))) - y).reshape(-1, 1) / len(X)
            for layer in range(len(weights) - 1, -1, -1):
                grad_w = activations[layer].T @ delta
                grad_b = delta.sum(axis=0)
                if layer:
                    delta = (delta @ weights[layer].T) * (1.0 - activations[layer] ** 2)
                weights[layer] -= rate * grad_w
                biases[layer] -= rate * grad_b
        loss = loss_of(forward(X)[1])
        losses.append(loss)
        if not math.isfinite(loss) or not all(_finite(w) for w in weights):
            yield frame(step, done=True, diverged=True, note=_diverged_note(step))
            return
        if pace.due(step):
            yield frame(step, done=step == total)


# -- polynomial degree ---------------------------------------------------------------------------


def _poly_data(seed: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)

    def sample(n: int) -> tuple[np.ndarray, np.ndarray]:
        x = np.sort(rng.uniform(-1.0, 1.0, n))
        return x, np.sin(3.0 * x) + 0.3 * x + rng.normal(0.0, 0.25, n)

    return (*sample(12), *sample(40))


def _polynomial(settings: Mapping[str, Number], seed: int) -> Iterator[Frame]:
    degree, total = int(settings["degree"]), int(settings["epochs"])
    x, y, x_val, y_val = _poly_data(seed)
    design = np.polynomial.legendre.legvander(x, degree)
    design_val = np.polynomial.legendre.legvander(x_val, degree)
    curve_x = np.linspace(-1.0, 1.0, 60)
    design_curve = np.polynomial.legendre.legvander(curve_x, degree)
    gram = design.T @ design / len(x)
    rate = 1.0 / float(np.linalg.eigvalsh(gram)[-1])  # the largest stable step for this data
    coef = np.zeros(degree + 1)
    losses = [float(np.mean(y**2))]
    validation = [float(np.mean(y_val**2))]

    def frame(step: int, *, done: bool = False) -> Frame:
        curve = np.clip(design_curve @ coef, -4.0, 4.0)
        drawing = (
            _series("training points", x, y, "scatter"),
            _series("validation points", x_val, y_val, "scatter"),
            _series(f"degree-{degree} curve", curve_x, curve),
        )
        shown = tuple((f"coefficient {j}", float(coef[j])) for j in range(min(degree + 1, 5)))
        return Frame(
            "polynomial",
            step,
            total,
            shown,
            dict(settings),
            tuple(losses),
            "training error (mean squared)",
            drawing,
            n_parameters=degree + 1,
            extra=(("validation error", validation[-1]),),
            validation=tuple(validation),
            done=done,
        )

    yield frame(0)
    pace = _Pace(total)
    for step in range(1, total + 1):
        coef -= rate * design.T @ (design @ coef - y) / len(x)
        losses.append(float(np.mean((design @ coef - y) ** 2)))
        validation.append(float(np.mean((design_val @ coef - y_val) ** 2)))
        if pace.due(step):
            yield frame(step, done=step == total)


_RUNNERS: dict[str, Callable[[Mapping[str, Number], int], Iterator[Frame]]] = {
    "line_fit": _line_fit,
    "kmeans": _kmeans,
    "mlp": _mlp,
    "polynomial": _polynomial,
}


# -- a whole run, told in words -----------------------------------------------------------------


def setting_text(values: Mapping[str, Number]) -> str:
    return ", ".join(f"{name}={value:g}" for name, value in values.items())


def contrast(frame: Frame) -> str:
    """The caption of every view: which numbers move, which stay put."""
    return (
        f"Parameters ({frame.n_parameters} numbers) move as training goes; "
        f"hyperparameters ({setting_text(frame.hyperparameters)}) stay put."
    )


def parameter_text(first: Frame, last: Frame) -> str:
    moved = [
        f"{name} {num(before)} → {num(after)}"
        for (name, before), (_, after) in zip(first.parameters, last.parameters, strict=True)
    ]
    return ", ".join(moved[:4]) + (", …" if len(moved) > 4 else "")


@dataclass
class Run:
    """A finished run: its first and last frames."""

    first: Frame
    last: Frame
    frames: list[Frame] = field(default_factory=list)


def run_to_end(name: str, values: Mapping[str, object], seed: int = 0) -> Run:
    stream = frames(name, values, seed)
    first = last = next(stream)
    for last in stream:  # noqa: B007 -- the last frame is the result
        pass
    return Run(first, last)


def final_outcome(name: str, values: Mapping[str, object], seed: int = 0) -> DemoOutcome:
    """A lesson's ``try``: run the experiment to its end and say what moved and what did not."""
    run = run_to_end(name, values, seed)
    spec, last = spec_of(name), run.last
    loss_start, loss_end = last.loss[0], last.loss[-1]
    steps = f"{last.step} step" + ("" if last.step == 1 else "s")
    lines = [
        f"Hyperparameters (you set them before training; they stayed put): "
        f"{setting_text(last.hyperparameters)}.",
        f"Parameters (learned from the data; they moved): {parameter_text(run.first, last)}"
        + (f" ({last.n_parameters} numbers in all)." if last.n_parameters > 4 else "."),
        f"Loss ({last.loss_label}): {num(loss_start)} at the start, {num(loss_end)} after {steps}.",
    ]
    lines.extend(f"{label.capitalize()}: {num(value)}." for label, value in last.extra)
    if last.note:
        lines.append(last.note[0].upper() + last.note[1:] + ".")
    return DemoOutcome(
        verdict=None,
        text="\n".join(lines),
        series=list(last.drawing),
        title=f"{spec.title} ({setting_text(last.hyperparameters)})",
        x_label=last.x_label,
        y_label=last.y_label,
    )


# -- the state of a lab screen or prompt ---------------------------------------------------------


class LabState:
    """One learner's bench: the experiment, its hyperparameter values, which one is picked,
    and the run in progress. Shared by the app's lab screen and line mode's prompt.

    ``next_frame`` may be called from a worker thread; the lock keeps two threads from
    stepping one run at once (a paused run's thread may still be finishing its step).
    """

    def __init__(self, experiment: str = "line_fit", seed: int = 0) -> None:
        self.seed = seed
        self.lock = threading.Lock()
        self.experiment = spec_of(experiment).name
        self.values: dict[str, Number] = spec_of(experiment).defaults()
        self.selected = 0
        self.frame: Frame = self.reset()

    @property
    def spec(self) -> ExperimentSpec:
        return spec_of(self.experiment)

    @property
    def hyperparam(self) -> HyperParam:
        return self.spec.hyperparams[self.selected]

    def reset(self) -> Frame:
        """Start the run again from its first frame (parameters back at their start)."""
        with self.lock:
            self._stream = frames(self.experiment, self.values, self.seed)
            self.frame = next(self._stream)
        return self.frame

    def next_frame(self) -> Frame | None:
        """The run's next frame, or None when it is over."""
        with self.lock:
            if self.frame.done:
                return None
            frame = next(self._stream, None)
            if frame is None:
                return None
            self.frame = frame
            return frame

    def use(self, experiment: str) -> Frame:
        self.experiment = spec_of(experiment).name
        self.values = self.spec.defaults()
        self.selected = 0
        return self.reset()

    def next_experiment(self, direction: int = 1) -> Frame:
        names = list(EXPERIMENTS)
        return self.use(names[(names.index(self.experiment) + direction) % len(names)])

    def pick(self, direction: int) -> None:
        self.selected = (self.selected + direction) % len(self.spec.hyperparams)

    def change(self, direction: int) -> Frame:
        """Step the picked hyperparameter up or down; the run starts again."""
        hyper = self.hyperparam
        self.values[hyper.name] = hyper.step(self.values[hyper.name], direction)
        return self.reset()

    def set(self, values: Mapping[str, object]) -> Frame:
        """Set hyperparameters (LabError if one cannot be used); the run starts again."""
        self.values = checked(self.experiment, {**self.values, **values})
        return self.reset()
