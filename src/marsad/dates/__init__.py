"""Dates stage: time expressions resolved against the article date."""

from marsad.dates.expressions import find_expressions, resolve_expression

__all__ = ["find_expressions", "resolve_expression"]
