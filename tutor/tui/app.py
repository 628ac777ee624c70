"""The Textual app: a session's events as a chat, with the learner's replies below.

The session is synchronous and its demos take a moment, so every call into it (the opening,
a reply, a jump to another lesson, a review, a reset) is a job run one at a time in a thread
worker. The worker iterates the session's event stream and hands each event to the UI thread
as soon as it is ready (``call_from_thread``): a reply's feedback is on screen while its demo
computes, and "working…" shows while a stream runs on after its last shown event. Lines typed
meanwhile are shown at once and queued. The opening's stream starts as the app loads, so the
lesson's first words come with the first frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar, assert_never, cast

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from tutor.core import events as ev
from tutor.core import pacing
from tutor.core.engine import Engine
from tutor.core.pacing import Pacer
from tutor.core.session import Session
from tutor.tui import terminal
from tutor.tui.lifecycle import SignalExit
from tutor.tui.messages import JumpToLesson, ResetProgress, StartReview, TerminalGone
from tutor.tui.screens.chat import ChatScreen
from tutor.tui.widgets.bubbles import LearnerSays, NoticeBubble
from tutor.tui.widgets.chat_input import PLACEHOLDER
from tutor.tui.widgets.markdown import MARKDOWN_THEME
from tutor.tui.widgets.outline import OutlineState
from tutor.tui.widgets.transcript import widget_for

GOODBYE = "Progress saved. Bye!"
WHAT_NEXT = (
    "Pick a lesson in the outline (**Ctrl+O**) or the command palette (**Ctrl+P**), "
    "start a review from the palette, or press **Ctrl+Q** to quit."
)
FINISHED_PLACEHOLDER = "Finished: Ctrl+O or Ctrl+P for a lesson or a review, Ctrl+Q to quit"
# Events after which the outline's counts or current lesson change.
_OUTLINE_EVENTS = (ev.LessonStart, ev.Feedback, ev.Reveal, ev.LessonEnd)


def _tutor_commands() -> type[Provider]:
    """The palette's lessons, review, reset and themes (loaded when the palette opens)."""
    from tutor.tui.palette import TutorCommands

    return TutorCommands


@dataclass(eq=False)
class Job:
    """One call into the session. ``stream`` runs in the worker, under the session lock, and
    returns the events to show; ``prepare`` runs on the UI thread first."""

    stream: Callable[[], Iterable[ev.Event]]
    echo: Widget | None = None  # the learner's line this job answers
    prepare: Callable[[], Awaitable[None]] | None = None
    shown: bool = False  # a message of its reply is on screen (UI thread only)


class TutorApp(App[int]):
    CSS_PATH: ClassVar[list[str]] = ["app.tcss"]  # type: ignore[misc,assignment]
    # call_from_thread is typed as taking callables that return Never (Textual 8.2.8),
    # hence the arg-type ignores on its calls below.
    TITLE = "tutor"
    COMMANDS = App.COMMANDS | {_tutor_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", show=False, id="app-help"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
    ]

    WORKING_DELAY = 0.3  # seconds before "working…" shows (fast replies never flash it)
    GOODBYE_DELAY = 1.0  # in a browser: seconds the goodbye stays before the session ends

    def __init__(
        self,
        session: Session,
        *,
        default_theme: str | None = None,
        all_at_once: bool | None = None,
    ) -> None:
        super().__init__()
        self.console.push_theme(MARKDOWN_THEME)
        self.session = session
        self.glyphs = terminal.glyphs()
        self.web = terminal.is_web()
        self._lock = threading.Lock()  # session and store are used by one thread at a time
        self._jobs: deque[Job] = deque()
        self._current: Job | None = None
        self._busy = False
        self._working_timer: Timer | None = None
        self._screen_ready = asyncio.Event()
        self._opening: Job | None = None
        # The opening's text so far, in characters (a screen is about width x height of
        # them); None once the first screen has been painted.
        self._first_screen: int | None = 0
        self.leaving = False
        self.finished = False  # the course (or a drill) is over; the app stays open
        self.terminal_gone = False
        self.signals = SignalExit(self._on_signal)
        saved = session.store.setting("theme")
        wanted = saved or default_theme or terminal.default_theme()
        if wanted in self.available_themes:
            self.theme = wanted
        self._saved_theme = saved
        # One message at a time unless the learner chose everything at once (saved, or
        # --all-at-once for this run).
        paced = pacing.saved_paced(session.store.setting(pacing.SETTING))
        self.pacer: Pacer[Job] = Pacer(paced if all_at_once is None else not all_at_once)
        self._held_outline: OutlineState | None = None  # while the next lesson waits
        self._fit_no_color_filter()

    def _fit_no_color_filter(self) -> None:
        """With NO_COLOR, Textual chooses its colour filter once, before a theme is set:
        Monochrome, which turns the ANSI console theme's colours into black on black. An ANSI
        theme needs NoColor instead (the terminal's own foreground and background)."""
        if not self.no_color:
            return
        from textual.filter import Monochrome, NoColor

        wanted = NoColor if self.current_theme.ansi else Monochrome
        filters = [f for f in self._filters if not isinstance(f, Monochrome | NoColor)]
        self._filters = [*filters, wanted()]

    @property
    def engine(self) -> Engine:
        """The engine the session is running now."""
        return self.session.engine

    # -- set-up ------------------------------------------------------------------------------

    def get_default_screen(self) -> ChatScreen:
        return ChatScreen(self.glyphs, console=terminal.is_console(), ready=self._screen_ready)

    @property
    def chat(self) -> ChatScreen:
        """The chat screen (the bottom of the stack, even while help is open)."""
        return cast(ChatScreen, self.screen_stack[0])

    def on_load(self) -> None:
        # The opening streams while the screen is built: its first words wait (in the
        # worker) for the transcript, then the first demo computes.
        self._opening = Job(self.session.start)
        self.submit(self._opening)

    def on_mount(self) -> None:
        self.signals.attach(asyncio.get_running_loop())
        if self.signals.received is not None:
            self._on_signal(self.signals.received)
            return
        self.theme_changed_signal.subscribe(self, lambda theme: self._save_theme(theme.name))
        self.theme_changed_signal.subscribe(self, lambda _: self._fit_no_color_filter())

    # -- jobs: one session stream at a time, off the UI thread ---------------------------------

    def submit(self, job: Job) -> None:
        self._jobs.append(job)
        if not self._busy:
            self._next_job()

    def _next_job(self) -> None:
        if not self._jobs or self.leaving:
            self._busy = False
            return
        self._busy = True
        if self._working_timer is None:
            self._working_timer = self.set_timer(self.WORKING_DELAY, self._show_working)
        self._current = self._jobs.popleft()
        self.pacer.begin()
        self._run_job(self._current)

    def _show_working(self) -> None:
        self._working_timer = None
        if not self._busy:
            return
        if self._screen_ready.is_set():
            self.chat.set_working(True)
        else:  # the screen is still being built
            self._working_timer = self.set_timer(self.WORKING_DELAY, self._show_working)

    def _outline(self) -> OutlineState | None:
        """The outline's state (in the worker, under the lock)."""
        engine = self.engine
        try:
            current = engine.lesson.id if engine.lessons else None
            return OutlineState(tuple(self.session.progress_report().lessons), current)
        except Exception:  # the outline is a view; the conversation goes on without it
            return None

    @work(thread=True, group="engine", exit_on_error=False)
    def _run_job(self, job: Job) -> None:
        """Iterate one session stream; each event goes to the UI thread as soon as it is ready."""
        worker = get_current_worker()
        end: ev.End | None = None
        outline: OutlineState | None = None
        try:
            if job.prepare is not None:
                self.call_from_thread(job.prepare)  # type: ignore[arg-type]
            with self._lock:
                try:
                    events = iter(job.stream())
                except Exception as error:  # a bug must not take the session down
                    events = iter([ev.Error(f"Something went wrong: {error}")])
                while not worker.is_cancelled:
                    try:
                        event = next(events)
                    except StopIteration:
                        break
                    except Exception as error:
                        event = ev.Error(f"Something went wrong: {error}")
                        events = iter([])
                    if isinstance(event, ev.End):
                        end = event
                        continue
                    self.call_from_thread(self._show_event, job, event)  # type: ignore[arg-type]
                    if isinstance(event, _OUTLINE_EVENTS):  # after the event: it comes first
                        self.call_from_thread(self._show_outline, self._outline())  # type: ignore[arg-type]
                outline = self._outline()
        finally:
            if not worker.is_cancelled:
                with contextlib.suppress(RuntimeError):  # RuntimeError: the app has closed
                    self.call_from_thread(self._job_done, job, end, outline)  # type: ignore[arg-type]

    def _queued_echo(self) -> Widget | None:
        """The first queued line on screen: the running reply goes above it."""
        for job in self._jobs:
            if job.echo is not None and job.echo.is_attached:
                return job.echo
        return None

    async def _show_outline(self, outline: OutlineState | None) -> None:
        await self._screen_ready.wait()
        self._outline_now(outline)

    def _outline_now(self, outline: OutlineState | None) -> None:
        """Show the outline's new state, unless the next lesson is waiting to be asked for:
        then it is kept until Enter brings the lesson."""
        if outline is None:
            return
        if self.pacer.at_lesson_end:
            self._held_outline = outline
            return
        self._held_outline = None
        self.chat.outline.show(outline)

    async def _show_event(self, job: Job, event: ev.Event) -> None:
        await self._screen_ready.wait()
        if self.leaving:
            return
        for shown, owner in self.pacer.offer(event, job):
            await self._put_on_screen(owner, shown)
        self._show_cue()

    async def _put_on_screen(self, job: Job, event: ev.Event, *, released: bool = False) -> None:
        """Put one event on screen (``released``: it waited, and Enter brought it)."""
        if self.leaving:
            return
        if isinstance(event, ev.End):
            await self._end(job, event)
            return
        if isinstance(event, ev.LessonStart):
            self._resume()
        widget = self._widget_for(event)
        if widget is None:
            return
        if released:
            transcript = self.chat.transcript
            await transcript.add_to_reply([widget], new=True, before=self._queued_echo())
            return
        if job is self._opening and self._first_screen is not None:
            width, height = max(self.size.width, 40), max(self.size.height, 10)
            if self._first_screen > width * height:
                # The first screen is full: paint it before the rest comes (the worker,
                # waiting on this call, computes no demo meanwhile).
                self._first_screen = None
                await self._painted()
            else:
                self._first_screen += len(getattr(event, "text", "")) + 2 * width
        await self._add_to_reply(job, widget)

    def _widget_for(self, event: ev.Event) -> Widget | None:
        items = self.session.pack.items
        return widget_for(event, self.glyphs, lambda i: items[i].term if i in items else i)

    async def _painted(self, timeout: float = 0.5) -> None:
        """Wait until what was just mounted is on the screen."""
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(painted.wait(), timeout)

    async def _add_to_reply(self, job: Job, widget: Widget) -> None:
        transcript = self.chat.transcript
        await transcript.add_to_reply([widget], new=not job.shown, before=self._queued_echo())
        job.shown = True

    async def _job_done(self, job: Job, end: ev.End | None, outline: OutlineState | None) -> None:
        self._current = None
        try:
            await self._screen_ready.wait()
            self._outline_now(outline)
            if end is not None:
                for shown, owner in self.pacer.offer(end, job):
                    await self._put_on_screen(owner, shown)
            self._show_cue()
        finally:  # whatever happened, the next queued line gets its turn
            if not self._jobs:
                if self._working_timer is not None:
                    self._working_timer.stop()
                    self._working_timer = None
                with contextlib.suppress(Exception):
                    self.chat.set_working(False)
            self._next_job()

    # -- the learner's input -----------------------------------------------------------------

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value
        if self.leaving:
            return
        word = pacing.pacing_word(text)
        if word == "next" and (self.pacer.cue() is not None or not text.strip()):
            event.input.clear()
            await self.show_next()
            return
        if word in (pacing.ALL_AT_ONCE, pacing.ONE_AT_A_TIME):
            event.input.clear()
            await self.set_pacing(word == pacing.ONE_AT_A_TIME)
            return
        if word == "retry" and (cue := self.pacer.cue()) is not None and cue.retry:
            self.pacer.drop_waiting()  # the retry comes first; the next lesson after it
            self._show_cue()
        chat = self.chat
        event.input.clear()
        chat.chat_input.remember(text)
        echo = LearnerSays(text)
        await chat.transcript.add([echo])
        self.submit(Job(lambda: self.session.reply(text), echo=echo))

    # -- pacing ------------------------------------------------------------------------------

    async def show_next(self) -> None:
        """Enter: the next waiting message (or, at a lesson's end, the next lesson)."""
        for index, (event, job) in enumerate(self.pacer.release()):
            await self._put_on_screen(job, event, released=index == 0)
        self._show_cue()
        self._outline_now(self._held_outline)

    async def set_pacing(self, paced: bool) -> None:
        """One message at a time, or everything at once (saved with the learner's settings)."""
        for index, (event, job) in enumerate(self.pacer.set_paced(paced)):
            await self._put_on_screen(job, event, released=index == 0)
        self._show_cue()
        self._save_pacing(pacing.ONE_AT_A_TIME if paced else pacing.ALL_AT_ONCE)
        note = "One message at a time: Enter for the next." if paced else "Everything at once."
        self.notify(note, title="Pacing", timeout=3)

    def _show_cue(self) -> None:
        if not self._screen_ready.is_set():
            return
        cue = self.pacer.cue()
        with contextlib.suppress(Exception):  # the screen may be going away
            self.chat.set_pace_cue(cue.text() if cue is not None else None)

    # -- ending ------------------------------------------------------------------------------

    async def _end(self, job: Job, end: ev.End) -> None:
        match end.reason:
            case "quit" | "eof":
                self._leave()
            case "finished":
                # The closing words stay, with what the learner can do now.
                self.finished = True
                self.chat.chat_input.placeholder = FINISHED_PLACEHOLDER
                await self._add_to_reply(job, _what_next())
            case _:
                assert_never(end.reason)

    def _resume(self) -> None:
        """A lesson or drill starts: the conversation is open again."""
        if self.finished:
            self.finished = False
            self.chat.chat_input.placeholder = PLACEHOLDER

    def _leave(self, code: int = 0) -> None:
        """Quit: progress is saved after every answer, so only the goodbye is left."""
        if self.leaving:
            return
        self.leaving = True
        self._jobs.clear()
        if not self.web:
            self.exit(code, message=Text(GOODBYE))
            return
        # In a browser an exit message would reach the server's log, not the page, and
        # the page covers the screen once the session ends: say it here, briefly.
        self.call_later(self._goodbye_in_chat, code)

    async def _goodbye_in_chat(self, code: int) -> None:
        with contextlib.suppress(Exception):
            await self.chat.transcript.add([NoticeBubble("", GOODBYE, "goodbye")])
            self.chat.chat_input.disabled = True
        self.set_timer(self.GOODBYE_DELAY, lambda: self.exit(code))

    def _on_signal(self, signum: int) -> None:
        if signum == signal.SIGHUP:
            self.terminal_gone = True
        self.exit(128 + signum)

    def on_terminal_gone(self, message: TerminalGone) -> None:
        self.terminal_gone = True
        self.exit(0)

    # -- lessons, review, reset, theme ---------------------------------------------------------

    async def _back_to_chat(self) -> None:
        await self.chat.close_outline_if_narrow()
        self.chat.chat_input.focus()

    def _elsewhere(self) -> None:
        """The learner went to another lesson, a review or a reset: what waited is dropped."""
        self.pacer.drop_waiting()
        self._show_cue()
        self._outline_now(self._held_outline)

    async def on_jump_to_lesson(self, message: JumpToLesson) -> None:
        self._elsewhere()
        self.submit(Job(lambda: self.session.jump(message.lesson)))
        await self._back_to_chat()

    async def on_start_review(self, message: StartReview) -> None:
        self._elsewhere()
        self.submit(Job(self.session.review))
        await self._back_to_chat()

    def on_reset_progress(self, message: ResetProgress) -> None:
        from tutor.tui.screens.confirm import ConfirmScreen

        def confirmed(answer: bool | None) -> None:
            if answer:
                self._elsewhere()
                self._reset()

        self.push_screen(
            ConfirmScreen("Delete all your answers and start again from lesson 1?", "Reset"),
            confirmed,
        )

    def _reset(self) -> None:
        async def clear() -> None:
            transcript = self.chat.transcript
            await transcript.clear()
            await transcript.add([NoticeBubble("", "Your progress was reset.", "reset")])

        self.submit(Job(self.session.reset, prepare=clear))

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_theme(self, name: str) -> None:
        if name == self._saved_theme:
            return
        with self._lock:
            self.session.store.set_setting("theme", name)
        self._saved_theme = name

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_pacing(self, value: str) -> None:
        with self._lock:
            self.session.store.set_setting(pacing.SETTING, value)

    async def action_quit(self) -> None:
        self._leave()

    def open_lab(self) -> None:
        """The lab screen, on the experiment nearest the lesson's current demo."""
        from tutor.tui.screens.lab import LabScreen  # loaded when first opened

        self.push_screen(LabScreen(self.engine.lab.current_experiment(), self.session.seed))

    def action_help(self) -> None:
        from tutor.tui.screens.help import HelpScreen  # loaded when first opened

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def _what_next() -> Widget:
    return NoticeBubble("What next?", WHAT_NEXT, "next")


def run_app(session: Session, *, all_at_once: bool | None = None) -> int:
    """Run the chat app on this terminal; returns the exit status."""
    driver_class = None
    if os.name == "posix" and not terminal.is_web():
        from tutor.tui.driver import HangupSafeDriver

        driver_class = HangupSafeDriver
    app = TutorApp(session, all_at_once=all_at_once)
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
        app.session.close("eof")
    return app.return_code or (code or 0)
