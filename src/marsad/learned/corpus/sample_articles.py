"""Draw whole articles for the incident training set (the article-level models' data).

``python -m marsad.learned.corpus.sample_articles --out DIR`` draws, with a fixed seed, articles
from three of the four article sources of the events-per-incident benchmark, in about its mix
(MUC-4, InSight Crime, SATP; every TR-News article has sentences in the sentence corpus), and writes annotators' batches to ``DIR`` (the texts, never to be
committed) and the drawn keys to ``corpus/events/incident_train_article_keys.json``.

An article is drawn only if no sentence of it is in the sentence corpus (so the sentence model has
not been trained on it, and its readings of the article are as on unseen text) and it is in neither
the test nor the development articles. MUC-4 articles come from its train file and only those its
gold templates fill (the relevant ones (the benchmark's MUC-4 articles are all relevant)); InSight Crime
articles longer than 5,000 characters are left out to keep a batch readable in one sitting. Nothing
about marsad's output is used to choose them.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from marsad.learned.corpus.join import CORPUS_DIR, read_jsonl
from marsad.learned.corpus.sources import data_dir, iter_source

SEED = 20261206
MIX = {"muc4": 26, "insight_crime": 22, "satp": 12}
# round 2 adds long world news, the kind round 1 lacked: every TR-News article has some sentences
# in the sentence corpus (about 6 of 20), so for TR-News that condition is waived
MIX_ROUND2 = {"tr_news": 24, "muc4": 8, "insight_crime": 8}
WAIVED_ROUND2 = ("tr_news",)
# round 3 doubles the set in the benchmark's mix (its four sources, TR-News waived as in round 2)
MIX_ROUND3 = {"tr_news": 30, "muc4": 24, "insight_crime": 24, "satp": 22}
# round 4 adds more long world news for the keep head, which set aside the incidents of long
# articles (stop 21); drawn after the sentence corpus's own round 4 had changed which articles
# rounds 1-3 would draw again, so it leaves out the articles they recorded instead
MIX_ROUND4 = {"tr_news": 30}
# round 5 grows the set for the keep head's article features and its temporal ones (stop 23), in
# the benchmark's four-source mix again
MIX_ROUND5 = {"tr_news": 12, "muc4": 10, "insight_crime": 10, "satp": 8}
ROUNDS = {
    1: (MIX, SEED, ()),
    2: (MIX_ROUND2, SEED + 2, WAIVED_ROUND2),
    3: (MIX_ROUND3, SEED + 3, WAIVED_ROUND2),
    4: (MIX_ROUND4, SEED + 4, WAIVED_ROUND2),
    5: (MIX_ROUND5, SEED + 5, WAIVED_ROUND2),
}
RECORDED_FROM = 4  # rounds from this one exclude the recorded keys of earlier rounds
MAX_CHARS = 5000
KEYS_FILE = "incident_train_article_keys.json"


def _relevant_muc4() -> set[str]:
    path = data_dir() / "events" / "conflibert" / "muc4" / "train.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f"muc4/train.json:{k}" for k, v in data.items() if any(v["roles"].values())}


def _taken(corpus_dir: Path, waived: tuple[str, ...] = ()) -> set[str]:
    taken = {it["key"] for it in read_jsonl(corpus_dir / "items.jsonl") if it["source"] not in waived}
    for name in ("incident_article_keys.json", "incident_dev_article_keys.json"):
        path = corpus_dir / name
        if path.exists():
            taken |= set(json.loads(path.read_text(encoding="utf-8")))
    return taken


def draw(
    corpus_dir: Path = CORPUS_DIR,
    mix: dict[str, int] = MIX,
    seed: int = SEED,
    waived: tuple[str, ...] = (),
    exclude: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """(key, text) of the drawn articles, in a fixed order."""
    rng = random.Random(seed)
    taken = _taken(corpus_dir, waived) | exclude
    relevant = _relevant_muc4()
    drawn: list[tuple[str, str]] = []
    for source, n in mix.items():
        pool = [
            d
            for d in iter_source(source)
            if d.key not in taken and len(d.text) <= MAX_CHARS and (source != "muc4" or d.key in relevant)
        ]
        drawn += [(d.key, d.text) for d in rng.sample(pool, n)]
    return drawn


def recorded_keys(corpus_dir: Path) -> list[str]:
    """The training articles drawn so far, as recorded in ``KEYS_FILE``."""
    path = corpus_dir / KEYS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def drawn_in(round_: int) -> list[tuple[str, str]]:
    """The articles of round ``round_``, each round drawn from what earlier rounds left."""
    if round_ >= RECORDED_FROM:
        earlier = frozenset(recorded_keys(CORPUS_DIR))
    else:
        earlier = frozenset(k for r in range(1, round_) for k, _ in drawn_in(r))
    mix, seed, waived = ROUNDS[round_]
    return draw(mix=mix, seed=seed, waived=waived, exclude=earlier)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="folder for the annotators' batches")
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--agreement", type=int, default=12, help="articles annotated a second time")
    ap.add_argument("--round", type=int, choices=sorted(ROUNDS), default=1, help="a later round adds its mix")
    args = ap.parse_args(argv)
    keys_path = CORPUS_DIR / KEYS_FILE
    before = recorded_keys(CORPUS_DIR)
    drawn = drawn_in(args.round)
    rng = random.Random(SEED + args.round)
    order = list(drawn)
    rng.shuffle(order)
    args.out.mkdir(parents=True, exist_ok=True)

    def write(name: str, rows: list[tuple[str, str]]) -> None:
        with (args.out / name).open("w", encoding="utf-8") as fh:
            for key, text in rows:
                fh.write(json.dumps({"key": key, "text": text.replace("\n", " ")}, ensure_ascii=False) + "\n")

    size = -(-len(order) // args.batches)
    for b in range(args.batches):
        write(f"articles_{b + 1}.jsonl", order[b * size : (b + 1) * size])
    if args.agreement:
        write("articles_agreement.jsonl", rng.sample(order, args.agreement))
    keys = set(before) | {k for k, _ in drawn} if args.round > 1 else {k for k, _ in drawn}
    keys_path.write_text(json.dumps(sorted(keys), indent=0) + "\n", encoding="utf-8")
    print(f"{len(drawn)} articles in {args.batches} batches, {args.agreement} for agreement -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
