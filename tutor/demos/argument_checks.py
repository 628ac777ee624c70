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


LINE_FIT = all_of(
    _within("line_fit", "slope", -100, 100),
    _within("line_fit", "intercept", -100, 100),
    _within("line_fit", "noise", 0, 100),
    _within("line_fit", "n_points", 2, 1000),
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
