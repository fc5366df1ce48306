"""Source kinds, speaker resolution and cited-source counting, on small hand-made inputs."""

from __future__ import annotations

import pytest

from newsift.cited import count_cited_sources, headline_end
from newsift.stages.attribution.kinds import outlet_kind


def test_attributions_outlet_kinds_from_the_shipped_table():
    assert outlet_kind("SANA") == "state_media"
    assert outlet_kind("the Syrian Arab News Agency") == "state_media"
    assert outlet_kind("Sputnik") == "state_media"
    assert outlet_kind("Reuters") == "media"
    assert outlet_kind("The Duran", own_outlet="The Duran") == "outlet"
    assert outlet_kind("the governor") is None


def att(start: int, cue: str, kind: str = "indirect", source: str | None = "X", entity: str | None = None,
        type_: str = "person", via: list[str] | None = None) -> dict:
    src = {"start": None if source is None else start, "end": None if source is None else start + 1,
           "text": source, "entity": entity, "type": type_}
    return {"kind": kind, "source": src, "cue": {"start": start + 2, "end": start + 3, "text": cue},
            "content": {"start": start + 4, "end": start + 9}, "content_parts": [], "via": via or []}


ENTITIES = [
    {"id": "e1", "name": "Vladimir Titov", "type": "PERSON", "aliases": [], "mentions": []},
    {"id": "e2", "name": "Sputnik", "type": "ORG", "aliases": [], "mentions": []},
    {"id": "e3", "name": "Syrian Arab News Agency", "type": "ORG", "aliases": ["SANA"], "mentions": []},
]


def test_attributions_cited_named_once_relays_and_anonymous_each():
    found = [
        att(100, "According to", kind="according_to", source="SANA", entity="e3", type_="state_media"),
        att(200, "said", source="Titov", entity="e1", type_="official", via=["e2"]),
        att(300, "said", kind="direct", source="he", entity="e1", type_="official"),
        att(400, "are believed", kind="other", source=None, type_="anonymous"),
        att(500, "reported", source="local sources", type_="anonymous"),
        att(600, "said", source="The governor", type_="official"),
    ]
    got = count_cited_sources(found, ENTITIES)
    assert got == {"total": 6, "named": 4, "anonymous": 2,
                   "by_type": {"anonymous": 2, "official": 2, "state_media": 2}}


def test_attributions_cited_skips_acts_unresolved_pronouns_and_the_headline():
    text = "Russia vows to act\n\nThe minister said so. He added more."
    found = [
        att(0, "vows", source="Russia", type_="official"),  # in the headline
        att(20, "allowing", source="The coalition", type_="organization"),  # an act, not a statement
        att(30, "added", source="He", type_="person"),  # unresolved pronoun
        att(25, "said", source="The minister", type_="official"),
    ]
    assert headline_end(text) == len("Russia vows to act")
    got = count_cited_sources(found, ENTITIES, text)
    assert got == {"total": 1, "named": 1, "anonymous": 0, "by_type": {"official": 1}}


@pytest.fixture(scope="module")
def nlp():
    from newsift import nlp as newsift_nlp

    return newsift_nlp.load(("newsift_entities", "newsift_attributions"))


def test_attributions_role_noun_resolves_to_titled_person(nlp):
    text = ("Deputy foreign minister Vladimir Titov said on Monday that Moscow would act. "
            "The minister added that the talks were over.")
    doc = nlp(text)
    names = {e["id"]: e["name"] for e in doc._.newsift_entities}
    added = [a for a in doc._.newsift_attributions if a["cue"]["text"].endswith("added")][0]
    assert added["source"]["text"] == "The minister"
    assert names.get(added["source"]["entity"]) == "Vladimir Titov"
    assert added["source"]["type"] == "official"


def test_attributions_pronoun_agrees_in_gender(nlp):
    text = ("Senator Mary Jones met John Smith on Friday. Smith said the deal was close. "
            "Jones said the deal was dead. \u201cIt is over,\u201d she said.")
    doc = nlp(text)
    names = {e["id"]: e["name"] for e in doc._.newsift_entities}
    she = [a for a in doc._.newsift_attributions if a["source"]["text"] == "she"][0]
    assert "Jones" in names.get(she["source"]["entity"], "")


def test_attributions_anonymity_of_the_next_sentence_is_not_this_source(nlp):
    text = ("The river peaked on Monday, says the National Weather Service. "
            "Officials who spoke on condition of anonymity said the dams were weak.")
    doc = nlp(text)
    kinds = {a["source"]["text"]: a["source"]["type"] for a in doc._.newsift_attributions if a["source"]["text"]}
    assert kinds["Officials who spoke on condition of anonymity"] == "anonymous"
    assert kinds["the National Weather Service"] != "anonymous"
