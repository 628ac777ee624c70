"""Tutor Markdown parsed by one shared parser: the same tokens and drawing as Rich's own."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markdown import Markdown

from tutor.tui.widgets.markdown import PARSER, SharedParserMarkdown, markdown

TEXT = """# Two kinds of numbers

Some **bold**, *italic*, `code` and ~~struck~~ text; a link http://example.org stays text.

1. one
2. two

| a | b |
|---|---|
| 1 | 2 |

```
fit(X, y)
```
"""


def drawn(renderable: Markdown) -> str:
    console = Console(width=60, record=True, color_system="truecolor", file=io.StringIO())
    console.print(renderable)
    return console.export_text(styles=True)


def test_it_is_rich_markdown_with_the_same_attributes_and_tokens() -> None:
    ours, rich = markdown(TEXT), Markdown(TEXT, hyperlinks=False, justify="left")
    assert isinstance(ours, SharedParserMarkdown)
    assert vars(ours).keys() == vars(rich).keys()
    assert [t.as_dict() for t in ours.parsed] == [t.as_dict() for t in rich.parsed]
    assert drawn(ours) == drawn(rich)


def test_every_text_uses_the_one_parser_and_keeps_its_own_tokens() -> None:
    first, second = markdown("*one*"), markdown("**two**")
    assert first.parsed != second.parsed
    assert first.markup == "*one*" and second.markup == "**two**"
    assert PARSER.parse("*one*") == first.parsed
