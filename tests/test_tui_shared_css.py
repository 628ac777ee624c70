"""Parsed CSS shared between stylesheets: the same rules for the same CSS and theme only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.css.stylesheet import Stylesheet

from tutor.tui import shared_css

CSS = "Static { color: $text; background: $panel; } #answer { border: tall $accent; }"
LIGHT = {"text": "black", "panel": "white", "accent": "blue"}
DARK = {"text": "white", "panel": "black", "accent": "red"}


@pytest.fixture(autouse=True)
def restored() -> Iterator[None]:
    yield
    shared_css.uninstall()


def sheet(variables: dict[str, str]) -> Stylesheet:
    stylesheet = Stylesheet(variables=variables)
    stylesheet.add_source(CSS, read_from=("test.tcss", ""))
    stylesheet.parse()
    return stylesheet


def test_stylesheets_with_the_same_variables_share_their_parsed_rules() -> None:
    unshared = sheet(LIGHT).css
    shared_css.install()
    shared_css.install()  # idempotent
    first, second = sheet(LIGHT), sheet(dict(LIGHT))
    assert first.rules == second.rules
    assert all(a is b for a, b in zip(first.rules, second.rules, strict=True))
    assert first.css == unshared
    assert shared_css.entries() == 1
    shared_css.uninstall()
    assert shared_css.entries() == 0
    assert not any(a is b for a, b in zip(first.rules, sheet(LIGHT).rules, strict=True))


def test_other_variables_are_parsed_on_their_own() -> None:
    shared_css.install()
    light, dark = sheet(LIGHT), sheet(DARK)
    assert not any(a is b for a, b in zip(light.rules, dark.rules, strict=True))
    assert light.css != dark.css


def test_a_theme_change_reparses_with_the_new_variables() -> None:
    shared_css.install()
    stylesheet = sheet(LIGHT)
    before = stylesheet.css
    stylesheet.set_variables(DARK)
    stylesheet.reparse()
    assert stylesheet.css == sheet(DARK).css != before
