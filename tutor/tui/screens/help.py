"""The help screen (F1, or ? when the input is not focused)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from tutor.core.language import COMMANDS
from tutor.tui.widgets.footer import Footer
from tutor.tui.widgets.markdown import MarkdownText

_COMMAND_LINES = "\n".join(f"- `{spec.name}`: {spec.help}" for spec in COMMANDS)
HELP = f"""\
**How this works.** The tutor asks about quantities in machine-learning models: is
each one a **parameter** (learned from the data by `fit`) or a **hyperparameter**
(chosen before training)? Answer in your own words; a live demo then checks it.
Questions are welcome too: *what is a learning rate?*

**Type** (a leading `/` works too)

{_COMMAND_LINES}

Follow-ups work too: *why does that matter?*, *show me again*, *explain it more simply*,
*give me an example*, *what's the difference again?*, *what does patience mean here?*

**Pacing.** Messages come one at a time: `Enter` on an empty line (or `ok`, `next`,
`go on`) shows the next. At a lesson's end, `retry` drills what you missed, and `Enter` starts
the next lesson. `all at once` (or `Ctrl+P`, *Pacing*) shows everything at once.

**Keys**

- `Tab` or `Right`: complete the suggested word
- `Up` / `Down`: lines you typed earlier
- `Escape`: leave the input to scroll (your text stays); again to return
- `PgUp` / `PgDn`: scroll the chat
- `Alt+Up` / `Alt+Down`: move between earlier messages; `y` copies the highlighted one,
  `Escape` or typing goes back to the input
- `Ctrl+O`: show or hide the lesson outline (Enter on a lesson goes there)
- `Ctrl+P`: commands: go to a lesson, review what is due, reset progress, pacing, theme
- `F1` or `?`: this help
- `Ctrl+Q`: quit

**Review.** Questions you missed come back after a while, the ones you got right after
days. `Ctrl+P`, then *Review due items*, drills the ones that are due.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield MarkdownText(HELP, classes="help-text")
        yield Footer()

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
