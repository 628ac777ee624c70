"""Progress survives kills, is private, and tolerates two sessions at once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading

import pytest

from tests.helpers import MINI, ROOT, json_events, run_tutor, tutor_env
from tutor.core import progress
from tutor.core.engine import Engine
from tutor.core.progress import ProgressError, ProgressStore


def test_store_file_is_private(tmp_path) -> None:
    store = ProgressStore(tmp_path / "data", "ada")
    store.record_answer(lesson="l", item="i", answer_text="x", understood="parameter", correct=True)
    mode = stat.S_IMODE(os.stat(store.path).st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "data").st_mode) & 0o077 == 0
    store.close()


def _read_event(process: subprocess.Popen, kind: str) -> dict:
    while True:
        line = process.stdout.readline()
        assert line, f"tutor ended before a {kind} event"
        event = json.loads(line)
        if event["event"] == kind:
            return event


def test_kill_9_right_after_an_answer_loses_nothing(tmp_path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tutor.cli", "--headless", "--lessons", str(MINI)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=tutor_env(tmp_path),
        cwd=ROOT,
    )
    _read_event(process, "ask")
    process.stdin.write(b"parameter\n")
    process.stdin.flush()
    assert _read_event(process, "feedback")["correct"] is True
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    with sqlite3.connect(tmp_path / "progress.sqlite3") as db:
        rows = db.execute("SELECT item, correct FROM attempts").fetchall()
    assert rows == [("slope", 1)]
    events = json_events(run_tutor(["--headless", "--lessons", str(MINI)], tmp_path).stdout)
    assert events[0]["event"] == "lesson_start" and events[0]["resumed"] is True
    assert "Welcome back" in events[1]["text"]
    assert [e["item"] for e in events if e["event"] == "ask"] == ["rate"]


def test_two_sessions_of_one_learner_at_once(mini_pack, tmp_path) -> None:
    errors: list[BaseException] = []

    def session(answers: int) -> None:
        try:
            store = ProgressStore(tmp_path, "ada")
            for _ in range(answers):
                engine = Engine(mini_pack, store, lesson="first", run_demos=False)
                engine.start()
                engine.reply("parameter")
                engine.reply("hint")
            store.close()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=session, args=(25,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = ProgressStore(tmp_path, "ada")
    assert len(store.attempts()) == 50
    store.close()


def _open_at_once(place, sessions: int) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(sessions)

    def open_store() -> None:
        start.wait()
        try:
            ProgressStore(place, "ada").close()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_sessions_opening_a_new_store_at_the_same_moment(tmp_path) -> None:
    """The first open switches the file to WAL mode; a second open racing it must wait, not
    fail with "database is locked" (it did, about one race in five)."""
    for attempt in range(40):
        assert _open_at_once(tmp_path / str(attempt), 3) == [], f"race {attempt}"


def test_two_processes_of_one_learner_at_once(tmp_path) -> None:
    script = "parameter\nhyperparameter\nhyperparameter\n"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tutor.cli",
                "--headless",
                "--lessons",
                str(MINI),
                "--lesson",
                "first",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=tutor_env(tmp_path),
            cwd=ROOT,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(script.encode(), timeout=60) for p in processes]
    graded = 0
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err.decode()
        assert b"locked" not in err
        graded += sum(1 for event in json_events(out) if event["event"] == "feedback")
    # sessions may resume where another one got to, so count what each one graded
    with sqlite3.connect(tmp_path / "progress.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == graded >= 8


def test_reset_asks_and_deletes(tmp_path) -> None:
    run_tutor(["--headless", "--lessons", str(MINI)], tmp_path, "parameter\n")
    refused = run_tutor(["reset", "--lessons", str(MINI)], tmp_path)
    assert refused.returncode == 2 and b"--yes" in refused.stderr
    done = run_tutor(["reset", "--yes", "--lesson", "first", "--lessons", str(MINI)], tmp_path)
    assert done.returncode == 0 and b"(1 answer)" in done.stdout
    progress = json.loads(
        run_tutor(["progress", "--json", "--lessons", str(MINI)], tmp_path).stdout
    )
    assert progress["attempts"] == 0


def test_unwritable_data_dir_is_a_one_line_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run_tutor(
        ["--headless", "--lessons", str(MINI), "--data-dir", str(blocker / "x")], tmp_path
    )
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert b"--data-dir" in result.stderr and b"Traceback" not in result.stderr


# ---------------------------------------------------------------- schema version and migrations


def _old_layout(path, *, version: int = 0) -> None:
    """A database as versions before PRAGMA user_version left it (the first layout)."""
    with sqlite3.connect(path) as db:
        for statement in progress.MIGRATIONS[0].split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(
            "INSERT INTO attempts (learner, lesson, item, answer_text, understood, correct,"
            " first_try, at) VALUES ('ada', 'first', 'slope', 'parameter', 'parameter', 1, 1, 0)"
        )
        db.execute(f"PRAGMA user_version = {version}")
    db.close()


def _user_version(path) -> int:
    with sqlite3.connect(path) as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
    db.close()
    return int(version)


def test_a_fresh_store_is_created_at_the_latest_version(tmp_path) -> None:
    store = ProgressStore(tmp_path, "ada")
    store.close()
    assert _user_version(store.path) == len(progress.MIGRATIONS) >= 1
    with sqlite3.connect(store.path) as db:
        assert progress.schema_problem(progress._columns(db)) is None
    db.close()


def test_an_unversioned_store_is_migrated_and_keeps_its_answers(tmp_path) -> None:
    _old_layout(tmp_path / progress.DB_NAME)
    store = ProgressStore(tmp_path, "ada")
    assert [a.item for a in store.attempts()] == ["slope"]
    store.close()
    assert _user_version(store.path) == len(progress.MIGRATIONS)


def test_migrations_run_in_order_each_in_a_transaction(tmp_path, monkeypatch) -> None:
    _old_layout(tmp_path / progress.DB_NAME, version=1)
    broken = (*progress.MIGRATIONS, "ALTER TABLE attempts ADD COLUMN hint TEXT; SELECT nope()")
    monkeypatch.setattr(progress, "MIGRATIONS", broken)
    progress.expected_columns.cache_clear()
    try:
        with pytest.raises(ProgressError, match="nope"):
            ProgressStore(tmp_path, "ada")
        assert _user_version(tmp_path / progress.DB_NAME) == 1  # rolled back, column and all
        with sqlite3.connect(tmp_path / progress.DB_NAME) as db:
            assert "hint" not in progress._columns(db)["attempts"]
        db.close()
        fixed = (*progress.MIGRATIONS[:1], "ALTER TABLE attempts ADD COLUMN hint TEXT")
        monkeypatch.setattr(progress, "MIGRATIONS", fixed)
        progress.expected_columns.cache_clear()
        store = ProgressStore(tmp_path, "ada")
        assert [a.item for a in store.attempts()] == ["slope"]
        store.close()
        assert _user_version(store.path) == 2
    finally:
        monkeypatch.undo()
        progress.expected_columns.cache_clear()


def _one_line_refusal(result) -> str:
    assert result.returncode == 2, result.stderr
    err = result.stderr.decode()
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return err


def test_a_store_from_a_newer_version_is_refused_by_the_cli(tmp_path) -> None:
    path = tmp_path / progress.DB_NAME
    _old_layout(path, version=len(progress.MIGRATIONS) + 5)
    for args in (["--headless", "--lessons", str(MINI)], ["progress", "--lessons", str(MINI)]):
        err = _one_line_refusal(run_tutor(args, tmp_path, "parameter\n"))
        assert str(path) in err and "newer version" in err and "--data-dir" in err
    assert _user_version(path) == len(progress.MIGRATIONS) + 5  # left as it was


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("ALTER TABLE attempts ADD COLUMN colour TEXT", "unexpected column colour"),
        ("ALTER TABLE positions DROP COLUMN completed", "lacks column completed"),
        ("DROP TABLE settings", "table settings is missing"),
    ],
)
def test_an_unexpected_layout_is_a_one_line_error(tmp_path, change: str, words: str) -> None:
    path = tmp_path / progress.DB_NAME
    _old_layout(path, version=len(progress.MIGRATIONS))
    with sqlite3.connect(path) as db:
        db.execute(change)
    db.close()
    with pytest.raises(ProgressError, match=words):
        ProgressStore(tmp_path, "ada")
    err = _one_line_refusal(run_tutor(["--headless", "--lessons", str(MINI)], tmp_path))
    assert str(path) in err and words in err
