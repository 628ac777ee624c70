"""``tutor report DIR --watch``: the live class view, in Pilot and in a real 80x24 terminal."""

from __future__ import annotations

import asyncio
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from tests.helpers import MINI, ROOT, tmux_pane, tutor_env, wait_for_text
from tutor.classroom.command import open_source
from tutor.core.classroom import ClassJournal
from tutor.settings import Settings
from tutor.tui.class_view import ClassView, StudentScreen, WarningsScreen


def write_student(class_dir: Path, learner: str, answers: list[tuple[str, str, bool]]) -> None:
    """A student's journal as the tutor writes it: each question asked, then answered."""
    journal = ClassJournal(class_dir, learner=learner, login=learner)
    questions = [("first", "slope", 1, 2), ("first", "rate", 2, 2), ("second", "k", 1, 1)]
    for (text, understood, correct), (lesson, item, number, of) in zip(
        answers, questions, strict=False
    ):
        journal.record("ask", lesson=lesson, item=item, number=number, of=of)
        journal.record(
            "attempt", lesson=lesson, item=item, answer_text=text, understood=understood,
            correct=correct, skipped=False, first_try=True,
        )  # fmt: skip
        if number == of:
            journal.record("lesson_end", lesson=lesson, correct=0, total=of, drill=False)


def lab(tmp_path: Path) -> Path:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    write_student(class_dir, "ada", [("parameter", "parameter", True)])
    wrong = ("it is set first [bold]x[/bold]", "hyperparameter", False)
    write_student(class_dir, "bob", [wrong, wrong, wrong])
    return class_dir


def cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the view never showed it")
        await pilot.pause(0.05)


def test_the_live_view_in_pilot(tmp_path) -> None:
    class_dir = lab(tmp_path)
    source = open_source(class_dir, Settings(lessons_dir=MINI), anonymous=False)
    app = ClassView(source, str(class_dir), poll_seconds=0.1)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            students = app.query_one("#students", DataTable)
            rows = cells(students)
            assert [row[1] for row in rows] == ["bob", "ada"]  # stuck first
            assert rows[0][0] == "!" and rows[0][-1] == "3 wrong in a row"
            items = {row[0]: row for row in cells(app.query_one("#items", DataTable))}
            slope = items["the slope m (slope)"]
            assert slope[1:3] == ["2 (few)", "50%"]
            assert slope[4] == '"it is set first [bold]x[/bold]"'  # literal, never markup
            status = str(app.query_one("#status", Static).render())
            assert "2 students, 1 stuck" in status
            selected = str(app.query_one("#selected", Static).render())
            assert selected == "bob (bob): 3 wrong in a row. Enter: their lines"

            write_student(class_dir, "cy", [("hyperparameter", "hyperparameter", False)])
            await wait_until(pilot, lambda: students.row_count == 3)
            assert "cy" in [row[1] for row in cells(students)]

            students.move_cursor(row=0)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, StudentScreen))
            lines = cells(app.screen.query_one("#lines", DataTable))
            assert [row[2] for row in lines if row[2]] == ["it is set first [bold]x[/bold]"] * 3
            assert lines[-1][3].startswith("finished the lesson")
            assert lines[0][3] == "read as hyperparameter: not right (it is a parameter)"
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, StudentScreen))
            with (class_dir / "bob.jsonl").open("a") as handle:
                handle.write("\x1b[2J not a record\n")
            await wait_until(
                pilot, lambda: "1 skipped" in str(app.query_one("#status", Static).render())
            )
            await pilot.press("w")
            await wait_until(pilot, lambda: isinstance(app.screen, WarningsScreen))
            [warning] = cells(app.screen.query_one("#warnings", DataTable))
            assert warning == [f"{class_dir / 'bob.jsonl'}:9: skipped: not a complete tutor record"]
            await pilot.press("escape")
            await pilot.press("q")
        assert app.return_code in (0, None)

    asyncio.run(scenario())


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_live_view_in_a_real_terminal(tmp_path) -> None:
    class_dir = lab(tmp_path)
    command = (
        f"cd {ROOT} && env NO_COLOR=1 TUTOR_DATA_DIR={tmp_path} "
        f"{sys.executable} -m tutor.cli report {class_dir} --watch --lessons {MINI}"
    )
    with tmux_pane(command, tutor_env(tmp_path), "tutor-class") as pane:
        wait_for_text(pane.screen, "2 students, 1 stuck", timeout=30)
        shown = wait_for_text(pane.screen, "Quit", timeout=10)
        rows = [
            line.split() for line in shown.splitlines() if re.search(r" (first|second) Q", line)
        ]
        names = [row[1] if row[0] == "!" else row[0] for row in rows]
        assert names == ["bob", "ada"] and "!  bob" in shown  # stuck first, marked
        assert "Hardest items" in shown
        assert all(len(line) <= 80 for line in shown.splitlines())
        write_student(class_dir, "cy", [("parameter", "parameter", True)])
        wait_for_text(pane.screen, "3 students, 1 stuck", timeout=15)
        pane.keys("q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if not pane.alive():
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the class view did not leave on q")


def test_a_students_summary_counts_in_words(tmp_path) -> None:
    """"1 hint, 1 skip", never "1 hints, 1 skips"."""
    class_dir = lab(tmp_path)
    journal = ClassJournal(class_dir, learner="bob", login="bob")
    journal.record("hint", lesson="first", item="slope")
    journal.record(
        "attempt", lesson="first", item="rate", answer_text="skip", understood=None,
        correct=False, skipped=True, first_try=False,
    )  # fmt: skip
    source = open_source(class_dir, Settings(lessons_dir=MINI), anonymous=False)
    app = ClassView(source, str(class_dir), poll_seconds=0.1)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            students = app.query_one("#students", DataTable)
            students.move_cursor(row=0)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, StudentScreen))
            who = str(app.screen.query_one("#who", Static).render())
            assert "1 skip, 1 hint, 0 unclear" in who, who
            await pilot.press("q")

    asyncio.run(scenario())
