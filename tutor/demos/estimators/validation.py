"""Hyperparameter constraints, declared as data by each model and checked in one place.

A model lists ``constraints = {"learning_rate": Real(low=0.0), ...}``; ``fit`` calls
``validate`` before it touches the data, so a bad setting is refused with the model's name,
the hyperparameter's name, what it must be and what it was. ``__init__`` never validates (it
stores what it was given), which is the estimator rule the lessons teach.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from numbers import Real as RealNumber
from typing import Any


def _is_integer(value: Any) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


@dataclass(frozen=True)
class Integer:
    """An integer >= ``low`` (``None`` too when ``none_ok``); booleans are refused."""

    low: int = 1
    none_ok: bool = False

    def accepts(self, value: Any) -> bool:
        if value is None:
            return self.none_ok
        return _is_integer(value) and value >= self.low

    def describe(self) -> str:
        return f"an integer >= {self.low}" + (" or None" if self.none_ok else "")


@dataclass(frozen=True)
class Real:
    """A real number above ``low`` (or at it, when ``low_inclusive``) and below ``high``.

    NaN is always refused; infinity only when ``inf_ok``. Booleans are refused.
    """

    low: float = 0.0
    low_inclusive: bool = False
    high: float | None = None
    high_inclusive: bool = False
    inf_ok: bool = False

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, RealNumber):
            return False
        number = float(value)
        if math.isnan(number) or (math.isinf(number) and not self.inf_ok):
            return False
        above = number >= self.low if self.low_inclusive else number > self.low
        if self.high is None:
            return above
        below = number <= self.high if self.high_inclusive else number < self.high
        return above and below

    def describe(self) -> str:
        kind = "a number" if self.inf_ok else "a finite number"
        text = f"{kind} {'>=' if self.low_inclusive else '>'} {self.low:g}"
        if self.high is not None:
            text += f" and {'<=' if self.high_inclusive else '<'} {self.high:g}"
        return text


@dataclass(frozen=True)
class OneOf:
    """One of the listed strings, or (when ``array_ok``) any non-string value, such as an
    array whose shape the model checks against the data in ``fit``."""

    values: tuple[str, ...]
    array_ok: bool = False

    def accepts(self, value: Any) -> bool:
        if isinstance(value, str):
            return value in self.values
        return self.array_ok

    def describe(self) -> str:
        listed = " or ".join(repr(value) for value in self.values)
        return listed + (" or an array" if self.array_ok else "")


@dataclass(frozen=True)
class IntegerSequence:
    """One integer >= ``low``, or a sequence (not a string) of them; may be empty."""

    low: int = 1

    def accepts(self, value: Any) -> bool:
        if _is_integer(value):
            return bool(value >= self.low)
        if isinstance(value, str) or not isinstance(value, Sequence):
            return False
        return all(_is_integer(entry) and entry >= self.low for entry in value)

    def describe(self) -> str:
        return f"a sequence of integers >= {self.low}"


Constraint = Integer | Real | OneOf | IntegerSequence

# Constraints many models share.
COUNT = Integer(low=1)  # iterations, epochs, estimators, neighbours, clusters...
POSITIVE = Real(low=0.0)  # learning rates, regularisation strengths C
NON_NEGATIVE = Real(low=0.0, low_inclusive=True)  # penalties alpha, tolerances, smoothing
SEED = Integer(low=0, none_ok=True)


def validate(owner: str, params: Mapping[str, Any], constraints: Mapping[str, Constraint]) -> None:
    """Raise ValueError naming the first hyperparameter its constraint refuses.

    Every hyperparameter must have a constraint: a model that forgets to declare one fails
    here on its first fit rather than training on an unchecked setting.
    """
    for name, value in params.items():
        constraint = constraints.get(name)
        if constraint is None:
            raise TypeError(f"{owner} declares no constraint for its hyperparameter {name!r}")
        if not constraint.accepts(value):
            raise ValueError(f"{owner}: {name} must be {constraint.describe()}, got {value!r}")
