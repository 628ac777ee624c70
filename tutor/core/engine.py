"""The conversation: a synchronous, deterministic state machine over a lesson pack.

``start()`` and ``reply(text)`` return the events to show. The engine never blocks on
input and never touches a terminal; front ends (Textual, line mode, headless) render its
events. Every answer is stored before its feedback is returned.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from tutor.core import choice_answers
from tutor.core import events as ev
from tutor.core.feedback import Voice
from tutor.core.language import (
    HYPERPARAMETER,
    PARAMETER,
    Answer,
    Command,
    FollowUp,
    Question,
    Unclear,
    about_the_reader,
    asks_about_the_open_item,
    names_a_quantity_then_says,
    read,
)
from tutor.core.lesson_lab import LessonLab
from tutor.core.lessons import Item, Lesson, LessonPack, Step
from tutor.core.progress import ProgressStore

if TYPE_CHECKING:
    from tutor.core.classroom import ClassJournal

DRILL_ID = "drill"


def _plain_term(term: str) -> str:
    words = re.sub(r"\([^)]*\)", " ", term.lower()).replace("-", " ").replace("_", " ").split()
    return " ".join(w for w in words if w not in {"the", "a", "an"})


def _names(item: Item) -> set[str]:
    return {name for name in map(_plain_term, (item.term, *item.aliases)) if name}


def _same_term(term: str, item: Item) -> bool:
    """Whether a knowledge answer is about the item the learner is being asked about."""
    return _plain_term(term) in _names(item)


_COMPLEMENT = "before|after|during|by|via|of|in|from|with|for|like"
_QUESTION_TAG = re.compile(r"\s*(?:is|isn't|isnt|was|wasn't|does|doesn't|doesnt|do|don't)\s+it\s*$")
_KIND_TERM = re.compile(r"\b(?:hyper)?param(?:eter)?s?\b")


def about_another_quantity(
    text: str, reading: object, item: Item | None, knowledge: Callable[[], KnowledgeBase]
) -> Any:
    """The answer about the quantity a hesitant answer ("the weights are learned?") names,
    when that is not the open item: then the line asks about it. Only the engine, which
    knows the item, can tell. A line that names no quantity but a kind ("parameter?") is a
    hesitant answer, whatever the knowledge makes of the word."""
    if not (isinstance(reading, Answer) and not reading.plain and text.rstrip().endswith("?")):
        return None
    if item is None or item.kind != "classify":
        return None
    found = knowledge().ask(text)
    if not (found.known and found.answer in (PARAMETER, HYPERPARAMETER) and found.term):
        return None
    term = _plain_term(found.term)
    if not term or _KIND_TERM.search(term) or _same_term(found.term, item):
        return None
    said = " ".join(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("_", " ")))
    named = re.search(rf"(?<![a-z0-9']){re.escape(term)}(?:e?s)?(?![a-z0-9'])", said)
    untagged = _QUESTION_TAG.sub("", said)
    if named is None or _PRONOUN_LED.search(said) or re.search(r"\bit(?:s|'s)?\b", untagged):
        return None  # "it's learned during boosting?", "the splitter finds it?": the open item
    before = said[: named.start()]
    if _VERDICT_WORDS.search(before) or re.search(rf"\b(?:{_COMPLEMENT})\s+$", before):
        return None  # "parameter, the ones the optimizer finds?", "set before boosting starts?"
    return found


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_VERDICT_WORDS = re.compile(
    r"parameter|learn(ed|t)|trained|fitted|estimated|set before|chosen before|fixed before|tuned"
)


_PRONOUN_LED = re.compile(r"^\W*(?:so |and |but )?(?:it|its|it's|they|they're|this|these)\b")


def _without_spoilers(text: str, item: Item) -> tuple[str, bool]:
    """The text minus sentences that say what the open question's item is: those that name it,
    and those that go on about it ("It is estimated by the fit, so it is a parameter.")."""
    names = [re.compile(rf"\b{re.escape(name)}\b") for name in _names(item)]
    kept, dropped = [], False
    about_item = False  # the sentence before named the item
    for sentence in _SENTENCE.split(text):
        plain = sentence.lower().replace("-", " ").replace("_", " ").replace("*", "")
        named = any(name.search(plain) for name in names)
        goes_on = about_item and bool(_PRONOUN_LED.match(plain))
        about_item = named or goes_on
        if _VERDICT_WORDS.search(plain) and (named or goes_on):
            dropped = True
        else:
            kept.append(sentence)
    return " ".join(kept), dropped


class KnowledgeBase(Protocol):
    def ask(self, question: str) -> Any: ...


DemoRunner = Callable[[str, Mapping[str, Any], int], Any]


def run_registry_demo(name: str, args: Mapping[str, Any], seed: int) -> Any:
    from tutor.demos.registry import run_demo  # numpy loads only when a demo first runs

    return run_demo(name, args, seed=seed)


def _run_of(name: str, args: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """A demo call with its defaults filled in: two calls that run the same thing are equal."""
    from tutor.demos.registry import DEMOS, with_defaults

    return name, with_defaults(name, args) if name in DEMOS else dict(args)


@dataclass
class _Position:
    lesson: int
    step: int


class Engine:
    def __init__(
        self,
        pack: LessonPack,
        store: ProgressStore,
        *,
        seed: int = 0,
        lesson: str | None = None,
        items: list[str] | None = None,
        single_lesson: bool = False,
        run_demos: bool = True,
        demo_runner: DemoRunner = run_registry_demo,
        knowledge: KnowledgeBase | None = None,
        journal: ClassJournal | None = None,
        lesson_title: str | None = None,
    ) -> None:
        self.pack = pack
        self.store = store
        self.seed = seed
        self.voice = Voice(seed)
        self.run_demos = run_demos
        self.demo_runner = demo_runner
        self._knowledge = knowledge
        self.journal = journal
        self.single_lesson = single_lesson or items is not None
        self.lessons: list[Lesson] = list(pack.lessons)
        self.drill = items is not None
        if items is not None:
            steps = tuple(Step("ask", item=item_id) for item_id in items)
            title = lesson_title or "Drill"
            self.lessons = [Lesson(DRILL_ID, title, 0, steps, summary="A drill on chosen items")]
        self.start_lesson = lesson
        self.position = _Position(0, 0)
        self.pending: Item | None = None
        self.last_answered: Item | None = None
        self.last_demo: tuple[str, Mapping[str, Any], str | None] | None = None
        self.finished = False
        self._runs: dict[str, Any] = {}  # item id -> the live run its key came from
        self._just_shown: tuple[str, dict[str, Any]] | None = None
        self._keys_shown: dict[str, str] = {}  # item id -> its key as shown in the feedback
        self.lab = LessonLab(self)  # `try learning_rate=1.5`: experiments during a lesson

    # -- public ------------------------------------------------------------------------------

    @property
    def lesson(self) -> Lesson:
        return self.lessons[self.position.lesson]

    @property
    def knowledge(self) -> KnowledgeBase:
        if self._knowledge is None:
            from tutor.core.knowledge import Knowledge

            self._knowledge = Knowledge(self.pack)
        return self._knowledge

    def start(self) -> list[ev.Event]:
        return list(self.stream_start())

    def reply(self, text: str) -> list[ev.Event]:
        return list(self.stream_reply(text))

    def stream_start(self) -> Iterator[ev.Event]:
        """The opening events, each as soon as it is ready (a demo may take a moment).

        Exhaust the iterator before the next call: the engine's state moves as it goes.
        """
        if not self.lessons:
            self.finished = True
            yield from (ev.Say("There are no lessons to play."), ev.End("finished"))
            return
        index, resumed = self._starting_lesson()
        if index is None:
            self.finished = True
            yield ev.Say(
                "You have finished every lesson. Start one again with `--lesson ID`, "
                "drill items with `--items`, or clear your record with `tutor reset`."
            )
            yield ev.End("finished")
            return
        yield from self._enter_lesson(index, resumed=resumed)

    def stream_reply(self, text: str) -> Iterator[ev.Event]:
        """The events answering one line of learner text, each as soon as it is ready."""
        if self.finished:
            yield ev.End("finished")
            return
        if (tried := self.lab.reply(text)) is not None:  # an experiment, never graded
            yield from tried
            return
        reading = read(text, numbered=self._numbered_choices())
        if isinstance(reading, Command):
            yield from self._command(reading.name)
        elif isinstance(reading, FollowUp):
            yield from self._follow_up(reading)
        elif self.pending is None:
            yield ev.Clarify("There is no open question right now. Type **help**.")
        elif isinstance(reading, Question) and (hesitant := self._hesitant(text)) is not None:
            yield from self._grade(text, hesitant)  # "the slope is learned?" with the slope open
        elif isinstance(reading, Question):
            yield from self._question(reading.text)
        elif (about := self._about_another_quantity(text, reading)) is not None:
            yield from self._question(text.strip(), about)
        elif self.pending.kind != "classify" or (
            choice_answers.offers_neither(self.pending)
            and choice_answers.reads_as_choice(self.pending, text)
        ):
            yield from self._grade_kind(text)  # choices, predictions, numbers, "neither"
        elif isinstance(reading, Unclear):
            yield ev.Clarify(self.voice.clarify(reading.reason, reading.detail))
            yield from self._log_open("unclear", text=text, reason=reading.reason)
        else:
            assert isinstance(reading, Answer)
            yield from self._grade(text, reading)

    def _about_another_quantity(self, text: str, reading: object) -> Any:
        return about_another_quantity(text, reading, self.pending, lambda: self.knowledge)

    def _hesitant(self, text: str) -> Answer | None:
        """The answer in a statement-order question about the open item itself."""
        item = self.pending
        if item is None or item.kind != "classify" or not names_a_quantity_then_says(text):
            return None
        found = self.knowledge.ask(text)
        if found.term is None or not _same_term(found.term, item):
            return None
        reading = read(text, can_ask=False)
        return reading if isinstance(reading, Answer) else None

    def _numbered_choices(self) -> bool:
        """Whether the open question shows its two choices as 1 and 2 (then "1" is an answer)."""
        if self.pending is None:
            return False
        shown = self.pending.question_text()
        return bool(re.search(r"(?:^|\s)1[.)]", shown) and re.search(r"(?:^|\s)2[.)]", shown))

    def close(self, reason: ev.EndReason = "eof") -> list[ev.Event]:
        """The learner left (EOF, quit, window closed). Progress is already saved."""
        self.finished = True
        return [ev.End(reason)]

    # -- moving through lessons --------------------------------------------------------------

    def _starting_lesson(self) -> tuple[int | None, bool]:
        if self.drill:
            return 0, False
        ids = [lesson.id for lesson in self.lessons]
        wanted = self.start_lesson or self.store.current_lesson()
        if self.start_lesson is not None:
            return ids.index(self.start_lesson), self.store.position(self.start_lesson)[0] > 0
        start = ids.index(wanted) if wanted in ids else 0
        for index in range(start, len(ids)):
            step, completed = self.store.position(ids[index])
            if not completed:
                return index, step > 0
        for index in range(0, start):
            if not self.store.position(ids[index])[1]:
                return index, self.store.position(ids[index])[0] > 0
        return None, False

    def _enter_lesson(self, index: int, *, resumed: bool = False) -> Iterator[ev.Event]:
        self.position = _Position(index, 0)
        lesson = self.lesson
        answered = 0
        if not self.drill:
            step, completed = self.store.position(lesson.id)
            step, answered = self._resume_step(lesson, step) if resumed else (step, 0)
            if resumed and not completed and 0 < step < len(lesson.steps):
                self.position.step = step
            else:
                resumed = False
                self.store.set_position(lesson.id, 0)
        yield ev.LessonStart(lesson.id, lesson.title, index + 1, len(self.lessons), resumed=resumed)
        if resumed:
            yield ev.Say(
                f"Welcome back! Picking up **{lesson.title}** where you stopped: "
                f"{answered} of {len(lesson.ask_steps)} questions done.",
                lesson.id,
            )
        yield from self._advance()

    def _resume_step(self, lesson: Lesson, saved_step: int) -> tuple[int, int]:
        """Where a resumed lesson goes on, and how many of its questions are answered.

        The saved step is where the learner was (after ``back`` it may be an earlier
        question); the lesson resumes just after the last question before the first one
        never answered, so no answered question is asked again.
        """
        answered = set(self.store.last_results(lesson.id))
        asks = lesson.ask_steps
        done = [i for i in asks if lesson.steps[i].item in answered]
        open_asks = [i for i in asks if lesson.steps[i].item not in answered]
        if not open_asks:
            return max(saved_step, asks[-1] + 1 if asks else saved_step), len(done)
        before = [i for i in asks if i < open_asks[0]]
        return (before[-1] + 1 if before else 0), len(done)

    def _advance(self) -> Iterator[ev.Event]:
        """Play steps from the current position until a question or the end of the lesson."""
        lesson = self.lesson
        while self.position.step < len(lesson.steps):
            step = lesson.steps[self.position.step]
            if step.kind == "say":
                self._just_shown = None
                yield ev.Say(step.text, lesson.id)
            elif step.kind == "demo" and step.demo is not None:
                if _run_of(step.demo.name, step.demo.args) != self._just_shown:
                    yield from self._demo(step.demo.name, step.demo.args, None)
                self._just_shown = None
            elif step.kind == "ask":
                item = self.pack.items[step.item]
                self.pending = item
                ask = self._ask_event(item)
                yield ask
                yield from self._log_open("ask", number=ask.number, of=ask.of)
                return
            self.position.step += 1
        self.pending = None
        yield from self._finish_lesson()

    def _ask_event(self, item: Item) -> ev.Ask:
        asks = self.lesson.ask_steps
        number = asks.index(self.position.step) + 1 if self.position.step in asks else 0
        return ev.Ask(
            item.id,
            item.question_text(),
            choices=list(item.choices),
            lesson=self.lesson.id,
            number=number,
            of=len(asks),
            question_kind=item.kind,  # type: ignore[arg-type]  # validated by the loader
        )

    def _finish_lesson(self) -> Iterator[ev.Event]:
        lesson = self.lesson
        results = self.store.first_try_results(lesson.id)
        correct = sum(1 for item in lesson.item_ids if results.get(item))
        total = len(lesson.item_ids)
        if not self.drill:
            self.store.set_position(lesson.id, len(lesson.steps), completed=True)
        missed = [] if self.drill else [item for item in lesson.item_ids if not results.get(item)]
        yield ev.LessonEnd(
            lesson.id,
            correct,
            total,
            self.voice.lesson_end(lesson.title, correct, total),
            summary="" if self.drill else lesson.summary or lesson.title,
            missed=missed,
        )
        yield from self._log(
            "lesson_end", lesson=lesson.id, correct=correct, total=total, drill=self.drill
        )
        if self.single_lesson or self.position.lesson + 1 >= len(self.lessons):
            self.finished = True
            if not self.single_lesson:
                yield ev.Say(
                    "That was the last lesson: you've finished the course. "
                    "Well done! `tutor progress` shows your record."
                )
            yield ev.End("finished")
            return
        yield from self._enter_lesson(self.position.lesson + 1)

    # -- answers -----------------------------------------------------------------------------

    def _grade(self, text: str, answer: Answer) -> Iterator[ev.Event]:
        item = self.pending
        assert item is not None
        correct = answer.choice == item.answer
        first_try, logged = self._record(item, text, answer.choice, correct=correct)
        feedback = ev.Feedback(
            item.id,
            answer.choice,
            correct,
            self.voice.feedback(item, correct, answer.reading),
            expected=item.answer,
            reading=answer.reading or None,
            first_try=first_try,
        )
        yield feedback
        yield from logged
        yield from self._after_answer(item)

    def key_for(self, item: Item) -> tuple[str | float | tuple[str, ...] | None, str]:
        """The item's key, and why there is none. A predict or number key comes from running
        the item's demo now (the run is kept to be shown after the answer)."""
        if item.kind == "multi":
            return item.answers, ""
        if not item.live_key:
            return item.answer, ""
        from tutor.core.live_keys import LiveKeyError, live_key

        try:
            outcome = self._runs.get(item.id) or self.demo_runner(
                item.demo.name, item.demo.args, self.seed
            )
            self._runs[item.id] = outcome
            return live_key(item, outcome.measures), ""
        except LiveKeyError as error:
            return None, f"The demo {item.demo.name!r} could not decide the answer: {error}"
        except Exception as error:  # a failing demo must not end the lesson
            return None, f"The demo {item.demo.name!r} could not run: {error}"

    def key_text(self, item: Item) -> str | None:
        """The key as shown to the learner ("(c) blow up", "33 parameters"); None if the
        run cannot decide it."""
        key, _ = self.key_for(item)
        if key is None:
            return None
        if item.kind == "number":
            unit = f" {item.unit}" if item.unit else ""
            return f"{choice_answers.shown_number(float(key))}{unit}"  # type: ignore[arg-type]
        keys = key if isinstance(key, tuple) else (str(key),)
        shown = [choice_answers.label(item.choices, item.choices.index(k)) for k in keys]
        return ", ".join(shown) if item.kind != "classify" else str(key)

    def _grade_kind(self, text: str) -> Iterator[ev.Event]:
        """Grade a choice, several choices, a prediction, a number or a "neither"."""
        item = self.pending
        assert item is not None
        key, problem = self.key_for(item)
        if key is None:
            yield ev.Error(f"{problem}. Type **skip** to go on.")
            return
        graded = choice_answers.grade(item, text, key)
        if isinstance(graded, choice_answers.NotRead):
            yield ev.Clarify(graded.text)
            yield from self._log_open("unclear", text=text, reason="no answer found")
            return
        first_try, logged = self._record(item, text, graded.understood, correct=graded.correct)
        self._keys_shown[item.id] = graded.expected
        yield ev.Feedback(
            item.id,
            graded.understood,
            graded.correct,
            self.voice.kind_feedback(item, graded.correct, graded.expected, graded.reading),
            expected=graded.expected,
            reading=graded.reading,
            first_try=first_try,
        )
        yield from logged
        yield from self._after_answer(item)

    def _record(
        self,
        item: Item,
        text: str,
        understood: str | None,
        *,
        correct: bool,
        skipped: bool = False,
    ) -> tuple[bool, list[ev.Event]]:
        """Save the attempt (and the new position) in one transaction, then copy it to the
        class directory. Returns whether it was the first try, and any warning events."""
        from tutor.core.classroom import capped  # answers are stored at most 500 characters

        first_try = self.store.record_answer(
            lesson=self.lesson.id,
            item=item.id,
            answer_text=capped(text),
            understood=understood,
            correct=correct,
            skipped=skipped,
            next_step=None if self.drill else self.position.step + 1,
        )
        problem = self.store.save_problem()  # a full disk: said once, the session goes on
        logged: list[ev.Event] = [ev.Error(problem)] if problem else []
        logged += self._log(
            "attempt",
            lesson=self.lesson.id,
            item=item.id,
            answer_text=text,
            understood=understood,
            correct=correct,
            skipped=skipped,
            first_try=first_try,
        )
        return first_try, logged

    def _log(self, kind: str, **fields: Any) -> list[ev.Event]:
        """Copy a record to the class directory; a failure is a warning (the journal retries)."""
        if self.journal is None:
            return []
        from tutor.core.classroom import ClassDirError

        try:
            self.journal.record(kind, **fields)
        except ClassDirError as error:
            return [ev.Error(str(error))]
        return []

    def _log_open(self, kind: str, **fields: Any) -> list[ev.Event]:
        """A class-directory record about the open question (asked, hint, unclear, question)."""
        item = self.pending.id if self.pending is not None else None
        return self._log(kind, lesson=self.lesson.id, item=item, **fields)

    def _after_answer(self, item: Item) -> Iterator[ev.Event]:
        self.last_answered = item
        self.pending = None
        self.position.step += 1
        run = self._runs.pop(item.id, None)  # the run a live key came from: shown, not re-run
        yield from self._demo(item.demo.name, item.demo.args, item.id, run)
        # a demo step right after that repeats this very run is not shown twice
        self._just_shown = _run_of(item.demo.name, item.demo.args)
        yield from self._advance()

    def _demo(
        self, name: str, args: Mapping[str, Any], item: str | None, run: Any = None
    ) -> Iterator[ev.Event]:
        if not self.run_demos:
            return
        began = time.perf_counter()
        try:
            outcome = run if run is not None else self.demo_runner(name, args, self.seed)
        except Exception as error:  # a failing demo must not end the lesson
            yield ev.Error(f"The demo {name!r} could not run: {error}")
            return
        elapsed = (time.perf_counter() - began) * 1000
        self.last_demo = (name, args, item)
        yield ev.Demo(
            name,
            item,
            outcome.verdict,
            outcome.text,
            series=list(outcome.series),
            title=outcome.title,
            x_label=outcome.x_label,
            y_label=outcome.y_label,
            elapsed_ms=round(elapsed, 1),
        )

    # -- commands and questions ---------------------------------------------------------------

    def _command(self, name: str) -> Iterable[ev.Event]:
        if name == "quit":
            return self.close("quit")
        if name == "help":
            return [ev.Say(self.voice.help())]
        if name == "progress":
            return [self.progress_report()]
        if name == "why":
            if self.last_answered is None:
                return [
                    ev.Clarify(
                        "Answer the question first; then **why** explains it. Stuck? Try **hint**."
                    )
                ]
            item = self.last_answered
            note = f" (Worth knowing: {item.note})" if item.note else ""
            about = "About your last answer: " if self.pending is not None else ""
            verdict = item.verdict()
            if item.id in self._keys_shown:  # a choice or a number: the key as it was shown
                verdict = f"The answer was **{self._keys_shown[item.id]}**"
            return [ev.Say(f"{about}{verdict}. {item.why}{note}")]
        if self.pending is None:
            return [ev.Clarify("There is no open question right now.")]
        if name == "hint":
            return [ev.Hint(self.pending.id, self.pending.hint), *self._log_open("hint")]
        if name == "repeat":
            return self._repeat()
        if name == "back":
            return self._back()
        if name == "skip":
            return self._skip()
        return [ev.Clarify(self.voice.help())]

    def _skip(self) -> Iterator[ev.Event]:
        item = self.pending
        assert item is not None
        _, logged = self._record(item, "", None, correct=False, skipped=True)
        if item.kind == "classify":
            reveal = ev.Reveal(item.id, item.answer, self.voice.reveal(item))
        else:
            shown = self.key_text(item) or "(the demo could not decide it)"
            reveal = ev.Reveal(item.id, shown, self.voice.reveal_key(item, shown))
        yield reveal
        yield from logged
        yield from self._after_answer(item)

    def _repeat(self) -> list[ev.Event]:
        lesson = self.lesson
        asks = [i for i in lesson.ask_steps if i < self.position.step]
        start = asks[-1] + 1 if asks else 0
        says = [s for s in lesson.steps[start : self.position.step] if s.kind == "say"]
        out: list[ev.Event] = [ev.Say(says[-1].text, lesson.id)] if says else []
        assert self.pending is not None
        return [*out, self._ask_event(self.pending)]  # the text just before it, and the question

    def _back(self) -> list[ev.Event]:
        earlier = [i for i in self.lesson.ask_steps if i < self.position.step]
        if not earlier:
            return [
                ev.Clarify(
                    "This is the first question of the lesson; there is no earlier "
                    "one to go back to."
                )
            ]
        self.position.step = earlier[-1]
        item = self.pack.items[self.lesson.steps[self.position.step].item]
        self.pending = item
        return [ev.Say("Back to the previous question.", self.lesson.id), self._ask_event(item)]

    def _question(self, text: str, found: Any = None) -> Iterator[ev.Event]:
        found = found or about_the_reader(text) or self.knowledge.ask(text)
        item = self.pending
        assert item is not None
        nudge = (
            "That is just what the open question asks, so I'll keep the answer until you "
            f"have tried. A nudge instead: {item.hint}"
        )
        answer_text, redacted = _without_spoilers(found.text, item)
        about_the_open_item = asks_about_the_open_item(text)
        if (
            (found.term is not None and _same_term(found.term, item))
            or about_the_open_item
            or not answer_text
        ):
            yield ev.Knowledge(text, found.term, None, nudge)
        elif redacted:
            yield ev.Knowledge(
                text,
                found.term,
                None,
                f"{answer_text} (I've left out the part that would answer the open question; "
                "ask again after you reply.)",
            )
        else:
            yield ev.Knowledge(
                text,
                found.term,
                found.answer,
                found.text,
                list(found.suggestions),
                known=found.known,
            )
        yield from self._log_open("question", text=text, term=found.term)
        yield self._ask_event(item)

    # -- follow-ups ---------------------------------------------------------------------------

    def _follow_up(self, reading: FollowUp) -> Iterator[ev.Event]:
        """A follow-up about the lesson; never graded. The open question is shown again."""
        if reading.kind == "show_again":
            if self.last_demo is None or not self.run_demos:
                # nothing shown yet: the lesson's experiment, as "show me again" runs it
                tried = self.lab.reply("show me again") if self.run_demos else None
                yield from tried if tried is not None else [
                    ev.Clarify("There is no demo to show again yet.")
                ]
                return
            name, args, item = self.last_demo
            yield ev.Say("Here it is again.", self.lesson.id)
            yield from self._demo(name, args, item)
        elif reading.kind == "define" and self.pending is not None:
            yield from self._define(reading.word)
            return
        elif reading.kind == "define":
            found = self.knowledge.ask(f"what is {reading.word}?")
            yield ev.Knowledge(
                reading.text or reading.word,
                found.term,
                found.answer,
                found.text,
                list(found.suggestions),
                known=found.known,
            )
            return
        else:
            text = {
                "why": self._why_it_matters,
                "simpler": self._simpler,
                "example": self._example,
                "difference": self._difference,
            }[reading.kind]()
            yield ev.Say(text, self.lesson.id)
        if self.pending is not None:
            yield self._ask_event(self.pending)

    def _why_it_matters(self) -> str:
        if self.last_answered is not None:
            item = self.last_answered
            return f"**{item.term}** is a **{item.answer}**: {item.why} It matters because you " + (
                "never type it in: fitting finds it, so different data gives a different "
                "value, and the trained model uses it for every prediction."
                if item.answer == PARAMETER
                else "choose it, before training, and it decides how training goes: "
                "a poor choice gives a poor model however long the fit runs."
            )
        point = self.lesson.summary or self.lesson.title
        return (
            f"The point of **{self.lesson.title}**: {point}. Knowing which numbers the data "
            "decides and which you decide tells you what to tune, what to save with a trained "
            "model, and what a fit can and cannot fix."
        )

    def _simpler(self) -> str:
        if self.pending is not None:
            item = self.pending
            return (
                f"Put simply, the question is: when {item.model} is trained, does the data "
                f"work out **{item.term}** (then it's a parameter), or does a person pick it "
                "before training starts (then it's a hyperparameter)?"
            )
        if self.last_answered is not None:
            item = self.last_answered
            side = (
                "the data works it out when the model is trained"
                if item.answer == PARAMETER
                else "a person picks it before training, and training never changes it"
            )
            return f"Put simply: **{item.term}** is a **{item.answer}**, because {side}."
        return (
            "Put simply: a parameter is a number the computer works out from the data; a "
            "hyperparameter is a number you pick before it starts."
        )

    def _example(self) -> str:
        avoid = _names(self.pending) if self.pending is not None else set()
        picks: dict[str, Item] = {}
        for item in self.pack.items.values():
            if item.answer in picks or _names(item) & avoid:
                continue
            if self.pending is not None and item.model == self.pending.model:
                continue  # a sibling of the open question could give its answer away
            picks[item.answer] = item
            if len(picks) == 2:
                break
        parts = []
        for kind in (PARAMETER, HYPERPARAMETER):
            chosen = picks.get(kind)
            if chosen is not None:
                from tutor.core.knowledge.pack import is_plural  # loaded on first use

                verb = f"are **{kind}s**" if is_plural(chosen.term) else f"is a **{kind}**"
                parts.append(f"in {chosen.model}, **{chosen.term}** {verb}: {chosen.why}")
        if not parts:
            return (
                "For example: the slope of a fitted line is a parameter (the fit finds it); the "
                "learning rate of gradient descent is a hyperparameter (you choose it)."
            )
        return "For example, " + " And ".join(parts)

    @staticmethod
    def _difference() -> str:
        return (
            "The difference: a **parameter** is learned from the data when the model is fitted "
            "(the slope and intercept of a line, the weights and biases of a network, k-means' "
            "centroids); fit on other data and it comes out different. A **hyperparameter** is "
            "set before training and shapes how training goes (the learning rate, the number of "
            "epochs, the layers and neurons, k in k-means); the fit never changes it."
        )

    def _define(self, word: str) -> Iterator[ev.Event]:
        """What a word of the open question means, without saying which kind the item is."""
        item = self.pending
        assert item is not None
        found = self.knowledge.ask(f"what is {word}?")
        text, _ = _without_spoilers(found.text, item) if found.known else ("", False)
        if not text.strip():
            text = (
                f"I can't say more about **{word}** here without giving the answer away. "
                f"A nudge instead: {item.hint}"
            )
        yield ev.Knowledge(f"what does {word} mean here?", found.term, None, text)
        # a question for the class report too: the teacher sees which words learners ask about
        yield from self._log_open("question", text=f"what does {word} mean?", term=found.term)
        yield self._ask_event(item)

    def progress_report(self) -> ev.ProgressReport:
        from tutor.core.standing import standings

        rows = standings(self.pack, self.store)
        lines = [
            f"- {row.title}: {row.status}, {row.correct_first_try}/{row.total} "
            "right on the first try"
            for row in rows
        ]
        return ev.ProgressReport("Your progress:\n" + "\n".join(lines), rows)
