"""The store: coded documents in, a deduplicated record of events, actors and claims out.

``Store.open(url_or_path)`` opens (and migrates) a SQLite file or a PostgreSQL database;
``store.ingest(doc)`` adds one coded document in one transaction; the query methods return
plain dicts (JSON-ready) used by the CLI, the exports and the REST API.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, bindparam, create_engine, delete, event, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine

from marsad.actors.aliases import is_alias
from marsad.model import Document
from marsad.store import schema as S
from marsad.store.dedup import DedupConfig, EventKey, Match, compare, fold_name, haversine_km
from marsad.store.locking import BUSY_TIMEOUT_S, configure_sqlite, transient, write_transaction
from marsad.store.owner import owner_alive, process_owner
from marsad.store.records import CodedDoc, coded_doc, parse_date

EVENT_STATUSES = ("new", "confirmed", "rejected")
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
            removed = self._remove_document(conn, existing["id"])
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
        for n, ev in enumerate(data.get("events") or [], 1):
            local_id = str(ev.get("id") or f"e{n}")
            if local_id in seen_local:  # a coder that repeats an id must not lose the event
                local_id = f"{local_id}#{n}"
            seen_local.add(local_id)
            event_id, merged = self._add_event_source(conn, cd, ev, local_id, now)
            result.event_ids.append(event_id)
            if merged:
                result.events_merged += 1
            else:
                result.events_new += 1
        self._write_relations(conn, cd)
        self._write_territory(conn, cd)
        return result

    def _remove_document(self, conn: Connection, document_id: str) -> int:
        """Delete a document and what came from it; returns how many events disappeared."""
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
        return removed

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
    def _add_event_source(
        self, conn: Connection, cd: CodedDoc, ev: dict[str, Any], local_id: str, now: datetime
    ) -> tuple[str, bool]:
        """Store one coded event: merge it into a matching event or found a new one."""
        self._upsert_place(conn, ev.get("location"))
        key = EventKey.from_event(ev)
        best = self._best_match(conn, key, cd.id)
        evid = ev.get("evidence") or {}
        d = ev.get("date") or {}
        loc = ev.get("location") or {}
        source = {
            "document_id": cd.id,
            "local_id": local_id,
            "type": key.type,
            "date_start": parse_date(d.get("start")),
            "date_end": parse_date(d.get("end")),
            "latitude": loc.get("lat"),
            "longitude": loc.get("lon"),
            "evidence_text": evid.get("text"),
            "evidence_start": evid.get("start"),
            "evidence_end": evid.get("end"),
            "data": ev,
            "pinned": False,
            "created_at": now,
        }
        if best is not None:
            event_id, match = best
            res = conn.execute(
                insert(S.event_sources),
                dict(event_id=event_id, merge_reason=match.reason, merge_score=match.score, **source),
            )
            conn.execute(
                insert(S.merge_log),
                dict(
                    event_id=event_id,
                    source_id=res.inserted_primary_key[0],
                    document_id=cd.id,
                    action="merge",
                    reason=match.reason,
                    score=match.score,
                    created_at=now,
                ),
            )
            self._refresh_event(conn, event_id)
            return event_id, True
        event_id = self._new_event_id(conn, cd.id, local_id)
        self._insert_event_shell(conn, event_id, ev, now)
        res = conn.execute(
            insert(S.event_sources), dict(event_id=event_id, merge_reason=None, merge_score=None, **source)
        )
        conn.execute(
            insert(S.merge_log),
            dict(
                event_id=event_id,
                source_id=res.inserted_primary_key[0],
                document_id=cd.id,
                action="create",
                reason="no stored event matched",
                created_at=now,
            ),
        )
        self._refresh_event(conn, event_id)
        return event_id, False

    def _new_event_id(self, conn: Connection, document_id: str, local_id: str) -> str:
        base = stable_event_id(document_id, local_id)
        candidate, n = base, 1
        while conn.execute(select(S.events.c.id).where(S.events.c.id == candidate)).first() is not None:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _insert_event_shell(self, conn: Connection, event_id: str, ev: dict[str, Any], now: datetime) -> None:
        conn.execute(
            insert(S.events),
            dict(
                id=event_id,
                type=ev.get("type") or "OTHER",
                data=ev,
                source_count=1,
                status="new",
                negated=bool(ev.get("negated")),
                created_at=now,
                updated_at=now,
            ),
        )

    def _best_match(self, conn: Connection, key: EventKey, document_id: str) -> tuple[str, Match] | None:
        """The stored event this one most likely reports, if any passes the threshold."""
        if key.start is None or not key.type:
            return None
        cfg = self.dedup
        window = timedelta(days=cfg.days)
        end = key.end or key.start
        e = S.events.c
        q = select(
            e.id,
            e.type,
            e.date_start,
            e.date_end,
            e.latitude,
            e.longitude,
            e.geonameid,
            e.country_code,
            e.geo_precision,
            e.location_name,
            e.negated,
            e.data,
        ).where(
            e.type.in_(sorted(cfg.types_compatible_with(key.type))),
            e.date_start <= end + window,
            e.date_end >= key.start - window,
            e.status != "rejected",
        )
        if key.lat is not None and key.lon is not None and not key.broad_place:
            dlat = cfg.km / 111.0 + 0.01
            dlon = cfg.km / (111.0 * max(0.05, math.cos(math.radians(key.lat)))) + 0.01
            q = q.where(
                or_(
                    e.latitude.is_(None),
                    e.geo_precision >= 3,
                    and_(
                        e.latitude.between(key.lat - dlat, key.lat + dlat),
                        e.longitude.between(key.lon - dlon, key.lon + dlon),
                    ),
                )
            )
        rows = conn.execute(q.limit(500)).mappings().all()
        if not rows:
            return None
        ids = [r["id"] for r in rows]
        same_doc = set(
            conn.execute(
                select(S.event_sources.c.event_id).where(
                    S.event_sources.c.event_id.in_(ids), S.event_sources.c.document_id == document_id
                )
            ).scalars()
        )
        pinned = set(
            conn.execute(
                select(S.event_sources.c.event_id).where(
                    S.event_sources.c.event_id.in_(ids), S.event_sources.c.pinned.is_(True)
                )
            ).scalars()
        )
        best: tuple[str, Match] | None = None
        for r in rows:
            if r["id"] in same_doc or r["id"] in pinned:
                continue
            other = self._stored_key(r)
            m = compare(key, other, cfg)
            if m.ok and (best is None or m.score > best[1].score):
                best = (r["id"], m)
        return best

    @staticmethod
    def _stored_key(row: Any) -> EventKey:
        """The dedup key of a stored event: its merged data, with the merged columns."""
        key = EventKey.from_event(row["data"] or {})
        key.type = row["type"]
        key.start, key.end = row["date_start"], row["date_end"] or row["date_start"]
        key.lat, key.lon, key.geonameid, key.country = (
            row["latitude"],
            row["longitude"],
            row["geonameid"],
            row["country_code"],
        )
        key.broad_place = key.broad_place or (row["geo_precision"] or 0) >= 3
        key.place_name = row["location_name"]
        key.negated = bool(row["negated"])
        return key

    def _refresh_event(self, conn: Connection, event_id: str) -> dict[str, Any] | None:
        """Recompute an event's fields from its sources; delete it when none is left.

        Merged fields: the most specific date range all sources agree on (their intersection
        when not empty), the most precise located place, the lowest reported fatality count
        (ACLED's conservative rule), the union of actors, the highest confidence.
        """
        srcs = conn.execute(
            select(S.event_sources.c.data, S.event_sources.c.document_id)
            .where(S.event_sources.c.event_id == event_id)
            .order_by(S.event_sources.c.id)
        ).all()
        if not srcs:
            conn.execute(delete(S.event_actors).where(S.event_actors.c.event_id == event_id))
            conn.execute(delete(S.events).where(S.events.c.id == event_id))
            return None
        evs = [s.data for s in srcs]
        rep_i = max(range(len(evs)), key=lambda i: _specificity(evs[i]))
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
        else:
            d_start, d_end = (
                parse_date(rep_date.get("start")),
                parse_date(rep_date.get("end")) or parse_date(rep_date.get("start")),
            )
        merged["date"] = rep_date
        located = [e.get("location") for e in evs if (e.get("location") or {}).get("lat") is not None]
        loc = (
            min(located, key=lambda p: (p.get("precision") or 2, -(p.get("score") or 0)))
            if located
            else rep.get("location")
        )
        merged["location"] = loc
        fat = [e.get("fatalities") for e in evs if e.get("fatalities") is not None]
        inj = [e.get("injured") for e in evs if e.get("injured") is not None]
        merged["fatalities"] = min(fat) if fat else None
        merged["injured"] = min(inj) if inj else None
        merged["actors"] = _union_refs(e.get("actors") or [] for e in evs)
        merged["recipients"] = _union_refs(e.get("recipients") or [] for e in evs)
        conf = max(float(e.get("confidence") or 0) for e in evs)
        merged["confidence"] = conf
        loc = loc or {}
        acled = rep.get("acled") or {}
        values = {
            "type": rep.get("type") or "OTHER",
            "mode": rep.get("mode"),
            "context": rep.get("context") or [],
            "acled_event_type": acled.get("event_type"),
            "acled_sub_event_type": acled.get("sub_event_type"),
            "date_start": d_start,
            "date_end": d_end,
            "granularity": rep_date.get("granularity"),
            "geonameid": loc.get("geonameid"),
            "location_name": loc.get("name") or loc.get("text"),
            "latitude": loc.get("lat"),
            "longitude": loc.get("lon"),
            "country_code": loc.get("country_code"),
            "admin1": loc.get("admin1"),
            "geo_precision": loc.get("precision"),
            "fatalities": merged["fatalities"],
            "injured": merged["injured"],
            "certainty": rep.get("certainty"),
            "negated": bool(rep.get("negated")),
            "confidence": conf,
            "source_count": len({s.document_id for s in srcs}),
            "notes": (rep.get("evidence") or {}).get("text"),
            "document_id": srcs[rep_i].document_id,
            "evidence_start": (rep.get("evidence") or {}).get("start"),
            "evidence_end": (rep.get("evidence") or {}).get("end"),
            "data": merged,
            "updated_at": _now(),
        }
        conn.execute(_UPDATE_EVENT, {"event_key": event_id, **values})
        conn.execute(delete(S.event_actors).where(S.event_actors.c.event_id == event_id))
        rows = []
        seen: set[tuple[str, str]] = set()
        for role, refs in (("actor", merged["actors"]), ("recipient", merged["recipients"])):
            for ref in refs:
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
            for sid in src_ids:
                conn.execute(
                    insert(S.merge_log),
                    dict(event_id=target_id, source_id=sid, action="merge", reason=reason, created_at=now),
                )
            self._refresh_event(conn, other_id)
            self._refresh_event(conn, target_id)

    def set_event_status(self, event_id: str, status: str, note: str | None = None) -> None:
        """Review an event: ``new``, ``confirmed`` or ``rejected`` (rejected events never absorb merges)."""
        if status not in EVENT_STATUSES:
            raise ValueError(f"status must be one of {EVENT_STATUSES}")
        with write_transaction(self.engine) as conn:
            res = conn.execute(
                update(S.events).where(S.events.c.id == event_id).values(status=status, updated_at=_now())
            )
            if res.rowcount == 0:
                raise KeyError(f"no event {event_id}")
            conn.execute(
                insert(S.merge_log),
                dict(event_id=event_id, action="review", reason=note or status, created_at=_now()),
            )

    # ------------------------------------------------------------------ queries
    def resolve_actor_ids(self, conn: Connection, actor: str) -> set[str]:
        """Actor ids an ``--actor`` value may mean: an id, a canonical name, an alias or a mention
        text of a known actor, or the (folded) name of an unresolved one."""
        low = actor.lower()
        ids = set(
            conn.execute(
                select(S.actors.c.id).where(or_(S.actors.c.id == actor, func.lower(S.actors.c.name) == low))
            ).scalars()
        )
        ids |= set(
            conn.execute(
                select(S.actor_names.c.actor_id).where(func.lower(S.actor_names.c.name) == low)
            ).scalars()
        )
        ids.add(actor)
        ids |= _dictionary_ids(actor)
        folded = fold_name(actor)
        if folded:
            ids.add(f"name:{folded}")  # an unresolved actor, keyed by its folded name
        return ids

    def resolve_place(self, conn: Connection, place: str) -> tuple[float, float] | None:
        """``lat,lon`` or a place name/GeoNames id known to the store → (lat, lon)."""
        parts = place.replace(" ", "").split(",")
        if len(parts) == 2:
            try:
                return float(parts[0]), float(parts[1])
            except ValueError:
                pass
        p = S.places.c
        cond = p.geonameid == int(place) if place.isdigit() else func.lower(p.name) == place.lower()
        row = conn.execute(select(p.latitude, p.longitude).where(cond, p.latitude.is_not(None))).first()
        if row is None:
            e = S.events.c
            row = conn.execute(
                select(e.latitude, e.longitude)
                .where(func.lower(e.location_name) == place.lower(), e.latitude.is_not(None))
                .limit(1)
            ).first()
        return (row[0], row[1]) if row else None

    def _event_conditions(self, conn: Connection, f: dict[str, Any]) -> list[Any]:
        e = S.events.c
        cond: list[Any] = []
        if f.get("actor"):
            ids = self.resolve_actor_ids(conn, f["actor"])
            cond.append(
                e.id.in_(select(S.event_actors.c.event_id).where(S.event_actors.c.actor_id.in_(sorted(ids))))
            )
        if f.get("type"):
            types = [t.strip() for t in str(f["type"]).split(",") if t.strip()]
            cond.append(
                or_(
                    e.type.in_([t.upper() for t in types]),
                    e.acled_sub_event_type.in_(types),
                    e.acled_event_type.in_(types),
                )
            )
        if f.get("country"):
            cond.append(e.country_code == country_alpha2(f["country"]))
        if f.get("since"):
            cond.append(e.date_end >= parse_date(f["since"]))
        if f.get("until"):
            cond.append(e.date_start <= parse_date(f["until"]))
        if f.get("status"):
            cond.append(e.status == f["status"])
        if f.get("min_sources"):
            cond.append(e.source_count >= int(f["min_sources"]))
        if f.get("document"):
            cond.append(
                e.id.in_(
                    select(S.event_sources.c.event_id).where(S.event_sources.c.document_id == f["document"])
                )
            )
        if f.get("q"):
            cond.append(func.lower(e.notes).contains(str(f["q"]).lower()))
        return cond

    def events(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        country: str | None = None,
        near: str | tuple[float, float] | None = None,
        km: float = 50.0,
        since: str | date | None = None,
        until: str | date | None = None,
        status: str | None = None,
        min_sources: int | None = None,
        document: str | None = None,
        q: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        with_sources: bool = True,
    ) -> list[dict[str, Any]]:
        """Events matching all the given filters, newest first.

        ``actor``: id, name, alias or mention text; ``type``: PLOVER type(s) (comma list) or
        ACLED (sub-)event type; ``country``: ISO alpha-2/alpha-3 or name; ``near``: a place
        name known to the store, a GeoNames id or ``"lat,lon"``, with ``km``; ``since``/``until``:
        ISO dates (an event matches when its date range overlaps them).
        Each dict is shaped like ``Event.to_dict()`` plus ``source_count``, ``sources``,
        ``status``, ``latitude``, ``longitude``, ``first_seen``/``updated``.
        """
        filters = {
            "actor": actor,
            "type": type,
            "country": country,
            "since": since,
            "until": until,
            "status": status,
            "min_sources": min_sources,
            "document": document,
            "q": q,
        }
        with self.engine.connect() as conn:
            cond = self._event_conditions(conn, filters)
            e = S.events.c
            query = select(S.events).where(*cond).order_by(e.date_start.desc(), e.id)
            center = None
            if near is not None:
                center = near if isinstance(near, tuple) else self.resolve_place(conn, near)
                if center is None:
                    raise LookupError(
                        f"unknown place: {near!r} (give a place in the store, a GeoNames id or 'lat,lon')"
                    )
                dlat = km / 111.0
                dlon = km / (111.0 * max(0.05, math.cos(math.radians(center[0]))))
                query = query.where(
                    e.latitude.between(center[0] - dlat, center[0] + dlat),
                    e.longitude.between(center[1] - dlon, center[1] + dlon),
                )
            else:
                if offset:
                    query = query.offset(offset)
                if limit is not None:
                    query = query.limit(limit)
            rows = conn.execute(query).mappings().all()
            if center is not None:
                rows = [
                    r for r in rows if haversine_km(center[0], center[1], r["latitude"], r["longitude"]) <= km
                ]
                rows = rows[offset : (offset + limit) if limit is not None else None]
            sources = self._sources_for(conn, [r["id"] for r in rows], full=False) if with_sources else {}
            return [self._event_dict(r, sources.get(r["id"], [])) for r in rows]

    def count_events(self, **filters: Any) -> int:
        """How many events match the filters of :meth:`events` (``near`` not supported)."""
        with self.engine.connect() as conn:
            cond = self._event_conditions(conn, filters)
            return int(conn.execute(select(func.count()).select_from(S.events).where(*cond)).scalar_one())

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
        d["latitude"] = row["latitude"]
        d["longitude"] = row["longitude"]
        d["first_seen"] = row["created_at"].isoformat() if row["created_at"] else None
        d["updated"] = row["updated_at"].isoformat() if row["updated_at"] else None
        return d

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with all its sources (evidence spans, each report as coded, why it merged)
        and its merge history; None when there is no such event."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.events).where(S.events.c.id == event_id)).mappings().first()
            if row is None:
                return None
            d = self._event_dict(row, self._sources_for(conn, [event_id], full=True).get(event_id, []))
            log = conn.execute(
                select(S.merge_log).where(S.merge_log.c.event_id == event_id).order_by(S.merge_log.c.id)
            ).mappings()
            d["history"] = [
                {
                    "action": r["action"],
                    "source_id": r["source_id"],
                    "document_id": r["document_id"],
                    "reason": r["reason"],
                    "score": r["score"],
                    "at": r["created_at"].isoformat(),
                }
                for r in log
            ]
            return d

    def actors(
        self, *, q: str | None = None, known: bool | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Canonical actors (optionally whose name or alias contains ``q``), by number of events."""
        a = S.actors.c
        with self.engine.connect() as conn:
            counts = (
                select(
                    S.event_actors.c.actor_id, func.count(func.distinct(S.event_actors.c.event_id)).label("n")
                )
                .group_by(S.event_actors.c.actor_id)
                .subquery()
            )
            query = select(S.actors, func.coalesce(counts.c.n, 0).label("event_count")).outerjoin(
                counts, counts.c.actor_id == a.id
            )
            if q:
                low = q.lower()
                query = query.where(
                    or_(
                        func.lower(a.name).contains(low),
                        func.lower(a.id).contains(low),
                        a.id.in_(
                            select(S.actor_names.c.actor_id).where(
                                func.lower(S.actor_names.c.name).contains(low)
                            )
                        ),
                    )
                )
            if known is not None:
                query = query.where(a.known.is_(known))
            rows = (
                conn.execute(
                    query.order_by(func.coalesce(counts.c.n, 0).desc(), a.id).offset(offset).limit(limit)
                )
                .mappings()
                .all()
            )
            return [_actor_summary(r) | {"event_count": int(r["event_count"])} for r in rows]

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        """One actor: its record, names (with the dates they were seen), event count,
        relations and territorial claims; None when unknown."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.actors).where(S.actors.c.id == actor_id)).mappings().first()
            if row is None:
                return None
            d = _actor_summary(row)
            d["names"] = [
                {
                    "name": r.name,
                    "kind": r.kind,
                    "start_date": _iso(r.start_date),
                    "end_date": _iso(r.end_date),
                }
                for r in conn.execute(
                    select(S.actor_names)
                    .where(S.actor_names.c.actor_id == actor_id)
                    .order_by(S.actor_names.c.kind, S.actor_names.c.name)
                )
            ]
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
        """A GeoNames place the store knows, with its event count and territorial claims."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(S.places).where(S.places.c.geonameid == int(geonameid)))
                .mappings()
                .first()
            )
            if row is None:
                return None
            d = dict(row)
            d["event_count"] = int(
                conn.execute(select(func.count()).where(S.events.c.geonameid == int(geonameid))).scalar_one()
            )
            t = S.territory.c
            d["territory"] = [
                {
                    "actor": r.actor_id,
                    "claim": r.claim,
                    "certainty": r.certainty,
                    "start": _iso(r.date_start),
                    "end": _iso(r.date_end),
                    "document_id": r.document_id,
                    "evidence": {"text": r.evidence_text, "start": r.evidence_start, "end": r.evidence_end},
                }
                for r in conn.execute(
                    select(S.territory).where(t.geonameid == int(geonameid)).order_by(t.date_start)
                )
            ]
            return d

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

    def timeline(self, bucket: str = "month", by: str = "type", **filters: Any) -> list[dict[str, Any]]:
        """Event counts per time bucket (``day``, ``week`` (ISO, Monday) or ``month``) and key
        (``type``, ``acled`` sub-event type, ``actor`` or ``none``), for events matching ``filters``
        (as :meth:`events`). Returns ``[{bucket, key, count, fatalities}]`` sorted by bucket."""
        if bucket not in ("day", "week", "month", "year"):
            raise ValueError("bucket must be day, week, month or year")
        e = S.events.c
        with self.engine.connect() as conn:
            cond = self._event_conditions(conn, filters)
            if by == "actor":
                q = select(e.date_start, S.event_actors.c.actor_id, e.fatalities).join(
                    S.event_actors, S.event_actors.c.event_id == e.id
                )
            elif by in ("type", "acled", "none"):
                key = {"type": e.type, "acled": e.acled_sub_event_type, "none": e.type}[by]
                q = select(e.date_start, key, e.fatalities)
            else:
                raise ValueError("by must be type, acled, actor or none")
            counts: Counter = Counter()
            deaths: Counter = Counter()
            for d, k, fat in conn.execute(q.where(*cond, e.date_start.is_not(None))):
                b = (_bucket(d, bucket), "all" if by == "none" else (k or "unknown"))
                counts[b] += 1
                deaths[b] += fat or 0
        return [
            {"bucket": b, "key": k, "count": n, "fatalities": deaths[(b, k)]}
            for (b, k), n in sorted(counts.items())
        ]

    def stats(self) -> dict[str, Any]:
        """Counts of everything, events by type and by number of sources, date range, last runs."""
        with self.engine.connect() as conn:

            def count(table: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

            e = S.events.c
            out: dict[str, Any] = {"db": self.url, "dialect": self.dialect}
            for name in (
                "documents",
                "events",
                "event_sources",
                "actors",
                "places",
                "relations",
                "territory",
                "mentions",
                "sentences",
                "document_revisions",
                "runs",
            ):
                out[name] = count(getattr(S, name))
            out["merged_events"] = int(
                conn.execute(select(func.count()).where(e.source_count > 1)).scalar_one()
            )
            out["events_by_type"] = dict(
                conn.execute(
                    select(e.type, func.count()).group_by(e.type).order_by(func.count().desc())
                ).all()
            )
            out["events_by_source_count"] = {
                str(k): int(v)
                for k, v in conn.execute(
                    select(e.source_count, func.count()).group_by(e.source_count).order_by(e.source_count)
                )
            }
            out["events_by_status"] = dict(
                conn.execute(select(e.status, func.count()).group_by(e.status)).all()
            )
            lo, hi = conn.execute(select(func.min(e.date_start), func.max(e.date_end))).one()
            out["date_range"] = {"start": _iso(lo), "end": _iso(hi)}
            out["located_events"] = int(
                conn.execute(select(func.count()).where(e.latitude.is_not(None))).scalar_one()
            )
            out["unknown_actors"] = int(
                conn.execute(select(func.count()).where(S.actors.c.known.is_(False))).scalar_one()
            )
            r = S.runs.c
            out["last_runs"] = [
                {
                    "id": x.id,
                    "pipeline": x.pipeline,
                    "version": x.version,
                    "status": x.status,
                    "documents_done": x.documents_done,
                    "started_at": _iso(x.started_at),
                    "finished_at": _iso(x.finished_at),
                }
                for x in conn.execute(select(S.runs).order_by(r.id.desc()).limit(5))
            ]
            return out


# ---------------------------------------------------------------------- helpers
def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _bucket(d: date, bucket: str) -> str:
    if bucket == "day":
        return d.isoformat()
    if bucket == "week":
        monday = d - timedelta(days=d.weekday())
        return monday.isoformat()
    if bucket == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


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


def _dictionary_ids(actor: str) -> set[str]:
    """Ids of the dictionary actors ``actor`` names by any alias, former name or
    transliteration ("Daesh" → ISIS), even one no stored document used."""
    from marsad.actors.aliases import actor_ids_for

    try:
        return set(actor_ids_for(actor))
    except (OSError, ValueError):  # an unreadable MARSAD_ACTORS file: match stored names only
        return set()


def _actor_summary(row: Any) -> dict[str, Any]:
    data = row["data"] or {}
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "sector": row["sector"],
        "country": row["country"],
        "wikidata": row["wikidata"],
        "acled_name": row["acled_name"],
        "acled_inter": row["acled_inter"],
        "known": bool(row["known"]),
        "aliases": data.get("aliases") or [],
        "first_seen": _iso(row["first_seen"]),
        "last_seen": _iso(row["last_seen"]),
    }


def country_alpha2(value: str) -> str:
    """ISO alpha-2 for an alpha-2, alpha-3, numeric code or a country name (as given if unknown)."""
    import pycountry

    v = value.strip()
    try:
        if len(v) == 2:
            return v.upper()
        if len(v) == 3 and v.isalpha():
            c = pycountry.countries.get(alpha_3=v.upper())
        elif v.isdigit():
            c = pycountry.countries.get(numeric=v.zfill(3))
        else:
            c = pycountry.countries.lookup(v)
    except LookupError:
        return v.upper()
    return c.alpha_2 if c else v.upper()
