"""The pipeline: ingest → NLP → actors → places → dates → events → relations.

Services (the spaCy pipeline, the gazetteer, the actor knowledge base, the config) are injected
or built lazily from the config; each stage is a registered component (see
``marsad.registry``) and the ``name@version`` of each is recorded in every output. A component's
constructor names the services it needs as typed keyword parameters
(``Geoparser(*, gazetteer: Gazetteer, nlp: Language | None = None)``); :meth:`Services.provide`
passes it those, by name, building each only when some component asks for it.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from marsad import __version__, registry
from marsad.batching import batched
from marsad.config import STAGE_ORDER, PipelineConfig
from marsad.model import Document

if TYPE_CHECKING:
    from spacy.language import Language

    from marsad.actors.kb import ActorKB
    from marsad.places.gazetteer import Gazetteer


T = TypeVar("T")

# The services a component's constructor may ask for, by parameter name.
SERVICE_NAMES = ("config", "nlp", "gazetteer", "actor_kb")


class Services:
    """Lazily built shared services, injectable for tests and embedding."""

    def __init__(
        self,
        config: PipelineConfig,
        *,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        actor_kb: ActorKB | None = None,
    ) -> None:
        self.config = config
        if nlp is not None:
            self.__dict__["nlp"] = nlp
        if gazetteer is not None:
            self.__dict__["gazetteer"] = gazetteer
        if actor_kb is not None:
            self.__dict__["actor_kb"] = actor_kb

    @cached_property
    def nlp(self) -> Language:
        from marsad.nlp.loader import load_spacy

        return load_spacy(self.config.spacy_model)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        from marsad.places.gazetteer import Gazetteer

        return Gazetteer.open(self.config.gazetteer)

    @cached_property
    def actor_kb(self) -> ActorKB:
        from marsad.actors.kb import ActorKB

        return ActorKB.load(extra_files=self.config.actor_files)

    def provide(self, factory: Callable[..., T], name: str | None = None) -> T:
        """``factory`` called with the services its signature asks for: each parameter named as a
        service (:data:`SERVICE_NAMES`) gets that service, built now if it was not yet; the other
        parameters keep their defaults. A parameter without a default that no service fills is a
        ``TypeError`` naming the component (``name``) and the parameter."""
        component = name or getattr(factory, "__qualname__", repr(factory))
        given: dict[str, Any] = {}
        for param in inspect.signature(factory).parameters.values():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            if param.name not in SERVICE_NAMES:
                if param.default is param.empty:
                    raise TypeError(
                        f"component {component} needs {param.name!r}, which is not a service of the "
                        f"pipeline (services: {', '.join(SERVICE_NAMES)})"
                    )
                continue
            given[param.name] = getattr(self, param.name)
        return factory(**given)


# Modules registering optional components (their heavy dependencies load only when used).
OPTIONAL_COMPONENT_MODULES = ("marsad.learned.hybrid",)


def _import_components() -> None:
    """Import the modules that register the default and optional components."""
    import importlib

    import marsad.actors.resolver  # noqa: F401
    import marsad.dates.resolver  # noqa: F401
    import marsad.events.coder  # noqa: F401
    import marsad.learned.coder  # noqa: F401
    import marsad.learned.relation_model  # noqa: F401
    import marsad.nlp.component  # noqa: F401
    import marsad.places.geoparser  # noqa: F401
    import marsad.relations.extractor  # noqa: F401

    for name in OPTIONAL_COMPONENT_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue


class Pipeline:
    """Codes documents: ``Pipeline().process(text, date=...)`` returns a :class:`Document`."""

    name = "marsad"

    def __init__(
        self,
        config: PipelineConfig | None = None,
        *,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        actor_kb: ActorKB | None = None,
        stages: tuple[str, ...] = STAGE_ORDER,
    ) -> None:
        _import_components()
        self.config = config or PipelineConfig()
        self.services = Services(self.config, nlp=nlp, gazetteer=gazetteer, actor_kb=actor_kb)
        self.stages = stages
        self._components: dict[str, Any] = {}

    def component(self, stage: str) -> Any:
        if stage not in self._components:
            reg = registry.get(stage, self.config.components[stage])
            self._components[stage] = self.services.provide(reg.factory, reg.ref)
        return self._components[stage]

    def describe(self) -> dict[str, Any]:
        """The ``pipeline`` object recorded in every output."""
        from marsad.ingest import INGEST_COMPONENT

        components = {"ingest": INGEST_COMPONENT}
        for stage in self.stages:
            reg = registry.get(stage, self.config.components[stage])
            components[stage] = reg.ref
        info: dict[str, Any] = {"name": self.name, "version": __version__, "components": components}
        info["spacy_model"] = self.config.spacy_model
        if "nlp" in self._components:
            meta = self.services.nlp.meta
            info["spacy_model"] = f"{meta.get('lang')}_{meta.get('name')}@{meta.get('version')}"
        if "places" in self._components:
            info["gazetteer"] = self.services.gazetteer.describe()
        return info

    def run(self, doc: Document, *, parsed: bool = False, deadline: float | None = None) -> Document:
        """Run every stage over an ingested document (all but the NLP stage when ``parsed``:
        :meth:`parse_many` has parsed it with its batch). With a ``deadline`` (``time.monotonic()``),
        a document still unfinished at a stage's end raises ``DocumentTimeout``."""
        self._check_size(doc)
        for stage in self.stages:
            if not (parsed and stage == "nlp"):
                self.component(stage)(doc)
            if deadline is not None and time.monotonic() > deadline:
                from marsad.ingest.errors import DocumentTimeout

                raise DocumentTimeout(self.config.time_budget_s or 0)
        doc.pipeline = self.describe()
        return doc

    def memory_zone(self) -> AbstractContextManager[None]:
        """A block after which the spaCy strings and lexemes first met inside it are freed
        (:func:`marsad.nlp.memory.memory_zone`), so that a long run's vocabulary stays the size it
        had when the block began: code a batch inside it, and keep nothing spaCy made there
        (:func:`marsad.engine.base.code_batch` drops ``spacy_doc``). Every stage is built first,
        as a stage built inside would lose the strings it registers (the entity ruler's)."""
        if "nlp" not in self.stages:
            return nullcontext()
        for stage in self.stages:
            self.component(stage)
        from marsad.nlp.memory import memory_zone

        return memory_zone(self.services.nlp)

    def _check_size(self, doc: Document) -> None:
        if len(doc.text) > self.config.max_chars:
            from marsad.ingest.errors import DocumentError

            raise DocumentError(
                f"document is {len(doc.text):,} characters, over the limit of {self.config.max_chars:,} "
                "(set PipelineConfig.max_chars to raise it)"
            )

    def parse_many(self, docs: list[Document]) -> list[Document]:
        """The NLP stage over a batch, parsed together (spaCy's ``nlp.pipe``); returns the
        documents it parsed (those within ``max_chars``), to be finished by ``run(doc, parsed=True)``."""
        if "nlp" not in self.stages:
            return []
        fit = [d for d in docs if len(d.text) <= self.config.max_chars]
        component = self.component("nlp")
        if hasattr(component, "pipe"):
            component.pipe(fit, batch_size=self.config.batch_size)
        else:
            for doc in fit:
                component(doc)
        return fit

    def process(
        self,
        text: str,
        *,
        date: date | str | None = None,
        doc_id: str | None = None,
        title: str | None = None,
        url: str | None = None,
    ) -> Document:
        """Code one text. A scraped article page is recognised and its metadata read."""
        from marsad.ingest import document_from_text

        doc = document_from_text(text, date=date, doc_id=doc_id, title=title, url=url)
        return self.run(doc)

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Code documents in batches of ``config.batch_size``: the NLP stage parses each batch
        at once, the later stages take its documents one by one."""
        for batch in batched(docs, self.config.batch_size):
            parsed = {id(d) for d in self.parse_many(batch)}
            for doc in batch:
                yield self.run(doc, parsed=id(doc) in parsed)
