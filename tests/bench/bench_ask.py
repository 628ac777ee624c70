"""How well `tutor ask` answers: run as a script, prints figures (no pass/fail).

    python tests/bench/bench_ask.py [--file PATH] [--split NAME] [--misses]

NAME is a split of the corpus: dev, dev2, dev3, dev4, dev5, dev6, test or fresh.

Figures: % answered right (the answer field), the same on questions about ML quantities, % of
questions whose premise is right but whose reply opens with "No" (target 0), % of off-topic
questions answered as unknown, confident wrong answers, and median milliseconds per question.
The baseline, measured in the same run, is the lesson pack's lookup alone (the glossary and
the item bank, without the library vocabulary and its reader).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.ask_corpus import CORPUS, Score, load, score  # noqa: E402
from tutor.core.knowledge import Knowledge  # noqa: E402
from tutor.core.knowledge.pack import PackKnowledge  # noqa: E402
from tutor.core.loader import load_pack  # noqa: E402


def _pack_only(pack):  # type: ignore[no-untyped-def]
    lookup = PackKnowledge(pack)

    def ask(question: str):  # type: ignore[no-untyped-def]
        found = lookup.ask(question)
        if found.known and found.answer is None:
            kind = "depends" if found.text.startswith("It depends") else "neither"
            found = replace(found, answer=kind)
        return found

    return ask


def _line(name: str, result: Score) -> str:
    p = Score.percent
    return (
        f"{name:<10} right {p(result.right, result.total):5.1f}%  "
        f"on-topic {p(result.on_topic_right, result.on_topic):5.1f}%  "
        f"premise-right opening 'No' {p(result.premise_right_no, result.premise_right):4.1f}% "
        f"({result.premise_right_no}/{result.premise_right})  "
        f"off-topic unknown {p(result.off_topic_unknown, result.off_topic):5.1f}%  "
        f"confident wrong {result.confident_wrong}  "
        f"median {result.median_ms:.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=CORPUS, help="questions, JSON Lines")
    parser.add_argument(
        "--split",
        choices=["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "test", "fresh"],
        help="only this split's rows",
    )
    parser.add_argument("--misses", action="store_true", help="list the wrong answers")
    args = parser.parse_args(argv)
    rows = load(args.file, args.split)
    pack = load_pack()
    knowledge = Knowledge(pack)
    knowledge.ask("warm-up: is k a hyperparameter?")
    baseline = score(_pack_only(pack), rows)
    result = score(knowledge.ask, rows)
    print(f"{args.file} ({args.split or 'all rows'}): {result.total} questions")
    print(_line("baseline", baseline))
    print(_line("tutor", result))
    if baseline.median_ms:
        print(f"time ratio tutor/baseline: {result.median_ms / baseline.median_ms:.2f}x")
    if args.misses:
        for row, found in result.misses:
            print(
                f"- {row['question']!r}: expected {row['answer']}, got {found.answer} "
                f"({found.term}) {found.text[:90]!r}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
