"""The newsift_techniques stage on small pipelines (shipped model, no ../shared)."""

from __future__ import annotations

import spacy

from newsift.components import register_components
from newsift.record import TECHNIQUES
from newsift.stages.techniques import TechniqueFinder, classify_spans

TEXT = (
    "Shameful Betrayal: Corrupt Elites Sell Out Our Great Nation!\n\n"
    "The radical, treasonous globalists want to destroy everything we love. "
    "They are liars, liars, liars. Wake up, America!\n"
    "Officials said the meeting would take place on Tuesday."
)


def test_techniques_stage_writes_valid_findings() -> None:
    register_components()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("newsift_techniques")
    doc = nlp(TEXT)
    found = doc._.newsift_techniques
    assert isinstance(found, list)
    assert found, "a text this loaded should give at least one fragment"
    for f in found:
        assert set(f) == {"start", "end", "technique", "score"}
        assert 0 <= f["start"] < f["end"] <= len(TEXT)
        assert f["technique"] in TECHNIQUES
        assert 0.0 <= f["score"] <= 1.0


def test_techniques_stage_min_score_filters() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(TEXT)
    all_found = TechniqueFinder().find(doc)
    strict = TechniqueFinder(min_score=0.99).find(doc)
    assert len(strict) <= len(all_found)
    assert all(f["score"] >= 0.99 for f in strict)


def test_techniques_stage_leaves_an_unparsed_doc_unchanged() -> None:
    register_components()
    doc = spacy.blank("en")("No sentences were set here.")
    TechniqueFinder()(doc)
    assert doc._.newsift_techniques is None


def test_techniques_classify_spans_one_label_per_span() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(TEXT)
    spans = [(TEXT.index("liars"), TEXT.index("liars") + 5), (0, 8), (0, 8)]
    labels = classify_spans(doc, spans)
    assert len(labels) == 3
    assert all(label in TECHNIQUES for label in labels)
    assert labels[1] != labels[2]  # a span given twice gets two different labels
