"""Feature hashing for the linear models, without importing scikit-learn.

The claim and technique models were trained on scikit-learn's
``FeatureHasher`` / ``HashingVectorizer`` features. Importing scikit-learn
costs about 0.7 s per process (it pulls in ``scipy.stats``), paid by every
worker before its first article. This module computes the same hash indices
(signed 32-bit MurmurHash3 of the UTF-8 string, seed 0, ``abs(h) % n``; the
``mmh3`` C extension) and the same text analysers, so the shipped models score
the same numbers with numpy alone. ``tests/test_hashing.py`` checks the
equality against scikit-learn itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import mmh3
import numpy as np

_INT32_MIN = -(2**31)
_WHITESPACE_RUN = re.compile(r"\s\s+")
DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"


def hash_index(feature: str, n_features: int) -> int:
    """Column of ``feature`` in an ``n_features`` hash space, as scikit-learn computes it."""
    h = mmh3.hash(feature, 0, signed=True)
    if h == _INT32_MIN:  # abs() would overflow in int32: scikit-learn's special case
        return (2**31 - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


@dataclass
class HashedRows:
    """Rows of hashed counts in CSR layout (duplicate columns summed, columns sorted per row)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_features: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def row_ids(self) -> np.ndarray:
        return np.repeat(np.arange(self.n_rows), np.diff(self.indptr))

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """``X @ weights`` for a weight vector (n_features,) or matrix (n_features, k)."""
        rows = self.row_ids()
        if weights.ndim == 1:
            return np.bincount(rows, weights=self.data * weights[self.indices], minlength=self.n_rows)
        contrib = self.data[:, None] * weights[self.indices]
        return np.stack([np.bincount(rows, weights=contrib[:, k], minlength=self.n_rows) for k in range(weights.shape[1])], axis=1)

    def to_scipy(self):
        """The same rows as a ``scipy.sparse.csr_matrix`` (training only)."""
        import scipy.sparse as sp

        return sp.csr_matrix((self.data, self.indices, self.indptr), shape=(self.n_rows, self.n_features))


def hash_rows(rows: Iterable[Iterable[str]], n_features: int) -> HashedRows:
    """Count each row's features into ``n_features`` hashed columns (``FeatureHasher``, unsigned)."""
    row_of: list[int] = []
    cols: list[int] = []
    n_rows = 0
    for r, features in enumerate(rows):
        n_rows = r + 1
        for f in features:
            cols.append(hash_index(f, n_features))
            row_of.append(r)
    keys = np.asarray(row_of, dtype=np.int64) * n_features + np.asarray(cols, dtype=np.int64)
    unique, counts = np.unique(keys, return_counts=True)
    rows_idx = unique // n_features
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows_idx, minlength=n_rows), out=indptr[1:])
    return HashedRows(indptr, (unique % n_features).astype(np.int64), counts.astype(np.float64), n_features)


def word_ngrams(text: str, ngram_range: tuple[int, int], lowercase: bool = True,
                token_pattern: str = DEFAULT_TOKEN_PATTERN) -> list[str]:
    """The word n-grams ``HashingVectorizer(analyzer="word")`` produces for ``text``."""
    tokens = re.findall(token_pattern, text.lower() if lowercase else text)
    low, high = ngram_range
    out = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def char_wb_ngrams(text: str, ngram_range: tuple[int, int], lowercase: bool = True) -> list[str]:
    """The character n-grams inside word boundaries, as ``analyzer="char_wb"`` makes them."""
    text = _WHITESPACE_RUN.sub(" ", text.lower() if lowercase else text)
    low, high = ngram_range
    out: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:  # a short word gives itself once, then no longer n-grams
                out.append(padded)
                break
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def analyze(text: str, spec: dict) -> Sequence[str]:
    """The features of ``text`` under one view spec (the ``HashingVectorizer`` keyword arguments)."""
    if spec.get("analyzer", "word") == "char_wb":
        return char_wb_ngrams(text, spec["ngram_range"], spec.get("lowercase", True))
    return word_ngrams(text, spec["ngram_range"], spec.get("lowercase", True), spec.get("token_pattern", DEFAULT_TOKEN_PATTERN))
