"""A learner's session: start, reply, jump to a lesson, review, reset; and the one drive loop.

Every front end (the app, line mode, headless) talks to a Session and renders its events; none
of them reads the learner's text or builds an engine itself. A Session runs one Engine at a
time and replaces it for a jump, a review or a reset.

After the course (or a drill) is finished the session stays open: ``quit`` ends it,
``progress`` shows the record, and any other line is answered with ``End("finished")`` again,
which each front end renders as what the learner can do next. End of input then closes the
session without a second ``end``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from tutor.core import events as ev
from tutor.core.lessons import LessonPack
from tutor.core.pacing import pacing_word
from tutor.core.progress import ProgressStore
from tutor.core.review import REVIEW_LIMIT

if TYPE_CHECKING:
    from tutor.core.classroom import ClassJournal
    from tutor.core.engine import DemoRunner, Engine, KnowledgeBase

REVIEW_TITLE = "Review"
RETRY_NOTHING = (
    "Nothing to retry: **retry** works at a lesson's end, when it offers the questions "
    "you missed on the first try."
)


def nothing_due(next_due: float | None, now: float) -> str:
    """What the tutor says when a review is asked for and no item is due."""
    if next_due is None:
        return (
            "Nothing is due for review yet: answer some questions first, "
            "and what you miss comes back here."
        )
    seconds = next_due - now
    wait = "in under a minute"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            wait = f"in {count} {unit}{'' if count == 1 else 's'}"
            break
    when = datetime.fromtimestamp(next_due).strftime("%Y-%m-%d %H:%M")
    return f"Nothing is due for review right now. The next review is due {wait} ({when})."


class Session:
    """One learner's conversation over a lesson pack.

    ``start()``, ``reply()``, ``jump()``, ``review()`` and ``reset()`` return event streams:
    exhaust each before the next call (the state moves as they go). ``review_limit`` makes
    the opening a review of the due items (``tutor review``).
    """

    def __init__(
        self,
        pack: LessonPack,
        store: ProgressStore,
        *,
        seed: int = 0,
        lesson: str | None = None,
        items: list[str] | None = None,
        review_limit: int | None = None,
        journal: ClassJournal | None = None,
        run_demos: bool = True,
        demo_runner: DemoRunner | None = None,
        knowledge: KnowledgeBase | None = None,
    ) -> None:
        self.pack = pack
        self.store = store
        self.seed = seed
        self.journal = journal
        self.run_demos = run_demos
        self.demo_runner = demo_runner
        self.knowledge = knowledge
        self.review_limit = review_limit
        self.engine = self._new_engine(lesson=lesson, items=items)
        self.finished = False  # the course or drill is over; the session still answers
        self.closed = False  # the learner left: nothing more is said
        self.missed: tuple[str, list[str]] = ("", [])  # the last lesson end's misses: ``retry``
        self._after_retry: str | None = None  # the lesson to go back to once a retry is over

    # -- the conversation ------------------------------------------------------------------------

    def start(self) -> Iterator[ev.Event]:
        """The opening: the first lesson (or where the learner stopped), or the review."""
        if self.review_limit is None:
            return self._track(self.engine.stream_start())
        return self._track(self._opening_review(self.review_limit))

    def reply(self, text: str) -> Iterator[ev.Event]:
        """The events answering one line of the learner's text."""
        if self.closed:
            return iter(())
        if pacing_word(text) == "retry":
            return self.retry()
        if self.finished:
            return self._track(self._after_the_end(text))
        return self._track(self.engine.stream_reply(text))

    def close(self, reason: ev.EndReason = "eof") -> list[ev.Event]:
        """The learner left (end of input, window closed). Progress is already saved.

        Says ``End(reason)`` unless the session has already ended or finished."""
        said: list[ev.Event] = []
        if not (self.closed or self.finished):
            said = [ev.End(reason)]
        self.closed = True
        if not self.engine.finished:
            self.engine.close(reason)
        return said

    def _after_the_end(self, text: str) -> Iterator[ev.Event]:
        from tutor.core.language import Command, read

        reading = read(text)
        if isinstance(reading, Command) and reading.name == "quit":
            yield ev.End("quit")
        elif isinstance(reading, Command) and reading.name == "progress":
            yield self.engine.progress_report()
        else:
            yield ev.End("finished")  # still finished: what next, in each front end's terms

    def _track(self, events: Iterable[ev.Event]) -> Iterator[ev.Event]:
        for event in events:
            if isinstance(event, ev.LessonStart):
                self.finished = False
            elif isinstance(event, ev.LessonEnd):
                self.missed = (event.lesson, list(event.missed))
            elif isinstance(event, ev.Feedback | ev.Reveal):
                self.missed = ("", [])  # the next lesson has begun: its own misses count now
            elif isinstance(event, ev.End):
                if event.reason == "finished" and self._after_retry is not None:
                    lesson, self._after_retry = self._after_retry, None
                    yield from self.jump(lesson)  # the retry is over: back to the next lesson
                    return
                if event.reason == "finished":
                    self.finished = True
                else:
                    self.closed = True
            yield event

    # -- lessons, review, reset -----------------------------------------------------------------

    def retry(self) -> Iterator[ev.Event]:
        """A short drill on the items the last lesson end said were missed on the first try;
        then the lesson that came next starts again (the course's end stays the end)."""
        lesson, items = self.missed
        if not items:
            return iter([ev.Clarify(RETRY_NOTHING)])
        self.missed = ("", [])
        engine = self.engine
        self._after_retry = None if engine.finished or not engine.lessons else engine.lesson.id
        ended = self.pack.lesson(lesson)
        title = ended.title if ended is not None else lesson
        self.engine = self._new_engine(items=items, lesson_title=f"Retry: {title}")
        return self._track(self.engine.stream_start())

    def jump(self, lesson: str) -> Iterator[ev.Event]:
        """Go to a lesson (the learner's place in it is kept)."""
        self._elsewhere()
        self.engine = self._new_engine(lesson=lesson)
        return self._track(self.engine.stream_start())

    def due_items(self, limit: int | None = None) -> list[str]:
        """The items due for review, most overdue first, at most ``limit``."""
        due = [item for item in self.store.due_items() if item in self.pack.items]
        return due[: max(limit or REVIEW_LIMIT, 1)]

    def review(self, limit: int | None = None) -> Iterator[ev.Event]:
        """A drill on the items due; with none due, when the next one is (the lesson goes on)."""
        due = self.due_items(limit)
        self._elsewhere()
        if not due:
            return iter([ev.Say(nothing_due(self.store.next_review(), self.store.clock()))])
        self.engine = self._new_engine(items=due, lesson_title=REVIEW_TITLE)
        return self._track(self.engine.stream_start())

    def _opening_review(self, limit: int) -> Iterator[ev.Event]:
        said = list(self.review(limit))
        yield from said
        if not any(isinstance(event, ev.LessonStart) for event in said):
            yield ev.End("finished")  # nothing due: the review is over before it began

    def reset(self, lesson: str | None = None) -> Iterator[ev.Event]:
        """Delete the learner's progress (one lesson's, or all) and start again."""
        self.store.reset(lesson)
        self._elsewhere()
        self.engine = self._new_engine(lesson=lesson)
        return self._track(self.engine.stream_start())

    def progress_report(self) -> ev.ProgressReport:
        return self.engine.progress_report()

    def _elsewhere(self) -> None:
        """The learner went to another lesson, a review or a reset: no retry is pending."""
        self.missed = ("", [])
        self._after_retry = None

    def _new_engine(
        self,
        *,
        lesson: str | None = None,
        items: list[str] | None = None,
        lesson_title: str | None = None,
    ) -> Engine:
        from tutor.core.engine import Engine, run_registry_demo

        current: Engine | None = getattr(self, "engine", None)
        if current is not None:
            self.journal = current.journal  # None once the class directory has failed
        return Engine(
            self.pack,
            self.store,
            seed=self.seed,
            lesson=lesson,
            items=items,
            lesson_title=lesson_title,
            run_demos=self.run_demos,
            demo_runner=self.demo_runner or run_registry_demo,
            knowledge=self.knowledge,
            journal=self.journal,
        )


def drive(session: Session, lines: Iterable[str], show: Callable[[ev.Event], None]) -> int:
    """The one loop of headless and piped line mode: the opening, then a reply to each line,
    each event shown as soon as it is ready; end of input closes the session."""
    for event in session.start():
        show(event)
    for line in lines:
        if session.closed:
            break
        for event in session.reply(line):
            show(event)
    for event in session.close("eof"):
        show(event)
    return 0
