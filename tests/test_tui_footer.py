"""The key bar rebuilds once for many binding changes, and still shows the bindings as they are."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tutor.tui.widgets.footer import Footer


class Counting(Footer):
    composed = 0

    def compose(self):  # type: ignore[override]
        Counting.composed += 1
        yield from super().compose()


class KeysApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "second", "Second"),
        Binding("f3", "third", "Third"),
    ]
    third_shown = False

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield Counting()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "third":
            return self.third_shown
        return True


def shown(app: App[None]) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


def test_many_binding_changes_at_once_rebuild_the_keys_once() -> None:
    async def run() -> None:
        app = KeysApp()
        async with app.run_test(size=(80, 10)) as pilot:
            await pilot.pause()
            assert "Second" in shown(app) and "Third" not in shown(app)
            before = Counting.composed
            for _ in range(5):
                app.screen.refresh_bindings()
            await pilot.pause()
            await pilot.pause()
            assert Counting.composed == before + 1
            app.third_shown = True
            app.screen.refresh_bindings()
            await pilot.pause()
            await pilot.pause()
            assert "Second" in shown(app) and "Third" in shown(app)
            assert Counting.composed == before + 2

    asyncio.run(run())
