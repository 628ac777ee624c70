"""A Linux/macOS driver that leaves cleanly when the terminal goes away.

Textual's stock driver keeps polling a stdin that has reached EOF (a busy loop at 100% CPU)
and its writer thread dies on the first write to a hung-up terminal, after which the app
blocks on exit. Here EOF or a read error tells the app to leave, and writes to a dead
terminal are dropped.

Upstream: https://github.com/Textualize/textual/pull/6690 ("Fix input thread busy-looping
at 100% CPU when stdin reaches EOF", open as of textual 8.2.8). Once a release carries it,
and writes to a hung-up terminal no longer kill the writer thread, this module can go.

This overrides private Textual code under the exact pin in pyproject.toml. ``UPSTREAM`` holds
a SHA-256 of the source of each Textual function the override replaces or relies on, as it
was when the override was written; tests/test_tui_driver.py fails when the installed Textual
differs. Then read the new upstream code, adjust the override, and record the new hashes.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from typing import IO, Any

from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from tutor.tui.messages import TerminalGone

UPSTREAM: dict[str, str] = {
    # run_input_thread is replaced; __init__ sets the _file wrapped here, which
    # start_application_mode hands to the writer thread, whose run loop writes to it.
    "textual.drivers.linux_driver:LinuxDriver.__init__": (
        "671887bbf938d1d82bc2fb5cba1c4223873c95e7878cbe596da2badc2f316d76"
    ),
    "textual.drivers.linux_driver:LinuxDriver.run_input_thread": (
        "d796af6d69db337d6fa6bd463984f7d17188d991dbb22f60efb92a8a9619507c"
    ),
    "textual.drivers.linux_driver:LinuxDriver.start_application_mode": (
        "7c41f5ba11a8ef0569f07a4eb95ecaea8e90e2fc297214acedb2ede62be59612"
    ),
    "textual.drivers._writer_thread:WriterThread.run": (
        "314021aab4f52726e2b56a5093e79a5586bd631e483adb3387f1f9ce55a45081"
    ),
}


class _SafeFile:
    """A file proxy whose writes stop (silently) once the terminal is gone."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self.broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                return self._file.write(text)
            except (OSError, ValueError):
                self.broken = True
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self.broken = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
ESCAPE_SYMBOL = "\u241b"  # ␛, what a pasted ESC shows as


class PasteGuard:
    """Makes the ESC characters inside a bracketed paste harmless before Textual parses them.

    Textual's parser keeps a pasted ESC in the paste but replays the characters after it as
    key presses, which arrive before the paste itself: "ab<ESC>[Dcd" became "[Dabcd", and a
    pasted arrow-key sequence could move the cursor. Replaced by ␛, the whole paste stays
    text, in its order. Input outside pastes passes unchanged.
    """

    def __init__(self) -> None:
        self.inside = False
        self._held = ""  # the start of what may be the paste's end marker

    def feed(self, text: str) -> str:
        text, self._held = self._held + text, ""
        out: list[str] = []
        while text:
            if not self.inside:
                start = text.find(PASTE_START)
                if start < 0:
                    out.append(text)
                    break
                out.append(text[: start + len(PASTE_START)])
                text = text[start + len(PASTE_START) :]
                self.inside = True
                continue
            end = text.find(PASTE_END)
            if end < 0:
                keep = next(
                    (n for n in range(len(PASTE_END) - 1, 0, -1) if text.endswith(PASTE_END[:n])),
                    0,
                )
                body, self._held = (text[:-keep], text[-keep:]) if keep else (text, "")
                out.append(body.replace("\x1b", ESCAPE_SYMBOL))
                break
            out.append(text[:end].replace("\x1b", ESCAPE_SYMBOL) + PASTE_END)
            text = text[end + len(PASTE_END) :]
            self.inside = False
        return "".join(out)


class HangupSafeDriver(LinuxDriver):
    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._file = _SafeFile(self._file)  # type: ignore[arg-type, assignment]

    def run_input_thread(self) -> None:
        """The stock loop, plus: EOF or an I/O error on stdin ends the app."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        guard = PasteGuard()
        try:
            while not self.exit_event.is_set():
                ready = selector.select(0.1)
                if ready:
                    try:
                        data = os.read(self.fileno, 4096)
                    except OSError:
                        data = b""
                    if not data:
                        self._app.post_message(TerminalGone("eof"))
                        return
                    for event in parser.feed(guard.feed(decode(data))):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
