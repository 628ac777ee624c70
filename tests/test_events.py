"""The event contract: a closed union, rendered by every front end, pinned by a JSON Schema."""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, get_args, get_origin, get_type_hints

import pytest

from tests.helpers import ROOT
from tutor.core import events as ev
from tutor.headless import encode
from tutor.line.render import LineRenderer

SCHEMA_FILE = ROOT / "tutor" / "core" / "events.schema.json"


def sample_value(hint: Any) -> Any:
    """A value of a field's type, for building one instance of every kind."""
    origin = get_origin(hint)
    if hint is str:
        return "some *text* [b]"
    if hint is bool:
        return True
    if hint is int:
        return 1
    if hint is float:
        return 1.5
    if origin is Literal:
        return get_args(hint)[0]
    if origin in (types.UnionType, typing.Union):
        return sample_value(next(arg for arg in get_args(hint) if arg is not type(None)))
    if origin is list:
        return [sample_value(get_args(hint)[0])]
    if origin is dict:
        return {"name": sample_value(get_args(hint)[1])}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return sample(hint)
    raise TypeError(f"no sample for {hint!r}")


def sample(cls: type) -> Any:
    hints = get_type_hints(cls)
    return cls(**{f.name: sample_value(hints[f.name]) for f in dataclasses.fields(cls)})


SAMPLES = [sample(cls) for cls in ev.EVENT_TYPES]


@dataclass(frozen=True)
class Unknown(ev.EventBase):
    """A kind no front end knows: every renderer must refuse it loudly."""

    kind: ClassVar[str] = "unknown"
    text: str = "?"


def render_app(event: Any) -> object:
    from tutor.tui.terminal import UNICODE
    from tutor.tui.widgets.transcript import widget_for

    return widget_for(event, UNICODE)


RENDERERS = {
    "headless": encode,
    "line": LineRenderer(width=80).render,
    "app": render_app,
}


def test_the_union_is_every_event_class_and_each_kind_once() -> None:
    defined = {
        obj
        for obj in vars(ev).values()
        if isinstance(obj, type) and issubclass(obj, ev.EventBase) and obj is not ev.EventBase
    }
    assert set(ev.EVENT_TYPES) == defined
    assert len(ev.KINDS) == len(ev.EVENT_TYPES)


@pytest.mark.parametrize("front_end", RENDERERS)
@pytest.mark.parametrize("event", SAMPLES, ids=lambda e: e.kind)
def test_every_front_end_renders_every_kind(front_end: str, event: Any) -> None:
    shown = RENDERERS[front_end](event)
    if front_end == "app" and isinstance(event, ev.End):
        assert shown is None  # the app acts on End itself (leaves, or says what next)
    elif front_end == "line" and isinstance(event, ev.End):
        assert isinstance(shown, str) and shown.strip()
    else:
        assert shown, (front_end, event)
    if front_end == "headless":
        assert json.loads(str(shown))["event"] == event.kind


@pytest.mark.parametrize("front_end", RENDERERS)
def test_a_kind_no_front_end_knows_fails_loudly(front_end: str) -> None:
    with pytest.raises(AssertionError):
        RENDERERS[front_end](Unknown())


def test_the_line_renderer_names_every_end() -> None:
    render = LineRenderer(width=80).render
    assert "What next?" in render(ev.End("finished"))
    assert "Progress saved" in render(ev.End("quit")) and "Progress saved" in render(ev.End("eof"))


def test_line_mode_shows_the_closest_terms_like_the_app() -> None:
    event = ev.Knowledge("what is a gizmo?", None, None, "I don't know gizmo.", ["gamma"], False)
    assert "Closest terms I know: gamma" in LineRenderer(width=80).render(event)
    widget = render_app(event)
    assert "Closest terms I know: gamma" in widget.copy_text  # type: ignore[attr-defined]


def test_demo_series_are_typed_and_serialise_as_before() -> None:
    demo = ev.Demo("d", None, None, "t", series=[ev.PlotSeries("fit", [0.0], [1.0], "scatter")])
    assert demo.to_dict()["series"] == [
        {"label": "fit", "x": [0.0], "y": [1.0], "style": "scatter", "x_scale": "linear"}
    ]
    from tutor.demos.spec import PlotSeries

    assert PlotSeries is ev.PlotSeries  # one class for a series, not two


def test_the_checked_in_schema_is_generated_from_the_events() -> None:
    checked_in = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert checked_in == ev.headless_schema(), (
        "regenerate it: python -m tutor.core.events > tutor/core/events.schema.json"
    )


def test_every_event_matches_its_schema_variant() -> None:
    variants = {v["properties"]["event"]["const"]: v for v in ev.headless_schema()["oneOf"]}
    for event in SAMPLES:
        data = event.to_dict()
        variant = variants[data["event"]]
        assert sorted(data) == sorted(variant["properties"]) == sorted(variant["required"])
        for name, value in data.items():
            check(value, variant["properties"][name], f"{data['event']}.{name}")


def check(value: Any, schema: dict[str, Any], where: str) -> None:
    """The subset of JSON Schema the generator uses."""
    if "const" in schema:
        assert value == schema["const"], where
    elif "enum" in schema:
        assert value in schema["enum"], where
    elif "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                check(value, option, where)
                return
            except AssertionError as error:
                errors.append(error)
        raise AssertionError(where, errors)
    else:
        allowed = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        names = {
            bool: "boolean",
            int: "integer",
            float: "number",
            str: "string",
            list: "array",
            dict: "object",
            type(None): "null",
        }
        kind = names[type(value)]
        assert kind in allowed or (kind == "integer" and "number" in allowed), where
        if kind == "array":
            for item in value:
                check(item, schema["items"], where + "[]")
        if kind == "object" and "properties" not in schema:  # a mapping, e.g. a demo's args
            for name, inner in value.items():
                assert isinstance(name, str), where
                check(inner, schema["additionalProperties"], f"{where}.{name}")
        elif kind == "object":
            assert sorted(value) == sorted(schema["properties"]), where
            for name, inner in value.items():
                check(inner, schema["properties"][name], f"{where}.{name}")


def _without_parentheses(text: str) -> str:
    while True:
        shorter = re.sub(r"\([^()]*\)", "", text)
        if shorter == text:
            return text
        text = shorter


def readme_headless_table() -> dict[str, dict[str, set[str]]]:
    """Per kind in the README's table: each field, with the fields it lists inside it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Headless mode", 1)[1].split("\n## ", 1)[0]
    table: dict[str, dict[str, set[str]]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not re.fullmatch(r"`\w+`", cells[0]):
            continue
        fields = {name: set() for name in re.findall(r"`(\w+)`", _without_parentheses(cells[1]))}
        for name, inside in re.findall(r"`(\w+)` \(([^()]*)\)", cells[1]):
            fields[name] = {a or b for a, b in re.findall(r'"(\w+)"|`(\w+)`', inside)}
        table[cells[0].strip("`")] = fields
    return table


def _named_inside(schema: dict[str, Any]) -> set[str] | None:
    """What the README must list in parentheses after a field: a list's object fields, or
    the values of a closed set (None: nothing in particular)."""
    items = schema.get("items", {})
    if items.get("type") == "object":
        return set(items["properties"])
    if "enum" in schema:
        return set(schema["enum"])
    return None


def test_the_readme_names_exactly_the_kinds_and_fields_of_the_schema() -> None:
    readme = readme_headless_table()
    variants = {v["properties"]["event"]["const"]: v for v in ev.headless_schema()["oneOf"]}
    assert set(readme) == set(variants)
    for kind, variant in variants.items():
        properties = {k: v for k, v in variant["properties"].items() if k != "event"}
        assert set(readme[kind]) == set(properties), kind
        for name, schema in properties.items():
            inside = _named_inside(schema)
            if inside is not None:
                assert readme[kind][name] == inside, (kind, name)


def test_the_schema_file_is_what_the_generator_writes() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "tutor.core.events"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")
