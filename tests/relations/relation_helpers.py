"""Helpers the relation tests share."""


def pairs(doc, rel_type):
    """The unordered actor pairs of the document's relations of ``rel_type``."""
    return {frozenset((r.source, r.target)) for r in doc.relations if r.type == rel_type}
