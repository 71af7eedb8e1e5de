import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402

from marsad.actors.resolver import ActorResolver  # noqa: E402


@pytest.fixture(scope="module")
def stage(nlp, gazetteer, actor_kb):
    """The actors stage with the services the pipeline gives it."""
    return ActorResolver(actor_kb=actor_kb, gazetteer=gazetteer, nlp=nlp)
