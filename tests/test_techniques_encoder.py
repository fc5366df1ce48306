"""The optional encoder tagger of newsift_techniques: numpy parts always, encoder/torch parts when installed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import spacy

from newsift import encoder as E
from newsift.stages import techniques as T
from newsift.stages import techniques_encoder as TE

TEXT = (
    "Shameful Betrayal: Corrupt Elites Sell Out Our Great Nation!\n\n"
    "The radical, treasonous globalists want to destroy everything we love. "
    "They are liars, liars, liars. Wake up, America!\n"
    "Officials said the meeting would take place on Tuesday."
)
needs_encoder = pytest.mark.skipif(not E.available(), reason="the encoder extra is not installed")


class WordTokenizer:
    """Stands in for the WordPiece tokenizer: one piece per whitespace-separated word."""

    def encode_batch(self, texts, add_special_tokens=False):
        return [SimpleNamespace(ids=list(range(len(t.split())))) for t in texts]


def sentencized(text: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(text)


def test_techniques_encoder_windows_join_sentences_up_to_the_budget() -> None:
    doc = sentencized(TEXT)
    wins = TE.windows(doc, WordTokenizer(), budget=100)
    assert len(wins) == 1 and doc.text[slice(*wins[0])] == TEXT  # everything fits one window
    small = TE.windows(doc, WordTokenizer(), budget=8)
    texts = [doc.text[s:e] for s, e in small]
    assert texts[0] == "Shameful Betrayal: Corrupt Elites Sell Out Our Great Nation!"  # the sentence is cut at the line break
    assert "They are liars, liars, liars. Wake up, America!" in texts  # two short sentences joined
    assert texts[-1] == "Officials said the meeting would take place on Tuesday."
    assert all(doc.text[s:e] == doc.text[s:e].strip() for s, e in small)


def test_techniques_encoder_pieces_to_tokens_mean_of_overlapping_pieces() -> None:
    doc = sentencized("unbelievably bad news")  # tokens at 0-12, 13-16, 17-21
    starts = np.array([0, 2, 13, 17])
    ends = np.array([2, 12, 16, 21])
    vals = np.array([1.0, 3.0, -1.0, 5.0])
    mean, cnt = TE.pieces_to_tokens(doc, starts, ends, vals)
    assert cnt.tolist() == [2, 1, 1]
    assert mean.tolist() == pytest.approx([2.0, -1.0, 5.0])
    mean, cnt = TE.pieces_to_tokens(doc, np.array([13]), np.array([16]), np.array([4.0]))
    assert cnt.tolist() == [0, 1, 0] and mean[1] == pytest.approx(4.0)


def test_techniques_encoder_model_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    tagger = TE.EncoderTagger(layers={"encoder.layer.5.output.dense.bias": rng.normal(size=384).astype(np.float16)},
                              head_weight=rng.normal(size=384).astype(np.float32), head_bias=-0.5, blend=0.6,
                              start_threshold=0.3, continue_threshold=0.1)
    path = tmp_path / "enc.npz"
    tagger.save(path, meta={"note": "test"})
    back = TE.EncoderTagger.load(path)
    assert back.blend == pytest.approx(0.6) and back.head_bias == pytest.approx(-0.5)
    assert (back.start_threshold, back.continue_threshold) == pytest.approx((0.3, 0.1))
    assert np.array_equal(back.layers["encoder.layer.5.output.dense.bias"], tagger.layers["encoder.layer.5.output.dense.bias"])
    assert back.window_pieces == TE.WINDOW_PIECES


def test_techniques_encoder_switched_off_is_the_linear_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(E.ENV_SWITCH, "0")
    finder = T.TechniqueFinder()
    assert finder.encoder_tagger is None
    doc = sentencized(TEXT)
    assert np.array_equal(finder.token_probs(doc), finder.model.token_probs(doc))
    assert (finder.start, finder.cont) == (finder.model.start_threshold, finder.model.continue_threshold)


def test_techniques_encoder_missing_file_is_the_linear_stage(tmp_path: Path) -> None:
    assert TE.load_encoder_tagger(str(tmp_path / "absent.npz")) is None


@needs_encoder
@pytest.mark.skipif(not TE.ENCODER_MODEL_FILE.is_file(), reason="no techniques_encoder.npz shipped")
def test_techniques_encoder_stage_uses_shipped_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(E.ENV_SWITCH, raising=False)
    finder = T.TechniqueFinder()
    assert finder.encoder_tagger is not None
    assert TE.ENCODER_MODEL_FILE.stat().st_size <= 30e6
    doc = sentencized(TEXT)
    probs = finder.token_probs(doc)
    assert probs.shape == (len(doc),) and np.all((probs >= 0) & (probs <= 1))
    assert not np.allclose(probs, finder.model.token_probs(doc))
    for f in finder.find(doc):
        assert 0 <= f["start"] < f["end"] <= len(TEXT) and 0.0 <= f["score"] <= 1.0


@needs_encoder
def test_techniques_encoder_numpy_runtime_matches_torch_training() -> None:
    pytest.importorskip("torch")
    from newsift.train import techniques_encoder as TT

    doc = sentencized(TEXT)
    art = SimpleNamespace(labels=[("Loaded_Language", 73, 83), ("Slogans", 133, 146)])
    prepared = [SimpleNamespace(doc=doc, article=art)]
    items = TT.piece_items(prepared, E.load().tokenizer)
    exports = []
    for _ in range(2):
        tuner = TT.Tuner(items, layers=1, seed=3)
        tuner.fit(list(range(len(items))), epochs=1, seed=3)
        exports.append(tuner.export())
    a, b = exports
    assert all(np.array_equal(a.layers[k], b.layers[k]) for k in a.layers)  # same seed, same weights
    assert np.array_equal(a.head_weight, b.head_weight)
    z_torch, cnt = tuner.token_logits(prepared, list(range(len(items))))[0]
    # the torch run used float32 layers, the runtime float16 ones
    z_numpy, cnt2 = b.token_logits(doc)
    assert np.array_equal(cnt, cnt2)
    assert np.allclose(z_torch, z_numpy, atol=0.05)
