"""The newsift_places component in a blank spaCy pipeline."""

from __future__ import annotations

import spacy

from newsift.components import register_components


def _nlp():
    register_components()
    nlp = spacy.blank("en")
    nlp.add_pipe("newsift_places")
    return nlp


def test_places_stage_writes_places_for_entities() -> None:
    nlp = _nlp()
    doc = nlp.make_doc("Rockets hit Aleppo.")
    doc._.newsift_entities = [{"id": "e1", "name": "Aleppo", "type": "GPE", "aliases": [], "mentions": [{"start": 12, "end": 18}]}]
    doc = nlp.get_pipe("newsift_places")(doc)
    (place,) = doc._.newsift_places
    assert place["entity"] == "e1" and place["country"] == "SY"


def test_places_stage_leaves_doc_without_entities_unchanged() -> None:
    nlp = _nlp()
    doc = nlp("Rockets hit Aleppo.")
    assert doc._.newsift_places is None


def test_places_stage_settings_pass_through() -> None:
    register_components()
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("newsift_places", config={"demonyms": False, "inner_names": False})
    doc = nlp.make_doc("Syrian Army units left.")
    doc._.newsift_entities = [
        {"id": "e1", "name": "Syrian Army", "type": "ORG", "aliases": [], "mentions": [{"start": 0, "end": 11}]},
        {"id": "e2", "name": "Syrian", "type": "NORP", "aliases": [], "mentions": [{"start": 0, "end": 6}]},
    ]
    assert pipe(doc)._.newsift_places == []
