"""Command palette entries: go to a lesson, review, reset progress, the lab, the theme."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tutor.plain_text import visible
from tutor.tui.messages import JumpToLesson, ResetProgress, StartReview
from tutor.tui.terminal import DARK_THEME, LIGHT_THEME

if TYPE_CHECKING:
    from tutor.tui.app import TutorApp


def _highlight(matcher: Matcher, text: str) -> Content:
    """Like ``Matcher.highlight`` but literal: lesson titles are never parsed as markup."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class TutorCommands(Provider):
    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.tutor
        commands: list[tuple[str, Callable[[], object], str]] = []
        for number, lesson in enumerate(app.engine.pack.lessons, start=1):
            commands.append(
                (
                    f"Lesson {number}: {visible(lesson.title)}",
                    partial(app.post_message, JumpToLesson(lesson.id)),
                    "Go to this lesson (your place in it is kept)",
                )
            )
        commands.append(
            (
                "Review due items",
                partial(app.post_message, StartReview()),
                "Drill the questions that are due again (spaced review)",
            )
        )
        commands.append(
            (
                "Reset progress",
                partial(app.post_message, ResetProgress()),
                "Delete your answers and start again (asks first)",
            )
        )
        commands.append(
            (
                "Lab: run experiments",
                app.open_lab,
                "Change a hyperparameter and watch a model train (the parameters move)",
            )
        )
        commands.append(
            ("Theme: light", partial(setattr, app, "theme", LIGHT_THEME), "A light theme")
        )
        commands.append(("Theme: dark", partial(setattr, app, "theme", DARK_THEME), "A dark theme"))
        commands.append(("Theme: choose…", app.action_change_theme, "Pick any theme"))
        return commands

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            yield DiscoveryHit(Content(text), command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, text), command, text=text, help=help_text)
