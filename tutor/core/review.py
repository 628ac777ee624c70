"""Spaced review with FSRS (the maintained ``fsrs`` package): one card per item.

Every answer reviews the item's card: a wrong or skipped answer rates it Again (due again
within minutes), a right one Good (due after a growing interval). ``tutor review`` drills the
cards that are due. Imported lazily: the first answer of a session pays for it, start-up not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsrs import Scheduler

REVIEW_LIMIT = 20  # items in one review unless asked otherwise


def _scheduler() -> Scheduler:
    from fsrs import Scheduler

    # One short learning step: a missed item comes back after 10 minutes, a right one
    # graduates at once to days-long intervals. No fuzzing, so a pinned clock is repeatable.
    return Scheduler(learning_steps=(timedelta(minutes=10),), enable_fuzzing=False)


def review_card(card_json: str | None, correct: bool, at: float) -> tuple[str, float]:
    """The item's card after this answer, as (JSON, due timestamp)."""
    from fsrs import Card, Rating

    card = Card.from_json(card_json) if card_json else Card()
    when = datetime.fromtimestamp(at, tz=UTC)
    rating = Rating.Good if correct else Rating.Again
    card, _log = _scheduler().review_card(card, rating, when)
    return card.to_json(), card.due.timestamp()
