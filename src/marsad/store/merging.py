"""An event as its reports make it: ids, the events row, and its merged fields.

Input: the ``event_sources`` rows of one event (each report as coded) and its reviews.
Output: the ``events`` row (date, place, fatalities with low/high, actors, review flags) and
its ``event_actors`` rows, recomputed whenever a report joins or leaves the event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from marsad.store import review as R
from marsad.store import schema as S
from marsad.store.connection import now_utc
from marsad.store.dedup import DedupConfig, name_key
from marsad.store.records import parse_date

# one cached statement for the hot path (values travel as parameters, not in the statement)
_UPDATE_EVENT = update(S.events).where(S.events.c.id == bindparam("event_key"))


def stable_event_id(document_id: str, local_id: str) -> str:
    """The id an event gets from the report that founds it; stable across re-ingests."""
    return "ev-" + hashlib.sha1(f"{document_id}\x00{local_id}".encode()).hexdigest()[:16]


def new_event_id(conn: Connection, document_id: str, local_id: str) -> str:
    base = stable_event_id(document_id, local_id)
    candidate, n = base, 1
    while conn.execute(select(S.events.c.id).where(S.events.c.id == candidate)).first() is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def insert_event_shell(
    conn: Connection,
    event_id: str,
    ev: dict[str, Any],
    now: datetime,
    *,
    review: tuple[str, Any] | None = None,
) -> None:
    """A new events row; an event id reviewed before (its document was replaced by a corrected
    version, or it was split and merged again) gets its review back: status and corrections."""
    status, corrections = review if review is not None else stored_review(conn, event_id)
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


def refresh_event(conn: Connection, event_id: str, dedup: DedupConfig) -> dict[str, Any] | None:
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
    sides = aligned_sides(rep, evs, dedup)
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
        "updated_at": now_utc(),
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


def aligned_sides(
    rep: dict[str, Any], evs: list[dict[str, Any]], dedup: DedupConfig
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
        _, swapped = sides_conflict(first, EventKey.from_event(e), dedup)
        out.append((b, a) if swapped else (a, b))
    return out


def stored_review(conn: Connection, event_id: str) -> tuple[str, dict[str, Any]]:
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


def alias(conn: Connection, old: str, new: str, now: datetime) -> None:
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
    return name_key(ref.get("name") or ref.get("text") or "") or None


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
