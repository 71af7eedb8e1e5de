"""Events stage: codes PLOVER events (with ACLED types) from each sentence's dependency parse.

The registered component is :class:`marsad.events.coder.EventCoder` (``marsad.event_coder@1.0``);
the small modules beside it do one job each: the trigger lexicon (``lexicon``, ``data/*.yaml``),
trigger finding (``triggers``), arguments (``arguments``), modality and certainty (``modality``),
attributes (``attributes``), dates (``dating``), locations (``location``), ACLED mapping (``acled``),
event coreference (``coref``) and salience (``salience``).
"""
