"""Entities: spaCy's named entities grouped into one entry per named thing (BASIC).

Owned by the entities task (corrections, alias merging, alias table).
"""

from __future__ import annotations

from spacy.tokens import Doc

ENTITY_TYPES = {
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE",
}


class EntityGrouper:
    """Group ``doc.ents`` by (label, text) into record entities."""

    def __call__(self, doc: Doc) -> Doc:
        groups = self.find(doc)
        self.write(doc, groups)
        return doc

    def find(self, doc: Doc) -> dict[tuple[str, str], list[tuple[int, int]]]:
        groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for ent in doc.ents:
            if ent.label_ in ENTITY_TYPES:
                groups.setdefault((ent.label_, ent.text), []).append((ent.start_char, ent.end_char))
        return groups

    def write(self, doc: Doc, groups: dict[tuple[str, str], list[tuple[int, int]]]) -> None:
        doc._.newsift_entities = [
            {
                "id": f"e{n}",
                "name": text,
                "type": label,
                "aliases": [],
                "mentions": [{"start": s, "end": e} for s, e in spans],
            }
            for n, ((label, text), spans) in enumerate(groups.items(), start=1)
        ]
