"""The optional pretrained encoder: file reading, absence, numpy/torch agreement, claim blending."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from newsift import encoder
from newsift.errors import NewsiftError

needs_encoder = pytest.mark.skipif(not encoder.available(), reason="encoder extra not installed (make encoder)")


def write_safetensors(path, tensors: dict[str, np.ndarray]) -> None:
    names = {np.dtype(np.float32): "F32", np.dtype(np.float16): "F16", np.dtype(np.int64): "I64"}
    header, blobs, offset = {}, [], 0
    for name, arr in tensors.items():
        raw = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": names[arr.dtype], "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))


def test_read_safetensors_gives_each_tensor_back(tmp_path):
    tensors = {"a.weight": np.arange(12, dtype=np.float32).reshape(3, 4),
               "b": np.array([1.5, -2.0], dtype=np.float16),
               "ids": np.array([[7, 8, 9]], dtype=np.int64)}
    write_safetensors(tmp_path / "m.safetensors", tensors)
    got = encoder.read_safetensors(tmp_path / "m.safetensors")
    assert set(got) == set(tensors)
    for name, arr in tensors.items():
        assert got[name].dtype == arr.dtype
        np.testing.assert_array_equal(got[name], arr)


def test_missing_extra_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(encoder, "model_dir", lambda: None)
    encoder.load.cache_clear()
    try:
        assert not encoder.available()
        with pytest.raises(NewsiftError, match=r"E020.*newsift\[encoder\]"):
            encoder.load()
    finally:
        encoder.load.cache_clear()


def test_the_switch_turns_the_encoder_off(monkeypatch):
    monkeypatch.setenv(encoder.ENV_SWITCH, "0")
    assert not encoder.available()


def test_encoder_model_is_skipped_without_the_extra(monkeypatch, tmp_path):
    from newsift.stages import claims

    (tmp_path / "subjectivity-encoder.npz").write_bytes(b"not read")
    monkeypatch.setenv(claims.MODEL_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(claims, "encoder_available", lambda: False)
    assert claims.find_encoder_model("subjectivity") is None


@needs_encoder
def test_gelu_tanh_form_is_close_to_erf_form():
    from math import erf, sqrt

    x = np.linspace(-6, 6, 241, dtype=np.float32)
    exact = np.array([0.5 * v * (1 + erf(v / sqrt(2))) for v in x])
    assert np.abs(encoder._gelu(x) - exact).max() < 2e-3


@needs_encoder
def test_similar_sentences_are_closer_than_unrelated_ones():
    v = encoder.load().sentence_vectors(["The cat sat on the mat.", "A cat was sitting on a mat.",
                                         "Stock markets fell sharply today."])
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    sims = v @ v.T
    assert sims[0, 1] > 0.8 > 0.3 > sims[0, 2]


@needs_encoder
def test_offsets_point_at_the_text_and_long_texts_are_cut():
    text = "Officials in Homs said the road reopened."
    enc = encoder.load().encode([text, "word " * 400])
    first = enc[0]
    assert len(first.offsets) == len(first.vectors)
    pieces = [text[s:e] for s, e in first.offsets]
    assert pieces[:2] == ["Officials", "in"]
    assert "".join(pieces[2:4]) == "Homs"  # a word split into pieces keeps its characters
    assert len(enc[1].vectors) == encoder.MAX_PIECES - 2


@needs_encoder
def test_numpy_forward_matches_torch():
    torch = pytest.importorskip("torch")
    from newsift.train.minilm import MiniLM, batch, export, mean_pool

    texts = ["The minister said on Monday that talks would resume.", "Short.", "“Quoted” words, naïve accents — dashes."]
    enc = encoder.load()
    model = MiniLM().eval()
    with torch.no_grad():
        ids, mask = batch(enc.tokenizer, texts, 256)
        reference = mean_pool(model(ids, mask), mask).numpy()
    np.testing.assert_allclose(enc.sentence_vectors(texts), reference, atol=1e-4)
    # a fine-tuned state handed over in float16 gives nearly the same vectors
    again = encoder.Encoder(encoder.model_dir(), export(model)).sentence_vectors(texts)
    np.testing.assert_allclose(again, reference, atol=5e-3)


@needs_encoder
def test_claims_blend_zero_reproduces_the_linear_scores(tmp_path):
    import spacy

    from newsift.stages.claim_encoder import EncoderClaimModel
    from newsift.stages.claims import ClaimFinder, LinearClaimModel
    from newsift.train import claims as train_claims

    rows = [(f"s{i}", t, lab) for i, (t, lab) in enumerate([
        ("This is a disgraceful and shameful decision.", True), ("The council met on Monday.", False),
        ("What a wonderful, brilliant performance!", True), ("The bridge is 40 metres long.", False)] * 6)]
    tsv = tmp_path / "subj.tsv"
    tsv.write_text("sentence_id\tsentence\tlabel\tsolved_conflict\n"
                   + "".join(f"{i}\t{t}\t{'SUBJ' if lab else 'OBJ'}\tFalse\n" for i, t, lab in rows), encoding="utf-8")
    linear, _, _ = train_claims.train("subjectivity", [tsv], log=lambda m: None)
    linear.save(tmp_path / "subjectivity.npz")
    dim = encoder.load().dim
    rng = np.random.default_rng(0)
    enc_model = EncoderClaimModel("subjectivity", {}, rng.normal(size=dim).astype(np.float32), 0.1, 0.0,
                                  linear.threshold, {})
    enc_model.save(tmp_path / "subjectivity-encoder.npz")
    loaded = EncoderClaimModel.load(tmp_path / "subjectivity-encoder.npz")
    assert loaded.blend == 0.0 and loaded.threshold == linear.threshold

    nlp = spacy.blank("en")
    doc = nlp("This is a disgraceful decision. The council met on Monday.")
    spans = [doc[0:6], doc[6:]]
    plain = ClaimFinder(subjectivity_model=str(tmp_path / "subjectivity.npz"))
    both = ClaimFinder(subjectivity_model=str(tmp_path / "subjectivity.npz"),
                       subjectivity_encoder_model=str(tmp_path / "subjectivity-encoder.npz"))
    assert both.subjectivity_encoder is not None
    assert both._subjectivity(spans) == plain._subjectivity(spans) == LinearClaimModel.score(plain.subjectivity, spans, plain.lexicon)
    # with the encoder's share at 1 the encoder alone decides, and scores stay probabilities
    both.subjectivity_encoder.blend = 1.0
    scores = both._subjectivity(spans)
    assert all(0.0 <= s <= 1.0 for s in scores) and scores != plain._subjectivity(spans)


@needs_encoder
def test_any_text_encodes_with_offsets_inside_it():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    enc = encoder.load()

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.text(max_size=200), min_size=1, max_size=4))
    def check(texts):
        for text, e in zip(texts, enc.encode(texts), strict=True):
            assert e.vectors.shape == (len(e.offsets), enc.dim)
            assert np.isfinite(e.pooled).all()
            assert all(0 <= s <= t <= len(text) for s, t in e.offsets)

    check()
