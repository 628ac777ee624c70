"""The chat transcript: one widget per message in an anchored scroll container.

A reply arrives a message at a time (the engine streams its events). The view follows it:
to the end while the reply fits, else from the reply's first message so it reads from the
top. A message cursor (alt+up / alt+down) highlights earlier messages; ``y`` copies one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar, assert_never

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget

from tutor.core import events as ev
from tutor.tui.terminal import Glyphs
from tutor.tui.widgets.bubbles import (
    AskBubble,
    FeedbackBubble,
    LearnerSays,
    LessonBanner,
    NoticeBubble,
    TutorSays,
)
from tutor.tui.widgets.demo import DemoBubble

MAX_MESSAGES = 400  # older messages are pruned; the record is in the progress store
LAYOUT_RETRY = 0.02  # seconds between checks that new messages have been laid out
CURSOR = "-cursor"


def widget_for(event: ev.Event, glyphs: Glyphs) -> Widget | None:
    """The message widget for one event (None for ``End``: the app itself acts on it)."""
    match event:
        case ev.LessonStart():
            return LessonBanner(event.number, event.of, event.title, event.resumed)
        case ev.Say():
            return TutorSays(event.text)
        case ev.Ask():
            return AskBubble(event.text, event.choices, event.number, event.of, event.question_kind)
        case ev.Feedback():
            return FeedbackBubble(event.text, event.correct, glyphs)
        case ev.Hint():
            return NoticeBubble("Hint:", event.text, "hint")
        case ev.Clarify():
            return NoticeBubble("", event.text, "clarify")
        case ev.Reveal():
            return NoticeBubble("Skipped.", event.text, "reveal")
        case ev.Demo() if event.demo == "explain" and not event.series:
            return NoticeBubble("Note:", event.text, "note")
        case ev.Demo():
            return DemoBubble(event, glyphs)
        case ev.Knowledge():
            text = event.text
            if event.suggestions:
                text += "\n\nClosest terms I know: " + ", ".join(event.suggestions)
            return TutorSays(text, classes="knowledge")
        case ev.ProgressReport():
            return TutorSays(event.text, classes="progress")
        case ev.LessonEnd():
            return NoticeBubble("", event.text or f"End of {event.lesson}.", "lesson-end")
        case ev.Error():
            return NoticeBubble("Problem:", event.text, "error")
        case ev.End():
            return None
        case _:
            assert_never(event)


def widgets_for(events: Iterable[ev.Event], glyphs: Glyphs) -> list[Widget]:
    return [w for w in (widget_for(event, glyphs) for event in events) if w is not None]


class Transcript(VerticalScroll):
    """The chat, anchored to its end as messages arrive.

    When a reply is taller than the view (a long lesson opening, a demo with its plot), the
    view starts at the reply's first message instead; scrolling back to the end anchors again.
    ``MoreBelow`` tells the screen when there is more to read.
    """

    can_focus = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy_message", "Copy", id="copy-message"),
    ]

    @dataclass
    class MoreBelow(Message):
        more: bool

    def __init__(self, *children: Widget, id: str | None = None) -> None:
        super().__init__(*children, id=id)
        self._more_below = False
        self._reply_start: Widget | None = None
        self._reply_top: float | None = None  # where a reveal put the view (a tall reply)
        self._reveal_pending = False
        # Until the messages first overflow the view they sit at its top, not anchored:
        # textual 8.2.8 scrolls short anchored content to a negative offset (to the bottom).
        self._top_aligned = True
        self._on_resume: list[Callable[[], None]] = []
        self.cursor: Widget | None = None

    def on_mount(self) -> None:
        self.anchor()  # on textual 8.2.8 the container is anchored, not the child
        self.release_anchor()  # see _top_aligned

    async def clear(self) -> None:
        """Remove every message; the next ones start at the top again."""
        self._set_cursor(None)
        self._reply_start = None
        self._reply_top = None
        await self.remove_children()
        self._top_aligned = True
        self.release_anchor()

    # -- adding messages ------------------------------------------------------------------------

    async def add(self, widgets: Iterable[Widget], *, before: Widget | None = None) -> None:
        """Messages outside a reply (the learner's line, a notice): the view goes to the end."""
        widgets = list(widgets)
        if not widgets:
            return
        follow = self.cursor is None
        if follow:
            self.release_anchor()  # placed after layout (see ``_go_end``)
        await self._mount(widgets, before)
        self._reply_start = None
        if follow:
            self._after_layout(self._go_end)

    async def add_to_reply(
        self, widgets: Iterable[Widget], *, new: bool, before: Widget | None = None
    ) -> None:
        """Messages of a reply as they arrive; ``new`` for the reply's first."""
        widgets = list(widgets)
        if not widgets:
            return
        follow = self.cursor is None and (new or self._following())
        if follow:
            # Placed by the reveal below, after layout: the anchor must not jump to the end
            # first (a tall reply would flash its bottom for a frame).
            self.release_anchor()
        await self._mount(widgets, before)
        if new:
            start = widgets[0]
            index = self.children.index(start)
            if index > 0 and isinstance(self.children[index - 1], LearnerSays):
                start = self.children[index - 1]  # the learner's line, then the reply
            self._reply_start = start
            self._reply_top = None
        if follow and not self._reveal_pending:
            self._reveal_pending = True
            self._after_layout(self._reveal)
        else:
            self.call_after_refresh(self.update_more_below)

    def _after_layout(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the new messages are laid out. While another screen is on
        top (the palette, help), this screen is not laid out: wait until it is back."""
        if self.screen.is_current:
            self.call_after_refresh(callback)
        else:
            self._on_resume.append(callback)

    def screen_resumed(self) -> None:
        """The chat screen is on top again (see ``_after_layout``)."""
        waiting, self._on_resume = self._on_resume, []
        for callback in waiting:
            self.call_after_refresh(callback)

    async def _mount(self, widgets: list[Widget], before: Widget | None) -> None:
        if before is not None and before.parent is self:
            await self.mount_all(widgets, before=before)
        else:
            await self.mount_all(widgets)
        excess = len(self.children) - MAX_MESSAGES
        if excess > 0:
            old = list(self.children)[:excess]
            if self.cursor in old:
                self._set_cursor(None)
            await self.remove_children(old)

    def _fits(self) -> bool:
        return self.virtual_size.height <= self.scrollable_content_region.height

    def _following(self) -> bool:
        """The view shows the end, or the top of the current reply where a reveal put it."""
        if self._reveal_pending or not self._anchor_released:
            return True
        if self._top_aligned and self._fits():
            return True
        return self._reply_top is not None and abs(self.scroll_y - self._reply_top) < 1

    def _go_end(self, tries: int = 10) -> None:
        """To the end, anchored (while all of it still fits, at the top: ``_top_aligned``)."""
        if not self._laid_out(self._go_end, tries):
            return
        if self._top_aligned and self._fits():
            self.release_anchor()
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            self._top_aligned = False
            self.scroll_end(animate=False, immediate=True)
        self.call_after_refresh(self.update_more_below)

    def release_anchor(self) -> None:
        super().release_anchor()
        if self._top_aligned and self.scroll_y < 0:  # was anchored with short content
            self.scroll_target_y = 0
            self.scroll_y = 0

    def _check_anchor(self) -> None:
        # Scrolled back to the end: anchor again (textual), unless still top-aligned.
        if not self._top_aligned:
            super()._check_anchor()

    def _laid_out(self, retry: Callable[[int], None], tries: int) -> bool:
        """Whether the newest message has been laid out; if not, ``retry`` a moment later.
        (Updates can be held back for a moment, e.g. as the command palette closes, and a
        refresh may come before the new messages' layout.)"""
        last = self.children[-1] if self.children else None
        if tries and last is not None and not last.size.width:
            self.set_timer(LAYOUT_RETRY, partial(retry, tries - 1))
            return False
        return True

    def _reveal(self, tries: int = 10) -> None:
        if not self._laid_out(self._reveal, tries):
            return
        start = self._reply_start
        self._reveal_pending = False
        if start is None or not start.is_attached:
            self._go_end()
            return
        top = start.virtual_region_with_margin.y
        if self.virtual_size.height - top <= self.scrollable_content_region.height:
            self._reply_top = None
            self._go_end()
        else:
            self._top_aligned = False
            self._reply_top = top
            self.scroll_to(y=top, animate=False, immediate=True)
            self.call_after_refresh(self.update_more_below)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.update_more_below()

    def update_more_below(self) -> None:
        # The last message's bottom margin is blank: nothing more to read there.
        slack = self.children[-1].styles.margin.bottom if self.children else 0
        more = self.max_scroll_y - self.scroll_y >= 1 + slack
        if more != self._more_below:
            self._more_below = more
            self.post_message(self.MoreBelow(more))

    # -- the message cursor -----------------------------------------------------------------

    def move_cursor(self, step: int) -> bool:
        """Highlight the previous (-1) or next (+1) message; from none, up starts at the last.

        Returns False when there is nothing to highlight (no messages, or down past the
        last, which leaves the cursor)."""
        messages = [child for child in self.children if child.display]
        if not messages:
            return False
        if self.cursor not in messages:
            if step > 0:
                self._set_cursor(None)
                return False
            index = len(messages) - 1
        else:
            assert self.cursor is not None
            index = messages.index(self.cursor) + step
            if index >= len(messages):
                self.leave_cursor()
                return False
            index = max(0, index)
        self._set_cursor(messages[index])
        return True

    def leave_cursor(self) -> None:
        """Drop the highlight and go back to the end of the conversation."""
        if self.cursor is None:
            return
        self._set_cursor(None)
        self._go_end()

    def _set_cursor(self, widget: Widget | None) -> None:
        if self.cursor is not None:
            self.cursor.remove_class(CURSOR)
        self.cursor = widget
        if widget is not None:
            widget.add_class(CURSOR)
            if widget.outer_size.height > self.scrollable_content_region.height:
                self.scroll_to_widget(widget, animate=False, top=True)
            else:
                self.scroll_to_widget(widget, animate=False)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy_message":
            return True if self.cursor is not None else None  # shown only with a cursor
        return True

    def action_copy_message(self) -> None:
        if self.cursor is None:
            return
        text = getattr(self.cursor, "copy_text", "")
        self.app.copy_to_clipboard(text)
        self.app.notify("Copied the message to the clipboard.", title="Copied", timeout=3)

    def on_blur(self) -> None:
        self.leave_cursor()
