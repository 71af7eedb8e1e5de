"""Train the event-type classifier: ``python -m marsad.learned.train [--data FILE] [--out FILE]``.

Input: ``data/plover_sentences.jsonl`` — news-style sentences written for marsad, ≥25 per
PLOVER event type plus ``NONE`` (never the development sets). Output:
``data/event_type_classifier.json`` with the weights and their provenance (training file
SHA-256 and counts, encoder version, hyper-parameters, 5-fold cross-validated accuracy and
the confidence threshold).

The confidence threshold is the smallest probability at which the cross-validated
predictions on the training sentences were right at least ``--target`` of the time (0.9 by
default); the hybrid coder trusts the classifier only above it. Training is deterministic
(fixed fold assignment, zero-initialised full-batch gradient descent).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from marsad.learned.classifier import (
    CLASSIFIER_VERSION,
    TRAINING_FILE,
    WEIGHTS_FILE,
    EventTypeClassifier,
    file_sha256,
    fit_softmax,
    load_examples,
    softmax,
)

FOLDS = 5
L2 = 1e-4


def cross_validate(x: np.ndarray, y: np.ndarray, n_labels: int, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold predicted labels and their probabilities (fold = index modulo FOLDS,
    stratified by sorting on the label first)."""
    order = np.argsort(y, kind="stable")
    fold = np.empty(len(y), dtype=int)
    fold[order] = np.arange(len(y)) % FOLDS
    pred = np.zeros(len(y), dtype=int)
    prob = np.zeros(len(y))
    for k in range(FOLDS):
        test = fold == k
        w, b = fit_softmax(x[~test], y[~test], n_labels, l2=l2)
        p = softmax(x[test].astype(np.float64) @ w + b)
        pred[test] = p.argmax(axis=1)
        prob[test] = p.max(axis=1)
    return pred, prob


def confident_threshold(correct: np.ndarray, prob: np.ndarray, target: float) -> float:
    """Smallest probability t such that predictions with probability ≥ t are right ≥ target."""
    best = 1.0
    for t in np.round(np.arange(0.95, 0.14, -0.05), 2):
        mask = prob >= t
        if mask.sum() >= 10 and correct[mask].mean() >= target:
            best = float(t)
    return best


def train(data: Path = TRAINING_FILE, target: float = 0.9, l2: float = L2) -> EventTypeClassifier:
    from marsad.learned.encoder import MODEL_NAME, encode, model_version

    examples = load_examples(data)
    labels = sorted({lab for _, lab in examples})
    index = {lab: i for i, lab in enumerate(labels)}
    x = encode([t for t, _ in examples])
    y = np.array([index[lab] for _, lab in examples])
    pred, prob = cross_validate(x, y, len(labels), l2)
    correct = pred == y
    threshold = confident_threshold(correct, prob, target)
    w, b = fit_softmax(x, y, len(labels), l2=l2)
    meta = {
        "name": "marsad.event_type_classifier",
        "version": CLASSIFIER_VERSION,
        "model": "multinomial logistic regression (numpy, full-batch gradient descent)",
        "encoder": {"name": MODEL_NAME, "package": model_version()},
        "training_data": {
            "file": data.name,
            "sha256": file_sha256(data),
            "examples": len(examples),
            "per_label": dict(sorted(Counter(lab for _, lab in examples).items())),
        },
        "hyperparameters": {"l2": l2, "epochs": 2000, "learning_rate": 4.0},
        "cross_validation": {
            "folds": FOLDS,
            "accuracy": round(float(correct.mean()), 4),
            "confident_share": round(float((prob >= threshold).mean()), 4),
            "confident_accuracy": round(float(correct[prob >= threshold].mean()), 4),
            "target": target,
        },
        "confident_probability": threshold,
    }
    return EventTypeClassifier(labels, w, b, meta)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=TRAINING_FILE)
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument(
        "--target", type=float, default=0.9, help="precision the confidence threshold must reach"
    )
    args = parser.parse_args(argv)
    clf = train(args.data, target=args.target)
    clf.save(args.out)
    cv = clf.meta["cross_validation"]
    print(
        f"trained on {clf.meta['training_data']['examples']} sentences, {len(clf.labels)} labels; "
        f"{FOLDS}-fold accuracy {cv['accuracy']:.3f}; confident at p ≥ {clf.confident_probability:.2f} "
        f"({cv['confident_share']:.0%} of sentences, accuracy {cv['confident_accuracy']:.3f}); wrote {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
