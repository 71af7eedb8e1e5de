"""The server is safe to expose to a team (issue 16, item 4), checked over HTTP.

Headers on every response, a CSP that allows no inline script, 4xx (never 500) with a short
reason for malformed requests, CSV formula cells neutralised, a token where documented (and
declared in the OpenAPI schema), no server paths in responses. The stored-XSS checks run in
Chromium: ``test_security_browser.py``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from marsad.model import Document
from marsad.store import stable_event_id

E1 = stable_event_id("doc-test0000000001", "e1")
STATIC = Path(__file__).resolve().parents[2] / "src" / "marsad" / "serve" / "static"
SECRET_DIR = "/srv/marsad-secret/data"


class StubPipeline:
    """Codes nothing, records a pipeline description naming a file, as the real one does."""

    def run(self, doc: Document) -> Document:
        if "explode" in doc.text:
            raise RuntimeError(f"cannot open {SECRET_DIR}/gazetteer.sqlite")
        doc.pipeline = {"name": "stub", "gazetteer": {"path": f"{SECRET_DIR}/gazetteer.sqlite"}}
        return doc


@pytest.fixture
def lenient(app):
    """A client that returns a 500 as a response (so a test can say which request gave it)."""
    from fastapi.testclient import TestClient

    app.state.pipeline = StubPipeline()
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


# -- headers -------------------------------------------------------------------------------


def csp_directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def check_headers(r: Any) -> None:
    h = r.headers
    csp = csp_directives(h["content-security-policy"])
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts == ["'self'"], csp
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert h["x-frame-options"] == "DENY"
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    "method,path,kwargs",
    [
        ("GET", "/", {}),
        ("GET", "/docs", {}),
        ("GET", "/openapi.json", {}),
        ("GET", "/static/js/app.js", {}),
        ("GET", "/static/vendor/leaflet/leaflet.css", {}),
        ("GET", "/api/events", {}),
        ("GET", "/api/events.csv", {}),
        ("GET", "/api/events/nope", {}),  # 404
        ("GET", "/api/events?_size=x", {}),  # 400
        ("GET", "/api/places/abc", {}),  # 422
        ("POST", "/api/extract", {"content": b"text"}),  # 401
        ("POST", "/api/documents", {"content": b"x" * 300_000}),  # 413 from the body limit
        ("GET", "/static/nope.js", {}),  # 404 of the static files
    ],
)
def test_every_response_carries_the_security_headers(lenient, method, path, kwargs):
    check_headers(lenient.request(method, path, **kwargs))


def test_an_internal_failure_is_a_short_json_500_with_the_headers(lenient, app, monkeypatch):
    from marsad.serve import queries

    def broken(_engine):
        raise RuntimeError(f"database {SECRET_DIR}/marsad.db is locked")

    monkeypatch.setattr(queries, "stats", broken)
    r = lenient.get("/api/stats")
    assert r.status_code == 500 and r.json()["error"] == "internal"
    assert SECRET_DIR not in r.text and "Traceback" not in r.text
    check_headers(r)


def test_the_app_and_docs_pages_hold_no_inline_script():
    for page in ("index.html", "docs.html"):
        html = (STATIC / page).read_text()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S | re.I)
        assert scripts, page
        for attrs, body in scripts:
            assert 'src="/static/' in attrs and not body.strip(), (page, attrs)
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", html, flags=re.I), page
        assert "javascript:" not in html.lower(), page
    for js in (STATIC / "js").glob("*.js"):
        text = js.read_text()
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, flags=re.I), f"inline handler in {js.name}"
        assert not re.search(r"[\"'`=]\s*javascript:", text, flags=re.I), js.name


def test_docs_page_is_the_static_one(lenient):
    html = lenient.get("/docs").text
    assert '<script src="/static/js/docs.js"' in html and "SwaggerUIBundle(" not in html


# -- malformed requests -----------------------------------------------------------------------

JSON = {"Content-Type": "application/json"}
TEXT = {"Content-Type": "text/plain"}
BAD_GETS = [
    "/api/events?geonameid=99999999999999999999",
    "/api/events?geonameid=-1",
    "/api/events?geonameid=1.5",
    "/api/events?_size=" + "9" * 5000,
    "/api/events?_page=0",
    "/api/events?min_confidence=nan",
    "/api/events?min_confidence=1e999",
    "/api/events?bbox=nan,nan,nan,nan",
    "/api/events?start=0001-13-01",
    "/api/events?_sort=;drop",
    "/api/events.csv?geonameid=99999999999999999999",
    "/api/places/99999999999999999999",
    "/api/places/-5",
    "/api/map/grid?cell=nan",
    "/api/map/grid?cell=1e308",
    "/api/graph?min_count=99999999999999999999",
    "/api/graph?limit=0",
    "/api/actors?_size=99999999999999999999",
    "/api/timeline?bucket=%00",
    "/api/graph/edge?source=a",
]


@pytest.mark.parametrize("path", BAD_GETS)
def test_malformed_queries_are_4xx_with_a_reason(lenient, path):
    r = lenient.get(path)
    assert 400 <= r.status_code < 500, (path, r.status_code, r.text[:300])
    assert r.json().get("detail") and len(r.text) < 2000


BAD_REVIEWS = [
    {"json": {"corrections": {"fatalities": 1e30}}},
    {"json": {"corrections": {"fatalities": 10**30}}},
    {"json": {"corrections": {"fatalities": -1}}},
    {"json": {"corrections": {"location.geonameid": 99999999999999999999}}},
    {"json": {"corrections": {"date.start": "0001-01-01"}}},
    {"json": {"corrections": {"date.end": "9999-12-31"}}},
    {"json": {"corrections": {"type": ["ASSAULT"]}}},
    {"json": {"corrections": {"type": "x" * 600}}},
    {"json": {"corrections": []}},
    {"json": {"status": "approved"}},
    {"json": {"note": 5}},
    {"content": b'{"corrections": {"location.lat": NaN}}', "headers": JSON},
    {"content": b'{"corrections": {"location.lon": Infinity}}', "headers": JSON},
    {"content": b'{"corrections": {"type": "\\ud800"}}', "headers": JSON},
    {"content": b'{"status": ', "headers": JSON},
    {"content": b"[" * 50_000, "headers": JSON},
    {"content": b"\xff\xfe", "headers": JSON},
]
BAD_POSTS = [
    {"json": {"text": "Gunmen attacked a checkpoint.", "date": "0001-01-01"}},
    {"json": {"text": 5}},
    {"json": 5},
    {"json": []},
    {"json": [None, "x", 3]},
    {"content": b"[" * 50_000, "headers": JSON},
    {"content": b"1" * 5000, "headers": JSON},
    {"content": b"{broken", "headers": JSON},
    {"content": b"Gunmen attacked.", "params": {"date": "0001-01-01"}, "headers": TEXT},
    {"content": b"Gunmen attacked.", "params": {"date": "99999-01-01"}, "headers": TEXT},
    {"content": b"Gunmen attacked.", "params": {"title": "t" * 501}, "headers": TEXT},
    {"content": b"x", "headers": {"Content-Type": "multipart/form-data; boundary=zz"}},
    {"content": b"x", "headers": {"Content-Type": "image/png"}},
    {"content": b"", "headers": TEXT},
]


def check_refused(r: Any, what: Any) -> None:
    assert 400 <= r.status_code < 500, (what, r.status_code, r.text[:300])
    body = r.json()
    assert body.get("detail") or body.get("errors"), body
    assert len(r.text) < 2000


@pytest.mark.parametrize("kwargs", BAD_REVIEWS)
def test_malformed_reviews_are_4xx_with_a_reason(lenient, auth, kwargs):
    headers = {**auth, **kwargs.get("headers", {})}
    check_refused(lenient.patch(f"/api/events/{E1}", **{**kwargs, "headers": headers}), kwargs)
    page = lenient.get(f"/api/events/{E1}").json()
    assert not [h for h in page["history"] if h["action"] == "review"]  # nothing half-written
    assert page["status"] == "candidate" and not page["corrected"]


@pytest.mark.parametrize("kwargs", BAD_POSTS)
@pytest.mark.parametrize("target", ["documents", "extract"])
def test_malformed_bodies_are_4xx_with_a_reason(lenient, auth, kwargs, target):
    headers = {**auth, **kwargs.get("headers", {})}
    check_refused(lenient.post(f"/api/{target}", **{**kwargs, "headers": headers}), kwargs)


def test_a_malformed_wait_flag_is_422(lenient, auth):
    r = lenient.post("/api/documents", params={"wait": "maybe"}, content=b"Gunmen attacked.", headers=auth)
    check_refused(r, "wait=maybe")


def test_a_malformed_content_length_is_400(lenient):
    r = lenient.get("/api/events", headers={"Content-Length": "abc"})
    assert r.status_code == 400 and "Content-Length" in r.json()["detail"]


def test_one_failing_document_is_an_error_of_its_own(lenient, auth):
    body = [{"text": "Gunmen attacked a checkpoint."}, {"text": "this one will explode"}]
    r = lenient.post("/api/extract", json=body, headers=auth)
    assert r.status_code == 200, r.text
    assert len(r.json()["documents"]) == 1 and r.json()["errors"][0]["source"] == "upload[2]"
    r = lenient.post("/api/documents", json=body[1:], headers=auth)
    assert r.status_code == 422 and "RuntimeError" in r.json()["errors"][0]["reason"]


def test_wrong_typed_and_huge_coded_fields_never_reach_a_500(lenient, app, make_doc):
    """A coded document with fields of the wrong type or beyond the columns' range (from an old
    store or a faulty component) is stored with those fields blanked, and every page serves."""
    coded = make_doc(doc_id="doc-weird000000001").to_dict()
    coded["url"], coded["title"], coded["date"] = [], {"a": 1}, "0001-01-01"
    ev = coded["events"][0]
    ev["fatalities"] = 99999999999999999999999
    ev["confidence"] = float("nan")
    ev["location"]["geonameid"] = 10**30
    ev["location"]["lat"] = 1e308
    ev["location"]["country_code"] = "IRAQ"
    ev["date"]["start"] = "0001-01-01"
    ev["actors"][0]["name"] = ["not", "a", "name"]
    coded["events"].append("not an event")
    coded["relations"].append({"source": "ISIS", "target": 5, "type": None})
    coded["text"] = "text with a NUL \x00 and a lone \ud800 surrogate"
    ids = app.state.backend.store.ingest(coded).event_ids
    for path in ("/api/events", "/api/events.csv", "/api/events.geojson", f"/api/events/{ids[0]}"):
        r = lenient.get(path)
        assert r.status_code == 200, (path, r.text[:300])
    row = next(x for x in lenient.get("/api/events").json()["rows"] if x["id"] == ids[0])
    assert row["fatalities"] is None and row["lat"] is None and row["country"] is None
    detail = lenient.get(f"/api/events/{ids[0]}").json()
    assert detail["source"]["url"] is None and detail["event"]["confidence"] is None


# -- CSV ---------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_events_csv_neutralises_formula_cells(lenient, app, make_doc):
    coded = make_doc(doc_id="doc-formula0000001").to_dict()
    ev = coded["events"][0]
    ev["evidence"]["text"], ev["location"]["name"] = FORMULAS[0], FORMULAS[1]
    ev["location"]["admin1"], ev["mode"] = FORMULAS[2], FORMULAS[3]
    ev["actors"][0]["name"], ev["type"] = FORMULAS[4], FORMULAS[5]
    ev["location"]["lon"] = -3.25
    coded["text"] = "some text"
    first = app.state.backend.store.ingest(coded).event_ids[0]
    r = lenient.get("/api/events.csv", params={"doc": "doc-formula0000001"})
    rows = [row for row in csv.DictReader(io.StringIO(r.text, newline="")) if row["id"] == first]
    assert len(rows) == 1
    row = rows[0]
    assert row["evidence"] == "'" + FORMULAS[0] and row["place_name"] == "'" + FORMULAS[1]
    assert row["admin1"] == "'" + FORMULAS[2] and row["actors_text"].startswith("'\t=1")
    assert row["type"] == "'\n=1"  # quoted, on one CSV row
    assert row["lon"] == "-3.25"  # a number stays a number
    for value in row.values():
        assert not value.startswith(("=", "+", "@", "\t", "\r")), value


# -- tokens and the OpenAPI schema ---------------------------------------------------------------

WRITES = [
    ("POST", "/api/documents", {"json": {"text": "Gunmen attacked a checkpoint."}}),
    ("POST", "/api/extract", {"json": {"text": "Gunmen attacked a checkpoint."}}),
    ("PATCH", f"/api/events/{E1}", {"json": {"status": "verified"}}),
]


@pytest.mark.parametrize("method,path,kwargs", WRITES)
def test_writes_and_extract_need_a_token(lenient, token, method, path, kwargs):
    r = lenient.request(method, path, **kwargs)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert "token" in r.json()["detail"]
    r = lenient.request(method, path, **kwargs, headers={"Authorization": "Bearer msd_forged"})
    assert r.status_code == 403
    r = lenient.request(method, path, **kwargs, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert r.status_code == 401
    for headers in ({"Authorization": f"Bearer {token}"}, {"X-Marsad-Token": token}):
        r = lenient.request(method, path, **kwargs, headers=headers)
        assert r.status_code in (200, 201), (headers, r.text[:300])


def test_a_revoked_token_is_refused(lenient, app, token):
    tokens = app.state.backend.tokens
    tokens.revoke(tokens.list()[-1].id)
    r = lenient.post("/api/extract", json=WRITES[1][2]["json"], headers={"X-Marsad-Token": token})
    assert r.status_code == 403


def test_openapi_declares_the_token_schemes(lenient):
    schema = lenient.get("/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert schemes["header"] == {
        **schemes["header"],
        "type": "apiKey",
        "in": "header",
        "name": "X-Marsad-Token",
    }
    protected = {
        ("post", "/api/documents"),
        ("post", "/api/extract"),
        ("patch", "/api/events/{event_id}"),
    }
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            names = {name for req in op.get("security", []) for name in req}
            if (method, path) in protected:
                assert names == {"bearer", "header"}, (method, path)
            else:
                assert not names, (method, path)
    names = {p["name"].lower() for p in schema["paths"]["/api/extract"]["post"].get("parameters", [])}
    assert "authorization" not in names  # a scheme, not a free header parameter


# -- no server paths ----------------------------------------------------------------------------


def test_responses_name_no_server_folder(lenient, app, auth, make_doc):
    r = lenient.post("/api/extract", json={"text": "Gunmen attacked a checkpoint."}, headers=auth)
    coded = r.json()["documents"][0]
    assert coded["pipeline"]["gazetteer"]["path"] == "gazetteer.sqlite"
    r = lenient.post("/api/extract", json={"text": "this will explode"}, headers=auth)
    assert r.status_code == 422 and "gazetteer.sqlite" in r.text and SECRET_DIR not in r.text

    doc = make_doc(doc_id="doc-fromdisk000001", day=date(2016, 1, 7))  # not merged with the fixture's
    doc.source = "/home/analyst/feeds/2014/batch.jsonl:3"
    app.state.backend.add(doc)
    detail = lenient.get(f"/api/events/{stable_event_id('doc-fromdisk000001', 'e1')}").json()
    assert detail["source"]["source"] == "batch.jsonl:3"
    assert "/home/analyst" not in json.dumps(detail)


def test_the_real_pipeline_output_names_no_folder(request, app, auth):
    from fastapi.testclient import TestClient

    try:
        app.state.pipeline = request.getfixturevalue("pipeline")
    except Exception as exc:  # stages are written in parallel: skip until they load
        pytest.skip(f"the pipeline cannot be built yet: {type(exc).__name__}: {exc}")
    with TestClient(app) as c:
        text = "Gunmen attacked a police checkpoint in Kirkuk on Monday, killing three policemen."
        r = c.post("/api/extract", json={"text": text, "date": "2015-03-02"}, headers=auth)
    assert r.status_code == 200
    gazetteer = r.json()["documents"][0]["pipeline"].get("gazetteer") or {}
    assert "path" not in gazetteer or "/" not in gazetteer["path"], gazetteer
    assert re.search(r'"/(home|root|tmp|srv|var|usr)/', r.text) is None
