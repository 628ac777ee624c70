"""The line-mode chat loop.

With a terminal: a prompt_toolkit session with history (up/down), command completion,
Ctrl-C cancelling the line and Ctrl-D leaving (progress is saved after every answer).
With piped stdin: plain lines, no prompt, no terminal queries, and EOF ends the session.
Either way the session goes on after the course is finished (as the app does): ``quit``,
Ctrl-D or the end of input leave.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tutor.core.language import COMMAND_NAMES

if TYPE_CHECKING:
    from tutor.core.session import Session
    from tutor.line.paced import PacedOutput
    from tutor.line.render import LineRenderer

SessionFactory = Callable[[], "Session"]

PROMPT = "you> "
LINE_MODE_WORDS = ("next", "retry", "all at once", "one at a time")  # pacing, see core/pacing.py


def decoded(text: str) -> str:
    """Bytes that were not UTF-8 (kept by Python as lone surrogates) become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _renderer(out: TextIO, interactive: bool) -> LineRenderer:
    from tutor.line.plots import plot_demo
    from tutor.line.render import LineRenderer

    color = interactive and not os.environ.get("NO_COLOR")
    renderer = LineRenderer()
    renderer.plot = lambda event: plot_demo(event, width=min(renderer.width - 2, 78), color=color)
    return renderer


def _paced_output(
    tutor: Session,
    renderer: LineRenderer,
    write: Callable[[str], None],
    all_at_once: bool | None,
) -> PacedOutput:
    """The session's events through the pacer, as the learner's setting (or the flag) says."""
    from tutor.core import pacing
    from tutor.line.paced import PacedOutput

    store = tutor.store
    items = tutor.pack.items
    renderer.term_of = lambda item: items[item].term if item in items else item
    paced = pacing.saved_paced(store.setting(pacing.SETTING))
    return PacedOutput(
        renderer,
        write,
        paced=paced if all_at_once is None else not all_at_once,
        save=lambda value: store.set_setting(pacing.SETTING, value),
    )


def completions() -> list[str]:
    words = [*COMMAND_NAMES, *LINE_MODE_WORDS]
    return [*words, *(f"/{name}" for name in words), "parameter", "hyperparameter"]


def make_session(data_dir: Path, **session_args: Any):  # -> PromptSession
    """A prompt session with history kept beside the progress store (in ``data_dir``)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.history import FileHistory, History, InMemoryHistory

    history: History
    try:
        path = data_dir / "line-history"
        path.touch(mode=0o600, exist_ok=True)
        history = FileHistory(str(path))
    except OSError:
        history = InMemoryHistory()
    completer = WordCompleter(completions(), ignore_case=True, sentence=True)
    return PromptSession(
        history=history,
        completer=completer,
        complete_while_typing=False,
        key_bindings=_ignoring_mouse_events(),
        **session_args,
    )


def _ignoring_mouse_events():  # -> KeyBindings
    """Line mode has no mouse. A typed or pasted escape sequence that only looks like a mouse
    report ("\x1b[31m") would make prompt_toolkit's own mouse handler fail with a traceback."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.Vt100MouseEvent)
    def _ignore(event: object) -> None:
        return None

    return bindings


class _Opening:
    """Builds the session and plays the opening in a thread, after the prompt is drawn.

    So the prompt is up at once: the engine's modules, the first lesson's text and its
    first demo (numpy, a fit, a plot) all come after it, and appear above the prompt as they
    are ready. If the opening already closes the session, the prompt is closed: by the thread
    if the prompt is running, or by the prompt's pre-run hook if it starts later.
    """

    def __init__(
        self,
        open_session: SessionFactory,
        write: Callable[[str], None],
        all_at_once: bool | None = None,
    ) -> None:
        self.open_session = open_session
        self.write = write
        self.all_at_once = all_at_once
        self.tutor: Session | None = None
        self.output: PacedOutput | None = None
        self.ended = threading.Event()
        self.session = None
        self.thread = threading.Thread(target=self._play, name="tutor-opening", daemon=True)

    def _play(self) -> None:
        renderer = _renderer(sys.stdout, interactive=True)
        self.tutor = tutor = self.open_session()
        self.output = _paced_output(tutor, renderer, self.write, self.all_at_once)
        try:
            self.output.show_all(tutor.start())
        finally:
            if tutor.closed:
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

    def settled(self) -> tuple[Session, PacedOutput]:
        """The session and its output, once the opening is over (it must be, before a reply)."""
        if self.thread.ident is None:
            self.thread.start()
        self.thread.join()
        assert self.tutor is not None and self.output is not None
        return self.tutor, self.output


def run_prompt_loop(
    tutor: Session | SessionFactory,
    session,
    write: Callable[[str], None],
    *,
    all_at_once: bool | None = None,
) -> int:
    """Line mode at a terminal: ``session`` is the prompt_toolkit prompt session."""
    open_session = tutor if callable(tutor) else (lambda: tutor)
    opening = _Opening(open_session, write, all_at_once)
    opening.session = session
    try:
        while not opening.ended.is_set():
            try:
                line = session.prompt(PROMPT, pre_run=opening.pre_run)
            except KeyboardInterrupt:
                continue  # Ctrl-C cancels the line being typed
            except EOFError:
                if not opening.ended.is_set():
                    current, output = opening.settled()
                    output.show_all(current.close("eof"))
                break
            current, output = opening.settled()  # the opening is over before a reply
            line = decoded(line)
            if not output.consume(line):
                output.show_all(current.reply(line))
            if current.closed:
                break
    finally:
        if opening.thread.ident is not None:
            opening.thread.join()
    return 0


def run_piped(
    tutor: Session, source: TextIO, out: TextIO, *, all_at_once: bool | None = None
) -> int:
    """Line mode on piped input: the drive loop that headless mode uses, rendered as text and
    paced as at a terminal (an empty line is Enter). What still waits when the input ends is
    printed before the goodbye: nothing is lost."""
    from tutor.core.session import drive

    def write(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    output = _paced_output(tutor, _renderer(out, interactive=False), write, all_at_once)

    def lines() -> Iterator[str]:
        streamed = True  # the opening
        for raw in source:
            if streamed:
                output.cue()  # the session's answer is over: say what waits
            line = decoded(raw.rstrip("\r\n"))
            streamed = not output.consume(line)  # a pacing word has said its own cue
            if streamed:
                output.begin()
                yield line
        output.flush()

    return drive(tutor, lines(), output.show)


def run_line_mode(
    open_session: SessionFactory, data_dir: Path, *, all_at_once: bool | None = None
) -> int:
    """Line mode; the session is built by ``open_session`` (late, with a terminal)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        try:
            return run_piped(open_session(), sys.stdin, sys.stdout, all_at_once=all_at_once)
        except BrokenPipeError:
            return 0
    from prompt_toolkit.patch_stdout import patch_stdout

    def write(text: str) -> None:
        with contextlib.suppress(OSError):  # a terminal that has gone: the loop ends below
            print(text, flush=True)

    previous_hook = threading.excepthook

    def quiet_when_gone(args: threading.ExceptHookArgs) -> None:
        """The opening's thread and prompt_toolkit's flush thread may write to a terminal
        that has just disappeared: that is the end of the session, not an error."""
        error = args.exc_value
        if isinstance(error, OSError) and error.errno in _TERMINAL_GONE:
            return
        previous_hook(args)

    threading.excepthook = quiet_when_gone
    prompt = make_session(data_dir)
    try:
        with patch_stdout(raw=True):  # text from the opening thread goes above the prompt
            return run_prompt_loop(open_session, prompt, write, all_at_once=all_at_once)
    except OSError as error:
        if error.errno not in _TERMINAL_GONE:
            raise
        _detach()  # the terminal disappeared (hung up, window closed): leave quietly
        return 0


# What reading or writing a terminal that has disappeared raises.
_TERMINAL_GONE = {errno.EIO, errno.ENXIO, errno.EBADF, errno.EPIPE, errno.ENOTTY}


def _detach() -> None:
    """Point stdin, stdout and stderr at /dev/null, so nothing more is written to a dead
    terminal (not even at interpreter exit)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        with contextlib.suppress(OSError):
            os.dup2(devnull, descriptor)
