"""The class report as text for a terminal, as CSV for a spreadsheet, and as JSON.

Every string in a report is already terminal-safe (``report`` made it so); CSV cells are
also kept from being read as formulas.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from tutor.classroom.report import SMALL_COUNT, ClassReport, Student
from tutor.classroom.safe import csv_cell
from tutor.show import plural, table

STUDENT_COLUMNS = [
    "learner",
    "login",
    "written_by",
    "position_lesson",
    "position_question",
    "position_of",
    "answered",
    "first_try_right",
    "skips",
    "hints",
    "unclear",
    "questions",
    "minutes",
    "last_active",
    "lessons_finished",
    "stuck",
    "stuck_reason",
    "impossible",
]
ITEM_COLUMNS = [
    "id",
    "term",
    "tried",
    "wrong_first_try",
    "wrong_first_try_share",
    "small",
    "skipped",
    "wrong_as_parameter",
    "wrong_as_hyperparameter",
    "examples",
]
LESSON_COLUMNS = ["id", "title", "started", "finished"]


def where(student: Student) -> str:
    position = student.position
    if not position:
        return "-"
    return f"{position['lesson']} Q{position['question']}/{position['of']}"


def short_time(timestamp: float, now: float) -> str:
    if not timestamp:
        return "-"
    moment = datetime.fromtimestamp(timestamp).astimezone()
    today = datetime.fromtimestamp(now).astimezone().date()
    return f"{moment:%H:%M}" if moment.date() == today else f"{moment:%Y-%m-%d %H:%M}"


def tried_label(row: dict[str, Any]) -> str:
    return f"{row['tried']} (few)" if row["small"] else str(row["tried"])


def wrong_as_label(row: dict[str, Any]) -> str:
    """How wrong answers were read: as parameter / as hyperparameter, and first-try skips."""
    label = f"{row['wrong_as']['parameter']}/{row['wrong_as']['hyperparameter']}"
    return label + (f" +{row['skipped']} skip" if row["skipped"] else "")


def item_label(row: dict[str, Any]) -> str:
    return f"{row['term']} ({row['id']})" if row["term"] else row["id"]


def as_text(report: ClassReport, title: str, now: float) -> str:
    stuck = [s for s in report.students if s.stuck]
    flagged = [s for s in report.students if s.impossible]
    scope = f", lesson {report.lesson_filter}" if report.lesson_filter else ""
    count = len(report.students)
    out = [f"Class report: {title}{scope}: {plural(count, 'student')}, {len(stuck)} stuck"]
    if stuck:
        out += ["", "Needs help now"]
        out += [f"  {s.learner} ({s.login}) at {where(s)}: {s.stuck_reason}" for s in stuck]
    if flagged:
        out += ["", "Impossible records (a journal its student can edit; check with them)"]
        for student in flagged:
            out += [f"  {student.learner} ({student.login}): {why}" for why in student.impossible]
    out += ["", "Students, stuck first"]
    out.append(
        table(
            [
                "learner",
                "login",
                "at",
                "answered",
                "1st try",
                "skips",
                "hints",
                "unclear",
                "minutes",
                "last active",
                "stuck",
            ],
            [
                [
                    s.learner,
                    s.login,
                    where(s),
                    s.answered,
                    s.first_try_right,
                    s.skips,
                    s.hints,
                    s.unclear,
                    s.minutes,
                    short_time(s.last_active, now),
                    "STUCK" if s.stuck else "",
                ]
                for s in report.students
            ],
        )
    )
    out += [
        "",
        "Items, most often wrong on the first try first "
        f"(tried by fewer than {SMALL_COUNT}: marked few, listed last)",
    ]
    out.append(
        table(
            ["item", "tried", "wrong 1st try", "wrong as P/H", "what students wrote"],
            [
                [
                    item_label(r),
                    tried_label(r),
                    f"{r['wrong_first_try_share']:.0%}",
                    wrong_as_label(r),
                    " | ".join(f'"{e}"' for e in r["examples"]),
                ]
                for r in report.items
            ],
        )
    )
    out += ["", "Lessons"]
    out.append(
        table(
            ["lesson", "title", "started", "finished"],
            [[r["id"], r["title"] or "", r["started"], r["finished"]] for r in report.lessons],
        )
    )
    return "\n".join(out)


def student_csv_row(student: Student) -> dict[str, Any]:
    row = student.to_dict()
    position = row.pop("position") or {}
    row["position_lesson"] = position.get("lesson", "")
    row["position_question"] = position.get("question", "")
    row["position_of"] = position.get("of", "")
    row["impossible"] = " | ".join(row["impossible"])
    return row


def item_csv_row(item: dict[str, Any]) -> dict[str, Any]:
    row = dict(item)
    wrong_as = row.pop("wrong_as")
    row["wrong_as_parameter"] = wrong_as["parameter"]
    row["wrong_as_hyperparameter"] = wrong_as["hyperparameter"]
    row["examples"] = " | ".join(row["examples"])
    return row


def as_csv(report: ClassReport) -> str:
    """Three tables (students, items, lessons), each after a blank line but the first."""
    sections = []
    for columns, rows in (
        (STUDENT_COLUMNS, [student_csv_row(s) for s in report.students]),
        (ITEM_COLUMNS, [item_csv_row(i) for i in report.items]),
        (LESSON_COLUMNS, report.lessons),
    ):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({name: csv_cell(row.get(name)) for name in columns})
        sections.append(buffer.getvalue())
    return "\n".join(sections)


def as_json(report: ClassReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
