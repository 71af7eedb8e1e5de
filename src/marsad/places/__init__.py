"""Places stage: offline GeoNames gazetteer, toponym recognition and resolution.

``geoparse_text(text, nlp=..., gazetteer=...)`` returns the places of any text; the
registered component is ``marsad.places.geoparser.Geoparser`` (``marsad.geoparser@1.7``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marsad.model import Place
    from marsad.places.gazetteer import Gazetteer


def geoparse_text(
    text: str, *, nlp: Any, gazetteer: Gazetteer, candidates: bool | None = None
) -> list[Place]:
    """Every toponym in ``text`` with its resolution (offsets into ``text``), role and
    confidence; ``candidates`` adds the candidate recogniser's toponyms (default:
    ``marsad.places.geoparser.candidates_enabled()``)."""
    from marsad.places.geoparser import geoparse_text as _geoparse

    return _geoparse(text, nlp=nlp, gazetteer=gazetteer, candidates=candidates)


__all__ = ["geoparse_text"]
