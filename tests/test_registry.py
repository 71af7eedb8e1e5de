"""The registry: versions side by side, the version as part of the name, a config that pins one."""

from __future__ import annotations

import pytest

from marsad import registry
from marsad.config import PipelineConfig
from marsad.pipeline import Pipeline


@pytest.fixture
def registered(monkeypatch):
    """Three versions of one component in a stage of their own; the registry is restored after."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    made = {}
    for version in ("1.0", "1.2+model-2.0", "2.0"):

        def factory(version=version):
            return version

        registry.register("test_stage", "marsad.test_coder", version)(factory)
        made[version] = factory
    return made


def test_a_name_alone_means_the_latest_version(registered):
    assert registry.get("test_stage", "marsad.test_coder").version == "2.0"


def test_the_major_version_is_part_of_the_name(registered):
    assert registry.get("test_stage", "marsad.test_coder.v1").version == "1.2+model-2.0"
    assert registry.get("test_stage", "marsad.test_coder.v2").version == "2.0"
    with pytest.raises(KeyError, match=r"marsad\.test_coder\.v3.*known: marsad\.test_coder@1\.0"):
        registry.get("test_stage", "marsad.test_coder.v3")


def test_an_exact_version_is_pinned_with_at(registered):
    reg = registry.get("test_stage", "marsad.test_coder@1.0")
    assert (reg.version, reg.ref, reg.factory()) == ("1.0", "marsad.test_coder@1.0", "1.0")
    with pytest.raises(KeyError):
        registry.get("test_stage", "marsad.test_coder@9.9")


def test_references_parse():
    assert registry.parse_ref("marsad.event_coder") == ("marsad.event_coder", None, None)
    assert registry.parse_ref("marsad.event_coder.v2") == ("marsad.event_coder", None, 2)
    assert registry.parse_ref("marsad.event_coder@1.0") == ("marsad.event_coder", "1.0", None)
    # a dotted profile name is a name, not a version
    assert registry.parse_ref("marsad.learned_event_coder.accurate")[1:] == (None, None)


def test_a_config_pins_a_component_version_and_the_output_records_it():
    config = PipelineConfig(
        components={
            **PipelineConfig().components,
            "events": "marsad.event_coder.v1",
            "dates": "marsad.date_resolver@1.0",
        }
    )
    described = Pipeline(config, stages=("dates", "events")).describe()["components"]
    assert described["events"] == "marsad.event_coder@1.0"
    assert described["dates"] == "marsad.date_resolver@1.0"
    wrong = PipelineConfig(components={**PipelineConfig().components, "events": "marsad.event_coder.v9"})
    with pytest.raises(KeyError, match="no component 'marsad.event_coder.v9'"):
        Pipeline(wrong, stages=("events",)).describe()
