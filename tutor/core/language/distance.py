"""One edit distance for the whole reader (and anyone else who needs one)."""

from __future__ import annotations

from collections.abc import Iterable


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance between ``a`` and ``b``.

    With ``limit``, gives up early and returns ``limit + 1`` once the distance must exceed it.
    """
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def deletions(word: str, depth: int = 1) -> set[str]:
    """The word and every string ``depth`` deletions or fewer away from it: two words within
    ``depth`` edits share one, so an index of them finds near words without a scan."""
    found = frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w)) if len(w) > 1}
        found = found | frontier
    return found


def deletion_index(words: Iterable[str], depth: int = 1) -> dict[str, frozenset[str]]:
    """Deletion variant -> the words it comes from (see ``deletions``)."""
    index: dict[str, set[str]] = {}
    for word in words:
        for variant in deletions(word, depth):
            index.setdefault(variant, set()).add(word)
    return {variant: frozenset(found) for variant, found in index.items()}


def near(word: str, index: dict[str, frozenset[str]], limit: int = 1) -> set[str]:
    """The indexed words within ``limit`` edits of ``word``."""
    return {
        candidate
        for variant in deletions(word, limit)
        for candidate in index.get(variant, ())
        if edit_distance(word, candidate, limit) <= limit
    }
