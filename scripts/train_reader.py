"""Train the reader's two models from corpus/reader/ and write their weights into the package.

    python scripts/train_reader.py            # choose hyperparameters on dev, train, write
    python scripts/train_reader.py --check    # retrain and compare with the shipped files

The answer model (parameter, hyperparameter, unclear, other) and the intent model (none, a
question, each command, each follow-up) are linear classifiers of the same form.
What is learned (parameters): one weight per hashed feature and class, and one bias per class,
fitted by minimising the cross-entropy on corpus/reader/train.jsonl with full-batch Adam (the
answer model also on the reason half of each contradiction line, labelled with the kind that
reason describes).
What is chosen (hyperparameters): the character n-gram range, the L2 strength, the number of
epochs (by the whole reader's figures on corpus/reader/dev.jsonl), then the confidence
thresholds (on dev, a line graded the wrong way weighing eight times a right one, a line
wrongly taken for a command three times).
corpus/reader/test.jsonl is never read here. Deterministic: same corpus, same weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import zlib
from array import array
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.core.language import model as reader_model  # noqa: E402
from tutor.core.language.commands import NAMES  # noqa: E402
from tutor.core.language.followups import FOLLOW_UPS  # noqa: E402
from tutor.core.language.model import CLASSES, FeatureSettings, ReaderModel, hashed  # noqa: E402
from tutor.core.language.negation import after_correction  # noqa: E402
from tutor.core.language.normalise import normalise  # noqa: E402
from tutor.core.language.reader import (  # noqa: E402
    _FILLER_WORDS,
    _TRAILING_FILLER,
    Answer,
    Command,
    FollowUp,
    Reader,
    _explicit_sides,
    _other,
    _subject_of,
)

CORPUS = ROOT / "corpus" / "reader"
PACKAGE = ROOT / "tutor" / "core" / "language"
LEARNING_RATE = 0.05  # Adam step size: fixed, not searched
GRID = {
    "chars": [(3, 5), (2, 4)],
    "l2": [3e-6, 1e-5, 3e-5],
    "epochs": [200],
}
THRESHOLDS = [round(0.40 + 0.05 * i, 2) for i in range(11)]  # 0.40 .. 0.90
CONTRADICTION_THRESHOLDS = [0.7, 0.8, 0.9, 0.95]
INTENT_CLASSES = (
    "none",
    "question",
    *(f"command:{name}" for name in NAMES),
    *(f"followup:{kind}" for kind in FOLLOW_UPS),
)
INTENT_GRID = {"chars": [(2, 5)], "l2": [1e-5, 1e-4], "epochs": [300]}
INTENT_BUCKETS = 1 << 14
INTENT_THRESHOLDS = [round(0.40 + 0.05 * i, 2) for i in range(12)]  # 0.40 .. 0.95


def load(name: str) -> list[dict[str, object]]:
    path = CORPUS / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def corpus_hash() -> str:
    digest = hashlib.sha256()
    for name in ("train", "dev"):
        digest.update((CORPUS / f"{name}.jsonl").read_bytes())
    return digest.hexdigest()


def target(record: dict[str, object]) -> int:
    label = str(record["label"])
    if label in ("question", "command", "followup"):
        return CLASSES.index("other")
    return CLASSES.index(label)


def intent_target(record: dict[str, object]) -> int:
    label = str(record["label"])
    if label == "question":
        return INTENT_CLASSES.index("question")
    if label in ("command", "followup"):
        return INTENT_CLASSES.index(f"{label}:{record[label]}")
    return INTENT_CLASSES.index("none")


def model_input(record: dict[str, object]) -> str:
    return after_correction(normalise(str(record["text"])))[0]


_CONNECTOR = re.compile(
    r"^(?:(?:(?:because|since|as|cause|cuz|bc|so|and|but|weil|parce que|porque)\b|[,:.-])\s*)+"
)


def reason_halves(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """The reason of each contradiction line, alone and labelled with the kind it describes.

    "hyperparameter because the optimiser estimates it" is unclear as a whole, which alone would
    teach the model that "the optimiser estimates it" sounds unclear; its reason half, "the
    optimiser estimates it", is a parameter's description and is added to the training lines
    as one.
    """
    halves = []
    for record in records:
        if record.get("why") != "contradiction":
            continue
        words = [w for w in model_input(record).split(" ") if w]
        found = _explicit_sides(words)
        if len(found) != 1:
            continue
        side, negated, index = found[0]
        at = {index} | _subject_of(words, index)
        rest = " ".join(w for i, w in enumerate(words) if i not in at)
        reason = _TRAILING_FILLER.sub("", _CONNECTOR.sub("", rest.strip())).strip(" ,.;:!-")
        content = [w for w in reason.split(" ") if w[:1].isalnum() and w not in _FILLER_WORDS]
        if len(content) < 2:
            continue
        described = side if negated else _other(side)  # a contradiction says the other kind
        halves.append({"text": reason, "label": described, "why": "reason-half"})
    return halves


def design(records: list[dict[str, object]], settings: FeatureSettings):
    rows, cols, vals = [], [], []
    for row, record in enumerate(records):
        for bucket, value in sorted(hashed(model_input(record), settings).items()):
            rows.append(row)
            cols.append(bucket)
            vals.append(value)
    return np.array(rows), np.array(cols), np.array(vals, dtype=np.float64)


def fit(
    records,
    settings: FeatureSettings,
    l2: float,
    epochs: int,
    *,
    intent: bool = False,
    labels: list[int] | None = None,
    classes: int = 0,
):
    """Weights and biases by full-batch Adam on the cross-entropy (``labels`` and ``classes``
    for another classifier of the same form)."""
    rows, cols, vals = design(records, settings)
    if labels is None:
        labels = [(intent_target if intent else target)(r) for r in records]
        classes = len(INTENT_CLASSES if intent else CLASSES)
    n, k = len(records), classes
    starts = np.searchsorted(rows, np.arange(n))  # every line has features, rows are sorted
    y = np.zeros((n, k))
    y[np.arange(n), labels] = 1.0
    w = np.zeros((settings.buckets, k))
    b = np.zeros(k)
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        scores = np.add.reduceat(w[cols] * vals[:, None], starts, axis=0)
        scores += b
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        error = (p - y) / n
        contributions = error[rows] * vals[:, None]
        gw = np.stack(
            [np.bincount(cols, contributions[:, c], minlength=settings.buckets) for c in range(k)],
            axis=1,
        )
        gw += l2 * w
        gb = error.sum(axis=0)
        for param, grad, m, v in ((w, gw, mw, vw), (b, gb, mb, vb)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= (
                LEARNING_RATE * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
            )
    return w, b


def pack(
    w, b, settings, threshold, contradiction, info, classes=CLASSES
) -> tuple[dict[str, object], bytes]:
    scale = float(np.abs(w).max() / 32767) or 1.0
    quantised = np.round(w / scale).astype("<i2")
    weights = array("h", quantised.reshape(-1).tolist())
    blob = zlib.compress(weights.tobytes(), 9)
    meta = {
        "settings": settings.__dict__,
        "classes": list(classes),
        "scale": scale,
        "bias": [round(float(x), 6) for x in b],
        "threshold": threshold,
        "contradiction_threshold": contradiction,
        "info": info,
    }
    meta["info"]["weights_sha256"] = hashlib.sha256(weights.tobytes()).hexdigest()
    return meta, blob


def expected_kind(record: dict[str, object]) -> str:
    return str(record["label"])


def score(reader: Reader, records) -> dict[str, float]:
    right = wrong_way = asked = clear = unclear = graded_other = 0
    actions = acted_right = false_actions = 0
    for record in records:
        reading = reader.read(str(record["text"]), numbered=bool(record.get("numbered")))
        label = str(record["label"])
        acted = isinstance(reading, Command | FollowUp)
        if label in ("parameter", "hyperparameter"):
            clear += 1
            if isinstance(reading, Answer):
                right += reading.choice == label
                wrong_way += reading.choice != label
        elif label == "unclear":
            unclear += 1
            asked += not isinstance(reading, Answer)
        else:
            graded_other += isinstance(reading, Answer)
        if label in ("command", "followup"):
            actions += 1
            name = reading.name if isinstance(reading, Command) else getattr(reading, "kind", "")
            kind = "command" if isinstance(reading, Command) else "followup"
            acted_right += acted and kind == label and name == record[label]
        false_actions += acted and label not in ("command", "followup")
    return {
        "as_meant": right / max(clear, 1),
        "opposite": wrong_way / max(clear, 1),
        "unclear_asked": asked / max(unclear, 1),
        "others_graded": graded_other,
        "clear_answers": clear,
        "actions_right": acted_right / max(actions, 1),
        "false_actions": false_actions,
    }


def intent_figures(model: ReaderModel, records) -> dict[str, float]:
    """The intent model alone on dev, at its threshold: commands and follow-ups it would act
    on rightly, and lines it would act on wrongly (another action, or not an action at all)."""
    actions = right = wrong = mild = 0
    for record in records:
        truth = INTENT_CLASSES[intent_target(record)]
        probabilities = model.probabilities(model_input(record))
        top = max(probabilities, key=probabilities.__getitem__)
        acts = probabilities[top] >= model.threshold and top.startswith(("command", "followup"))
        actions += truth.startswith(("command", "followup"))
        right += acts and top == truth
        if acts and top != truth:
            if truth == "none" or top in _COSTLY_ACTIONS:
                wrong += 1
            else:
                mild += 1
    return {
        "actions_right": right / max(actions, 1),
        "acted_right": right,
        "false_actions": wrong,
        "mild": mild,
    }


# Acting on a line that was an answer, or skipping, quitting or going back when that was not
# asked for, costs the learner; answering one follow-up for another, or a question with a
# follow-up, only costs a line of reading.
_COSTLY_ACTIONS = frozenset({"command:skip", "command:quit", "command:back"})


def intent_objective(figures: dict[str, float]) -> float:
    """Commands and follow-ups understood, a costly wrong action weighing three right ones
    and a harmless one (another follow-up than the one asked for) one."""
    return figures["acted_right"] - figures["false_actions"] * 3 - figures["mild"]


def _never_acting() -> ReaderModel:
    """An intent model that is never confident: the answer model is chosen without one."""
    settings = FeatureSettings(buckets=16)
    weights = array("h", [0] * (16 * len(INTENT_CLASSES)))
    return ReaderModel(
        settings, weights, 1.0, (0.0,) * len(INTENT_CLASSES), 1.01, 1.0, {}, INTENT_CLASSES
    )


def objective(figures: dict[str, float]) -> float:
    """Higher is better: right answers, and a heavy cost for every wrong grade, a line graded
    the opposite way or a question, command or follow-up graded as an answer alike."""
    graded_wrongly = figures["opposite"] + figures["others_graded"] / max(
        figures["clear_answers"], 1
    )
    return figures["as_meant"] + figures["unclear_asked"] * 0.5 - graded_wrongly * 8


def build(records_train, records_dev, *, verbose: bool = True):
    best = None
    for chars in GRID["chars"]:
        settings = FeatureSettings(char_min=chars[0], char_max=chars[1], concepts=True)
        for l2 in GRID["l2"]:
            for epochs in GRID["epochs"]:
                w, b = fit(records_train, settings, l2, epochs)
                meta, blob = pack(w, b, settings, 0.6, 0.8, {})
                reader = Reader(reader_model.from_files(meta, blob), _never_acting())
                figures = score(reader, records_dev)
                value = objective(figures)
                if verbose:
                    print(f"chars={chars} l2={l2} epochs={epochs}: {figures}", flush=True)
                if best is None or value > best[0]:
                    best = (value, settings, l2, epochs, w, b)
    assert best is not None
    _, settings, l2, epochs, w, b = best
    chosen = None
    for threshold in THRESHOLDS:
        for contradiction in CONTRADICTION_THRESHOLDS:
            meta, blob = pack(w, b, settings, threshold, contradiction, {})
            reader = Reader(reader_model.from_files(meta, blob), _never_acting())
            figures = score(reader, records_dev)
            value = objective(figures)
            if chosen is None or value > chosen[0]:
                chosen = (value, threshold, contradiction, figures)
    assert chosen is not None
    _, threshold, contradiction, figures = chosen
    info = {
        "corpus_sha256": corpus_hash(),
        "train_lines": len(records_train),
        "dev_lines": len(records_dev),
        "l2": l2,
        "epochs": epochs,
        "learning_rate": LEARNING_RATE,
        "dev_figures": {key: round(value, 4) for key, value in figures.items()},
        "grid": {
            key: [list(v) if isinstance(v, tuple) else v for v in vals]
            for key, vals in GRID.items()
        },
    }
    if verbose:
        print(
            f"chosen: {settings}, l2={l2}, epochs={epochs}, threshold={threshold}, "
            f"contradiction={contradiction}, dev={figures}"
        )
    return pack(w, b, settings, threshold, contradiction, info)


def build_intent(records_train, records_dev, *, verbose: bool = True):
    """The intent model, chosen by its own figures on dev (the rules already know dev's
    commands, so the whole reader's figures could not tell candidates apart)."""
    best = None
    for chars in INTENT_GRID["chars"]:
        settings = FeatureSettings(buckets=INTENT_BUCKETS, char_min=chars[0], char_max=chars[1])
        for l2 in INTENT_GRID["l2"]:
            for epochs in INTENT_GRID["epochs"]:
                w, b = fit(records_train, settings, l2, epochs, intent=True)
                for threshold in INTENT_THRESHOLDS:
                    meta, blob = pack(w, b, settings, threshold, 1.0, {}, INTENT_CLASSES)
                    figures = intent_figures(reader_model.from_files(meta, blob), records_dev)
                    value = intent_objective(figures)
                    if best is None or value > best[0]:
                        best = (value, settings, l2, epochs, threshold, w, b, figures)
                if verbose:
                    print(
                        f"intent chars={chars} l2={l2} epochs={epochs}: best so far "
                        f"{best[4]} {best[7]}",
                        flush=True,
                    )
    assert best is not None
    _, settings, l2, epochs, threshold, w, b, figures = best
    info = {
        "corpus_sha256": corpus_hash(),
        "train_lines": len(records_train),
        "dev_lines": len(records_dev),
        "l2": l2,
        "epochs": epochs,
        "learning_rate": LEARNING_RATE,
        "dev_figures": {key: round(value, 4) for key, value in figures.items()},
    }
    if verbose:
        print(f"intent chosen: {settings}, l2={l2}, epochs={epochs}, threshold={threshold}")
    return pack(w, b, settings, threshold, 1.0, info, INTENT_CLASSES)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files")
    args = parser.parse_args()
    train, dev = load("train"), load("dev")
    train += reason_halves(train)
    meta, blob = build(train, dev, verbose=not args.check)
    intent_meta, intent_blob = build_intent(train, dev, verbose=not args.check)
    files = (
        (reader_model.MODEL_FILE, reader_model.WEIGHTS_FILE, meta, blob),
        (
            reader_model.INTENT_MODEL_FILE,
            reader_model.INTENT_WEIGHTS_FILE,
            intent_meta,
            intent_blob,
        ),
    )
    if args.check:
        same = True
        for model_file, _, fresh, _ in files:
            shipped = json.loads((PACKAGE / model_file).read_text(encoding="utf-8"))
            same &= shipped["info"]["weights_sha256"] == fresh["info"]["weights_sha256"]
        print("the shipped weights match a fresh training run" if same else "MISMATCH")
        return 0 if same else 1
    for model_file, weights_file, fresh, data in files:
        (PACKAGE / model_file).write_text(json.dumps(fresh, indent=1) + "\n", encoding="utf-8")
        (PACKAGE / weights_file).write_bytes(data)
        print(f"wrote {weights_file} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
