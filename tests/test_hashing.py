"""newsift.hashing must give exactly scikit-learn's hashed features: the shipped models were trained on those."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer

from newsift.hashing import analyze, hash_rows
from newsift.stages.claims import VIEW_SPECS

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
feature_rows = st.lists(st.lists(st.text(max_size=12), max_size=6), min_size=1, max_size=5)


def _dense(rows) -> np.ndarray:
    return rows.to_scipy().toarray()


@settings(max_examples=60, deadline=None)
@given(feature_rows)
def test_hash_rows_equal_feature_hasher(rows):
    expected = FeatureHasher(2**10, input_type="string", alternate_sign=False).transform(rows).toarray()
    assert np.array_equal(_dense(hash_rows(rows, 2**10)), expected)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=1, max_size=4), st.sampled_from(sorted(VIEW_SPECS)))
def test_text_views_equal_hashing_vectorizer(docs, view):
    spec = VIEW_SPECS[view]
    expected = HashingVectorizer(alternate_sign=False, norm=None, **spec).transform(docs).toarray()
    got = _dense(hash_rows((analyze(d, spec) for d in docs), spec["n_features"]))
    assert np.array_equal(got, expected)


def test_short_words_give_one_padded_ngram():
    spec = {"analyzer": "char_wb", "ngram_range": (2, 5), "n_features": 2**12}
    expected = HashingVectorizer(alternate_sign=False, norm=None, **spec).transform(["a an the"]).toarray()
    assert np.array_equal(_dense(hash_rows([analyze("a an the", spec)], 2**12)), expected)
    assert analyze("a", spec) == [" a", "a ", " a "]


def test_dot_matches_dense_product():
    rows = hash_rows([["x", "y", "x"], [], ["z"]], 64)
    w = np.arange(64, dtype=float)
    w2 = np.stack([w, -w], axis=1)
    dense = _dense(rows)
    assert np.allclose(rows.dot(w), dense @ w)
    assert np.allclose(rows.dot(w2), dense @ w2)
    assert rows.n_rows == 3
