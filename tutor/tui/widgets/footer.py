"""The key bar: Textual's footer, rebuilt once however many times the bindings change at once.

Textual's footer rebuilds its keys after every change of the screen's bindings (a focus change,
the transcript's cursor, a reactive attribute with bindings), each change its own rebuild. A
session's start makes six in a row, five of them thrown away at once, and every key comes with
two more nodes for its styles: memory and work for nothing. This footer rebuilds once after the
next refresh for all the changes before it, and shows the same: the bindings as they are then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from textual.screen import Screen


class Footer(TextualFooter):
    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
