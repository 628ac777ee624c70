"""List the English words near a word the tutor corrects typos to, which it never respells.

The reader puts a misspelt reason word right ("estmiated" -> "estimated") or command word
("nxet question"), and `tutor ask` a misspelt term ("learnign rate"), but a real word near
one is not a misspelling of it: "earned" is not "learned", "turned" is not "tuned", "players"
is not "layers", "vague" is not "value".
A development tool: it reads a word list (by default /usr/share/dict/words, Debian's
wamerican) and writes its lower-case words that are as close to a reason word of the reader
(one edit, five letters or more), to a word of the command table or a short form of an answer
word ("hyper", "param"; one edit) or to a word of
the shipped pack's terms (the pack's own typo limit) as a typo correction reaches, and are not
such words themselves.

    python scripts/gen_english_words.py            # print the count and a sample
    python scripts/gen_english_words.py --write    # refresh the shipped file
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tutor.core.knowledge.pack import PackKnowledge, max_typos  # noqa: E402
from tutor.core.language.commands import command_words  # noqa: E402
from tutor.core.language.distance import deletions, edit_distance  # noqa: E402
from tutor.core.language.normalise import ENGLISH_WORDS_FILE, keywords  # noqa: E402
from tutor.core.loader import load_pack  # noqa: E402

TARGET = ROOT / "tutor" / "core" / "language" / ENGLISH_WORDS_FILE
DICTIONARY = Path("/usr/share/dict/words")


def _targets() -> dict[str, int]:
    """Each word typos are corrected to, with how many edits a correction reaches."""
    targets = {word: 1 for word in keywords() | command_words() | {"hyper", "param"}}
    for word in PackKnowledge(load_pack()).term_words:
        limit = max_typos(word)
        if limit:
            targets[word] = max(targets.get(word, 0), limit)
    return targets


def near_targets(dictionary: Path) -> list[str]:
    """The dictionary's lower-case words a typo correction would reach, targets left out."""
    targets = _targets()
    index: dict[str, set[str]] = {}
    for target, limit in targets.items():
        for variant in deletions(target, limit):
            index.setdefault(variant, set()).add(target)
    found = set()
    for line in dictionary.read_text(encoding="utf-8", errors="replace").splitlines():
        word = line.strip()
        if len(word) < 4 or not (word.isascii() and word.isalpha() and word.islower()):
            continue
        if word in targets:
            continue
        for variant in deletions(word, 2):
            if any(
                edit_distance(word, target, targets[target]) <= targets[target]
                for target in index.get(variant, ())
            ):
                found.add(word)
                break
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionary", type=Path, default=DICTIONARY)
    parser.add_argument("--write", action="store_true", help="refresh the shipped file")
    args = parser.parse_args()
    if not args.dictionary.exists():
        print(f"{args.dictionary}: no word list (apt install wamerican)", file=sys.stderr)
        return 2
    found = near_targets(args.dictionary)
    if args.write:
        header = f"# {__doc__.splitlines()[0]} (scripts/gen_english_words.py)\n"
        TARGET.write_text(header + "\n".join(found) + "\n", encoding="utf-8")
        print(f"wrote {len(found)} words to {TARGET.relative_to(ROOT)}")
    else:
        print(len(found), " ".join(found[:40]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
