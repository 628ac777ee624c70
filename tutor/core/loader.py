"""Build a LessonPack from a directory of TOML files, validating everything.

Every problem is reported as ``path:line: message`` naming the field. Lessons are pure data:
a step may only name a demo from the registry, with arguments checked against its declared
parameters, so a lesson pack from anyone is safe to load.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tutor.core.lessons import (
    ANSWERS,
    NEITHER,
    QUESTION_KINDS,
    DemoCall,
    GlossaryEntry,
    Item,
    Lesson,
    LessonPack,
    Step,
)
from tutor.core.pack_files import PackFileError, check_structure, read_text
from tutor.core.toml_lines import TomlLines

ITEMS_FILE = "items.toml"
GLOSSARY_FILE = "glossary.toml"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class LessonPackError(Exception):
    """A lesson pack that cannot be used; ``problems`` are ``path:line: message`` strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "invalid lesson pack")
        self.problems = problems


def builtin_lessons_dir() -> Path:
    """The lessons shipped with the package (inside the wheel, or beside it in a checkout)."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "lessons"
    return installed if installed.is_dir() else here.parent / "lessons"


@dataclass
class _Field:
    name: str
    type: type | tuple[type, ...]
    required: bool = True


@dataclass
class _Report:
    problems: list[str] = field(default_factory=list)

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append(f"{path}:{line}: {message}")


_TYPE_WORDS: dict[Any, str] = {
    str: "a string",
    int: "an integer",
    list: "a list",
    dict: "a table",
    bool: "true or false",
    (int, float): "a number",
    (str, list): "a string or a list of strings",
}

_LESSON_FIELDS = [
    _Field("id", str),
    _Field("title", str),
    _Field("order", int),
    _Field("summary", str, required=False),
    _Field("steps", list),
]
MAX_CLAIM_LINES = 40  # how far below ``expect =`` its claims are looked for
_STEP_KEYS = {"say", "demo", "ask", "args", "expect"}
_ITEM_FIELDS = [
    _Field("id", str),
    _Field("term", str),
    _Field("family", str),
    _Field("model", str),
    _Field("answer", (str, list), required=False),  # required by kind: see _check_kind
    _Field("why", str),
    _Field("hint", str),
    _Field("demo", str),
    _Field("args", dict, required=False),
    _Field("question", str, required=False),
    _Field("aliases", list, required=False),
    _Field("note", str, required=False),
    _Field("kind", str, required=False),
    _Field("choices", list, required=False),
    _Field("neither", bool, required=False),
    _Field("decide", list, required=False),
    _Field("measure", str, required=False),
    _Field("tolerance", (int, float), required=False),
    _Field("unit", str, required=False),
]
MAX_CHOICES = 8
# The fields each kind of question uses beyond the common ones (id, term, why, hint, demo...).
_KIND_FIELDS: dict[str, set[str]] = {
    "classify": {"answer", "neither"},
    "choice": {"answer", "choices"},
    "multi": {"answer", "choices"},
    "predict": {"choices", "decide"},
    "number": {"measure", "tolerance", "unit"},
}
_TERM_FIELDS = [
    _Field("term", str),
    _Field("text", str),
    _Field("answer", str, required=False),
    _Field("aliases", list, required=False),
    _Field("see", list, required=False),
]


class _File:
    """One TOML file being validated: its data, its line finder and the shared report."""

    def __init__(self, path: Path, report: _Report) -> None:
        self.path = path
        self.report = report
        self.data: dict[str, Any] | None = None
        self.lines = TomlLines("")
        try:
            text = read_text(path, path.parent)  # a regular file of the pack, at most 1 MB
            check_structure(text)  # nesting and dotted keys that tomllib cannot bound
        except PackFileError as error:
            report.add(path, error.line, str(error))
            return
        import tomllib  # only when the cache misses: start-up stays fast

        self.lines = TomlLines(text)
        try:
            self.data = tomllib.loads(text)
        except RecursionError:
            report.add(path, 1, "tables or arrays nested too deeply; flatten them")
        except tomllib.TOMLDecodeError as error:
            match = _TOML_LINE.search(str(error))
            line = int(match.group(1)) if match else 1
            message = _TOML_LINE.sub("", str(error)).strip()
            report.add(path, line, f"TOML syntax error: {message}")

    def error(self, line: int, message: str) -> None:
        self.report.add(self.path, line, message)

    def check_fields(
        self, table: dict[str, Any], fields: list[_Field], where: tuple[str, int] | None
    ) -> bool:
        """Report unknown keys, missing fields and wrong types; True when all is well."""
        name, index = where if where else (None, 0)
        label = f"[[{name}]] #{index + 1}" if name else "lesson"
        ok = True
        known = {f.name for f in fields}
        for key in table:
            if key not in known:
                line = self.lines.key(key, name, index)
                self.error(line, f"unknown key {key!r} in {label} (allowed: {', '.join(known)})")
                ok = False
        for spec in fields:
            if spec.name not in table:
                if spec.required:
                    line = self.lines.table(name, index) if name else 1
                    self.error(line, f"missing field {spec.name!r} in {label}")
                    ok = False
                continue
            value = table[spec.name]
            if not isinstance(value, spec.type) or (
                isinstance(value, bool) and spec.type is not bool
            ):
                line = self.lines.key(spec.name, name, index)
                want = _TYPE_WORDS.get(spec.type, str(spec.type))
                self.error(line, f"field {spec.name!r} must be {want}, not {value!r}")
                ok = False
            elif (
                isinstance(value, list)
                and spec.name not in ("steps", "decide")
                and not all(isinstance(v, str) for v in value)
            ):
                line = self.lines.key(spec.name, name, index)
                self.error(line, f"field {spec.name!r} must be a list of strings")
                ok = False
        return ok


def _demo_call(file: _File, table: dict[str, Any], where: tuple[str, int]) -> DemoCall | None:
    from tutor.demos.registry import validate_args

    name, args = table["demo"], table.get("args", {})
    if not isinstance(name, str):
        file.error(file.lines.key("demo", *where), f"field 'demo' must be a string, not {name!r}")
        return None
    if not isinstance(args, dict):
        file.error(file.lines.key("args", *where), f"field 'args' must be a table, not {args!r}")
        return None
    problems = validate_args(name, args)
    for problem in problems:
        key = "args" if "argument" in problem and "args" in table else "demo"
        file.error(file.lines.key(key, *where), problem)
    return None if problems else DemoCall(name, MappingProxyType(dict(args)))


def _expectations(
    file: _File, table: dict[str, Any], where: tuple[str, int], demo: DemoCall | None
) -> tuple[MappingProxyType[str, Any], ...] | None:
    """A demo step's claims (``expect``), validated against the demo's measures."""
    if "expect" not in table:
        return ()
    if demo is None:
        return None
    from tutor.demos.claims import validate

    problems = validate(demo.name, table["expect"])
    start = file.lines.key("expect", *where)
    for number, problem in problems:
        file.error(_claim_line(file, start, number), problem)
    if problems:
        return None
    return tuple(MappingProxyType(dict(claim)) for claim in table["expect"])


def _claim_line(file: _File, start: int, number: int) -> int:
    """The line of the number-th claim of an ``expect`` list written one claim per line,
    or the line of ``expect`` itself."""
    lines = file.lines.lines
    claims: list[int] = []
    for line_number in range(start, min(start + MAX_CLAIM_LINES, len(lines)) + 1):
        text = lines[line_number - 1]
        if line_number > start and text.lstrip().startswith("[["):
            break  # the next step: the claims were all on the lines above
        if "measure" in text:
            claims.append(line_number)
    if number < 1 or len(claims) < number or claims[0] == start:
        return start
    return claims[number - 1]


def _check_id(file: _File, value: str, line: int, seen: dict[str, str], kind: str) -> bool:
    if not _ID.match(value):
        file.error(line, f"{kind} id {value!r} must be lowercase letters, digits and '-'")
        return False
    if value in seen:
        file.error(line, f"duplicate {kind} id {value!r} (first defined at {seen[value]})")
        return False
    seen[value] = f"{file.path}:{line}"
    return True


def _load_items(file: _File, items: dict[str, Item], seen: dict[str, str]) -> None:
    if file.data is None:
        return
    for key in file.data:
        if key != "items":
            file.error(file.lines.key(key), f"unknown key {key!r} (an item bank has [[items]])")
    tables = file.data.get("items", [])
    if not isinstance(tables, list):
        file.error(file.lines.key("items"), "'items' must be an array of tables [[items]]")
        return
    for index, table in enumerate(tables):
        where = ("items", index)
        if not isinstance(table, dict):
            file.error(file.lines.key("items"), "'items' must be an array of tables [[items]]")
            return
        # check everything about the item, so one run reports all of its problems
        ok = file.check_fields(table, _ITEM_FIELDS, where)
        line = file.lines.table("items", index)
        if isinstance(table.get("id"), str):
            ok &= _check_id(file, table["id"], file.lines.key("id", *where), seen, "item")
        demo = _demo_call(file, table, where) if isinstance(table.get("demo"), str) else None
        kind_fields = _check_kind(file, table, where, demo) if ok else None
        if not ok or demo is None or kind_fields is None:
            continue
        items[table["id"]] = Item(
            id=table["id"],
            term=table["term"],
            family=table["family"],
            model=table["model"],
            answer=kind_fields.pop("answer", ""),
            why=table["why"],
            hint=table["hint"],
            demo=demo,
            question=table.get("question", ""),
            aliases=tuple(table.get("aliases", ())),
            note=table.get("note", ""),
            source=f"{file.path}:{line}",
            **kind_fields,
        )


def _check_kind(
    file: _File, table: dict[str, Any], where: tuple[str, int], demo: DemoCall | None
) -> dict[str, Any] | None:
    """The kind-specific fields of an item, validated; None (with errors reported) if bad."""
    kind = table.get("kind", "classify")
    at = file.lines.table(*where)

    def line_of(key: str) -> int:
        return file.lines.key(key, *where) if key in table else at

    if kind not in QUESTION_KINDS:
        file.error(
            line_of("kind"),
            f"field 'kind' must be one of {', '.join(QUESTION_KINDS)}, not {kind!r}",
        )
        return None
    ok = True
    for key in sorted(set().union(*_KIND_FIELDS.values()) - _KIND_FIELDS[kind]):
        if key in table:
            file.error(line_of(key), f"field {key!r} does not belong to a {kind} item")
            ok = False
    if kind != "classify" and "question" not in table:
        file.error(at, f"missing field 'question' in a {kind} item (the text to ask)")
        ok = False
    if kind in ("choice", "multi", "classify") and "answer" not in table:
        file.error(at, f"missing field 'answer' in a {kind} item (the key)")
        return None
    if not ok:
        return None
    if kind == "classify":
        return _classify_fields(file, table, line_of)
    if kind == "number":
        return _number_fields(file, table, line_of, demo)
    choices = _choices(file, table, line_of)
    if choices is None:
        return None
    fields: dict[str, Any] = {"kind": kind, "choices": choices}
    if kind == "predict":
        decide = _decide(file, table, line_of, demo, choices)
        if decide is None:
            return None
        return {**fields, "decide": decide}
    answer = table["answer"]
    keys = [answer] if isinstance(answer, str) else answer
    if kind == "choice" and not isinstance(answer, str):
        file.error(line_of("answer"), "field 'answer' of a choice item must be one choice's text")
        return None
    if kind == "multi" and not keys:
        file.error(line_of("answer"), "field 'answer' must name at least one choice")
        return None
    for key in keys:
        if key not in choices:
            file.error(
                line_of("answer"),
                f"the key {key!r} is not among the choices ({', '.join(map(repr, choices))})",
            )
            return None
    if kind == "multi":
        return {**fields, "answers": tuple(c for c in choices if c in keys)}
    return {**fields, "answer": answer}


def _classify_fields(file: _File, table: dict[str, Any], line_of: Any) -> dict[str, Any] | None:
    neither = table.get("neither", False)
    answer = table["answer"]
    allowed = (*ANSWERS, NEITHER) if neither else ANSWERS
    if answer not in allowed:
        words = " or ".join(f'"{a}"' for a in allowed)
        extra = "" if neither else ' ("neither" needs neither = true)'
        file.error(line_of("answer"), f"field 'answer' must be {words}, not {answer!r}{extra}")
        return None
    return {"answer": answer, "choices": allowed}


def _choices(file: _File, table: dict[str, Any], line_of: Any) -> tuple[str, ...] | None:
    choices = table.get("choices")
    if choices is None:
        file.error(line_of("choices"), "missing field 'choices' (the labelled choices to offer)")
        return None
    cleaned = [choice.strip() for choice in choices]
    if not 2 <= len(cleaned) <= MAX_CHOICES:
        file.error(
            line_of("choices"),
            f"field 'choices' needs 2 to {MAX_CHOICES} choices, not {len(cleaned)}",
        )
        return None
    if any(not choice for choice in cleaned) or len(set(map(str.lower, cleaned))) < len(cleaned):
        file.error(line_of("choices"), "field 'choices' must hold distinct, non-empty choices")
        return None
    return tuple(cleaned)


def _decide(
    file: _File,
    table: dict[str, Any],
    line_of: Any,
    demo: DemoCall | None,
    choices: tuple[str, ...],
) -> tuple[MappingProxyType[str, Any], ...] | None:
    """A predict item's rules: each names a choice and a claim about the demo's numbers."""
    from tutor.demos.claims import validate

    rules = table.get("decide")
    if not isinstance(rules, list) or not rules:
        file.error(
            line_of("decide"),
            "missing field 'decide': which measure of the demo decides which choice, such as "
            '[{ choice = "blow up", measure = "diverged_runs", at_least = 1 }]',
        )
        return None
    if demo is None:
        return None
    ok = True
    claims: list[Any] = []
    for number, rule in enumerate(rules, start=1):
        if not isinstance(rule, dict) or "choice" not in rule:
            file.error(line_of("decide"), f"rule {number} of 'decide' needs 'choice'")
            ok = False
            continue
        if rule["choice"] not in choices:
            file.error(
                line_of("decide"),
                f"rule {number} of 'decide': the choice {rule['choice']!r} is not among the "
                f"choices ({', '.join(map(repr, choices))})",
            )
            ok = False
        claims.append({key: value for key, value in rule.items() if key != "choice"})
    for _number, problem in validate(demo.name, claims) if ok else []:
        file.error(line_of("decide"), problem.replace("'expect'", "'decide'"))
        ok = False
    return tuple(MappingProxyType(dict(rule)) for rule in rules) if ok else None


def _number_fields(
    file: _File, table: dict[str, Any], line_of: Any, demo: DemoCall | None
) -> dict[str, Any] | None:
    from tutor.demos.registry import DEMOS

    ok = True
    for key in ("measure", "tolerance"):
        if key not in table:
            file.error(line_of(key), f"missing field {key!r} in a number item")
            ok = False
    if not ok or demo is None:
        return None
    known = sorted(measure.name for measure in DEMOS[demo.name].measures)
    if table["measure"] not in known:
        file.error(
            line_of("measure"),
            f"demo {demo.name!r} has no measure {table['measure']!r} "
            f"(measures: {', '.join(known) or 'none'})",
        )
        ok = False
    tolerance = table["tolerance"]
    if not tolerance > 0 or tolerance != tolerance:
        file.error(line_of("tolerance"), f"field 'tolerance' must be positive, not {tolerance!r}")
        ok = False
    if not ok:
        return None
    return {
        "kind": "number",
        "choices": (),
        "measure": table["measure"],
        "tolerance": float(tolerance),
        "unit": table.get("unit", ""),
    }


def _load_glossary(file: _File) -> list[GlossaryEntry]:
    if file.data is None:
        return []
    entries: list[GlossaryEntry] = []
    for key in file.data:
        if key != "terms":
            file.error(file.lines.key(key), f"unknown key {key!r} (a glossary has [[terms]])")
    for index, table in enumerate(file.data.get("terms", [])):
        where = ("terms", index)
        if not file.check_fields(table, _TERM_FIELDS, where):
            continue
        answer = table.get("answer")
        if answer is not None and answer not in ANSWERS:
            file.error(
                file.lines.key("answer", *where),
                f'field \'answer\' must be "parameter" or "hyperparameter", not {answer!r}',
            )
            continue
        entries.append(
            GlossaryEntry(
                term=table["term"],
                text=table["text"],
                answer=answer,
                aliases=tuple(table.get("aliases", ())),
                see=tuple(table.get("see", ())),
                source=f"{file.path}:{file.lines.table('terms', index)}",
            )
        )
    return entries


def _load_lesson(file: _File, items: dict[str, Item], seen: dict[str, str]) -> Lesson | None:
    data = file.data
    if data is None or not file.check_fields(data, _LESSON_FIELDS, None):
        return None
    if not _check_id(file, data["id"], file.lines.key("id"), seen, "lesson"):
        return None
    steps: list[Step] = []
    ok = True
    for index, table in enumerate(data["steps"]):
        where = ("steps", index)
        line = file.lines.table("steps", index)
        if not isinstance(table, dict):
            file.error(file.lines.key("steps"), "'steps' must be an array of tables [[steps]]")
            return None
        unknown = [key for key in table if key not in _STEP_KEYS]
        for key in unknown:
            file.error(
                file.lines.key(key, *where),
                f"unknown key {key!r} in step {index + 1} (use say, demo + args, or ask)",
            )
        kinds = [key for key in ("say", "demo", "ask") if key in table]
        if len(kinds) != 1:
            file.error(
                line,
                f"step {index + 1} must have exactly one of say, demo or ask"
                + (f" (has {', '.join(kinds)})" if kinds else ""),
            )
            ok = False
            continue
        kind = kinds[0]
        for key in ("args", "expect"):
            if key in table and kind != "demo":
                file.error(file.lines.key(key, *where), f"{key!r} belongs to a demo step only")
                ok = False
        if unknown:
            ok = False
            continue
        value = table[kind]
        if kind != "demo" and not isinstance(value, str):
            file.error(file.lines.key(kind, *where), f"field {kind!r} must be a string")
            ok = False
            continue
        source = f"{file.path}:{line}"
        if kind == "say":
            steps.append(Step("say", text=value, source=source))
        elif kind == "ask":
            if value not in items:
                file.error(
                    file.lines.key("ask", *where),
                    f"item {value!r} is referenced but not defined in the item bank",
                )
                ok = False
                continue
            steps.append(Step("ask", item=value, source=source))
        else:
            demo = _demo_call(file, table, where)
            expect = _expectations(file, table, where, demo)
            if demo is None or expect is None:
                ok = False
                continue
            steps.append(Step("demo", demo=demo, source=source, expect=expect))
    if not ok:
        return None
    if not steps:
        file.error(file.lines.key("steps"), "a lesson needs at least one step")
        return None
    return Lesson(
        id=data["id"],
        title=data["title"],
        order=data["order"],
        summary=data.get("summary", ""),
        steps=tuple(steps),
        source=str(file.path),
    )


def _read_pack(root: Path, report: _Report) -> LessonPack:
    builtin = builtin_lessons_dir()
    items: dict[str, Item] = {}
    item_ids: dict[str, str] = {}
    items_path = root / ITEMS_FILE
    if not items_path.exists() and root.resolve() != builtin.resolve():
        items_path = builtin / ITEMS_FILE  # a pack without its own item bank uses ours
    _load_items(_File(items_path, report), items, item_ids)
    glossary_path = root / GLOSSARY_FILE
    if not glossary_path.exists():
        glossary_path = builtin / GLOSSARY_FILE
    glossary = _load_glossary(_File(glossary_path, report)) if glossary_path.exists() else []
    lessons: list[Lesson] = []
    lesson_ids: dict[str, str] = {}
    for path in sorted(root.glob("*.toml")):
        if path.name in (ITEMS_FILE, GLOSSARY_FILE):
            continue
        lesson = _load_lesson(_File(path, report), items, lesson_ids)
        if lesson is not None:
            lessons.append(lesson)
    lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    lessons = _within_demo_budget(lessons, report)
    return LessonPack(tuple(lessons), MappingProxyType(items), tuple(glossary), root)


DEMO_BUDGET_SECONDS = 20.0  # all the demo steps of a pack's lessons (the built-in: under 1 s)


def _within_demo_budget(lessons: list[Lesson], report: _Report) -> list[Lesson]:
    """The lessons whose demo steps, added up in order, fit the pack's demo budget.

    Each demo's arguments are bounded, but a pack of many heavy steps could keep a learner
    waiting for hours; a lesson that would go over the budget is refused at that step.
    """
    from tutor.demos.registry import estimated_seconds

    kept: list[Lesson] = []
    total = 0.0
    for lesson in lessons:
        spent = total
        over = None
        for step in lesson.steps:
            if step.demo is not None:
                spent += estimated_seconds(step.demo.name, step.demo.args)
                if spent > DEMO_BUDGET_SECONDS and over is None:
                    over = step
        if over is not None:
            report.problems.append(
                f"{over.source}: the pack's demo steps would take about {spent:.0f} s to run, "
                f"over the budget of {DEMO_BUDGET_SECONDS:.0f} s for a pack; use fewer demo "
                "steps or smaller arguments (epochs, neurons, iterations)"
            )
            continue
        total = spent
        kept.append(lesson)
    return kept


def _sources(root: Path) -> list[Path]:
    builtin = builtin_lessons_dir()
    return [*root.glob("*.toml"), builtin / ITEMS_FILE, builtin / GLOSSARY_FILE]


def load_pack_lenient(
    root: Path | None = None, *, use_cache: bool = True
) -> tuple[LessonPack, list[str]]:
    """Load what is usable and return the problems too (for interactive front ends)."""
    root = root or builtin_lessons_dir()
    if not root.is_dir():
        return LessonPack((), MappingProxyType({}), (), root), [
            f"{root}: not a directory of lesson files (check --lessons / TUTOR_LESSONS)"
        ]

    if not os.access(root, os.R_OK | os.X_OK):
        return LessonPack((), MappingProxyType({}), (), root), [
            f"{root}: cannot read this lesson directory (permission denied)"
        ]

    def load() -> tuple[LessonPack, list[str]]:
        report = _Report()
        try:
            pack = _read_pack(root, report)
        except OSError as error:
            problem = f"{error.filename or root}: cannot read ({error.strerror})"
            return LessonPack((), MappingProxyType({}), (), root), [problem]
        if not pack.lessons and not report.problems:
            report.problems.append(f"{root}: no lesson files (*.toml) found")
        return pack, report.problems

    if not use_cache:
        return load()
    from tutor.core.pack_cache import cached

    return cached(root, _sources(root), load)


def load_pack(root: Path | None = None, *, use_cache: bool = True) -> LessonPack:
    """Load a lesson pack, raising LessonPackError listing every problem."""
    pack, problems = load_pack_lenient(root, use_cache=use_cache)
    if problems:
        raise LessonPackError(problems)
    return pack


__all__: list[str] = ["LessonPackError", "builtin_lessons_dir", "load_pack", "load_pack_lenient"]
