"""The rows a coded document writes besides its events: sentences, mentions, actors and
their names, relations, territorial claims and places (``sentences``, ``mentions``, ``actors``,
``actor_names``, ``relations``, ``territory``, ``places``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from marsad.actors.aliases import is_alias
from marsad.store import schema as S
from marsad.store.records import CodedDoc, parse_date


def write_spans(conn: Connection, cd: CodedDoc) -> None:
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


def write_actors(conn: Connection, cd: CodedDoc) -> None:
    """Upsert the document's actors, their names, and their first/last seen dates."""
    day = cd.pub_date
    # in id order, so that two writers sharing actors take their row locks in the same order
    for actor in sorted(cd.data.get("actors") or [], key=lambda a: str(a.get("id") or "")):
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
        add_names(conn, aid, names, day)


def add_names(conn: Connection, actor_id: str, names: set[tuple[str, str]], day: date | None) -> None:
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


def write_relations(conn: Connection, cd: CodedDoc) -> None:
    rows = []
    for r in cd.data.get("relations") or []:
        if not r.get("source") or not r.get("target") or not r.get("type"):
            continue
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
                **evidence_columns(r),
                "reason": r.get("reason"),
                "component": r.get("component"),
            }
        )
    if rows:
        conn.execute(insert(S.relations), rows)


def write_territory(conn: Connection, cd: CodedDoc) -> None:
    rows = []
    for t in cd.data.get("territory") or []:
        place = t.get("place") or {}
        if not t.get("actor"):
            continue
        upsert_place(conn, place)
        d = t.get("date") or {}
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
                **evidence_columns(t),
                "component": t.get("component"),
            }
        )
    if rows:
        conn.execute(insert(S.territory), rows)


def evidence_columns(item: dict[str, Any]) -> dict[str, Any]:
    """The ``evidence_text``/``evidence_start``/``evidence_end`` columns of a relation or claim."""
    ev = item.get("evidence") or {}
    return {"evidence_text": ev.get("text"), "evidence_start": ev.get("start"), "evidence_end": ev.get("end")}


def upsert_place(conn: Connection, place: dict[str, Any] | None) -> None:
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
