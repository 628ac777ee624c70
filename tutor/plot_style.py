"""How every front end draws a demo's series as a text plot (no UI library here).

A text plot has one character per cell, so whatever is drawn last wins: lines go first and
points on top, or a fitted line hides the very data it was fitted to. Without colour only
the marker tells series apart, so there is one distinct marker for each series a demo can
have (k-means' twelve clusters and their centroids).
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.core.events import PlotSeries

MONO_MARKERS = ("•", "+", "x", "o", "*", "#", "@", "%", "&", "$", "=", "~", "^")


def drawing_order(series: Sequence[PlotSeries]) -> list[tuple[int, PlotSeries]]:
    """The series with their index (for the marker), lines first and points last."""
    indexed = list(enumerate(series))
    return [pair for pair in indexed if pair[1].style != "scatter"] + [
        pair for pair in indexed if pair[1].style == "scatter"
    ]


def mono_marker(index: int) -> str:
    return MONO_MARKERS[index % len(MONO_MARKERS)]
