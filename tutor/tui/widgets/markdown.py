"""Tutor text drawn as Markdown in a single widget.

Textual's Markdown widget builds a widget for every block; a lesson's opening is about fifty
of them, which made the first screen appear three times later than a plain chat's and cost
memory for every message kept. Rich's Markdown renderable draws the same Markdown (bold,
italics, inline code, lists, headings, tables) in one Static. It never parses Textual or
Rich markup, so ``[bold]`` in a lesson stays literal; control characters are made visible
before it sees the text.

Rich's Markdown makes a new parser for each text, and every parser builds a LinkifyIt (a set of
regular expressions it never uses here). One parser, enabled as Rich enables its own, serves
every message: parsing keeps no state in the parser, and the tokens are the same. In a session
forked from the SSH server's warm parent, that parser is the parent's, shared.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.style import Style
from rich.text import Text
from rich.theme import Theme
from textual.widgets import Static

from tutor.plain_text import visible

# Plain attributes only: readable in dark, light and 16-colour themes, and with NO_COLOR.
MARKDOWN_THEME = Theme(
    {
        "markdown.code": Style(bold=True),
        "markdown.code_block": Style(),
        "markdown.block_quote": Style(italic=True),
        "markdown.list": Style(),
        "markdown.item.number": Style(bold=True),
        "markdown.h1": Style(bold=True, underline=True),
        "markdown.h2": Style(bold=True, underline=True),
        "markdown.h3": Style(bold=True),
        "markdown.h4": Style(bold=True, italic=True),
        "markdown.link": Style(underline=True),
        "markdown.link_url": Style(underline=True),
        "markdown.table.border": Style(dim=True),
        "markdown.table.header": Style(bold=True),
        "markdown.hr": Style(dim=True),
    }
)


# As rich.markdown.Markdown.__init__ makes its parser.
PARSER = MarkdownIt().enable("strikethrough").enable("table")


class SharedParserMarkdown(Markdown):
    """Rich's Markdown, parsed by the one shared parser."""

    _options: dict[str, Any] = vars(Markdown("", hyperlinks=False, justify="left"))

    def __init__(self, markup: str) -> None:  # Rich's own __init__ would make a parser
        self.__dict__.update(self._options)  # the attributes Rich's __init__ sets
        self.markup = markup
        self.parsed = PARSER.parse(markup)


def markdown(text: str) -> Markdown:
    return SharedParserMarkdown(visible(text))


def markdown_with(text: str, *after: RenderableType | Text) -> Group:
    """Markdown followed by more lines (a question's choices, for instance)."""
    return Group(markdown(text), *after)


class MarkdownText(Static):
    def __init__(self, text: str, *, classes: str = "") -> None:
        super().__init__(markdown(text), classes=classes)
