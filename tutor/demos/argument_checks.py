"""Cross-argument checks for the named demos (plain Python: runs when a lesson pack loads).

The registry checks each argument's type and choices; these functions add the ranges and
list contents, so a bad lesson fails at load time with a sentence naming the argument.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Mapping[str, Any]], list[str]]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _within(demo: str, name: str, low: float, high: float) -> Check:
    def check(args: Mapping[str, Any]) -> list[str]:
        value = args.get(name)
        if value is None or not _is_number(value) or low <= value <= high:
            return []
        return [
            f"demo {demo!r} argument {name!r} must be between {low:g} and {high:g}, not {value!r}"
        ]

    return check


def _positive_list(
    demo: str, name: str, *, longest: int, integers: bool = False, high: float = math.inf
) -> Check:
    def check(args: Mapping[str, Any]) -> list[str]:
        values = args.get(name)
        if values is None:
            return []
        kind = "whole numbers" if integers else "numbers"
        ok = (
            isinstance(values, list)
            and 1 <= len(values) <= longest
            and all(_is_number(v) and 0 < v <= high for v in values)
            and (not integers or all(isinstance(v, int) for v in values))
        )
        if ok:
            return []
        bound = f" up to {high:g}" if math.isfinite(high) else ""
        return [
            f"demo {demo!r} argument {name!r} must be a list of 1 to {longest} positive "
            f"{kind}{bound}, not {values!r}"
        ]

    return check


def all_of(*checks: Check) -> Check:
    def check(args: Mapping[str, Any]) -> list[str]:
        return [problem for one in checks for problem in one(args)]

    return check


def _blobs_fit(args: Mapping[str, Any]) -> list[str]:
    k_max, n_blobs = args.get("k_max", 8), args.get("n_blobs", 3)
    if _is_number(k_max) and _is_number(n_blobs) and n_blobs > k_max:
        return [f"demo 'k_elbow' argument 'n_blobs' ({n_blobs}) must not exceed 'k_max' ({k_max})"]
    return []


def _points(args: Mapping[str, Any]) -> list[str]:
    """line_fit's own (x, y) pairs: 2 to 100 of them, finite, with at least two different x."""
    points = args.get("points")
    if points is None or points == []:
        return []
    ok = (
        isinstance(points, list)
        and 2 <= len(points) <= 100
        and all(
            isinstance(pair, list)
            and len(pair) == 2
            and all(_is_number(v) and abs(v) <= 1e6 for v in pair)
            for pair in points
        )
    )
    if ok and len({pair[0] for pair in points}) >= 2:
        return []
    return [
        "demo 'line_fit' argument 'points' must be a list of 2 to 100 [x, y] pairs of numbers "
        f"with at least two different x, not {points!r}"
    ]


def _degrees(args: Mapping[str, Any]) -> list[str]:
    degrees, n_points = args.get("degrees"), args.get("n_points", 10)
    if degrees is None:
        return []
    if (
        isinstance(degrees, list)
        and 1 <= len(degrees) <= 6
        and all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 12 for d in degrees)
    ):
        if _is_number(n_points) and max(degrees) >= n_points:
            return [
                f"demo 'degree_sweep' argument 'degrees': degree {max(degrees)} needs more than "
                f"{n_points} points (raise 'n_points' or lower the degree)"
            ]
        return []
    return [
        f"demo 'degree_sweep' argument 'degrees' must be a list of 1 to 6 whole numbers from "
        f"0 to 12, not {degrees!r}"
    ]


LINE_FIT = all_of(
    _points,
    _within("line_fit", "slope", -100, 100),
    _within("line_fit", "intercept", -100, 100),
    _within("line_fit", "noise", 0, 100),
    _within("line_fit", "n_points", 2, 1000),
)
DEGREE_SWEEP = all_of(
    _degrees,
    _within("degree_sweep", "n_points", 3, 200),
    _within("degree_sweep", "noise", 0, 5),
)
LEARNING_RATE_SWEEP = all_of(
    _positive_list("learning_rate_sweep", "rates", longest=6, high=10),
    _within("learning_rate_sweep", "n_iter", 1, 5000),
)
EPOCHS_SWEEP = all_of(
    _within("epochs_sweep", "n_epochs", 2, 2000),
    _within("epochs_sweep", "hidden", 1, 256),
    _within("epochs_sweep", "learning_rate", 1e-6, 10),
)
K_ELBOW = all_of(
    _within("k_elbow", "k_max", 2, 15),
    _within("k_elbow", "n_blobs", 1, 15),
    _blobs_fit,
)
CAPACITY_SWEEP = _within("capacity_sweep", "n_epochs", 1, 1000)
MLP_WEIGHTS = all_of(
    _within("mlp_weights", "hidden", 1, 64),
    _within("mlp_weights", "n_epochs", 0, 3000),
    _within("mlp_weights", "learning_rate", 1e-6, 10),
)
GRID_SEARCH = all_of(
    _positive_list("grid_search", "rates", longest=5, high=10),
    _positive_list("grid_search", "epochs", longest=6, integers=True, high=1000),
)


# -- costs: estimated seconds per run, scaled from runs at the defaults (measured at 1.5 to
# 20 ms on the 2-core development machine, then doubled for slower machines) -------------


def _seconds(default_ms: float, *ratios: float) -> float:
    scale = 1.0
    for ratio in ratios:
        scale *= max(ratio, 0.0)
    return 2 * default_ms / 1000 * scale


def _count(args: Mapping[str, Any], name: str) -> int:
    values = args.get(name)
    return len(values) if isinstance(values, list) else 1


def line_fit_cost(args: Mapping[str, Any]) -> float:
    return _seconds(5, max(1.0, args["n_points"] / 30))


def degree_sweep_cost(args: Mapping[str, Any]) -> float:
    return _seconds(1.5, _count(args, "degrees") / 3, max(1.0, args["n_points"] / 10))


def learning_rate_sweep_cost(args: Mapping[str, Any]) -> float:
    return _seconds(1.5, _count(args, "rates") / 3, args["n_iter"] / 100)


def epochs_sweep_cost(args: Mapping[str, Any]) -> float:
    return _seconds(16, args["n_epochs"] / 250, max(1.0, args["hidden"] / 16))


def k_elbow_cost(args: Mapping[str, Any]) -> float:
    return _seconds(3.5, args["k_max"] / 8)


def capacity_sweep_cost(args: Mapping[str, Any]) -> float:
    return _seconds(20, args["n_epochs"] / 150)


def mlp_weights_cost(args: Mapping[str, Any]) -> float:
    return _seconds(7.5, max(1.0, args["n_epochs"] / 300), max(1.0, args["hidden"] / 4))


def grid_search_cost(args: Mapping[str, Any]) -> float:
    epochs = sum(args["epochs"]) if isinstance(args["epochs"], list) else 235
    return _seconds(17.5, _count(args, "rates") / 3, epochs / 235)


def probe_cost(args: Mapping[str, Any]) -> float:
    return _seconds(25)  # the slowest model's probe and sweep, whatever the quantity
