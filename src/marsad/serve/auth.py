"""API tokens for the write endpoints (ingest, review), stored hashed.

A token is ``msd_`` + 32 random bytes (URL-safe base64); only its SHA-256 is kept (the
token is high-entropy, so a fast hash is safe), so the table cannot be used to write.
Input: a token from the ``Authorization: Bearer ...`` or ``X-Marsad-Token`` header.
Output: the token's name (the reviewer recorded in the history), or None.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from marsad.store.schema import api_tokens as tokens

PREFIX = "msd_"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class TokenInfo:
    id: int
    name: str
    hint: str
    created_at: str
    revoked_at: str | None
    last_used_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Tokens:
    """Create, list, revoke and check tokens in the store's database (table ``api_tokens``,
    created by the store's migrations)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, name: str) -> str:
        """A new token for ``name``; the clear token is returned once and never stored."""
        if not name.strip():
            raise ValueError("a token needs a name (who uses it)")
        token = PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                insert(tokens).values(
                    name=name.strip(), token_hash=hash_token(token), hint=token[:10], created_at=now()
                )
            )
        return token

    def list(self) -> list[TokenInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(tokens).order_by(tokens.c.id)).all()
        return [TokenInfo(r.id, r.name, r.hint, r.created_at, r.revoked_at, r.last_used_at) for r in rows]

    def revoke(self, token_id: int) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(tokens)
                .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
                .values(revoked_at=now())
            )
        return result.rowcount > 0

    def check(self, token: str | None) -> str | None:
        """The name of a valid, unrevoked token, else None."""
        if not token or not token.startswith(PREFIX) or len(token) > 200:
            return None
        digest = hash_token(token)
        with self.engine.begin() as conn:
            row = conn.execute(
                select(tokens.c.id, tokens.c.name, tokens.c.token_hash).where(
                    tokens.c.token_hash == digest, tokens.c.revoked_at.is_(None)
                )
            ).first()
            if row is None or not hmac.compare_digest(row.token_hash, digest):
                return None
            conn.execute(update(tokens).where(tokens.c.id == row.id).values(last_used_at=now()))
        return str(row.name)
