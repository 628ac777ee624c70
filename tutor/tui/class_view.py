"""``tutor report DIR --watch``: the class as it works, for the teacher, at 80x24 over SSH.

Students who need help come first; Enter opens a student's recent lines and what the tutor
answered; below, the items the class gets wrong with what students wrote. The journals are
polled (every two seconds by default) and read incrementally in a thread worker, and the
tables are rebuilt only when a journal changed (or every half minute, as time on a question
passes). Every cell is a ``Text`` made from terminal-safe strings: nothing is read as markup.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tutor.classroom.command import ReportSource
from tutor.classroom.journals import ClassReadError
from tutor.classroom.render import (
    item_label,
    short_time,
    tried_label,
    where,
    wrong_as_label,
)
from tutor.classroom.report import ClassReport, Student
from tutor.show import plural
from tutor.tui.widgets.footer import Footer

REBUILD_SECONDS = 30.0


def _cells(*values: object) -> list[Text]:
    return [Text(str(value), no_wrap=True) for value in values]


def student_key(student: Student) -> str:
    return f"{student.login}\x00{student.learner}"


def _count(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


class StudentScreen(Screen[None]):
    """One student's recent lines, newest last, and what the tutor answered."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace,left", "app.pop_screen", "Back", id="back"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]
    DEFAULT_CSS = """
    StudentScreen #who { height: auto; max-height: 6; padding: 0 1; }
    StudentScreen DataTable { height: 1fr; }
    """

    def __init__(self, student: Student, now: float) -> None:
        super().__init__()
        self.student = student
        self.now = now

    def compose(self) -> ComposeResult:
        s = self.student
        lines = [
            f"{s.learner} ({s.login}) at {where(s)}: {s.answered} answered, "
            f"{s.first_try_right} right first try, {_count(s.skips, 'skip')}, "
            f"{_count(s.hints, 'hint')}, {s.unclear} unclear, {s.minutes} min",
        ]
        if s.stuck_reason:
            lines.append(f"Stuck: {s.stuck_reason}")
        lines += [f"Impossible: {why}" for why in s.impossible[:2]]
        yield Static(Text("\n".join(lines)), id="who")
        table: DataTable[Text] = DataTable(id="lines", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#lines", DataTable)
        table.add_columns("time", "item", "wrote", "tutor")
        for line in self.student.recent:
            table.add_row(
                *_cells(
                    f"{datetime.fromtimestamp(line.at):%H:%M}", line.item, line.wrote, line.tutor
                )
            )
        if self.student.recent:
            table.move_cursor(row=len(self.student.recent) - 1)
        table.focus()


class WarningsScreen(Screen[None]):
    """The lines and files the report skipped, each with its file and line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace,left,w", "app.pop_screen", "Back", id="back"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]
    DEFAULT_CSS = """
    WarningsScreen #count { height: 1; padding: 0 1; }
    WarningsScreen DataTable { height: 1fr; }
    """

    def __init__(self, warnings: list[str]) -> None:
        super().__init__()
        self.warnings = warnings

    def compose(self) -> ComposeResult:
        yield Static(
            Text(f"Skipped ({len(self.warnings)}); every line is file:line: why"), id="count"
        )
        table: DataTable[Text] = DataTable(id="warnings", cursor_type="row")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#warnings", DataTable)
        table.add_column("warning")
        for warning in self.warnings:
            table.add_row(*_cells(warning))
        table.focus()


class ClassView(App[None]):
    """The live class dashboard."""

    TITLE = "tutor: class"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("enter", "open_student", "Student", id="open", show=True),
        Binding("tab", "app.focus_next", "Next table", id="next", show=True),
        Binding("r", "refresh_now", "Refresh", id="refresh"),
        Binding("w", "show_warnings", "Skipped", id="warnings"),
    ]
    DEFAULT_CSS = """
    #status { height: 1; padding: 0 1; background: $boost; }
    #students { height: 1fr; }
    #selected { height: 1; padding: 0 1; }
    #items-title { height: 1; padding: 0 1; }
    #items { height: 8; }
    """

    def __init__(self, source: ReportSource, title: str, *, poll_seconds: float = 2.0) -> None:
        super().__init__()
        self.source = source
        self.title_text = title
        self.poll_seconds = poll_seconds
        self.report: ClassReport | None = None
        self.problem: str | None = None
        self.updated = 0.0
        self.shown_students: list[Student] = []
        self._reading = threading.Lock()  # one poll at a time reads the journals

    def compose(self) -> ComposeResult:
        yield Static(Text("reading the class directory…"), id="status")
        with Vertical():
            students: DataTable[Text] = DataTable(id="students", cursor_type="row")
            yield students
            yield Static(Text(""), id="selected")
            yield Static(Text("Hardest items (what students wrote)"), id="items-title")
            items: DataTable[Text] = DataTable(id="items", cursor_type="row")
            yield items
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#students", DataTable).add_columns(
            "!", "learner", "at", "ans", "1st", "skip", "hint", "uncl", "min", "last", "why"
        )
        self.query_one("#items", DataTable).add_columns(
            "item", "tried", "wrong", "as P/H", "examples"
        )
        self.show(self.source.report())
        self.query_one("#students", DataTable).focus()
        self.set_interval(self.poll_seconds, self.poll)

    def action_refresh_now(self) -> None:
        self.updated = 0.0
        self.poll()

    def poll(self) -> None:
        self._poll_worker()

    @work(thread=True, exclusive=True, group="poll")
    def _poll_worker(self) -> None:
        with self._reading:
            try:
                changed = self.source.poll()
            except ClassReadError as error:
                self.call_from_thread(self._problem, str(error))
                return
            if changed or self.problem or time.monotonic() - self.updated > REBUILD_SECONDS:
                report = self.source.report()
                self.call_from_thread(self.show, report)

    def _problem(self, text: str) -> None:
        self.problem = text
        self._status()

    def show(self, report: ClassReport) -> None:
        self.report = report
        self.problem = None
        self.updated = time.monotonic()
        now = self.source.now()
        table = self.query_one("#students", DataTable)
        selected = None
        if self.shown_students and 0 <= table.cursor_row < len(self.shown_students):
            selected = student_key(self.shown_students[table.cursor_row])
        table.clear()
        for student in report.students:
            mark = "!" if student.stuck else "?" if student.impossible else ""
            why = student.stuck_reason or "; ".join(student.impossible)
            table.add_row(
                *_cells(
                    mark,
                    student.learner,
                    where(student),
                    student.answered,
                    student.first_try_right,
                    student.skips,
                    student.hints,
                    student.unclear,
                    student.minutes,
                    short_time(student.last_active, now),
                    why,
                ),
                key=student_key(student),
            )
        self.shown_students = list(report.students)
        keys = [student_key(s) for s in report.students]
        if selected in keys:
            table.move_cursor(row=keys.index(selected))
        self._show_selected(table.cursor_row)
        items = self.query_one("#items", DataTable)
        items.clear()
        for row in report.items:
            items.add_row(
                *_cells(
                    item_label(row),
                    tried_label(row),
                    f"{row['wrong_first_try_share']:.0%}",
                    wrong_as_label(row),
                    " | ".join(f'"{e}"' for e in row["examples"]),
                )
            )
        self._status()

    def _status(self) -> None:
        """Counts first: a long directory name is what gets cut at 80 columns."""
        report = self.report
        parts = []
        if report is not None:
            stuck = sum(1 for s in report.students if s.stuck)
            parts.append(f"{plural(len(report.students), 'student')}, {stuck} stuck")
            if report.lesson_filter:
                parts.append(f"lesson {report.lesson_filter}")
            if report.warnings:
                parts.append(f"{len(report.warnings)} skipped")
        parts += [f"updated {datetime.now():%H:%M:%S}", self.title_text]
        if self.problem:
            parts = [self.problem]
        self.query_one("#status", Static).update(Text(" · ".join(parts), no_wrap=True))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "students":
            self._show_selected(event.cursor_row)

    def _show_selected(self, row: int) -> None:
        """The highlighted student's reason in full (the table's last column is cut at 80)."""
        text = ""
        if 0 <= row < len(self.shown_students):
            student = self.shown_students[row]
            why = student.stuck_reason or "; ".join(student.impossible) or "not stuck"
            text = f"{student.learner} ({student.login}): {why}. Enter: their lines"
        self.query_one("#selected", Static).update(Text(text, no_wrap=True))

    def action_show_warnings(self) -> None:
        if self.report is not None:
            self.push_screen(WarningsScreen(self.report.warnings))

    def action_open_student(self) -> None:
        table = self.query_one("#students", DataTable)
        if self.focused is not table or not self.shown_students:
            return
        row = table.cursor_row
        if 0 <= row < len(self.shown_students):
            self.push_screen(StudentScreen(self.shown_students[row], self.source.now()))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "students":
            self.action_open_student()


def run_class_view(source: ReportSource, title: str) -> int:
    ClassView(source, title).run()
    return 0
