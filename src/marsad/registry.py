"""Versioned component registry, in the spirit of spaCy's registries.

Every pipeline component is registered under a stage and a name with a version;
``Pipeline`` records ``name@version`` of each component it ran in every output, so
that a run can be reproduced.

    @registry.register("places", "marsad.geoparser", "1.0")
    class Geoparser: ...

Several versions of one name may be registered side by side. A reference to a component
(``PipelineConfig.components``, ``MARSAD_EVENT_CODER``, :func:`get`) is one of:

- ``marsad.event_coder``: the latest version registered under the name;
- ``marsad.event_coder.v2``: the latest version of major version 2 (the version is part of
  the name, as spaCy's ``spacy.Tagger.v2``);
- ``marsad.event_coder@1.0``: exactly that version (a config pinned to what a run recorded).
"""

from __future__ import annotations

import re
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


_REGISTRY: dict[tuple[str, str, str], Registration] = {}
_MAJOR = re.compile(r"^(?P<name>.+)\.v(?P<major>\d+)$")


def register(stage: str, name: str, version: str) -> Callable[[Any], Any]:
    """Class/function decorator registering a component factory under ``name`` at ``version``."""

    def decorate(factory: Any) -> Any:
        _REGISTRY[(stage, name, version)] = Registration(stage, name, version, factory)
        factory.registered_name = name
        factory.registered_version = version
        return factory

    return decorate


def version_key(version: str) -> tuple[int, ...]:
    """A version's release numbers, to order versions: ``1.2+model-1.0`` → (1, 2)."""
    release = version.split("+", 1)[0]
    return tuple(int(p) if p.isdigit() else -1 for p in release.split("."))


def major(version: str) -> int:
    """A version's major number (``1.2`` → 1)."""
    return version_key(version)[0]


def parse_ref(ref: str) -> tuple[str, str | None, int | None]:
    """(name, exact version or None, major version or None) of a component reference:
    ``name``, ``name@version`` or ``name.vN``."""
    name, sep, version = ref.partition("@")
    if sep:
        return name, version, None
    m = _MAJOR.match(name)
    if m:
        return m["name"], None, int(m["major"])
    return name, None, None


def versions(stage: str, name: str) -> list[Registration]:
    """Every version registered under ``name`` for ``stage``, oldest first."""
    found = [r for (s, n, _), r in _REGISTRY.items() if s == stage and n == name]
    return sorted(found, key=lambda r: version_key(r.version))


def get(stage: str, ref: str) -> Registration:
    """The registration a reference means (see the module's docstring); KeyError naming what is
    registered when none matches."""
    name, version, want_major = parse_ref(ref)
    found = versions(stage, name)
    if version is not None:
        found = [r for r in found if r.version == version]
    elif want_major is not None:
        found = [r for r in found if major(r.version) == want_major]
    if found:
        return found[-1]
    known = ", ".join(sorted({r.ref for r in _REGISTRY.values() if r.stage == stage})) or "none"
    raise KeyError(f"no component {ref!r} registered for stage {stage!r} (known: {known})")


def all_registrations() -> list[Registration]:
    return sorted(_REGISTRY.values(), key=lambda r: (r.stage, r.name, version_key(r.version)))


def ref(component: Any) -> str:
    """``name@version`` of a registered component instance or factory."""
    return f"{component.registered_name}@{component.registered_version}"
