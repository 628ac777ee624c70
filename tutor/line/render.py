"""Events as line mode's plain terminal text (printed through prompt_toolkit or to stdout).

Text from lessons and learners is shown literally, with control characters made harmless.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from typing import assert_never

from tutor.core import events as ev
from tutor.core.choice_answers import how_to_answer, lettered, lists_choices
from tutor.core.progress import UNSAVED_NOTICE
from tutor.plain_text import plain_markdown, reflow, visible, wrap

GOODBYE = "Progress saved. Bye!"
GOODBYE_UNSAVED = "Bye! (Answers after the save error were not saved.)"
WHAT_NEXT = (
    "What next? Type **progress** for your record, or **quit** to leave. "
    "`tutor --lesson ID` opens a lesson again and `tutor review` drills what is due."
)


class LineRenderer:
    """One event as the text line mode prints (empty: nothing to print)."""

    def __init__(self, width: int | None = None, plot: Callable[[ev.Demo], str] | None = None):
        self._width = width
        self.plot = plot
        self._verdict: str | None = None  # the last answer's verdict, repeated by the next ask
        self.unsaved = False  # the store said it can no longer save

    @property
    def width(self) -> int:
        """The given width, or the terminal's (read each time: terminals are resized)."""
        return self._width or min(shutil.get_terminal_size((80, 24)).columns, 100)

    def _block(self, text: str, indent: str = "  ") -> str:
        return wrap(plain_markdown(reflow(visible(text))), self.width - 1, indent)

    def _title(self, text: str) -> str:
        """A centred title, wrapped between words when it is wider than the terminal."""
        width = self.width - 1
        lines = textwrap.wrap(text, width - 2, break_long_words=False) or [""]
        return "\n".join(f" {line} ".center(width, "=") for line in lines)

    def render(self, event: ev.Event) -> str:
        match event:
            case ev.LessonStart():
                heading = f"Lesson {event.number}/{event.of}: {visible(event.title)}"
                return "\n" + self._title(heading)
            case ev.Say():
                return "\n" + self._block(event.text)
            case ev.Ask():
                label = f"Q{event.number}/{event.of}" if event.number else "Q"
                # The verdict of the answer before, again: the demo and its plot in between
                # may have scrolled it off a 24-line screen.
                recap = f"\n{self._block(self._verdict)}" if self._verdict else ""
                self._verdict = None
                question = f"{recap}\n{self._block(f'{label}. {event.text}', '')}"
                if event.choices and not lists_choices(event.question_kind, event.choices):
                    return f"{question}\n  ({' or '.join(visible(c) for c in event.choices)}?)"
                listed = [self._block(choice, "    ") for choice in lettered(event.choices)]
                how = how_to_answer(event.question_kind, event.choices)
                return "\n".join([question, *listed, f"  ({how})"])
            case ev.Feedback():
                mark = "[right]" if event.correct else "[not quite]"
                self._verdict = (
                    f"[right] Your last answer, {event.understood}, was right."
                    if event.correct
                    else f"[not quite] Your last answer was {event.understood}; "
                    + (
                        f"it is a {event.expected}."
                        if event.expected in ev.CHOICES
                        else f"the answer is {event.expected}."
                    )
                )
                return self._block(f"{mark} {event.text}")
            case ev.Clarify():
                return self._block(f"? {event.text}")
            case ev.Hint():
                return self._block(f"Hint: {event.text}")
            case ev.Reveal():
                return self._block(event.text)
            case ev.Demo():
                return self._demo(event)
            case ev.Knowledge():
                text = event.text
                if event.suggestions:
                    text += "\n\nClosest terms I know: " + ", ".join(event.suggestions)
                return self._block(text)
            case ev.ProgressReport():
                return self._block(event.text)
            case ev.LessonEnd():
                return self._block(f"-- {event.text or event.lesson} --")
            case ev.Error():
                self.unsaved = self.unsaved or event.text.startswith(UNSAVED_NOTICE)
                return self._block(f"! {event.text}")
            case ev.End():
                if event.reason == "finished":  # the session stays open until quit or EOF
                    return "\n" + self._block(WHAT_NEXT)
                return f"  {GOODBYE_UNSAVED if self.unsaved else GOODBYE}"
            case _:
                assert_never(event)

    def _demo(self, event: ev.Demo) -> str:
        if event.demo == "explain":
            return self._block(f"Note: {event.text}")
        head = f"Demo: {event.title or event.demo}"
        if event.verdict:
            head += f" (verdict: {event.verdict})"
        parts = ["\n" + self._block(head), self._block(event.text)]
        if event.series and self.plot is not None:
            parts.append(self.plot(event))
        return "\n".join(parts)
