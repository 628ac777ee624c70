"""The lab screen: pick a model, change its hyperparameters with keys, watch it train live.

Training runs in a thread worker that steps the run and posts each frame to the UI thread,
throttled (``FRAME_INTERVAL``, longer on small terminals), so the screen writes a bounded
amount while animating and nothing when idle; keys are handled between frames, never blocked.
The parameters' values tick beside the plots while the hyperparameters stay as set.
"""

from __future__ import annotations

import os
import time
from typing import ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import get_current_worker

from tutor.core import events as ev
from tutor.demos.formatting import num
from tutor.demos.lab import Frame, LabState, contrast
from tutor.plain_text import visible
from tutor.tui.terminal import glyphs
from tutor.tui.widgets.footer import Footer
from tutor.tui.widgets.lab_plot import LabPlot

BYTES_PER_SECOND = 12_000  # output budget while animating (well under 20 KB/s, keys and all)
SMALL = 80 * 24  # cells: a terminal this size or smaller (often over SSH) gets fewer frames

CSS = """
LabScreen { layout: vertical; }
#lab-body { height: 1fr; }
#lab-side { width: 30; padding: 0 1; }
#lab-model { height: 1; text-style: bold; }
#lab-hyper { height: 7; margin-top: 1; }
#lab-params { height: 1fr; margin-top: 1; }
#lab-plots { width: 1fr; }
#lab-drawing { height: 2fr; }
#lab-loss { height: 1fr; min-height: 6; }
#lab-caption { height: auto; max-height: 5; padding: 0 1; color: $text-muted; }
"""


class Panel(Widget):
    """Plain text in a fixed-size box: a new text repaints the box, never the layout.

    A ``grows`` panel (the caption) takes as many lines as its text needs, so a note such as
    why a run diverged is never cut off; the layout is redone only when the number of lines
    its text takes changes (a new value in the same lines repaints the box alone)."""

    def __init__(self, id: str, *, grows: bool = False) -> None:
        super().__init__(id=id)
        self._text = ""
        self._grows = grows

    def set(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh(layout=self._grows and self._lines(text) != self.size.height)

    def _lines(self, text: str) -> int:
        """How many lines the text takes at this panel's width, measured as layout does."""
        width = self.content_size.width
        if not width:
            return -1
        content = Content.from_rich_text(Text(text), console=self.app.console)
        # the styles, as Widget.get_content_height passes them (typed there as RulesMap)
        return content.get_height(cast("RulesMap", self.styles), width)

    def render(self) -> Text:
        return Text(self._text)


def _short(value: float) -> str:
    """A parameter's value in at most 9 characters, so it fits beside its name in the side
    panel however far a diverging run has thrown it (``-67547.31`` becomes ``-6.8e+04``)."""
    text = num(value)
    return text if len(text) <= 9 else f"{value:.1e}"


class OutputMeter:
    """Counts the bytes the app writes to its terminal (wraps the driver's ``write`` once)."""

    def __init__(self) -> None:
        self.bytes = 0

    @classmethod
    def of(cls, app: App[object]) -> OutputMeter:
        meter = getattr(app, "_tutor_output_meter", None)
        if isinstance(meter, OutputMeter):
            return meter
        meter = cls()
        driver = getattr(app, "_driver", None)
        if driver is not None:
            write = driver.write

            def counted(data: str) -> None:
                meter.bytes += len(data.encode("utf-8", "replace"))
                write(data)

            driver.write = counted  # type: ignore[method-assign]
        app._tutor_output_meter = meter  # type: ignore[attr-defined]
        return meter


class LabScreen(Screen[None]):
    DEFAULT_CSS = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "pick(-1)", "Pick", show=False),
        Binding("down", "pick(1)", "Pick"),
        Binding("right,plus,equals_sign", "change(1)", "+", show=False),
        Binding("left,minus", "change(-1)", "−/+"),
        Binding("space", "run", "Run/pause"),
        Binding("r", "reset", "Reset"),
        Binding("m", "model(1)", "Model"),
        Binding("M", "model(-1)", "Model", show=False),
        Binding("q,escape", "leave", "Leave"),
    ]

    BYTES_PER_SECOND = BYTES_PER_SECOND
    FRAME_INTERVAL = 0.1  # seconds between frames: at most 10 a second
    SMALL_FRAME_INTERVAL = 0.25  # on a small terminal, often over a slow link

    def __init__(self, experiment: str = "line_fit", seed: int = 0) -> None:
        super().__init__()
        self.lab = LabState(experiment, seed)
        self.running = False
        self._glyphs = glyphs()
        self._monochrome = "NO_COLOR" in os.environ

    def compose(self) -> ComposeResult:
        with Horizontal(id="lab-body"):
            with Vertical(id="lab-side"):
                yield Panel("lab-model")
                yield Panel("lab-hyper")
                yield Panel("lab-params")
            with Vertical(id="lab-plots"):
                yield LabPlot(self._glyphs, monochrome=self._monochrome, id="lab-drawing")
                yield LabPlot(self._glyphs, monochrome=self._monochrome, id="lab-loss")
        yield Panel("lab-caption", grows=True)
        yield Footer()

    def on_mount(self) -> None:
        self.meter = OutputMeter.of(self.app)
        self._show(self.lab.frame)

    # -- showing a frame ----------------------------------------------------------------------

    def _hyper_text(self) -> str:
        lines = ["Hyperparameters (set):"]
        for index, hyper in enumerate(self.lab.spec.hyperparams):
            mark = self._glyphs.current if index == self.lab.selected else " "
            value = self.lab.values[hyper.name]
            lines.append(f"{mark} {hyper.name:<13} {value:g}")
        lines.append(f"  {self.lab.hyperparam.help}")
        return "\n".join(lines)

    def _params_text(self, frame: Frame) -> str:
        state = "running" if self.running else ("done" if frame.done else "paused")
        if frame.diverged:
            state = "diverged"
        lines = [f"step {frame.step}/{frame.total} [{state}]", "Parameters (learned):"]
        lines += [f"  {name:<16} {_short(value)}" for name, value in frame.parameters]
        if frame.n_parameters > len(frame.parameters):
            lines.append(f"  … {frame.n_parameters} in all")
        lines += [f"{label}: {num(value)}" for label, value in frame.extra]
        return "\n".join(lines)

    def _show(self, frame: Frame) -> None:
        spec = self.lab.spec
        self.query_one("#lab-model", Panel).set(spec.title)
        self.query_one("#lab-hyper", Panel).set(self._hyper_text())
        self.query_one("#lab-params", Panel).set(self._params_text(frame))
        self.query_one("#lab-drawing", LabPlot).show(
            frame.drawing, "", frame.x_label, frame.y_label
        )
        steps = list(range(len(frame.loss)))
        finite = [min(v, 1e12) for v in frame.loss]
        loss = [ev.PlotSeries("training", [float(s) for s in steps], finite)]
        if frame.validation:
            loss.append(
                ev.PlotSeries("validation", [float(s) for s in steps], list(frame.validation))
            )
        self.query_one("#lab-loss", LabPlot).show(loss, f"loss: {frame.loss_label}")
        caption = contrast(frame)
        if frame.note:
            caption += f" Note: {frame.note}."
        self.query_one("#lab-caption", Panel).set(visible(caption))

    def _show_from_worker(self, frame: Frame) -> None:
        if self.is_attached:
            self._show(frame)

    # -- training in a worker -----------------------------------------------------------------

    def _interval(self) -> float:
        width, height = self.app.size
        return self.SMALL_FRAME_INTERVAL if width * height <= SMALL else self.FRAME_INTERVAL

    def _wait_turn(self, shown: float, written: int) -> bool:
        """Sleep until the next frame may go out: ``_interval()`` after the last one, and long
        enough that the bytes the last frame wrote stay within the budget. False if cancelled."""
        worker = get_current_worker()
        interval = self._interval()
        while not worker.is_cancelled:
            spent = self.meter.bytes - written
            due = shown + max(interval, spent / self.BYTES_PER_SECOND)
            if time.monotonic() >= due:
                return True
            time.sleep(min(due - time.monotonic(), 0.02))
        return False

    @work(thread=True, exclusive=True, group="lab-train", exit_on_error=False)
    def _train(self) -> None:
        worker = get_current_worker()
        shown, written = time.monotonic(), self.meter.bytes
        while not worker.is_cancelled:
            frame = self.lab.next_frame()
            if frame is None or not self._wait_turn(shown, written):
                break
            shown, written = time.monotonic(), self.meter.bytes
            self.app.call_from_thread(self._show_from_worker, frame)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._stopped)

    def _stopped(self) -> None:
        self.running = False
        if self.is_attached:
            self._show(self.lab.frame)

    def _stop(self) -> None:
        self.running = False
        self.workers.cancel_group(self, "lab-train")

    def _restart(self, frame: Frame) -> None:
        """A new run was set up: show its first frame, and keep going if it was running."""
        was_running = self.running
        self._stop()
        self._show(frame)
        if was_running:
            self.action_run()

    # -- keys ---------------------------------------------------------------------------------

    def action_pick(self, direction: int) -> None:
        self.lab.pick(direction)
        self.query_one("#lab-hyper", Panel).set(self._hyper_text())

    def action_change(self, direction: int) -> None:
        self._restart(self.lab.change(direction))

    def action_model(self, direction: int) -> None:
        self._restart(self.lab.next_experiment(direction))

    def action_reset(self) -> None:
        self._restart(self.lab.reset())

    def action_run(self) -> None:
        if self.running:
            self._stop()
            self._show(self.lab.frame)
            return
        if self.lab.frame.done:
            self.lab.reset()
        self.running = True
        self._show(self.lab.frame)
        self._train()

    def action_leave(self) -> None:
        self._stop()
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.app.exit(0)


class LabApp(App[int]):
    """`tutor lab`: the lab screen on its own."""

    TITLE = "tutor lab"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False)
    ]

    def __init__(self, experiment: str = "line_fit", seed: int = 0) -> None:
        super().__init__()
        self._experiment = experiment
        self._seed = seed

    def get_default_screen(self) -> LabScreen:
        return LabScreen(self._experiment, self._seed)


def run_lab_app(experiment: str, seed: int = 0) -> int:
    app = LabApp(experiment, seed)
    app.run()
    return app.return_code or 0
