"""The FastAPI application: REST API under ``/api``, the web app at ``/``, docs at ``/docs``.

``create_app(db, pipeline=None, max_body_bytes=...)`` builds it over a store path/URL or
an open Store. Reads are open; writes (``POST /api/documents``, ``PATCH /api/events/{id}``)
and coding (``POST /api/extract``, which costs the server seconds of CPU per article) need a
token (``marsad token create``) in ``Authorization: Bearer <token>`` or ``X-Marsad-Token``;
the OpenAPI schema declares both schemes. Bodies over ``max_body_bytes`` are refused with 413.
Static files are served from the package only (no path reaches outside it), all assets are
local. Every response carries the headers of :mod:`marsad.serve.security`; a malformed
request is a 4xx with a short reason; no response names a folder of the server.
"""

import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad import __version__
from marsad.model import Document
from marsad.serve import formats, queries
from marsad.serve.backend import Backend
from marsad.serve.cache import AggregateCache, params_key
from marsad.serve.ingest import BodyError, Jobs, documents_from_body
from marsad.serve.queries import QueryError
from marsad.serve.security import SecurityHeaders, public, short_reason
from marsad.store import summaries
from marsad.store.review import EDITABLE_PATHS, MAX_INT, STATUSES

STATIC = Path(__file__).parent / "static"
log = logging.getLogger(__name__)
DEFAULT_MAX_BODY = 10_000_000
# event pages up to this size are kept between identical requests (the web app asks for 50)
CACHED_PAGE_SIZE = 200


class BodyLimit:
    """ASGI middleware: refuses request bodies over ``max_bytes`` with 413 (by header or as read)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and not length.isdigit():
            await _send_json(send, 400, {"error": "bad_header", "detail": "Content-Length is not a number"})
            return
        if length is not None and int(length) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        detail = f"request body over the limit of {self.max_bytes:,} bytes"
        await _send_json(send, 413, {"error": "body_too_large", "detail": detail})


async def _send_json(send: Send, status: int, content: dict[str, Any]) -> None:
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": json.dumps(content).encode()})


class _TooLarge(Exception):
    pass


class MarsadAPI(FastAPI):
    """FastAPI with :class:`SecurityHeaders` outside every other layer, so that even the
    responses of the error middleware (500) and of the body limit carry the headers."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


TOKEN_HELP = "a token from `marsad token create NAME` (its name is recorded as the reviewer)"
bearer_scheme = HTTPBearer(
    auto_error=False, scheme_name="bearer", bearerFormat="msd_…", description=TOKEN_HELP
)
header_scheme = APIKeyHeader(
    name="X-Marsad-Token", auto_error=False, scheme_name="header", description=TOKEN_HELP + ", in a header"
)


class Review(BaseModel):
    """A review of a candidate event: a status, corrected fields and/or a note."""

    model_config = ConfigDict(extra="forbid")
    status: Literal[STATUSES] | None = Field(  # type: ignore[valid-type]
        None, description="candidate (as coded), verified or rejected"
    )
    corrections: dict[str, Any] = Field(
        default_factory=dict, description=f"corrected fields by path: {', '.join(EDITABLE_PATHS)}"
    )
    note: str | None = Field(None, max_length=5000, description="the reviewer's note")


# The request bodies the ingest endpoints accept, for the OpenAPI schema.
ARTICLE_BODY: dict[str, Any] = {
    "requestBody": {
        "content": {
            t: {"schema": {"type": "string"}} for t in ("text/plain", "text/html", "application/x-ndjson")
        }
        | {"application/json": {"schema": {"type": "object"}}}
    }
}


def _params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


def event_filters(
    request: Request,
    actor: Annotated[list[str] | None, Query(description="actor id or exact name (repeatable)")] = None,
    type: Annotated[list[str] | None, Query(description="PLOVER type or ACLED event type")] = None,
    sub_event_type: Annotated[list[str] | None, Query(description="ACLED sub-event type")] = None,
    country: Annotated[list[str] | None, Query(description="ISO 3166 alpha-2/alpha-3 code or name")] = None,
    admin1: Annotated[list[str] | None, Query(description="first-level administrative division")] = None,
    start: Annotated[str | None, Query(description="events on or after this date (YYYY-MM-DD)")] = None,
    end: Annotated[str | None, Query(description="events on or before this date (YYYY-MM-DD)")] = None,
    min_confidence: Annotated[str | None, Query(description="minimum coding confidence, 0..1")] = None,
    certainty: Annotated[
        list[str] | None, Query(description="asserted, reported, hedged or inferred")
    ] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
    status: Annotated[list[str] | None, Query(description="review status: " + ", ".join(STATUSES))] = None,
    geonameid: Annotated[str | None, Query(description="GeoNames id of the event location")] = None,
    doc: Annotated[list[str] | None, Query(description="document id")] = None,
    q: Annotated[str | None, Query(description="text search in evidence, actors and place names")] = None,
    min_sources: Annotated[str | None, Query(description="events reported by at least N documents")] = None,
    needs_review: Annotated[
        str | None, Query(description="true: reviewed events whose sources changed since the review")
    ] = None,
    _size: Annotated[
        str | None, Query(alias="_size", description=f"page size (max {queries.MAX_PAGE_SIZE})")
    ] = None,
    _page: Annotated[str | None, Query(alias="_page", description="page number, from 1")] = None,
    _sort: Annotated[
        str | None, Query(alias="_sort", description="date, confidence, fatalities or id; -x descending")
    ] = None,
    _facet: Annotated[
        list[str] | None, Query(alias="_facet", description="facet to count (repeatable)")
    ] = None,
) -> dict[str, list[str]]:
    """The raw multi-valued parameters (declared here for the OpenAPI schema; validated in queries)."""
    return _params(request)


SERVE_DB_ENV, SERVE_MAX_BODY_ENV = "MARSAD_SERVE_DB", "MARSAD_SERVE_MAX_BODY"


def app_from_env() -> FastAPI:
    """The app of one worker process of ``marsad serve --workers N`` (``uvicorn --factory``):
    the store named by ``MARSAD_SERVE_DB``, the body limit by ``MARSAD_SERVE_MAX_BODY``."""
    db = os.environ.get(SERVE_DB_ENV)
    if not db:
        raise RuntimeError(f"{SERVE_DB_ENV} names no store")
    return create_app(db, max_body_bytes=int(os.environ.get(SERVE_MAX_BODY_ENV) or DEFAULT_MAX_BODY))


def create_app(
    db: Any,
    *,
    pipeline: Any = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    backend: Backend | None = None,
) -> FastAPI:
    """The marsad API and web app over a store (path, URL or open Store).

    ``pipeline``: a ``marsad.Pipeline`` to code uploads (built lazily when None).
    """
    be = backend or Backend.open(db)
    app = MarsadAPI(
        title="marsad",
        version=__version__,
        description=(
            "Coded conflict events from news reporting. Every event is a **candidate** coding until an "
            "analyst verifies it; each carries its evidence sentence, certainty and confidence."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.backend = be
    cache = app.state.cache = AggregateCache(be.engine)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    jobs = Jobs()
    lock = threading.Lock()
    app.state.pipeline = pipeline

    def get_pipeline() -> Any:
        with lock:
            if app.state.pipeline is None:
                from marsad import Pipeline

                app.state.pipeline = Pipeline()
            return app.state.pipeline

    def code(doc: Document) -> Document:
        p = get_pipeline()
        with lock:
            return p.run(doc)

    def code_and_store(doc: Document) -> dict[str, Any]:
        coded_doc = code(doc)
        coded, ids, warnings = be.add(coded_doc)
        return {
            "id": coded["id"],
            "title": coded.get("title"),
            "events": len(ids),
            "event_ids": ids,
            "warnings": warnings,
        }

    def writer(
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
        header: Annotated[str | None, Depends(header_scheme)],
    ) -> str:
        token = bearer.credentials.strip() if bearer is not None else header
        if not token:
            raise HTTPException(
                401,
                "this endpoint needs a token (marsad token create NAME): send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        name = be.tokens.check(token)
        if name is None:
            raise HTTPException(403, "invalid or revoked token")
        return name

    @app.exception_handler(QueryError)
    async def _query_error(_request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse(
            {"error": "bad_parameter", "param": exc.param, "detail": exc.message}, status_code=400
        )

    @app.exception_handler(BodyError)
    async def _body_error(_request: Request, exc: BodyError) -> JSONResponse:
        return JSONResponse({"error": "bad_body", "detail": str(exc)}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(x)[:100] for x in e.get("loc", [])], "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        return JSONResponse({"error": "invalid_request", "detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def _failure(request: Request, exc: Exception) -> JSONResponse:
        log.error("%s %s failed: %s", request.method, request.url.path, short_reason(exc))
        detail = "the server failed on this request (logged); it is a bug, not your input"
        return JSONResponse({"error": "internal", "detail": detail}, status_code=500)

    # -- pages ------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:  # Swagger UI, started by a static script (no inline script)
        return FileResponse(STATIC / "docs.html", headers={"Cache-Control": "no-cache"})

    # -- events -------------------------------------------------------------------
    def _events(params: dict[str, list[str]]) -> dict[str, Any]:
        return queries.list_events(be.store, queries.EventQuery.parse(params))

    def cached_json(key: tuple[Any, ...], compute: Callable[[], Any]) -> Response:
        """``compute()`` as JSON, encoded once per version of the store (encoding pages of
        rows costs more than the indexed query that finds them)."""
        body = cache.get(key, lambda: JSONResponse(jsonable_encoder(compute())).body)
        return Response(body, media_type="application/json")

    @app.get(
        "/api/events",
        tags=["events"],
        summary="Events, filtered, paged, with facet counts",
        response_model=dict[str, Any],
    )
    @app.get("/api/events.json", tags=["events"], include_in_schema=False)
    def list_events(params: Annotated[dict, Depends(event_filters)]) -> Response:
        q = queries.EventQuery.parse(params)
        if q.size > CACHED_PAGE_SIZE:  # large exports: not worth keeping in memory
            return JSONResponse(jsonable_encoder(queries.list_events(be.store, q)))
        return cached_json(params_key("events", params), lambda: queries.list_events(be.store, q))

    @app.get("/api/events.csv", tags=["events"], summary="A page of events as CSV", response_class=Response)
    def list_events_csv(params: Annotated[dict, Depends(event_filters)]) -> Response:
        page = _events(params)
        return Response(
            formats.events_csv(page["rows"]),  # as ``marsad events --format csv``
            media_type="text/csv; charset=utf-8",
            headers={
                "X-Total-Count": str(page["total"]),
                "Content-Disposition": 'inline; filename="events.csv"',
            },
        )

    @app.get("/api/events.geojson", tags=["events"], summary="A page of located events as GeoJSON")
    def list_events_geojson(params: Annotated[dict, Depends(event_filters)]) -> JSONResponse:
        return JSONResponse(formats.events_geojson(_events(params)), media_type="application/geo+json")

    @app.get(
        "/api/events/{event_id}",
        tags=["events"],
        summary="One event: its document text, evidence, sources (the reports the store merged into the same event), review history",
    )
    def get_event(event_id: str) -> dict[str, Any]:
        found = queries.get_event(be.store, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id[:100]!r}")
        return public(found)

    @app.patch(
        "/api/events/{event_id}", tags=["review"], summary="Review an event: verify, reject or correct it"
    )
    def review_event(
        event_id: str, review: Review, reviewer: Annotated[str, Depends(writer)]
    ) -> dict[str, Any]:
        try:  # the store's review: the same record as ``marsad events review``
            be.store.review(
                event_id,
                reviewer=reviewer,
                status=review.status,
                corrections=review.corrections,
                note=review.note,
            )
        except KeyError as exc:
            raise HTTPException(404, f"no event {event_id[:100]!r}") from exc
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        found = queries.get_event(be.store, event_id) or {}
        return public({**found, "warnings": []})

    @app.get(
        "/api/timeline",
        tags=["aggregates"],
        summary="Event counts per day/week/month/year by type, ACLED type or actor (as marsad timeline)",
        response_model=dict[str, Any],
    )
    def get_timeline(
        params: Annotated[dict, Depends(event_filters)],
        bucket: Annotated[Literal[summaries.BUCKETS], Query()] = "month",  # type: ignore[valid-type]
        by: Annotated[Literal[summaries.SERIES], Query()] = "type",  # type: ignore[valid-type]
        top: Annotated[int, Query(ge=1, le=1000, description="by=actor: the N actors with most events")] = 10,
    ) -> Response:
        return cached_json(params_key("timeline", params), lambda: queries.timeline(be.store, params))

    @app.get(
        "/api/map/grid",
        tags=["aggregates"],
        summary="Located events aggregated in lat/lon cells",
        response_model=dict[str, Any],
    )
    def get_grid(
        params: Annotated[dict, Depends(event_filters)],
        cell: Annotated[float, Query(description="cell size in degrees")] = 1.0,
    ) -> Response:
        return cached_json(params_key("grid", params), lambda: queries.grid(be.store, params))

    # -- actors, graph, places -------------------------------------------------------
    @app.get(
        "/api/actors", tags=["actors"], summary="Actors with event counts", response_model=dict[str, Any]
    )
    def list_actors(
        request: Request,
        q: Annotated[str | None, Query(description="search in names and aliases")] = None,
        sector: Annotated[list[str] | None, Query()] = None,
        country: Annotated[list[str] | None, Query(description="ISO alpha-3")] = None,
        _size: Annotated[str | None, Query(alias="_size")] = None,
        _page: Annotated[str | None, Query(alias="_page")] = None,
    ) -> Response:
        params = _params(request)
        return cached_json(params_key("actors", params), lambda: queries.list_actors(be.store, params))

    @app.get(
        "/api/actors/{actor_id}", tags=["actors"], summary="An actor: aliases, sector, relations, timeline"
    )
    def get_actor(actor_id: str) -> dict[str, Any]:
        found = queries.get_actor(be.store, actor_id)
        if found is None:
            raise HTTPException(404, f"no actor {actor_id[:100]!r}")
        return found

    def _graph(request: Request) -> dict[str, Any]:
        return queries.graph(be.store, _params(request))

    @app.get(
        "/api/graph",
        tags=["graph"],
        summary="The actor graph of marsad graph (stated relations and events between actors)",
        response_model=dict[str, Any],
    )
    def get_graph(
        request: Request,
        type: Annotated[
            list[str] | None, Query(description="edge types: hostile, ally, member_of...")
        ] = None,
        actor: Annotated[list[str] | None, Query(description="only edges touching these actor ids")] = None,
        min_count: Annotated[int, Query(ge=1, description="edges stated at least this often")] = 1,
        limit: Annotated[int, Query(ge=1, le=5000, description="keep the strongest edges")] = 500,
        start: Annotated[str | None, Query(description="stated in documents published on or after")] = None,
        end: Annotated[str | None, Query(description="stated in documents published on or before")] = None,
    ) -> Response:
        params = _params(request)
        return cached_json(params_key("graph", params), lambda: queries.graph(be.store, params))

    @app.get(
        "/api/graph.graphml", tags=["graph"], summary="The actor network as GraphML", response_class=Response
    )
    def get_graphml(
        request: Request,
        type: Annotated[list[str] | None, Query()] = None,
        actor: Annotated[list[str] | None, Query()] = None,
        min_count: Annotated[int, Query(ge=1)] = 1,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
        start: Annotated[str | None, Query()] = None,
        end: Annotated[str | None, Query()] = None,
    ) -> Response:
        return Response(formats.graphml(_graph(request)), media_type="application/graphml+xml")

    @app.get("/api/graph/edge", tags=["graph"], summary="The evidence of one edge of the network")
    def get_edge(source: str, target: str, type: str) -> dict[str, Any]:
        return {
            "source": source,
            "target": target,
            "type": type,
            "evidence": queries.edge_evidence(be.store, source, target, type),
        }

    def loaded_gazetteer() -> Any:
        """The pipeline's gazetteer if it is already open (a place page never triggers a build)."""
        services = getattr(app.state.pipeline, "services", None)
        return vars(services).get("gazetteer") if services is not None else None

    @app.get(
        "/api/places/{geonameid}",
        tags=["places"],
        summary="A place: its events by type and date span, and its gazetteer entry when the gazetteer is loaded",
    )
    def get_place(geonameid: Annotated[int, PathParam(ge=0, le=MAX_INT)]) -> dict[str, Any]:
        found = queries.place(be.store, geonameid)
        entry = None
        gazetteer = loaded_gazetteer()
        if gazetteer is not None:
            try:
                with lock:  # the pipeline's connection: never used by two threads at once
                    candidate = gazetteer.get(geonameid)
                entry = candidate.to_dict() if candidate is not None else None
            except Exception:  # the gazetteer is another component: the place page goes on without it
                log.exception("gazetteer lookup of %s failed", geonameid)
        if found is None and entry is None:
            raise HTTPException(404, f"no event is located at GeoNames id {geonameid}")
        if found is None:
            found = {
                "geonameid": geonameid,
                "name": entry["name"],
                "lat": entry["lat"],
                "lon": entry["lon"],
                "country_code": entry["country_code"],
                "admin1": entry["admin1"],
                "precision": None,
                "events": 0,
                "events_by_type": {},
                "first_date": None,
                "last_date": None,
                "territory": [],
            }
        return {**found, "gazetteer": entry}

    @app.get(
        "/api/stats",
        tags=["aggregates"],
        summary="Counts of documents, events, actors, relations",
        response_model=dict[str, Any],
    )
    def get_stats() -> Response:
        return cached_json(("stats",), lambda: queries.stats(be.store))

    # -- writes -----------------------------------------------------------------------
    async def _read(request: Request, date: str | None, title: str | None, name: str | None) -> list[Any]:
        ctype = request.headers.get("content-type", "text/plain")
        if ctype.startswith("multipart/form-data"):
            form = await request.form()
            results: list[Any] = []
            upload = form.get("file")
            if upload is not None and not isinstance(upload, str):
                data = await upload.read()
                if data:
                    results += documents_from_body(
                        data,
                        _upload_type(upload.filename or "", upload.content_type),
                        name=upload.filename or "upload",
                        date=date or _s(form.get("date")),
                        title=title or _s(form.get("title")),
                    )
            text = form.get("text")
            if isinstance(text, str) and text.strip():
                results += documents_from_body(
                    text.encode(),
                    "text/plain",
                    name=name or "form",
                    date=date or _s(form.get("date")),
                    title=title or _s(form.get("title")),
                )
            if not results:
                raise BodyError("the form has neither a 'file' nor a 'text' field")
            return results
        body = await request.body()
        if not body.strip():
            raise BodyError("empty body: send the article text, HTML or JSON/JSONL")
        return documents_from_body(body, ctype, name=name or "upload", date=date, title=title)

    @app.post(
        "/api/documents",
        tags=["ingest"],
        status_code=201,
        summary="Code and store articles (text, HTML, JSON, JSONL body or form upload)",
        openapi_extra=ARTICLE_BODY,
    )
    async def post_documents(
        request: Request,
        reviewer: Annotated[str, Depends(writer)],
        date: Annotated[str | None, Query(description="article date, when the document gives none")] = None,
        title: Annotated[str | None, Query(max_length=500)] = None,
        name: Annotated[
            str | None, Query(max_length=200, description="a name for the upload (shown in errors)")
        ] = None,
        wait: Annotated[
            bool, Query(description="false: return a job id at once and code in the background")
        ] = True,
    ) -> Any:
        results = await _read(request, date, title, name)
        if not wait:
            job = jobs.submit(results, code_and_store)
            return JSONResponse(
                {"job": job.id, "total": job.total, "status_url": f"/api/jobs/{job.id}"}, status_code=202
            )
        docs, errors = await _each(results, code_and_store)
        if not docs:
            return JSONResponse({"error": "no_document", "documents": [], "errors": errors}, status_code=422)
        return public({"documents": docs, "errors": errors})

    @app.get("/api/jobs/{job_id}", tags=["ingest"], summary="Progress of a background ingest")
    def get_job(job_id: str) -> dict[str, Any]:
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id[:100]!r}")
        return public(job.to_dict())

    @app.post(
        "/api/extract",
        tags=["ingest"],
        summary="Code articles without storing them (returns the coded documents; needs a token)",
        openapi_extra=ARTICLE_BODY,
    )
    async def post_extract(
        request: Request,
        _coder: Annotated[str, Depends(writer)],
        date: Annotated[str | None, Query()] = None,
        title: Annotated[str | None, Query(max_length=500)] = None,
        name: Annotated[str | None, Query(max_length=200)] = None,
    ) -> Any:
        results = await _read(request, date, title, name)
        docs, errors = await _each(results, lambda doc: code(doc).to_dict())
        if not docs:
            return JSONResponse({"error": "no_document", "documents": [], "errors": errors}, status_code=422)
        return public({"documents": docs, "errors": errors})

    return app


async def _each(
    results: list[Any], work: Callable[[Document], dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """``work`` (in a worker thread) over each document of a request; a document that fails is
    an error of its own with a short reason, and the others go on."""
    done, errors = [], []
    for r in results:
        if not isinstance(r, Document):
            errors.append({"source": r.source, "reason": r.reason})
            continue
        try:
            done.append(await run_in_threadpool(work, r))
        except Exception as exc:  # one document's failure is its own, never the request's
            log.warning("coding %s failed: %s", r.source or r.id, short_reason(exc))
            errors.append({"source": r.source or r.id, "reason": short_reason(exc)})
    return done, errors


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _upload_type(filename: str, content_type: str | None) -> str:
    """The content type of an uploaded file, from its name first (browsers guess poorly)."""
    lower = filename.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        return "application/x-ndjson"
    if lower.endswith(".json"):
        return "application/json"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "text/html"
    if (
        lower.endswith((".txt", ".text", ".md"))
        or not content_type
        or content_type == "application/octet-stream"
    ):
        return "text/plain"
    return content_type
