"""One widget per chat message. Every text is shown literally (see ``literal``).

Each message keeps ``copy_text``: what ``y`` copies when the message cursor is on it.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from tutor.core.choice_answers import how_to_answer, lettered, lists_choices
from tutor.plain_text import plain_markdown, visible
from tutor.tui.terminal import Glyphs
from tutor.tui.widgets.markdown import MarkdownText, markdown_with


def literal(text: str) -> Content:
    """Text as it is, never parsed as markup; control characters made visible."""
    return Content(visible(text))


def plain(text: str) -> str:
    """Markdown as the plain text a learner would want to paste elsewhere."""
    return plain_markdown(visible(text)).strip()


class TutorSays(MarkdownText):
    """Tutor text: Markdown (bold, lists, inline code, tables), never markup."""

    def __init__(self, text: str, *, classes: str = "") -> None:
        super().__init__(text, classes=f"tutor {classes}".strip())
        self.copy_text = plain(text)


class LearnerSays(Static):
    """What the learner typed, exactly."""

    def __init__(self, text: str) -> None:
        super().__init__(Content.assemble(("You: ", "bold"), literal(text)), classes="learner")
        self.copy_text = visible(text)


class LessonBanner(Static):
    def __init__(self, number: int, of: int, title: str, resumed: bool) -> None:
        text = Content.assemble(
            (f"Lesson {number}/{of}: ", "bold"), literal(title), " (resumed)" if resumed else ""
        )
        super().__init__(text, classes="banner")
        self.copy_text = text.plain


class AskBubble(Static):
    """A question: its number in the lesson (the border title), the text, the choices
    (lettered, one per line, for anything beyond the two boxes) and how to answer."""

    def __init__(
        self, text: str, choices: list[str], number: int, of: int, kind: str = "classify"
    ) -> None:
        lines: list[Text] = []
        if lists_choices(kind, choices):
            lines = [Text("  " + visible(choice)) for choice in lettered(choices)]
            how = how_to_answer(kind, choices)
            answer = Text.assemble(("Answer: ", "bold"), how)
        else:
            how = " or ".join(visible(c) for c in choices) or how_to_answer(kind, choices)
            answer = Text.assemble(("Answer: ", "bold"), how)
        answer.stylize("dim", 8)
        super().__init__(markdown_with(text, *lines, answer), classes="ask")
        self.border_title = f"Question {number} of {of}" if number else "Question"
        listed = "".join(f"{line.plain}\n" for line in lines)
        self.copy_text = f"{plain(text)}\n{listed}Answer: {how}"


class FeedbackBubble(TutorSays):
    """Feedback on an answer: a mark, a coloured edge, and the tutor's words (which say
    right or not quite, so it reads without colour too)."""

    def __init__(self, text: str, correct: bool, glyphs: Glyphs) -> None:
        self.correct = correct
        mark = glyphs.right if correct else glyphs.wrong
        super().__init__(
            f"**{mark}** {text}", classes="feedback " + ("-right" if correct else "-wrong")
        )


class NoticeBubble(TutorSays):
    """Hints, clarifications, reveals, errors: tutor text with a bold label."""

    def __init__(self, label: str, text: str, kind: str) -> None:
        super().__init__(f"**{label}** {text}" if label else text, classes=f"notice -{kind}")
