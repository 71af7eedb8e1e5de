"""Versioned component registry, in the spirit of spaCy's registries.

Every pipeline component is registered under a stage and a name with a version;
``Pipeline`` records ``name@version`` of each component it ran in every output, so
that a run can be reproduced.

    @registry.register("places", "marsad.geoparser", "1.0")
    class Geoparser: ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from marsad.model import Document


class Component(Protocol):
    """What a pipeline stage component looks like: a callable that fills a Document."""

    registered_name: str
    registered_version: str

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True)
class Registration:
    stage: str
    name: str
    version: str
    factory: Callable[..., Any]

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


_REGISTRY: dict[tuple[str, str], Registration] = {}


def register(stage: str, name: str, version: str) -> Callable[[Any], Any]:
    """Class/function decorator registering a component factory."""

    def decorate(factory: Any) -> Any:
        _REGISTRY[(stage, name)] = Registration(stage, name, version, factory)
        factory.registered_name = name
        factory.registered_version = version
        return factory

    return decorate


def get(stage: str, name: str) -> Registration:
    try:
        return _REGISTRY[(stage, name)]
    except KeyError:
        known = ", ".join(sorted(n for s, n in _REGISTRY if s == stage)) or "none"
        raise KeyError(f"no component {name!r} registered for stage {stage!r} (known: {known})") from None


def all_registrations() -> list[Registration]:
    return sorted(_REGISTRY.values(), key=lambda r: (r.stage, r.name))


def ref(component: Any) -> str:
    """``name@version`` of a registered component instance or factory."""
    return f"{component.registered_name}@{component.registered_version}"
