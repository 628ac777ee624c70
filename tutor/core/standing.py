"""A learner's standing in each lesson: its status and first-try score, computed once.

The progress event, the outline of the app and ``tutor lessons`` / ``progress`` / ``export``
all show these rows (each in its own shape; the numbers come from here).
"""

from __future__ import annotations

from tutor.core.events import LessonStanding, LessonStatus
from tutor.core.lessons import LessonPack
from tutor.core.progress import ProgressStore


def lesson_status(*, completed: bool, step: int) -> LessonStatus:
    if completed:
        return "done"
    return "in progress" if step else "not started"


def standings(pack: LessonPack, store: ProgressStore) -> list[LessonStanding]:
    """Every lesson of the pack, in order, with the learner's standing in it."""
    rows = []
    for lesson in pack.lessons:
        state = store.lesson_progress(lesson.id)
        rows.append(
            LessonStanding(
                lesson=lesson.id,
                title=lesson.title,
                status=lesson_status(completed=state.completed, step=state.step),
                answered=state.answered,
                correct_first_try=state.correct_first_try,
                total=len(lesson.item_ids),
            )
        )
    return rows
