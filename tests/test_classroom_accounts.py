"""The class directory with real accounts, set up as the README says (needs root; CI is root).

Temporary accounts are made with useradd and removed afterwards. Each run of tutor is a
process that has dropped root for the account (``setresuid``) before tutor's code runs, so
every permission check is the kernel's. The interpreter may live where other accounts cannot
enter (a root-only home), so the runner imports what tutor needs before dropping root.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("useradd") is None,
    reason="needs root and useradd to make temporary accounts",
)

RUNNER = """
import importlib, os, pkgutil, sys
import csv, hmac, json, secrets, sqlite3, tomllib, pwd, grp, getpass, fcntl, textwrap, locale
import argparse, gettext, unicodedata, difflib, random, statistics, uuid, shlex, decimal
import fractions, copy, base64, zlib, tempfile, glob, fnmatch, bisect, heapq, zoneinfo
import platformdirs, fsrs, tutor
for module in pkgutil.walk_packages(tutor.__path__, "tutor."):
    if not module.name.startswith(("tutor.tui", "tutor.line", "tutor.serve", "tutor.__main__")):
        importlib.import_module(module.name)
uid, gid, umask = (int(v) for v in sys.argv[1:4])
groups = [int(g) for g in sys.argv[4].split(",") if g]
os.setgroups(groups)
os.setresgid(gid, gid, gid)
os.setresuid(uid, uid, uid)
os.umask(umask)
if sys.argv[5] == "--python":
    exec(sys.argv[6])
else:
    sys.exit(tutor.cli.main(sys.argv[5:]))
"""


class Accounts:
    def __init__(self) -> None:
        tag = uuid.uuid4().hex[:5]
        self.group = f"tt{tag}teach"
        self.names = {role: f"tt{tag}{role}" for role in ("teacher", "ta", "ann", "bob")}
        self.base = Path(tempfile.mkdtemp(prefix="tutor-accounts-"))
        self.base.chmod(0o755)
        self.pack = self.base / "pack"

    def create(self) -> None:
        # the lesson pack where every account can read it (the clone may be in root's home)
        shutil.copytree(MINI, self.pack)
        for path in [self.pack, *self.pack.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        subprocess.run(["groupadd", self.group], check=True, capture_output=True)
        for role, name in self.names.items():
            subprocess.run(
                ["useradd", "-M", "-s", "/usr/sbin/nologin", name], check=True, capture_output=True
            )
            if role in ("teacher", "ta"):
                subprocess.run(["usermod", "-aG", self.group, name], check=True)
            home = self.base / f"home-{role}"
            home.mkdir(mode=0o700)
            shutil.chown(home, name, name)

    def remove(self) -> None:
        for name in self.names.values():
            subprocess.run(["userdel", name], capture_output=True)
        subprocess.run(["groupdel", self.group], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)

    def ids(self, role: str) -> tuple[int, int]:
        import pwd

        entry = pwd.getpwnam(self.names[role])
        return entry.pw_uid, entry.pw_gid

    def group_id(self) -> int:
        import grp

        return grp.getgrnam(self.group).gr_gid

    def run(
        self, role: str, args: list[str], stdin: str = "", *, umask: int = 0o022,
        groups: list[int] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:  # fmt: skip
        """tutor as this account; ``groups`` are its supplementary groups in this login."""
        uid, gid = self.ids(role)
        home = self.base / f"home-{role}"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "TUTOR_DATA_DIR": str(home / "data"),
            "TUTOR_CACHE_DIR": str(home / "cache"),
            "NO_COLOR": "1",
        }
        group_list = ",".join(str(g) for g in (groups or []))
        return subprocess.run(
            [sys.executable, "-c", RUNNER, str(uid), str(gid), str(umask), group_list, *args],
            input=stdin.encode(),
            capture_output=True,
            env=env,
            cwd=ROOT,
            timeout=120,
        )


@pytest.fixture(scope="module")
def accounts():
    made = Accounts()
    try:
        try:
            made.create()
        except subprocess.CalledProcessError as error:
            pytest.skip(f"cannot make temporary accounts here: {error.stderr.decode().strip()}")
        yield made
    finally:
        made.remove()


def student_args(class_dir: Path, learner: str, pack: Path) -> list[str]:
    return [
        "--headless",
        "--lessons",
        str(pack),
        "--class-dir",
        str(class_dir),
        "--learner",
        learner,
    ]


def test_the_readme_set_up_with_real_accounts(accounts: Accounts) -> None:
    class_dir = accounts.base / "class"
    teacher = accounts.names["teacher"]
    subprocess.run(
        ["install", "-d", "-o", teacher, "-g", accounts.group, "-m", "3773", str(class_dir)],
        check=True,
    )
    teachers = [accounts.group_id()]
    report = ["report", str(class_dir), "--lessons", str(accounts.pack)]

    # a student with umask 077 still writes a journal the teacher's group can read
    ann = accounts.run(
        "ann", student_args(class_dir, "Ann", accounts.pack), "parameter\nhint\n", umask=0o077
    )
    assert ann.returncode == 0 and ann.stderr == b"", ann.stderr
    ann_journal = class_dir / f"{accounts.names['ann']}.jsonl"
    info = ann_journal.stat()
    assert info.st_mode & 0o777 == 0o640 and info.st_gid == accounts.group_id()

    # ann squats bob's journal before bob's first run: bob is told what to ask for
    bob_journal = class_dir / f"{accounts.names['bob']}.jsonl"
    squat = accounts.run("ann", ["--python", f"open({str(bob_journal)!r}, 'a')"])
    assert squat.returncode == 0 and bob_journal.stat().st_uid == accounts.ids("ann")[0]
    bob = accounts.run("bob", student_args(class_dir, "Bob", accounts.pack), "parameter\n")
    assert bob.returncode == 0
    warning = bob.stderr.decode().strip()
    assert warning.count("\n") == 0, warning
    assert f"owned by {accounts.names['ann']}" in warning
    assert f"ask your teacher to delete {accounts.names['bob']}.jsonl" in warning
    assert b"feedback" in bob.stdout  # bob's own progress goes on

    # ann plants the pseudonym key: the teacher's anonymous report refuses it
    key = class_dir / ".pseudonym-key"
    key.write_bytes(b"k" * 32)
    key.chmod(0o600)
    shutil.chown(key, accounts.names["ann"], accounts.names["ann"])
    refused = accounts.run("teacher", [*report, "--anonymous"], groups=teachers)
    assert refused.returncode == 2 and refused.stdout == b""
    assert refused.stderr.decode().count("\n") == 1
    assert b"belongs to another account" in refused.stderr and b"delete it" in refused.stderr
    key.unlink()  # as the README says: the teacher deletes it and runs again
    anonymous = accounts.run(
        "teacher", [*report, "--anonymous", "--json"],
        groups=teachers,
    )  # fmt: skip
    assert anonymous.returncode == 0, anonymous.stderr
    info = key.stat()
    assert info.st_uid == accounts.ids("teacher")[0] and info.st_mode & 0o777 == 0o600
    names = [row["learner"] for row in json.loads(anonymous.stdout)["students"]]
    assert len(names) == 1 and names[0].startswith("student-")

    # the teacher reads ann's journal; the squatted file is reported, not trusted
    plain = accounts.run("teacher", [*report, "--json"], groups=teachers)
    assert plain.returncode == 0
    rows = json.loads(plain.stdout)["students"]
    assert [(r["learner"], r["answered"], r["hints"], r["written_by"]) for r in rows] == [
        ("Ann", 1, 1, "student")
    ]
    assert f"owned by '{accounts.names['ann']}'".encode() in plain.stderr

    # a second teacher added to the group but not logged in again: one line, exit 2
    stale = accounts.run("ta", report, groups=[])
    assert stale.returncode == 2 and stale.stdout == b""
    assert stale.stderr.decode().count("\n") == 1
    assert b"log out and in again" in stale.stderr and b"`id`" in stale.stderr
    fresh = accounts.run("ta", [*report, "--json"], groups=teachers)
    assert fresh.returncode == 0


def test_a_class_directory_students_cannot_reach_only_warns(accounts: Accounts) -> None:
    home = accounts.base / "home-teacher"  # 0700, as a home directory often is (or 0750)
    class_dir = home / "class"
    class_dir.mkdir(mode=0o777)
    class_dir.chmod(0o3777)
    result = accounts.run("ann", student_args(class_dir, "Ann", accounts.pack), "parameter\n")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    warning = result.stderr.decode().strip()
    assert warning.count("\n") == 0 and "cannot be reached" in warning, warning
    assert "progress is still saved" in warning
    assert b'"event": "feedback"' in result.stdout
