"""The seed article's entities (shared/seed/EXPECTED.md, "Entities"): checked, never tuned on."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsift.pipeline import analyze


@pytest.fixture(scope="module")
def seed_entities(seed_path: Path) -> tuple[str, list]:
    rec = analyze(seed_path, raw=True, stages=("newsift_entities",))
    assert rec.error is None
    return rec.text, rec.entities


def entity_of(text: str, entities: list, surface: str):
    for ent in entities:
        if any(text[m.start : m.end] == surface for m in ent.mentions):
            return ent
    pytest.fail(f"no entity has a mention {surface!r}")


def test_entities_seed_aliases_are_merged(seed_entities):
    text, ents = seed_entities
    assert entity_of(text, ents, "ISIS").id == entity_of(text, ents, "Daesh").id
    sana = entity_of(text, ents, "SANA")
    assert sana.id == entity_of(text, ents, "Syrian Arab News Agency").id
    assert sana.name == "Syrian Arab News Agency" and sana.type == "ORG"
    assert entity_of(text, ents, "Syrian Armed Forces").id == entity_of(text, ents, "Syrian Army").id


def test_entities_seed_types(seed_entities):
    text, ents = seed_entities
    assert entity_of(text, ents, "Sputnik").type == "ORG"
    assert entity_of(text, ents, "Vladimir Titov").type == "PERSON"
    assert entity_of(text, ents, "Valery Gergiev").type == "PERSON"
    for place in ("Palmyra", "Mosul", "Iraq", "Syria", "Russia", "Moscow", "Aleppo"):
        assert entity_of(text, ents, place).type == "GPE", place
    assert entity_of(text, ents, "UNESCO").type == "ORG"
