"""Events as plain terminal text, shared by line mode and one-shot commands.

No UI library here: line mode prints these strings through prompt_toolkit or plain stdout.
Text from lessons and learners is shown literally, with control characters made harmless.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable

from tutor.core import events as ev
from tutor.core.progress import UNSAVED_NOTICE

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.MULTILINE)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def visible(text: str) -> str:
    """Replace control characters (escape sequences included) with a visible symbol."""
    return _CONTROL.sub(
        lambda m: f"^{chr((ord(m.group()) + 64) % 128)}" if ord(m.group()) < 32 else "\ufffd", text
    )


def plain_markdown(text: str) -> str:
    """Markdown as plain text: headings underlined, emphasis and code markers dropped."""
    text = _HEADING.sub(lambda m: f"{m.group(1)}\n{'-' * len(m.group(1))}", text)
    return _CODE.sub(r"\1", _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text)))


_KEEP_SHAPE = re.compile(r"^(\s*[|#>]|\s*```|    |\s*(?:[-*+]|\d+\.)\s)")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")


def reflow(text: str) -> str:
    """Join the hard line breaks inside Markdown paragraphs (and list items), so the text
    can be wrapped to the terminal's width; headings, tables, code and blank lines stay."""
    out: list[str] = []
    joinable = False  # whether the previous line is paragraph or list-item text
    for line in text.splitlines():
        if not line.strip():
            out.append("")
            joinable = False
        elif _BULLET.match(line):
            out.append(line.rstrip())
            joinable = True
        elif _KEEP_SHAPE.match(line):
            out.append(line.rstrip())
            joinable = False
        elif joinable:
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line.rstrip())
            joinable = True
    return "\n".join(out)


def wrap(text: str, width: int, indent: str = "") -> str:
    out: list[str] = []
    in_table = False
    for line in text.splitlines() or [""]:
        in_table = line.lstrip().startswith("|")
        if in_table or line.startswith("    ") or not line.strip():
            out.append(indent + line)
            continue
        bullet = re.match(r"^(\s*(?:[-*]|\d+\.)\s+)", line)
        subsequent = indent + " " * len(bullet.group(1)) if bullet else indent
        out.extend(
            textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=subsequent)
            or [indent]
        )
    return "\n".join(out)


class TextRenderer:
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
                choices = " or ".join(event.choices)
                # The verdict of the answer before, again: the demo and its plot in between
                # may have scrolled it off a 24-line screen.
                recap = f"\n{self._block(self._verdict)}" if self._verdict else ""
                self._verdict = None
                return f"{recap}\n{self._block(f'{label}. {event.text}', '')}\n  ({choices}?)"
            case ev.Feedback():
                mark = "[right]" if event.correct else "[not quite]"
                self._verdict = (
                    f"[right] Your last answer, {event.understood}, was right."
                    if event.correct
                    else f"[not quite] Your last answer was {event.understood}; "
                    f"it is a {event.expected}."
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
                return self._block(text)
            case ev.ProgressReport():
                return self._block(event.text)
            case ev.LessonEnd():
                return self._block(f"-- {event.text or event.lesson} --")
            case ev.Error():
                self.unsaved = self.unsaved or event.text.startswith(UNSAVED_NOTICE)
                return self._block(f"! {event.text}")
            case ev.End():
                if event.reason == "finished":
                    return ""
                if self.unsaved:
                    return "  Bye! (Answers after the save error were not saved.)"
                return "  Progress saved. Bye!"
        return ""

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
