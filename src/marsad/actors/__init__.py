"""Actors stage: resolves actor mentions (named groups, state sectors, generic agents,
persons, coalitions, coreferent mentions) against a readable YAML knowledge base.

Public pieces: :class:`marsad.actors.kb.ActorKB` (the knowledge base),
:func:`marsad.actors.normalize.actor_key` (name normalisation for unknown actors) and the
registered component ``marsad.actor_resolver`` in :mod:`marsad.actors.resolver`.
"""
