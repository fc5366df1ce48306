"""The entities stage on the real small model: corrections news readers expect, and linking.

Sentences are our own; each test names the behaviour it pins down.
"""

from __future__ import annotations

import pytest

from newsift import nlp as newsift_nlp
from newsift.record import Entity


@pytest.fixture(scope="module")
def analyse():
    nlp = newsift_nlp.load(("newsift_entities",))

    def run(text: str) -> list[dict]:
        doc = nlp(text)
        ents = doc._.newsift_entities
        for ent in ents:
            Entity.model_validate(ent)  # the record's shape
        return ents

    return run


def by_surface(text: str, ents: list[dict]) -> dict[str, dict]:
    return {text[m["start"] : m["end"]]: e for e in ents for m in e["mentions"]}


def test_entities_news_agency_is_org_and_official_is_person(analyse):
    text = "According to Sputnik, Russia's deputy foreign minister Vladimir Titov said on Monday that Moscow would act."
    found = by_surface(text, analyse(text))
    assert found["Sputnik"]["type"] == "ORG"
    assert found["Vladimir Titov"]["type"] == "PERSON"
    assert found["Russia"]["type"] == "GPE"  # the possessive is not part of the name
    assert "Russia's" not in found


def test_entities_acronym_joins_its_expansion(analyse):
    text = (
        "The Kenya Wildlife Protection Bureau (KWPB) counted the herds on Friday. "
        "Officials at KWPB said the count would be repeated next year."
    )
    ents = analyse(text)
    found = by_surface(text, ents)
    assert found["KWPB"]["id"] == found["Kenya Wildlife Protection Bureau"]["id"]
    ent = found["KWPB"]
    assert ent["name"] == "Kenya Wildlife Protection Bureau"
    assert "KWPB" in ent["aliases"]
    assert len(ent["mentions"]) == 3


def test_entities_alias_table_merges_isis_and_daesh(analyse):
    text = "ISIS fighters entered the town on Sunday. Local sources said Daesh still held the suburbs."
    found = by_surface(text, analyse(text))
    assert found["ISIS"]["id"] == found["Daesh"]["id"]
    assert found["ISIS"]["name"] == "Islamic State"
    assert found["ISIS"]["type"] == "ORG"


def test_entities_surname_joins_full_name(analyse):
    text = "Vladimir Titov met the envoy in Geneva on Tuesday. Titov said the talks had been useful."
    ents = analyse(text)
    found = by_surface(text, ents)
    assert found["Titov"]["id"] == found["Vladimir Titov"]["id"]
    assert found["Titov"]["type"] == "PERSON"
    assert found["Titov"]["name"] == "Vladimir Titov"


def test_entities_leading_determiner_is_dropped(analyse):
    text = "Officials in the United States and the United Kingdom welcomed the deal."
    found = by_surface(text, analyse(text))
    assert "United States" in found and "the United States" not in found
    assert found["United States"]["type"] == "GPE"


def test_entities_all_caps_headline_is_read(analyse):
    text = "RUSSIA VOWS TO DEFEND ALEPPO\nRussia said on Monday it would defend Aleppo.\n"
    ents = analyse(text)
    found = by_surface(text, ents)
    assert found["RUSSIA"]["type"] == "GPE"
    assert found["RUSSIA"]["id"] == found["Russia"]["id"]
    assert found["ALEPPO"]["id"] == found["Aleppo"]["id"]
    assert found["Russia"]["name"] == "Russia"  # the mixed-case form names the entity


def test_entities_offsets_point_at_the_text(analyse):
    text = "Reuters reported that the European Union (EU) and NATO met in Brussels.\nThe EU said little."
    ents = analyse(text)
    ids = [e["id"] for e in ents]
    assert ids == [f"e{n}" for n in range(1, len(ents) + 1)]
    spans = sorted((m["start"], m["end"]) for e in ents for m in e["mentions"])
    for (s, e), nxt in zip(spans, spans[1:] + [(len(text) + 1, 0)], strict=True):
        assert 0 <= s < e <= len(text) and e <= nxt[0]  # in range, never overlapping
        assert text[s:e] == text[s:e].strip()
    found = by_surface(text, ents)
    assert found["EU"]["id"] == found["European Union"]["id"]


def test_alias_patterns_split_like_the_tokenizer():
    from newsift.stages.entities import TABLE_DIR, load_tables, pattern_words

    nlp = newsift_nlp.load_base()
    names = sorted(load_tables(str(TABLE_DIR)).names) + ["cannot", "Gonna Fly", "U.S. Navy", "Al-Shabaab", "O'Brien"]
    assert pattern_words(nlp, names) == [tuple(t.text for t in nlp.make_doc(n)) for n in names]


def test_phrase_index_finds_what_phrase_matcher_finds():
    from spacy.matcher import PhraseMatcher

    from newsift.stages.entities import PhraseIndex

    nlp = newsift_nlp.load_base()
    phrases = ["New York", "New York City", "York", "the U.S. Navy", "Navy", "Al-Shabaab"]
    text = "The U.S. Navy left New York City for York; Al-Shabaab and the U.S. Navy, New York"
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("P", [nlp.make_doc(p) for p in phrases])
    doc = nlp.make_doc(text)
    expected = sorted((s, e) for _, s, e in matcher(doc))
    index = PhraseIndex(tuple(t.text for t in nlp.make_doc(p)) for p in phrases)
    words = [t.text for t in doc]
    assert sorted(index(words)) == expected
    assert len(expected) >= 8
    assert all(e <= len(doc) for _, e in index(words))  # a phrase cut short by the end of the text is no match
