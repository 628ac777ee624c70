"""The line-mode chat loop.

With a terminal: a prompt_toolkit session with history (up/down), command completion,
Ctrl-C cancelling the line and Ctrl-D leaving (progress is saved after every answer).
With piped stdin: plain lines, no prompt, no terminal queries, and EOF ends the session.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tutor.core.language import COMMAND_NAMES

if TYPE_CHECKING:
    from tutor.core import events as ev
    from tutor.core.engine import Engine
    from tutor.text_render import TextRenderer

EngineFactory = Callable[[], "Engine"]

PROMPT = "you> "


def _renderer(out: TextIO, interactive: bool) -> TextRenderer:
    from tutor.line.plots import plot_demo
    from tutor.text_render import TextRenderer

    color = interactive and not os.environ.get("NO_COLOR")
    renderer = TextRenderer()
    renderer.plot = lambda event: plot_demo(event, width=min(renderer.width - 2, 78), color=color)
    return renderer


def _show(events: Iterable[ev.Event], renderer: TextRenderer, write: Callable[[str], None]) -> None:
    for event in events:
        text = renderer.render(event)
        if text:
            write(text)


def completions() -> list[str]:
    return [*COMMAND_NAMES, *(f"/{name}" for name in COMMAND_NAMES), "parameter", "hyperparameter"]


def make_session(data_dir: Path, **session_args: object):  # -> PromptSession
    """A prompt session with history kept beside the progress store (in ``data_dir``)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    history: object
    try:
        path = data_dir / "line-history"
        path.touch(mode=0o600, exist_ok=True)
        history = FileHistory(str(path))
    except OSError:
        history = InMemoryHistory()
    completer = WordCompleter(completions(), ignore_case=True, sentence=True)
    return PromptSession(
        history=history, completer=completer, complete_while_typing=False, **session_args
    )


class _Opening:
    """Builds the engine and plays the opening in a thread, after the prompt is drawn.

    So the prompt is up at once: the engine's modules, the first lesson's text and its
    first demo (numpy, a fit, a plot) all come after it, and appear above the prompt as they
    are ready. If the opening already ends the session (say, the course is finished), the
    prompt is closed: by the thread if the prompt is running, or by the prompt's pre-run hook
    if it starts later.
    """

    def __init__(self, make_engine: EngineFactory, write: Callable[[str], None]) -> None:
        self.make_engine = make_engine
        self.write = write
        self.engine: Engine | None = None
        self.renderer: TextRenderer | None = None
        self.ended = threading.Event()
        self.session = None
        self.thread = threading.Thread(target=self._play, name="tutor-opening", daemon=True)

    def _play(self) -> None:
        self.renderer = _renderer(sys.stdout, interactive=True)
        self.engine = engine = self.make_engine()
        try:
            _show(engine.stream_start(), self.renderer, self.write)
        finally:
            if engine.finished:
                self.ended.set()
                self.close_prompt()

    def pre_run(self) -> None:
        """Runs as each prompt starts: the first one starts the opening once it is drawn."""
        app = getattr(self.session, "app", None)
        if not self.thread.is_alive() and self.thread.ident is None:
            if app is not None and app.is_running:
                app.loop.call_soon(self.thread.start)
            else:
                self.thread.start()
        self.close_prompt()

    def close_prompt(self) -> None:
        app = getattr(self.session, "app", None)
        if self.ended.is_set() and app is not None and app.is_running:
            app.loop.call_soon_threadsafe(lambda: app.exit(exception=EOFError()))

    def settled(self) -> tuple[Engine, TextRenderer]:
        """The engine and renderer, once the opening is over (it must be, before a reply)."""
        if self.thread.ident is None:
            self.thread.start()
        self.thread.join()
        assert self.engine is not None and self.renderer is not None
        return self.engine, self.renderer


def run_prompt_loop(engine: Engine | EngineFactory, session, write: Callable[[str], None]) -> int:
    make_engine = engine if callable(engine) else (lambda: engine)
    opening = _Opening(make_engine, write)
    opening.session = session
    try:
        while not opening.ended.is_set():
            try:
                line = session.prompt(PROMPT, pre_run=opening.pre_run)
            except KeyboardInterrupt:
                continue  # Ctrl-C cancels the line being typed
            except EOFError:
                if not opening.ended.is_set():
                    current, renderer = opening.settled()
                    _show(current.close("eof"), renderer, write)
                break
            current, renderer = opening.settled()  # the opening is over before a reply
            _show(current.stream_reply(line), renderer, write)
            if current.finished:
                break
    finally:
        if opening.thread.ident is not None:
            opening.thread.join()
    return 0


def run_piped(engine: Engine, source: TextIO, out: TextIO) -> int:
    renderer = _renderer(out, interactive=False)

    def write(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    _show(engine.stream_start(), renderer, write)
    for line in source:
        if engine.finished:
            break
        _show(engine.stream_reply(line.rstrip("\r\n")), renderer, write)
    if not engine.finished:
        _show(engine.close("eof"), renderer, write)
    return 0


def run_line_mode(make_engine: EngineFactory, data_dir: Path) -> int:
    """Line mode; the engine is built by ``make_engine`` (late, with a terminal)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        try:
            return run_piped(make_engine(), sys.stdin, sys.stdout)
        except BrokenPipeError:
            return 0
    from prompt_toolkit.patch_stdout import patch_stdout

    session = make_session(data_dir)
    with patch_stdout(raw=True):  # text from the opening thread goes above the prompt
        return run_prompt_loop(make_engine, session, lambda text: print(text, flush=True))
