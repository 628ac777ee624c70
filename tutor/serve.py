"""``tutor serve``: the Textual app in a web browser, through textual-serve.

Every browser tab that opens the page gets its own ``tutor`` process (the Textual app with
Textual's web driver), started with the same options as the server. The server binds to
127.0.0.1 unless told otherwise. Browsers will not open a websocket to a wildcard address
such as 0.0.0.0, so for one the page is given a reachable address (``public_url``) instead.
"""

from __future__ import annotations

import contextlib
import ipaddress
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from tutor.settings import Settings, UsageError, open_journal, open_pack, open_store

EXIT_USAGE = 2
EXIT_FAILED = 1
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MISSING_PACKAGE = (
    "tutor: `tutor serve` needs textual-serve, which is not installed; "
    "install it with: pip install 'tutor[web]'"
)


# The sessions' terminal is xterm.js in the browser, whatever terminal the server runs in
# (started from a Linux console, TERM=linux would give every tab the console's ASCII glyphs).
SESSION_TERM = "xterm-256color"


def app_command(settings: Settings, python: str = sys.executable) -> str:
    """The shell command each browser session runs: this Python, ``-m tutor.cli``, the options."""
    args = [python, "-m", "tutor.cli"]
    paths: list[tuple[str, Path | None]] = [
        ("--lessons", settings.lessons_dir),
        ("--data-dir", settings.data_dir),
        ("--class-dir", settings.class_dir),
    ]
    for flag, path in paths:
        if path is not None:
            args += [flag, str(path.expanduser().resolve())]
    if settings.learner:
        args += ["--learner", settings.learner]
    if settings.lesson:
        args += ["--lesson", settings.lesson]
    if settings.items:
        args += ["--items", ",".join(settings.items)]
    args += ["--seed", str(settings.seed)]
    return f"TERM={SESSION_TERM} {shlex.join(args)}"


def is_loopback(host: str) -> bool:
    """True for addresses only this computer can reach (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for "every interface" addresses (0.0.0.0, ::, or empty), which browsers cannot use."""
    name = host.strip("[]")
    if not name:
        return True
    try:
        return ipaddress.ip_address(name).is_unspecified
    except ValueError:
        return False


def reachable_address() -> str:
    """This computer's first non-loopback IP address, or its host name if it has none."""
    candidates: list[str] = []
    # The interface of the default route (connect() on UDP sends nothing), then the
    # addresses the host name resolves to.
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: documentation only, never routed
        candidates.append(probe.getsockname()[0])
    hostname = socket.gethostname()
    with contextlib.suppress(OSError):
        candidates += socket.gethostbyname_ex(hostname)[2]
    for address in candidates:
        if not is_loopback(address) and not is_wildcard(address):
            return address
    return hostname


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def public_url(host: str, port: int, *, address: str | None = None) -> str:
    """The URL browsers use for the page and its websocket.

    A wildcard host is replaced by ``address`` (default: :func:`reachable_address`).
    """
    if is_wildcard(host):
        host = address if address is not None else reachable_address()
    return f"http://{_url_host(host)}:{port}"


def notice(host: str, port: int, url: str) -> str:
    """The one line printed when the server listens."""
    if is_loopback(host):
        return (
            f"tutor: serving the tutor at {url} (this computer only; "
            "add --host 0.0.0.0 to let other computers connect). Ctrl+C stops."
        )
    if is_wildcard(host):
        return (
            f"tutor: serving the tutor on every network interface, port {port}: open {url} "
            f"(browsers cannot connect to {host or '0.0.0.0'}, so the page uses that "
            "address; anyone who can reach it can start a session). Ctrl+C stops."
        )
    return (
        f"tutor: serving the tutor at {url} (reachable from other computers; anyone who "
        "can reach it can start a session). Ctrl+C stops."
    )


def check_free(host: str, port: int) -> None:
    """Raise OSError (e.g. "Address already in use") unless ``host:port`` can be listened on.

    Checked before serving, because textual-serve announces itself before it binds.
    """
    for family, kind, proto, _, address in socket.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    ):
        with socket.socket(family, kind, proto) as listener:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            listener.bind(address)


def build_server(host: str, port: int, settings: Settings, url: str | None = None) -> Any:
    """The textual-serve Server for the tutor (raises ImportError without textual-serve)."""
    import asyncio
    import logging

    from aiohttp import web
    from textual_serve.server import Server

    class TutorServer(Server):
        """textual-serve's Server with a one-line notice instead of its banner and access log,
        and sessions that end when the server stops rather than when their tabs close."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task[Any]] = set()

        def initialize_logging(self) -> None:
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            print(notice(self.host, self.port, self.public_url), flush=True)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            # Without this, Ctrl+C waits for every open tab to close (or for aiohttp's
            # 60-second timeout); cancelled, a session closes its websocket and its app.
            for task in list(self.sessions):
                task.cancel()

    return TutorServer(
        app_command(settings),
        host=host,
        port=port,
        title="tutor",
        public_url=url or public_url(host, port),
    )


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    settings: Settings | None = None,
    *,
    url: str | None = None,
) -> int:
    """Serve the tutor in a browser until Ctrl+C; returns the exit status.

    Bad options (an unknown lesson, a missing lesson directory, a data directory that cannot
    be written) raise ``UsageError`` here, once, instead of in every browser session. ``url``
    overrides the address the page uses (e.g. ``https://tutor.example.org`` behind a proxy).
    """
    settings = settings if settings is not None else Settings()
    if not 1 <= port <= 65535:
        raise UsageError(f"a port is a number from 1 to 65535, not {port}")
    try:
        server = build_server(host, port, settings, url)
    except ImportError:
        print(MISSING_PACKAGE, file=sys.stderr)
        return EXIT_USAGE
    open_pack(settings, strict=False)
    open_store(settings).close()
    open_journal(settings)  # a class directory that cannot be used: warned once, here
    for warning in settings.warnings:
        print(f"tutor: warning: {warning}", file=sys.stderr)
    try:
        check_free(host, port)
        server.serve()
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"tutor: cannot listen on {_url_host(host)}:{port}: {reason}", file=sys.stderr)
        return EXIT_FAILED
    return 0
