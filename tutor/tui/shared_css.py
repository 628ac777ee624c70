"""Parsed CSS shared by every app in the process, for the SSH server's forked sessions.

Each Textual app parses the whole of its CSS (app.tcss and every widget's DEFAULT_CSS) into
rule sets, once per stylesheet. A session forked from the SSH server's warm parent would run the
CSS tokenizer and parser again, writing to the pages of all the parser's code and data (each
written page is copied for that session). With this installed in the warm parent, the rehearsal
leaves the parsed rules in the parent and every session finds them there.

The rules are keyed by everything the parse depends on: the CSS text, where it came from, its
flags and the CSS variables (the theme), so a session with another theme parses its own. Rule
sets are not changed once parsed (a stylesheet already hands the same ones out again from its
own cache).
"""

from __future__ import annotations

from typing import Any

MAX_ENTRIES = 512  # a few themes' worth of sources; later ones are parsed as usual

_shared: dict[tuple[Any, ...], Any] = {}
_original: Any = None  # Stylesheet._parse_rules before install()


def install() -> None:
    """Make every Stylesheet look in the shared rules first (idempotent)."""
    global _original
    if _original is not None:
        return
    from textual.css.stylesheet import Stylesheet

    parse_rules = _original = Stylesheet._parse_rules

    def shared_parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        key = (
            css,
            read_from,
            is_default_rules,
            tie_breaker,
            scope,
            tuple(sorted(self._variables.items())),
        )
        rules = _shared.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            if len(_shared) < MAX_ENTRIES:
                _shared[key] = rules
        return rules

    Stylesheet._parse_rules = shared_parse_rules  # type: ignore[method-assign]


def uninstall() -> None:
    """Back to each stylesheet parsing its own (for tests), the shared rules forgotten."""
    global _original
    if _original is None:
        return
    from textual.css.stylesheet import Stylesheet

    Stylesheet._parse_rules = _original  # type: ignore[method-assign]
    _original = None
    _shared.clear()


def entries() -> int:
    return len(_shared)
