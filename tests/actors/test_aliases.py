"""Aliases versus mentions, query expansion, and the actors of today's conflicts."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.actors.aliases import actor_ids_for, is_alias


@pytest.mark.parametrize(
    "text", ["He", "It", "its", "itself", "the latter", "The former", "the group", "the two parties"]
)
def test_pronouns_and_descriptions_are_no_aliases(text):
    assert not is_alias(text)


@pytest.mark.parametrize("text", ["ISIS", "Jabhat al-Nusra", "the Iraqi army", "Golani", "the Islamic Front"])
def test_names_are_aliases(text):
    assert is_alias(text)


@pytest.mark.parametrize(
    ("query", "actor_id"),
    [
        ("Daesh", "ISIS"),
        ("ISIL", "ISIS"),
        ("Islamic State", "ISIS"),
        ("islamic state", "ISIS"),
        ("Islamic State of Iraq", "ISIS"),  # a former name
        ("داعش", "ISIS"),
        ("Nusra", "NUSRA"),
        ("Ansar Allah", "HOUTHIS"),
        ("Hemedti", "HEMEDTI"),
    ],
)
def test_queries_match_every_name(query, actor_id):
    assert actor_id in actor_ids_for(query)


def test_exact_acronyms_and_nonsense():
    assert "ISIS" in actor_ids_for("IS")
    assert "ISIS" not in actor_ids_for("is")
    assert actor_ids_for("Nobody at all") == frozenset()


def test_conflict_actors_with_dates_and_roles(actor_kb):
    for name, actor_id, country in [
        ("M23", "M23", "COD"),
        ("JNIM", "JNIM", "MLI"),
        ("Fano", "FANO", "ETH"),
        ("People's Defence Force", "PDF_MMR", "MMR"),
        ("Arakan Army", "ARAKAN_ARMY", "MMR"),
        ("Armed Forces of Ukraine", "UKR_MIL", "UKR"),
        ("Africa Corps", "AFRICA_CORPS", "RUS"),
        ("Tatmadaw", "MMR_MIL", "MMR"),
    ]:
        actor = actor_kb.lookup(name)[0]
        assert (actor.id, actor.country) == (actor_id, country)
        assert actor.sector
    assert actor_kb.get("JNIM").active_from == date(2017, 3, 2)
    assert actor_kb.lookup("pdf") is None  # the acronym only counts in capitals
    assert actor_kb.affiliation("SHOIGU", date(2020, 1, 1)) == "RUS_MIL"
    assert actor_kb.affiliation("HEMEDTI", date(2023, 5, 1)) == "RSF_SDN"
    assert actor_kb.affiliation("SYRSKYI", date(2024, 6, 1)) == "UKR_MIL"
