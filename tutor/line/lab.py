"""The lab in line mode: the same experiments as the app's lab screen, as text plots.

Commands at the ``lab>`` prompt: ``try lr=0.5`` (or "set n_iter to 300", "what if k were
8?"), ``run``, ``model kmeans``, ``models``, ``help``, ``quit``. A run prints how the
parameters moved step by step beside the hyperparameters that stayed put, then the model
and its loss curve as plots.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import TextIO

from tutor.core import events as ev
from tutor.core.experiment_request import parse, resolve
from tutor.demos.formatting import num
from tutor.demos.lab import Frame, LabError, LabState, contrast
from tutor.demos.lab_spec import EXPERIMENTS, resolve_experiment
from tutor.line.plots import plot_demo
from tutor.plain_text import visible

CHECKPOINTS = 5  # rows of the parameters' table per run

HELP = """\
  try NAME=VALUE     change a hyperparameter and run (also: set NAME to VALUE,
                     what if NAME were VALUE?); several: try lr=0.5, n_iter=300
  run                train with the current hyperparameters
  model NAME         another model: line, kmeans, mlp, polynomial
  models             the models and their hyperparameters
  help               this list
  quit               leave"""


class LineLab:
    """The prompt's state and replies; ``reply`` returns the text to print for one line."""

    def __init__(self, experiment: str, seed: int = 0, width: int = 80, color: bool = True):
        self.lab = LabState(experiment, seed)
        self.width = width
        self.color = color
        self.done = False

    def intro(self) -> str:
        return (
            "The lab: change a hyperparameter, run, and watch the parameters move.\n"
            + self._bench()
            + "\nType `run`, `try NAME=VALUE`, `model NAME`, `help` or `quit`."
        )

    def _bench(self) -> str:
        spec = self.lab.spec
        ranges = ", ".join(
            f"{h.name}={self.lab.values[h.name]:g} ({h.low:g}-{h.high:g})" for h in spec.hyperparams
        )
        return (
            self._wrap(f"Model: {spec.title} ({spec.name}): {spec.summary}.")
            + "\n"
            + (self._wrap(f"Hyperparameters: {ranges}"))
        )

    def reply(self, line: str) -> str:
        text = " ".join(line.strip().split())
        word, _, rest = text.partition(" ")
        word = word.lower().lstrip("/")
        if not text:
            return ""
        if word in {"quit", "exit", "q", "bye"}:
            self.done = True
            return "Bye!"
        if word in {"help", "?"}:
            return HELP
        if word == "run":
            return self.run()
        if word == "models":
            return "\n".join(
                f"  {spec.name:<11} {spec.title}: "
                + ", ".join(f"{h.name} ({h.low:g}-{h.high:g})" for h in spec.hyperparams)
                for spec in EXPERIMENTS.values()
            )
        if word == "model":
            spec = resolve_experiment(rest)
            if spec is None:
                return f"? no model {visible(rest)!r}; try line, kmeans, mlp or polynomial"
            self.lab.use(spec.name)
            return self._bench()
        request = parse(text)
        if request is None:
            return "? not a lab command: type `help` (e.g. try learning_rate=0.5, run, quit)"
        if request.again:
            return self.run()
        resolved = resolve(request, self.lab.experiment)
        if resolved.problem:
            return f"? {visible(resolved.problem)}"
        switched = resolved.experiment.name != self.lab.experiment
        if switched:
            self.lab.use(resolved.experiment.name)
        try:
            self.lab.set(resolved.values)
        except LabError as error:
            return f"? {error}"
        head = f"Model: {self.lab.spec.title}.\n" if switched else ""
        return head + self.run()

    def run(self) -> str:
        first = self.lab.reset()
        seen = [first]
        while (frame := self.lab.next_frame()) is not None:
            seen.append(frame)
        return "\n".join(
            [self._table(seen), *self._plots(seen[-1]), self._wrap(contrast(seen[-1]))]
        )

    def _table(self, seen: list[Frame]) -> str:
        """The parameters at a few steps, each hyperparameter in its own column beside them:
        the first change from row to row, the second never do."""
        last = seen[-1]
        picks = sorted({round(i * (len(seen) - 1) / (CHECKPOINTS - 1)) for i in range(CHECKPOINTS)})
        hypers = list(last.hyperparameters)
        for shown in range(min(4, len(last.parameters)), 0, -1):
            names = [name for name, _ in last.parameters][:shown]
            rows = [["step", *names, "loss", *hypers]]
            for index in picks:
                frame = seen[index]
                values = [num(v) for _, v in frame.parameters[:shown]]
                settings = [f"{frame.hyperparameters[h]:g}" for h in hypers]
                rows.append([str(frame.step), *values, num(frame.loss[-1]), *settings])
            widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
            if sum(widths) + 2 * (len(widths) - 1) <= self.width or shown == 1:
                break
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        lines.insert(1, "-" * min(self.width, max(map(len, lines))))
        lines.insert(0, "How training went: parameters (learned) left, hyperparameters (set) right")
        if last.n_parameters > len(names):
            lines.append(f"({len(names)} of the {last.n_parameters} parameters shown)")
        lines += [f"{label}: {num(value)}" for label, value in last.extra]
        if last.note:
            lines.append(self._wrap(f"Note: {last.note}."))
        return "\n".join(lines)

    def _wrap(self, text: str) -> str:
        return "\n".join(textwrap.wrap(text, width=max(40, self.width - 1)))

    def _plots(self, frame: Frame) -> list[str]:
        width = max(40, min(self.width, 100))
        drawing = ev.Demo(
            f"lab:{frame.experiment}",
            None,
            None,
            "",
            list(frame.drawing),
            title=self.lab.spec.title,
            x_label=frame.x_label,
            y_label=frame.y_label,
        )
        steps = [float(s) for s in range(len(frame.loss))]
        loss = [ev.PlotSeries("training", steps, [min(v, 1e12) for v in frame.loss])]
        if frame.validation:
            loss.append(ev.PlotSeries("validation", steps, list(frame.validation)))
        curve = ev.Demo(
            "lab:loss", None, None, "", loss, title=f"loss: {frame.loss_label}", x_label="step"
        )
        return [
            plot_demo(drawing, width=width, height=16, color=self.color),
            plot_demo(curve, width=width, height=10, color=self.color),
        ]


def run_line_lab(
    experiment: str, seed: int = 0, source: TextIO | None = None, out: TextIO | None = None
) -> int:
    """The lab's prompt loop on stdin/stdout (a pipe works too: no prompt is printed)."""
    source = sys.stdin if source is None else source
    out = sys.stdout if out is None else out
    interactive = source.isatty() and out.isatty()
    width = shutil.get_terminal_size((80, 24)).columns
    lab = LineLab(experiment, seed, width=width, color=interactive)
    write: Callable[[str], None] = lambda text: print(text, file=out, flush=True)  # noqa: E731
    write(lab.intro())
    while not lab.done:
        if interactive:
            out.write("lab> ")
            out.flush()
        line = source.readline()
        if not line:
            break
        answer = lab.reply(line[:1000])
        if answer:
            write(answer)
    return 0
