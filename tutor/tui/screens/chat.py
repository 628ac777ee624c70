"""The main screen: outline, transcript, working indicator, input and footer."""

from __future__ import annotations

import asyncio
import contextlib
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from tutor.tui.terminal import Glyphs
from tutor.tui.widgets.chat_input import ChatInput
from tutor.tui.widgets.footer import Footer
from tutor.tui.widgets.outline import Outline, OutlineState
from tutor.tui.widgets.transcript import Transcript

# Printable keys bound on this screen: they must reach the bindings, not the input.
_SCREEN_KEYS = {"question_mark"}
# Printable keys bound on the transcript while the message cursor is on a message.
_CURSOR_KEYS = {"y"}


WIDE = 90  # columns from which the outline sits beside the chat


class ChatScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [  # type: ignore[misc]
        (0, "-narrow"),
        (WIDE, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "app.help", "Help", id="help"),
        Binding("question_mark", "app.help", "Help", show=False, id="help-question-mark"),
        Binding("ctrl+o", "toggle_outline", "Outline", id="toggle-outline"),
        Binding("escape", "switch_focus", "Scroll", show=False, id="switch-focus"),
        Binding("pageup", "scroll_chat(-1)", "Page up", show=False, id="page-up"),
        Binding("pagedown", "scroll_chat(1)", "Page down", show=False, id="page-down"),
        Binding("alt+up", "message_cursor(-1)", "Messages", id="message-up"),
        Binding("alt+down", "message_cursor(1)", "Next message", show=False, id="message-down"),
    ]

    outline_flipped: reactive[bool] = reactive(False)
    """The learner toggled the outline away from its default for this width."""

    def __init__(
        self,
        glyphs: Glyphs,
        outline: OutlineState | None = None,
        *,
        console: bool = False,
        ready: asyncio.Event | None = None,
    ) -> None:
        super().__init__(id="chat", classes="-console" if console else "")
        # The width class from the start, so the first frame is laid out as the rest will be.
        with contextlib.suppress(RuntimeError):  # no app yet (NoActiveAppError)
            self.add_class("-wide" if self.app.size.width >= WIDE else "-narrow")
        self._glyphs = glyphs
        self._outline_state = outline or OutlineState()
        self._ready = ready  # set once the transcript can take messages
        self._was_narrow: bool | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield Outline(self._glyphs)
            with Vertical(id="conversation"):
                yield Transcript(id="transcript")
                yield Static("more below: PgDn to read on", id="more-below")
                yield Static("working… (a demo is running; you can keep typing)", id="working")
                yield ChatInput()
        yield Footer()

    async def on_mount(self) -> None:
        self.outline.show(self._outline_state)
        self.query_one(ChatInput).focus()
        if self._ready is not None:
            self._ready.set()  # messages can go into the transcript (before the first frame)
        await self._build_outline_if_shown()

    def on_screen_resume(self) -> None:
        self.transcript.screen_resumed()

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def chat_input(self) -> ChatInput:
        return self.query_one(ChatInput)

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    def on_transcript_more_below(self, message: Transcript.MoreBelow) -> None:
        self.query_one("#more-below").display = message.more

    def set_working(self, working: bool) -> None:
        self.query_one("#working").display = working

    def set_pace_cue(self, text: str | None) -> None:
        """The words that say more is waiting (None: nothing waits)."""
        self.chat_input.border_title = text  # on the input's edge: the layout never moves

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    @property
    def outline_shown(self) -> bool:
        """Shown by default when wide; when narrow it replaces the chat until closed."""
        return self.narrow == self.outline_flipped

    def watch_outline_flipped(self, flipped: bool) -> None:
        self.set_class(flipped, "-outline-flipped")

    async def _build_outline_if_shown(self) -> None:
        if self.outline_shown:
            await self.outline.build()

    async def on_resize(self) -> None:
        # Crossing the breakpoint starts from that width's default again.
        if self._was_narrow is not None and self._was_narrow != self.narrow:
            self.outline_flipped = False
            self.call_after_refresh(self._refocus)
        self._was_narrow = self.narrow
        await self._build_outline_if_shown()

    def _refocus(self) -> None:
        if self.focused is None or self.outline in self.focused.ancestors:
            self.chat_input.focus()

    async def action_toggle_outline(self) -> None:
        self.outline_flipped = not self.outline_flipped
        await self._build_outline_if_shown()
        if self.narrow and self.outline_shown:
            self.query_one("#outline-lessons").focus()
        else:
            focused = self.focused
            if focused is None or self.outline in focused.ancestors:
                self.chat_input.focus()

    async def close_outline_if_narrow(self) -> None:
        if self.narrow and self.outline_shown:
            await self.action_toggle_outline()

    def action_switch_focus(self) -> None:
        """Escape: between the input and the transcript. Typed text always stays."""
        if self.narrow and self.outline_shown:
            self.call_later(self.action_toggle_outline)
        elif self.transcript.cursor is not None:
            self.transcript.leave_cursor()
            self.chat_input.focus()
        elif isinstance(self.focused, Input):
            self.transcript.focus()
        else:
            self.chat_input.focus()

    def action_message_cursor(self, step: int) -> None:
        """Alt+up / alt+down: highlight earlier messages (focus goes to the transcript);
        down past the last message returns to the input."""
        if self.narrow and self.outline_shown:
            return
        transcript = self.transcript
        if transcript.move_cursor(step):
            transcript.focus()
        elif step > 0:
            self.chat_input.focus()

    def action_scroll_chat(self, direction: int) -> None:
        if direction < 0:
            self.transcript.scroll_page_up()
        else:
            self.transcript.scroll_page_down()

    def on_key(self, event: events.Key) -> None:
        """Typing while the transcript has focus goes to the input, not nowhere."""
        if (
            event.is_printable
            and event.character
            and event.key not in _SCREEN_KEYS
            and not isinstance(self.focused, Input)
            and not (event.key in _CURSOR_KEYS and self.transcript.cursor is not None)
        ):
            event.stop()
            event.prevent_default()
            self.transcript.leave_cursor()
            chat_input = self.chat_input
            chat_input.focus()
            chat_input.insert_text_at_cursor(event.character)
