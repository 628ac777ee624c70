"""Train the answer reader's model from corpus/reader/ and write its weights into the package.

    python scripts/train_reader.py            # choose hyperparameters on dev, train, write
    python scripts/train_reader.py --check    # retrain and compare with the shipped files

What is learned (parameters): one weight per hashed feature and class, and one bias per class,
fitted by minimising the cross-entropy on corpus/reader/train.jsonl with full-batch Adam.
What is chosen (hyperparameters): the character n-gram range, the L2 strength, the number of
epochs (by accuracy of the whole reader on corpus/reader/dev.jsonl), then the confidence
threshold and the contradiction threshold (on dev, a line graded the wrong way weighing eight
times a right one).
corpus/reader/test.jsonl is never read here. Deterministic: same corpus, same weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zlib
from array import array
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.core.language import model as reader_model  # noqa: E402
from tutor.core.language.model import CLASSES, FeatureSettings, hashed  # noqa: E402
from tutor.core.language.negation import after_correction  # noqa: E402
from tutor.core.language.normalise import normalise  # noqa: E402
from tutor.core.language.reader import Answer, Reader  # noqa: E402

CORPUS = ROOT / "corpus" / "reader"
PACKAGE = ROOT / "tutor" / "core" / "language"
LEARNING_RATE = 0.05  # Adam step size: fixed, not searched
GRID = {
    "chars": [(3, 5), (2, 4), (2, 5)],
    "l2": [1e-5, 3e-5, 1e-4, 3e-4],
    "epochs": [200, 400],
}
THRESHOLDS = [round(0.40 + 0.05 * i, 2) for i in range(11)]  # 0.40 .. 0.90
CONTRADICTION_THRESHOLDS = [0.7, 0.8, 0.9, 0.95]


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


def model_input(record: dict[str, object]) -> str:
    return after_correction(normalise(str(record["text"])))[0]


def design(records: list[dict[str, object]], settings: FeatureSettings):
    rows, cols, vals = [], [], []
    for row, record in enumerate(records):
        for bucket, value in sorted(hashed(model_input(record), settings).items()):
            rows.append(row)
            cols.append(bucket)
            vals.append(value)
    return np.array(rows), np.array(cols), np.array(vals, dtype=np.float64)


def fit(records, settings: FeatureSettings, l2: float, epochs: int):
    rows, cols, vals = design(records, settings)
    n, k = len(records), len(CLASSES)
    starts = np.searchsorted(rows, np.arange(n))  # every line has features, rows are sorted
    y = np.zeros((n, k))
    y[np.arange(n), [target(r) for r in records]] = 1.0
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


def pack(w, b, settings, threshold, contradiction, info) -> tuple[dict[str, object], bytes]:
    scale = float(np.abs(w).max() / 32767) or 1.0
    quantised = np.round(w / scale).astype("<i2")
    weights = array("h", quantised.reshape(-1).tolist())
    blob = zlib.compress(weights.tobytes(), 9)
    meta = {
        "settings": settings.__dict__,
        "classes": list(CLASSES),
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
    for record in records:
        reading = reader.read(str(record["text"]), numbered=bool(record.get("numbered")))
        label = str(record["label"])
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
    return {
        "as_meant": right / max(clear, 1),
        "opposite": wrong_way / max(clear, 1),
        "unclear_asked": asked / max(unclear, 1),
        "others_graded": graded_other,
    }


def objective(figures: dict[str, float]) -> float:
    """Higher is better: right answers, heavy cost for wrong-way grades and graded non-answers."""
    return (
        figures["as_meant"]
        + figures["unclear_asked"] * 0.5
        - figures["opposite"] * 8
        - figures["others_graded"] * 0.05
    )


def build(records_train, records_dev, *, verbose: bool = True):
    best = None
    for chars in GRID["chars"]:
        settings = FeatureSettings(char_min=chars[0], char_max=chars[1])
        for l2 in GRID["l2"]:
            for epochs in GRID["epochs"]:
                w, b = fit(records_train, settings, l2, epochs)
                meta, blob = pack(w, b, settings, 0.6, 0.8, {})
                reader = Reader(reader_model.from_files(meta, blob))
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
            figures = score(Reader(reader_model.from_files(meta, blob)), records_dev)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files")
    args = parser.parse_args()
    meta, blob = build(load("train"), load("dev"), verbose=not args.check)
    if args.check:
        shipped = json.loads((PACKAGE / reader_model.MODEL_FILE).read_text(encoding="utf-8"))
        same = shipped["info"]["weights_sha256"] == meta["info"]["weights_sha256"]
        print("the shipped weights match a fresh training run" if same else "MISMATCH")
        return 0 if same else 1
    (PACKAGE / reader_model.MODEL_FILE).write_text(
        json.dumps(meta, indent=1) + "\n", encoding="utf-8"
    )
    (PACKAGE / reader_model.WEIGHTS_FILE).write_bytes(blob)
    print(f"wrote {reader_model.WEIGHTS_FILE} ({len(blob)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
