"""``marsad serve`` and ``marsad token create|list|revoke``.

Input: argparse arguments. Output: a running server, or tokens printed to stdout
(the clear token is printed once, at creation; only its hash is stored).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any


def _default_db() -> str:
    from marsad.config import default_db_path

    return str(default_db_path())


def register(subparsers: Any) -> None:
    """Add the ``serve`` and ``token`` sub-commands."""
    serve = subparsers.add_parser("serve", help="serve the store as a REST API and web app")
    serve.add_argument("--db", default=None, help="store path or database URL (default: the user data dir)")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--max-body", type=int, default=10_000_000, help="largest request body in bytes")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes answering requests (default 1; about one per CPU core for many readers)",
    )
    serve.set_defaults(func=run_serve)

    token = subparsers.add_parser("token", help="manage API tokens for the write endpoints")
    sub = token.add_subparsers(dest="token_command", required=True)
    create = sub.add_parser("create", help="create a token (printed once)")
    create.add_argument("name", help="who will use it (recorded as the reviewer)")
    create.add_argument("--db", default=None)
    create.set_defaults(func=run_token_create)
    listing = sub.add_parser("list", help="list tokens (names and hints, never the tokens)")
    listing.add_argument("--db", default=None)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=run_token_list)
    revoke = sub.add_parser("revoke", help="revoke a token by id")
    revoke.add_argument("id", type=int)
    revoke.add_argument("--db", default=None)
    revoke.set_defaults(func=run_token_revoke)


def _tokens(args: argparse.Namespace) -> Any:
    from marsad.serve.auth import Tokens
    from marsad.store import Store

    return Tokens(Store.open(args.db or _default_db()).engine)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from marsad.serve.app import SERVE_DB_ENV, SERVE_MAX_BODY_ENV, create_app

    db = args.db or _default_db()
    if args.workers < 1:
        print("marsad serve: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.workers == 1:
        app = create_app(db, max_body_bytes=args.max_body)
        print(f"marsad: serving {db} on http://{args.host}:{args.port}/ (API docs at /docs)", file=sys.stderr)
        uvicorn.run(app, host=args.host, port=args.port, log_level="info")
        return 0
    from marsad.store import Store

    # migrate the store once, here, rather than in every worker at once
    Store.open(db).close()
    os.environ[SERVE_DB_ENV], os.environ[SERVE_MAX_BODY_ENV] = str(db), str(args.max_body)
    print(
        f"marsad: serving {db} on http://{args.host}:{args.port}/ with {args.workers} worker processes "
        "(API docs at /docs)",
        file=sys.stderr,
    )
    uvicorn.run(
        "marsad.serve.app:app_from_env",
        factory=True,
        workers=args.workers,
        host=args.host,
        port=args.port,
        log_level="info",
    )
    return 0


def run_token_create(args: argparse.Namespace) -> int:
    try:
        token = _tokens(args).create(args.name)
    except ValueError as exc:
        print(f"marsad token: {exc}", file=sys.stderr)
        return 2
    print(token)
    print("store it now: it is not shown again (only its hash is kept)", file=sys.stderr)
    return 0


def run_token_list(args: argparse.Namespace) -> int:
    rows = [t.to_dict() for t in _tokens(args).list()]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        for t in rows:
            state = f"revoked {t['revoked_at']}" if t["revoked_at"] else "active"
            print(f"{t['id']}\t{t['name']}\t{t['hint']}…\t{t['created_at']}\t{state}")
    return 0


def run_token_revoke(args: argparse.Namespace) -> int:
    if _tokens(args).revoke(args.id):
        print(f"token {args.id} revoked", file=sys.stderr)
        return 0
    print(f"marsad token: no active token with id {args.id}", file=sys.stderr)
    return 1
