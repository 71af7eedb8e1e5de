"""Stable document ids."""

from __future__ import annotations

import hashlib
import unicodedata


def content_hash(text: str) -> str:
    """SHA-256 of the NFC-normalised text with unified line endings."""
    norm = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def document_id(text: str) -> str:
    """A stable id from the content: the same text always gets the same id."""
    return "doc-" + content_hash(text)[:16]
