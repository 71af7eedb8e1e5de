"""What a reader yields when a document cannot be read: the batch goes on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IngestError:
    """A document that could not be read: where it was (path[:line]) and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class DocumentError(ValueError):
    """Raised inside readers for a single bad document; turned into an IngestError."""


class DocumentTimeout(Exception):
    """A document (or batch) went over its time budget (see :mod:`marsad.engine.budget`)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than the time budget of {seconds:g} s per document")
        self.seconds = seconds
