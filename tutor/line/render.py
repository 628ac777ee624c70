"""Events as line mode's plain terminal text (printed through prompt_toolkit or to stdout).

Text from lessons and learners is shown literally, with control characters made harmless.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import assert_never

from tutor.core import events as ev
from tutor.core.choice_answers import how_to_answer, lettered, lists_choices
from tutor.plain_text import plain_markdown, visible, wrap

GOODBYE = "Progress saved. Bye!"
WHAT_NEXT = (
    "What next? Type **progress** for your record, or **quit** to leave. "
    "`tutor --lesson ID` opens a lesson again and `tutor review` drills what is due."
)


class LineRenderer:
    """One event as the text line mode prints (empty: nothing to print)."""

    def __init__(self, width: int | None = None, plot: Callable[[ev.Demo], str] | None = None):
        self.width = width or min(shutil.get_terminal_size((80, 24)).columns, 100)
        self.plot = plot

    def _block(self, text: str, indent: str = "  ") -> str:
        return wrap(plain_markdown(visible(text)), self.width - 1, indent)

    def render(self, event: ev.Event) -> str:
        match event:
            case ev.LessonStart():
                title = f" Lesson {event.number}/{event.of}: {visible(event.title)} "
                return "\n" + title.center(self.width - 1, "=")
            case ev.Say():
                return "\n" + self._block(event.text)
            case ev.Ask():
                label = f"Q{event.number}/{event.of}" if event.number else "Q"
                question = f"\n{self._block(f'{label}. {event.text}', '')}"
                if event.choices and not lists_choices(event.question_kind, event.choices):
                    return f"{question}\n  ({' or '.join(visible(c) for c in event.choices)}?)"
                listed = [self._block(choice, "    ") for choice in lettered(event.choices)]
                how = how_to_answer(event.question_kind, event.choices)
                return "\n".join([question, *listed, f"  ({how})"])
            case ev.Feedback():
                mark = "[right]" if event.correct else "[not quite]"
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
                return self._block(f"! {event.text}")
            case ev.End():
                if event.reason == "finished":  # the session stays open until quit or EOF
                    return "\n" + self._block(WHAT_NEXT)
                return f"  {GOODBYE}"
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
