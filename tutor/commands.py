"""The one-shot subcommands: lessons, items, progress, reset, check, ask."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from tutor.core.lessons import Item, LessonPack
from tutor.core.progress import ProgressStore
from tutor.plain_text import json_safe
from tutor.settings import Settings, UsageError, open_pack, open_store
from tutor.show import cell, line, plural, print_markdown, table


def _table(headers: Sequence[str], rows: list[Sequence[Any]]) -> str:
    return table([cell(h) for h in headers], [[cell(c) for c in row] for row in rows])


def _print_json(data: Any) -> None:
    print(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))


def _lesson_rows(pack: LessonPack, store: ProgressStore) -> list[dict[str, Any]]:
    from tutor.core.standing import standings

    return [
        {
            "id": row.lesson,
            "title": row.title,
            "items": row.total,
            "status": row.status,
            "answered": row.answered,
            "correct_first_try": row.correct_first_try,
        }
        for row in standings(pack, store)
    ]


def lessons(args: argparse.Namespace, settings: Settings) -> int:
    pack = open_pack(settings, strict=False)
    store = open_store(settings, read_only=True)
    rows = _lesson_rows(pack, store)
    if args.json:
        _print_json(rows)
    else:
        print(
            _table(
                ["id", "title", "items", "progress"],
                [
                    (
                        r["id"],
                        r["title"],
                        r["items"],
                        f"{r['status']} ({r['correct_first_try']}/{r['items']} first try)",
                    )
                    for r in rows
                ],
            )
        )
    return 0


def _written_key(item: Item) -> str:
    """An item's key as the listing shows it: predict and number keys come from a live run."""
    if item.live_key:
        return f"(from the {item.demo.name} run)"
    return "; ".join(item.answers) if item.kind == "multi" else item.answer


def items(args: argparse.Namespace, settings: Settings) -> int:
    pack = open_pack(settings, strict=False)
    rows = [
        {
            "id": i.id,
            "term": i.term,
            "family": i.family,
            "model": i.model,
            "kind": i.kind,
            "answer": _written_key(i),
            "demo": i.demo.name,
        }
        for i in pack.items.values()
    ]
    if args.json:
        _print_json(rows)
    else:
        print(
            _table(
                ["id", "term", "family", "answer"],
                [(r["id"], r["term"], r["family"], r["answer"]) for r in rows],
            )
        )
    return 0


def progress(args: argparse.Namespace, settings: Settings) -> int:
    pack = open_pack(settings, strict=False)
    store = open_store(settings, read_only=True)
    rows = _lesson_rows(pack, store)
    attempts = store.attempts()
    summary: dict[str, Any] = {
        "learner": store.learner,
        "lessons_finished": sum(1 for r in rows if r["status"] == "done"),
        "lessons": rows,
        "attempts": len(attempts),
        "correct_first_try": sum(1 for a in attempts if a.first_try and a.correct),
    }
    if args.json:
        _print_json(summary)
        return 0
    print(
        f"Learner {cell(store.learner)}: {summary['lessons_finished']} of {len(rows)} lessons "
        f"finished, {plural(summary['correct_first_try'], 'item')} right on the first try "
        f"({plural(summary['attempts'], 'answer')} in all).\n"
    )
    print(
        _table(
            ["lesson", "status", "answered", "first try"],
            [
                (r["id"], r["status"], f"{r['answered']}/{r['items']}", r["correct_first_try"])
                for r in rows
            ],
        )
    )
    return 0


def reset(args: argparse.Namespace, settings: Settings) -> int:
    pack = open_pack(settings, strict=False)
    if settings.lesson is not None and pack.lesson(settings.lesson) is None:
        raise UsageError(f"unknown lesson {settings.lesson!r}")
    store = open_store(settings)
    what = f"lesson {settings.lesson!r}" if settings.lesson else "all lessons"
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(
                f"refusing to delete progress for {what} without a terminal to confirm; add --yes"
            )
        reply = input(f"Delete {cell(store.learner)}'s progress for {what}? [y/N] ")
        if reply.strip().lower() not in {"y", "yes"}:
            print("Nothing deleted.")
            return 0
    deleted = store.reset(settings.lesson)
    print(f"Deleted progress for {what} ({plural(deleted, 'answer')}).")
    return 0


def check(args: argparse.Namespace, settings: Settings) -> int:
    from tutor.pack_check import check_pack

    if args.pack is not None:
        settings.lessons_dir = args.pack
    try:
        pack = open_pack(settings, strict=True, use_cache=False)  # validate every file afresh
    except UsageError as error:
        if not args.json:
            raise
        _print_json({"ok": False, "problems": str(error).splitlines(), "lessons": []})
        return 2
    results = check_pack(pack, seed=settings.seed)
    failed = [r for r in results if not r.ok]
    if args.json:
        _print_json({"ok": not failed, "lessons": [r.to_dict() for r in results]})
    else:
        for result in results:
            mark = "ok  " if result.ok else "FAIL"
            verdicts = (
                f"{plural(result.demos_agreeing, 'live verdict')} agree with the key"
                if result.demos_agreeing
                else "explanations only, no live verdicts"
            )
            held = result.claims_holding
            claims = "" if not held else f", {plural(held, 'demo claim')}"
            claims += " holds" if held == 1 else " hold" if held else ""
            if result.live_keys:
                claims += f", {plural(result.live_keys, 'key')} from a live run"
            summary = f"{plural(result.questions, 'question')}, {verdicts}{claims}"
            print(f"{mark} {cell(result.lesson)}: {summary}")
            for failure in result.failures:
                print(f"     {line(failure)}")
        print(f"\n{len(results) - len(failed)} of {len(results)} passed.")
    return 1 if failed else 0


def ask(args: argparse.Namespace, settings: Settings) -> int:
    """One question, one answer: plain text, or with --json the contract in the README."""
    from tutor.core.knowledge import Knowledge
    from tutor.plain_text import plain_markdown

    pack = open_pack(settings, strict=False)
    question = " ".join(args.question).strip()
    if not question:
        raise UsageError('ask needs a question, e.g. tutor ask "what is a learning rate?"')
    from tutor.core.language import about_the_reader

    found = about_the_reader(question) or Knowledge(pack).ask(question)
    text = plain_markdown(found.text)  # the question may be quoted in it: shown, not obeyed
    if args.json:
        _print_json(
            {
                "answer": found.answer,
                "term": found.term,
                "model": found.model,
                "text": text,
                "suggestions": list(found.suggestions),
                "known": found.known,
            }
        )
        return 0
    print_markdown(found.text)  # styled on a colour terminal, plain text otherwise
    if found.suggestions:
        label = "Terms I can explain" if not found.known else "See also"
        if found.known or not any(name in text for name in found.suggestions):
            print(line(f"\n{label}: {', '.join(found.suggestions)}"))
    return 0


def demos(args: argparse.Namespace, settings: Settings) -> int:
    from tutor.demos.describe import demo_table, demos_text

    if args.json:
        _print_json(demo_table())
    else:
        print(demos_text())
    return 0


def _print_csv(headers: Sequence[str], rows: list[dict[str, Any]]) -> None:
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=list(headers), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


def report(args: argparse.Namespace, settings: Settings) -> int:
    from tutor.classroom.command import run

    return run(args, settings)


def export(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import datetime

    pack = open_pack(settings, strict=False)
    store = open_store(settings, read_only=True)
    attempts = [
        {
            "lesson": a.lesson,
            "item": a.item,
            "answer_text": a.answer_text,
            "understood": a.understood,
            "correct": a.correct,
            "skipped": a.skipped,
            "first_try": a.first_try,
            "at": datetime.fromtimestamp(a.at).astimezone().isoformat(timespec="seconds"),
        }
        for a in store.attempts()
    ]
    if args.csv:
        columns = [
            "lesson",
            "item",
            "answer_text",
            "understood",
            "correct",
            "skipped",
            "first_try",
            "at",
        ]
        _print_csv(columns, attempts)
        return 0
    record: dict[str, Any] = {
        "learner": store.learner,
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "lessons": _lesson_rows(pack, store),
        "attempts": attempts,
    }
    if args.json:
        _print_json(record)
        return 0
    done = sum(1 for row in record["lessons"] if row["status"] == "done")
    print(
        f"{cell(store.learner)}: {done} of {len(record['lessons'])} lessons finished, "
        f"{len(attempts)} answers. Use --json or --csv for a file to hand in."
    )
    print(
        _table(
            ["lesson", "status", "right 1st try"],
            [
                (r["id"], r["status"], f"{r['correct_first_try']}/{r['items']}")
                for r in record["lessons"]
            ],
        )
    )
    return 0


_COMMANDS = {
    "lessons": lessons,
    "items": items,
    "progress": progress,
    "reset": reset,
    "check": check,
    "ask": ask,
    "report": report,
    "export": export,
    "demos": demos,
}


def run(name: str, args: argparse.Namespace, settings: Settings) -> int:
    try:
        return _COMMANDS[name](args, settings)
    finally:
        for warning in settings.warnings:  # e.g. a lesson of the pack that could not load
            print(f"tutor: warning: {line(warning)}", file=sys.stderr)
