"""re3d Organisation and Person mentions to link by hand, drawn with a fixed seed.

    python -m benchmarks._re3d_links_sample [DATA_DIR] > candidates.jsonl
    python -m benchmarks._re3d_links_sample [DATA_DIR] --labels L.jsonl... > corpus/actors/re3d_links.jsonl

The development part is the CENTCOM folder, the held-out part the US State Department and
Australian DFAT folders (as for the re3d relations benchmark). Per part, mentions are drawn at
random (seed 21) with at most ``PER_DOC`` per document and one per distinct (document, string),
so that a press release's many "Coalition military forces" do not fill the sample. Each
candidate is stand-off (folder, document id, offsets, the first 8 hex digits of the string's
SHA-1) plus its sentence for the annotator to read: the sentence is printed, never stored in
``corpus/actors/re3d_links.jsonl``. With ``--labels``, the annotators' lines (``id``, ``link``,
``country``, ``sector``, ``note``) are joined to the candidates and the stand-off rows printed.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

from benchmarks.actors import data_dir

SEED = 21
PER_PART = 150
PER_DOC = 8
PARTS = {"dev": ("CENTCOM",), "test": ("US State Department", "Australian Department of Foreign Affairs")}
TYPES = ("Organisation", "Person")


def check(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = min((i for i in (text.find(". ", end), text.find("\n", end)) if i != -1), default=len(text))
    return text[left + 1 : right + 1].strip()


def candidates(root: Path) -> list[dict]:
    rng = random.Random(SEED)
    out: list[dict] = []
    for split, folders in PARTS.items():
        pool: list[dict] = []
        for folder in folders:
            docs = {d["_id"]: d["text"] for d in _lines(root / "re3d" / folder / "documents.json")}
            seen: set[tuple[str, str]] = set()
            for e in _lines(root / "re3d" / folder / "entities.json"):
                key = (e["documentId"], e["value"].lower())
                if e["type"] not in TYPES or key in seen or e["documentId"] not in docs:
                    continue
                seen.add(key)
                text = docs[e["documentId"]]
                pool.append(
                    {
                        "folder": folder,
                        "doc": e["documentId"],
                        "start": e["begin"],
                        "end": e["end"],
                        "type": e["type"],
                        "check": check(text[e["begin"] : e["end"]]),
                        "split": split,
                        "_string": text[e["begin"] : e["end"]],
                        "_sentence": _sentence(text, e["begin"], e["end"]),
                    }
                )
        rng.shuffle(pool)
        per_doc: dict[str, int] = {}
        chosen = []
        for c in pool:
            if per_doc.get(c["doc"], 0) < PER_DOC:
                per_doc[c["doc"]] = per_doc.get(c["doc"], 0) + 1
                chosen.append(c)
            if len(chosen) == PER_PART:
                break
        out += sorted(chosen, key=lambda c: (c["folder"], c["doc"], c["start"]))
    for i, c in enumerate(out):
        c["id"] = f"el-{i:03d}"
    return out


LABEL_KEYS = ("link", "country", "sector", "note")


def main(argv: list[str]) -> None:
    label_files = argv[argv.index("--labels") + 1 :] if "--labels" in argv else []
    root = data_dir(argv[: argv.index("--labels")] if label_files else argv)
    if root is None:
        print("re3d links sample: shared data not found (set MARSAD_DEV_DATA)", file=sys.stderr)
        return
    labels = {}
    for path in label_files:
        for line in Path(path).read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                labels[row["id"]] = {k: row.get(k) for k in LABEL_KEYS}
    for c in candidates(root):
        if label_files:
            if c["id"] not in labels:
                continue
            c = {k: v for k, v in c.items() if not k.startswith("_")} | labels[c["id"]]
        print(json.dumps(c, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
