"""The learner's input line: command completion, history, and no blinking cursor."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.events import Paste
from textual.suggester import SuggestFromList
from textual.widgets import Input

from tutor.core.language import COMMAND_NAMES
from tutor.plain_text import visible

PLACEHOLDER = "Answer, ask a question, or type hint, skip, help"


def completions() -> list[str]:
    """Answers first (so "p" offers "parameter"), then commands and their / forms."""
    return [
        "parameter",
        "hyperparameter",
        *COMMAND_NAMES,
        *(f"/{name}" for name in COMMAND_NAMES),
    ]


class ChatInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "accept_suggestion", "Complete", show=False),
        Binding("up", "history(-1)", "Earlier line", show=False),
        Binding("down", "history(1)", "Later line", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(
            placeholder=PLACEHOLDER,
            suggester=SuggestFromList(completions(), case_sensitive=False),
            id="chat-input",
        )
        # A blinking cursor repaints twice a second: bytes on an idle SSH link.
        self.cursor_blink = False
        self._history: list[str] = []
        self._history_index = 0
        self._draft = ""

    def remember(self, line: str) -> None:
        if line and (not self._history or self._history[-1] != line):
            self._history.append(line)
        self._history_index = len(self._history)
        self._draft = ""

    def action_accept_suggestion(self) -> None:
        if self._suggestion and self.cursor_at_end:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()

    def action_history(self, step: int) -> None:
        if not self._history:
            return
        if self._history_index == len(self._history):
            self._draft = self.value
        index = max(0, min(len(self._history), self._history_index + step))
        self._history_index = index
        self.value = self._history[index] if index < len(self._history) else self._draft
        self.cursor_position = len(self.value)

    def _on_paste(self, event: Paste) -> None:
        """Pasted escape sequences become visible characters, never terminal commands.

        Textual calls this before ``Input._on_paste`` (handlers run for every class in the
        MRO), which then inserts the cleaned text.
        """
        # Terminals send a pasted line break as CR: lines become one line, joined by spaces.
        lines = event.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        event.text = visible(" ".join(line.strip() for line in lines if line.strip()))
