"""What the terminal can show: default theme and glyphs, chosen from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
CONSOLE_THEME = "ansi-dark"  # native 16 colours: the Linux console draws them well


@dataclass(frozen=True)
class Glyphs:
    right: str
    wrong: str
    current: str
    done: str
    started: str
    separator: str
    line_marker: str  # plotext marker names or single characters
    scatter_marker: str


UNICODE = Glyphs("✓", "✗", "▸", "✓", "…", "·", "braille", "dot")
# The Linux console font has no braille, check marks or ellipsis.
ASCII = Glyphs("+", "x", ">", "*", "~", "-", ".", "*")


def is_web(env: Mapping[str, str] | None = None) -> bool:
    """Served in a browser (``tutor serve``: textual-serve sets TEXTUAL_DRIVER)."""
    env = os.environ if env is None else env
    return bool(env.get("TEXTUAL_DRIVER"))


def is_console(env: Mapping[str, str] | None = None) -> bool:
    """The Linux console (16 colours, no braille). A browser never is, whatever TERM says."""
    env = os.environ if env is None else env
    return env.get("TERM", "") == "linux" and not is_web(env)


def default_theme(env: Mapping[str, str] | None = None) -> str:
    return CONSOLE_THEME if is_console(env) else DARK_THEME


def glyphs(env: Mapping[str, str] | None = None) -> Glyphs:
    return ASCII if is_console(env) else UNICODE
