"""Turning numpy results into what a demo event carries: short numbers and plain-float series."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from tutor.core.events import PlotSeries, SeriesStyle


def num(value: float, digits: int = 2) -> str:
    """A number for prose: fixed digits for ordinary sizes, scientific for tiny or huge ones."""
    value = float(value)
    if not math.isfinite(value):
        return "∞" if value > 0 else ("−∞" if value < 0 else "not a number")
    magnitude = abs(value)
    if magnitude != 0.0 and (magnitude < 10.0 ** (-digits) or magnitude >= 1e6):
        return f"{value:.{max(digits - 1, 1)}e}"
    text = f"{value:.{digits}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0.0 else text


def plural(count: int, word: str) -> str:
    """'1 neuron', '2 neurons', '0 hidden layers'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def setting(value: Any) -> str:
    """A hyperparameter value as a learner would type it."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def flat(value: Any) -> np.ndarray | None:
    """All numbers inside a value (array, list of arrays, scalar) as one float vector."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, (list, tuple)) and value and not np.isscalar(value[0]):
        parts = [flat(part) for part in value]
        if any(part is None for part in parts):
            return None
        arrays = [part for part in parts if part is not None]  # all of them, checked above
        return np.concatenate(arrays) if arrays else np.zeros(0)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array.ravel()


def numbers(value: Any, limit: int = 3) -> str:
    """A learned value for prose: '2.51', '[2.51, −0.30]' or '24 numbers: 0.52, −1.10, …'."""
    vector = flat(value)
    if vector is None:
        return repr(value)
    if vector.size == 1:
        return num(vector[0])
    shown = ", ".join(num(v) for v in vector[:limit])
    if vector.size <= limit:
        return f"[{shown}]"
    return f"{vector.size} numbers: {shown}, …"


def clean(values: Iterable[float], cap: float | None = None) -> tuple[list[float], bool]:
    """Plain floats for JSON: non-finite values (and values above ``cap``) become ``cap``.

    Returns the list and whether anything was replaced. Without a cap, non-finite values
    become 0.0 -- callers that expect them pass a cap and say so in their text.
    """
    out: list[float] = []
    replaced = False
    for value in values:
        value = float(value)
        if not math.isfinite(value) or (cap is not None and value > cap):
            out.append(float(cap) if cap is not None else 0.0)
            replaced = True
        else:
            out.append(value)
    return out, replaced


def series(
    label: str, x: Iterable[float], y: Iterable[float], style: SeriesStyle = "line"
) -> PlotSeries:
    xs, _ = clean(x)
    ys, _ = clean(y)
    return PlotSeries(label=label, x=xs, y=ys, style=style)
