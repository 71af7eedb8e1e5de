"""The Phoenix index (built from the shipped file) and its use by the knowledge base."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from marsad.actors.world import WorldKB, build


@pytest.fixture(scope="module")
def world(tmp_path_factory, actor_kb) -> WorldKB:
    path = tmp_path_factory.mktemp("world") / "world.sqlite"
    build(path, states=frozenset(actor_kb.states), progress=False)
    return WorldKB(path, frozenset(actor_kb.states))


def test_counts_per_source(world):
    counts = world.counts()
    assert counts["countries"] > 15_000 and counts["international"] > 7_000 and counts["nonstate"] > 1_000
    assert counts["agents"] > 2_000 and counts["names"] > counts["countries"]


def test_date_bounded_role(world):
    maliki = world.lookup("Nouri al-Maliki", date(2010, 1, 1), person=True)
    assert maliki is not None and maliki.person
    assert maliki.describe(date(2010, 1, 1), world.states) == ("IRQ", "GOV", "person")
    assert maliki.describe(date(2016, 1, 1), world.states)[:2] == ("IRQ", "ELI")  # after 2014-09-08


def test_groups_and_international_actors(world):
    nidal = world.lookup("Abu Nidal Organization")
    assert nidal is not None and nidal.describe(None, world.states) == (None, "REB", "armed_group")
    amnesty = world.lookup("Amnesty International")
    assert amnesty is not None and amnesty.describe(None, world.states)[1] == "NGO"


def test_acronyms_only_in_capitals(world):
    assert world.lookup("KRG") is not None
    assert world.lookup("krg") is None


def test_a_leader_listed_under_his_group_is_no_person_entry(world):
    assert world.lookup("Abu Omar al-Shishani") is not None  # the group, for an ORG mention
    assert world.lookup("Abu Omar al-Shishani", person=True) is None


def test_agents(world):
    assert world.agent("Riot Police") == ("COP", "COP")


def test_pickles_by_path(world):
    again = pickle.loads(pickle.dumps(world))
    assert again.lookup("Abu Nidal Organization").id == world.lookup("Abu Nidal Organization").id


def test_kb_prefers_curated_actors(actor_kb):
    assert actor_kb.lookup("Nouri al-Maliki")[0].id == "MALIKI"  # curated, not phx:
    world_actor = actor_kb.lookup_world("Abu Nidal Organization")
    assert (
        world_actor is not None
        and world_actor.id.startswith("phx:")
        and world_actor.source == "phoenix:nonstate"
    )
    assert actor_kb.get(world_actor.id).name == "Abu Nidal Organization"
    assert "phx:abu_nidal_organization" not in {a.id for a in actor_kb}  # listing stays curated
    assert not any(p["id"].startswith("phx:") for p in actor_kb.ruler_patterns())


def test_world_off(monkeypatch):
    from marsad.actors.kb import ActorKB

    monkeypatch.setenv("MARSAD_WORLD_KB", "0")
    kb = ActorKB.load()
    assert kb.world is None and kb.lookup_world("Abu Nidal Organization") is None
