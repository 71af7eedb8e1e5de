"""Fixtures of the serve tests: a store with hand-made coded documents, a client, a token."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marsad.model import Actor, ActorMention, DateRange, Document, Event, Place, Relation, Span, Zone

ARTICLE = (
    "Militants attack Samarra\n\n"
    "Fighters of the Islamic State attacked Iraqi army positions in Samarra on Thursday, killing 12 soldiers. "
    "The Iraqi army and the Kurdish Peshmerga are allies against the group, officials said. "
    "Protesters reportedly gathered in Baghdad to demand better security.\n"
)


def span(text: str, needle: str, start: int = 0) -> Span:
    i = text.index(needle, start)
    return Span(needle, i, i + len(needle))


def mention(text: str, needle: str, actor_id: str, name: str, sector: str) -> ActorMention:
    s = span(text, needle)
    return ActorMention(
        s.text,
        s.start,
        s.end,
        actor_id=actor_id,
        name=name,
        sector=sector,
        country="IRQ",
        method="dictionary",
    )


def place(
    text: str, needle: str, geonameid: int, lat: float, lon: float, admin1: str, precision: int
) -> Place:
    s = span(text, needle)
    return Place(
        s.text,
        s.start,
        s.end,
        geonameid=geonameid,
        name=needle,
        lat=lat,
        lon=lon,
        country_code="IQ",
        admin1=admin1,
        feature_code="PPLA",
        precision=precision,
        score=0.9,
        reason="test place",
        method="gazetteer",
    )


def build_doc(
    text: str = ARTICLE, doc_id: str = "doc-test0000000001", day: date = date(2014, 6, 12)
) -> Document:
    """A coded document built by hand (no pipeline): two events, three actors, two relations."""
    isis = mention(text, "the Islamic State", "ISIS", "Islamic State", "REB")
    army = mention(text, "Iraqi army", "IRQ_MIL", "Iraqi Army", "MIL")
    pesh = mention(text, "Kurdish Peshmerga", "KRG_PESH", "Peshmerga", "MIL")
    assault = Event(
        id="e1",
        type="ASSAULT",
        mode="conventional",
        context=["military"],
        acled_event_type="Battles",
        acled_sub_event_type="Armed clash",
        actors=[isis],
        recipients=[army],
        location=place(text, "Samarra", 99072, 34.198, 43.874, "Salah ad Din", 1),
        date=DateRange(
            day,
            day,
            "day",
            text="Thursday",
            offset=text.index("Thursday"),
            reason="weekday before publication",
        ),
        evidence=span(
            text,
            "Fighters of the Islamic State attacked Iraqi army positions in Samarra on Thursday, killing 12 soldiers.",
        ),
        trigger=span(text, "attacked"),
        certainty="asserted",
        fatalities=12,
        confidence=0.9,
        reason="trigger 'attacked'",
        component="test@1",
    )
    protest = Event(
        id="e2",
        type="PROTEST",
        mode="demonstrate",
        context=[],
        acled_event_type="Protests",
        acled_sub_event_type="Peaceful protest",
        actors=[],
        recipients=[],
        location=place(text, "Baghdad", 98182, 33.341, 44.401, "Baghdad", 3),
        date=DateRange(day, day, "day", reason="publication date"),
        evidence=span(text, "Protesters reportedly gathered in Baghdad to demand better security."),
        trigger=span(text, "gathered"),
        certainty="reported",
        confidence=0.6,
        reason="trigger 'gathered'",
        component="test@1",
    )
    doc = Document(
        id=doc_id,
        text=text,
        title="Militants attack Samarra",
        date=day,
        publication="Test Wire",
        zones=[Zone("body", 0, len(text))],
    )
    doc.actor_mentions = [isis, army, pesh]
    doc.actors = [
        Actor(
            "ISIS",
            "Islamic State",
            kind="organization",
            sector="REB",
            aliases=["ISIS", "IS"],
            mentions=[span(text, "the Islamic State")],
        ),
        Actor(
            "IRQ_MIL",
            "Iraqi Army",
            kind="state_forces",
            sector="MIL",
            country="IRQ",
            mentions=[span(text, "Iraqi army")],
        ),
        Actor(
            "KRG_PESH",
            "Peshmerga",
            kind="state_forces",
            sector="MIL",
            country="IRQ",
            mentions=[span(text, "Kurdish Peshmerga")],
        ),
    ]
    doc.events = [assault, protest]
    doc.relations = [
        Relation("ISIS", "IRQ_MIL", "hostile", evidence=assault.evidence, reason="attack"),
        Relation(
            "IRQ_MIL",
            "KRG_PESH",
            "ally",
            evidence=span(
                text, "The Iraqi army and the Kurdish Peshmerga are allies against the group, officials said."
            ),
            certainty="reported",
        ),
    ]
    return doc


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "marsad.db")


@pytest.fixture
def app(db_path):
    from marsad.serve.app import create_app

    application = create_app(db_path, max_body_bytes=200_000)
    application.state.backend.add(build_doc())
    return application


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture
def token(app) -> str:
    return app.state.backend.tokens.create("tester")


@pytest.fixture
def auth(token) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def make_doc():
    """The factory of hand-made coded documents (``build_doc``)."""
    return build_doc


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (see ``chromium.py``); skips when Playwright is absent."""
    from .chromium import ARGS, CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip("headless Chromium (/usr/bin/chromium) is absent")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
