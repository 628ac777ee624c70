"""Class report benchmarks: run as a script, prints figures and ratios (no pass/fail).

A class of 30 students with 600 records each (a whole course, and then some). Measured in
the same run:
- baseline: reading every journal and ``json.loads`` of each line, nothing else;
- full read: ``ClassReader.poll()`` from nothing, every line checked;
- report: building the report from what was read (what the live view does on a change);
- idle poll: a poll when no journal changed (what the live view does every two seconds);
- one append: a poll after one student's journal grew by one record.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.classroom.journals import ClassReader  # noqa: E402
from tutor.classroom.report import build_report  # noqa: E402
from tutor.core.classroom import ClassJournal  # noqa: E402

STUDENTS, RECORDS, RUNS = 30, 600, 7


def make_class(directory: Path) -> list[ClassJournal]:
    journals = []
    for n in range(STUDENTS):
        journal = ClassJournal(directory, learner=f"student{n}", login=f"student{n}")
        for i in range(RECORDS // 2):
            journal.record("ask", lesson="parameters", item=f"item{i % 40}", number=i % 12 + 1,
                           of=12)  # fmt: skip
            journal.record(
                "attempt", lesson="parameters", item=f"item{i % 40}",
                answer_text="I think it is learned from the data", understood="parameter",
                correct=i % 3 == 0, skipped=False, first_try=i < 40,
            )  # fmt: skip
        journals.append(journal)
    return journals


def median_ms(action) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        journals = make_class(directory)

        def baseline() -> None:
            for path in sorted(directory.glob("*.jsonl")):
                for line in path.read_bytes().splitlines():
                    json.loads(line)

        def full_read() -> None:
            ClassReader(directory).poll()

        reader = ClassReader(directory)
        reader.poll()

        def report() -> None:
            build_report(reader.journals, reader.warnings, now=time.time())

        def append_one() -> None:
            journals[0].record("hint", lesson="parameters", item="item1")
            reader.poll()

        figures = {
            "baseline (read + json.loads)": median_ms(baseline),
            "full read (checked)": median_ms(full_read),
            "report from what was read": median_ms(report),
            "idle poll": median_ms(reader.poll),
            "poll after one append": median_ms(append_one),
        }
    base = figures["baseline (read + json.loads)"]
    print(f"{STUDENTS} students x {RECORDS} records, median of {RUNS} runs")
    for label, value in figures.items():
        print(f"  {label:30} {value:8.2f} ms  {value / base:5.2f}x baseline")


if __name__ == "__main__":
    main()
