"""Measure the answer reader on a JSON Lines corpus (docs/corpus-format.md) and print aggregates.

    python tests/bench/bench_reader.py                 # the reader's own test split
    python tests/bench/bench_reader.py --file PATH     # any other labelled file

Prints only aggregate figures (never the lines): clear answers graded as meant, graded the
opposite way, unclear lines asked about, questions/commands/follow-ups graded as answers,
accuracy per pattern, and the median time to read one line, next to the time of a baseline
in the same run (folding the line's case and accents, the cheapest possible reading).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.core.language import Answer, Command, FollowUp, Question, read  # noqa: E402
from tutor.core.language.normalise import fold  # noqa: E402

DEFAULT = ROOT / "corpus" / "reader" / "test.jsonl"


def correct(record: dict[str, object], reading: object) -> bool:
    label = record.get("label")
    if label in ("parameter", "hyperparameter"):
        return isinstance(reading, Answer) and reading.choice == label
    if label == "unclear":
        return not isinstance(reading, Answer)
    if label == "command":
        return isinstance(reading, Command) and reading.name == record.get("command")
    if label == "followup":
        return isinstance(reading, FollowUp) and reading.kind == record.get("followup")
    if label == "question":
        return isinstance(reading, Question | FollowUp)
    return False


def measure(records: list[dict[str, object]]) -> dict[str, object]:
    read("warm up")  # load the model once, as the first answer of a session does
    clear = meant = opposite = unclear = asked = 0
    graded: dict[str, int] = defaultdict(int)
    per_pattern: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    times, baseline = [], []
    for record in records:
        text = str(record.get("text", ""))
        began = time.perf_counter()
        reading = read(text, numbered=bool(record.get("numbered")))
        times.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        fold(text)
        baseline.append((time.perf_counter() - began) * 1000)
        label = str(record.get("label"))
        if label in ("parameter", "hyperparameter"):
            clear += 1
            if isinstance(reading, Answer):
                meant += reading.choice == label
                opposite += reading.choice != label
        elif label == "unclear":
            unclear += 1
            asked += not isinstance(reading, Answer)
        elif isinstance(reading, Answer):
            graded[label] += 1
        pattern = str(record.get("pattern") or label)
        per_pattern[pattern][0] += correct(record, reading)
        per_pattern[pattern][1] += 1
    median = statistics.median(times) if times else 0.0
    base = statistics.median(baseline) if baseline else 0.0
    return {
        "lines": len(records),
        "clear_answers": clear,
        "as_meant_pct": round(100 * meant / max(clear, 1), 2),
        "opposite_pct": round(100 * opposite / max(clear, 1), 2),
        "unclear_lines": unclear,
        "unclear_asked_pct": round(100 * asked / max(unclear, 1), 2),
        "questions_graded": graded["question"],
        "commands_graded": graded["command"],
        "followups_graded": graded["followup"],
        "median_ms": round(median, 3),
        "baseline_median_ms": round(base, 4),
        "ratio_to_baseline": round(median / base, 1) if base else None,
        "per_pattern_pct": {
            name: round(100 * right / total, 1)
            for name, (right, total) in sorted(per_pattern.items())
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT, help="a labelled JSONL file")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    try:
        lines = args.file.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    figures = measure(records)
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    for key, value in figures.items():
        if key == "per_pattern_pct":
            print("per pattern (% read as meant):")
            for name, pct in value.items():  # type: ignore[union-attr]
                print(f"  {name:18} {pct}")
        else:
            print(f"{key:22} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
