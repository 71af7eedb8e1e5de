"""Dedup writes: each coded event stored as a report, then its neighbourhood re-grouped.

The grouping itself is :mod:`marsad.store.cluster` over :mod:`marsad.store.dedup`'s comparison;
here the reports are read (``event_sources``), re-assigned to events, and every move is
logged (``merge_log``), with an alias (``event_aliases``) for an event id that goes away.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, func, insert, select, update
from sqlalchemy.engine import Connection

from marsad.batching import batched
from marsad.store import schema as S
from marsad.store.cluster import MAX_NEIGHBOURHOOD, Report, group
from marsad.store.dedup import DedupConfig, EventKey, compare
from marsad.store.merging import alias, insert_event_shell, new_event_id, refresh_event, stable_event_id
from marsad.store.records import CodedDoc, parse_date
from marsad.store.rows import upsert_place


def insert_source(conn: Connection, cd: CodedDoc, ev: dict[str, Any], local_id: str, now: datetime) -> int:
    """Store one coded event as a report of an event of its own (re-grouped next)."""
    upsert_place(conn, ev.get("location"))
    evid = ev.get("evidence") or {}
    d = ev.get("date") or {}
    loc = ev.get("location") or {}
    start, end = parse_date(d.get("start")), parse_date(d.get("end"))
    if start and end:
        widen_longest_span(conn, (end - start).days)
    event_id = new_event_id(conn, cd.id, local_id)
    insert_event_shell(conn, event_id, ev, now)
    res = conn.execute(
        insert(S.event_sources),
        {
            "event_id": event_id,
            "document_id": cd.id,
            "local_id": local_id,
            "type": str(ev.get("type") or "OTHER"),
            "date_start": start,
            "date_end": end,
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


def source_count(conn: Connection, event_id: str) -> int:
    return int(conn.execute(select(func.count()).where(S.event_sources.c.event_id == event_id)).scalar_one())


class ReportKeys:
    """The dedup keys of stored reports, kept by (report id, time written) so that each report's
    event is read and decoded once, not each time it falls in a new report's window.

    A report's event never changes once written (a re-coded document writes new reports), and
    the time written tells a new report from an old one that had the same id (SQLite may
    reuse the id of a deleted last row). Bounded: past ``size`` keys, the oldest half goes."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self._keys: dict[tuple[int, str], EventKey] = {}
        self._lock = threading.Lock()  # a store may serve several threads

    def __len__(self) -> int:
        return len(self._keys)

    def read(self, conn: Connection, rows: list[Any]) -> list[EventKey]:
        """The key of each of ``rows`` (with ``id`` and ``written``, as ``WRITTEN`` reads it),
        reading the events of those not kept."""
        s = S.event_sources.c
        wanted = [(r.id, r.written) for r in rows]
        kept = {k: v for k in wanted if (v := self._keys.get(k)) is not None}
        missing = [k[0] for k in wanted if k not in kept]
        read: dict[tuple[int, str], EventKey] = {}
        for ids in batched(missing, READ_CHUNK):
            for r in conn.execute(select(s.id, WRITTEN, s.data).where(s.id.in_(ids))):
                read[r.id, r.written] = EventKey.from_event(r.data or {})
        if read:
            with self._lock:  # other threads may read and evict meanwhile
                if len(self._keys) + len(read) > self.size:
                    for old in list(self._keys)[: len(self._keys) // 2 + len(read)]:
                        del self._keys[old]
                self._keys.update(read)
        kept.update(read)
        return [kept[k] for k in wanted]


READ_CHUNK = 500  # report ids per IN list (SQLite allows 32,766 parameters; PostgreSQL more)
# when a report was written, as the database's text: compared, never parsed (a neighbourhood
# reads hundreds of reports, and parsing their timestamps was a tenth of storing a document)
WRITTEN = cast(S.event_sources.c.created_at, String).label("written")


def _free_reports_query() -> Any:
    s, e = S.event_sources.c, S.events.c
    pinned = S.event_sources.alias("pinned")
    # NOT EXISTS on the event_id index: a NOT IN list would read every report of the store
    by_hand = select(pinned.c.id).where(pinned.c.event_id == e.id, pinned.c.pinned.is_(True)).exists()
    return (
        select(s.id, s.event_id, s.document_id, s.local_id, WRITTEN)
        .join(S.events, e.id == s.event_id)
        .where(e.status != "rejected", ~by_hand)
    )


# built once: a neighbourhood runs it many times, and building it (an alias) cost as much as reading
FREE_REPORTS = _free_reports_query()


def free_reports(conn: Connection, *where: Any, keys: ReportKeys) -> list[Report]:
    """Reports that automatic merging may re-group: not in a rejected event, nor in an event
    an analyst has split or merged by hand (pinned reports). Their keys come from ``keys``
    (the writer's), read from the store where not kept there."""
    rows = list(conn.execute(FREE_REPORTS.where(*where).order_by(S.event_sources.c.id)))
    return [
        Report(r.id, r.event_id, r.document_id, r.local_id, key)
        for r, key in zip(rows, keys.read(conn, rows), strict=True)
    ]


# How many dedup windows beyond the new reports' dates a chain of possible matches is followed.
# An event's reports all come within a window of each other, so a report further away cannot share
# an event with the new ones; without a bound, a chain through a busy place, day after day, reached
# the neighbourhood's cap of 200 reports (5% of ingests of the 100,000-document run, spanning up to
# 263 days), and its regrouping cost grew with the store.
HORIZON_WINDOWS = 2
LONGEST_SPAN = "longest_span"  # store_meta key: the most days a stored report's dates span
# Reports spanning more days than this are looked up by their end date (most span a day; a
# month, "in March", is the longest common short span)
SHORT_SPAN = 31


def longest_span(conn: Connection) -> int:
    """The most days any stored report's date range spans (kept in ``store_meta`` as reports
    are written; read from the reports once for a store written before it was kept)."""
    m = S.store_meta.c
    kept = conn.execute(select(m.value).where(m.key == LONGEST_SPAN)).scalar()
    if kept is not None:
        return int(kept)
    s = S.event_sources.c
    if conn.dialect.name == "sqlite":
        days = func.julianday(s.date_end) - func.julianday(s.date_start)
    else:
        days = s.date_end - s.date_start
    found = int(conn.execute(select(func.max(days))).scalar() or 0)
    conn.execute(insert(S.store_meta).values(key=LONGEST_SPAN, value=found))
    return found


def widen_longest_span(conn: Connection, days: int) -> None:
    if days > longest_span(conn):
        m = S.store_meta.c
        conn.execute(update(S.store_meta).where(m.key == LONGEST_SPAN).values(value=days))


def neighbourhood(
    conn: Connection, seeds: list[int], cfg: DedupConfig, keys: ReportKeys | None = None
) -> dict[int, Report]:
    """The free reports connected to ``seeds`` by chains of possible matches.

    A report's candidates are those of compatible types whose dates come within the window.
    Reports spanning at most ``SHORT_SPAN`` days are read on the start date index, from the window
    less that span; the few that span longer ("in 2015") on the end date index. So ingest stays
    flat as the store grows, even once one report spans a year. A chain is followed at most
    ``HORIZON_WINDOWS`` windows beyond the seeds' dates; the reports found there are re-grouped
    but not followed."""
    window = timedelta(days=cfg.days)
    s = S.event_sources.c
    longest = longest_span(conn)
    span = timedelta(days=min(longest, SHORT_SPAN))
    keys = keys if keys is not None else ReportKeys()
    read: dict[tuple[tuple[str, ...], date, date], list[Report]] = {}

    def in_window(types: tuple[str, ...], start: date, end: date) -> list[Report]:
        """Free reports of ``types`` whose dates come within the window of [start, end], read
        once per neighbourhood: reports of one day share their window."""
        if (types, start, end) in read:
            return read[types, start, end]
        earliest = start - window - span
        of_type = s.type.in_(types)
        found = free_reports(
            conn,
            of_type,
            s.date_start <= end + window,
            s.date_start >= earliest,
            func.coalesce(s.date_end, s.date_start) >= start - window,
            keys=keys,
        )
        if longest > SHORT_SPAN:  # long reports that began before the short ones' range
            # a range bounded on both sides keeps the planner on the end date index, and
            # coalesce keeps it off the start date index, which would read every older report
            ends = s.date_end.between(start - window, end + window + timedelta(days=longest))
            began_before = func.coalesce(s.date_start, s.date_end) < earliest
            found += free_reports(conn, of_type, ends, began_before, keys=keys)
        read[types, start, end] = found
        return found

    found = {r.id: r for r in free_reports(conn, s.id.in_(seeds), keys=keys)} if seeds else {}
    # chains are followed this far from the seeds' dates (see HORIZON_WINDOWS)
    starts = [r.key.start for r in found.values() if r.key.start is not None]
    ends = [r.key.end or r.key.start for r in found.values() if r.key.start is not None]
    horizon = timedelta(days=HORIZON_WINDOWS * cfg.days)
    first = min(starts) - horizon if starts else date.min
    last = max(ends) + horizon if ends else date.max  # type: ignore[type-var]
    queue = sorted(found)
    while queue and len(found) < MAX_NEIGHBOURHOOD:
        r = found[queue.pop(0)]
        key = r.key
        if key.start is None or not key.type:
            continue
        if key.start > last or (key.end or key.start) < first:
            continue  # found, and re-grouped, but its own matches are too far to be affected
        types = tuple(sorted(cfg.types_compatible_with(key.type)))
        for t in in_window(types, key.start, key.end or key.start):
            if t.id not in found and t.document_id != r.document_id and compare(key, t.key, cfg).ok:
                found[t.id] = t
                queue.append(t.id)
    return found


def recluster(
    conn: Connection,
    seeds: list[int],
    now: datetime,
    dedup: DedupConfig,
    *,
    new: set[int],
    keys: ReportKeys | None = None,
) -> dict[int, str]:
    """Re-group the neighbourhood of ``seeds`` (see :mod:`marsad.store.cluster`); returns the
    event id of every report re-grouped. Events renamed or absorbed keep their reviews and
    history (moved to the event that holds most of their reports) and leave an alias."""
    reports = neighbourhood(conn, seeds, dedup, keys)
    groups = group(list(reports.values()), dedup)
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
                insert_event_shell(conn, cid, {}, now, review=(status, corrections))
            else:
                insert_event_shell(conn, cid, {}, now)
        elif states[cid][0] == "candidate" and not states[cid][1] and reviewed:
            status, corrections = states[max(reviewed, key=lambda o: _overlap(before, final, o, cid))]
            conn.execute(
                update(S.events).where(S.events.c.id == cid).values(status=status, corrections=corrections)
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
                .values(event_id=cid, merge_reason=reason, merge_score=joined[1].score if joined else None)
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
        alias(conn, old, new_id, now)
        refresh_event(conn, old, dedup)  # no report left: deleted
    for cid in ids:
        refresh_event(conn, cid, dedup)
    return final


def _overlap(before: dict[int, str], final: dict[int, str], old: str, cid: str) -> int:
    """How many reports of the former event ``old`` the event ``cid`` holds now."""
    return sum(1 for sid, eid in before.items() if eid == old and final[sid] == cid)
