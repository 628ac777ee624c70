"""`tutor serve --ssh`: learners log in with the roster's keys and passwords and get the tutor.

One server serves most tests (started once for the module); shutdown, restart and the idle
timeout use servers of their own. Clients are asyncssh, and OpenSSH in tmux.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.ssh_helpers import (
    FIRST_TEXT,
    PAINTED,
    Learners,
    ServerProcess,
    Terminal,
    alive,
    asyncssh,
    connect,
)

pytestmark = pytest.mark.skipif(asyncssh is None, reason="needs asyncssh (the ssh extra)")


@pytest.fixture(scope="module")
def learners(tmp_path_factory) -> Learners:
    return Learners.make(tmp_path_factory.mktemp("learners"))


@pytest.fixture(scope="module")
def server(tmp_path_factory, learners):
    root = tmp_path_factory.mktemp("server")
    running = ServerProcess(root, learners.roster, "--max-sessions", "3", "--max-per-learner", "2")
    yield running
    running.stop()


@pytest.fixture
def shared(server):
    """The module's server, with no session left over from an earlier test."""
    server.wait_idle()
    yield server
    server.wait_idle()


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 60))


def attempts(data_dir: Path, learner: str) -> list[tuple[str, str, str]]:
    path = data_dir / "learners" / learner / "progress.sqlite3"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return db.execute("SELECT learner, item, answer_text FROM attempts").fetchall()


def journal(class_dir: Path) -> list[dict]:
    records = []
    for path in class_dir.glob("*.jsonl"):
        records += [json.loads(line) for line in path.read_text().splitlines() if line]
    return records


async def wait_until(check, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the condition never held")


# -- logging in, the tutor, progress and journal -------------------------------------------------


def test_key_login_paints_answers_resizes_and_records_under_the_learners_name(shared, learners):
    async def scenario():
        term = await Terminal.open(shared.port, "alice", key=learners.keys["alice"])
        await term.wait_for(FIRST_TEXT)
        mark = len(term.output)
        term.process.change_terminal_size(120, 40)
        await term.wait_for("Lessons", start=mark)  # the outline opens on a wide terminal
        term.type("parameter\r")
        await wait_until(lambda: attempts(shared.data_dir, "alice"))
        term.type("\x11")  # Ctrl+Q: quitting the tutor closes the connection
        await term.wait_closed()
        return term.process.exit_status

    assert run(scenario()) == 0
    assert attempts(shared.data_dir, "alice") == [("alice", "slope-m", "parameter")]
    records = [r for r in journal(shared.class_dir) if r.get("kind") == "attempt"]
    assert [(r["learner"], r["login"], r["item"], r["correct"]) for r in records] == [
        ("alice", "alice", "slope-m", True)
    ]
    assert (shared.class_dir / "alice.jsonl").exists()  # written by the server, for alice
    report = _tutor("report", str(shared.class_dir), "--json")  # the teacher's report trusts it
    assert report.returncode == 0, report.stderr
    [row] = json.loads(report.stdout)["students"]
    assert row["learner"] == "alice" and row["login"] == "alice"
    log = shared.wait_log("logout alice")
    assert "login alice from 127.0.0.1 (full screen 80x24 xterm-256color)" in log


def test_password_login_and_line_mode_without_a_terminal(shared, learners):
    async def scenario():
        term = await Terminal.open(shared.port, "bob", password=learners.password, pty=False)
        await term.wait_for(FIRST_TEXT)  # paced: the answer may come before the question shows
        term.type("hyperparameter\n")
        await term.wait_for("parameter", start=len(term.output))
        term.process.stdin.write_eof()
        await term.wait_closed()
        return term.text

    text = run(scenario())
    assert FIRST_TEXT in text and "\x1b" not in text  # plain text, no escape sequences
    assert attempts(shared.data_dir, "bob") == [("bob", "slope-m", "hyperparameter")]
    assert not (shared.data_dir / "learners" / "alice" / "line-history").exists()


def test_input_and_its_end_sent_at_once_are_all_read(shared, learners):
    """`printf 'parameter\\n' | ssh -T ...`: the end of input may come before the child."""

    async def scenario():
        before = len(attempts(shared.data_dir, "carol"))
        term = await Terminal.open(shared.port, "carol", key=learners.keys["carol"], pty=False)
        term.type("parameter\n")
        term.process.stdin.write_eof()
        await term.wait_closed(timeout=30)
        return before, term.process.exit_status

    before, status = run(scenario())
    assert status == 0
    assert len(attempts(shared.data_dir, "carol")) == before + 1


def test_no_color_from_the_client_reaches_the_app(shared, learners):
    async def screen(env):
        term = await Terminal.open(shared.port, "carol", key=learners.keys["carol"], env=env)
        await term.wait_for(PAINTED)
        term.close()
        await term.wait_closed()
        return bytes(term.output)

    coloured = run(screen({}))
    plain = run(screen({"NO_COLOR": "1"}))
    assert chromatic(coloured)
    assert not chromatic(plain)  # NO_COLOR: Textual draws in shades of grey


def chromatic(output: bytes) -> set[int]:
    """The 256-colour codes in ``output`` that are neither grey nor black nor white."""
    codes = {int(n) for n in re.findall(rb"[34]8;5;(\d+)", output)}
    greys = set(range(232, 256)) | {0, 7, 8, 15, 16, 59, 102, 145, 188, 231}
    return codes - greys


# -- who may log in --------------------------------------------------------------------------------


def test_wrong_key_wrong_password_and_someone_elses_name_are_refused(shared, learners):
    stranger = asyncssh.generate_private_key("ssh-ed25519")

    async def refused(user, **how):
        with pytest.raises(asyncssh.PermissionDenied):
            conn = await connect(shared.port, user, **how)
            conn.close()

    async def scenario():
        await refused("alice", key=stranger)
        await refused("bob", password="not the password")
        await refused("carol", key=learners.keys["alice"])  # alice's key, carol's name
        await refused("mallory", password=learners.password)  # not in the roster

    run(scenario())
    log = shared.wait_log("failed login as mallory")
    assert "failed login as bob from 127.0.0.1 (wrong password)" in log
    assert "failed login as carol from 127.0.0.1" in log


def test_commands_sftp_and_forwarding_are_refused(shared, learners):
    async def scenario():
        conn = await connect(shared.port, "alice", key=learners.keys["alice"])
        async with conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.run("cat /etc/passwd")
            with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
                await conn.start_sftp_client()
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", shared.port)
            with pytest.raises(asyncssh.ChannelListenError):
                await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 9)

    run(scenario())
    assert "refused a command from alice" in shared.wait_log("refused subsystem 'sftp'")


# -- limits and faults ----------------------------------------------------------------------------


def test_sessions_are_capped_per_learner_and_in_all(shared, learners):
    async def scenario():
        alice = learners.keys["alice"]
        first = await Terminal.open(shared.port, "alice", key=alice)
        second = await Terminal.open(shared.port, "alice", key=alice)
        third = await Terminal.open(shared.port, "alice", key=alice)
        await third.wait_closed()
        carol = await Terminal.open(shared.port, "carol", key=learners.keys["carol"])
        await carol.wait_for(PAINTED)
        bob = await Terminal.open(shared.port, "bob", password=learners.password)
        await bob.wait_closed()
        for term in (first, second, carol):
            await term.wait_for(PAINTED)
            term.close()
        return third, bob

    third, bob = run(scenario())
    assert "you already have 2 tutor sessions open" in third.text
    assert third.process.exit_status == 1
    assert "the class server is full (3 sessions)" in bob.text


def test_a_killed_session_leaves_the_others_running(shared, learners):
    async def scenario():
        victim = await Terminal.open(shared.port, "alice", key=learners.keys["alice"])
        await victim.wait_for(PAINTED)
        before = len(attempts(shared.data_dir, "alice"))
        victim.type("parameter\r")
        await wait_until(lambda: len(attempts(shared.data_dir, "alice")) > before)
        pids = shared.session_pids()
        other = await Terminal.open(shared.port, "carol", key=learners.keys["carol"])
        await other.wait_for(PAINTED)
        [victim_pid] = pids
        import os

        os.kill(victim_pid, signal.SIGKILL)
        await victim.wait_closed()
        mark = len(other.output)
        other.type("par")  # the other session still answers keystrokes
        await other.wait_for("par", start=mark)
        other.close()
        await other.wait_closed()
        return victim, before

    victim, before = run(scenario())
    assert victim.process.exit_status != 0
    assert len(attempts(shared.data_dir, "alice")) == before + 1  # saved before the crash
    assert "\x1b[?1049l" in victim.output.decode(errors="replace")  # terminal put back
    assert "this session stopped unexpectedly; your progress is saved" in victim.text


def test_a_dropped_connection_ends_its_session_and_process(shared, learners):
    async def scenario():
        term = await Terminal.open(shared.port, "carol", key=learners.keys["carol"])
        await term.wait_for(PAINTED)
        [pid] = shared.session_pids()
        term.conn.abort()  # the connection drops, no goodbye
        started = time.monotonic()
        await wait_until(lambda: not alive(pid), timeout=10)
        return time.monotonic() - started

    took = run(scenario())
    print(f"session process gone {took:.2f} s after the connection dropped")
    shared.wait_log("logout carol")
    assert shared.session_pids() == []


# -- idle timeout, shutdown and restart ------------------------------------------------------------


def test_idle_sessions_close_and_shutdown_saves_progress_and_restart_resumes(tmp_path, learners):
    short = ServerProcess(tmp_path, learners.roster, "--idle-timeout", "1.5")
    try:

        async def idle():
            term = await Terminal.open(short.port, "carol", key=learners.keys["carol"])
            await term.wait_for(FIRST_TEXT)
            await term.wait_closed(timeout=15)
            return term

        idled = run(idle())
        assert "closed after 1.5 seconds without typing; your progress is saved" in idled.text

        async def answer_then_stop():
            term = await Terminal.open(short.port, "alice", key=learners.keys["alice"])
            await term.wait_for(FIRST_TEXT)
            term.type("parameter\r")
            await wait_until(lambda: attempts(short.data_dir, "alice"))
            pids = [*short.session_pids(), short.zygote_pid()]
            took = await asyncio.get_running_loop().run_in_executor(None, short.stop)
            await term.wait_closed()
            return term, pids, took

        term, pids, took = run(answer_then_stop())
    finally:
        short.stop()
    print(f"server stopped {took:.2f} s after SIGTERM")
    assert short.process.returncode == 0
    assert "the class server is stopping; your progress is saved" in term.text
    assert not any(alive(pid) for pid in pids if pid)
    assert attempts(short.data_dir, "alice") == [("alice", "slope-m", "parameter")]

    again = ServerProcess(tmp_path, learners.roster, port=short.port)
    try:

        async def resume():
            term = await Terminal.open(again.port, "alice", key=learners.keys["alice"], pty=False)
            await term.wait_for("Welcome back!")
            term.process.stdin.write_eof()
            await term.wait_closed()

        run(resume())
        # the same host key after a restart: clients do not see a new server
        key_file = tmp_path / "data" / "ssh_host_ed25519_key"
        assert key_file.stat().st_mode & 0o777 == 0o600
        assert "made a new host key" not in again.log_text()
    finally:
        again.stop()


# -- the OpenSSH client in a real terminal -------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("ssh") is None or shutil.which("tmux") is None, reason="needs ssh and tmux"
)
def test_openssh_client_in_tmux(shared, learners, tmp_path):
    name = f"tutor-ssh-{shared.port}"
    command = (
        f"ssh -i {learners.key_file('alice')} -p {shared.port} -o StrictHostKeyChecking=no "
        f"-o UserKnownHostsFile={tmp_path / 'known_hosts'} -o IdentitiesOnly=yes "
        f"-o BatchMode=yes alice@127.0.0.1; echo SSH-EXIT=$?; sleep 30"
    )
    subprocess.run(["tmux", "new", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True)

    def screen() -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
        ).stdout

    from tests.helpers import wait_for_text

    try:
        wait_for_text(screen, PAINTED, 30)
        subprocess.run(["tmux", "resize-window", "-t", name, "-x", "110", "-y", "30"], check=True)
        wait_for_text(screen, "Lessons", 15)  # the outline, shown on wide terminals
        before = len(attempts(shared.data_dir, "alice"))
        subprocess.run(["tmux", "send-keys", "-t", name, "-l", "skip"])
        subprocess.run(["tmux", "send-keys", "-t", name, "Enter"])
        wait_for_text(screen, "skip", 15)
        deadline = time.monotonic() + 15
        while len(attempts(shared.data_dir, "alice")) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(attempts(shared.data_dir, "alice")) == before + 1  # the skip was recorded
        subprocess.run(["tmux", "send-keys", "-t", name, "C-q"])
        wait_for_text(screen, "SSH-EXIT=0", 15)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


# -- the roster from the command line --------------------------------------------------------------


def _tutor(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_roster_add_key_then_password_needs_a_terminal(tmp_path, learners):
    roster_file = tmp_path / "roster"
    result = _tutor(
        "roster",
        "add",
        "dana",
        "--key",
        f"{learners.key_file('alice')}.pub",
        "--roster",
        str(roster_file),
    )
    assert result.returncode == 0, result.stderr
    text = roster_file.read_text()
    assert text.rstrip().endswith(" dana") and "alice@laptop" not in text
    assert roster_file.stat().st_mode & 0o777 == 0o600
    again = _tutor(
        "roster",
        "add",
        "erin",
        "--key",
        f"{learners.key_file('alice')}.pub",
        "--roster",
        str(roster_file),
    )
    assert again.returncode == 2 and "already dana's" in again.stderr
    no_tty = _tutor("roster", "add", "dana", "--password", "--roster", str(roster_file))
    assert no_tty.returncode == 2
    assert no_tty.stderr.strip().count("\n") == 0 and "terminal" in no_tty.stderr


def test_password_is_asked_twice_and_checked(tmp_path):
    from tutor.serve_ssh import roster
    from tutor.serve_ssh.commands import ask_password
    from tutor.settings import UsageError

    answers = iter(["a long secret", "a long secret"])
    password = ask_password("dana", prompt=lambda _: next(answers), interactive=lambda: True)
    path = tmp_path / "roster"
    roster.set_password(path, "dana", password)
    roster.set_password(path, "dana", password)  # replaces, never two password lines
    loaded = roster.load(path)
    assert loaded.password_matches("dana", "a long secret")
    assert not loaded.password_matches("dana", "a long secreT")
    assert path.read_text().count("\npassword ") == 1
    differ = iter(["a long secret", "another secret"])
    with pytest.raises(UsageError, match="differ"):
        ask_password("dana", prompt=lambda _: next(differ), interactive=lambda: True)


def test_bad_roster_lines_are_reported_by_file_and_line(tmp_path, learners):
    path = tmp_path / "roster"
    alice = Path(f"{learners.key_file('alice')}.pub").read_text().split()[:2]
    path.write_text(
        "# a comment\n"
        f"{alice[0]} {alice[1]}\n"  # no name
        "ssh-ed25519 AAAAnotakey dana\n"
        f"{alice[0]} {alice[1]} bad/name\n"
        "password scrypt$1$2$3 erin\n"
        f"{alice[0]} {alice[1]} frank\n"
        f"{alice[0]} {alice[1]} gina\n"
    )
    result = _tutor("serve", "--ssh", "--roster", str(path), "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert [line.removeprefix("tutor: ").split(": ")[0] for line in lines] == [
        f"{path}:{n}" for n in (2, 3, 4, 5, 7)
    ]
    assert "no learner name" in lines[0] and "already frank's (line 6)" in lines[4]
    assert "Traceback" not in result.stderr


def test_login_limiter_and_session_caps():
    from tutor.serve_ssh.limits import LoginLimiter, SessionCaps

    now = [0.0]
    limiter = LoginLimiter(allowed=3, window=60, clock=lambda: now[0])
    assert [limiter.failed("10.0.0.1") for _ in range(3)] == [False, False, True]
    assert limiter.blocked("10.0.0.1") and not limiter.blocked("10.0.0.2")
    now[0] = 61.0
    assert not limiter.blocked("10.0.0.1")
    caps = SessionCaps(total_cap=2, per_learner_cap=1)
    caps.open("alice")
    assert "already have 1 tutor session open" in (caps.refusal("alice") or "")
    caps.open("bob")
    assert "full" in (caps.refusal("carol") or "")
    caps.close("alice")
    assert caps.refusal("carol") is None


def test_the_roster_is_read_again_when_it_changes(tmp_path, learners):
    from tutor.serve_ssh import roster

    path = tmp_path / "roster"
    roster.set_password(path, "dana", "a long secret")
    loaded = roster.load(path)
    assert roster.reload_if_changed(loaded) == (loaded, [])
    roster.add_key(path, "erin", Path(f"{learners.key_file('carol')}.pub").read_text())
    fresh, problems = roster.reload_if_changed(loaded)
    assert problems == [] and sorted(fresh.learners) == ["dana", "erin"]
    with path.open("a") as handle:
        handle.write("not a key\n")
    kept, problems = roster.reload_if_changed(fresh)
    assert kept is fresh and problems and problems[0].startswith(f"{path}:")


def test_other_addresses_are_warned_about():
    from tutor.serve_ssh.server import _notice, address_warning

    assert address_warning("127.0.0.1") is None and address_warning("localhost") is None
    assert "other computers can reach" in (address_warning("0.0.0.0") or "")
    notice = _notice("0.0.0.0", 2222, 30, Path("roster"))
    assert "ssh -p 2222 NAME@THIS-COMPUTER" in notice and "30 learners" in notice


def test_host_key_is_made_once_private_and_refused_when_others_can_read_it(tmp_path):
    from tutor.serve_ssh.hostkey import HostKeyError, load_or_create

    path = tmp_path / "data" / "ssh_host_ed25519_key"
    key, created = load_or_create(path)
    again, created_again = load_or_create(path)
    assert created and not created_again
    assert again.public_data == key.public_data and path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o644)
    with pytest.raises(HostKeyError, match="chmod 600"):
        load_or_create(path)


def test_password_hashes_are_salted_and_checked_strictly():
    from tutor.serve_ssh import passwords

    first, second = passwords.hash_password("same words"), passwords.hash_password("same words")
    assert first != second  # a salt per entry
    assert passwords.check_password("same words", first)
    assert not passwords.check_password("same words!", first)
    assert not passwords.check_password("x" * 2000, first)  # refused before any work
    for damaged in ("scrypt$16384$8$1$c2FsdA==", "md5$1$2$3$4$5", "scrypt$3$8$1$AAAA$AAAA"):
        with pytest.raises(passwords.BadHash):
            passwords.parse_hash(damaged)


def test_a_lesson_pack_that_cannot_load_stops_the_server_in_one_line(tmp_path, learners):
    result = _tutor(
        "serve",
        "--ssh",
        "--roster",
        str(learners.roster),
        "--data-dir",
        str(tmp_path / "d"),
        "--lessons",
        str(tmp_path / "missing"),
        "--port",
        "2",
    )
    assert result.returncode == 2
    assert "no such lesson directory" in result.stderr and "Traceback" not in result.stderr
