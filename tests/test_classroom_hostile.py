"""Journals that survive students and faults: every hostile journal gives a warning and a
report (never a traceback or a hang), and the writer survives full disks and planted files."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import pwd
import time
from pathlib import Path

import pytest

from tests.helpers import MINI, run_tutor
from tutor.classroom.journals import ClassReader
from tutor.cli import main
from tutor.core import classroom
from tutor.core import events as ev
from tutor.core.classroom import MAX_TEXT_CHARS, ClassDirError, ClassJournal, journal_path
from tutor.core.engine import Engine

LOGIN = pwd.getpwuid(os.geteuid()).pw_name
NOW = time.time()


def record(**fields) -> dict:
    base = {"v": 1, "kind": "attempt", "learner": "ada", "login": LOGIN, "at": NOW - 60}
    base.update(lesson="first", item="slope", answer_text="parameter", correct=True)
    return {**base, **fields}


GOOD = json.dumps(record()).encode()
ESCAPES = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b]0;pwned\x07\x1b[2J\x9b2J\u202eevil"

# name -> (journal bytes after one good record, the warning expected for line 2)
HOSTILE_LINES: dict[str, tuple[bytes, str]] = {
    "time 1e300": (b'{"v": 1, "kind": "attempt", "at": 1e300}', "time out of range"),
    "time infinite": (json.dumps(record(at=1e999)).encode(), "time out of range"),
    "time NaN": (json.dumps(record(at=float("nan"))).encode(), "time out of range"),
    "time far ahead": (json.dumps(record(at=NOW + 10 * 86400)).encode(), "time out of range"),
    "time before tutor": (json.dumps(record(at=5)).encode(), "time out of range"),
    "huge integer": (GOOD.replace(b'"at": ', b'"at": 1' + b"0" * 5000 + b', "x": '), "record"),
    "deep nesting": (b"[" * 5000 + b"]" * 5000, "not a complete tutor record"),
    "truncated": (GOOD[:40], "an unfinished last line"),
    "not UTF-8": (b'{"v": 1, "kind": "attempt", "learner": "\xff\xfe"}', "not a complete"),
    "not an object": (b"[1, 2, 3]", "not a complete tutor record"),
    "unknown kind": (json.dumps(record(kind="takeover")).encode(), "unknown record kind"),
    "text as flag": (json.dumps(record(correct="yes")).encode(), "not true or false"),
    "number as learner": (json.dumps(record(learner=5)).encode(), "'learner' is not text"),
    "bool as time": (json.dumps(record(at=True)).encode(), "field 'at' is not a time"),
    "negative count": (
        json.dumps(record(kind="ask", number=-1, of=3)).encode(),
        "field 'number' is not a count",
    ),
    "long answer": (
        json.dumps(record(answer_text="x" * (MAX_TEXT_CHARS + 1))).encode(),
        "longer than 500 characters",
    ),
    "oversized line": (b'{"v": 1, "pad": "' + b"x" * 100_000 + b'"}', "line longer than"),
    "other login": (json.dumps(record(login="classmate")).encode(), "written as login"),
}


def class_dir_with(tmp_path: Path, tail: bytes) -> tuple[Path, Path]:
    directory = tmp_path / "class"
    directory.mkdir()
    journal = journal_path(directory, LOGIN)
    journal.write_bytes(GOOD + b"\n" + tail + (b"" if tail == GOOD[:40] else b"\n"))
    return directory, journal


def report_in_process(capsys, directory: Path, *flags: str) -> tuple[int, str, str]:
    code = main(["report", str(directory), "--lessons", str(MINI), *flags])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", list(HOSTILE_LINES))
def test_a_hostile_line_is_skipped_with_file_and_line(tmp_path, capsys, case) -> None:
    tail, warning = HOSTILE_LINES[case]
    directory, journal = class_dir_with(tmp_path, tail)
    for flags in ((), ("--json",), ("--csv",)):
        code, _out, err = report_in_process(capsys, directory, *flags)
        assert code == 0
        assert f"tutor: warning: {journal}:2: skipped: " in err and warning in err, err
    data = json.loads(report_in_process(capsys, directory, "--json")[1])
    assert data["students"][0]["answered"] == 1  # the good record is still reported


def test_escape_sequences_and_formulas_never_reach_the_teacher(tmp_path, capsys) -> None:
    directory = tmp_path / "class"
    directory.mkdir()
    lines = [
        record(item=ESCAPES, answer_text="hyperparameter", understood="hyperparameter",
               correct=False),
        record(learner="=HYPERLINK(\"http://evil\")", item="@SUM(A1)", correct=False,
               answer_text="+cmd|' /C calc'!A0", understood="hyperparameter"),
        record(kind="ask", lesson="-1+1", item="slope", number=1, of=2, at=NOW - 30),
    ]  # fmt: skip
    journal_path(directory, LOGIN).write_text("\n".join(map(json.dumps, lines)) + "\n")
    for flags in ((), ("--json",), ("--csv",)):
        code, out, err = report_in_process(capsys, directory, *flags)
        assert code == 0 and err == ""
        for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert bad not in out, (flags, bad)
    assert "^[]52;c;" in report_in_process(capsys, directory)[1]
    sections = report_in_process(capsys, directory, "--csv")[1].split("\n\n")
    cells = [cell for section in sections for row in csv.reader(io.StringIO(section))
             for cell in row]  # fmt: skip
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], cells
    assert '\'=HYPERLINK("http://evil")' in cells and "'@SUM(A1)" in cells
    assert "'+cmd|' /C calc'!A0" in cells and "'-1+1" in cells


def test_a_fifo_journal_does_not_hang_the_report(tmp_path) -> None:
    directory = tmp_path / "class"
    directory.mkdir()
    os.mkfifo(journal_path(directory, LOGIN))
    for flags in ((), ("--json",)):
        result = run_tutor(["report", str(directory), *flags], tmp_path / "t")  # 120 s timeout
        assert result.returncode == 0 and b"Traceback" not in result.stderr
        assert b"skipped: not a regular file" in result.stderr


def test_a_30_gb_sparse_journal_is_skipped_not_read(tmp_path, capsys) -> None:
    directory = tmp_path / "class"
    directory.mkdir()
    journal = journal_path(directory, LOGIN)
    with journal.open("wb") as handle:
        handle.truncate(30 * 1024**3)
    code, out, err = report_in_process(capsys, directory, "--json")
    assert code == 0 and "larger than any journal tutor writes" in err
    assert json.loads(out)["students"] == []


def test_links_directories_and_foreign_files_are_skipped(tmp_path, capsys) -> None:
    directory = tmp_path / "class"
    directory.mkdir()
    journal_path(directory, LOGIN).write_bytes(GOOD + b"\n")
    (directory / "zero.jsonl").symlink_to("/dev/zero")
    (directory / "elsewhere.jsonl").symlink_to(journal_path(directory, LOGIN))
    (directory / "folder.jsonl").mkdir()
    os.link(journal_path(directory, LOGIN), directory / "twin.jsonl")
    (directory / "notes.jsonl").write_text("{}\n")  # owned by LOGIN, named for someone else
    code, out, err = report_in_process(capsys, directory, "--json")
    assert code == 0
    assert f"{directory / 'zero.jsonl'}: skipped: a symbolic link" in err
    assert f"{directory / 'elsewhere.jsonl'}: skipped: a symbolic link" in err
    assert f"{directory / 'folder.jsonl'}: skipped: not a regular file" in err
    if os.geteuid() != 0:  # a second name for a journal is someone else's name
        assert f"{directory / 'twin.jsonl'}: skipped: owned by" in err
    if os.geteuid() != 0:  # the teacher's own files are trusted as a lab server's
        assert f"{directory / 'notes.jsonl'}: skipped: owned by" in err
    assert json.loads(out)["students"][0]["answered"] == 1


@pytest.mark.parametrize("plant", ["fifo", "link to /dev/zero", "readable by others", "short"])
def test_a_planted_pseudonym_key_is_refused(tmp_path, capsys, plant) -> None:
    directory = tmp_path / "class"
    directory.mkdir()
    journal_path(directory, LOGIN).write_bytes(GOOD + b"\n")
    key = directory / ".pseudonym-key"
    if plant == "fifo":
        os.mkfifo(key)
    elif plant == "link to /dev/zero":
        key.symlink_to("/dev/zero")
    else:
        key.write_bytes(b"k" * (32 if plant == "readable by others" else 8))
        key.chmod(0o644 if plant == "readable by others" else 0o600)
    code, out, err = report_in_process(capsys, directory, "--anonymous")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "delete it" in err and str(key) in err, err


def test_a_pseudonym_key_cannot_be_created_where_the_teacher_cannot_write(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere; the real-user test covers the teacher's side")
    directory = tmp_path / "class"
    directory.mkdir()
    journal_path(directory, LOGIN).write_bytes(GOOD + b"\n")
    directory.chmod(0o555)
    code, _, err = report_in_process(capsys, directory, "--anonymous")
    directory.chmod(0o755)
    assert code == 2 and "cannot create the pseudonym key" in err


# -- the writer ------------------------------------------------------------------------------


def test_the_journal_mode_is_set_whatever_the_umask(tmp_path) -> None:
    old = os.umask(0o077)
    try:
        journal = ClassJournal(tmp_path, learner="ada")
        journal.record("hint", lesson="first", item="slope")
    finally:
        os.umask(old)
    assert journal.path.stat().st_mode & 0o777 == 0o640
    journal.path.chmod(0o600)  # an older tutor's journal is repaired on the next run
    ClassJournal(tmp_path, learner="ada").record("hint", lesson="first", item="slope")
    assert journal.path.stat().st_mode & 0o777 == 0o640


def test_answers_are_capped_before_they_are_stored(tmp_path) -> None:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    long_answer = "parameter, " + "learned from the data, " * 500
    result = run_tutor(
        ["--headless", "--lessons", str(MINI), "--class-dir", str(class_dir)],
        tmp_path / "data",
        long_answer + "\n",
    )
    assert result.returncode == 0
    records = [json.loads(line) for line in journal_path(class_dir, LOGIN).read_text().splitlines()]
    stored = next(r for r in records if r["kind"] == "attempt")["answer_text"]
    assert len(stored) == MAX_TEXT_CHARS and stored.endswith("…")
    assert long_answer.startswith(stored[:-1])
    export = run_tutor(["export", "--json", "--lessons", str(MINI)], tmp_path / "data")
    assert json.loads(export.stdout)["attempts"][0]["answer_text"] == stored  # the own store too


def test_a_record_always_starts_on_a_new_line(tmp_path) -> None:
    journal = ClassJournal(tmp_path, learner="ada")
    journal.path.write_bytes(GOOD + b"\n" + GOOD[:50])  # a line cut short by a full disk
    journal.record("hint", lesson="first", item="slope")
    lines = journal.path.read_bytes().splitlines()
    assert lines[1] == GOOD[:50] and json.loads(lines[2])["kind"] == "hint"
    reader = ClassReader(tmp_path)
    reader.poll()
    assert [r.kind for r in reader.journals[0].records] == ["attempt", "hint"]
    assert any(":2: skipped: not a complete tutor record" in w for w in reader.warnings)


def test_a_journal_that_failed_for_a_moment_is_retried(tmp_path, monkeypatch) -> None:
    """A full disk for three answers: one warning, nothing lost, no torn line left."""
    from tutor.core.loader import load_pack
    from tutor.core.progress import ProgressStore

    real_write = os.write
    failures = {"left": 0}

    def flaky_write(descriptor: int, data: bytes) -> int:
        if failures["left"]:
            failures["left"] -= 1
            real_write(descriptor, data[: len(data) // 2])  # half a line, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(classroom.os, "write", flaky_write)
    journal = ClassJournal(tmp_path, learner="ada")
    store = ProgressStore(tmp_path / "data", "ada")
    engine = Engine(load_pack(MINI), store, journal=journal, run_demos=False)
    engine.start()
    failures["left"] = 3
    errors = [e for e in engine.reply("parameter") if isinstance(e, ev.Error)]
    assert len(errors) == 1 and "will try again" in errors[0].text
    assert [e for e in engine.reply("hint") if isinstance(e, ev.Error)] == []  # quiet meanwhile
    assert [e for e in engine.reply("parameter") if isinstance(e, ev.Error)] == []
    store.close()
    lines = journal.path.read_bytes().splitlines()
    kinds = [json.loads(line)["kind"] for line in lines]  # every line whole
    assert kinds.count("attempt") == 2 and kinds.count("hint") == 1
    assert kinds.count("ask") == 3 and "lesson_end" in kinds


def test_a_full_journal_stops_with_a_message(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(classroom, "MAX_JOURNAL_BYTES", 2000)
    journal = ClassJournal(tmp_path, learner="ada")
    with pytest.raises(ClassDirError, match="size limit"):
        for _ in range(100):
            journal.record("hint", lesson="first", item="slope")
    assert journal.path.stat().st_size <= 2000


def test_a_server_writes_for_a_named_learner(tmp_path) -> None:
    """A lab server's process writes each learner's journal under the learner's login."""
    for login in ("ann", "bo"):
        journal = ClassJournal(tmp_path, learner=login.title(), login=login)
        journal.record("ask", lesson="first", item="slope", number=1, of=2)
    reader = ClassReader(tmp_path)
    reader.poll()
    written = {j.path.name: (j.written_by, [r.login for r in j.records]) for j in reader.journals}
    assert written == {"ann.jsonl": ("server", ["ann"]), "bo.jsonl": ("server", ["bo"])}


def test_a_symlinked_journal_is_refused_with_what_to_ask(tmp_path) -> None:
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    journal_path(class_dir, LOGIN).symlink_to(tmp_path / "sink")
    result = run_tutor(
        ["--headless", "--lessons", str(MINI), "--class-dir", str(class_dir)],
        tmp_path / "data",
        "parameter\n",
    )
    assert result.returncode == 0 and not (tmp_path / "sink").exists()
    warning = result.stderr.decode().strip()
    assert warning.count("\n") == 0 and "is a symbolic link" in warning
    assert f"ask your teacher to delete {LOGIN}.jsonl" in warning
    assert "progress is still saved" in warning


def test_a_flood_of_bad_lines_gives_a_bounded_number_of_warnings(tmp_path, capsys) -> None:
    directory, journal = class_dir_with(tmp_path, b"\n".join([b"junk"] * 5000))
    code, out, err = report_in_process(capsys, directory, "--json")
    assert code == 0 and json.loads(out)["students"][0]["answered"] == 1
    lines = err.splitlines()
    assert len(lines) == 21 and lines[-1] == f"tutor: warning: {journal}: 4980 more lines skipped"


def test_the_reader_follows_a_growing_journal(tmp_path) -> None:
    journal = ClassJournal(tmp_path, learner="ada")
    reader = ClassReader(tmp_path)
    journal.record("hint", lesson="first", item="slope")
    assert reader.poll() is True and reader.poll() is False  # nothing new: nothing done
    line = json.dumps(record()).encode()
    with journal.path.open("ab") as handle:
        handle.write(line[:30])  # a record half written
    assert reader.poll() is True
    assert len(reader.journals[0].records) == 1 and "unfinished last line" in reader.warnings[0]
    with journal.path.open("ab") as handle:
        handle.write(line[30:] + b"\n")
    reader.poll()
    assert [r.kind for r in reader.journals[0].records] == ["hint", "attempt"]
    assert reader.warnings == []
    journal.path.write_bytes(line + b"\n")  # rewritten: read again from the start
    reader.poll()
    assert [r.kind for r in reader.journals[0].records] == ["attempt"]
    journal.path.unlink()
    assert reader.poll() is True and reader.journals == []
