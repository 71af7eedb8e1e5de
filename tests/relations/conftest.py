import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "actors"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # relation_helpers

from actor_helpers import make_doc  # noqa: E402

from marsad.actors.resolver import ActorResolver  # noqa: E402
from marsad.relations.extractor import RelationExtractor  # noqa: E402


@pytest.fixture(scope="module")
def code(nlp, actor_kb):
    """Codes a text through the actors stage and the relation extractor."""
    resolver = ActorResolver(actor_kb=actor_kb)
    extractor = RelationExtractor()

    def run(text, day=date(2015, 6, 10)):
        return extractor(resolver(make_doc(nlp, text, day)))

    return run
