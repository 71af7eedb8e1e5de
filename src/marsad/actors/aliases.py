"""What counts as an actor's alias, and which actors a query names.

* :func:`is_alias` — a mention text that names the actor ("ISIS", "Jabhat al-Nusra"), as
  opposed to a pronoun or a generic description ("He", "It", "the latter", "the group",
  "the two parties"): those stay mentions of the actor but are never stored as its aliases,
  or every "it" would find every organisation.
* :func:`actor_ids_for` — the dictionary actors a query string names, by any of their
  names: canonical, alias, transliteration, former (date-bounded) name, or a Phoenix name
  ("Daesh", "ISIL", "Islamic State" → ISIS; "Nusra" → NUSRA). Used by every actor filter
  (``marsad events --actor``, ``marsad graph --actor``, the API's ``actor=``).
"""

from __future__ import annotations

from functools import lru_cache

from marsad.actors.kb import ActorKB
from marsad.actors.normalize import alias_words

PRONOUNS = frozenset(
    [
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "which",
        "one",
        "ones",
    ]
)
DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "both",
        "two",
        "all",
        "each",
        "either",
        "neither",
        "its",
        "their",
        "his",
        "her",
    ]
)
# Head nouns that describe rather than name an actor when nothing else is said
GENERIC_WORDS = frozenset(
    [
        "latter",
        "former",
        "group",
        "groups",
        "organization",
        "organisation",
        "organizations",
        "organisations",
        "movement",
        "movements",
        "party",
        "parties",
        "side",
        "sides",
        "coalition",
        "alliance",
        "front",
        "faction",
        "factions",
        "militants",
        "militant",
        "fighters",
        "fighter",
        "jihadists",
        "jihadist",
        "rebels",
        "rebel",
        "insurgents",
        "insurgent",
        "forces",
        "force",
        "army",
        "military",
        "troops",
        "government",
        "regime",
        "authorities",
        "authority",
        "official",
        "officials",
        "leader",
        "leaders",
        "man",
        "men",
        "woman",
        "women",
        "people",
        "country",
        "state",
        "members",
        "member",
    ]
)


def is_alias(text: str) -> bool:
    """Whether ``text`` names an actor rather than referring to one: False for pronouns and
    for determiners with only generic nouns ("the latter", "the group", "both sides")."""
    words = alias_words(" ".join(text.split()))
    if not words:
        return False
    content = [w for w in words if w not in DETERMINERS and w not in PRONOUNS and w != "s"]
    if not content:
        return False
    return not all(w in GENERIC_WORDS for w in content)


@lru_cache(maxsize=1)
def query_kb() -> ActorKB:
    """The actor dictionary queries are matched against (shipped files + MARSAD_ACTORS)."""
    from marsad.config import PipelineConfig

    return ActorKB.load(PipelineConfig().actor_files)


@lru_cache(maxsize=4096)
def actor_ids_for(query: str) -> frozenset[str]:
    """Ids of the actors ``query`` names by any of their names (case-insensitive, except
    acronyms marked exact such as "IS"); empty when it names none."""
    text = " ".join(query.split())
    if not text:
        return frozenset()
    kb = query_kb()
    ids = {
        e.actor_id
        for e in kb.aliases_for(alias_words(text))
        if not e.exact_case or e.alias.replace(" ", "") == text.replace(" ", "")
    }
    if kb.world is not None:
        ids |= {actor.id for actor, _alias, _main in kb.world.candidates(text)}
    return frozenset(ids)
