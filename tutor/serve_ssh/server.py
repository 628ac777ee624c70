"""``tutor serve --ssh``: the tutor for a class over SSH, without accounts for the students.

Learners log in with the key or password the roster gives them, as their roster name; each
session is a child of the warm parent (see zygote.py) in its own pseudo-terminal. Nothing but
the tutor runs: commands, subsystems (SFTP) and every kind of forwarding are refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh

from tutor.serve_ssh import limits, roster
from tutor.serve_ssh.hostkey import HOST_KEY_NAME, HostKeyError, load_or_create
from tutor.serve_ssh.relay import TutorSession
from tutor.serve_ssh.spawner import Spawner, SpawnError
from tutor.settings import Settings, UsageError

EXIT_FAILED = 1
DEFAULT_PORT = 2222
ROSTER_NAME = "roster"
LOGIN_TIMEOUT = 30  # seconds to authenticate
KEEPALIVE_INTERVAL = 15  # seconds; a link that answers none of 4 keepalives is dropped
MAX_PENDING_PER_ADDRESS = 50  # connections from one address still logging in (a lab: 30 at once)
SHUTDOWN_GRACE = 1.2  # seconds sessions have to leave on Ctrl+C / SIGTERM before SIGKILL
STOPPING = (
    "tutor: the class server is stopping; your progress is saved. "
    "Connect again when it is back to go on where you stopped."
)


@dataclass
class SSHOptions:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    roster: Path | None = None
    host_key: Path | None = None
    max_sessions: int = 100
    max_per_learner: int = 2
    idle_timeout: float = 1800.0


def log(text: str) -> None:
    print(f"tutor: {time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


class Hub:
    """What every connection shares: the roster, the limits, the sessions, the spawner."""

    def __init__(self, options: SSHOptions, class_roster: roster.Roster, spawner: Spawner) -> None:
        self.roster = class_roster
        self.spawner = spawner
        self.idle_timeout = options.idle_timeout
        self.caps = limits.SessionCaps(options.max_sessions, options.max_per_learner)
        self.limiter = limits.LoginLimiter()
        self.sessions: set[TutorSession] = set()
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.pending: Counter[str] = Counter()  # connections not logged in yet, per address
        self.log = log

    def current_roster(self) -> roster.Roster:
        """The roster, re-read when its file has changed (a broken edit keeps the old one)."""
        self.roster, problems = roster.reload_if_changed(self.roster)
        for problem in problems:
            self.log(f"warning: roster not reloaded: {problem}")
        return self.roster

    async def end_all(self, grace: float = SHUTDOWN_GRACE) -> None:
        sessions = list(self.sessions)
        for session in sessions:
            session.end(STOPPING)
        tasks = [s.task for s in sessions if s.task is not None]
        if tasks:
            await asyncio.wait(tasks, timeout=grace + 0.5)
        for connection in list(self.connections):
            connection.close()


class LoginHandler(asyncssh.SSHServer):
    """One connection: who it is (from the roster), and the sessions it may open."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.user = ""
        self.attempted = False
        self.counted_failure = False
        self.authenticated = False
        self.blocked = False
        self.counted_pending = False

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        self.hub.connections.add(conn)
        pending = self.hub.pending
        if pending[self.address] >= MAX_PENDING_PER_ADDRESS:
            self.hub.log(f"refused a connection from {self.address}: too many not logged in")
            asyncio.get_running_loop().call_soon(conn.close)
            return
        pending[self.address] += 1
        self.counted_pending = True

    def _done_pending(self) -> None:
        if self.counted_pending:
            self.counted_pending = False
            self.hub.pending[self.address] -= 1
            if self.hub.pending[self.address] <= 0:
                del self.hub.pending[self.address]

    def connection_lost(self, exc: Exception | None) -> None:
        self._done_pending()
        if self.conn is not None:
            self.hub.connections.discard(self.conn)
        if self.attempted and not self.authenticated and not self.counted_failure:
            self._failure("no accepted key or password")

    def begin_auth(self, username: str) -> bool:
        self.user = username
        self.hub.current_roster()
        wait = self.hub.limiter.wait(self.address)
        self.blocked = wait > 0
        if self.blocked and self.conn is not None:
            self.conn.send_auth_banner(
                f"tutor: too many failed logins from {self.address}; "
                f"try again in {int(wait) + 1} seconds\r\n"
            )
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        self.attempted = True
        return not self.blocked and self.hub.roster.key_matches(username, bytes(key.public_data))

    def password_auth_supported(self) -> bool:
        return self.hub.roster.has_passwords

    async def validate_password(self, username: str, password: str) -> bool:
        self.attempted = True
        if self.blocked:
            return False
        loop = asyncio.get_running_loop()
        ok = await loop.run_in_executor(None, self.hub.roster.password_matches, username, password)
        if not ok:
            self._failure("wrong password")
            self.counted_failure = True
            await asyncio.sleep(limits.FAILURE_DELAY)
        return ok

    def kbdint_auth_supported(self) -> bool:
        return False

    def auth_completed(self) -> None:
        self.authenticated = True
        self._done_pending()

    def session_requested(self) -> TutorSession:
        return TutorSession(self.hub, self.user, self.address)

    def _failure(self, why: str) -> None:
        shown = self.user if roster.valid_name(self.user) else repr(self.user[:40])
        self.hub.log(f"failed login as {shown} from {self.address} ({why})")
        if self.hub.limiter.failed(self.address):
            self.hub.log(
                f"{self.address} has had {self.hub.limiter.allowed} failed logins in "
                f"{self.hub.limiter.window:g} s; its logins wait"
            )


def address_warning(host: str) -> str | None:
    """The warning for an address other computers can reach (None for this computer only)."""
    from tutor.serve import is_loopback

    if is_loopback(host):
        return None
    return (
        f"listening on {host or 'every address'}: other computers can reach this server; "
        "only learners in the roster can log in"
    )


def _notice(host: str, port: int, learners: int, roster_path: Path) -> str:
    from tutor.serve import is_loopback, is_wildcard

    if is_loopback(host):
        reach, address = "this computer only; add --host 0.0.0.0 to let others connect", host
    else:
        reach = "reachable from other computers"
        address = "THIS-COMPUTER" if is_wildcard(host) else host
    shown = f"[{host}]" if ":" in host else host
    return (
        f"tutor: serving the tutor over SSH on {shown}:{port} ({reach}) for {learners} "
        f"learner{'s' if learners != 1 else ''} in {roster_path}. Learners connect with: "
        f"ssh -p {port} NAME@{address}. Ctrl+C stops."
    )


def _zygote_config(settings: Settings, data_dir: Path) -> dict[str, Any]:
    def text(path: Path | None) -> str | None:
        return str(path.expanduser().resolve()) if path is not None else None

    return {
        "data_dir": text(data_dir),
        "lessons_dir": text(settings.resolved_lessons_dir()),
        "class_dir": text(settings.resolved_class_dir()),
        "seed": settings.seed,
        "lesson": settings.lesson,
        "items": settings.items,
    }


def serve_ssh(options: SSHOptions, settings: Settings) -> int:
    """Serve the tutor over SSH until Ctrl+C or SIGTERM; returns the exit status."""
    data_dir = settings.resolved_data_dir()
    roster_path = options.roster or data_dir / ROSTER_NAME
    try:
        class_roster = roster.load(roster_path)
    except roster.RosterError as error:
        raise UsageError("\n".join(error.problems)) from None
    if not class_roster.learners:
        raise UsageError(
            f"{roster_path}: no learners yet; add them with "
            "`tutor roster add NAME --key FILE` or `tutor roster add NAME --password`"
        )
    try:
        host_key, created = load_or_create(options.host_key or data_dir / HOST_KEY_NAME)
    except HostKeyError as error:
        raise UsageError(str(error)) from None
    if created:
        log(f"made a new host key in {options.host_key or data_dir / HOST_KEY_NAME}")
    config = _zygote_config(settings, data_dir)
    return asyncio.run(_serve(options, class_roster, host_key, config))


async def _serve(
    options: SSHOptions, class_roster: roster.Roster, host_key: Any, config: dict[str, Any]
) -> int:
    spawner = Spawner(config)
    try:
        warnings = await spawner.start()
    except SpawnError as error:
        print(f"tutor: {error}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"tutor: warning: {warning}", file=sys.stderr)
    hub = Hub(options, class_roster, spawner)
    try:
        server = await asyncssh.create_server(
            lambda: LoginHandler(hub),
            options.host,
            options.port,
            server_host_keys=[host_key],
            server_version="tutor",
            encoding=None,
            line_editor=False,
            allow_pty=True,
            agent_forwarding=False,
            x11_forwarding=False,
            kbdint_auth=False,
            login_timeout=LOGIN_TIMEOUT,
            keepalive_interval=KEEPALIVE_INTERVAL,
            keepalive_count_max=4,
            reuse_address=True,
        )
    except OSError as error:
        await spawner.stop()
        reason = error.strerror or str(error)
        print(f"tutor: cannot listen on {options.host}:{options.port}: {reason}", file=sys.stderr)
        return EXIT_FAILED
    reachable = address_warning(options.host)
    if reachable:
        print(f"tutor: warning: {reachable}", file=sys.stderr)
    print(_notice(options.host, options.port, len(class_roster.learners), class_roster.path))
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    watcher = asyncio.ensure_future(_watch_spawner(spawner, stop))
    status = 0
    try:
        await stop.wait()
        if watcher.done():
            status = EXIT_FAILED
    finally:
        watcher.cancel()
        log(f"stopping: ending {len(hub.sessions)} session(s)")
        server.close()
        await hub.end_all()
        await spawner.stop(timeout=1.0)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 0.5)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    return status


async def _watch_spawner(spawner: Spawner, stop: asyncio.Event) -> None:
    """If the warm parent dies, no session can start: say so and stop."""
    process = spawner.process
    assert process is not None
    while process.poll() is None:
        await asyncio.sleep(0.5)
    log("the session starter has stopped unexpectedly; stopping the server")
    stop.set()
