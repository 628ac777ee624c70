"""Paced chat: which events wait for the learner, and the words that move the chat on.

Pacing is presentation. The session emits the same events in every mode; the app and line
mode pass them through a ``Pacer``, which shows one tutor message at a time and keeps the
rest waiting until the learner presses Enter (or types ``ok``, ``next``, ``go on``...).
Anything else the learner types goes to the session as usual: its direct answer (feedback, a
reply to a question, a hint) is shown at once and the waiting messages still follow in order.
Whatever the setting, a new lesson waits at a lesson's end until the learner asks for it.
Headless mode is never paced.

The pacing words live in one small table here until the command table of the language
package takes them over.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from tutor.core import events as ev

PacingWord = Literal["next", "retry", "all at once", "one at a time"]

PACING_WORDS: dict[str, PacingWord] = {
    "": "next",
    "ok": "next",
    "okay": "next",
    "k": "next",
    "next": "next",
    "more": "next",
    "go on": "next",
    "go": "next",
    "continue": "next",
    "next lesson": "next",
    "retry": "retry",
    "retry missed": "retry",
    "try again": "retry",
    "all at once": "all at once",
    "everything at once": "all at once",
    "one at a time": "one at a time",
}
"""What the learner types -> the pacing command it means (after ``normalise``)."""

SETTING = "pacing"  # the learner's preference in the progress store
ONE_AT_A_TIME, ALL_AT_ONCE = "one at a time", "all at once"  # its two values


def normalise(text: str) -> str:
    """Lower case, single spaces, no leading slash and no closing punctuation."""
    words = text.strip().lower().removeprefix("/").strip(" .!").split()
    return " ".join(words)


def pacing_word(text: str) -> PacingWord | None:
    """The pacing command a line means, or None when it is not one (it goes to the session)."""
    return PACING_WORDS.get(normalise(text))


def is_paced(event: ev.Event) -> bool:
    """Whether an event is a tutor message that waits its turn.

    Lesson text and demos wait; everything that answers the learner or asks them something
    (questions, feedback, hints, clarifications, errors, progress) never does. A demo that is
    only a note on the answer (no plot) goes with the feedback it explains.
    """
    if isinstance(event, ev.Say):
        return True
    if isinstance(event, ev.Demo):
        return not (event.demo == "explain" and not event.series)
    return False


def saved_paced(value: str | None) -> bool:
    """The stored preference as a flag: paced unless the learner chose everything at once."""
    return value != ALL_AT_ONCE


T = TypeVar("T")


@dataclass(frozen=True)
class Cue:
    """What the learner is told while something waits: messages, or the next lesson."""

    waiting: int  # Enter presses until nothing waits
    lesson_end: bool  # the head of the queue is the next lesson
    retry: int  # items the last lesson end offers to retry

    def text(self) -> str:
        """One line of plain ASCII text, at most 72 characters (it fits 80 columns)."""
        if self.lesson_end:
            if self.retry:
                missed = self.retry
                return f"Lesson done. Enter for the next lesson, or retry the {missed} you missed"
            return "Lesson done. Enter for the next lesson"
        return f"Enter for more ({self.waiting} waiting), or type a question"


class Pacer(Generic[T]):
    """The front end's queue between a session's events and the screen.

    ``begin()`` before each stream (the opening, a reply); ``offer(event, tag)`` for each of
    its events returns the events to show now, each with its tag (the front end's own context,
    e.g. which reply it belongs to); ``release()`` after Enter returns the next message. The
    queue never reorders: a waiting message is shown before anything that came after it,
    except the direct answer to a line the learner typed mid-way.
    """

    def __init__(self, paced: bool = True) -> None:
        self.paced = paced
        self._waiting: deque[tuple[ev.Event, T]] = deque()
        self._leading = True  # nothing of this stream has waited, no message of it is shown
        self._shown_message = False  # this stream has shown a paced message
        self._lesson_ended = False  # a lesson ended in this stream: the next one waits
        self._retry = 0  # items the last lesson end offers to retry

    # -- the stream ---------------------------------------------------------------------------

    def begin(self) -> None:
        """A new stream starts (the session's answer to one line, or an opening)."""
        self._leading = True
        self._shown_message = False
        self._lesson_ended = False  # a stream that opens with a lesson was asked for

    def offer(self, event: ev.Event, tag: T) -> list[tuple[ev.Event, T]]:
        if isinstance(event, ev.LessonEnd):
            self._retry = len(event.missed)
        if isinstance(event, ev.Ask) and self._question_waits(event.item):
            return []  # asked again after a reply: it is already waiting in its place
        if isinstance(event, ev.Feedback | ev.Reveal) and self._question_waits(event.item):
            # The learner answered a question still waiting: it comes first, with all
            # that leads up to it, then the grade.
            return [*self._release_through(event.item), self._shown(event, tag)]
        gate = isinstance(event, ev.LessonStart) and self._lesson_ended
        if isinstance(event, ev.LessonStart) and not gate and self._waiting:
            # A lesson (or drill) the learner asked for: what still waits from before is
            # shown first, so nothing is lost and nothing comes out of order.
            return [*self.release_all(), self._shown(event, tag)]
        if self._waiting and not (self._leading and not is_paced(event) and not gate):
            return self._queue(event, tag)
        if gate or (self.paced and is_paced(event) and self._shown_message):
            return self._queue(event, tag)
        return [self._shown(event, tag)]  # with something waiting: the direct answer

    def release(self) -> list[tuple[ev.Event, T]]:
        """The next message (and what follows it up to the next message), after Enter."""
        out: list[tuple[ev.Event, T]] = []
        message = False
        while self._waiting:
            event, tag = self._waiting[0]
            if out and self._breaks_before(event, message):
                break
            self._waiting.popleft()
            message = message or is_paced(event)
            out.append(self._shown(event, tag))
        return out

    def release_all(self) -> list[tuple[ev.Event, T]]:
        """Everything waiting (the input ended, or the learner left)."""
        out = [self._shown(event, tag) for event, tag in self._waiting]
        self._waiting.clear()
        return out

    def set_paced(self, paced: bool) -> list[tuple[ev.Event, T]]:
        """Switch the setting; switching to everything at once shows what waits (up to the
        next lesson)."""
        self.paced = paced
        out: list[tuple[ev.Event, T]] = []
        while not paced and self._waiting and not self.at_lesson_end:
            out.extend(self.release())
        return out

    def drop_waiting(self) -> None:
        """Forget what waits (the learner went elsewhere: another lesson, a retry, a reset)."""
        self._waiting.clear()
        self._lesson_ended = False

    # -- what is waiting ------------------------------------------------------------------------

    @property
    def waiting(self) -> int:
        """How many Enter presses until nothing waits."""
        count, message = 0, False
        for index, (event, _) in enumerate(self._waiting):
            if index == 0 or self._breaks_before(event, message):
                count += 1
                message = False
            message = message or is_paced(event)
        return count

    @property
    def at_lesson_end(self) -> bool:
        """The next lesson is what waits."""
        return bool(self._waiting) and isinstance(self._waiting[0][0], ev.LessonStart)

    def cue(self) -> Cue | None:
        """The cue to show, or None when nothing waits."""
        if not self._waiting:
            return None
        at_end = self.at_lesson_end
        return Cue(self.waiting, at_end, self._retry if at_end else 0)

    # -- inside -------------------------------------------------------------------------------

    def _breaks_before(self, event: ev.Event, message_since: bool) -> bool:
        if isinstance(event, ev.LessonStart):
            return True
        return self.paced and is_paced(event) and message_since

    def _shown(self, event: ev.Event, tag: T) -> tuple[ev.Event, T]:
        if is_paced(event):
            self._shown_message = True
            self._leading = False
        if isinstance(event, ev.LessonEnd):
            self._lesson_ended = True
        elif isinstance(event, ev.LessonStart):
            self._lesson_ended = False
        return event, tag

    def _queue(self, event: ev.Event, tag: T) -> list[tuple[ev.Event, T]]:
        self._leading = False
        if isinstance(event, ev.LessonEnd):
            self._lesson_ended = True
        elif isinstance(event, ev.LessonStart):
            self._lesson_ended = False
        self._waiting.append((event, tag))
        return []

    def _question_waits(self, item: str) -> bool:
        return any(isinstance(e, ev.Ask) and e.item == item for e, _ in self._waiting)

    def _release_through(self, item: str) -> list[tuple[ev.Event, T]]:
        out: list[tuple[ev.Event, T]] = []
        while self._waiting:
            event, tag = self._waiting.popleft()
            out.append(self._shown(event, tag))
            if isinstance(event, ev.Ask) and event.item == item:
                break
        return out


def pace_all(events: Iterable[ev.Event], paced: bool = True) -> tuple[list[ev.Event], Pacer[None]]:
    """The events a stream shows at once, and the pacer holding the rest (for tests and tools)."""
    pacer: Pacer[None] = Pacer(paced)
    pacer.begin()
    shown = [event for item in events for event, _ in pacer.offer(item, None)]
    return shown, pacer


def lesson_end_text(event: ev.LessonEnd, term_of: Callable[[str], str] | None = None) -> str:
    """A lesson's end for the learner (Markdown): the score, what the lesson taught, and the
    items missed on the first try with the offer to retry them."""
    lines = [event.text or f"End of {event.lesson}."]
    if event.summary:
        lines.append(f"What it taught: {event.summary}")
    if event.missed:
        names = [term_of(item) if term_of else item for item in event.missed]
        them = "it" if len(names) == 1 else "them"
        lines.append(
            f"Missed on the first try: {', '.join(names)}. Type **retry** to try {them} again."
        )
    return "\n\n".join(lines)
