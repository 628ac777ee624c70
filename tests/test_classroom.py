"""The class directory, the teacher's report and a learner's export."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

from tests.helpers import MINI, ROOT, json_events, run_tutor, tutor_env

RIGHT_THEN_WRONG = "parameter\nparameter\nhyperparameter\n"


def session(tmp_path, learner: str, class_dir, script: str, *extra: str):
    return run_tutor(
        [
            "--headless",
            "--lessons",
            str(MINI),
            "--class-dir",
            str(class_dir),
            "--learner",
            learner,
            *extra,
        ],
        tmp_path / f"data-{learner}",
        script,
    )


def report(tmp_path, class_dir, *flags: str):
    return run_tutor(["report", str(class_dir), *flags], tmp_path / "teacher")


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
    attempts = {row["learner"]: row["attempts"] for row in data["students"]}
    # every graded answer is in the class directory (student00's two sessions may resume
    # where the other got to, so each is counted by what it graded)
    assert attempts == graded
    assert all(graded[learner] == 3 for learner in learners[1:])
    lines = b"".join(path.read_bytes() for path in class_dir.glob("*.jsonl")).splitlines()
    assert all(json.loads(line)["v"] == 1 for line in lines)  # no torn or interleaved lines
    assert sum(1 for line in lines if json.loads(line)["kind"] == "attempt") == sum(graded.values())


def test_report_finds_the_class_misconceptions(tmp_path) -> None:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    session(tmp_path, "ada", class_dir, "parameter\nit's learned\nhyper\n")
    session(tmp_path, "bob", class_dir, "hyper\nlearned from data\nhyper\n")
    session(tmp_path, "cy", class_dir, "param\nhyperparameter\n")
    data = json.loads(report(tmp_path, class_dir, "--json").stdout)
    students = {row["learner"]: row for row in data["students"]}
    assert students["ada"]["correct_first_try"] == 2
    assert students["ada"]["lessons_finished"] == 2
    assert students["cy"]["lessons_finished"] == 1
    assert {"learner", "attempts", "correct_first_try", "lessons_finished", "last_active"} <= (
        students["bob"].keys()
    )
    worst = data["items"][0]
    assert worst["item"] == "rate" and worst["tried"] == 3
    assert worst["wrong_first_try"] == round(2 / 3, 3)
    assert worst["common_wrong"] in {"it's learned", "learned from data"}
    assert [row["item"] for row in data["items"]][-1] in {"k", "slope"}


def test_report_table_csv_and_anonymous(tmp_path) -> None:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    session(tmp_path, "ada", class_dir, RIGHT_THEN_WRONG)
    table = report(tmp_path, class_dir).stdout.decode()
    assert "ada" in table and "rate" in table and "100%" in table
    sections = report(tmp_path, class_dir, "--csv").stdout.decode().split("\n\n")
    students = list(csv.DictReader(io.StringIO(sections[0])))
    assert students[0]["learner"] == "ada" and students[0]["attempts"] == "3"
    items = list(csv.DictReader(io.StringIO(sections[1].strip())))
    assert items[0]["item"] == "rate"
    anonymous = [
        json.loads(report(tmp_path, class_dir, "--json", "--anonymous").stdout) for _ in range(2)
    ]
    names = [data["students"][0]["learner"] for data in anonymous]
    assert names[0] == names[1] and names[0].startswith("student-") and "ada" not in names[0]


def test_truncated_and_foreign_records_are_skipped_with_file_and_line(tmp_path) -> None:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    session(tmp_path, "ada", class_dir, RIGHT_THEN_WRONG)
    journal = next(class_dir.glob("*.jsonl"))
    forged = json.loads(journal.read_text().splitlines()[0])
    forged["login"] = "someone-else"
    with journal.open("a") as handle:
        handle.write('{"v": 1, "kind": "attempt", "learner": "ada", "ite\n')
        handle.write(json.dumps(forged) + "\n")
    (class_dir / "notes.jsonl").write_text('{"hello": "world"}\n')
    result = report(tmp_path, class_dir, "--json")
    assert result.returncode == 0
    err = result.stderr.decode()
    assert f"{journal}:6: skipped: not a complete tutor record" in err
    assert f"{journal}:7: skipped: written as login 'someone-else'" in err
    assert f"{class_dir / 'notes.jsonl'}: skipped: owned by" in err
    assert json.loads(result.stdout)["students"][0]["attempts"] == 3


def test_a_planted_journal_is_refused(tmp_path) -> None:
    import pwd

    from tutor.core.classroom import journal_path

    login = pwd.getpwuid(os.geteuid()).pw_name
    for plant in ("foreign owner", "symlink"):
        class_dir = tmp_path / plant.replace(" ", "-")
        class_dir.mkdir()
        target = journal_path(class_dir, login)
        if plant == "symlink":
            target.symlink_to(tmp_path / "sink")
        else:
            target.write_text("")
            if os.geteuid() != 0:
                continue  # only root can give a file away
            os.chown(target, 54321, 54321)
        result = session(tmp_path, "ada", class_dir, "parameter\n")
        assert result.returncode == 0
        assert b"progress is still saved" in result.stderr
        assert not (tmp_path / "sink").exists()
        assert target.is_symlink() or target.read_text() == ""


def test_report_shows_control_characters_harmlessly(tmp_path) -> None:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    session(tmp_path, "ada", class_dir, "parameter\nparameter \x1b]0;pwned\x07\x1b[2J\n")
    for flags in ((), ("--csv",)):
        out = report(tmp_path, class_dir, *flags).stdout
        assert b"\x1b" not in out and b"\x07" not in out
        assert b"^[]0;pwned^G" in out


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
