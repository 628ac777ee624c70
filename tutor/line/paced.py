"""Line mode's paced output: one tutor message at a time, Enter (or ok, next...) for the next.

Events go through the core's ``Pacer``; what may be shown is rendered and written at once,
the rest waits. Each learner line is first offered to ``consume``: a pacing word is handled
here and never reaches the session; anything else goes to the session as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tutor.core import events as ev
from tutor.core import pacing
from tutor.core.pacing import Pacer
from tutor.line.render import LineRenderer


class PacedOutput:
    def __init__(
        self,
        renderer: LineRenderer,
        write: Callable[[str], None],
        *,
        paced: bool = True,
        save: Callable[[str], None] | None = None,
    ) -> None:
        self.renderer = renderer
        self.write = write
        self.pacer: Pacer[None] = Pacer(paced)
        self.save = save  # stores the learner's pacing preference

    def show(self, event: ev.Event) -> None:
        """One event of the session's stream: written now, or kept until Enter."""
        self._write(self.pacer.offer(event, None))

    def show_all(self, events: Iterable[ev.Event]) -> None:
        """A whole stream (the opening, a reply), then the cue if something waits."""
        self.pacer.begin()
        for event in events:
            self.show(event)
        self.cue()

    def begin(self) -> None:
        self.pacer.begin()

    def consume(self, line: str) -> bool:
        """Handle a pacing word; False: the line is for the session (it is about to go)."""
        word = pacing.pacing_word(line)
        if word == "next" and self.pacer.cue() is not None:
            self._write(self.pacer.release())
            self.cue()
            return True
        if word in (pacing.ALL_AT_ONCE, pacing.ONE_AT_A_TIME):
            paced = word == pacing.ONE_AT_A_TIME
            self._write(self.pacer.set_paced(paced))
            if self.save is not None:
                self.save(word)
            note = "one message at a time (Enter for the next)" if paced else "everything at once"
            self.write(self.renderer.note(f"Pacing: {note}. Saved for next time."))
            self.cue()
            return True
        cue = self.pacer.cue()
        if word == "retry" and cue is not None and cue.retry:
            self.pacer.drop_waiting()  # the retry comes first; the next lesson after it
        return False

    def cue(self) -> None:
        """Say what waits, if anything does (one line of plain text)."""
        cue = self.pacer.cue()
        if cue is not None:
            self.write(self.renderer.note(f"-- {cue.text()} --"))

    def flush(self) -> None:
        """Everything still waiting (the input has ended)."""
        self._write(self.pacer.release_all())

    def _write(self, shown: list[tuple[ev.Event, None]]) -> None:
        for event, _ in shown:
            text = self.renderer.render(event)
            if text:
                self.write(text)
