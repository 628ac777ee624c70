"""The class directory and the teacher's report: three scripted students, every format."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT, json_events, run_tutor, tutor_env
from tutor.core.classroom import journal_path

CLASSPACK = ROOT / "tests" / "fixtures" / "classpack"
RIGHT_THEN_WRONG = "parameter\nparameter\nhyperparameter\n"
FLUENT = "parameter\nparameter\nhyperparameter\nhyperparameter\nparameter\nhyperparameter\n"
FLUENT += "hyperparameter\nparameter\n"
STUCK = "hyperparameter\nit is set before training\nparameter\nskip\n"
HINTER = "hint\nbanana\ndunno\nparameter\nwhat is an intercept?\nparameter\nhint\nhyperparameter\n"


def session(tmp_path: Path, learner: str, class_dir, script: str, *extra: str, pack=MINI):
    return run_tutor(
        [
            "--headless",
            "--lessons",
            str(pack),
            "--class-dir",
            str(class_dir),
            "--learner",
            learner,
            *extra,
        ],
        tmp_path / f"data-{learner}",
        script,
    )


def report(tmp_path: Path, class_dir, *flags: str, pack=MINI, **env: str):
    return run_tutor(
        ["report", str(class_dir), "--lessons", str(pack), *flags], tmp_path / "teacher", **env
    )


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Path:
    """A class directory where three students have worked through the class pack."""
    tmp = tmp_path_factory.mktemp("lab")
    class_dir = tmp / "class"
    class_dir.mkdir()
    for learner, script in (("fluent", FLUENT), ("stuck", STUCK), ("hinter", HINTER)):
        result = subprocess.run(
            [sys.executable, "-m", "tutor", "--headless", "--lessons", str(CLASSPACK),
             "--class-dir", str(class_dir), "--learner", learner],
            input=script.encode(), capture_output=True, env=tutor_env(tmp / learner),
            cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr.decode()
        assert result.stderr == b""
    return class_dir


def lab_report(lab: Path, *flags: str, **env: str):
    result = report(lab.parent, lab, *flags, pack=CLASSPACK, **env)
    assert result.returncode == 0, result.stderr.decode()
    return result


def test_the_report_says_who_needs_help(lab: Path) -> None:
    data = json.loads(lab_report(lab, "--json").stdout)
    students = {row["learner"]: row for row in data["students"]}
    assert data["students"][0]["learner"] == "stuck"  # stuck students first
    fluent, stuck, hinter = students["fluent"], students["stuck"], students["hinter"]
    assert fluent["answered"] == 8 and fluent["first_try_right"] == 8
    assert fluent["lessons_finished"] == 2 and not fluent["stuck"]
    assert fluent["position"] == {"lesson": "more", "question": 2, "of": 2}
    assert (stuck["answered"], stuck["first_try_right"], stuck["skips"]) == (3, 0, 1)
    assert stuck["position"] == {"lesson": "basics", "question": 5, "of": 6}
    assert stuck["stuck"] is True and stuck["stuck_reason"] == "4 wrong or skipped in a row"
    assert (hinter["hints"], hinter["unclear"], hinter["questions"]) == (2, 2, 1)
    assert (hinter["answered"], hinter["first_try_right"], hinter["skips"]) == (3, 3, 0)
    assert hinter["position"] == {"lesson": "basics", "question": 4, "of": 6}
    assert not hinter["stuck"] and hinter["stuck_reason"] is None
    for row in data["students"]:
        assert row["impossible"] == []
        assert row["minutes"] >= 0 and datetime.fromisoformat(row["last_active"])
        assert set(row) >= {
            "learner", "login", "position", "answered", "first_try_right", "skips", "hints",
            "unclear", "minutes", "last_active", "stuck", "stuck_reason",
        }  # fmt: skip

    items = {row["id"]: row for row in data["items"]}
    slope = items["slope"]
    assert slope["term"] == "the slope m" and slope["tried"] == 3
    assert slope["wrong_first_try"] == 1 and slope["wrong_first_try_share"] == round(1 / 3, 3)
    assert slope["wrong_as"] == {"parameter": 0, "hyperparameter": 1}
    assert slope["examples"] == ["hyperparameter"]
    assert items["intercept"]["examples"] == ["it is set before training"]
    assert items["epochs"]["skipped"] == 1 and items["epochs"]["small"] is True
    assert items["rate"]["wrong_as"] == {"parameter": 1, "hyperparameter": 0}
    # items tried by fewer than three students never outrank the others
    smalls = [row["small"] for row in data["items"]]
    assert smalls == sorted(smalls) and smalls.count(False) == 3
    assert data["items"][0]["id"] in {"slope", "intercept", "rate"}
    lessons = {row["id"]: row for row in data["lessons"]}
    assert lessons["basics"] == {"id": "basics", "title": "Basics", "started": 3, "finished": 1}
    assert lessons["more"]["started"] == 1 and lessons["more"]["finished"] == 1


def test_the_same_report_as_text_and_csv(lab: Path) -> None:
    text = lab_report(lab).stdout.decode()
    help_section = text.split("Needs help now\n")[1].split("\n\n")[0]
    expected = f"stuck ({_login()}) at basics Q5/6: 4 wrong or skipped in a row"
    assert help_section.strip() == expected
    rows = [line.split() for line in text.split("Students, stuck first\n")[1].splitlines()[2:5]]
    assert [row[0] for row in rows] == ["stuck", "fluent", "hinter"]
    assert "the slope m (slope)" in text and '"it is set before training"' in text
    assert "1 (few)" in text  # small counts are marked

    sections = lab_report(lab, "--csv").stdout.decode().split("\n\n")
    students = {row["learner"]: row for row in csv.DictReader(io.StringIO(sections[0]))}
    assert students["stuck"]["stuck"] == "True"
    assert students["stuck"]["stuck_reason"] == "4 wrong or skipped in a row"
    assert (students["stuck"]["position_lesson"], students["stuck"]["position_question"]) == (
        "basics",
        "5",
    )
    assert students["hinter"]["hints"] == "2" and students["hinter"]["unclear"] == "2"
    assert students["fluent"]["first_try_right"] == "8"
    items = {row["id"]: row for row in csv.DictReader(io.StringIO(sections[1]))}
    assert items["slope"]["wrong_as_hyperparameter"] == "1" and items["slope"]["tried"] == "3"
    assert items["intercept"]["examples"] == "it is set before training"
    lessons = list(csv.DictReader(io.StringIO(sections[2])))
    assert lessons[0] == {"id": "basics", "title": "Basics", "started": "3", "finished": "1"}


def test_lesson_filter(lab: Path) -> None:
    data = json.loads(lab_report(lab, "--json", "--lesson", "more").stdout)
    assert data["lesson"] == "more"
    assert [row["learner"] for row in data["students"]] == ["fluent"]
    assert data["students"][0]["answered"] == 2
    assert {row["id"] for row in data["items"]} == {"k", "centroids"}
    assert [row["id"] for row in data["lessons"]] == ["more"]
    basics = json.loads(lab_report(lab, "--json", "--lesson", "basics").stdout)
    assert {row["learner"] for row in basics["students"]} == {"fluent", "stuck", "hinter"}
    assert {row["id"] for row in basics["items"]} <= {
        "slope", "intercept", "rate", "epochs", "weights", "layers",
    }  # fmt: skip
    unknown = report(lab.parent, lab, "--lesson", "nope", pack=CLASSPACK)
    assert unknown.returncode == 2 and b"unknown lesson 'nope'" in unknown.stderr
    assert len(unknown.stderr.splitlines()) == 1


def test_ten_minutes_on_one_question_while_active_is_stuck(lab: Path) -> None:
    hinter = [json.loads(line) for line in (lab / f"{_login()}.jsonl").read_text().splitlines()]
    asked = max(r["at"] for r in hinter if r["kind"] == "ask" and r["learner"] == "hinter")
    later = datetime.fromtimestamp(asked + 11 * 60, UTC).isoformat()
    data = json.loads(lab_report(lab, "--json", TUTOR_NOW=later).stdout)
    row = next(r for r in data["students"] if r["learner"] == "hinter")
    assert row["stuck"] and row["stuck_reason"] == "11 minutes on question 4 of basics"
    much_later = datetime.fromtimestamp(asked + 3 * 3600, UTC).isoformat()
    data = json.loads(lab_report(lab, "--json", TUTOR_NOW=much_later).stdout)
    row = next(r for r in data["students"] if r["learner"] == "hinter")
    assert not row["stuck"]  # gone home, not stuck


def _login() -> str:
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


def test_ten_concurrent_sessions_lose_nothing(tmp_path) -> None:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    learners = [f"student{n:02}" for n in range(10)]
    processes = []
    for learner in [*learners, "student00"]:  # student00 runs two sessions at once
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tutor.cli",
                    "--headless",
                    "--lessons",
                    str(MINI),
                    "--class-dir",
                    str(class_dir),
                    "--learner",
                    learner,
                    "--lesson",
                    "first",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=tutor_env(tmp_path / f"data-{learner}"),
                cwd=ROOT,
            )
        )
    graded: dict[str, int] = {}
    for learner, process in zip([*learners, "student00"], processes, strict=True):
        out, err = process.communicate(RIGHT_THEN_WRONG.encode(), timeout=120)
        assert process.returncode == 0, err.decode()
        events = json_events(out)
        assert events[-1]["event"] == "end"
        feedback = sum(1 for event in events if event["event"] == "feedback")
        graded[learner] = graded.get(learner, 0) + feedback
    data = json.loads(report(tmp_path, class_dir, "--json").stdout)
    answered = {row["learner"]: row["answered"] for row in data["students"]}
    # every graded answer is in the class directory (student00's two sessions may resume
    # where the other got to, so each is counted by what it graded)
    assert answered == graded
    assert all(graded[learner] == 3 for learner in learners[1:])
    lines = b"".join(path.read_bytes() for path in class_dir.glob("*.jsonl")).splitlines()
    assert all(json.loads(line)["v"] == 1 for line in lines)  # no torn or interleaved lines
    assert sum(1 for line in lines if json.loads(line)["kind"] == "attempt") == sum(graded.values())


def test_anonymous_names_are_stable_and_keyed_by_the_teacher(tmp_path) -> None:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    session(tmp_path, "ada", class_dir, RIGHT_THEN_WRONG)
    anonymous = [
        json.loads(report(tmp_path, class_dir, "--json", "--anonymous").stdout) for _ in range(2)
    ]
    names = [data["students"][0]["learner"] for data in anonymous]
    assert names[0] == names[1] and re.fullmatch(r"student-[0-9a-f]+", names[0])  # no "ada"
    assert anonymous[0]["students"][0]["login"].startswith("student-")
    with journal_path(class_dir, _login()).open("a") as handle:
        handle.write("not a record\n")
    hidden = report(tmp_path, class_dir, "--json", "--anonymous")
    assert f"{_login()}.jsonl" not in hidden.stderr.decode() + hidden.stdout.decode()
    login = anonymous[0]["students"][0]["login"]
    assert f"{login}.jsonl:9: skipped" in json.loads(hidden.stdout)["warnings"][0]
    key = class_dir / ".pseudonym-key"
    info = key.stat()
    assert info.st_uid == os.geteuid() and info.st_mode & 0o777 == 0o600
    assert key.is_file() and not key.is_symlink() and info.st_size == 32


def test_forged_records_are_flagged_as_impossible(tmp_path) -> None:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    session(tmp_path, "ada", class_dir, "parameter\n")
    journal = next(class_dir.glob("*.jsonl"))
    first = json.loads(journal.read_text().splitlines()[0])
    base = {key: first[key] for key in ("v", "learner", "login")}
    with journal.open("a") as handle:
        for lesson in ("first", "second", "invented"):
            record = {**base, "kind": "lesson_end", "at": first["at"] + 5, "lesson": lesson}
            handle.write(json.dumps({**record, "correct": 9, "total": 9, "drill": False}) + "\n")
        record = {**base, "kind": "attempt", "at": first["at"] - 3600, "lesson": "first"}
        handle.write(
            json.dumps({**record, "item": "rate", "answer_text": "x", "correct": True}) + "\n"
        )
        record = {**base, "kind": "attempt", "at": first["at"] + 9, "lesson": "first"}
        handle.write(json.dumps({**record, "item": "k", "answer_text": "x", "correct": True}))
        record = {**base, "kind": "ask", "at": first["at"] + 9, "lesson": "second", "item": "k"}
        handle.write("\n" + json.dumps({**record, "number": 5, "of": 9}) + "\n")
    data = json.loads(report(tmp_path, class_dir, "--json").stdout)
    flags = data["students"][0]["impossible"]
    assert "times out of order (line 7 is earlier than line 6)" in flags, flags
    assert any("finished lesson second having answered 0 of its 1 questions" in f for f in flags)
    assert any("'invented', which is not in the course" in flag for flag in flags)
    assert "k in lesson first, which does not ask it (line 8)" in flags
    assert "question 5 of 9 in lesson second, which has 1 (line 9)" in flags
    text = report(tmp_path, class_dir).stdout.decode()
    assert "Impossible records" in text and "times out of order" in text


def test_unusable_class_dir_warns_once_and_tutor_still_runs(tmp_path) -> None:
    unusable = [tmp_path / "missing", tmp_path / "file.txt", "/sys"]  # /sys refuses even root
    (tmp_path / "file.txt").write_text("not a directory")
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        unusable.append(locked)
    for bad in unusable:
        result = session(tmp_path, "ada", bad, "parameter\n")
        assert result.returncode == 0
        warnings = result.stderr.decode().strip().splitlines()
        assert len(warnings) == 1 and "progress is still saved" in warnings[0], warnings
        kinds = [event["event"] for event in json_events(result.stdout)]
        assert "feedback" in kinds and "error" not in kinds  # the own store still works
    progress = json.loads(
        run_tutor(
            ["progress", "--json", "--lessons", str(MINI), "--learner", "ada"],
            tmp_path / "data-ada",
        ).stdout
    )
    assert progress["attempts"] == len(unusable)


def test_the_teachers_report_on_a_missing_directory_is_one_line(tmp_path) -> None:
    result = report(tmp_path, tmp_path / "nowhere")
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode().count("\n") == 1 and b"no such class directory" in result.stderr


def test_export_own_record(tmp_path) -> None:
    session(tmp_path, "ada", tmp_path / "nowhere", RIGHT_THEN_WRONG)
    data_dir = tmp_path / "data-ada"
    record = json.loads(
        run_tutor(["export", "--json", "--learner", "ada", "--lessons", str(MINI)], data_dir).stdout
    )
    assert record["learner"] == "ada" and len(record["attempts"]) == 3
    assert [a["correct"] for a in record["attempts"]] == [True, False, True]
    rows = list(
        csv.DictReader(
            io.StringIO(
                run_tutor(
                    ["export", "--csv", "--learner", "ada", "--lessons", str(MINI)], data_dir
                ).stdout.decode()
            )
        )
    )
    assert [row["item"] for row in rows] == ["slope", "rate", "k"]


def test_the_report_needs_no_ui_library() -> None:
    """Only --watch loads Textual; the report itself runs where no UI library is installed."""
    check = (
        "import sys, tutor.classroom.command, tutor.classroom.render, tutor.core.classroom\n"
        "print([m for m in ('textual', 'rich', 'prompt_toolkit') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr


def test_the_stuck_rules_and_time_on_task() -> None:
    from tutor.classroom.journals import Journal, Record
    from tutor.classroom.report import build_report

    start = 1_800_000_000.0

    def attempt(at: float, item: str, correct: bool, skipped: bool = False) -> Record:
        return Record("attempt", "ada", "ada", start + at, 0, "first", item, "x", None, correct,
                      skipped)  # fmt: skip

    def student(*records: Record, now: float = 0.0) -> dict:
        journal = Journal(Path("ada.jsonl"), "ada", "student", list(records))
        report = build_report([journal], [], now=start + now)
        return report.students[0].to_dict()

    same_item = [attempt(t, "slope", False) for t in (0, 10, 20)]
    assert student(*same_item)["stuck_reason"] == "3 wrong in a row on slope"
    mixed = [attempt(0, "slope", False), attempt(5, "rate", False), attempt(9, "k", False, True)]
    assert student(*mixed)["stuck_reason"] == "3 wrong or skipped in a row"
    recovered = [*mixed, attempt(12, "k", True)]
    assert student(*recovered)["stuck"] is False
    # time on task: a two-hour gap counts as five minutes
    row = student(attempt(0, "slope", True), attempt(60, "rate", True), attempt(7260, "k", True))
    assert row["minutes"] == 6.0
