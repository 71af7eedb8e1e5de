"""Weights, config and model card of the learned toponym candidate classifier (``marsad.places.candidates``)."""
