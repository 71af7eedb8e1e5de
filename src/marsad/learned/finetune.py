"""The fine-tuning loop the transformer trainers share (``train`` extra: torch, transformers).

Input: a torch model, the encoded training items, the trainer's config (``seed``, ``epochs``,
``batch_size``, ``learning_rate``, ``weight_decay``, ``warmup``) and ``batch_loss``, which turns
a list of items into the loss of one batch. AdamW with a linear warm-up and decay, gradients
clipped at 1.0, items shuffled each epoch by a generator seeded from the config; one line per
epoch on stderr. Output: the model, trained and set to eval mode.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any


def fine_tune(model: Any, data: Sequence[Any], config: dict, batch_loss: Callable[[list[Any]], Any]) -> Any:
    import torch
    from transformers import get_linear_schedule_with_warmup

    bs, epochs = int(config["batch_size"]), int(config["epochs"])
    steps = epochs * -(-len(data) // bs)
    opt = torch.optim.AdamW(
        model.parameters(), lr=float(config["learning_rate"]), weight_decay=float(config["weight_decay"])
    )
    sched = get_linear_schedule_with_warmup(opt, int(steps * float(config["warmup"])), steps)
    rng = random.Random(int(config["seed"]))
    model.train()
    t0 = time.time()
    for epoch in range(epochs):
        order = list(range(len(data)))
        rng.shuffle(order)
        total = 0.0
        for b in range(0, len(order), bs):
            batch = [data[i] for i in order[b : b + bs]]
            loss = batch_loss(batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += float(loss.detach()) * len(batch)
        print(
            f"epoch {epoch + 1}/{epochs}: loss {total / len(data):.4f} ({time.time() - t0:.0f}s)",
            file=sys.stderr,
        )
    model.eval()
    return model
