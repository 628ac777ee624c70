"""The teacher's class report: who needs help, and which items the class gets wrong.

Built from checked journal records (``journals``) and the lesson pack (for item terms and
each lesson's questions). Every text field is made safe for a terminal here, once, so each
output format (text, CSV, JSON, the live view) prints the same safe values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from tutor.classroom.journals import Journal, Record
from tutor.classroom.safe import safe_text
from tutor.core.lessons import LessonPack

# A student is stuck after this many wrong or skipped answers in a row ...
STUCK_WRONG_IN_A_ROW = 3
# ... or this long on one open question while still active (seconds).
STUCK_SECONDS_ON_QUESTION = 10 * 60
# Without a record for this long a student counts as away, not working.
IDLE_SECONDS = 15 * 60
# Gaps between records longer than this count only this much as time on task.
TASK_GAP_SECONDS = 5 * 60
# Items tried by fewer students are marked small and never ranked above the others.
SMALL_COUNT = 3
# Times may step back this much between two sessions of one learner writing at once.
CLOCK_SLACK_SECONDS = 5.0
MAX_EXAMPLES = 3
MAX_RECENT = 30
NAME_CHARS = 60
EXAMPLE_CHARS = 120


@dataclass
class Line:
    """One thing a student did, and what the tutor answered, for the drill-down."""

    at: float
    lesson: str
    item: str
    wrote: str
    tutor: str


@dataclass
class Student:
    learner: str
    login: str
    written_by: str
    position: dict[str, Any] | None = None
    answered: int = 0
    first_try_right: int = 0
    skips: int = 0
    hints: int = 0
    unclear: int = 0
    questions: int = 0
    minutes: float = 0.0
    last_active: float = 0.0
    lessons_finished: int = 0
    stuck: bool = False
    stuck_reason: str | None = None
    impossible: list[str] = field(default_factory=list)
    recent: list[Line] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "login": self.login,
            "written_by": self.written_by,
            "position": self.position,
            "answered": self.answered,
            "first_try_right": self.first_try_right,
            "skips": self.skips,
            "hints": self.hints,
            "unclear": self.unclear,
            "questions": self.questions,
            "minutes": self.minutes,
            "last_active": iso(self.last_active) if self.last_active else None,
            "lessons_finished": self.lessons_finished,
            "stuck": self.stuck,
            "stuck_reason": self.stuck_reason,
            "impossible": self.impossible,
        }


@dataclass
class ClassReport:
    students: list[Student]
    items: list[dict[str, Any]]
    lessons: list[dict[str, Any]]
    warnings: list[str]
    lesson_filter: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lesson": self.lesson_filter,
            "students": [student.to_dict() for student in self.students],
            "items": self.items,
            "lessons": self.lessons,
            "warnings": self.warnings,
        }


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")


def _time_on_task(records: list[Record]) -> float:
    seconds = sum(
        min(later.at - earlier.at, TASK_GAP_SECONDS)
        for earlier, later in pairwise(records)
        if later.at > earlier.at
    )
    return round(seconds / 60, 1)


def _stuck_reason(records: list[Record], now: float) -> str | None:
    attempts = [r for r in records if r.kind == "attempt"]
    run: list[Record] = []
    for attempt in reversed(attempts):
        if attempt.correct:
            break
        run.append(attempt)
    if len(run) >= STUCK_WRONG_IN_A_ROW:
        if len({r.item for r in run}) == 1:
            return f"{len(run)} wrong in a row on {safe_text(run[0].item or '', NAME_CHARS)}"
        skipped = sum(r.skipped for r in run)
        what = "wrong or skipped" if skipped else "wrong"
        return f"{len(run)} {what} in a row"
    asks = [r for r in records if r.kind == "ask"]
    if not asks:
        return None
    ask = asks[-1]
    answered = any(r.item == ask.item and r.at >= ask.at for r in attempts)
    if answered:
        return None
    last = records[-1].at
    until = now if now - last < IDLE_SECONDS else last  # still at it, or gone since
    on_it = until - ask.at
    if on_it >= STUCK_SECONDS_ON_QUESTION:
        lesson = safe_text(ask.lesson or "", NAME_CHARS)
        return f"{int(on_it // 60)} minutes on question {ask.number} of {lesson}"
    return None


def _impossible(records: list[Record], pack: LessonPack | None) -> list[str]:
    """What no real session writes: the report cannot trust a student's own journal."""
    found: list[str] = []
    previous: Record | None = None
    for record in records:
        if previous is not None and record.at < previous.at - CLOCK_SLACK_SECONDS:
            found.append(
                f"times out of order (line {record.line} is earlier than line {previous.line})"
            )
            break
        previous = record
    answered: dict[str, set[str]] = {}
    for record in sorted(records, key=lambda r: r.at):
        lesson = record.lesson or ""
        known_lesson = pack.lesson(lesson) if pack is not None else None
        if known_lesson is not None and record.kind in ("attempt", "ask"):
            shown, item = safe_text(lesson, NAME_CHARS), safe_text(record.item or "", NAME_CHARS)
            if record.item not in known_lesson.item_ids:
                found.append(
                    f"{item} in lesson {shown}, which does not ask it (line {record.line})"
                )
            elif record.kind == "ask" and (
                record.of != len(known_lesson.ask_steps) or not 1 <= record.number <= record.of
            ):
                found.append(
                    f"question {record.number} of {record.of} in lesson {shown}, which has "
                    f"{len(known_lesson.ask_steps)} (line {record.line})"
                )
        if record.kind == "attempt":
            answered.setdefault(lesson, set()).add(record.item or "")
        elif record.kind == "lesson_end" and not record.drill and pack is not None:
            known = pack.lesson(lesson)
            shown = safe_text(lesson, NAME_CHARS)
            if known is None:
                found.append(f"finished lesson {shown!r}, which is not in the course")
                continue
            needed = set(known.item_ids)
            done = len(needed & answered.get(lesson, set()))
            if done < len(needed):
                found.append(
                    f"finished lesson {shown} having answered {done} of its "
                    f"{len(needed)} questions (line {record.line})"
                )
    return list(dict.fromkeys(found))[:10]


def _describe(record: Record, pack: LessonPack | None) -> Line | None:
    item = record.item or ""
    known = pack.items.get(item) if pack is not None and item else None
    if record.kind == "attempt":
        two_boxes = known is not None and known.answer in ("parameter", "hyperparameter")
        if record.skipped:
            wrote, tutor = "skip", f"revealed: {known.answer}" if known else "revealed the answer"
            if known is not None and not two_boxes:
                tutor = "revealed the answer"  # neither, a choice, a prediction or a number
        else:
            wrote = record.text
            reading = f"read as {record.understood}" if record.understood else "read"
            verdict = "right" if record.correct else "not right"
            if known is not None and two_boxes and not record.correct:
                verdict += f" (it is a {known.answer})"
            tutor = f"{reading}: {verdict}"
    elif record.kind == "hint":
        wrote, tutor = "hint", f"hint: {known.hint}" if known else "gave a hint"
    elif record.kind == "unclear":
        wrote, tutor = record.text, f"asked to rephrase ({record.detail or 'unclear'})"
    elif record.kind == "question":
        wrote = record.text
        tutor = f"answered about {record.detail}" if record.detail else "answered the question"
    elif record.kind == "lesson_end":
        wrote, tutor = "", f"finished the lesson ({record.number} right first try)"
    else:
        return None
    return Line(
        record.at,
        safe_text(record.lesson or "", NAME_CHARS),
        safe_text(item, NAME_CHARS),
        safe_text(wrote, EXAMPLE_CHARS),
        safe_text(tutor, EXAMPLE_CHARS),
    )


def _student(
    journal: Journal,
    learner: str,
    login: str,
    all_records: list[Record],
    records: list[Record],
    pack: LessonPack | None,
    now: float,
) -> Student:
    student = Student(
        safe_text(learner, NAME_CHARS), safe_text(login, NAME_CHARS), journal.written_by
    )
    firsts: dict[str, Record] = {}
    for record in records:
        if record.kind == "attempt":
            if record.skipped:
                student.skips += 1
            else:
                student.answered += 1
            firsts.setdefault(record.item or "", record)
        elif record.kind == "hint":
            student.hints += 1
        elif record.kind == "unclear":
            student.unclear += 1
        elif record.kind == "question":
            student.questions += 1
        elif record.kind == "ask":
            student.position = {
                "lesson": safe_text(record.lesson or "", NAME_CHARS),
                "question": record.number,
                "of": record.of,
            }
    student.first_try_right = sum(1 for r in firsts.values() if r.correct and not r.skipped)
    student.lessons_finished = len(
        {r.lesson for r in records if r.kind == "lesson_end" and not r.drill}
    )
    if records:
        student.last_active = records[-1].at
        student.minutes = _time_on_task(records)
        student.stuck_reason = _stuck_reason(records, now)
        student.stuck = student.stuck_reason is not None
    student.impossible = _impossible(all_records, pack)
    student.recent = [
        line for line in (_describe(r, pack) for r in records[-MAX_RECENT:]) if line is not None
    ]
    return student


def _item_rows(
    per_student: Iterable[list[Record]], pack: LessonPack | None
) -> list[dict[str, Any]]:
    firsts: dict[str, list[Record]] = {}
    wrong: dict[str, list[Record]] = {}
    for records in per_student:
        seen: set[str] = set()
        for record in records:
            if record.kind != "attempt":
                continue
            item = record.item or ""
            if item not in seen:
                seen.add(item)
                firsts.setdefault(item, []).append(record)
            if not record.correct and not record.skipped:
                wrong.setdefault(item, []).append(record)
    rows: list[dict[str, Any]] = []
    for item, first in firsts.items():
        missed = [r for r in first if not r.correct]
        answers = wrong.get(item, [])
        readings = Counter(r.understood for r in answers)
        texts: Counter[str] = Counter()
        spelling: dict[str, str] = {}  # the same answer in other case or spacing counts once
        for answer in answers:
            text = " ".join(answer.text.split())
            if text:
                texts[text.lower()] += 1
                spelling.setdefault(text.lower(), text)
        ranked = [spelling[key] for key in sorted(texts, key=lambda k: (-texts[k], -len(k), k))]
        known = pack.items.get(item) if pack is not None else None
        rows.append(
            {
                "id": safe_text(item, NAME_CHARS),
                "term": safe_text(known.term, NAME_CHARS) if known else None,
                "tried": len(first),
                "wrong_first_try": len(missed),
                "wrong_first_try_share": round(len(missed) / len(first), 3),
                "small": len(first) < SMALL_COUNT,
                "skipped": sum(1 for r in first if r.skipped),
                "wrong_as": {
                    "parameter": readings.get("parameter", 0),
                    "hyperparameter": readings.get("hyperparameter", 0),
                },
                "examples": [safe_text(text, EXAMPLE_CHARS) for text in ranked[:MAX_EXAMPLES]],
            }
        )
    rows.sort(key=lambda r: (r["small"], -r["wrong_first_try_share"], -r["tried"], r["id"]))
    return rows


def _lesson_rows(
    per_student: list[list[Record]], pack: LessonPack | None, lesson_filter: str | None
) -> list[dict[str, Any]]:
    started: Counter[str] = Counter()
    finished: Counter[str] = Counter()
    for records in per_student:
        started.update({r.lesson or "" for r in records if r.kind in ("ask", "attempt")})
        finished.update({r.lesson or "" for r in records if r.kind == "lesson_end" and not r.drill})
    order = [lesson.id for lesson in pack.lessons] if pack is not None else []
    ids = [i for i in order if i in started or i in finished]
    ids += sorted((set(started) | set(finished)) - set(order))
    if lesson_filter is not None:
        ids = [i for i in ids if i == lesson_filter] or [lesson_filter]
    rows = []
    for lesson_id in ids:
        known = pack.lesson(lesson_id) if pack is not None else None
        rows.append(
            {
                "id": safe_text(lesson_id, NAME_CHARS),
                "title": safe_text(known.title, NAME_CHARS) if known else None,
                "started": started[lesson_id],
                "finished": finished[lesson_id],
            }
        )
    return rows


def build_report(
    journals: list[Journal],
    warnings: list[str],
    *,
    pack: LessonPack | None = None,
    lesson: str | None = None,
    now: float,
    name: Callable[[str], str] = lambda text: text,
) -> ClassReport:
    """The report over checked journals; ``lesson`` keeps only that lesson's records."""
    students: list[Student] = []
    per_student: list[list[Record]] = []
    for journal in journals:
        # a learner name typed under a login stays apart from the same name under another
        by_learner: dict[str, list[Record]] = {}
        for record in journal.records:
            by_learner.setdefault(record.learner, []).append(record)
        for learner, records in by_learner.items():
            records = sorted(records, key=lambda r: (r.at, r.line))
            chosen = [r for r in records if lesson is None or r.lesson == lesson]
            if lesson is not None and not chosen:
                continue
            student = _student(
                journal,
                name(learner),
                name(records[0].login),
                by_learner[learner],
                chosen,
                pack,
                now,
            )
            students.append(student)
            per_student.append(chosen)
    students.sort(key=lambda s: (not s.stuck, not s.impossible, s.learner, s.login))
    return ClassReport(
        students,
        _item_rows(per_student, pack),
        _lesson_rows(per_student, pack, lesson),
        [safe_text(warning) for warning in warnings],
        lesson,
    )
