"""Toponym role accuracy of marsad's ``Place.role`` against hand-labelled roles.

    python -m benchmarks.toponym_roles [DATA_DIR] [--split heldout|dev|all] [-v]
    python -m benchmarks.toponym_roles [DATA_DIR] --draw N --seed S [--exclude FILE]  # for labelling
    python -m benchmarks.toponym_roles [DATA_DIR] --show FILE  # the labelled items' sentences

The labels (``corpus/places/toponym_roles.jsonl``, stand-off: corpus file, document id,
character offsets, the sha1 of the span's text, the label; never the shared text) were given
by reading each sentence, following docs/annotation/toponym_roles.md (GeoWebNews' pragmatic
roles: literal, literal_modifier, associative_modifier, metonymic, demonym,
embedded_literal, embedded_nonliteral, homonym). The mentions are the gold toponym spans of
TR-News, GeoVirus and TUD-Loc2013 (all parts), drawn with a fixed seed from every article
(``--draw``: 40% TR-News, 30% each of the others, uniformly over each corpus' mentions).
``corpus/places/toponym_roles_agreement.jsonl`` re-labels 60 of them in a second, blind pass:
the script reports Cohen's kappa between the two passes.

Split, fixed before marsad was compared with the labels: by document, ``heldout`` when the
first byte of sha256("<corpus>|<doc>") is odd, else ``dev``.

Scoring: every labelled mention is geoparsed in its whole document (candidate recogniser as
configured); the Place overlapping the span gives marsad's role, no Place = ``missed``.
marsad has six roles (literal, literal_modifier, associative_modifier, metonymic, demonym,
embedded), so embedded_literal and embedded_nonliteral both map to ``embedded`` and a
homonym is right only when marsad outputs no place ("6 roles"). "4 roles" counts both
modifiers as ``literal`` on both sides (the roles marsad had before it told modifiers
apart). "map-usable" asks the events stage's question: is the mention a place where
something is (literal, literal_modifier, embedded_literal) exactly when marsad gives it a
role the events stage uses (literal, literal_modifier)?
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from benchmarks.geoparse import Article, load_geovirus, load_trnews, load_tud

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "corpus" / "places" / "toponym_roles.jsonl"
AGREEMENT = REPO / "corpus" / "places" / "toponym_roles_agreement.jsonl"
ROLE_LABELS = (
    "literal",
    "literal_modifier",
    "associative_modifier",
    "metonymic",
    "demonym",
    "embedded_literal",
    "embedded_nonliteral",
    "homonym",
)
# the eight labels onto marsad's six roles (homonym: no place is right; embedded literal
# and non-literal are one role in marsad)
TO_MARSAD = {
    "literal": "literal",
    "literal_modifier": "literal_modifier",
    "associative_modifier": "associative_modifier",
    "metonymic": "metonymic",
    "demonym": "demonym",
    "embedded_literal": "embedded",
    "embedded_nonliteral": "embedded",
    "homonym": None,
}
# the 4-role figure (marsad before it told modifiers apart): modifiers count as literal
FOUR = {"literal_modifier": "literal", "associative_modifier": "literal"}
MAP_USABLE = frozenset({"literal", "literal_modifier", "embedded_literal"})
USABLE_ROLES = frozenset({"literal", "literal_modifier"})  # what marsad's events stage may use
SHARES = (("TR-News", 0.4), ("GeoVirus", 0.3), ("TUD-Loc2013", 0.3))
FILES = {
    "TR-News": "geoparsing/TR-News.xml",
    "GeoVirus": "geoparsing/GeoVirus.xml",
    "TUD-Loc2013": "geoparsing/TUD-Loc2013.zip",
}


def data_dir(arg: str | None = None) -> Path:
    return Path(arg or os.environ.get("MARSAD_DEV_DATA") or REPO.parent / "shared" / "data")


def split_of(corpus: str, doc: str) -> str:
    """'heldout' or 'dev' by document (fixed before any comparison with marsad)."""
    return "heldout" if hashlib.sha256(f"{corpus}|{doc}".encode()).digest()[0] % 2 else "dev"


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_articles(root: Path) -> dict[str, dict[str, Article]]:
    """corpus → doc id → article (TUD-Loc2013 doc ids are "<part>/<file>")."""
    geo = root / "geoparsing"
    out: dict[str, dict[str, Article]] = {}
    if (geo / "TR-News.xml").is_file():
        out["TR-News"] = {a.id: a for a in load_trnews(geo / "TR-News.xml")[0]}
    if (geo / "GeoVirus.xml").is_file():
        out["GeoVirus"] = {a.id: a for a in load_geovirus(geo / "GeoVirus.xml")[0]}
    if (geo / "TUD-Loc2013.zip").is_file():
        tud: dict[str, Article] = {}
        for part in ("train", "validation", "test"):
            for a in load_tud(geo / "TUD-Loc2013.zip", part)[0]:
                tud[f"{part}/{a.id}"] = a
        out["TUD-Loc2013"] = tud
    return out


def draw(
    arts: dict[str, dict[str, Article]], n: int, seed: int, exclude: set[tuple[str, str, int]]
) -> list[dict]:
    """``n`` gold mentions drawn with ``seed``: :data:`SHARES` of them from each corpus,
    uniformly over its mentions (so from all its articles), none in ``exclude``."""
    rng = random.Random(seed)
    items = []
    for corpus, share in SHARES:
        pool = [
            (doc, g.start, g.end)
            for doc, a in sorted(arts.get(corpus, {}).items())
            for g in a.gold
            if (corpus, doc, g.start) not in exclude
        ]
        pool = sorted(set(pool))
        for doc, s, e in rng.sample(pool, min(len(pool), round(n * share))):
            text = arts[corpus][doc].text
            items.append(
                {
                    "corpus": corpus,
                    "file": FILES[corpus],
                    "doc": doc,
                    "start": s,
                    "end": e,
                    "sha1": sha1(text[s:e]),
                }
            )
    rng.shuffle(items)
    return items


def context(text: str, start: int, end: int, width: int = 220) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return (text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]).replace("\n", " ")


def join(items: list[dict], arts: dict[str, dict[str, Article]]) -> list[tuple[dict, Article]]:
    """Each labelled item with its article, checked by the sha1 of the span's text."""
    out = []
    for it in items:
        a = arts.get(it["corpus"], {}).get(it["doc"])
        if a is None or sha1(a.text[it["start"] : it["end"]]) != it["sha1"]:
            raise ValueError(f"item does not match the shared data: {it}")
        out.append((it, a))
    return out


def load_labels(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def cohen_kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def marsad_roles(pairs: list[tuple[dict, Article]], nlp: Any, gazetteer: Any) -> list[str | None]:
    """marsad's role of each item's span (None: no place overlaps it), one parse per document."""
    from marsad.places import geoparse_text

    cache: dict[tuple[str, str], list[Any]] = {}
    out: list[str | None] = []
    for it, a in pairs:
        key = (it["corpus"], it["doc"])
        if key not in cache:
            cache[key] = geoparse_text(a.text, nlp=nlp, gazetteer=gazetteer)
        hit = next((p for p in cache[key] if p.start < it["end"] and it["start"] < p.end), None)
        out.append(None if hit is None else (getattr(hit, "role", None) or "literal"))
    return out


def score(labels: list[str], predicted: list[str | None]) -> dict[str, Any]:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: Counter[tuple[str, str]] = Counter()
    right = right4 = usable_right = 0
    for lab, pred in zip(labels, predicted, strict=True):
        want = TO_MARSAD[lab]
        ok = pred == want if want is not None else pred is None
        want4 = FOUR.get(want, want) if want is not None else None
        pred4 = FOUR.get(pred, pred) if pred is not None else None
        right4 += pred4 == want4 if want4 is not None else pred4 is None
        per[lab][0] += 1
        per[lab][1] += ok
        right += ok
        usable_right += (lab in MAP_USABLE) == (pred in USABLE_ROLES)
        confusion[(lab, pred or "missed")] += 1
    n = len(labels)
    return {
        "items": n,
        "role accuracy (6 roles)": right / n if n else 0.0,
        "role accuracy (4 roles: modifiers as literal)": right4 / n if n else 0.0,
        "map-usable accuracy": usable_right / n if n else 0.0,
        "per label (n / right, 6 roles)": {k: f"{v[0]} / {v[1] / v[0]:.2f}" for k, v in sorted(per.items())},
        "confusion (label -> marsad)": {f"{k[0]} -> {k[1]}": v for k, v in sorted(confusion.items())},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", default=None)
    ap.add_argument("--split", choices=("heldout", "dev", "all"), default="heldout")
    ap.add_argument("--draw", type=int, default=0, help="draw N mentions for labelling (JSON lines)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--exclude", default=None, help="labelled JSONL whose mentions are not drawn again")
    ap.add_argument("--show", default=None, help="print the sentences of a JSONL's items (for labelling)")
    ap.add_argument("-v", action="store_true", help="list the disagreements")
    args = ap.parse_args(argv)
    root = data_dir(args.data_dir)
    if not (root / "geoparsing").is_dir():
        print(f"skipped: no geoparsing data in {root}", file=sys.stderr)
        return 0
    arts = load_articles(root)
    if args.draw:
        exclude = set()
        if args.exclude:
            exclude = {(i["corpus"], i["doc"], i["start"]) for i in load_labels(Path(args.exclude))}
        for it in draw(arts, args.draw, args.seed, exclude):
            print(json.dumps(it, ensure_ascii=False))
        return 0
    if args.show:
        for k, (it, a) in enumerate(join(load_labels(Path(args.show)), arts)):
            print(f"{k}\t{it['corpus']}\t{context(a.text, it['start'], it['end'])}")
        return 0

    labelled = load_labels(LABELS)
    counts = Counter(i["label"] for i in labelled)
    print(f"labels: {len(labelled)} — " + ", ".join(f"{k} {counts[k]}" for k in ROLE_LABELS))
    splits = Counter(split_of(i["corpus"], i["doc"]) for i in labelled)
    print(f"split by document: {dict(splits)}")
    if AGREEMENT.is_file():
        second = {(i["corpus"], i["doc"], i["start"]): i["label"] for i in load_labels(AGREEMENT)}
        first = {(i["corpus"], i["doc"], i["start"]): i["label"] for i in labelled}
        keys = [k for k in second if k in first]
        if keys:
            a, b = [first[k] for k in keys], [second[k] for k in keys]
            agree = sum(x == y for x, y in zip(a, b, strict=True))
            print(
                f"agreement (second blind pass, {len(keys)} items): {agree}/{len(keys)} same label, "
                f"Cohen's kappa {cohen_kappa(a, b):.3f}"
            )
    items = [i for i in labelled if args.split == "all" or split_of(i["corpus"], i["doc"]) == args.split]
    pairs = join(items, arts)

    from marsad.nlp.component import with_entity_ruler
    from marsad.nlp.loader import load_spacy
    from marsad.places.gazetteer import Gazetteer

    gazetteer = Gazetteer.open(None)
    nlp = with_entity_ruler(load_spacy(), gazetteer.ruler_patterns())
    predicted = marsad_roles(pairs, nlp, gazetteer)
    res = score([it["label"] for it, _ in pairs], predicted)
    print(f"\n== {args.split} split")
    for k, v in res.items():
        if isinstance(v, dict):
            print(f"  {k}:")
            for kk, vv in v.items():
                print(f"    {kk:40s} {vv}")
        else:
            print(f"  {k:32s} {v:.4f}" if isinstance(v, float) else f"  {k:32s} {v}")
    if args.v:
        for (it, a), pred in zip(pairs, predicted, strict=True):
            want = TO_MARSAD[it["label"]]
            if (pred != want) if want is not None else pred is not None:
                print(f"  {it['label']:22s} marsad={pred}\t{context(a.text, it['start'], it['end'], 80)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
