"""Fixtures for the places tests: a spaCy pipeline with the gazetteer's EntityRuler."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def geo_nlp(nlp, gazetteer):
    from marsad.nlp.component import add_entity_ruler

    add_entity_ruler(nlp, gazetteer.ruler_patterns())
    return nlp


@pytest.fixture(scope="session")
def parse(geo_nlp, gazetteer):
    """``parse(text) -> list[Place]`` with the shared services."""
    from marsad.places import geoparse_text

    def run(text: str):
        return geoparse_text(text, nlp=geo_nlp, gazetteer=gazetteer)

    return run
