"""Scoring `Knowledge.ask` on a corpus of questions (the question format of docs/corpus-format.md).

Shared by tests/bench/bench_ask.py (figures) and tests/test_ask_corpus.py (thresholds).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "data" / "ask_questions.jsonl"


def load(path: Path = CORPUS, split: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if "question" not in row or "answer" not in row:
            raise ValueError(f"{path}:{number}: needs 'question' and 'answer'")
        if split is None or row.get("split", "dev") == split:
            rows.append(row)
    return rows


@dataclass
class Score:
    total: int = 0
    right: int = 0
    on_topic: int = 0
    on_topic_right: int = 0
    premise_right: int = 0
    premise_right_no: int = 0
    off_topic: int = 0
    off_topic_unknown: int = 0
    confident_wrong: int = 0  # a kind given where another was right (not a guess, not null)
    timings: list[float] = field(default_factory=list)
    misses: list[tuple[dict[str, Any], Any]] = field(default_factory=list)

    @staticmethod
    def percent(part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 100.0

    @property
    def median_ms(self) -> float:
        return 1000.0 * statistics.median(self.timings) if self.timings else 0.0


def score(ask: Callable[[str], Any], rows: Iterable[dict[str, Any]]) -> Score:
    """Ask every question; compare the answer field, the opening and the unknowns."""
    result = Score()
    for row in rows:
        began = time.perf_counter()
        found = ask(row["question"])
        result.timings.append(time.perf_counter() - began)
        result.total += 1
        expected = row["answer"]
        ok = found.answer == expected
        result.right += ok
        if row.get("topic") == "offtopic":
            result.off_topic += 1
            result.off_topic_unknown += found.answer is None and not found.known
        else:
            result.on_topic += 1
            result.on_topic_right += ok
        if row.get("premise") is True:
            result.premise_right += 1
            result.premise_right_no += found.text.lstrip().lower().startswith("no")
        if not ok:
            result.misses.append((row, found))
            if found.answer is not None and found.known:
                result.confident_wrong += 1
    return result
