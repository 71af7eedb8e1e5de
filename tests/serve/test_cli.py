"""`marsad token create|list|revoke` and the `serve` parser, through the main CLI."""

from __future__ import annotations

import json

from marsad.cli import main


def test_token_lifecycle(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert main(["token", "create", "analyst", "--db", db]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("msd_") and len(token) > 40

    from marsad.serve.auth import Tokens
    from marsad.store import Store

    engine = Store.open(db).engine
    tokens = Tokens(engine)
    assert tokens.check(token) == "analyst"
    assert tokens.check(token + "x") is None
    with engine.connect() as conn:  # only the hash is stored
        from sqlalchemy import text

        stored = conn.execute(text("select token_hash, hint from api_tokens")).one()
    assert token not in stored.token_hash and len(stored.hint) < 12

    assert main(["token", "list", "--db", db, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["name"] == "analyst" and listed[0]["revoked_at"] is None
    assert "token_hash" not in listed[0]

    assert main(["token", "revoke", str(listed[0]["id"]), "--db", db]) == 0
    assert tokens.check(token) is None
    assert main(["token", "revoke", str(listed[0]["id"]), "--db", db]) == 1
    assert main(["token", "create", "  ", "--db", db]) == 2


def test_serve_parser_defaults():
    from marsad.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.db) == ("127.0.0.1", 8000, None)
