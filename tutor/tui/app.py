"""The Textual app: the engine's events as a chat, with the learner's replies below.

The engine is synchronous and demos can be slow, so every call into it after the opening
(a reply, a jump to another lesson, a reset) is a job run one at a time in a thread worker,
with results sent back through ``call_from_thread``; lines typed meanwhile are queued and the
input stays live. Demos are deferred (see ``deferred.py``): a reply shows at once and each
demo fills its message in when it has run. The opening, quick without its demos, is composed
into the first frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections import deque
from collections.abc import Callable
from typing import ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from tutor.core import events as ev
from tutor.core.engine import Engine
from tutor.text_render import plain_markdown, visible
from tutor.tui import terminal
from tutor.tui.deferred import DeferredDemos, PendingDemo, is_pending
from tutor.tui.lifecycle import SignalExit
from tutor.tui.messages import JumpToLesson, ResetProgress, TerminalGone
from tutor.tui.palette import TutorCommands
from tutor.tui.screens.chat import ChatScreen
from tutor.tui.screens.confirm import ConfirmScreen
from tutor.tui.screens.help import HelpScreen
from tutor.tui.widgets.bubbles import LearnerSays, NoticeBubble
from tutor.tui.widgets.demo import DemoBubble
from tutor.tui.widgets.markdown import MARKDOWN_THEME
from tutor.tui.widgets.outline import OutlineState
from tutor.tui.widgets.transcript import widget_for, widgets_for

Job = Callable[[], list[ev.Event]]


class TutorApp(App[int]):
    CSS_PATH: ClassVar[list[str]] = ["app.tcss"]  # type: ignore[misc]
    TITLE = "tutor"
    COMMANDS = App.COMMANDS | {TutorCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", show=False, id="app-help"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
    ]

    WORKING_DELAY = 0.3  # seconds before "working…" shows (fast replies never flash it)
    FINISH_DELAY = 4.0  # seconds the closing message stays before the app leaves

    def __init__(self, engine: Engine, *, default_theme: str | None = None) -> None:
        super().__init__()
        self.console.push_theme(MARKDOWN_THEME)
        self.engine = engine
        self.demos = DeferredDemos(engine.demo_runner)
        engine.demo_runner = self.demos  # demos run after the words around them are shown
        self.glyphs = terminal.glyphs()
        self._lock = threading.Lock()  # engine and store are used by one thread at a time
        self._jobs: deque[Job] = deque()
        self._busy = False
        self._working_timer: Timer | None = None
        self._finish_timer: Timer | None = None
        self.ending = False
        self.terminal_gone = False
        self._farewell = ""
        self.signals = SignalExit(self._on_signal)
        saved = engine.store.setting("theme")
        wanted = saved or default_theme or terminal.default_theme()
        if wanted in self.available_themes:
            self.theme = wanted
        self._saved_theme = saved

    # -- set-up ------------------------------------------------------------------------------

    def get_default_screen(self) -> ChatScreen:
        # The opening is quick (its demos are deferred), so it is composed into the first
        # frame rather than painted over an empty one.
        self._busy = True
        events, pending, outline = self._call_engine(self.engine.start)
        widgets = widgets_for(events, self.glyphs)
        waiting = [w for w in widgets if isinstance(w, DemoBubble) and is_pending(w.event)]
        self._opening = (events, pending, waiting)
        first = _first_screenful(events, self.size)
        return ChatScreen(self.glyphs, widgets, outline, first=first, console=terminal.is_console())

    @property
    def chat(self) -> ChatScreen:
        """The chat screen (the bottom of the stack, even while help is open)."""
        return cast(ChatScreen, self.screen_stack[0])

    def on_mount(self) -> None:
        self.signals.attach(asyncio.get_running_loop())
        if self.signals.received is not None:
            self._on_signal(self.signals.received)
            return
        self.theme_changed_signal.subscribe(self, lambda theme: self._save_theme(theme.name))

    def on_chat_screen_ready(self, message: ChatScreen.Ready) -> None:
        events, pending, waiting = self._opening
        painted = threading.Event()
        self.call_after_refresh(lambda: self.call_after_refresh(painted.set))
        self._run_demos(events, pending, waiting, painted)

    # -- jobs: one engine call at a time, off the UI thread ------------------------------------

    def submit(self, job: Job) -> None:
        self._jobs.append(job)
        if not self._busy:
            self._next_job()

    def _next_job(self) -> None:
        if not self._jobs or self.ending:
            self._busy = False
            return
        self._busy = True
        if self._working_timer is None:
            self._working_timer = self.set_timer(self.WORKING_DELAY, self._show_working)
        self._run_job(self._jobs.popleft())

    def _show_working(self) -> None:
        self._working_timer = None
        if self._busy:
            self.chat.set_working(True)

    def _call_engine(self, job: Job) -> tuple[list[ev.Event], list[PendingDemo], OutlineState]:
        with self._lock:
            try:
                events = job()
            except Exception as error:  # a bug must not take the session down
                events = [ev.Error(f"Something went wrong: {error}")]
            pending = self.demos.take()
            engine = self.engine
            current = engine.lesson.id if engine.lessons else None
            outline = OutlineState.from_report(engine.progress_report().lessons, current)
        return events, pending, outline

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _run_job(self, job: Job) -> None:
        """One engine call, then the demos it asked for; each result goes to the UI thread."""
        events, pending, outline = self._call_engine(job)
        painted = threading.Event()
        try:
            bubbles = self.call_from_thread(self._show, events, outline, painted)
        except Exception:
            bubbles = []
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self._job_done, events)
            raise
        self._demos_then_done(events, pending, bubbles, painted)

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _run_demos(
        self,
        events: list[ev.Event],
        pending: list[PendingDemo],
        bubbles: list[DemoBubble],
        painted: threading.Event,
    ) -> None:
        self._demos_then_done(events, pending, bubbles, painted)

    def _demos_then_done(
        self,
        events: list[ev.Event],
        pending: list[PendingDemo],
        bubbles: list[DemoBubble],
        painted: threading.Event,
    ) -> None:
        """In a worker: run the reply's demos into their messages, then let the next job go."""
        worker = get_current_worker()
        try:
            if pending:
                # Let the reply reach the screen first: a demo loading numpy holds the GIL.
                painted.wait(timeout=1.0)
            for demo, bubble in zip(pending, bubbles, strict=False):
                result = self.demos.run(demo, bubble.event)
                if worker.is_cancelled:
                    return
                self.call_from_thread(self._fill, bubble, result)
        finally:
            if not worker.is_cancelled:
                with contextlib.suppress(RuntimeError):  # RuntimeError: the app has closed
                    self.call_from_thread(self._job_done, events)

    async def _show(
        self, events: list[ev.Event], outline: OutlineState, painted: threading.Event
    ) -> list[DemoBubble]:
        """Show a reply; returns the demo messages still waiting for their demo."""
        chat = self.chat
        widgets = await chat.transcript.add_events(events, self.glyphs)
        chat.outline.show(outline)
        self.call_after_refresh(lambda: self.call_after_refresh(painted.set))
        return [w for w in widgets if isinstance(w, DemoBubble) and is_pending(w.event)]

    async def _fill(self, bubble: DemoBubble, result: ev.Event) -> None:
        if isinstance(result, ev.Demo):
            await bubble.fill(result)
            self.chat.transcript.grew()
        elif bubble.is_attached:
            notice = widget_for(result, self.glyphs)
            if notice is not None:
                await bubble.parent.mount(notice, before=bubble)  # type: ignore[union-attr]
            await bubble.remove()

    def _job_done(self, events: list[ev.Event]) -> None:
        chat = self.chat
        try:
            end = next((event for event in events if isinstance(event, ev.End)), None)
            if end is not None:
                self._end(end, events)
        finally:  # whatever happened, the next queued line gets its turn
            if not self._jobs:
                if self._working_timer is not None:
                    self._working_timer.stop()
                    self._working_timer = None
                chat.set_working(False)
            self._next_job()

    # -- the learner's input -----------------------------------------------------------------

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value
        chat = self.chat
        if self.ending:
            self._leave_finished()
            return
        if not text.strip():
            return
        event.input.clear()
        chat.chat_input.remember(text)
        await chat.transcript.add([LearnerSays(text)])
        self.submit(lambda: self.engine.reply(text))

    # -- ending ------------------------------------------------------------------------------

    def _end(self, end: ev.End, events: list[ev.Event]) -> None:
        self._jobs.clear()
        if end.reason != "finished":
            self.exit(0, message=Text("Progress saved. Bye!"))
            return
        self.ending = True
        chat = self.chat
        chat.chat_input.placeholder = "The end: press Enter to leave (Ctrl+P for a lesson)"
        last = next((event.text for event in reversed(events) if isinstance(event, ev.Say)), "")
        self._farewell = plain_markdown(visible(last))
        self._finish_timer = self.set_timer(self.FINISH_DELAY, self._leave_finished)

    def _leave_finished(self) -> None:
        self.exit(0, message=Text(self._farewell) if self._farewell else None)

    def _on_signal(self, signum: int) -> None:
        if signum == signal.SIGHUP:
            self.terminal_gone = True
        self.exit(128 + signum)

    def on_terminal_gone(self, message: TerminalGone) -> None:
        self.terminal_gone = True
        self.exit(0)

    # -- lessons, reset, theme ---------------------------------------------------------------

    def _cancel_ending(self) -> None:
        self.ending = False
        if self._finish_timer is not None:
            self._finish_timer.stop()
            self._finish_timer = None
        self.chat.chat_input.placeholder = ""

    async def on_jump_to_lesson(self, message: JumpToLesson) -> None:
        self._cancel_ending()
        old = self.engine

        def job() -> list[ev.Event]:
            self.engine = Engine(
                old.pack,
                old.store,
                seed=old.seed,
                lesson=message.lesson,
                run_demos=old.run_demos,
                demo_runner=self.demos,
            )
            return self.engine.start()

        self.submit(job)
        await self.chat.close_outline_if_narrow()
        self.chat.chat_input.focus()

    def on_reset_progress(self, message: ResetProgress) -> None:
        def confirmed(answer: bool | None) -> None:
            if answer:
                self._reset()

        self.push_screen(
            ConfirmScreen("Delete all your answers and start again from lesson 1?", "Reset"),
            confirmed,
        )

    def _reset(self) -> None:
        self._cancel_ending()
        old = self.engine

        def job() -> list[ev.Event]:
            old.store.reset()
            self.engine = Engine(
                old.pack,
                old.store,
                seed=old.seed,
                run_demos=old.run_demos,
                demo_runner=self.demos,
            )
            return self.engine.start()

        async def clear_then_run() -> None:
            transcript = self.chat.transcript
            await transcript.remove_children()
            await transcript.add([NoticeBubble("", "Your progress was reset.", "reset")])
            self.submit(job)

        self.call_later(clear_then_run)

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_theme(self, name: str) -> None:
        if name == self._saved_theme:
            return
        with self._lock:
            self.engine.store.set_setting("theme", name)
        self._saved_theme = name

    async def action_quit(self) -> None:
        self.exit(0, message=Text("Progress saved. Bye!"))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def _first_screenful(events: list[ev.Event], size: Size) -> int:
    """How many of the opening's messages surely fill the first screen (the rest follow
    a frame later, so the first frame is quick)."""
    budget = max(size.width, 40) * max(size.height, 10)
    used = 0
    for count, event in enumerate(events, start=1):
        used += len(getattr(event, "text", "")) + 2 * max(size.width, 40)
        if used > budget:
            return count
    return len(events)


def run_app(engine: Engine) -> int:
    """Run the chat app on this terminal; returns the exit status."""
    driver_class = None
    if os.name == "posix" and not os.environ.get("TEXTUAL_DRIVER"):
        from tutor.tui.driver import HangupSafeDriver

        driver_class = HangupSafeDriver
    app = TutorApp(engine)
    if driver_class is not None:
        app.driver_class = driver_class
    app.signals.install_early()
    try:
        code = app.run()
    except OSError:
        if not app.terminal_gone:
            raise
        code = 0  # the last words could not be written: nobody is there to read them
    finally:
        app.signals.restore()
        if not engine.finished:
            engine.close("eof")
    return app.return_code or (code or 0)
