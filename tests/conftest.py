"""Shared fixtures. Heavy services (spaCy, gazetteer, actor KB) are built once per session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SEED_PATH = EXAMPLES / "al-monitor-2014-06-10-isis-on-offense.txt"
SEED_GOLD_PATH = REPO / "tests" / "fixtures" / "seed_gold.json"


def dev_data_dir() -> Path | None:
    """The shared development data (never committed); None when absent."""
    path = Path(os.environ.get("MARSAD_DEV_DATA", REPO.parent / "shared" / "data"))
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED_PATH


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads(SEED_GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nlp():
    from marsad.nlp.loader import load_spacy

    return load_spacy()


@pytest.fixture(scope="session")
def gazetteer():
    from marsad.places.gazetteer import Gazetteer

    return Gazetteer.open(None)


@pytest.fixture(scope="session")
def actor_kb():
    from marsad.actors.kb import ActorKB

    return ActorKB.load()


@pytest.fixture(scope="session")
def pipeline(nlp, gazetteer, actor_kb):
    from marsad import Pipeline

    return Pipeline(nlp=nlp, gazetteer=gazetteer, actor_kb=actor_kb)


@pytest.fixture(scope="session")
def seed_doc(pipeline, seed_text):
    """The seed article, coded once for the whole session."""
    return pipeline.process(seed_text)


@pytest.fixture
def dev_data() -> Path:
    path = dev_data_dir()
    if path is None:
        pytest.skip("development data (../shared/data or MARSAD_DEV_DATA) is absent")
    return path


@pytest.fixture
def postgres_url() -> str:
    """MARSAD_TEST_POSTGRES_URL with every marsad table dropped (the test skips without it)."""
    from marsad.store.migrate import drop_schema

    url = os.environ.get("MARSAD_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("MARSAD_TEST_POSTGRES_URL is not set (scripts/start-test-postgres.sh starts one)")
    drop_schema(url)
    return url
