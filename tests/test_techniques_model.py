"""The technique model file: numpy only, round-trips, refuses a feature-version mismatch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy

from newsift.record import TECHNIQUES
from newsift.stages import techniques as T


def tiny_model(seed: int = 0) -> T.TechniqueModel:
    rng = np.random.default_rng(seed)
    return T.TechniqueModel(
        token_coef=rng.normal(0, 0.1, 2**T.TOKEN_HASH_BITS).astype(np.float32),
        token_bias=-1.0,
        span_coef=rng.normal(0, 0.1, (len(TECHNIQUES), 2**T.SPAN_HASH_BITS)).astype(np.float32),
        span_bias=np.zeros(len(TECHNIQUES), dtype=np.float32),
        lexicon=T.Lexicon(["vile"], np.array([[0.9, 0.75]], dtype=np.float32)),
        start_threshold=0.4,
        continue_threshold=0.1,
    )


def test_techniques_model_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    model = tiny_model()
    model.save(path, meta={"note": "test"})
    back = T.TechniqueModel.load(path)
    assert back.start_threshold == pytest.approx(0.4)
    assert back.continue_threshold == pytest.approx(0.1)
    assert back.lexicon.table["vile"] == pytest.approx((0.9, 0.75), abs=1e-3)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("They are vile traitors.")
    assert np.allclose(model.token_probs(doc), back.token_probs(doc), atol=1e-3)
    probs = back.technique_probs(doc, [(9, 13), (0, 4)])
    assert probs.shape == (2, len(TECHNIQUES))
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_techniques_model_refuses_other_feature_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.npz"
    tiny_model().save(path)
    monkeypatch.setattr(T, "FEATURES_VERSION", T.FEATURES_VERSION + 1)
    with pytest.raises(ValueError, match="rebuild it"):
        T.TechniqueModel.load(path)


def test_techniques_model_shipped_file_is_small_and_loads() -> None:
    assert T.MODEL_FILE.is_file(), "the shipped technique model is missing"
    assert T.MODEL_FILE.stat().st_size <= 30_000_000
    model = T.TechniqueModel.load()
    assert 0.0 < model.continue_threshold <= model.start_threshold < 1.0


def test_techniques_span_features_see_lexicon_headline_and_character_ngrams() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Vile plan exposed\nThe council passed a vile plan on Monday.")
    lexicon = T.Lexicon(["vile"], np.array([[0.9, 0.75]], dtype=np.float32))
    body = doc.text.index("a vile plan")
    in_body = T.span_features(doc, body, body + len("a vile plan"), {}, lexicon)
    in_title = T.span_features(doc, 0, len("Vile plan"), {}, lexicon)
    assert "title" in in_title and "title" not in in_body
    assert "ssj3" in in_body and "sva3" in in_body  # "vile": subjectivity 0.9, valence 0.75, in quarters
    assert "c3= a " in in_body and "c5=vile " in in_body
    assert not any(f.startswith("ssj") for f in T.span_features(doc, body, body + len("a vile plan"), {}))
