"""The line-mode chat loop.

With a terminal: a prompt_toolkit session with history (up/down), command completion,
Ctrl-C cancelling the line and Ctrl-D leaving (progress is saved after every answer).
With piped stdin: plain lines, no prompt, no terminal queries, and EOF ends the session.
"""

from __future__ import annotations

import os
import sys
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


def run_prompt_loop(engine: Engine, session, write: Callable[[str], None]) -> int:
    renderer = _renderer(sys.stdout, interactive=True)
    _show(engine.stream_start(), renderer, write)
    while not engine.finished:
        try:
            line = session.prompt(PROMPT)
        except KeyboardInterrupt:
            continue  # Ctrl-C cancels the line being typed
        except EOFError:
            _show(engine.close("eof"), renderer, write)
            break
        _show(engine.stream_reply(line), renderer, write)
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
    from prompt_toolkit import print_formatted_text

    session = make_session(engine)
    return run_prompt_loop(engine, session, lambda text: print_formatted_text(text))
