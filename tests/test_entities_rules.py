"""The entities stage's rules on a blank pipeline with hand-set spaCy entities (fast, deterministic)."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from newsift.extensions import register_extensions
from newsift.stages.entities import ENTITY_TYPES, EntityLinker, load_tables

register_extensions()
NLP = spacy.blank("en")
STAGE = EntityLinker(NLP)  # no "ner" in a blank pipeline: no second pass over capitals


def tagged(text: str, ents: list[tuple[str, str]]) -> Doc:
    """A Doc whose doc.ents are the given (surface, label) pairs, found left to right."""
    doc = NLP.make_doc(text)
    spans, pos = [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        spans.append(doc.char_span(start, start + len(surface), label=label))
        pos = start + len(surface)
    doc.ents = spans
    return doc


def run(doc: Doc) -> dict[str, dict]:
    STAGE(doc)
    return {doc.text[m["start"] : m["end"]]: e for e in doc._.newsift_entities for m in e["mentions"]}


def test_entities_country_tagged_person_becomes_gpe():
    found = run(tagged("Troops from Benin arrived.", [("Benin", "PERSON")]))
    assert found["Benin"]["type"] == "GPE"


def test_entities_agency_tagged_person_becomes_org():
    found = run(tagged("Interfax news agency quoted him.", [("Interfax news agency", "PERSON")]))
    assert found["Interfax"]["type"] == "ORG"  # and the lowercase tail is dropped
    assert "Interfax news agency" not in found


def test_entities_nationality_tagged_gpe_becomes_norp():
    found = run(tagged("Iraqi Kurds fled.", [("Iraqi", "GPE"), ("Kurds", "NORP")]))
    assert found["Iraqi Kurds"]["type"] == "NORP"  # adjacent nationality words are one name


def test_entities_missed_country_is_added_but_not_a_common_word():
    found = run(tagged("Talks with Syria resumed. Turkey sent aid. The turkey was roasted.", []))
    assert found["Syria"]["type"] == "GPE"
    assert "Turkey" not in found  # "turkey" is an ordinary word in this text


def test_entities_split_at_spaced_dash_and_comma():
    found = run(tagged("Romania - Cosmin Contra scored at Grace Road, Leicester.", [
        ("Romania - Cosmin Contra", "ORG"), ("Grace Road, Leicester", "FAC"),
    ]))
    assert found["Romania"]["type"] == "GPE"
    assert "Cosmin Contra" in found and "Grace Road" in found and "Leicester" in found


def test_entities_sports_results_name_clubs():
    text = "SOCCER - ENGLISH LEAGUE RESULTS\nLONDON 1996-08-31\nSwansea 2 Cardiff 1\nBrazil 3 Chile 0\n"
    found = run(tagged(text, [("LONDON", "GPE"), ("Cardiff", "GPE")]))
    assert found["Swansea"]["type"] == "ORG"
    assert found["Cardiff"]["type"] == "ORG"
    assert found["Brazil"]["type"] == "GPE"  # a national team is its country
    assert found["LONDON"]["type"] == "GPE"  # the dateline is a place
    assert "SOCCER" not in found


def test_entities_place_in_place_contexts_is_not_a_person():
    text = "Fighters returned to Zarqabad. The city of Zarqabad fell. Fighting in Zarqabad went on."
    found = run(tagged(text, [("Zarqabad", "PERSON")] * 3))
    assert found["Zarqabad"]["type"] == "GPE"


def test_entities_one_word_person_after_the_is_a_location():
    found = run(tagged("Barges waited until the Morava fell again.", [("Morava", "PERSON")]))
    assert found["Morava"]["type"] == "LOC"
    kept = run(tagged("The Morava family left; Morava said so.", [("Morava", "PERSON"), ("Morava", "PERSON")]))
    assert kept["Morava"]["type"] == "PERSON"  # once without "the": a person after all


def test_entities_company_short_name_joins_full_name():
    text = "Shares of Brontex Holdings Inc rose. Brontex said profits doubled."
    found = run(tagged(text, [("Brontex Holdings Inc", "ORG"), ("Brontex", "PERSON")]))
    assert found["Brontex"]["id"] == found["Brontex Holdings Inc"]["id"]
    assert found["Brontex"]["type"] == "ORG"


def test_entities_without_ner_returns_doc_unchanged():
    doc = NLP.make_doc("Nothing was tagged here.")
    assert STAGE(doc) is doc
    assert doc._.newsift_entities is None


def test_entities_tables_are_well_formed():
    tables = load_tables()
    assert tables.names["Daesh"][0] == "Islamic State"
    assert tables.names["SANA"] == ("Syrian Arab News Agency", "ORG", "agency")
    assert tables.names["Sputnik"][1] == "ORG"
    assert tables.names["France"][2] == "country"
    assert all(typ in ENTITY_TYPES for _, typ, _ in tables.names.values())


WORDS = st.sampled_from(["the", "The", "Syria", "'s", "Troops", "-", ",", "(", "KDP", ")", "3", "beat", "Mr.", "X."])


@settings(max_examples=60, deadline=None)
@given(words=st.lists(WORDS, min_size=1, max_size=14), data=st.data())
def test_entities_mentions_are_clean_spans(words, data):
    doc = Doc(NLP.vocab, words=words)
    n = len(doc)
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, n))
    label = data.draw(st.sampled_from(sorted(ENTITY_TYPES)))
    doc.ents = [Span(doc, start, end, label=label)]
    STAGE(doc)
    taken: set[int] = set()
    for ent in doc._.newsift_entities:
        assert ent["type"] in ENTITY_TYPES and ent["mentions"]
        for m in ent["mentions"]:
            text = doc.text[m["start"] : m["end"]]
            assert text and text == text.strip()
            assert not text.lower().startswith("the ")
            assert not text.endswith("'s")
            assert taken.isdisjoint(range(m["start"], m["end"]))
            taken.update(range(m["start"], m["end"]))
