"""Experiments during a lesson: ``try learning_rate=1.5`` runs the lesson's demo as a lab
experiment with those values, and its Demo event carries them in ``args``.

A request line is never graded as an answer: the engine hands every line here first. The
experiment is the one nearest the lesson's current (or last) demo, unless the request names
a setting only another experiment has (``try k=8``). Values tried earlier at the same place
in the lesson are kept, so ``try lr=0.5`` then ``try n_iter=300`` runs both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tutor.core import events as ev
from tutor.core.experiment_request import Request, parse, resolve
from tutor.demos.lab_spec import Number, experiment_for_demo

if TYPE_CHECKING:
    from tutor.core.engine import Engine

LabRunner = Callable[[str, Mapping[str, Number], int], Any]  # -> DemoOutcome


def run_lab_experiment(name: str, values: Mapping[str, Number], seed: int) -> Any:
    from tutor.demos.lab import final_outcome  # numpy loads with the first experiment

    return final_outcome(name, values, seed)


@dataclass
class _LastRun:
    experiment: str
    values: dict[str, Number]
    place: tuple[str, int]  # (lesson id, step) where it ran


class LessonLab:
    def __init__(self, engine: Engine, runner: LabRunner = run_lab_experiment) -> None:
        self.engine = engine
        self.runner = runner
        self.last: _LastRun | None = None

    def reply(self, text: str) -> Iterator[ev.Event] | None:
        """The events for a request line, or None when the line is not a request."""
        request = parse(text)
        if request is None:
            return None
        return self._run(request)

    def _place(self) -> tuple[str, int]:
        engine = self.engine
        return (engine.lesson.id if engine.lessons else "", engine.position.step)

    def current_experiment(self) -> str:
        """The lab experiment nearest to the demo the learner has just seen (or will see):
        the latest demo with a close experiment, looking back from here; the line fit else."""
        engine = self.engine
        if not engine.lessons:
            return "line_fit"
        steps = engine.lesson.steps
        for index in range(min(engine.position.step, len(steps) - 1), -1, -1):
            step = steps[index]
            demo = step.demo
            if step.kind == "ask" and step.item in engine.pack.items:
                demo = engine.pack.items[step.item].demo
            if demo is not None and (found := experiment_for_demo(demo.name, demo.args)):
                return found
        return "line_fit"

    def _run(self, request: Request) -> Iterator[ev.Event]:
        here = self._place()
        last = self.last if self.last is not None and self.last.place == here else None
        if request.again:
            if self.last is not None:
                yield from self._experiment(self.last.experiment, dict(self.last.values))
            else:
                yield from self._experiment(self.current_experiment(), {})
            return
        lesson_experiment = self.current_experiment()
        current = last.experiment if last is not None else lesson_experiment
        resolved = resolve(
            request, current, lesson_experiment, explain_learned=self.engine.pending is None
        )
        if resolved.problem:
            yield ev.Clarify(resolved.problem)
            return
        name = resolved.experiment.name
        values = dict(last.values) if last is not None and last.experiment == name else {}
        values.update(resolved.values)
        yield from self._experiment(name, values)

    def _experiment(self, name: str, values: dict[str, Number]) -> Iterator[ev.Event]:
        import time

        from tutor.demos.lab_spec import EXPERIMENTS, with_defaults

        used = with_defaults(EXPERIMENTS[name], values)
        self.last = _LastRun(name, dict(values), self._place())
        began = time.perf_counter()
        try:
            outcome = self.runner(name, used, self.engine.seed)
        except Exception as error:  # a failing experiment must not end the lesson
            yield ev.Error(f"The experiment {name!r} could not run: {error}")
            return
        yield ev.Demo(
            f"lab:{name}",
            None,
            outcome.verdict,
            outcome.text,
            series=list(outcome.series),
            title=outcome.title,
            x_label=outcome.x_label,
            y_label=outcome.y_label,
            elapsed_ms=round((time.perf_counter() - began) * 1000, 1),
            args=dict(used),
        )
