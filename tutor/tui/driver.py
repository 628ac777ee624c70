"""A Linux/macOS driver that leaves cleanly when the terminal goes away.

Textual's stock driver keeps polling a stdin that has reached EOF (a busy loop at 100% CPU)
and its writer thread dies on the first write to a hung-up terminal, after which the app
blocks on exit. Here EOF or a read error tells the app to leave, and writes to a dead
terminal are dropped.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from typing import IO, Any

from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from tutor.tui.messages import TerminalGone


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
        self._file = _SafeFile(self._file)  # type: ignore[assignment]

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
