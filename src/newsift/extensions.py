"""The ``Doc._.newsift_*`` extensions every stage reads and writes.

Stages exchange plain JSON-ready values (dicts and lists shaped like the
record's parts), so a Doc's findings survive pickling between worker
processes and the record can be built from them in one place.
``None`` means "the stage that writes this did not run".
"""

from __future__ import annotations

from spacy.tokens import Doc

#: name -> what it holds (all default to None)
EXTENSIONS: dict[str, str] = {
    "newsift_published": "publication date 'YYYY-MM-DD' anchoring relative times, or None",
    "newsift_meta": "dict of record.meta fields known before parsing (title, outlet, ...)",
    "newsift_entities": "list of record.entities dicts (ids 'e1', 'e2', ...)",
    "newsift_places": "list of record.places dicts",
    "newsift_times": "list of record.times dicts",
    "newsift_attributions": "list of record.attributions dicts",
    "newsift_claims": "list of record.claims dicts",
    "newsift_techniques": "list of record.techniques dicts",
    "newsift_tone": "float in -1..1, the article's overall tone",
}


def register_extensions() -> None:
    """Register every newsift Doc extension once (idempotent)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
