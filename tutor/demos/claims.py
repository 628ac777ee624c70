"""What a lesson claims a demo shows, written as data and checked against the demo's numbers.

A lesson's demo step may carry ``expect``, a list of claims such as::

    expect = [
      { measure = "best_degree", equals = 3 },
      { measure = "val_at_last", below = "val_at_peak" },
      { measure = "slope", near = 1.94, within = 0.01 },
    ]

``measure`` names one of the numbers the demo declares in the registry (``DemoSpec.measures``)
and reports in ``DemoOutcome.measures``. Exactly one comparison follows: ``equals``,
``below``, ``above``, ``at_most``, ``at_least`` or ``near`` (with an optional ``within``,
0.005 by default). Its value is a number or the name of another measure of the same demo.
The loader validates claims (plain Python, no numpy); ``tutor check`` runs each demo and
fails on any claim its numbers contradict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

COMPARISONS: dict[str, str] = {
    "equals": "equals",
    "below": "is below",
    "above": "is above",
    "at_most": "is at most",
    "at_least": "is at least",
    "near": "is near",
}
DEFAULT_WITHIN = 0.005
MAX_CLAIMS = 20


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def validate(demo: str, claims: Any) -> list[tuple[int, str]]:
    """Problems with a demo step's ``expect`` list: (claim number from 1, or 0 for the whole
    list; a sentence). [] when fine."""
    from tutor.demos.registry import DEMOS

    if demo not in DEMOS:
        return []  # the demo name itself is reported elsewhere
    if not isinstance(claims, list) or not claims:
        return [
            (0, "'expect' must be a non-empty list of claims such as { measure = ..., equals = 3 }")
        ]
    if len(claims) > MAX_CLAIMS:
        return [(0, f"'expect' may hold at most {MAX_CLAIMS} claims, not {len(claims)}")]
    problems: list[tuple[int, str]] = []
    for number, claim in enumerate(claims, start=1):
        problems.extend((number, problem) for problem in _claim_problems(demo, claim, number))
    return problems


def _claim_problems(demo: str, claim: Any, number: int) -> list[str]:
    from tutor.demos.registry import DEMOS

    known = {measure.name for measure in DEMOS[demo].measures}
    listed = ", ".join(sorted(known)) or "none"
    where = f"claim {number} of 'expect'"
    if not isinstance(claim, dict):
        return [f"{where} must be a table such as {{ measure = ..., below = ... }}"]
    problems: list[str] = []
    for key in claim:
        if key not in COMPARISONS and key not in ("measure", "within"):
            allowed = ", ".join(["measure", *COMPARISONS, "within"])
            problems.append(f"{where} has an unknown key {key!r} (allowed: {allowed})")
    measure = claim.get("measure")
    if not isinstance(measure, str):
        problems.append(f"{where} needs 'measure', the name of one of the demo's numbers")
    elif measure not in known:
        problems.append(f"{where}: demo {demo!r} has no measure {measure!r} (measures: {listed})")
    comparisons = [key for key in claim if key in COMPARISONS]
    if len(comparisons) != 1:
        has = f" (has {', '.join(comparisons)})" if comparisons else ""
        problems.append(f"{where} needs exactly one of {', '.join(COMPARISONS)}{has}")
        return problems
    comparison = comparisons[0]
    value = claim[comparison]
    if isinstance(value, str):
        if value not in known:
            problems.append(
                f"{where}: {comparison} names {value!r}, which is not a measure of demo "
                f"{demo!r} (measures: {listed})"
            )
    elif not _number(value):
        problems.append(
            f"{where}: {comparison} must be a number or a measure's name, not {value!r}"
        )
    if "within" in claim:
        within = claim["within"]
        if comparison != "near":
            problems.append(f"{where}: 'within' goes with 'near' only")
        elif not _number(within) or within <= 0:
            problems.append(f"{where}: 'within' must be a positive number, not {within!r}")
    return problems


def describe(claim: Mapping[str, Any]) -> str:
    """The claim as a short sentence: 'val_at_last is below val_at_peak'."""
    comparison = next(key for key in claim if key in COMPARISONS)
    text = f"{claim['measure']} {COMPARISONS[comparison]} {claim[comparison]}"
    if comparison == "near":
        text += f" (within {claim.get('within', DEFAULT_WITHIN):g})"
    return text


def _shown(value: float) -> str:
    return f"{value:.4g}"


def contradiction(claim: Mapping[str, Any], measures: Mapping[str, float]) -> str | None:
    """None when the demo's numbers bear the claim out; otherwise what the numbers were."""
    name = claim["measure"]
    comparison = next(key for key in claim if key in COMPARISONS)
    target = claim[comparison]
    missing = [key for key in (name, target) if isinstance(key, str) and key not in measures]
    if missing:
        return f"the demo did not report {', '.join(missing)}"
    actual = float(measures[name])
    against = float(measures[target]) if isinstance(target, str) else float(target)
    within = float(claim.get("within", DEFAULT_WITHIN))
    holds = {
        "equals": actual == against,
        "below": actual < against,
        "above": actual > against,
        "at_most": actual <= against,
        "at_least": actual >= against,
        "near": abs(actual - against) <= within,
    }[comparison]
    if holds:
        return None
    found = f"{name} = {_shown(actual)}"
    if isinstance(target, str):
        found += f", {target} = {_shown(against)}"
    return found
