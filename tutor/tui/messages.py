"""App-wide messages, as small dataclasses (posted from widgets, screens and threads).

``Message`` sets itself up in ``__post_init__``, so dataclass fields just work.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class JumpToLesson(Message):
    """Restart the conversation at this lesson (progress there is resumed)."""

    lesson: str


@dataclass
class ResetProgress(Message):
    """Ask to delete the learner's progress (a confirmation screen comes first)."""


@dataclass
class TerminalGone(Message):
    """Stdin reached EOF or the terminal hung up: leave now (posted from the input thread)."""

    reason: str = "eof"


@dataclass
class StartReview(Message):
    """Drill the items due for review (or say when the next review is due)."""
