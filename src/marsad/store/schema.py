"""The store's relational schema (SQLAlchemy 2 Core), shared by SQLite and PostgreSQL.

Tables, in dependency order:

- ``runs``: one row per ingest batch (pipeline name/version/config, progress, status, the
  process running it).
- ``documents``: one row per current document version (source, url, publication date,
  content hash, the coded-document JSON and, when known, the full text).
- ``document_revisions``: earlier versions of documents that a corrected version replaced.
- ``sentences``: sentence spans of each document (offsets into the document text).
- ``mentions``: actor mentions (span, resolved actor id or none).
- ``actors`` and ``actor_names``: canonical actors, their aliases and date-bounded names.
- ``places``: GeoNames entries referred to by events, claims and mentions.
- ``events``: real-world events, each possibly reported by several documents (deduplicated);
  ``latitude``/``longitude`` columns make the SQLite file usable by Datasette's map plugin.
- ``event_sources``: which document and span reports which event (one row per coded event
  of a document), with why it was merged into its event.
- ``event_actors``: the actors and recipients of each event (union over its sources).
- ``relations``: actor-actor relations stated in documents (hostile, ally, member_of, ...).
- ``territory``: territorial-control claims (actor, place, period) with evidence.
- ``merge_log``: every merge and split decision, for explanation and reversal.
- ``event_reviews``: every review (verification, rejection, correction) of an event, from the
  CLI, the API or the web app: who, when, status before and after, changed fields, note, and
  the event as it stood when reviewed (to flag it for re-review when its sources change it).
- ``event_aliases``: former ids of events a re-clustering renamed.
- ``api_tokens``: the API's write tokens (SHA-256 only).
- ``store_meta``: ``version``, raised by every write (the API's caches are valid while it holds);
  ``longest_span``, the most days a stored report's dates span (the dedup neighbour lookup).

The ``events`` table is also the flat, indexed row the API and the CLI list, facet and
aggregate (``week``/``month`` buckets, ``actors_text``), kept current in the ingest transaction.

Dates are stored as ``DATE``; offsets are Python string indices into the document text.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pipeline", String(100), nullable=False, default="marsad"),
    Column("version", String(50), nullable=True),
    Column("config", JSON, nullable=True),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime, nullable=True),
    # running, done, done with errors, failed, interrupted
    Column("status", String(20), nullable=False, default="running"),
    Column("documents_done", Integer, nullable=False, default=0),
    Column("last_document_id", String(100), nullable=True),
    Column("error", Text, nullable=True),
    Column("owner", String(200), nullable=True),  # host:pid:start of the process running it
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("url", Text, nullable=True, index=True),
    Column("source", Text, nullable=True),
    Column("title", Text, nullable=True),
    Column("publication", String(200), nullable=True),
    Column("author", String(200), nullable=True),
    Column("pub_date", Date, nullable=True, index=True),
    Column("content_hash", String(64), nullable=False),
    Column("coding_hash", String(64), nullable=False),  # hash of the coded output (events, relations...)
    Column("revision", Integer, nullable=False, default=1),
    Column("text", Text, nullable=True),
    Column("data", JSON, nullable=False),  # Document.to_dict()
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL"), nullable=True),
    Column("ingested_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

document_revisions = Table(
    "document_revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(100), nullable=False, index=True),
    Column("superseded_by", String(100), nullable=True, index=True),
    Column("url", Text, nullable=True),
    Column("revision", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("coding_hash", String(64), nullable=False),
    Column("text", Text, nullable=True),
    Column("data", JSON, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
    Column("replaced_at", DateTime, nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id", String(100), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("seq", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(50), nullable=True),
    Column("sector", String(20), nullable=True),
    Column("country", String(3), nullable=True),
    Column("wikidata", String(30), nullable=True),
    Column("acled_name", Text, nullable=True),
    Column("acled_inter", Integer, nullable=True),
    Column("known", Boolean, nullable=False, default=True),
    Column("first_seen", Date, nullable=True),
    Column("last_seen", Date, nullable=True),
    Column("data", JSON, nullable=True),  # the latest Actor.to_dict() seen (without mentions)
)

actor_names = Table(
    "actor_names",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor_id", String(200), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False, default="alias"),  # canonical, alias, former, mention
    Column("start_date", Date, nullable=True),  # the name is valid from ... (None: unbounded)
    Column("end_date", Date, nullable=True),
    UniqueConstraint("actor_id", "name", "kind"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id", String(100), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("actor_id", String(200), nullable=True, index=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("method", String(30), nullable=True),
    Column("kind", String(50), nullable=True),
    Column("sector", String(20), nullable=True),
    Column("country", String(3), nullable=True),
    Column("score", Float, nullable=True),
)

places = Table(
    "places",
    metadata,
    Column("geonameid", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=True, index=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("country_code", String(2), nullable=True),
    Column("admin1", Text, nullable=True),
    Column("admin1_code", String(20), nullable=True),
    Column("feature_code", String(10), nullable=True),
)

events = Table(
    "events",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("type", String(32), nullable=False, index=True),
    Column("mode", String(50), nullable=True),
    Column("context", JSON, nullable=True),
    Column("acled_event_type", String(100), nullable=True),
    Column("acled_sub_event_type", String(100), nullable=True, index=True),
    Column("date_start", Date, nullable=True, index=True),
    Column("date_end", Date, nullable=True),
    Column("granularity", String(20), nullable=True),
    Column("geonameid", Integer, nullable=True, index=True),
    Column("location_name", Text, nullable=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("country_code", String(2), nullable=True, index=True),
    Column("admin1", Text, nullable=True),
    Column("geo_precision", Integer, nullable=True),
    Column("fatalities", Integer, nullable=True),  # best estimate of its sources
    Column("fatalities_low", Integer, nullable=True),  # lowest figure a source gives
    Column("fatalities_high", Integer, nullable=True),  # highest figure a source gives
    Column("injured", Integer, nullable=True),
    Column("certainty", String(20), nullable=True, index=True),
    Column("negated", Boolean, nullable=False, default=False),
    Column("confidence", Float, nullable=True),
    Column("source_count", Integer, nullable=False, default=1),
    # review status: candidate (as coded), verified, rejected
    Column("status", String(20), nullable=False, default="candidate", index=True),
    Column("corrections", JSON, nullable=True),  # {path: {"value": corrected, "coded": as coded}}
    Column("needs_review", Boolean, nullable=False, default=False),  # changed since its review
    Column("review_reason", Text, nullable=True),  # what changed since the review
    Column("notes", Text, nullable=True),  # one-sentence description (the best evidence)
    Column("actors_text", Text, nullable=True),  # " | "-joined actor and recipient names
    Column("week", String(10), nullable=True),  # Monday of the ISO week of date_start
    Column("month", String(10), nullable=True),  # first day of the month of date_start
    # where ``notes`` comes from: the representative report's document and span
    Column("document_id", String(100), nullable=True),
    Column("evidence_start", Integer, nullable=True),
    Column("evidence_end", Integer, nullable=True),
    Column("data", JSON, nullable=False),  # representative Event.to_dict()
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_events_lat_lon", "latitude", "longitude"),
    Index("ix_events_month_type", "month", "type"),
    Index("ix_events_week_type", "week", "type"),
    Index("ix_events_date_id", "date_start", "id"),
    Index("ix_events_confidence_id", "confidence", "id"),
    Index("ix_events_fatalities_id", "fatalities", "id"),
    Index("ix_events_acled_event_type", "acled_event_type"),
    Index("ix_events_admin1", "admin1"),
)

WINDOW_LOOKUP = ("event_id", "document_id", "local_id", "created_at")

event_sources = Table(
    "event_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(100), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column(
        "document_id", String(100), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("local_id", String(100), nullable=False),  # the event id inside the coded document
    Column("type", String(32), nullable=False),
    Column("date_start", Date, nullable=True),
    Column("date_end", Date, nullable=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("evidence_text", Text, nullable=True),
    Column("evidence_start", Integer, nullable=True),
    Column("evidence_end", Integer, nullable=True),
    Column("data", JSON, nullable=False),  # Event.to_dict() as coded in that document
    Column("merge_reason", Text, nullable=True),  # why it joined its event (None: it founded it)
    Column("merge_score", Float, nullable=True),
    Column("pinned", Boolean, nullable=False, default=False),  # split by an analyst: never auto-merged
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("document_id", "local_id"),
    # the neighbour lookup (store/regroup.py) reads these indexes only, never the rows: a row
    # holds the coded event before the columns it needs (migration 0006)
    Index("ix_event_sources_date_start", "date_start", "type", "date_end", *WINDOW_LOOKUP),
    Index("ix_event_sources_date_end", "date_end", "type", "date_start", *WINDOW_LOOKUP),
    Index("ix_event_sources_event_id", "event_id", "pinned"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(100), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("actor_id", String(200), nullable=False, index=True),
    Column("role", String(10), nullable=False),  # actor, recipient
    Column("name", Text, nullable=True),
    UniqueConstraint("event_id", "actor_id", "role"),
)

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id", String(100), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("source_actor", String(200), nullable=False, index=True),
    Column("target_actor", String(200), nullable=False, index=True),
    Column("type", String(32), nullable=False),
    Column("certainty", String(20), nullable=True),
    Column("role", Text, nullable=True),
    Column("start_date", Date, nullable=True),
    Column("end_date", Date, nullable=True),
    Column("doc_date", Date, nullable=True),
    Column("evidence_text", Text, nullable=True),
    Column("evidence_start", Integer, nullable=True),
    Column("evidence_end", Integer, nullable=True),
    Column("reason", Text, nullable=True),
    Column("component", String(100), nullable=True),
)

territory = Table(
    "territory",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id", String(100), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("actor_id", String(200), nullable=False, index=True),
    Column("geonameid", Integer, nullable=True, index=True),
    Column("place_name", Text, nullable=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("claim", String(50), nullable=False),
    Column("certainty", String(20), nullable=True),
    Column("date_start", Date, nullable=True),
    Column("date_end", Date, nullable=True),
    Column("evidence_text", Text, nullable=True),
    Column("evidence_start", Integer, nullable=True),
    Column("evidence_end", Integer, nullable=True),
    Column("component", String(100), nullable=True),
)

merge_log = Table(
    "merge_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(100), nullable=False, index=True),
    Column("source_id", Integer, nullable=True),
    Column("document_id", String(100), nullable=True),
    Column("action", String(20), nullable=False),  # create, merge, split, detach
    Column("reason", Text, nullable=True),
    Column("score", Float, nullable=True),
    Column("created_at", DateTime, nullable=False),
)

event_reviews = Table(
    "event_reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(100), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("status_from", String(20), nullable=True),
    Column("status_to", String(20), nullable=True),
    Column("changes", JSON, nullable=False),  # {path: [old, new]}
    Column("note", Text, nullable=True),
    Column("snapshot", JSON, nullable=True),  # the event's reviewed fields, as coded, when reviewed
)

# the ids an event had before a re-clustering renamed it (an event takes its earliest report's id)
event_aliases = Table(
    "event_aliases",
    metadata,
    Column("old_id", String(100), primary_key=True),
    Column("new_id", String(100), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("hint", String(12), nullable=False),  # the first characters, to tell tokens apart
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
    Column("last_used_at", String(32)),
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

__all__ = [
    "api_tokens",
    "event_aliases",
    "event_reviews",
    "store_meta",
    "actor_names",
    "actors",
    "document_revisions",
    "documents",
    "event_actors",
    "event_sources",
    "events",
    "merge_log",
    "mentions",
    "metadata",
    "places",
    "relations",
    "runs",
    "sentences",
    "territory",
]
