"""The lab's plots: plotext's picture kept as strips, cell for cell what Rich reads from it,
built once per frame however many times the screen paints."""

from __future__ import annotations

import asyncio

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual_plotext.plot import Plot

from tutor.tui.ansi_strips import ansi_strips


def _cells_of_strips(text: str, width: int) -> list[list[tuple[str, Style | None]]]:
    return [
        [(char, segment.style) for segment in strip for char in segment.text]
        for strip in ansi_strips(text, width)
    ]


def _cells_of_rich(text: str) -> list[list[tuple[str, Style | None]]]:
    """What Rich's own reading of the codes gives, one (character, style) per cell."""
    from rich.console import Console

    console = Console(width=200, color_system="truecolor", force_terminal=True)
    lines = Text.from_ansi(text).split("\n", allow_blank=True)
    cells = []
    for line in lines:
        segments = Segment.simplify(line.render(console))
        cells.append(
            [(char, segment.style or None) for segment in segments for char in segment.text]
        )
    return cells


def _plot(theme: str) -> str:
    plt = Plot()
    plt.theme(theme)
    plt.plotsize(50, 14)
    plt.scatter([1.0, 2.0, 3.0, 4.0], [2.0, 1.0, 4.0, 3.0], label="data", marker="•")
    plt.plot([1.0, 4.0], [1.5, 3.5], label="y = 0.67·x + 0.83", marker="braille")
    plt.title("a title")
    plt.xlabel("x")
    plt.ylabel("y")
    return plt.build()


def test_plotext_pictures_read_cell_for_cell_as_rich_reads_them() -> None:
    for theme in ("default", "clear", "dark", "pro"):
        canvas = _plot(theme)
        assert "\x1b[" in canvas or theme == "clear"
        strips = _cells_of_strips(canvas, 50)
        rich = _cells_of_rich(canvas.rstrip("\n"))
        assert len(strips) == len(rich) == 14, theme
        for ours, theirs in zip(strips, rich, strict=True):
            assert [c for c, _ in ours] == [c for c, _ in theirs]
            assert [s or Style() for _, s in ours] == [s or Style() for _, s in theirs], theme


def test_strips_are_the_width_asked_for_over_the_base_style() -> None:
    base = Style(color="white", bgcolor="black")
    strips = ansi_strips("\x1b[31mab\x1b[0mc\n\x1b[1;34mlong line\x1b[0m\n", 5, base)
    assert [strip.cell_length for strip in strips] == [5, 5]
    assert "".join(s.text for s in strips[0]) == "abc  "
    assert "".join(s.text for s in strips[1]) == "long "
    first = list(strips[0])
    assert first[0].style == base + Style(color="color(1)")  # red, as SGR 31 names it
    assert first[1].style == base  # after the reset: the widget's own style
    assert next(iter(strips[1])).style == base + Style(bold=True, color="color(4)")


def test_the_lab_plot_is_built_once_per_frame_not_once_per_paint() -> None:
    from tutor.tui.screens.lab import LabApp
    from tutor.tui.widgets.lab_plot import LabPlot

    async def scenario() -> None:
        app = LabApp("kmeans")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            plots = list(app.screen.query(LabPlot))
            builds = {plot.id: 0 for plot in plots}
            for plot in plots:
                draw = plot._draw

                def counted(width: int, height: int, plot: LabPlot = plot, draw=draw):
                    builds[plot.id] += 1
                    return draw(width, height)

                plot._draw = counted  # type: ignore[method-assign]
            for _ in range(3):  # the highlight moves: the side panel repaints, not the plots
                await pilot.press("down")
            await pilot.pause()
            assert builds == {"lab-drawing": 0, "lab-loss": 0}
            await pilot.press("up", "up", "up", "right")  # k 3 -> 4: a new run, new pictures
            await pilot.pause()
            assert builds == {"lab-drawing": 1, "lab-loss": 1}
            drawing = app.screen.query_one("#lab-drawing", LabPlot)
            rows = [
                "".join(s.text for s in drawing.render_line(y)) for y in range(drawing.size.height)
            ]
            assert all(len(row) == drawing.size.width for row in rows)
            assert any("cluster 4" in row for row in rows)  # the legend names the new cluster
            await pilot.resize_terminal(100, 30)
            await pilot.pause()
            assert builds["lab-drawing"] == 2  # a new size: drawn again to fit
            await pilot.press("q")

    asyncio.run(scenario())
