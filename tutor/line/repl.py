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
from typing import TextIO

from tutor.core import events as ev
from tutor.core.engine import Engine
from tutor.core.interpret import COMMAND_NAMES
from tutor.text_render import TextRenderer

PROMPT = "you> "


def _renderer(out: TextIO, interactive: bool) -> TextRenderer:
    from tutor.line.plots import plot_demo

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


def make_session(engine: Engine, **session_args: object):  # -> PromptSession
    """A prompt session with history kept beside the progress store."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    history: object
    try:
        path = engine.store.path.parent / "line-history"
        path.touch(mode=0o600, exist_ok=True)
        history = FileHistory(str(path))
    except OSError:
        history = InMemoryHistory()
    completer = WordCompleter(completions(), ignore_case=True, sentence=True)
    return PromptSession(
        history=history, completer=completer, complete_while_typing=False, **session_args
    )


class _Opening:
    """Plays the opening events in a thread, so the prompt is up at once.

    The first lesson may start with a demo (numpy, a fit, a plot); its text appears above
    the prompt as it is ready. If the opening already ends the session (say, the course is
    finished), the prompt is closed: by the thread if the prompt is running, or by the
    prompt's pre-run hook if it starts later.
    """

    def __init__(self, engine: Engine, renderer: TextRenderer, write: Callable[[str], None]):
        self.engine = engine
        self.ended = threading.Event()
        self.session = None
        self.thread = threading.Thread(
            target=self._play, args=(renderer, write), name="tutor-opening", daemon=True
        )

    def _play(self, renderer: TextRenderer, write: Callable[[str], None]) -> None:
        try:
            _show(self.engine.stream_start(), renderer, write)
        finally:
            if self.engine.finished:
                self.ended.set()
                self.close_prompt()

    def close_prompt(self) -> None:
        app = getattr(self.session, "app", None)
        if self.ended.is_set() and app is not None and app.is_running:
            app.loop.call_soon_threadsafe(lambda: app.exit(exception=EOFError()))


def run_prompt_loop(engine: Engine, session, write: Callable[[str], None]) -> int:
    renderer = _renderer(sys.stdout, interactive=True)
    opening = _Opening(engine, renderer, write)
    opening.session = session
    opening.thread.start()
    try:
        while not opening.ended.is_set():
            try:
                line = session.prompt(PROMPT, pre_run=opening.close_prompt)
            except KeyboardInterrupt:
                continue  # Ctrl-C cancels the line being typed
            except EOFError:
                if not opening.ended.is_set():
                    opening.thread.join()
                    _show(engine.close("eof"), renderer, write)
                break
            opening.thread.join()  # the opening must be over before the first reply
            _show(engine.stream_reply(line), renderer, write)
            if engine.finished:
                break
    finally:
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


def run_line_mode(engine: Engine) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        try:
            return run_piped(engine, sys.stdin, sys.stdout)
        except BrokenPipeError:
            return 0
    from prompt_toolkit.patch_stdout import patch_stdout

    session = make_session(engine)
    with patch_stdout(raw=True):  # text from the opening thread goes above the prompt
        return run_prompt_loop(engine, session, lambda text: print(text, flush=True))
