"""The demos lessons may name, with their typed arguments.

Lessons carry no code: they name a demo here and pass arguments that are validated against
the demo's declared parameters when the lesson pack loads.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from tutor.demos.spec import DemoOutcome, DemoParam, DemoSpec

DEMOS: dict[str, DemoSpec] = {
    spec.name: spec
    for spec in (
        DemoSpec(
            name="explain",
            summary="An honest explanation where the lab has no model to run (verdict: null).",
            runner="tutor.demos.explain:run",
            params=(DemoParam("note", str, help="what the learner should know instead"),),
        ),
    )
}

_TYPE_NAMES = {
    int: "an integer",
    float: "a number",
    str: "a string",
    bool: "true or false",
    list: "a list",
}


def _type_ok(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def validate_args(name: str, args: Mapping[str, Any]) -> list[str]:
    """Problems with a demo call, each a short sentence naming the argument; [] when fine."""
    spec = DEMOS.get(name)
    if spec is None:
        known = ", ".join(sorted(DEMOS))
        return [f"unknown demo {name!r} (known demos: {known})"]
    problems: list[str] = []
    declared = {param.name: param for param in spec.params}
    for key in args:
        if key not in declared:
            allowed = ", ".join(declared) or "none"
            problems.append(f"demo {name!r} has no argument {key!r} (arguments: {allowed})")
    for param in spec.params:
        if param.name not in args:
            if param.required:
                problems.append(f"demo {name!r} needs argument {param.name!r}")
            continue
        value = args[param.name]
        if not _type_ok(value, param.type):
            problems.append(
                f"demo {name!r} argument {param.name!r} must be {_TYPE_NAMES[param.type]}, "
                f"not {value!r}"
            )
        elif param.choices is not None and value not in param.choices:
            options = ", ".join(repr(choice) for choice in param.choices)
            problems.append(
                f"demo {name!r} argument {param.name!r} must be one of {options}, not {value!r}"
            )
    if not problems and spec.check is not None:
        problems.extend(spec.check(args))
    return problems


def with_defaults(name: str, args: Mapping[str, Any]) -> dict[str, Any]:
    spec = DEMOS[name]
    filled = {p.name: p.default for p in spec.params if not p.required}
    filled.update(args)
    return filled


def run_demo(name: str, args: Mapping[str, Any], *, seed: int = 0) -> DemoOutcome:
    """Run a demo by name; imports its module (and numpy) on first use."""
    problems = validate_args(name, args)
    if problems:
        raise ValueError("; ".join(problems))
    module_name, function_name = DEMOS[name].runner.split(":")
    runner = getattr(importlib.import_module(module_name), function_name)
    return runner(seed=seed, **with_defaults(name, args))
