"""What makes the server safe to expose to a team: response headers, and no server paths out.

Input: every HTTP response (headers), and the dicts/messages the API is about to return.
Output: responses carrying a Content-Security-Policy that allows no inline script, frame and
sniffing protections and a Referrer-Policy; dicts and messages with filesystem paths cut to
their last component (a client needs the file's name, never where it lives on the server).
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# 'unsafe-inline' for styles only: the views set style="..." attributes in their markup, and
# every value placed in an attribute is escaped, so no stored field can open one.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_NAMES = {name for name, _ in HEADERS}


class SecurityHeaders:
    """ASGI middleware: adds :data:`HEADERS` to every HTTP response (errors and static files too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _NAMES]
                message = {**message, "headers": [*kept, *HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def header_dict() -> dict[str, str]:
    """:data:`HEADERS` for a response built outside the middleware (the 500 handler)."""
    return {k.decode(): v.decode() for k, v in HEADERS}


# An absolute POSIX or Windows path of two or more components (URLs are left alone: the
# look-behind refuses a slash that follows ':' or another slash or a word character).
_PATH = re.compile(r"(?<![\w:/.\\-])(?:/[^\s/'\"<>:]+)+/(?=[^\s/'\"<>]+)|[A-Za-z]:\\(?:[^\s\\'\"<>]+\\)+")


def scrub_paths(text: str) -> str:
    """``text`` with the folders of every absolute path removed (the file name stays)."""
    return _PATH.sub("", text)


def short_reason(exc: BaseException, limit: int = 300) -> str:
    """A one-line reason for a client: the exception's kind and first line, no paths."""
    first = (str(exc).strip().splitlines() or [""])[0]
    reason = scrub_paths(f"{type(exc).__name__}: {first}" if first else type(exc).__name__)
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def public(value: Any) -> Any:
    """A copy of a response value with paths cut to names: ``path`` keys (the gazetteer's file
    in a pipeline description), ``source`` keys (the file a document was read from) and
    ``warnings``."""
    if isinstance(value, dict):
        return {k: _public_item(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


def _public_item(key: str, value: Any) -> Any:
    if isinstance(value, str):
        if key == "path" and value:
            return PurePath(value).name or value
        return scrub_paths(value) if key == "source" else value
    if key == "warnings" and isinstance(value, list):
        return [scrub_paths(v) if isinstance(v, str) else public(v) for v in value]
    return public(value)
