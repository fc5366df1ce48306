"""Content extents the PolNeAR guidelines ask for: prepositions, trailing clauses, split quotations.

Sentences are our own; each test names the rule it pins down.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newsift import nlp as newsift_nlp
from newsift.stages.attribution.quotes import forget_text
from newsift.stages.attribution.spans import content_spans, object_start


@pytest.fixture(scope="module")
def nlp():
    return newsift_nlp.load(("newsift_entities", "newsift_attributions"))


def rules_content(nlp, text: str, cue: str) -> list[str]:
    """The rules' content (before any ranking or judging) of the first token ``cue``."""
    doc = nlp(text)
    tok = next(t for t in doc if t.text == cue)
    parts, _, _ = content_spans(tok)
    forget_text(doc)
    return [text[s:e] for s, e in parts]


def attribution(nlp, text: str, cue: str) -> dict:
    found = nlp(text)._.newsift_attributions
    for a in found:
        if a["cue"]["text"].startswith(cue):
            return a
    pytest.fail(f"no attribution with cue {cue!r} in {[a['cue']['text'] for a in found]}")


def content_of(text: str, a: dict) -> str:
    return text[a["content"]["start"]:a["content"]["end"]]


def test_attributions_spans_preposition_stays_with_the_verb_cue(nlp):
    text = "The mayor called for an independent inquiry into the shooting."
    assert rules_content(nlp, text, "called") == ["an independent inquiry into the shooting"]
    a = attribution(nlp, text, "called")
    assert a["cue"]["text"] == "called for"
    assert content_of(text, a) == "an independent inquiry into the shooting"


def test_attributions_spans_preposition_stays_with_the_noun_cue(nlp):
    text = "Union leaders raised questions about the safety of the new plant."
    assert rules_content(nlp, text, "questions") == ["the safety of the new plant"]


def test_attributions_spans_object_start_needs_a_preposition(nlp):
    doc = nlp("The senator complained about the rules and criticised the plan.")
    about = next(t for t in doc if t.text == "about")
    plan = next(t for t in doc if t.text == "plan")
    assert object_start(about) == next(t for t in doc if t.text == "the").idx
    assert object_start(plan) is None
    forget_text(doc)


def test_attributions_spans_trailing_relative_clause_is_cut(nlp):
    text = "The governor said the plan would cut taxes, which critics dispute."
    assert rules_content(nlp, text, "said") == ["the plan would cut taxes"]


def test_attributions_spans_trailing_reason_and_participle_are_kept(nlp):
    text = "The governor said the plan would cut taxes, because revenue had grown faster than expected."
    assert rules_content(nlp, text, "said") == ["the plan would cut taxes, because revenue had grown faster than expected"]
    text = "The minister said the reform would pass, vowing to keep pushing until it does."
    assert rules_content(nlp, text, "said") == ["the reform would pass, vowing to keep pushing until it does"]


def test_attributions_spans_quotation_resumes_after_a_long_attribution(nlp):
    text = ('"We will win this seat," the senator said on Monday at a crowded rally in the state capital after a long '
            'day of campaigning across the region. "We have the votes."')
    a = attribution(nlp, text, "said")
    assert a["kind"] == "direct"
    assert content_of(text, a) == text  # the first quotation to the end of the second
    assert [text[p["start"]:p["end"]] for p in a["content_parts"]] == ['"We will win this seat,"', '"We have the votes."']


def test_attributions_spans_quotation_after_other_narrative_is_not_joined(nlp):
    text = ('"We will win this seat," the senator said on Monday at a crowded rally in the state capital. Her opponent '
            'spent the day in the north of the state, far from the crowds. "We have the votes."')
    a = attribution(nlp, text, "said")
    assert content_of(text, a) == '"We will win this seat,"'


def _hand_parsed(nlp, rows: list[tuple[str, str, int, str]]):
    """A Doc with the parse given ((word, part of speech, head index, dependency) per token), to pin
    a rule whatever the statistical parser makes of the sentence."""
    words, pos, heads, deps = (list(col) for col in zip(*rows, strict=True))
    return Doc(nlp.vocab, words=words, pos=pos, heads=heads, deps=deps)


def test_attributions_spans_far_clause_misattached_to_the_cue_is_not_a_second_part(nlp):
    # '"Taxes fell," Smith said, citing one question: "Why wait?"' with "wait" hung on "said"
    doc = _hand_parsed(nlp, [
        ('"', "PUNCT", 6, "punct"), ("Taxes", "NOUN", 2, "nsubj"), ("fell", "VERB", 6, "ccomp"),
        (",", "PUNCT", 6, "punct"), ('"', "PUNCT", 6, "punct"), ("Smith", "PROPN", 6, "nsubj"),
        ("said", "VERB", 6, "ROOT"), (",", "PUNCT", 6, "punct"), ("citing", "VERB", 6, "advcl"),
        ("one", "NUM", 10, "nummod"), ("question", "NOUN", 8, "dobj"), (":", "PUNCT", 8, "punct"),
        ('"', "PUNCT", 14, "punct"), ("Why", "SCONJ", 14, "advmod"), ("wait", "VERB", 6, "ccomp"),
        ("?", "PUNCT", 14, "punct"), ('"', "PUNCT", 14, "punct"),
    ])
    parts, _, _ = content_spans(doc[6])
    assert [doc.text[s:e] for s, e in parts] == ["Taxes fell"]


def test_attributions_spans_quotation_split_around_the_cue_keeps_both_parts(nlp):
    assert rules_content(nlp, '"Taxes fell," Smith said, "they will fall again."', "said") == [
        "Taxes fell", "they will fall again"]
