"""The attribution stage on the real small model: the sourcing patterns newsift must handle.

Sentences are our own; each test names the pattern it pins down.
"""

from __future__ import annotations

import pytest

from newsift import nlp as newsift_nlp
from newsift.record import Attribution


@pytest.fixture(scope="module")
def nlp():
    return newsift_nlp.load(("newsift_entities", "newsift_attributions"))


@pytest.fixture(scope="module")
def analyse(nlp):
    def run(text: str) -> list[dict]:
        doc = nlp(text)
        found = doc._.newsift_attributions
        for a in found:
            Attribution.model_validate(a)  # the record's shape
            assert 0 <= a["content"]["start"] < a["content"]["end"] <= len(text)
        return found

    return run


def content(text: str, a: dict) -> str:
    return text[a["content"]["start"] : a["content"]["end"]]


def find(text: str, found: list[dict], cue: str) -> dict:
    for a in found:
        if a["cue"] and a["cue"]["text"].endswith(cue):
            return a
    pytest.fail(f"no attribution with cue {cue!r} in {[a['cue'] for a in found]}")


def test_attributions_indirect_that_clause(analyse):
    text = "The mayor of Springfield said that the bridge would reopen next week."
    a = find(text, analyse(text), "said")
    assert a["kind"] == "indirect"
    assert content(text, a) == "that the bridge would reopen next week"
    assert a["source"]["text"] == "The mayor of Springfield"
    assert a["source"]["type"] == "official"


def test_attributions_indirect_with_cue_after_content(analyse):
    text = "The terrorists advanced with an army of over 4,000 militants, says the Russian defence ministry."
    a = find(text, analyse(text), "says")
    assert content(text, a) == "The terrorists advanced with an army of over 4,000 militants"
    assert a["source"]["text"] == "the Russian defence ministry"
    assert a["source"]["type"] == "official"


def test_attributions_direct_quote_split_around_cue(analyse):
    text = '"We will rebuild the school," Maria Lopez said. "The children deserve nothing less."'
    a = find(text, analyse(text), "said")
    assert a["kind"] == "direct"
    parts = [text[p["start"] : p["end"]] for p in a["content_parts"]]
    assert parts == ['"We will rebuild the school,"', '"The children deserve nothing less."']
    assert a["source"]["text"] == "Maria Lopez"


def test_attributions_direct_quote_curly_after_colon(analyse):
    text = "The minister told reporters: \u201cThe talks have failed. We will not return.\u201d"
    a = find(text, analyse(text), "told")
    assert a["kind"] == "direct"
    assert content(text, a) == "\u201cThe talks have failed. We will not return.\u201d"


def test_attributions_quote_continues_over_paragraphs(analyse):
    text = (
        "\u201cWe consider the liberation of the city a very important result,\u201d the general said.\n\n"
        "\u201cWe will do everything to prevent the fighters from returning to these areas.\u201d\n\n"
        "The city fell in May."
    )
    a = find(text, analyse(text), "said")
    assert len(a["content_parts"]) == 2
    assert content(text, a).endswith("to these areas.\u201d")


def test_attributions_pronoun_resolves_to_earlier_speaker(analyse, nlp):
    text = (
        "Russia's deputy foreign minister Vladimir Titov said on Monday that Moscow will help.\n\n"
        "\u201cWe consider this a very important result of our joint actions,\u201d he said."
    )
    doc = nlp(text)
    ents = {e["id"]: e["name"] for e in doc._.newsift_entities}
    a = find(text, doc._.newsift_attributions, "said")  # the first "said": Titov
    b = [x for x in doc._.newsift_attributions if x["kind"] == "direct"][0]
    assert b["source"]["text"] == "he"
    assert ents.get(b["source"]["entity"]) == "Vladimir Titov"
    assert b["source"]["entity"] == a["source"]["entity"]
    assert b["source"]["type"] == "official"  # the title given earlier


def test_attributions_according_to_outlet_is_a_relay(analyse, nlp):
    text = "According to Sputnik, Russia's deputy foreign minister Vladimir Titov said that Moscow will act."
    doc = nlp(text)
    names = {e["id"]: e["name"] for e in doc._.newsift_entities}
    found = doc._.newsift_attributions
    a = find(text, found, "said")
    assert "Titov" in a["source"]["text"]
    assert [names[v] for v in a["via"]] == ["Sputnik"]
    assert not any(x["kind"] == "according_to" for x in found)  # folded into the relayed statement


def test_attributions_according_to_a_source(analyse):
    text = "According to a report by the state auditor, the agency lost $2 million last year."
    a = find(text, analyse(text), "According to")
    assert a["kind"] == "according_to"
    assert content(text, a) == "the agency lost $2 million last year"
    assert "report" in a["source"]["text"]


def test_attributions_passive_and_impersonal_sourcing_is_anonymous(analyse):
    text = "The bulk of the fighters are believed to have come from Mosul."
    a = find(text, analyse(text), "believed")
    assert a["kind"] == "other"
    assert a["source"]["start"] is None and a["source"]["type"] == "anonymous"
    text = "It is alleged that the minister took bribes."
    a = find(text, analyse(text), "alleged")
    assert a["source"]["type"] == "anonymous"
    text = "The army reportedly shelled the town on Monday."
    a = find(text, analyse(text), "reportedly")
    assert a["source"]["type"] == "anonymous"


def test_attributions_unnamed_sources_are_anonymous(analyse):
    text = "Local sources reported that the army was still fighting in the suburbs."
    assert find(text, analyse(text), "reported")["source"]["type"] == "anonymous"
    text = "Two officials, who spoke on condition of anonymity, said the talks had collapsed."
    assert find(text, analyse(text), "said")["source"]["type"] == "anonymous"


def test_attributions_nominal_cue(analyse):
    text = "The union's claim that wages had fallen was disputed."
    found = analyse(text)
    a = find(text, found, "claim")
    assert content(text, a) == "that wages had fallen"
    assert a["source"]["text"].startswith("The union")


def test_attributions_stray_quote_marks_do_not_stop_the_article(analyse):
    text = (
        'He said " the plan was dead.\n\n'
        "\u201d Then she said that the vote would go ahead.\n\n"
        "\u201cWe are ready,\u201d the spokeswoman said."
    )
    found = analyse(text)
    assert find(text, found, "spokeswoman said".split()[-1])
    assert any("vote would go ahead" in content(text, a) for a in found)


def test_attributions_missing_entities_leaves_doc_unchanged(nlp):
    from newsift.stages.attributions import AttributionFinder

    doc = nlp.make_doc("The mayor said the bridge would reopen.")
    doc._.newsift_entities = None
    assert AttributionFinder()(doc)._.newsift_attributions is None
