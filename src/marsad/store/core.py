"""The store: coded documents in, a deduplicated record of events, actors and claims out.

``Store.open(url_or_path)`` opens (and migrates) a SQLite file or a PostgreSQL database;
``store.ingest(doc)`` adds one coded document in one transaction; the query methods return
plain dicts (JSON-ready) used by the CLI, the exports and the REST API.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, create_engine, delete, event, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine

from marsad.actors.aliases import is_alias
from marsad.model import Document
from marsad.store import queries as Q
from marsad.store import review as R
from marsad.store import schema as S
from marsad.store.cluster import MAX_NEIGHBOURHOOD, Report, group
from marsad.store.dedup import DedupConfig, compare, fold_name
from marsad.store.locking import BUSY_TIMEOUT_S, configure_sqlite, transient, write_transaction
from marsad.store.owner import owner_alive, process_owner
from marsad.store.records import CodedDoc, coded_doc, parse_date

EVENT_STATUSES = R.STATUSES
# whole-transaction tries of one document when another process holds or changes the same rows
INGEST_ATTEMPTS = 5
# one cached statement for the hot path (values travel as parameters, not in the statement)
_UPDATE_EVENT = update(S.events).where(S.events.c.id == bindparam("event_key"))


@dataclass
class IngestResult:
    """What ``Store.ingest`` did with one document.

    ``status`` is ``inserted`` (new document), ``unchanged`` (same id, same content and
    coding: nothing written) or ``replaced`` (a corrected or re-coded version replaced the
    earlier one, which went to the revision history).
    """

    document_id: str
    status: str
    revision: int = 1
    events_new: int = 0
    events_merged: int = 0
    events_removed: int = 0
    replaced_id: str | None = None
    event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RunResult:
    """What ``Store.ingest_many`` did with a batch."""

    run_id: int
    counts: Counter = field(default_factory=Counter)
    results: list[IngestResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "counts": dict(self.counts)}


def run_status_for(exc: BaseException) -> str:
    """The status of a run stopped by ``exc``: interrupted (Ctrl-C, a signal), else failed."""
    return "interrupted" if isinstance(exc, KeyboardInterrupt | SystemExit) else "failed"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def normalize_url(url_or_path: str | Path | None) -> str:
    """A SQLAlchemy URL: None → the default SQLite file; a plain path → SQLite; URLs kept.

    ``postgresql://`` URLs use the psycopg (3) driver.
    """
    if url_or_path is None:
        from marsad.config import default_db_path

        url_or_path = default_db_path()
    if isinstance(url_or_path, Path) or "://" not in str(url_or_path):
        path = Path(url_or_path).expanduser()
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{path.resolve()}"
        return "sqlite://"
    url = str(url_or_path)
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def stable_event_id(document_id: str, local_id: str) -> str:
    """The id an event gets from the report that founds it; stable across re-ingests."""
    return "ev-" + hashlib.sha1(f"{document_id}\x00{local_id}".encode()).hexdigest()[:16]


class Store:
    """A marsad store over SQLite or PostgreSQL (same code, same schema)."""

    def __init__(self, engine: Engine, dedup: DedupConfig | None = None) -> None:
        self.engine = engine
        self.dedup = dedup or DedupConfig.load()
        #: called before each document's transaction commits (tests use it to simulate a crash)
        self.before_commit: Callable[[CodedDoc], None] | None = None

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls, url_or_path: str | Path | None = None, *, dedup: DedupConfig | None = None, migrate: bool = True
    ) -> Store:
        """Open a store: None → ``marsad.config.default_db_path()``; a path → SQLite; or a URL.

        Creates parent directories and runs the Alembic migrations up to head.
        """
        url = normalize_url(url_or_path)
        sqlite = url.startswith("sqlite")
        engine = create_engine(url, future=True, connect_args={"timeout": BUSY_TIMEOUT_S} if sqlite else {})
        if sqlite:
            configure_sqlite(engine)
            event.listen(engine, "connect", _sqlite_pragmas)
        if migrate:
            from marsad.store.migrate import upgrade

            upgrade(engine)
        return cls(engine, dedup)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ ingest
    def ingest(self, doc: Document | dict[str, Any], *, run_id: int | None = None) -> IngestResult:
        """Add one coded document, in one transaction.

        Idempotent by (document id, content hash, coding hash): the same document twice
        changes nothing. A document with the same id (or the same URL) but a different text
        or coding replaces the earlier version: its events, mentions, relations and claims
        are removed (events other documents also report keep those sources), the earlier
        version goes to ``document_revisions``, and the new one is ingested.
        """
        cd = coded_doc(doc)
        for attempt in range(INGEST_ATTEMPTS):
            try:
                return self._ingest_once(cd, run_id)
            except Exception as exc:
                # another process held the database or stored the same rows at the same moment:
                # the transaction was rolled back whole, and ingest is idempotent, so run it again
                if attempt + 1 == INGEST_ATTEMPTS or not transient(exc):
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def _ingest_once(self, cd: CodedDoc, run_id: int | None) -> IngestResult:
        with write_transaction(self.engine) as conn:
            result = self._ingest(conn, cd, run_id)
            if self.before_commit is not None:
                self.before_commit(cd)
            if run_id is not None:
                conn.execute(
                    update(S.runs)
                    .where(S.runs.c.id == run_id)
                    .values(documents_done=S.runs.c.documents_done + 1, last_document_id=cd.id)
                )
            if result.status != "unchanged" or run_id is not None:
                bump_version(conn)  # last: the counter's row lock is held only until commit
        return result

    def ingest_many(
        self,
        docs: Iterable[Document | dict[str, Any]],
        *,
        pipeline: str = "marsad",
        version: str | None = None,
        config: dict[str, Any] | None = None,
        progress: Callable[[IngestResult], None] | None = None,
    ) -> RunResult:
        """Ingest a batch, recording a ``runs`` row; each document is its own transaction.

        If the batch stops (crash, Ctrl-C), running it again resumes: documents already
        stored are ``unchanged`` and cost one lookup each.
        """
        run_id = self.start_run(pipeline=pipeline, version=version, config=config)
        out = RunResult(run_id)
        try:
            for doc in docs:
                res = self.ingest(doc, run_id=run_id)
                out.counts[res.status] += 1
                out.results.append(res)
                if progress:
                    progress(res)
        except BaseException as exc:
            self.finish_run(run_id, status=run_status_for(exc), error=repr(exc))
            raise
        self.finish_run(run_id)
        return out

    def start_run(self, *, pipeline: str = "marsad", version: str | None = None, config: Any = None) -> int:
        """Record the start of an ingest batch (owned by this process); returns the run id.

        Runs left "running" by a process of this host that has died are marked interrupted first."""
        if version is None:
            from marsad import __version__

            version = __version__
        self.mark_dead_runs()
        with write_transaction(self.engine) as conn:
            res = conn.execute(
                insert(S.runs),
                dict(
                    pipeline=pipeline,
                    version=version,
                    config=config,
                    started_at=_now(),
                    status="running",
                    documents_done=0,
                    owner=process_owner(),
                ),
            )
            bump_version(conn)
            return int(res.inserted_primary_key[0])

    def mark_dead_runs(self) -> list[int]:
        """Mark "interrupted" the runs still "running" whose process (on this host) has ended
        without finishing them (killed, crashed, powered off); returns their ids."""
        r = S.runs.c
        with write_transaction(self.engine) as conn:
            rows = conn.execute(
                select(r.id, r.owner).where(r.status == "running", r.owner.is_not(None))
            ).all()
            dead = [row.id for row in rows if owner_alive(row.owner) is False]
            for run_id in dead:
                conn.execute(
                    update(S.runs)
                    .where(r.id == run_id, r.status == "running")
                    .values(
                        status="interrupted",
                        finished_at=_now(),
                        error="the process running it ended before it finished (killed or crashed)",
                    )
                )
        return dead

    def finish_run(self, run_id: int, *, status: str = "done", error: str | None = None) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(
                update(S.runs)
                .where(S.runs.c.id == run_id)
                .values(finished_at=_now(), status=status, error=error)
            )
            bump_version(conn)

    def _find_existing(self, conn: Connection, cd: CodedDoc) -> Any:
        row = conn.execute(select(S.documents).where(S.documents.c.id == cd.id)).mappings().first()
        if row is None and cd.url:
            row = (
                conn.execute(
                    select(S.documents)
                    .where(S.documents.c.url == cd.url)
                    .order_by(S.documents.c.updated_at.desc())
                )
                .mappings()
                .first()
            )
        return row

    def _ingest(self, conn: Connection, cd: CodedDoc, run_id: int | None) -> IngestResult:
        existing = self._find_existing(conn, cd)
        revision = 1
        removed = 0
        remaining: list[int] = []
        replaced_id = None
        now = _now()
        ingested_at = now
        if existing is not None:
            if existing["content_hash"] == cd.content_hash and existing["coding_hash"] == cd.coding_hash:
                return IngestResult(cd.id, "unchanged", revision=existing["revision"])
            revision = existing["revision"] + 1
            replaced_id = existing["id"]
            ingested_at = existing["ingested_at"]
            conn.execute(
                insert(S.document_revisions),
                dict(
                    document_id=existing["id"],
                    superseded_by=cd.id,
                    url=existing["url"],
                    revision=existing["revision"],
                    content_hash=existing["content_hash"],
                    coding_hash=existing["coding_hash"],
                    text=existing["text"],
                    data=existing["data"],
                    ingested_at=existing["ingested_at"],
                    replaced_at=now,
                ),
            )
            removed, remaining = self._remove_document(conn, existing["id"])
        data = cd.data
        conn.execute(
            insert(S.documents),
            dict(
                id=cd.id,
                url=cd.url,
                source=data.get("source"),
                title=data.get("title"),
                publication=data.get("publication"),
                author=data.get("author"),
                pub_date=cd.pub_date,
                content_hash=cd.content_hash,
                coding_hash=cd.coding_hash,
                revision=revision,
                text=cd.text,
                data=data,
                run_id=run_id,
                ingested_at=ingested_at,
                updated_at=now,
            ),
        )
        self._write_spans(conn, cd)
        self._write_actors(conn, cd)
        result = IngestResult(
            cd.id,
            "replaced" if existing is not None else "inserted",
            revision=revision,
            events_removed=removed,
            replaced_id=replaced_id,
        )
        seen_local: set[str] = set()
        new_sources: list[int] = []
        for n, ev in enumerate(data.get("events") or [], 1):
            local_id = str(ev.get("id") or f"e{n}")
            if local_id in seen_local:  # a coder that repeats an id must not lose the event
                local_id = f"{local_id}#{n}"
            seen_local.add(local_id)
            new_sources.append(self._insert_source(conn, cd, ev, local_id, now))
        final = self._recluster(conn, new_sources + remaining, now, new=set(new_sources))
        for sid in new_sources:
            if sid not in final:  # its event is fixed: a rejected id come back, kept as reviewed
                eid = conn.execute(
                    select(S.event_sources.c.event_id).where(S.event_sources.c.id == sid)
                ).scalar_one()
                self._refresh_event(conn, eid)
                final[sid] = eid
                conn.execute(
                    insert(S.merge_log),
                    dict(
                        event_id=eid,
                        source_id=sid,
                        document_id=cd.id,
                        action="create",
                        reason="the event this report founded was rejected: kept apart, as reviewed",
                        created_at=now,
                    ),
                )
        counts = Counter(final.values())
        for sid in new_sources:
            result.event_ids.append(final[sid])
            if counts[final[sid]] > 1 or self._source_count(conn, final[sid]) > 1:
                result.events_merged += 1
            else:
                result.events_new += 1
        self._write_relations(conn, cd)
        self._write_territory(conn, cd)
        return result

    def _remove_document(self, conn: Connection, document_id: str) -> tuple[int, list[int]]:
        """Delete a document and what came from it; returns how many events disappeared and the
        reports left in the events it fed (their neighbourhood is re-grouped)."""
        affected = set(
            conn.execute(
                select(S.event_sources.c.event_id).where(S.event_sources.c.document_id == document_id)
            ).scalars()
        )
        for table in (S.event_sources, S.mentions, S.sentences, S.relations, S.territory):
            conn.execute(delete(table).where(table.c.document_id == document_id))
        conn.execute(delete(S.documents).where(S.documents.c.id == document_id))
        removed = 0
        for event_id in sorted(affected):
            if self._refresh_event(conn, event_id) is None:
                removed += 1
                conn.execute(
                    insert(S.merge_log),
                    dict(
                        event_id=event_id,
                        document_id=document_id,
                        action="detach",
                        reason="its only report was replaced or removed",
                        created_at=_now(),
                    ),
                )
        remaining = list(
            conn.execute(
                select(S.event_sources.c.id)
                .where(S.event_sources.c.event_id.in_(sorted(affected)))
                .order_by(S.event_sources.c.id)
            ).scalars()
        )
        return removed, remaining

    def _write_spans(self, conn: Connection, cd: CodedDoc) -> None:
        if cd.sentences:
            conn.execute(
                insert(S.sentences),
                [
                    {"document_id": cd.id, "seq": i, "start": s, "end": e, "text": t}
                    for i, (s, e, t) in enumerate(cd.sentences)
                ],
            )
        if cd.mentions:
            conn.execute(insert(S.mentions), [{"document_id": cd.id, **m} for m in cd.mentions])

    def _write_actors(self, conn: Connection, cd: CodedDoc) -> None:
        """Upsert the document's actors, their names, and their first/last seen dates."""
        day = cd.pub_date
        for actor in cd.data.get("actors") or []:
            aid = actor.get("id")
            if not aid:
                continue
            row = conn.execute(select(S.actors).where(S.actors.c.id == aid)).mappings().first()
            info = {k: v for k, v in actor.items() if k != "mentions"}
            values = {
                "name": actor.get("name") or aid,
                "kind": actor.get("kind"),
                "sector": actor.get("sector"),
                "country": actor.get("country"),
                "wikidata": actor.get("wikidata"),
                "acled_name": actor.get("acled_name"),
                "acled_inter": actor.get("acled_inter"),
                "known": bool(actor.get("known", True)),
                "data": info,
            }
            if row is None:
                conn.execute(insert(S.actors), dict(id=aid, first_seen=day, last_seen=day, **values))
            else:
                first, last = row["first_seen"], row["last_seen"]
                if day is not None:
                    first = min(first, day) if first else day
                    last = max(last, day) if last else day
                # keep known=True once an actor has been resolved from the dictionary
                values["known"] = values["known"] or bool(row["known"])
                conn.execute(
                    update(S.actors)
                    .where(S.actors.c.id == aid)
                    .values(first_seen=first, last_seen=last, **values)
                )
            names = {(" ".join(str(actor.get("name") or aid).split()), "canonical")}
            # pronouns and descriptions ("It", "the latter") are mentions, never names of the actor
            names |= {(" ".join(a.split()), "alias") for a in actor.get("aliases") or [] if a and is_alias(a)}
            names |= {
                (" ".join(m["text"].split()), "mention")
                for m in actor.get("mentions") or []
                if m.get("text") and is_alias(m["text"])
            }
            self._add_names(conn, aid, names, day)

    def _add_names(
        self, conn: Connection, actor_id: str, names: set[tuple[str, str]], day: date | None
    ) -> None:
        existing = {
            (r.name, r.kind): r
            for r in conn.execute(select(S.actor_names).where(S.actor_names.c.actor_id == actor_id))
        }
        for name, kind in sorted(names):
            row = existing.get((name, kind))
            if row is None:
                conn.execute(
                    insert(S.actor_names),
                    dict(actor_id=actor_id, name=name, kind=kind, start_date=day, end_date=day),
                )
            elif day is not None and kind == "mention":
                # mention names are date-bounded by when they were seen
                start = min(row.start_date, day) if row.start_date else day
                end = max(row.end_date, day) if row.end_date else day
                if (start, end) != (row.start_date, row.end_date):
                    conn.execute(
                        update(S.actor_names)
                        .where(S.actor_names.c.id == row.id)
                        .values(start_date=start, end_date=end)
                    )

    def _write_relations(self, conn: Connection, cd: CodedDoc) -> None:
        rows = []
        for r in cd.data.get("relations") or []:
            if not r.get("source") or not r.get("target") or not r.get("type"):
                continue
            ev = r.get("evidence") or {}
            rows.append(
                {
                    "document_id": cd.id,
                    "source_actor": r["source"],
                    "target_actor": r["target"],
                    "type": r["type"],
                    "certainty": r.get("certainty"),
                    "role": r.get("role"),
                    "start_date": parse_date(r.get("start_date")),
                    "end_date": parse_date(r.get("end_date")),
                    "doc_date": cd.pub_date,
                    "evidence_text": ev.get("text"),
                    "evidence_start": ev.get("start"),
                    "evidence_end": ev.get("end"),
                    "reason": r.get("reason"),
                    "component": r.get("component"),
                }
            )
        if rows:
            conn.execute(insert(S.relations), rows)

    def _write_territory(self, conn: Connection, cd: CodedDoc) -> None:
        rows = []
        for t in cd.data.get("territory") or []:
            place = t.get("place") or {}
            if not t.get("actor"):
                continue
            self._upsert_place(conn, place)
            d = t.get("date") or {}
            ev = t.get("evidence") or {}
            rows.append(
                {
                    "document_id": cd.id,
                    "actor_id": t["actor"],
                    "geonameid": place.get("geonameid"),
                    "place_name": place.get("name") or place.get("text"),
                    "latitude": place.get("lat"),
                    "longitude": place.get("lon"),
                    "claim": t.get("claim") or "controls",
                    "certainty": t.get("certainty"),
                    "date_start": parse_date(d.get("start")) or cd.pub_date,
                    "date_end": parse_date(d.get("end")) or cd.pub_date,
                    "evidence_text": ev.get("text"),
                    "evidence_start": ev.get("start"),
                    "evidence_end": ev.get("end"),
                    "component": t.get("component"),
                }
            )
        if rows:
            conn.execute(insert(S.territory), rows)

    def _upsert_place(self, conn: Connection, place: dict[str, Any] | None) -> None:
        if not place or not place.get("geonameid"):
            return
        gid = int(place["geonameid"])
        if conn.execute(select(S.places.c.geonameid).where(S.places.c.geonameid == gid)).first() is not None:
            return
        conn.execute(
            insert(S.places),
            dict(
                geonameid=gid,
                name=place.get("name") or place.get("text"),
                latitude=place.get("lat"),
                longitude=place.get("lon"),
                country_code=place.get("country_code"),
                admin1=place.get("admin1"),
                admin1_code=place.get("admin1_code"),
                feature_code=place.get("feature_code"),
            ),
        )

    # ------------------------------------------------------------------ dedup
    def _insert_source(
        self, conn: Connection, cd: CodedDoc, ev: dict[str, Any], local_id: str, now: datetime
    ) -> int:
        """Store one coded event as a report of an event of its own (re-grouped next)."""
        self._upsert_place(conn, ev.get("location"))
        evid = ev.get("evidence") or {}
        d = ev.get("date") or {}
        loc = ev.get("location") or {}
        event_id = self._new_event_id(conn, cd.id, local_id)
        self._insert_event_shell(conn, event_id, ev, now)
        res = conn.execute(
            insert(S.event_sources),
            {
                "event_id": event_id,
                "document_id": cd.id,
                "local_id": local_id,
                "type": str(ev.get("type") or "OTHER"),
                "date_start": parse_date(d.get("start")),
                "date_end": parse_date(d.get("end")),
                "latitude": loc.get("lat"),
                "longitude": loc.get("lon"),
                "evidence_text": evid.get("text"),
                "evidence_start": evid.get("start"),
                "evidence_end": evid.get("end"),
                "data": ev,
                "merge_reason": None,
                "merge_score": None,
                "pinned": False,
                "created_at": now,
            },
        )
        return int(res.inserted_primary_key[0])

    @staticmethod
    def _source_count(conn: Connection, event_id: str) -> int:
        return int(
            conn.execute(select(func.count()).where(S.event_sources.c.event_id == event_id)).scalar_one()
        )

    def _free_reports(self, conn: Connection, *where: Any) -> list[Report]:
        """Reports that automatic merging may re-group: not in a rejected event, nor in an event
        an analyst has split or merged by hand (pinned reports)."""
        s, e = S.event_sources.c, S.events.c
        fixed = select(S.event_sources.c.event_id).where(S.event_sources.c.pinned.is_(True))
        q = (
            select(s.id, s.event_id, s.document_id, s.local_id, s.data, s.date_start)
            .join(S.events, e.id == s.event_id)
            .where(e.status != "rejected", e.id.not_in(fixed), *where)
        )
        return [
            Report(r.id, r.event_id, r.document_id, r.local_id, r.data or {}, r.date_start)
            for r in conn.execute(q.order_by(s.id))
        ]

    def _neighbourhood(self, conn: Connection, seeds: list[int]) -> dict[int, Report]:
        """The free reports connected to ``seeds`` by chains of possible matches."""
        cfg = self.dedup
        window = timedelta(days=cfg.days)
        s = S.event_sources.c
        found = {r.id: r for r in self._free_reports(conn, s.id.in_(seeds))} if seeds else {}
        queue = sorted(found)
        while queue and len(found) < MAX_NEIGHBOURHOOD:
            r = found[queue.pop(0)]
            key = r.key
            if key.start is None or not key.type:
                continue
            end = key.end or key.start
            for t in self._free_reports(
                conn,
                s.type.in_(sorted(cfg.types_compatible_with(key.type))),
                s.date_start <= end + window,
                func.coalesce(s.date_end, s.date_start) >= key.start - window,
                s.document_id != r.document_id,
            ):
                if t.id not in found and compare(key, t.key, cfg).ok:
                    found[t.id] = t
                    queue.append(t.id)
        return found

    def _recluster(
        self, conn: Connection, seeds: list[int], now: datetime, *, new: set[int]
    ) -> dict[int, str]:
        """Re-group the neighbourhood of ``seeds`` (see :mod:`marsad.store.cluster`); returns the
        event id of every report re-grouped. Events renamed or absorbed keep their reviews and
        history (moved to the event that holds most of their reports) and leave an alias."""
        reports = self._neighbourhood(conn, seeds)
        groups = group(list(reports.values()), self.dedup)
        before = {r.id: r.event_id for r in reports.values()}
        old_events = set(before.values())
        # each group's id: its first report's stable id (unless a fixed event holds it)
        ids: list[str] = []
        for g in groups:
            base = stable_event_id(g.members[0].document_id, g.members[0].local_id)
            cid, n = base, 1
            while cid in ids or (
                cid not in old_events
                and conn.execute(select(S.events.c.id).where(S.events.c.id == cid)).first() is not None
            ):
                n += 1
                cid = f"{base}-{n}"
            ids.append(cid)
        final = {m.id: cid for g, cid in zip(groups, ids, strict=True) for m in g.members}
        # where each former event goes: the group holding most of its reports
        target: dict[str, str] = {}
        for old in sorted(old_events):
            share = Counter(final[sid] for sid, eid in before.items() if eid == old)
            target[old] = min(share, key=lambda cid: (-share[cid], cid))
        states = {
            r.id: (r.status, r.corrections)
            for r in conn.execute(
                select(S.events.c.id, S.events.c.status, S.events.c.corrections).where(
                    S.events.c.id.in_(sorted(old_events))
                )
            )
        }
        for cid in ids:
            carriers = [old for old in sorted(old_events) if target[old] == cid and old in states]
            reviewed = [old for old in carriers if states[old][0] != "candidate" or states[old][1]]
            if cid not in states:  # a new id: the review of the former event it continues, if any
                if reviewed:
                    status, corrections = states[max(reviewed, key=lambda o: _overlap(before, final, o, cid))]
                    self._insert_event_shell(conn, cid, {}, now, review=(status, corrections))
                else:
                    self._insert_event_shell(conn, cid, {}, now)
            elif states[cid][0] == "candidate" and not states[cid][1] and reviewed:
                status, corrections = states[max(reviewed, key=lambda o: _overlap(before, final, o, cid))]
                conn.execute(
                    update(S.events)
                    .where(S.events.c.id == cid)
                    .values(status=status, corrections=corrections)
                )
        for g, cid in zip(groups, ids, strict=True):
            for i, m in enumerate(g.members):
                joined = g.reasons.get(m.id)
                reason = (
                    f"matches {joined[0].document_id}/{joined[0].local_id}: {joined[1].reason}"
                    if joined
                    else None
                )
                conn.execute(
                    update(S.event_sources)
                    .where(S.event_sources.c.id == m.id)
                    .values(
                        event_id=cid, merge_reason=reason, merge_score=joined[1].score if joined else None
                    )
                )
                if m.id in new or before[m.id] != cid:
                    action = "create" if i == 0 and len(g.members) == 1 else "merge"
                    if m.id not in new:
                        action = "regroup"
                    conn.execute(
                        insert(S.merge_log),
                        dict(
                            event_id=cid,
                            source_id=m.id,
                            document_id=m.document_id,
                            action=action,
                            reason=reason
                            or ("no stored event matched" if len(g.members) == 1 else "its earliest report"),
                            score=joined[1].score if joined else None,
                            created_at=now,
                        ),
                    )
        for old in sorted(old_events - set(ids)):
            new_id = target[old]
            for table in (S.event_reviews, S.merge_log):
                conn.execute(update(table).where(table.c.event_id == old).values(event_id=new_id))
            _alias(conn, old, new_id, now)
            self._refresh_event(conn, old)  # no report left: deleted
        for cid in ids:
            self._refresh_event(conn, cid)
        return final

    def _new_event_id(self, conn: Connection, document_id: str, local_id: str) -> str:
        base = stable_event_id(document_id, local_id)
        candidate, n = base, 1
        while conn.execute(select(S.events.c.id).where(S.events.c.id == candidate)).first() is not None:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _insert_event_shell(
        self,
        conn: Connection,
        event_id: str,
        ev: dict[str, Any],
        now: datetime,
        *,
        review: tuple[str, Any] | None = None,
    ) -> None:
        """A new events row; an event id reviewed before (its document was replaced by a corrected
        version, or it was split and merged again) gets its review back: status and corrections."""
        status, corrections = review if review is not None else _stored_review(conn, event_id)
        conn.execute(delete(S.event_aliases).where(S.event_aliases.c.old_id == event_id))  # a real id again
        conn.execute(
            insert(S.events),
            dict(
                id=event_id,
                type=ev.get("type") or "OTHER",
                data=ev,
                source_count=1,
                status=status,
                corrections=corrections or None,
                needs_review=False,
                negated=bool(ev.get("negated")),
                created_at=now,
                updated_at=now,
            ),
        )

    def _refresh_event(self, conn: Connection, event_id: str) -> dict[str, Any] | None:
        """Recompute an event's fields from its sources; delete it when none is left.

        Merged fields: the most specific date range all sources agree on (their intersection
        when not empty), the most precise located place, fatalities as a best estimate (the
        lower median of the sources' figures) with the lowest and highest figure (never their
        sum), the union of actors (an actor already a doer is never also a recipient), the
        highest confidence. An analyst's corrections are applied on top; a reviewed event whose
        reviewed fields changed is flagged ``needs_review`` with what changed.
        """
        srcs = conn.execute(  # in a canonical order: the result never depends on arrival order
            select(S.event_sources.c.data, S.event_sources.c.document_id)
            .where(S.event_sources.c.event_id == event_id)
            .order_by(S.event_sources.c.document_id, S.event_sources.c.local_id)
        ).all()
        if not srcs:
            conn.execute(delete(S.event_actors).where(S.event_actors.c.event_id == event_id))
            conn.execute(delete(S.events).where(S.events.c.id == event_id))
            return None
        evs = [s.data for s in srcs]
        rep_i = max(range(len(evs)), key=lambda i: (_specificity(evs[i]), -i))
        rep = evs[rep_i]
        merged = dict(rep)
        starts = [parse_date((e.get("date") or {}).get("start")) for e in evs]
        ends = [
            parse_date((e.get("date") or {}).get("end")) or parse_date((e.get("date") or {}).get("start"))
            for e in evs
        ]
        starts_ok = [s for s in starts if s]
        ends_ok = [e for e in ends if e]
        d_start = max(starts_ok) if starts_ok else None
        d_end = min(ends_ok) if ends_ok else None
        rep_date = dict(rep.get("date") or {})
        if d_start and d_end and d_start <= d_end:
            rep_date.update(start=d_start.isoformat(), end=d_end.isoformat())
            if len(evs) > 1:
                rep_date["granularity"] = "day" if d_start == d_end else rep_date.get("granularity")
        merged["date"] = rep_date
        located = [e.get("location") for e in evs if (e.get("location") or {}).get("lat") is not None]
        merged["location"] = (
            min(
                located,
                key=lambda p: (p.get("precision") or 2, -(p.get("score") or 0), str(p.get("geonameid"))),
            )
            if located
            else rep.get("location")
        )
        fat = sorted(int(e["fatalities"]) for e in evs if isinstance(e.get("fatalities"), int | float))
        inj = sorted(int(e["injured"]) for e in evs if isinstance(e.get("injured"), int | float))
        merged["fatalities"] = fat[(len(fat) - 1) // 2] if fat else None
        merged["injured"] = inj[(len(inj) - 1) // 2] if inj else None
        if len(evs) > 1 and fat:
            attributes = merged.get("attributes")
            merged["attributes"] = dict(attributes) if isinstance(attributes, dict) else {}
            merged["attributes"]["fatalities_range"] = {
                "low": fat[0],
                "best": merged["fatalities"],
                "high": fat[-1],
                "reason": f"{len(fat)} source figure(s) {fat}: best is their lower median, never their sum",
            }
        sides = self._aligned_sides(rep, evs)
        merged["actors"] = _union_refs(a for a, _ in sides)
        doers = {_ref_key(r) for r in merged["actors"]}
        # an actor is never on both sides (a coder that named it twice, or reports at odds)
        merged["recipients"] = [r for r in _union_refs(b for _, b in sides) if _ref_key(r) not in doers]
        confs = [float(e["confidence"]) for e in evs if isinstance(e.get("confidence"), int | float)]
        merged["confidence"] = max(confs) if confs else None

        state = conn.execute(
            select(S.events.c.status, S.events.c.corrections).where(S.events.c.id == event_id)
        ).first()
        status = state.status if state is not None else "candidate"
        coded_view = R.snapshot(merged)
        corrections = R.apply_corrections(merged, state.corrections if state is not None else None)
        needs_review, review_reason = False, None
        if status != "candidate" or corrections:
            reviewed = conn.execute(
                select(S.event_reviews.c.snapshot)
                .where(S.event_reviews.c.event_id == event_id, S.event_reviews.c.snapshot.is_not(None))
                .order_by(S.event_reviews.c.id.desc())
                .limit(1)
            ).scalar()
            if reviewed is not None and reviewed != coded_view:
                needs_review = True
                review_reason = "its sources changed since it was reviewed: " + R.changed_fields(
                    reviewed, coded_view
                )

        when = merged.get("date") or {}
        d_start = parse_date(when.get("start"))
        d_end = parse_date(when.get("end")) or d_start
        loc = merged.get("location") or {}
        acled = merged.get("acled") or {}
        week, month = _week_month(d_start)
        names = [_ref_name(r) for r in merged["actors"]] + [_ref_name(r) for r in merged["recipients"]]
        fat_values = [f for f in (merged.get("fatalities"),) if isinstance(f, int)]
        values = {
            "type": merged.get("type") or "OTHER",
            "mode": merged.get("mode"),
            "context": merged.get("context") or [],
            "acled_event_type": acled.get("event_type"),
            "acled_sub_event_type": acled.get("sub_event_type"),
            "date_start": d_start,
            "date_end": d_end,
            "granularity": when.get("granularity"),
            "week": week,
            "month": month,
            "geonameid": loc.get("geonameid"),
            "location_name": loc.get("name") or loc.get("text"),
            "latitude": loc.get("lat"),
            "longitude": loc.get("lon"),
            "country_code": loc.get("country_code"),
            "admin1": loc.get("admin1"),
            "geo_precision": loc.get("precision"),
            "fatalities": merged.get("fatalities"),
            "fatalities_low": min([*fat[:1], *fat_values]) if fat or fat_values else None,
            "fatalities_high": max([*fat[-1:], *fat_values]) if fat or fat_values else None,
            "injured": merged.get("injured"),
            "certainty": merged.get("certainty"),
            "negated": bool(merged.get("negated")),
            "confidence": merged["confidence"],
            "source_count": len({s.document_id for s in srcs}),
            "notes": (rep.get("evidence") or {}).get("text"),
            "actors_text": " | ".join(n for n in names if n) or None,
            "document_id": srcs[rep_i].document_id,
            "evidence_start": (rep.get("evidence") or {}).get("start"),
            "evidence_end": (rep.get("evidence") or {}).get("end"),
            "corrections": corrections or None,
            "needs_review": needs_review,
            "review_reason": review_reason,
            "data": merged,
            "updated_at": _now(),
        }
        conn.execute(_UPDATE_EVENT, {"event_key": event_id, **values})
        conn.execute(delete(S.event_actors).where(S.event_actors.c.event_id == event_id))
        rows = []
        seen: set[tuple[str, str]] = set()
        for role, refs in (("actor", merged["actors"]), ("recipient", merged["recipients"])):
            for ref in refs if isinstance(refs, list) else []:
                aid = ref.get("id") or _name_key(ref)
                if not aid or (aid, role) in seen:
                    continue
                seen.add((aid, role))
                rows.append(
                    {
                        "event_id": event_id,
                        "actor_id": aid,
                        "role": role,
                        "name": ref.get("name") or ref.get("text"),
                    }
                )
        if rows:
            conn.execute(insert(S.event_actors), rows)
        return merged

    def _aligned_sides(
        self, rep: dict[str, Any], evs: list[dict[str, Any]]
    ) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        """(actors, recipients) of each report, the representative's first; a report of an event
        without direction (a clash) that names the two sides the other way round is turned round."""
        from marsad.store.dedup import EventKey, sides_conflict

        out = [(list(rep.get("actors") or []), list(rep.get("recipients") or []))]
        first = EventKey.from_event(rep)
        for e in evs:
            if e is rep:
                continue
            a, b = list(e.get("actors") or []), list(e.get("recipients") or [])
            _, swapped = sides_conflict(first, EventKey.from_event(e), self.dedup)
            out.append((b, a) if swapped else (a, b))
        return out

    # ------------------------------------------------------------------ review / reversal
    def split_source(self, source_id: int, *, reason: str = "split by analyst") -> str:
        """Undo a merge: move one event source out into an event of its own (pinned so it
        is never merged back automatically). Returns the new event id."""
        with write_transaction(self.engine) as conn:
            src = (
                conn.execute(select(S.event_sources).where(S.event_sources.c.id == source_id))
                .mappings()
                .first()
            )
            if src is None:
                raise KeyError(f"no event source {source_id}")
            old = src["event_id"]
            n_sources = conn.execute(
                select(func.count()).where(S.event_sources.c.event_id == old)
            ).scalar_one()
            if n_sources < 2:
                raise ValueError(f"source {source_id} is the only report of {old}: nothing to split")
            now = _now()
            new_id = self._new_event_id(conn, src["document_id"], src["local_id"])
            self._insert_event_shell(conn, new_id, src["data"], now)
            conn.execute(
                update(S.event_sources)
                .where(S.event_sources.c.id == source_id)
                .values(event_id=new_id, pinned=True, merge_reason=None, merge_score=None)
            )
            for eid, action in ((old, "split"), (new_id, "create")):
                conn.execute(
                    insert(S.merge_log),
                    dict(
                        event_id=eid,
                        source_id=source_id,
                        document_id=src["document_id"],
                        action=action,
                        reason=reason,
                        created_at=now,
                    ),
                )
            self._refresh_event(conn, old)
            self._refresh_event(conn, new_id)
            bump_version(conn)
            return new_id

    def merge_events(self, target_id: str, other_id: str, *, reason: str = "merged by analyst") -> None:
        """Merge ``other_id`` into ``target_id`` by hand (reversible with :meth:`split_source`)."""
        with write_transaction(self.engine) as conn:
            for eid in (target_id, other_id):
                if conn.execute(select(S.events.c.id).where(S.events.c.id == eid)).first() is None:
                    raise KeyError(f"no event {eid}")
            now = _now()
            src_ids = list(
                conn.execute(
                    select(S.event_sources.c.id).where(S.event_sources.c.event_id == other_id)
                ).scalars()
            )
            conn.execute(
                update(S.event_sources)
                .where(S.event_sources.c.event_id == other_id)
                .values(event_id=target_id, merge_reason=reason, merge_score=None)
            )
            # made by hand: automatic merging leaves it as the analyst made it
            conn.execute(
                update(S.event_sources).where(S.event_sources.c.event_id == target_id).values(pinned=True)
            )
            for sid in src_ids:
                conn.execute(
                    insert(S.merge_log),
                    dict(event_id=target_id, source_id=sid, action="merge", reason=reason, created_at=now),
                )
            self._refresh_event(conn, other_id)
            self._refresh_event(conn, target_id)
            _alias(conn, other_id, target_id, now)
            bump_version(conn)

    def review(
        self,
        event_id: str,
        *,
        reviewer: str,
        status: str | None = None,
        corrections: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        """Review an event (the one operation of the CLI, the API and the web app): set its status
        (``candidate``, ``verified``, ``rejected``; rejected events never absorb merges) and/or
        correct fields by path (``fatalities``, ``acled.sub_event_type``, ``date.start``...; a
        value of None undoes a correction). Stored once in ``event_reviews`` with the event as
        reviewed; kept through re-ingests, which flag the event for re-review when they change
        what was reviewed. Returns the review as recorded; KeyError when there is no such event."""
        R.check_status(status)
        for path, value in (corrections or {}).items():
            R.check_correction(path, value)
        with write_transaction(self.engine) as conn:
            row = (
                conn.execute(
                    select(S.events.c.status, S.events.c.corrections).where(S.events.c.id == event_id)
                )
                .mappings()
                .first()
            )
            if row is None:
                alias = conn.execute(
                    select(S.event_aliases.c.new_id).where(S.event_aliases.c.old_id == event_id)
                ).scalar()
                row = (
                    conn.execute(
                        select(S.events.c.status, S.events.c.corrections).where(S.events.c.id == alias)
                    )
                    .mappings()
                    .first()
                    if alias
                    else None
                )
                if row is None:
                    raise KeyError(f"no event {event_id}")
                event_id = alias  # an id the event had before a re-grouping renamed it
            stored = dict(row["corrections"] or {})
            changes: dict[str, list[Any]] = {}
            for path, value in (corrections or {}).items():
                item = stored.get(path)
                current = self._current_value(conn, event_id, path)
                if value is None:
                    if item is not None:
                        stored.pop(path)
                        changes[path] = [current, item.get("coded")]
                    continue
                if current != value:
                    changes[path] = [current, value]
                    stored[path] = {"value": value, "coded": item.get("coded") if item else current}
            now = _now()
            conn.execute(
                update(S.events)
                .where(S.events.c.id == event_id)
                .values(status=status or row["status"], corrections=stored or None, updated_at=now)
            )
            merged = self._refresh_event(conn, event_id) or {}
            record = {
                "event_id": event_id,
                "at": now,
                "reviewer": R.clean_text(reviewer or "unknown")[:200],
                "status_from": row["status"],
                "status_to": status or row["status"],
                "changes": changes,
                "note": R.clean_text(note) if note else None,
                "snapshot": R.snapshot(R.original(merged, stored)),
            }
            conn.execute(insert(S.event_reviews), record)
            # reviewed now: what changed before this review is settled
            conn.execute(
                update(S.events)
                .where(S.events.c.id == event_id)
                .values(needs_review=False, review_reason=None)
            )
            bump_version(conn)
        return {**record, "at": now.isoformat()}

    @staticmethod
    def _current_value(conn: Connection, event_id: str, path: str) -> Any:
        data = conn.execute(select(S.events.c.data).where(S.events.c.id == event_id)).scalar() or {}
        return R.get_path(data, path)

    def set_event_status(
        self, event_id: str, status: str, note: str | None = None, *, reviewer: str = "cli"
    ) -> None:
        """Set an event's review status (see :meth:`review`)."""
        self.review(event_id, reviewer=reviewer, status=status, note=note)

    # ------------------------------------------------------------------ queries
    # (the query layer is marsad.store.queries: the CLI, the exports and the API share it)
    def resolve_actor_ids(self, conn: Connection, actor: str) -> set[str]:
        """Actor ids an ``--actor`` value may mean (see :func:`marsad.store.queries.resolve_actor_ids`)."""
        return Q.resolve_actor_ids(conn, actor)

    def resolve_place(self, conn: Connection, place: str) -> tuple[float, float] | None:
        """``lat,lon`` or a place name/GeoNames id known to the store → (lat, lon)."""
        return Q.resolve_place(conn, place)

    def events(
        self,
        *,
        limit: int | None = 100,
        offset: int = 0,
        sort: str = "-date",
        with_sources: bool = True,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Events matching all the given filters (:class:`marsad.store.queries.EventFilters`:
        ``actor``, ``type``, ``sub_event_type``, ``country``, ``admin1``, ``since``, ``until``,
        ``min_confidence``, ``certainty``, ``bbox``, ``status``, ``geonameid``, ``document``, ``q``,
        ``min_sources``, ``needs_review``, ``near`` with ``km``), newest first.
        Each dict is shaped like ``Event.to_dict()`` plus ``source_count``, ``sources``,
        ``status``, ``latitude``, ``longitude``, ``first_seen``/``updated``.
        """
        f = Q.EventFilters.make(**filters)
        with self.engine.connect() as conn:
            rows = Q.select_events(conn, f, sort=sort, limit=limit, offset=offset)
            sources = self._sources_for(conn, [r["id"] for r in rows], full=False) if with_sources else {}
            return [self._event_dict(r, sources.get(r["id"], [])) for r in rows]

    def event_rows(
        self, *, limit: int | None = 100, offset: int = 0, sort: str = "-date", **filters: Any
    ) -> list[dict[str, Any]]:
        """Flat event rows (:data:`marsad.store.queries.ROW_FIELDS`): the CSV of the CLI and the API."""
        f = Q.EventFilters.make(**filters)
        with self.engine.connect() as conn:
            return Q.rows(conn, f, sort=sort, limit=limit, offset=offset)

    def count_events(self, **filters: Any) -> int:
        """How many events match the filters of :meth:`events`."""
        f = Q.EventFilters.make(**filters)
        with self.engine.connect() as conn:
            return Q.count(conn, f)

    def iter_events(self, batch: int = 1000, **filters: Any) -> Iterator[dict[str, Any]]:
        """All matching events, streamed in batches (for exports)."""
        offset = 0
        while True:
            page = self.events(limit=batch, offset=offset, **filters)
            yield from page
            if len(page) < batch:
                return
            offset += batch

    def _sources_for(
        self, conn: Connection, event_ids: list[str], *, full: bool
    ) -> dict[str, list[dict[str, Any]]]:
        if not event_ids:
            return {}
        s, d = S.event_sources.c, S.documents.c
        cols = [
            s.id,
            s.event_id,
            s.document_id,
            s.local_id,
            s.evidence_text,
            s.evidence_start,
            s.evidence_end,
            s.merge_reason,
            s.merge_score,
            s.pinned,
            s.type,
            s.date_start,
            s.date_end,
            d.url,
            d.title,
            d.publication,
            d.pub_date,
        ]
        if full:
            cols.append(s.data)
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for i in range(0, len(event_ids), 500):
            q = (
                select(*cols)
                .join(S.documents, S.documents.c.id == s.document_id)
                .where(s.event_id.in_(event_ids[i : i + 500]))
            )
            for r in conn.execute(q.order_by(s.id)).mappings():
                item = {
                    "source_id": r["id"],
                    "document_id": r["document_id"],
                    "event_local_id": r["local_id"],
                    "url": r["url"],
                    "title": r["title"],
                    "publication": r["publication"],
                    "document_date": r["pub_date"].isoformat() if r["pub_date"] else None,
                    "evidence": {
                        "text": r["evidence_text"],
                        "start": r["evidence_start"],
                        "end": r["evidence_end"],
                    },
                    "merge_reason": r["merge_reason"],
                    "merge_score": r["merge_score"],
                    "pinned": bool(r["pinned"]),
                }
                if full:
                    item["type"] = r["type"]
                    item["date"] = {"start": _iso(r["date_start"]), "end": _iso(r["date_end"])}
                    item["event"] = r["data"]
                out[r["event_id"]].append(item)
        return out

    @staticmethod
    def _event_dict(row: Any, sources: list[dict[str, Any]]) -> dict[str, Any]:
        d = dict(row["data"] or {})
        d["id"] = row["id"]
        d["source_count"] = row["source_count"]
        d["sources"] = sources
        # "status" here is the review status; how the text presented the event is kept apart
        d["mention_status"] = d.pop("status", None)
        d["status"] = row["status"]
        d["needs_review"] = bool(row["needs_review"])
        d["review_reason"] = row["review_reason"]
        d["corrections"] = row["corrections"] or {}
        d["fatalities_low"] = row["fatalities_low"]
        d["fatalities_high"] = row["fatalities_high"]
        d["latitude"] = row["latitude"]
        d["longitude"] = row["longitude"]
        d["first_seen"] = row["created_at"].isoformat() if row["created_at"] else None
        d["updated"] = row["updated_at"].isoformat() if row["updated_at"] else None
        return d

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with all its sources (evidence spans, each report as coded, why it merged),
        its reviews and its history (merges, splits, reviews, in order); None when there is no
        such event."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.events).where(S.events.c.id == event_id)).mappings().first()
            if row is None:  # an id the event had before a re-grouping renamed it
                alias = conn.execute(
                    select(S.event_aliases.c.new_id).where(S.event_aliases.c.old_id == event_id)
                ).scalar()
                if alias is None:
                    return None
                found = self.event(alias)
                return {**found, "alias_of": event_id} if found else None
            d = self._event_dict(row, self._sources_for(conn, [event_id], full=True).get(event_id, []))
            d["reviews"] = event_reviews(conn, event_id)
            log = conn.execute(
                select(S.merge_log).where(S.merge_log.c.event_id == event_id).order_by(S.merge_log.c.id)
            ).mappings()
            history = [
                {
                    "action": r["action"],
                    "source_id": r["source_id"],
                    "document_id": r["document_id"],
                    "reason": r["reason"],
                    "score": r["score"],
                    "at": r["created_at"].isoformat(),
                }
                for r in log
                if r["action"] != "review"
            ]
            history += [
                {
                    "action": "review",
                    "source_id": None,
                    "document_id": None,
                    "reason": _review_line(r),
                    "score": None,
                    "at": r["at"],
                    "reviewer": r["reviewer"],
                }
                for r in d["reviews"]
            ]
            d["history"] = sorted(history, key=lambda h: h["at"])
            return d

    def actors(
        self, *, q: str | None = None, known: bool | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Canonical actors (optionally whose name or alias contains ``q``), by number of events."""
        with self.engine.connect() as conn:
            return Q.actor_rows(conn, q=q, known=known, limit=limit, offset=offset)[1]

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        """One actor: its record, names (with the dates they were seen), event count,
        relations and territorial claims; None when unknown."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.actors).where(S.actors.c.id == actor_id)).mappings().first()
            if row is None:
                return None
            d = Q.actor_summary(row)
            d["names"] = Q.actor_names(conn, actor_id)
            d["event_count"] = int(
                conn.execute(
                    select(func.count(func.distinct(S.event_actors.c.event_id))).where(
                        S.event_actors.c.actor_id == actor_id
                    )
                ).scalar_one()
            )
            d["mention_count"] = int(
                conn.execute(select(func.count()).where(S.mentions.c.actor_id == actor_id)).scalar_one()
            )
            d["data"] = row["data"]
        g = self.graph(actor=actor_id, depth=1)
        d["edges"] = g["edges"]
        d["territory"] = [t for t in g["territory"] if t["actor"] == actor_id]
        return d

    def unknown_actors(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Actors not in the actor dictionary (``known`` false) and unresolved mentions,
        grouped by text, most frequent first: {text, actor_id, count, documents, examples}."""
        with self.engine.connect() as conn:
            out: list[dict[str, Any]] = []
            for r in conn.execute(select(S.actors).where(S.actors.c.known.is_(False))).mappings():
                n = conn.execute(
                    select(func.count(), func.count(func.distinct(S.mentions.c.document_id))).where(
                        S.mentions.c.actor_id == r["id"]
                    )
                ).one()
                out.append(
                    {
                        "text": r["name"],
                        "actor_id": r["id"],
                        "count": int(n[0]),
                        "documents": int(n[1]),
                        "kind": r["kind"],
                        "reason": "not in the actor dictionary",
                    }
                )
            m = S.mentions.c
            q = (
                select(
                    m.text, func.count().label("n"), func.count(func.distinct(m.document_id)).label("docs")
                )
                .where(m.actor_id.is_(None))
                .group_by(m.text)
                .order_by(func.count().desc())
                .limit(limit)
            )
            for r in conn.execute(q):
                out.append(
                    {
                        "text": r.text,
                        "actor_id": None,
                        "count": int(r.n),
                        "documents": int(r.docs),
                        "kind": None,
                        "reason": "mention not resolved to an actor",
                    }
                )
        out.sort(key=lambda x: (-x["count"], x["text"] or ""))
        return out[:limit]

    def place(self, geonameid: int) -> dict[str, Any] | None:
        """A GeoNames place the store knows (see :func:`marsad.store.queries.place`)."""
        with self.engine.connect() as conn:
            return Q.place(conn, geonameid)

    def documents(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stored documents (metadata only), newest first."""
        d = S.documents.c
        with self.engine.connect() as conn:
            q = select(
                d.id,
                d.url,
                d.title,
                d.publication,
                d.pub_date,
                d.revision,
                d.content_hash,
                d.ingested_at,
                d.updated_at,
            )
            rows = conn.execute(q.order_by(d.pub_date.desc(), d.id).offset(offset).limit(limit)).mappings()
            return [
                {k: (_iso(v) if isinstance(v, date | datetime) else v) for k, v in r.items()} for r in rows
            ]

    def document(self, document_id: str) -> dict[str, Any] | None:
        """A stored coded document (``Document.to_dict()`` plus ``text`` when stored, ``revision``,
        ``event_ids``), None when absent."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.documents).where(S.documents.c.id == document_id)).mappings().first()
            if row is None:
                return None
            d = dict(row["data"])
            d["text"] = row["text"]
            d["revision"] = row["revision"]
            d["event_ids"] = sorted(
                set(
                    conn.execute(
                        select(S.event_sources.c.event_id).where(S.event_sources.c.document_id == document_id)
                    ).scalars()
                )
            )
            d["revisions"] = [
                {
                    "document_id": r.document_id,
                    "revision": r.revision,
                    "content_hash": r.content_hash,
                    "replaced_at": r.replaced_at.isoformat(),
                }
                for r in conn.execute(
                    select(S.document_revisions).where(
                        or_(
                            S.document_revisions.c.superseded_by == document_id,
                            S.document_revisions.c.document_id == document_id,
                        )
                    )
                )
            ]
            return d

    def graph(self, actor: str | None = None, **options: Any) -> dict[str, Any]:
        """The actor graph (see :func:`marsad.graph.build.actor_graph` for options and shape)."""
        from marsad.graph.build import actor_graph

        return actor_graph(self, actor=actor, **options)

    def timeline(
        self, bucket: str = "month", by: str = "type", *, top: int | None = None, **filters: Any
    ) -> dict[str, Any]:
        """Event counts per time bucket and series (see :func:`marsad.store.queries.timeline`)."""
        f = Q.EventFilters.make(**filters)
        with self.engine.connect() as conn:
            return Q.timeline(conn, f, bucket=bucket, by=by, top=top)

    def stats(self) -> dict[str, Any]:
        """Counts of everything (see :func:`marsad.store.queries.stats`), with the database."""
        with self.engine.connect() as conn:
            return {"db": self.url, "dialect": self.dialect, **Q.stats(conn)}

    def data_version(self) -> int:
        """The store's write counter (raised by every write; caches are valid while it holds)."""
        with self.engine.connect() as conn:
            return data_version(conn)


# ---------------------------------------------------------------------- helpers
def data_version(conn: Connection) -> int:
    """The store's write counter (``store_meta.version``)."""
    return int(
        conn.execute(select(S.store_meta.c.value).where(S.store_meta.c.key == "version")).scalar() or 0
    )


def bump_version(conn: Connection) -> None:
    """Raise the write counter, in the writing transaction."""
    m = S.store_meta.c
    if conn.execute(update(S.store_meta).where(m.key == "version").values(value=m.value + 1)).rowcount == 0:
        conn.execute(insert(S.store_meta).values(key="version", value=1))


def event_reviews(conn: Connection, event_id: str) -> list[dict[str, Any]]:
    """An event's reviews, oldest first: who, when, status before and after, changes, note."""
    r = S.event_reviews.c
    return [
        {
            "id": x.id,
            "at": x.at.isoformat(),
            "reviewer": x.reviewer,
            "status_from": x.status_from,
            "status_to": x.status_to,
            "changes": x.changes or {},
            "note": x.note,
        }
        for x in conn.execute(select(S.event_reviews).where(r.event_id == event_id).order_by(r.id))
    ]


def _review_line(r: dict[str, Any]) -> str:
    parts = [f"{r['reviewer']}: {r['status_from']} → {r['status_to']}"]
    parts += [f"{k} {old} → {new}" for k, (old, new) in sorted((r["changes"] or {}).items())]
    if r.get("note"):
        parts.append(f"note: {r['note']}")
    return "; ".join(parts)


def _stored_review(conn: Connection, event_id: str) -> tuple[str, dict[str, Any]]:
    """The status and corrections the reviews of ``event_id`` left (an event id that comes back)."""
    status, corrections = "candidate", {}
    r = S.event_reviews.c
    for x in conn.execute(select(r.status_to, r.changes).where(r.event_id == event_id).order_by(r.id)):
        status = x.status_to or status
        for path, change in (x.changes or {}).items():
            new = change[1] if isinstance(change, list) and len(change) == 2 else None
            if new is None:
                corrections.pop(path, None)
            else:
                corrections[path] = {"value": new, "coded": None}
    return status, corrections


def _alias(conn: Connection, old: str, new: str, now: datetime) -> None:
    """Record that the event ``old`` lives on as ``new`` (and so do the ids it had before)."""
    conn.execute(update(S.event_aliases).where(S.event_aliases.c.new_id == old).values(new_id=new))
    conn.execute(delete(S.event_aliases).where(S.event_aliases.c.old_id == old))
    conn.execute(insert(S.event_aliases), {"old_id": old, "new_id": new, "created_at": now})


def _overlap(before: dict[int, str], final: dict[int, str], old: str, cid: str) -> int:
    """How many reports of the former event ``old`` the event ``cid`` holds now."""
    return sum(1 for sid, eid in before.items() if eid == old and final[sid] == cid)


def _week_month(d: date | None) -> tuple[str | None, str | None]:
    if d is None:
        return None, None
    return (d - timedelta(days=d.weekday())).isoformat(), d.replace(day=1).isoformat()


def _ref_key(ref: dict[str, Any]) -> str:
    return ref.get("id") or _name_key(ref) or ""


def _ref_name(ref: dict[str, Any]) -> str:
    return str(ref.get("name") or ref.get("text") or ref.get("id") or "")


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _specificity(ev: dict[str, Any]) -> tuple[int, int, float]:
    """How specific a report is (to choose the representative one): day date, located place, confidence."""
    d = ev.get("date") or {}
    loc = ev.get("location") or {}
    return (
        1 if d.get("start") and d.get("start") == d.get("end") else 0,
        1 if loc.get("lat") is not None else 0,
        float(ev.get("confidence") or 0),
    )


def _name_key(ref: dict[str, Any]) -> str | None:
    name = ref.get("name") or ref.get("text")
    return f"name:{fold_name(name)}" if name and fold_name(name) else None


def _union_refs(groups: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for refs in groups:
        for ref in refs:
            k = ref.get("id") or _name_key(ref) or ""
            if k and k not in seen:
                seen.add(k)
                out.append(ref)
    return out
