"""Fuzzing ingest, coding and the store (``python -m benchmarks.fuzz [--inputs N] [--coded N]``).

Generates ``--inputs`` (default 100,000) inputs, a good record after every few hostile ones:
JSON nested thousands deep, integers of thousands of digits, lone surrogates, NULs and
control characters, fields of the wrong type (``"url": []``, a number as title, an object
as id), invalid JSON and UTF-8, texts over the size and line limits, runs of 8,000 quote
characters, hundreds of place names, tolls of 23 digits, binary and empty files.

1. Every input goes through ingest (``read_bytes``), 1,000 JSONL lines to a file plus
   text and HTML files: each non-blank line must give exactly one Document or IngestError.
2. A sample of ``--coded`` JSONL lines (default 300: every hostile kind that ingest lets
   through, and good records; coding all 100,000 would take hours on 2 cores) goes through
   the real ``marsad code FILE --db DB`` in this process, one document per batch so that
   each is timed alone.

Figures (goal 0 for the first four): crashes (an exception out of ingest, or ``marsad code``
exiting 2 or raising), good documents lost (a good record neither printed nor stored),
half-written documents (printed but not stored, stored without all its events, or stored
but not printed), batches aborted (a file whose reading stopped early), and the slowest
document coded, with its kind.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOOD_TEXTS = (
    "Gunmen killed three soldiers near Kirkuk on Monday.",
    "Rebels shelled Aleppo on Sunday, killing two civilians.",
    "Police arrested ten protesters in Basra yesterday.",
    "An airstrike hit a market in Idlib, killing five people, the ministry said.",
    "Protesters marched peacefully through Baghdad on Friday.",
)
PLACES = ("Mosul", "Kirkuk", "Aleppo", "Baghdad", "Basra", "Raqqa", "Homs", "Damascus", "Tikrit", "Fallujah")
GOOD = "good"


def _record(text: str, **fields: Any) -> bytes:
    return json.dumps({"text": text, **fields}, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _hostile_kinds(rng: random.Random) -> dict[str, Callable[[int], bytes]]:
    """Generators of one hostile JSONL line each, by kind (``n`` makes ids unique)."""
    text = rng.choice(GOOD_TEXTS)
    return {
        "deep_json": lambda n: b"[" * rng.randint(33, 6000) + b"]" * 10,
        "deep_json_in_record": lambda n: (
            b'{"text": "x", "meta": ' + b"[" * rng.randint(40, 3000) + b"]" * rng.randint(40, 3000) + b"}"
        ),
        "big_int": lambda n: b'{"id": "b%d", "text": "x", "n": ' % n + b"9" * rng.randint(101, 6000) + b"}",
        "lone_surrogate": lambda n: (
            b'{"id": "s%d", "text": "Police arrested ten people in Basra \\ud800.", "title": "\\udfff"}' % n
        ),
        "nul_and_controls": lambda n: _record(
            f"Rebels\x00 shelled\x07 Aleppo\x1b on Sunday {n}.", id=f"c{n}"
        ),
        "url_list": lambda n: _record(text, id=f"u{n}", url=[]),
        "title_number": lambda n: _record(text + f" ({n})", id=f"t{n}", title=12345),
        "id_object": lambda n: _record(text, id={"a": n}),
        "date_list": lambda n: _record(text, id=f"d{n}", date=[2014, 6, 10]),
        "date_nonsense": lambda n: _record(text, id=f"dn{n}", date="the 45th of Nevember " * 3),
        "text_number": lambda n: b'{"id": "n%d", "text": 42}' % n,
        "not_object": lambda n: rng.choice([b"[1, 2, 3]", b'"text"', b"null", b"true", b"3.5"]),
        "invalid_json": lambda n: rng.choice(
            [b"{not json", b'{"text": "x"', b"{'text': 'x'}", b"}{", b'{"a":}']
        ),
        "nan_constant": lambda n: b'{"id": "nan%d", "text": "x", "score": NaN}' % n,
        "invalid_utf8": lambda n: b'{"id": "v%d", "text": "caf\xe9 \xff\xfe"}' % n,
        "empty_text": lambda n: _record(rng.choice(["", "   ", "\n\n"]), id=f"e{n}"),
        "long_id": lambda n: _record(text, id="x" * rng.randint(101, 5000)),
        "long_title": lambda n: _record(text + f" {n}", id=f"lt{n}", title="T" * rng.randint(1001, 50_000)),
        "too_many_lines": lambda n: _record("a b\n" * rng.randint(20_001, 150_000), id=f"l{n}"),
        "quote_run": lambda n: _record('"' * rng.randint(2000, 8000) + f" {n}", id=f"q{n}"),
        "paren_run": lambda n: _record("(" * rng.randint(2000, 8000) + f" {n}", id=f"p{n}"),
        "many_places": lambda n: _record(
            "Fighting spread to "
            + ", ".join(PLACES[k % 10] for k in range(rng.randint(200, 900)))
            + f". {n}",
            id=f"pl{n}",
        ),
        "huge_toll": lambda n: _record(
            f"Killing {'9' * rng.randint(20, 60)} soldiers in Kirkuk ({n}).", id=f"h{n}"
        ),
        "many_short_lines": lambda n: _record("Gunmen fired.\n" * rng.randint(2000, 19_000), id=f"m{n}"),
        "bom_and_blank": lambda n: b"\xef\xbb\xbf" + _record(text + f" {n}", id=f"bom{n}"),
    }


@dataclass
class Line:
    kind: str
    raw: bytes
    good_id: str | None = None  # the id of a good record, which must come out


def generate(n: int, seed: int = 13) -> Iterator[Line]:
    """``n`` JSONL lines: about one good record in four, the others hostile of every kind."""
    rng = random.Random(seed)
    kinds = _hostile_kinds(rng)
    # the costly kinds (megabytes each) are rare, so that ingest of 100,000 inputs stays minutes
    weights = {k: (0.05 if k in ("too_many_lines", "many_short_lines", "long_title") else 1.0) for k in kinds}
    names = list(kinds)
    for k in range(n):
        if k % 4 == 0:
            good_id = f"g{k}"
            yield Line(
                GOOD, _record(f"{rng.choice(GOOD_TEXTS)} Report {k}.", id=good_id, date="2014-06-10"), good_id
            )
        else:
            kind = rng.choices(names, weights=[weights[x] for x in names])[0]
            yield Line(kind, kinds[kind](k))


FILE_INPUTS: tuple[tuple[str, bytes, str], ...] = (
    ("binary.txt", b"\x00\x01\x02" * 1000, "text"),
    ("empty.txt", b"", "text"),
    ("latin1.txt", "Caf\xe9 bombed in Aleppo".encode("latin-1"), "text"),
    ("controls.txt", b"Rebels shelled Aleppo.\x0b\x0cMore text\x07 here.", "text"),
    (
        "deep.html",
        b"<html><body>" + b"<div>" * 20_000 + b"Text" + b"</div>" * 20_000 + b"</body></html>",
        "html",
    ),
    ("broken.html", b"<html><body><p>Rebels shelled Aleppo</p", "html"),
    ("lines.txt", b"x\n" * 150_000, "text"),
    ("quotes.txt", b'"' * 8000, "text"),
)


@dataclass
class Figures:
    inputs: int = 0
    good: int = 0
    documents: int = 0
    refused: int = 0
    crashes: int = 0
    good_lost: int = 0
    half_written: int = 0
    batches_aborted: int = 0
    coded_sample: int = 0
    coded_ok: int = 0
    coded_skipped: int = 0
    cli_exit: int | None = None
    slowest_s: float = 0.0
    slowest_kind: str = ""
    ingest_s: float = 0.0
    code_s: float = 0.0
    refusals: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["refusals"] = dict(self.refusals.most_common())
        out["problems"] = self.problems[:20]
        return out


def ingest_all(lines: list[Line], figures: Figures, chunk: int = 1000) -> list[tuple[Line, Any]]:
    """Every line through ``read_bytes``, ``chunk`` to a file; returns (line, Document) pairs."""
    from marsad.ingest import IngestError, read_bytes

    accepted: list[tuple[Line, Any]] = []
    for start in range(0, len(lines), chunk):
        part = lines[start : start + chunk]
        name = f"fuzz-{start // chunk}.jsonl"
        results: list[Any] = []
        try:
            results = list(read_bytes(b"\n".join(x.raw for x in part), name))
        except Exception as exc:  # noqa: BLE001 - what the benchmark counts
            figures.crashes += 1
            figures.batches_aborted += 1
            figures.problems.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
        if results and len(results) != len(part):
            figures.batches_aborted += 1
            figures.problems.append(f"{name}: {len(part)} lines gave {len(results)} results")
        for line, result in zip(part, results, strict=False):
            if isinstance(result, IngestError):
                figures.refused += 1
                figures.refusals[_reason_kind(result.reason)] += 1
                if line.good_id:
                    figures.good_lost += 1
                    figures.problems.append(f"good {line.good_id} refused: {result.reason}")
                if not result.source.startswith(f"{name}:"):
                    figures.problems.append(f"refusal not named by line: {result.source}")
            else:
                figures.documents += 1
                accepted.append((line, result))
    for name, data, fmt in FILE_INPUTS:
        figures.inputs += 1
        try:
            for result in read_bytes(data, name, fmt=fmt):
                if isinstance(result, IngestError):
                    figures.refused += 1
                    figures.refusals[_reason_kind(result.reason)] += 1
                else:
                    figures.documents += 1
        except Exception as exc:  # noqa: BLE001
            figures.crashes += 1
            figures.problems.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
    return accepted


def _reason_kind(reason: str) -> str:
    """A refusal's reason without its numbers and quotes, to count refusals by kind."""
    general = re.sub(r"'[^']*'|\d[\d,]*", "N", reason.split(" (")[0].split(": ")[0])
    return general.strip()[:70]


HEAVY = ("many_short_lines",)  # a minute or two each to code: left out of the test suite's sample


def sample_for_coding(
    accepted: list[tuple[Line, Any]], size: int, seed: int = 13, *, heavy: bool = True
) -> list[Line]:
    """Every hostile kind that ingest let through (up to 3 of each), then good records."""
    rng = random.Random(seed)
    by_kind: dict[str, list[Line]] = {}
    for line, _ in accepted:
        if heavy or line.kind not in HEAVY:
            by_kind.setdefault(line.kind, []).append(line)
    picked = [x for kind, group in sorted(by_kind.items()) if kind != GOOD for x in group[:3]]
    goods = by_kind.get(GOOD, [])
    picked += rng.sample(goods, min(len(goods), max(0, size - len(picked))))
    rng.shuffle(picked)
    return picked[:size] if len(picked) > size else picked


@contextlib.contextmanager
def timed_documents(times: list[tuple[float, str]]) -> Iterator[None]:
    """Code one document per batch and time each (the engine's ``code_batch`` wrapped)."""
    from marsad.engine import base

    original = base.code_batch

    def one_by_one(pipeline: Any, docs: list[Any]) -> list[Any]:
        out = []
        for doc in docs:
            started = time.perf_counter()
            out += original(pipeline, [doc])
            times.append((time.perf_counter() - started, doc.source or doc.id))
        return out

    base.code_batch = one_by_one
    try:
        yield
    finally:
        base.code_batch = original


def code_sample(sample: list[Line], figures: Figures, workdir: Path) -> None:
    """The sample through the real ``marsad code FILE --db DB``; checks output against the store."""
    from marsad.cli import main

    path, db = workdir / "sample.jsonl", workdir / "fuzz.db"
    path.write_bytes(b"\n".join(x.raw for x in sample) + b"\n")
    out, err = io.StringIO(), io.StringIO()
    times: list[tuple[float, str]] = []
    started = time.perf_counter()
    try:
        with timed_documents(times), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            figures.cli_exit = main(["code", str(path), "--db", str(db), "--no-progress"])
    except BaseException as exc:  # noqa: BLE001 - the batch died: what this benchmark is for
        figures.crashes += 1
        figures.batches_aborted += 1
        figures.problems.append(f"marsad code raised {type(exc).__name__}: {str(exc)[:200]}")
    figures.code_s = time.perf_counter() - started
    figures.coded_sample = len(sample)
    if figures.cli_exit == 2:
        figures.crashes += 1
        figures.problems.append(f"marsad code exited 2: {err.getvalue()[-500:]}")
    if "Traceback" in err.getvalue():
        figures.crashes += 1
        figures.problems.append("a traceback on stderr")
    printed = {}
    for line in out.getvalue().splitlines():
        doc = json.loads(line)
        printed[doc["id"]] = len(doc.get("events") or [])
    figures.coded_ok = len(printed)
    figures.coded_skipped = err.getvalue().count("marsad: skipped")
    _check_store(db, printed, sample, figures)
    if times:
        slowest, source = max(times)
        number = int(source.rsplit(":", 1)[-1]) if source.rsplit(":", 1)[-1].isdigit() else 0
        figures.slowest_s = slowest
        figures.slowest_kind = sample[number - 1].kind if 0 < number <= len(sample) else source


def _check_store(db: Path, printed: dict[str, int], sample: list[Line], figures: Figures) -> None:
    conn = sqlite3.connect(db)
    try:
        stored = dict(
            conn.execute(
                "SELECT d.id, (SELECT count(*) FROM event_sources s WHERE s.document_id = d.id) FROM documents d"
            ).fetchall()
        )
        statuses = [row[0] for row in conn.execute("SELECT status FROM runs")]
    finally:
        conn.close()
    for doc_id, events in printed.items():
        if stored.get(doc_id) != events:
            figures.half_written += 1
            figures.problems.append(
                f"{doc_id}: printed with {events} events, stored with {stored.get(doc_id)}"
            )
    for doc_id in set(stored) - set(printed):
        figures.half_written += 1
        figures.problems.append(f"{doc_id}: stored but not printed")
    for line in sample:
        if line.good_id and line.good_id not in printed:
            figures.good_lost += 1
            figures.problems.append(f"good {line.good_id} not coded")
    if any(status == "running" for status in statuses):
        figures.problems.append(f"a run left 'running': {statuses}")


def run(inputs: int = 100_000, coded: int = 300, seed: int = 13, *, heavy: bool = True) -> Figures:
    figures = Figures()
    lines = list(generate(inputs, seed))
    figures.inputs = len(lines)
    figures.good = sum(1 for x in lines if x.good_id)
    started = time.perf_counter()
    accepted = ingest_all(lines, figures)
    figures.ingest_s = time.perf_counter() - started
    if coded:
        with tempfile.TemporaryDirectory() as tmp:
            code_sample(sample_for_coding(accepted, coded, seed, heavy=heavy), figures, Path(tmp))
    return figures


def report(figures: Figures) -> str:
    rows = [
        ("inputs (JSONL lines + files), all through ingest", f"{figures.inputs:,}"),
        ("good records among them", f"{figures.good:,}"),
        ("documents accepted / refused with a reason", f"{figures.documents:,} / {figures.refused:,}"),
        ("ingest time", f"{figures.ingest_s:.1f} s"),
        ("coded through `marsad code --db` (sample)", f"{figures.coded_sample:,} in {figures.code_s:.1f} s"),
        ("  printed and stored / skipped with a reason", f"{figures.coded_ok:,} / {figures.coded_skipped:,}"),
        ("  exit status", str(figures.cli_exit)),
        ("crashes (goal 0)", str(figures.crashes)),
        ("good documents lost (goal 0)", str(figures.good_lost)),
        ("half-written documents (goal 0)", str(figures.half_written)),
        ("batches aborted (goal 0)", str(figures.batches_aborted)),
        ("slowest document coded", f"{figures.slowest_s:.2f} s ({figures.slowest_kind})"),
    ]
    width = max(len(a) for a, _ in rows)
    lines = [f"{a:<{width}}  {b}" for a, b in rows]
    lines.append("refusals by reason: " + ", ".join(f"{k} {v:,}" for k, v in figures.refusals.most_common()))
    lines += [f"problem: {p}" for p in figures.problems[:20]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--coded", type=int, default=300, help="JSONL lines coded through marsad code")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = run(args.inputs, args.coded, args.seed)
    print(json.dumps(figures.to_dict(), indent=2) if args.json else report(figures))
    bad = figures.crashes + figures.good_lost + figures.half_written + figures.batches_aborted
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
