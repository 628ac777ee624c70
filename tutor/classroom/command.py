"""``tutor report DIR``: the class report once (text, --csv, --json) or live (--watch)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tutor.classroom.journals import ClassReader, ClassReadError
from tutor.classroom.report import ClassReport, build_report
from tutor.core.lessons import LessonPack
from tutor.settings import Settings, UsageError, clock, open_pack


@dataclass
class ReportSource:
    """Everything needed to rebuild the report as journals grow (the live view polls it)."""

    reader: ClassReader
    pack: LessonPack | None
    lesson: str | None
    name: Callable[[str], str]
    now: Callable[[], float]

    def poll(self) -> bool:
        return self.reader.poll()

    anonymous: bool = False

    def report(self) -> ClassReport:
        return build_report(
            self.reader.journals,
            [self._hide_names(warning) for warning in self.reader.warnings],
            pack=self.pack,
            lesson=self.lesson,
            now=self.now(),
            name=self.name,
        )

    def _hide_names(self, warning: str) -> str:
        """A warning names its journal; an anonymous report names its pseudonym instead."""
        if not self.anonymous:
            return warning
        prefix = f"{self.reader.directory}{os.sep}"
        if not warning.startswith(prefix):
            return warning
        name, dot, rest = warning[len(prefix) :].partition(".jsonl")
        return f"{prefix}{self.name(name)}{dot}{rest}" if dot else warning


def open_source(directory: Path, settings: Settings, *, anonymous: bool) -> ReportSource:
    """Read the class directory once; UsageError (one line, exit 2) when it cannot be."""
    reader = ClassReader(directory)
    try:
        reader.poll()
    except ClassReadError as error:
        raise UsageError(str(error)) from None
    pack = open_pack(settings, strict=False)  # item terms, lesson titles and question counts
    name: Callable[[str], str] = str
    if anonymous:
        from tutor.classroom.pseudonyms import PseudonymKeyError, pseudonymiser

        try:
            name = pseudonymiser(directory)
        except PseudonymKeyError as error:
            raise UsageError(str(error)) from None
    return ReportSource(reader, pack, settings.lesson, name, clock(), anonymous)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from tutor.classroom.render import as_csv, as_json, as_text
    from tutor.classroom.safe import safe_text

    source = open_source(args.directory, settings, anonymous=args.anonymous)
    if getattr(args, "watch", False):
        from tutor.tui.class_view import run_class_view

        return run_class_view(source, safe_text(str(args.directory)))
    report = source.report()
    for warning in report.warnings:
        print(f"tutor: warning: {warning}", file=sys.stderr)
    if args.json:
        print(as_json(report))
    elif args.csv:
        sys.stdout.write(as_csv(report))
    else:
        print(as_text(report, safe_text(str(args.directory)), source.now()))
    return 0
