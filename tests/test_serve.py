"""``tutor serve``: the host and public URL logic, the errors, and a session in real Chromium.

The browser test drives Debian's headless Chromium over the Chrome DevTools Protocol on a pipe
(``--remote-debugging-pipe``: NUL-separated JSON on file descriptors 3 and 4), so it needs no
driver, no websocket client and no download. textual-serve's page draws the terminal with
xterm.js's WebGL (or canvas) renderer, so the screen text is not in the DOM; the test reads it
from the xterm.js buffer, which the page keeps in a local object: a setter installed before the
page's scripts run catches the Terminal when the page assigns it.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import MINI, ROOT, wait_for_text
from tutor import serve as tutor_serve
from tutor.settings import Settings, UsageError

CHROMIUM = Path("/usr/bin/chromium")
LEARNER = "ada"
ANSWER_FEEDBACK = "Fitting the line to the data decides m."  # the slope item's `why`

# Without the network flags Chromium hangs or keeps retrying on a machine with no internet
# access (CI); it runs as root there, hence --no-sandbox. A fresh profile is added per run.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1100,800",
    "--remote-debugging-pipe",
]

# Runs before the page's own scripts: keep the first xterm.js Terminal assigned to a property
# named `terminal` (textual-serve's client does `this.terminal = new Terminal(...)`).
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal",
      {value, writable: true, configurable: true, enumerable: true});
    if (!window.__tutorTerminal && value && value.buffer && value.buffer.active) {
      window.__tutorTerminal = value;
    }
  },
});
"""

READ_SCREEN = """(() => {
  const term = window.__tutorTerminal;
  if (!term) return null;
  const buffer = term.buffer.active;
  const lines = [];
  for (let row = 0; row < term.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def group_alive(group: int) -> list[int]:
    """Processes still running (not zombies) in a process group."""
    running = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == group and fields[0] not in {"Z", "X"}:
            running.append(int(entry.name))
    return running


# -- the pieces, without a browser -------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_hosts_are_local_and_keep_their_address(host: str) -> None:
    assert tutor_serve.is_loopback(host)
    assert not tutor_serve.is_wildcard(host)
    url = tutor_serve.public_url(host, 8000, address="192.0.2.7")
    assert "192.0.2.7" not in url
    assert url.endswith(":8000")
    line = tutor_serve.notice(host, 8000, url)
    assert "this computer only" in line and "--host 0.0.0.0" in line
    assert "\n" not in line


@pytest.mark.parametrize("host", ["0.0.0.0", "::", ""])
def test_a_wildcard_host_gets_a_reachable_public_url(host: str) -> None:
    assert tutor_serve.is_wildcard(host)
    assert not tutor_serve.is_loopback(host)
    url = tutor_serve.public_url(host, 8080, address="192.0.2.7")
    assert url == "http://192.0.2.7:8080"
    line = tutor_serve.notice(host, 8080, url)
    assert url in line and "browsers cannot connect to" in line
    assert "\n" not in line


def test_the_default_reachable_address_is_usable_from_elsewhere() -> None:
    address = tutor_serve.reachable_address()
    assert address
    assert not tutor_serve.is_loopback(address) or address == socket.gethostname()
    assert not tutor_serve.is_wildcard(address)
    assert "0.0.0.0" not in tutor_serve.public_url("0.0.0.0", 8000)


def test_a_named_host_is_served_under_its_name() -> None:
    assert tutor_serve.public_url("lab.example.org", 8000) == "http://lab.example.org:8000"
    assert tutor_serve.public_url("fd00::5", 8000) == "http://[fd00::5]:8000"
    line = tutor_serve.notice("lab.example.org", 8000, "http://lab.example.org:8000")
    assert "other computers" in line


def test_the_server_is_given_the_public_url_and_the_command(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (the web extra)")
    settings = Settings(data_dir=tmp_path / "my data", lessons_dir=MINI, learner="ada lovelace")
    server = tutor_serve.build_server("0.0.0.0", 8123, settings)
    assert server.public_url == f"http://{tutor_serve.reachable_address()}:8123"
    local = tutor_serve.build_server("127.0.0.1", 8123, settings)
    assert local.public_url == "http://127.0.0.1:8123"
    assert shlex.split(server.command) == [
        "TERM=xterm-256color",
        "exec",
        sys.executable,
        "-m",
        "tutor.cli",
        "--lessons",
        str(MINI.resolve()),
        "--data-dir",
        str((tmp_path / "my data").resolve()),
        "--learner",
        "ada lovelace",
        "--seed",
        "0",
    ]


def test_every_option_is_passed_to_the_sessions(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        lessons_dir=MINI,
        learner="bo",
        seed=7,
        lesson="second",
        items=["slope", "k"],
        class_dir=tmp_path / "class",
    )
    args = shlex.split(tutor_serve.app_command(settings, python="/opt/py/bin/python3"))
    assert args[:5] == ["TERM=xterm-256color", "exec", "/opt/py/bin/python3", "-m", "tutor.cli"]
    pairs = dict(zip(args[5::2], args[6::2], strict=True))
    assert pairs == {
        "--lessons": str(MINI.resolve()),
        "--data-dir": str(tmp_path.resolve()),
        "--class-dir": str((tmp_path / "class").resolve()),
        "--learner": "bo",
        "--lesson": "second",
        "--items": "slope,k",
        "--seed": "7",
    }


def test_without_textual_serve_one_line_and_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import raises ImportError
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    code = tutor_serve.serve("127.0.0.1", free_port(), Settings(data_dir=tmp_path))
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"pip install -e '{ROOT}[web]'" in err  # this checkout is an editable install
    assert "tutor[web]" not in err


def test_the_cli_reports_a_missing_textual_serve(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['textual_serve'] = sys.modules['textual_serve.server'] = None\n"
        "from tutor.cli import main\n"
        f"sys.exit(main(['serve', '--port', '{free_port()}', '--data-dir', {str(tmp_path)!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert f"pip install -e '{ROOT}[web]'" in result.stderr
    assert "tutor[web]" not in result.stderr
    assert result.stdout == ""


def test_a_busy_port_is_one_line_and_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (the web extra)")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = tutor_serve.serve("127.0.0.1", port, Settings(data_dir=tmp_path, lessons_dir=MINI))
    assert code == 1
    captured = capsys.readouterr()
    assert captured.err == f"tutor: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    assert "serving" not in captured.out


def test_bad_options_fail_before_serving(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (the web extra)")
    with pytest.raises(UsageError, match="no such lesson directory"):
        tutor_serve.serve("127.0.0.1", free_port(), Settings(lessons_dir=tmp_path / "missing"))
    with pytest.raises(UsageError, match="unknown lesson"):
        tutor_serve.serve(
            "127.0.0.1", free_port(), Settings(data_dir=tmp_path, lessons_dir=MINI, lesson="x")
        )
    with pytest.raises(UsageError, match="1 to 65535"):
        tutor_serve.serve("127.0.0.1", 70000, Settings(data_dir=tmp_path, lessons_dir=MINI))


# -- end to end: tutor serve, and a page in headless Chromium -----------------------------------


class Browser:
    """Headless Chromium driven through the DevTools Protocol on a pipe."""

    def __init__(self, profile: Path, log: Path) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def place_pipes() -> None:  # in the child: the protocol wants fds 3 (in) and 4 (out)
            into = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
            out = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
            os.dup2(into, 3)
            os.dup2(out, 4)

        self.log = log
        with log.open("wb") as errors:
            self.process = subprocess.Popen(
                [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=errors,
                stderr=errors,
                close_fds=False,  # the pipes must survive the exec, as fds 3 and 4
                preexec_fn=place_pipes,
            )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.session: str | None = None

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session is not None and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _receive(self, deadline: float, method: str) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"Chromium did not answer {method}")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 16)
                if not chunk:
                    raise EOFError(f"Chromium closed the pipe: {self.log_tail()}")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, url: str) -> None:
        targets = self.send("Target.getTargets")["targetInfos"]
        page = next(target for target in targets if target["type"] == "page")
        attached = self.send(
            "Target.attachToTarget", {"targetId": page["targetId"], "flatten": True}
        )
        self.session = attached["sessionId"]
        self.send("Page.enable")
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def screen(self) -> str:
        return self.evaluate(READ_SCREEN) or ""

    def wait_for(self, text: str, timeout: float = 30) -> str:
        return wait_for_text(self.screen, text, timeout)

    def type_line(self, text: str) -> None:
        """Type into the terminal as a person would, then press Enter."""
        self.evaluate("window.__tutorTerminal.focus()")
        self.send("Input.insertText", {"text": text})
        enter = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": "\r", **enter})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **enter})

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("Browser.close", timeout=5)
                self.process.wait(timeout=10)
            except (OSError, TimeoutError, EOFError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(timeout=10)
        os.close(self._to_browser)
        os.close(self._from_browser)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian's chromium package); no browser test")
    chromium = Browser(tmp_path / "profile", tmp_path / "chromium.log")
    try:
        yield chromium
    finally:
        chromium.close()


class Served:
    def __init__(self, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.process = process
        self.url = url
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """`tutor serve` on a free port, with its own data directory and the mini lessons."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "TEXTUAL"))}
    log = tmp_path / "serve.log"
    command = [
        sys.executable,
        "-m",
        "tutor.cli",
        "serve",
        "--port",
        str(port),
        "--lessons",
        str(MINI),
        "--data-dir",
        str(tmp_path / "data"),
        "--learner",
        LEARNER,
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
            start_new_session=True,  # its own process group: the sessions can be found later
        )  # fmt: skip
    server = Served(process, f"http://127.0.0.1:{port}/", log)
    try:
        deadline = time.monotonic() + 30
        while "serving the tutor" not in server.output():
            assert process.poll() is None, f"tutor serve exited:\n{server.output()}"
            assert time.monotonic() < deadline, f"tutor serve never listened:\n{server.output()}"
            time.sleep(0.05)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        for pid in group_alive(process.pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
def test_a_question_answered_in_the_browser(
    browser: Browser, served: Served, tmp_path: Path
) -> None:
    first_line = served.output().splitlines()[0]
    assert first_line.startswith(f"tutor: serving the tutor at {served.url.rstrip('/')} ")
    assert "this computer only" in first_line

    browser.open(served.url)
    browser.wait_for("the slope m")  # the app opened (not line mode) and asks the first question
    browser.type_line("parameter")
    screen = browser.wait_for(ANSWER_FEEDBACK)
    assert "parameter" in screen

    progress = subprocess.run(
        [sys.executable, "-m", "tutor.cli", "progress", "--json", "--lessons", str(MINI),
         "--data-dir", str(tmp_path / "data"), "--learner", LEARNER],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert progress.returncode == 0, progress.stderr
    record = json.loads(progress.stdout)
    assert (record["attempts"], record["correct_first_try"]) == (1, 1)

    # Ctrl+C ends the server and the session's app promptly, with the tab still open.
    started = time.monotonic()
    served.process.send_signal(signal.SIGINT)
    assert served.process.wait(timeout=15) == 0, served.output()
    deadline = started + 15
    while group_alive(served.process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not group_alive(served.process.pid), "a session outlived the server"
    assert "Traceback" not in served.output(), served.output()
