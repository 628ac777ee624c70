"""The demo registry described for lesson authors: `tutor demos` and docs/authoring.md.

Generated from the registry and the probe's model catalog, so the documentation cannot drift
from what the loader accepts. Plain Python: no numpy is imported.
"""

from __future__ import annotations

import json
from typing import Any

from tutor.demos.catalog import MODELS
from tutor.demos.registry import DEMOS
from tutor.demos.spec import DemoParam

_TYPES = {int: "integer", float: "number", str: "string", bool: "boolean", list: "list"}


def _param(param: DemoParam) -> dict[str, Any]:
    return {
        "name": param.name,
        "type": _TYPES[param.type],
        "required": param.required,
        "default": None if param.required else param.default,
        "choices": list(param.choices) if param.choices is not None else None,
        "help": param.help,
    }


def demo_table() -> list[dict[str, Any]]:
    """Every demo a lesson may name, with its arguments (``tutor demos --json``)."""
    rows = []
    for spec in DEMOS.values():
        row: dict[str, Any] = {
            "name": spec.name,
            "summary": spec.summary,
            "arguments": [_param(param) for param in spec.params],
            "measures": [{"name": m.name, "help": m.help} for m in spec.measures],
        }
        if spec.name == "probe":
            row["models"] = [
                {
                    "model": entry.name,
                    "title": entry.title,
                    "quantities": list(entry.quantity_names),
                }
                for entry in MODELS.values()
            ]
        rows.append(row)
    return rows


def _value(value: Any) -> str:
    return json.dumps(value)


def _argument_line(arg: dict[str, Any]) -> str:
    when = "required" if arg["required"] else f"default `{_value(arg['default'])}`"
    choices = ""
    if arg["choices"] is not None and len(arg["choices"]) <= 6:
        choices = "; one of " + ", ".join(f"`{_value(choice)}`" for choice in arg["choices"])
    return f"- `{arg['name']}` ({arg['type']}, {when}{choices}): {arg['help']}"


def demos_markdown() -> str:
    """The demo reference as Markdown (the generated part of docs/authoring.md)."""
    parts: list[str] = []
    for row in demo_table():
        parts.append(f"### `{row['name']}`\n\n{row['summary']}\n")
        parts.append("\n".join(_argument_line(arg) for arg in row["arguments"]) or "No arguments.")
        if row["measures"]:
            parts.append("\nMeasures an `expect` claim may name:\n")
            parts.extend(f"- `{m['name']}`: {m['help']}" for m in row["measures"])
        if "models" in row:
            parts.append("\nModels and the quantities a probe can ask about:\n")
            parts.append("| model | what it is | quantities |\n|---|---|---|")
            parts.extend(
                f"| `{m['model']}` | {m['title']} | "
                + ", ".join(f"`{q}`" for q in m["quantities"])
                + " |"
                for m in row["models"]
            )
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def demos_text() -> str:
    """The demo reference for a terminal (``tutor demos``)."""
    lines: list[str] = []
    for row in demo_table():
        lines.append(f"{row['name']}: {row['summary']}")
        for arg in row["arguments"]:
            lines.append("  " + _argument_line(arg)[2:].replace("`", ""))
        if row["measures"]:
            lines.append("  measures: " + ", ".join(m["name"] for m in row["measures"]))
        for model in row.get("models", []):
            lines.append(f"    model {model['model']}: {', '.join(model['quantities'])}")
        lines.append("")
    return "\n".join(lines).rstrip()
