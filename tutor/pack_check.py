"""``tutor check``: validate a lesson pack and play every lesson with its answer key.

Each lesson is played headless in a throwaway progress store, answering every question with
the key; every feedback must say correct and every demo that gives a verdict must agree with
the item's key. Items that no lesson asks are checked by running their demo directly, and
every claim a lesson makes about a demo (a demo step's ``expect``) is checked against the
numbers the demo reports.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tutor.core import events as ev
from tutor.core.choice_answers import LETTERS, shown_number
from tutor.core.engine import Engine, run_registry_demo
from tutor.core.lessons import Item, LessonPack
from tutor.core.live_keys import LiveKeyError, live_key
from tutor.core.progress import ProgressStore


@dataclass
class LessonResult:
    lesson: str
    source: str
    questions: int = 0
    demos_agreeing: int = 0
    claims_holding: int = 0
    live_keys: int = 0  # predict and number keys computed from a live run
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, object]:
        return {
            "lesson": self.lesson,
            "ok": self.ok,
            "questions": self.questions,
            "demos_agreeing": self.demos_agreeing,
            "claims_holding": self.claims_holding,
            "live_keys": self.live_keys,
            "failures": self.failures,
        }


def _verdict_problem(item: Item, verdict: str | None) -> str | None:
    if verdict is not None and verdict != item.answer:
        return (
            f"item {item.id!r} ({item.source}): demo {item.demo.name!r} found "
            f"{verdict!r} but the key says {item.answer!r}"
        )
    return None


def play_lesson(pack: LessonPack, lesson_id: str, data_dir: Path, seed: int) -> LessonResult:
    lesson = pack.lesson(lesson_id)
    assert lesson is not None
    result = LessonResult(lesson.id, lesson.source)
    store = ProgressStore(data_dir, f"check-{lesson.id}")
    try:
        engine = Engine(pack, store, seed=seed, lesson=lesson.id, single_lesson=True)
        events = engine.start()
        guard = 0
        while not engine.finished and guard < 10_000:
            guard += 1
            asks = [e for e in events if isinstance(e, ev.Ask)]
            _inspect(pack, events, result)
            if not asks:
                result.failures.append("the lesson stopped without a question or an end")
                break
            item = pack.items[asks[-1].item]
            result.questions += 1
            answer = _answer_with_key(engine, item)
            if answer is None:
                _, problem = engine.key_for(item)
                result.failures.append(f"item {item.id!r} ({item.source}): {problem}")
                events = engine.reply("skip")
                continue
            if item.live_key:
                result.live_keys += 1
            events = engine.reply(answer)
            if not any(isinstance(e, ev.Feedback | ev.Reveal) for e in events):
                result.failures.append(
                    f"item {item.id!r} ({item.source}): the key {answer!r} was not read as "
                    "an answer (reword the choice so it cannot read as a question or command)"
                )
                events = engine.reply("skip")
        _inspect(pack, events, result)
        ends = [e for e in events if isinstance(e, ev.LessonEnd)]
        if not ends:
            result.failures.append("the lesson never reached its end")
        elif ends[-1].correct != ends[-1].total:
            result.failures.append(
                f"answered with the key but scored {ends[-1].correct}/{ends[-1].total}"
            )
    finally:
        store.close()
    return result


def _answer_with_key(engine: Engine, item: Item) -> str | None:
    """What a learner who knows the key types: the key's words (a choice's text, "neither",
    the number), or the letters of every choice that applies; None when the run cannot
    decide the key."""
    key, _ = engine.key_for(item)
    if key is None:
        return None
    if isinstance(key, tuple):
        return " and ".join(f"({LETTERS[item.choices.index(k)]})" for k in key)
    if isinstance(key, float):
        return shown_number(key)
    return key


def _inspect(pack: LessonPack, events: list[ev.Event], result: LessonResult) -> None:

    for event in events:
        if isinstance(event, ev.Feedback) and not event.correct:
            result.failures.append(
                f"question on {event.item!r}: the key {event.expected!r} was graded wrong"
            )
        elif isinstance(event, ev.Error):
            result.failures.append(event.text)
        elif isinstance(event, ev.Demo) and event.item is not None:
            if pack.items[event.item].kind != "classify":
                continue  # its key is a choice or a number, not the demo's verdict
            problem = _verdict_problem(pack.items[event.item], event.verdict)
            if problem:
                result.failures.append(problem)
            elif event.verdict is not None:
                result.demos_agreeing += 1


def check_unasked_items(pack: LessonPack, seed: int) -> LessonResult:
    asked = {item for lesson in pack.lessons for item in lesson.item_ids}
    result = LessonResult("(items not asked in any lesson)", "")
    for item in pack.items.values():
        if item.id in asked:
            continue
        result.questions += 1
        try:
            outcome = run_registry_demo(item.demo.name, item.demo.args, seed)
        except Exception as error:
            result.failures.append(f"item {item.id!r} ({item.source}): demo failed: {error}")
            continue
        if item.live_key:
            try:
                live_key(item, outcome.measures)
                result.live_keys += 1
            except LiveKeyError as error:
                result.failures.append(f"item {item.id!r} ({item.source}): {error}")
            continue
        problem = _verdict_problem(item, outcome.verdict) if item.kind == "classify" else None
        if problem:
            result.failures.append(problem)
        elif outcome.verdict is not None:
            result.demos_agreeing += 1
    return result


def check_claims(pack: LessonPack, lesson_id: str, seed: int, result: LessonResult) -> None:
    """Run each demo step that makes claims and hold every claim against the demo's numbers.

    A failure names the lesson, the step (with its file and line), the claim and the numbers.
    """
    from tutor.demos.claims import contradiction, describe

    lesson = pack.lesson(lesson_id)
    assert lesson is not None
    for number, step in enumerate(lesson.steps, start=1):
        if step.demo is None or not step.expect:
            continue
        where = f"lesson {lesson.id!r} step {number} ({step.source}), demo {step.demo.name!r}"
        try:
            outcome = run_registry_demo(step.demo.name, step.demo.args, seed)
        except Exception as error:
            result.failures.append(f"{where}: demo failed: {error}")
            continue
        for claim in step.expect:
            found = contradiction(claim, outcome.measures)
            if found is None:
                result.claims_holding += 1
            else:
                result.failures.append(
                    f"{where}: the claim '{describe(claim)}' does not hold: {found}"
                )


def check_pack(pack: LessonPack, seed: int = 0) -> list[LessonResult]:
    with tempfile.TemporaryDirectory(prefix="tutor-check-") as tmp:
        results = [play_lesson(pack, lesson.id, Path(tmp), seed) for lesson in pack.lessons]
    for result, lesson in zip(results, pack.lessons, strict=True):
        check_claims(pack, lesson.id, seed, result)
    unasked = check_unasked_items(pack, seed)
    if unasked.questions:
        results.append(unasked)
    return results
