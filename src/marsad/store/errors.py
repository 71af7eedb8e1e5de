"""Why the store refused a document, said in plain words (not the driver's message with its
SQL statement and every parameter, which can hold a whole article)."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (
        sa_exc.IntegrityError,
        "a value conflicts with what the store holds (a duplicate or a missing reference)",
    ),
    (sa_exc.DataError, "a value does not fit its column (too long, out of range or of the wrong type)"),
    (sa_exc.OperationalError, "the database could not be written (locked, full, or unreachable)"),
    (OverflowError, "a number is too large for the store"),
    (UnicodeError, "the text has characters the store cannot hold"),
    (RecursionError, "the coded document is nested too deeply"),
)


def store_error_reason(exc: BaseException) -> str:
    """A short plain-language reason for a refused document, with the driver's first line."""
    plain = next((text for kind, text in _REASONS if isinstance(exc, kind)), None)
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = detail[0][:200] if detail else type(exc).__name__
    return f"{plain} ({first})" if plain else f"{type(exc).__name__}: {first}"
