"""`tutor lab [MODEL] [--plain]`: the lab screen in a terminal, else line mode's prompt."""

from __future__ import annotations

from tutor.demos.lab_spec import EXPERIMENTS, resolve_experiment
from tutor.settings import UsageError


def run_lab(model: str, *, plain: bool, seed: int = 0) -> int:
    spec = resolve_experiment(model)
    if spec is None:
        raise UsageError(f"there is no lab model {model!r}; try one of {', '.join(EXPERIMENTS)}")
    if not plain:
        try:
            from tutor.tui.screens.lab import run_lab_app
        except ImportError:
            plain = True
        else:
            return run_lab_app(spec.name, seed)
    from tutor.line.lab import run_line_lab

    return run_line_lab(spec.name, seed)
