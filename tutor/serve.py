"""``tutor serve``: the Textual app in a web browser, through textual-serve.

Every browser tab that opens the page gets its own ``tutor`` process (the Textual app with
Textual's web driver), started with the same options as the server. The server binds to
127.0.0.1 unless told otherwise. Browsers will not open a websocket to a wildcard address
such as 0.0.0.0, so for one the page is given a reachable address (``public_url``) instead.

A web page is hostile until checked: a websocket is accepted only from the served page's
origin (another site open in the learner's browser cannot answer for them), and, when other
computers can connect, only with the per-run token printed at start. A session's terminal
size is capped, and its process ends within seconds of its client leaving.
"""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
import shlex
import socket
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tutor.settings import Settings, UsageError, open_journal, open_pack, open_store

EXIT_USAGE = 2
EXIT_FAILED = 1
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def missing_package() -> str:
    """The one line shown when textual-serve is missing, with the command that fits."""
    from tutor.install import extra_command

    return (
        "tutor: `tutor serve` needs textual-serve, which is not installed; "
        f"install it with: {extra_command('web')}"
    )


# The sessions' terminal is xterm.js in the browser, whatever terminal the server runs in
# (started from a Linux console, TERM=linux would give every tab the console's ASCII glyphs).
SESSION_TERM = "xterm-256color"

# The largest terminal a browser may ask for: a 4K screen at a small font is about 300 x 100.
# Beyond it a session would only cost memory (a 4000 x 2000 screen held 130 to 400 MB).
MAX_COLUMNS = 300
MAX_ROWS = 100
# After its client leaves, a session's app is asked to quit, then terminated, then killed:
# gone within QUIT_SEND + QUIT_GRACE + TERM_GRACE seconds (4) whatever it was doing.
QUIT_SEND = 0.5  # a busy app may not read its input: the quit request is not waited for long
QUIT_GRACE = 2.0
TERM_GRACE = 1.5
MAX_MESSAGE_BYTES = 256 * 1024  # one websocket message from the page (a paste, a resize)


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size the sessions accept: whole numbers, at least 1 x 1, at most the caps."""

    def whole(value: object, default: int) -> int:
        try:
            return int(value)  # type: ignore[call-overload,no-any-return]
        except (TypeError, ValueError, OverflowError):
            return default

    return (
        max(1, min(MAX_COLUMNS, whole(width, 80))),
        max(1, min(MAX_ROWS, whole(height, 24))),
    )


def allowed_origins(host: str, port: int, url: str) -> set[str]:
    """The Origin headers a session may come from: the page's own address (and, served on
    loopback, the other names of this computer)."""
    parts = urlsplit(url)
    origins = {f"{parts.scheme}://{parts.netloc}"}
    if is_loopback(host):
        origins |= {f"http://{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}
    return origins


def new_token(host: str) -> str | None:
    """A per-run secret for servers other computers can reach; None on loopback."""
    return None if is_loopback(host) else secrets.token_urlsafe(18)


def page_url(url: str, token: str | None) -> str:
    """The address to open: the public URL, with the token when there is one."""
    return f"{url.rstrip('/')}/?token={token}" if token else url


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
    # exec: the session's process is tutor itself, not a shell around it, so ending the
    # process (when its client has gone) ends the app.
    return f"TERM={SESSION_TERM} exec {shlex.join(args)}"


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
            "address; only this address, with its token, opens a session). Ctrl+C stops."
        )
    return (
        f"tutor: serving the tutor at {url} (reachable from other computers; only this "
        "address, with its token, opens a session). Ctrl+C stops."
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


def build_server(
    host: str, port: int, settings: Settings, url: str | None = None, token: str | None = None
) -> Any:
    """The textual-serve Server for the tutor (raises ImportError without textual-serve)."""
    import asyncio
    import logging

    import aiohttp_jinja2
    from aiohttp import WSMsgType, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    log = logging.getLogger("textual-serve")
    base_url = url or public_url(host, port)

    class TutorServer(Server):
        """textual-serve's Server with a one-line notice instead of its banner and access log;
        websockets checked (origin, token) and sessions bounded (size, lifetime)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task[Any]] = set()
            self.token = token
            self.origins = allowed_origins(host, port, self.public_url)

        def initialize_logging(self) -> None:
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            shown = page_url(self.public_url, self.token)
            print(notice(self.host, self.port, shown), flush=True)

        async def _make_app(self) -> web.Application:
            app = web.Application()
            aiohttp_jinja2.setup(app, loader=jinja2_loader(self.templates_path))
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get("/ws/{token}" if self.token else "/ws", self.handle_websocket),
                    web.get("/download/{key}", self.handle_download, name="download"),
                    web.static("/static", self.statics_path, name="static"),
                ]
            )
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        def _token_ok(self, given: str | None) -> bool:
            return self.token is None or (
                given is not None and secrets.compare_digest(given, self.token)
            )

        async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
            if not self._token_ok(request.query.get("token")):
                raise web.HTTPForbidden(
                    text="This tutor opens only at the address `tutor serve` printed, "
                    "with its token.\n"
                )
            socket_url = ("wss:" if self.public_url.startswith("https") else "ws:") + (
                f"{self.public_url.split(':', 1)[1].rstrip('/')}/ws"
                + (f"/{self.token}" if self.token else "")
            )
            try:
                font_size = max(6, min(64, int(request.query.get("fontsize", "16"))))
            except ValueError:
                font_size = 16
            context = {
                "font_size": font_size,
                "app_websocket_url": socket_url,
                "config": {"static": {"url": f"{self.public_url.rstrip('/')}/static/"}},
                "application": {"name": self.title},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        def refusal(self, request: web.Request) -> str | None:
            """Why a websocket is refused, or None: its origin, then its token."""
            origin = request.headers.get("Origin")
            if origin not in self.origins:
                return f"websocket refused: origin {origin!r} is not this tutor's page"
            if not self._token_ok(request.match_info.get("token")):
                return "websocket refused: wrong or missing token"
            return None

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            problem = self.refusal(request)
            if problem is not None:
                log.warning(problem)
                raise web.HTTPForbidden(text=problem + "\n")
            width, height = clamp_size(request.query.get("width"), request.query.get("height"))
            websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            service: AppService | None = None
            try:
                await websocket.prepare(request)
                service = AppService(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,  # type: ignore[arg-type]
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await websocket.close()
            except Exception as error:
                log.exception(error)
            finally:
                self.sessions.discard(task)
                if service is not None:
                    await end_session(service)
            return websocket

        async def _process_messages(
            self, websocket: web.WebSocketResponse, app_service: AppService
        ) -> None:
            """textual-serve's message loop, with sizes capped and bad messages ignored."""
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    kind, data = message.json()
                except (ValueError, TypeError):
                    continue
                if kind == "stdin" and isinstance(data, str):
                    await app_service.send_bytes(data.encode("utf-8", "replace"))
                elif kind == "resize" and isinstance(data, dict):
                    width, height = clamp_size(data.get("width"), data.get("height"))
                    await app_service.set_terminal_size(width, height)
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()

        async def on_shutdown(self, app: web.Application) -> None:
            # Without this, Ctrl+C waits for every open tab to close (or for aiohttp's
            # 60-second timeout); cancelled, a session closes its websocket and its app.
            for task in list(self.sessions):
                task.cancel()

    return TutorServer(app_command(settings), host=host, port=port, title="tutor",
                       public_url=base_url)  # fmt: skip


def jinja2_loader(path: Path) -> Any:
    import jinja2

    return jinja2.FileSystemLoader(path)


async def end_session(service: Any) -> None:
    """End a session's app within QUIT_SEND + QUIT_GRACE + TERM_GRACE seconds: ask it to quit, then
    SIGTERM, then SIGKILL (an app drawing a huge screen may not read its input for long)."""
    import asyncio

    process = service._process  # textual-serve keeps the app's process here
    with contextlib.suppress(Exception):
        await asyncio.wait_for(service.send_meta({"type": "quit"}), QUIT_SEND)
    if process is not None:
        for stop, grace in ((None, QUIT_GRACE), (process.terminate, TERM_GRACE)):
            if stop is not None:
                with contextlib.suppress(ProcessLookupError):
                    stop()
            try:
                await asyncio.wait_for(process.wait(), grace)
                break
            except TimeoutError:
                continue
        else:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
    reader = service._task
    if reader is not None:
        try:
            await asyncio.wait_for(reader, 1.0)
        except (TimeoutError, asyncio.CancelledError):
            reader.cancel()
        service._task = None
    with contextlib.suppress(Exception):
        await service._download_manager.cancel_app_downloads(
            app_service_id=service.app_service_id
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
        server = build_server(host, port, settings, url, token=new_token(host))
    except ImportError:
        print(missing_package(), file=sys.stderr)
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
