"""The lesson outline: every lesson with its progress, and the overall score."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.core.events import LessonStanding
from tutor.tui.messages import JumpToLesson
from tutor.tui.terminal import Glyphs
from tutor.tui.widgets.bubbles import literal


@dataclass(frozen=True)
class OutlineState:
    rows: tuple[LessonStanding, ...] = ()
    current: str | None = None

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.rows)

    @property
    def correct(self) -> int:
        return sum(row.correct_first_try for row in self.rows)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


class Outline(Vertical):
    """Lessons to pick from (Enter jumps there), items answered and the score.

    Its widgets are built the first time it is shown: at narrow widths it starts hidden,
    and the first screen comes sooner without them.
    """

    def __init__(self, glyphs: Glyphs) -> None:
        super().__init__(id="outline")
        self._glyphs = glyphs
        self.state = OutlineState()
        self.border_title = "Lessons"
        self.built = False

    async def build(self) -> None:
        if self.built:
            return
        self.built = True
        await self.mount_all([OptionList(id="outline-lessons"), Static(id="outline-score")])
        self.show(self.state)

    def show(self, state: OutlineState) -> None:
        self.state = state
        if not self.built:
            return
        lessons = self.query_one(OptionList)
        kept = lessons.highlighted if lessons.has_focus else None
        lessons.set_options(self._options(state))
        if state.rows:
            ids = [row.lesson for row in state.rows]
            current = ids.index(state.current) if state.current in ids else 0
            lessons.highlighted = kept if kept is not None else current
        self.query_one("#outline-score", Static).update(
            Content.assemble(
                ("Answered ", "bold"),
                f"{state.answered} of {state.total}\n",
                ("Score ", "bold"),
                f"{state.correct} right first try",
            )
        )

    def _options(self, state: OutlineState) -> list[Option]:
        glyphs = self._glyphs
        options = []
        for number, row in enumerate(state.rows, start=1):
            if row.lesson == state.current:
                mark = glyphs.current
            elif row.status == "done":
                mark = glyphs.done
            elif row.status == "in progress":
                mark = glyphs.started
            else:
                mark = " "
            prompt = Content.assemble(
                f"{mark} {number}. ",
                literal(row.title),
                (f"\n    {row.answered}/{row.total} answered", "dim"),
            )
            options.append(Option(prompt, id=row.lesson))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(JumpToLesson(event.option.id))
