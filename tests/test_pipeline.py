"""Each component names the services it needs as keyword parameters; the pipeline provides them by
name, builds a service only when a component asks for it, and says which one it cannot provide."""

from __future__ import annotations

import inspect

import pytest

from marsad import registry
from marsad.config import PipelineConfig
from marsad.ingest import document_from_text
from marsad.pipeline import SERVICE_NAMES, Pipeline, Services
from marsad.places.gazetteer import Gazetteer


def asked_services(factory) -> set[str]:
    return {p.name for p in inspect.signature(factory).parameters.values() if p.name in SERVICE_NAMES}


def test_every_registered_component_takes_keywords_and_requires_only_services():
    Pipeline()  # registers the components (their services are built only when asked for)
    for reg in registry.all_registrations():
        params = list(inspect.signature(reg.factory).parameters.values())
        assert all(p.kind is p.KEYWORD_ONLY for p in params), reg.ref
        assert {p.name for p in params if p.default is p.empty} <= set(SERVICE_NAMES), reg.ref


def test_each_default_stage_asks_for_the_services_its_contract_names():
    config = Pipeline().config
    asked = {
        stage: asked_services(registry.get(stage, ref).factory) for stage, ref in config.components.items()
    }
    assert asked == {
        "nlp": {"nlp", "actor_kb", "gazetteer"},
        "actors": {"actor_kb", "gazetteer", "nlp"},
        "places": {"gazetteer", "nlp"},
        "dates": set(),
        "events": set(),
        "relations": set(),
    }


def test_components_built_directly_code_as_the_pipeline_does(nlp, gazetteer, actor_kb, pipeline, seed_text):
    from marsad.actors.resolver import ActorResolver
    from marsad.dates.resolver import DateResolver
    from marsad.nlp.component import SpacyAnalyzer
    from marsad.places.geoparser import Geoparser
    from marsad.relations.extractor import RelationExtractor

    stages = [
        SpacyAnalyzer(nlp=nlp, actor_kb=actor_kb, gazetteer=gazetteer),
        ActorResolver(actor_kb=actor_kb, gazetteer=gazetteer, nlp=nlp),
        Geoparser(gazetteer=gazetteer, nlp=nlp),
        DateResolver(),
        registry.get("events", pipeline.config.components["events"]).factory(),  # the default profile
        RelationExtractor(),
    ]
    doc = document_from_text(seed_text)
    for stage in stages:
        stage(doc)
    coded = pipeline.process(seed_text)
    assert [registry.ref(s) for s in stages] == list(coded.pipeline["components"].values())[1:]
    direct, through_pipeline = doc.to_dict(), coded.to_dict()
    del direct["pipeline"], through_pipeline["pipeline"]
    assert direct["events"] and direct["places"] and direct["actors"]
    assert direct == through_pipeline


def test_the_pipeline_provides_services_by_name_and_builds_only_those_asked_for(gazetteer):
    services = Services(PipelineConfig(), gazetteer=gazetteer)

    def component(*, gazetteer: Gazetteer, config: PipelineConfig, threshold: float = 0.5) -> tuple:
        return gazetteer, config, threshold

    assert services.provide(component) == (gazetteer, services.config, 0.5)
    assert not {"nlp", "actor_kb"} & set(vars(services))  # never built

    pipe = Pipeline(stages=("dates", "events"))
    for stage in pipe.stages:
        pipe.component(stage)
    assert not {"nlp", "gazetteer", "actor_kb"} & set(vars(pipe.services))


def test_an_injected_service_reaches_the_component(nlp, gazetteer, actor_kb):
    places = Pipeline(nlp=nlp, gazetteer=gazetteer, actor_kb=actor_kb).component("places")
    assert places.gazetteer is gazetteer and places.nlp is nlp


@pytest.fixture
def test_stage(monkeypatch):
    """A stage of its own for test components; the registry is restored after."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    return "test_stage"


def test_a_service_the_pipeline_lacks_is_named_in_the_error(test_stage, gazetteer):
    @registry.register(test_stage, "marsad.test_geocoder", "1.0")
    class NeedsGeonames:
        def __init__(self, *, geonames: Gazetteer) -> None:
            self.geonames = geonames

    config = PipelineConfig(components={**PipelineConfig().components, test_stage: "marsad.test_geocoder"})
    with pytest.raises(
        TypeError, match=r"marsad\.test_geocoder@1\.0 needs 'geonames'.*services: config, nlp"
    ):
        Pipeline(config, stages=(test_stage,)).component(test_stage)
    assert NeedsGeonames(geonames=gazetteer).geonames is gazetteer  # built directly, it works
