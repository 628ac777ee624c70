"""The keys of predict and number questions, taken from the numbers their demo reports.

A predict item's ``decide`` rules each name a choice and a claim about the demo's measures
(the vocabulary of tutor/demos/claims.py); the key is the one choice whose claim holds. A
number item's key is the measure it names. Nothing here runs a demo: callers pass the
measures of a live run, so a changed outcome changes the key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from tutor.core.lessons import Item


class LiveKeyError(Exception):
    """The run does not decide the key (no rule holds, several do, a measure is missing)."""


def live_key(item: Item, measures: Mapping[str, float]) -> str | float:
    """The key the run's numbers give: a choice's text (predict) or a number (number)."""
    if item.kind == "number":
        if item.measure not in measures:
            raise LiveKeyError(f"the demo {item.demo.name!r} did not report {item.measure!r}")
        value = float(measures[item.measure])
        if not math.isfinite(value):
            raise LiveKeyError(f"the demo's {item.measure!r} is not a finite number")
        return value
    if item.kind != "predict":
        raise ValueError(f"item {item.id!r} has a written key, not a live one")
    from tutor.demos.claims import contradiction

    holding: list[str] = []
    for rule in item.decide:
        claim = {key: value for key, value in rule.items() if key != "choice"}
        found = contradiction(claim, measures)
        if found is None:
            if rule["choice"] not in holding:
                holding.append(str(rule["choice"]))
        elif found.startswith("the demo did not report"):
            raise LiveKeyError(found)
    if len(holding) != 1:
        numbers = ", ".join(f"{name} = {value:.4g}" for name, value in sorted(measures.items()))
        which = "no choice" if not holding else f"several choices ({', '.join(holding)})"
        raise LiveKeyError(f"the run decides {which}: {numbers}")
    return holding[0]


__all__ = ["LiveKeyError", "live_key"]
