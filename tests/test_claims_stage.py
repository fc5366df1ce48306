"""The newsift_claims stage in a pipeline: record shape, links to attributions, opt-in subjectivity."""

from __future__ import annotations

import pytest

from newsift.stages import claims as claims_stage


@pytest.fixture(scope="module")
def nlp():
    from newsift.components import register_components
    from newsift.nlp import load_base

    register_components()
    nlp = load_base()
    nlp.add_pipe("newsift_claims")
    return nlp


TEXT = "Officials said the army had retreated. Prices rose 3 percent in May. Will the talks resume?"


def test_claims_stage_writes_record_claims(nlp) -> None:
    from newsift.record import Claim

    doc = nlp(TEXT)
    claims = doc._.newsift_claims
    assert [c["kind"] for c in claims] == ["asserted", "asserted", "question"]
    for c in claims:
        Claim(**c)  # the record's model accepts it
        assert 0.0 <= c["checkworthy"] <= 1.0
        assert c["attribution"] is None
        assert doc.text[c["start"]:c["end"]].strip() == doc.text[c["start"]:c["end"]]


def test_claims_stage_links_reported_units(nlp) -> None:
    doc = nlp.make_doc(TEXT)
    start = TEXT.index("the army")
    doc._.newsift_attributions = [{
        "kind": "indirect", "source": {"start": 0, "end": 9, "text": "Officials"},
        "cue": {"start": 10, "end": 14, "text": "said"},
        "content": {"start": start, "end": TEXT.index(".")}, "content_parts": [],
    }]
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    first = doc._.newsift_claims[0]
    assert (first["kind"], first["attribution"]) == ("reported", 0)
    assert TEXT[first["start"]:first["end"]] == "the army had retreated"


def test_claims_stage_without_subjectivity_model_gives_null(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(claims_stage.MODEL_DIR_ENV, str(tmp_path))
    if claims_stage.find_model("subjectivity") is not None:
        pytest.skip("a subjectivity model is installed inside the package")
    finder = claims_stage.ClaimFinder()
    assert finder.subjectivity is None


def test_claims_stage_user_model_dir_follows_env(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(claims_stage.MODEL_DIR_ENV, str(tmp_path))
    assert claims_stage.user_model_dir() == tmp_path
    monkeypatch.delenv(claims_stage.MODEL_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert claims_stage.user_model_dir() == tmp_path / "newsift" / "models"


def test_claims_stage_leaves_unparsed_doc_alone() -> None:
    import spacy

    from newsift.extensions import register_extensions

    register_extensions()
    doc = spacy.blank("en")("No parse here.")
    out = claims_stage.ClaimFinder.__call__(object.__new__(claims_stage.ClaimFinder), doc)
    assert out._.newsift_claims is None
