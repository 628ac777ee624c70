"""Typed declarations of demos: what lessons may name, checked without importing numpy."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tutor.core.events import PlotSeries  # one class for plot series, in the event contract

REQUIRED: Any = object()


@dataclass(frozen=True)
class DemoParam:
    """One argument a lesson may pass to a demo."""

    name: str
    type: type  # int, float, str, bool or list
    default: Any = REQUIRED
    choices: tuple[Any, ...] | None = None
    help: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass
class DemoOutcome:
    """What a demo found. ``verdict`` is None when the demo does not classify anything."""

    verdict: str | None
    text: str
    series: list[PlotSeries] = field(default_factory=list)
    title: str = ""
    x_label: str = ""
    y_label: str = ""
    # The numbers a lesson's claims about this demo are checked against (see demos/claims.py).
    measures: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoMeasure:
    """A number a demo reports, which a lesson may make a claim about (``expect``)."""

    name: str
    help: str


@dataclass(frozen=True)
class DemoSpec:
    """A named demo. ``runner`` is "module:function", imported lazily when the demo runs.

    The runner is called as ``runner(seed=int, **args)`` with args already validated and
    defaults filled in, and returns a DemoOutcome.
    """

    name: str
    summary: str
    runner: str
    params: tuple[DemoParam, ...] = ()
    check: Callable[[Mapping[str, Any]], list[str]] | None = None  # cross-argument validation
    # Estimated seconds for one run with these (validated, defaults filled) arguments, on a
    # slow machine; the loader adds them up against a pack's demo budget.
    cost: Callable[[Mapping[str, Any]], float] | None = None
    measures: tuple[DemoMeasure, ...] = ()  # what a lesson's ``expect`` may name
