"""Leaving on SIGHUP/SIGTERM: ask the app to exit, and make sure the process is gone soon.

Progress is saved after every answer, so a signal only has to restore the terminal (where one
remains) and end the process. A watchdog ends it outright if an orderly exit stalls (a demo
still computing in a worker thread, a terminal that no longer drains its output).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable

EXIT_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGHUP, signal.SIGTERM)
WATCHDOG_SECONDS = 1.5


def start_watchdog(code: int, seconds: float = WATCHDOG_SECONDS) -> threading.Thread:
    """End the process with ``code`` after ``seconds`` unless it has ended by then."""

    def expire() -> None:
        threading.Event().wait(seconds)
        os._exit(code)

    thread = threading.Thread(target=expire, name="tutor-exit-watchdog", daemon=True)
    thread.start()
    return thread


class SignalExit:
    """Route exit signals to ``on_signal``; before the event loop runs, remember them."""

    def __init__(self, on_signal: Callable[[int], None]) -> None:
        self._on_signal = on_signal
        self.received: int | None = None
        self._previous: dict[int, object] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def install_early(self) -> None:
        """Plain handlers for the moments before the app's event loop takes over."""
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in EXIT_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._early)

    def _early(self, signum: int, _frame: object) -> None:
        self.received = signum
        start_watchdog(128 + signum)

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Handle the signals inside the event loop from now on."""
        if threading.current_thread() is not threading.main_thread():
            return
        self._loop = loop
        for signum in EXIT_SIGNALS:
            loop.add_signal_handler(signum, self._in_loop, signum)

    def _in_loop(self, signum: int) -> None:
        self.received = signum
        start_watchdog(128 + signum)
        self._on_signal(signum)

    def restore(self) -> None:
        if self._loop is not None:
            for signum in EXIT_SIGNALS:
                with contextlib.suppress(RuntimeError, ValueError):
                    self._loop.remove_signal_handler(signum)
            self._loop = None
        for number, handler in self._previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]
        self._previous.clear()
