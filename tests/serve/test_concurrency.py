"""Several server processes on one store: aggregates follow every write, ``--workers N`` serves."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date

from fastapi.testclient import TestClient

from marsad.serve.app import create_app

from .conftest import build_doc

EVENTS_TABLE = "/api/events?_facet=type&_facet=actor"


def test_aggregates_follow_writes_of_another_process(db_path, client):
    """A second app on the same database stands for another worker process: what it writes,
    the first one's cached aggregates show at once."""
    before = client.get("/api/stats").json()
    facets = client.get(EVENTS_TABLE).json()
    assert client.get("/api/stats").json() == before  # served again from the cache
    assert client.app.state.cache.hits >= 1

    other = create_app(db_path)
    # a year later: other events, not reports of the same ones (which the store would merge)
    other.state.backend.add(build_doc(doc_id="doc-test0000000002", day=date(2015, 6, 11)))
    after = client.get("/api/stats").json()
    assert after["documents"] == before["documents"] + 1
    assert after["events"] == before["events"] + 2
    type_counts = {f["value"]: f["n"] for f in client.get(EVENTS_TABLE).json()["facets"]["type"]}
    assert sum(type_counts.values()) == sum(f["n"] for f in facets["facets"]["type"]) + 2

    event_id = client.get("/api/events?_size=1").json()["rows"][0]["id"]
    with TestClient(other) as writer:
        token = other.state.backend.tokens.create("reviewer")
        r = writer.patch(
            f"/api/events/{event_id}",
            json={"status": "verified"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 200, r.text
    assert client.get("/api/stats").json()["events_by_status"].get("verified") == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_workers_on_an_empty_store(tmp_path):
    db, port = str(tmp_path / "new.db"), _free_port()
    from marsad.cli import main as cli

    assert cli(["store", "migrate", "--db", db]) == 0  # serve refuses a store that does not exist
    main = "import sys; from marsad.cli import main; sys.exit(main())"
    cmd = [sys.executable, "-c", main, "serve", "--db", db, "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline, stats = time.monotonic() + 120, None
        while stats is None and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1][-2000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5) as r:
                    stats = json.loads(r.read())
            except OSError:
                time.sleep(0.3)
        assert stats is not None and stats["events"] == 0
        for _ in range(20):  # every answer, from whichever worker, is whole
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?_facet=type", timeout=5) as r:
                assert json.loads(r.read())["total"] == 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode in (0, -15)
