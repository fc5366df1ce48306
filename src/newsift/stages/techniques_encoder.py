"""Optional encoder tagger for propaganda spans: fine-tuned MiniLM top layers + a token head.

When the encoder extra is installed (:func:`newsift.encoder.available`) and
``techniques_encoder.npz`` sits beside the linear model, the
``newsift_techniques`` stage blends the linear tagger's token logit with this
tagger's: ``z = (1 - blend) * z_linear + blend * z_encoder``, and decodes
fragments from ``sigmoid(z)`` with the thresholds stored in this file. Without
the extra or without the file, the stage runs on the linear model alone,
exactly as before. ``NEWSIFT_ENCODER=0`` in the environment turns
the encoder off even when both are there (to compare the two).

The model (trained by ``python -m newsift.train.techniques_encoder``):

- the article is cut into windows of consecutive sentences, up to
  :data:`WINDOW_PIECES` wordpieces (a longer sentence is a window of its own,
  cut at the encoder's limit);
- each window runs through MiniLM-L6 (numpy, :mod:`newsift.encoder`) with the
  top layers replaced by the fine-tuned ones stored here (float16);
- a linear head gives every wordpiece a logit ("inside a propaganda
  fragment"), and a spaCy token gets the mean logit of the pieces it
  overlaps; a token no piece covers keeps the linear logit alone.

Nothing here imports torch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from .techniques import MODEL_DIR

ENCODER_MODEL_FILE = MODEL_DIR / "techniques_encoder.npz"
#: Bumped when the windows, the head or the blend change meaning.
ENCODER_VERSION = 1
#: Wordpieces per window (consecutive sentences are joined up to this many).
WINDOW_PIECES = 120


def windows(doc: Doc, tokenizer, budget: int = WINDOW_PIECES) -> list[tuple[int, int]]:
    """(start_char, end_char) windows: runs of consecutive sentences, up to ``budget`` pieces.

    A window may span a line break (the neighbouring paragraph is context);
    a sentence is never split, except at a line break inside it.
    """
    if len(doc) == 0:
        return []
    text = doc.text
    if doc.has_annotation("SENT_START"):
        spans = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        spans = [(0, len(text))]
    sents = []  # sentences cut at line breaks (newsift's paragraph splitter already does; a bare sentencizer may not)
    for s, e in spans:
        for m in re.finditer(r"[^\n]+", text[s:e]):
            if m.group().strip():
                sents.append((s + m.start(), s + m.end()))
    if not sents:
        return []
    counts = [len(e.ids) for e in tokenizer.encode_batch([text[s:e] for s, e in sents], add_special_tokens=False)]
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    used = 0
    for (s, e), c in zip(sents, counts, strict=True):
        if cur is not None and used + c <= budget:
            cur, used = (cur[0], e), used + c
        else:
            if cur is not None:
                out.append(cur)
            cur, used = (s, e), c
    if cur is not None:
        out.append(cur)
    return out


def pieces_to_tokens(doc: Doc, starts: np.ndarray, ends: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per spaCy token: the mean of ``values`` over the pieces overlapping it, and how many there were.

    ``starts``/``ends`` are absolute character offsets of the pieces.
    """
    n = len(doc)
    if n == 0 or len(starts) == 0:
        return np.zeros((n, *values.shape[1:]), dtype=np.float32), np.zeros(n, dtype=np.int64)
    order = np.argsort(starts, kind="stable")
    starts, ends, values = starts[order], ends[order], values[order].astype(np.float64)
    ts = np.fromiter((t.idx for t in doc), dtype=np.int64, count=n)
    te = ts + np.fromiter((len(t) for t in doc), dtype=np.int64, count=n)
    lo = np.searchsorted(ends, ts, "right")
    hi = np.maximum(np.searchsorted(starts, te, "left"), lo)
    cs = np.concatenate([np.zeros((1, *values.shape[1:])), np.cumsum(values, axis=0)])
    cnt = hi - lo
    den = np.maximum(cnt, 1).reshape(-1, *([1] * (values.ndim - 1)))
    return ((cs[hi] - cs[lo]) / den).astype(np.float32), cnt


def blend_logits(linear: np.ndarray, z_enc: np.ndarray, pieces: np.ndarray, share: float) -> np.ndarray:
    """``(1 - share) * linear + share * encoder`` per token; the linear logit where no piece covers a token."""
    return np.where(pieces > 0, (1.0 - share) * linear + share * z_enc, linear).astype(np.float32)


@dataclass(eq=False)
class EncoderTagger:
    """Fine-tuned top layers (safetensors names -> float16 arrays), the head and the decoding settings."""

    layers: dict[str, np.ndarray]
    head_weight: np.ndarray  # (dim,)
    head_bias: float
    blend: float
    start_threshold: float
    continue_threshold: float
    window_pieces: int = WINDOW_PIECES
    _encoder: object | None = field(default=None, repr=False)

    @classmethod
    def load(cls, path: Path | str) -> EncoderTagger:
        with np.load(path, allow_pickle=False) as z:
            version = int(z["version"])
            if version != ENCODER_VERSION:
                raise ValueError(f"technique encoder model {path} is v{version}, this code reads v{ENCODER_VERSION}; "
                                 "rebuild it with python -m newsift.train.techniques_encoder")
            names = [str(x) for x in z["layer_names"]]
            layers = {name: z[f"layer{i}"] for i, name in enumerate(names)}
            return cls(layers=layers, head_weight=z["head_weight"].astype(np.float32), head_bias=float(z["head_bias"]),
                       blend=float(z["blend"]), start_threshold=float(z["thresholds"][0]),
                       continue_threshold=float(z["thresholds"][1]), window_pieces=int(z["window_pieces"]))

    def save(self, path: Path | str, meta: dict | None = None) -> None:
        names = sorted(self.layers)
        np.savez_compressed(
            path,
            version=np.int32(ENCODER_VERSION),
            layer_names=np.array(names),
            **{f"layer{i}": self.layers[name].astype(np.float16) for i, name in enumerate(names)},
            head_weight=self.head_weight.astype(np.float32),
            head_bias=np.float32(self.head_bias),
            blend=np.float32(self.blend),
            thresholds=np.array([self.start_threshold, self.continue_threshold], dtype=np.float32),
            window_pieces=np.int32(self.window_pieces),
            meta=np.array(repr(meta or {})),
        )

    @property
    def encoder(self):
        if self._encoder is None:
            from .. import encoder as E

            self._encoder = E.with_weights(self.layers, "the technique encoder tagger")
        return self._encoder

    def token_logits(self, doc: Doc) -> tuple[np.ndarray, np.ndarray]:
        """Per token: the encoder logit and the number of pieces behind it (0: no piece covers it)."""
        enc = self.encoder
        wins = windows(doc, enc.tokenizer, self.window_pieces)
        if not wins:
            return np.zeros(len(doc), dtype=np.float32), np.zeros(len(doc), dtype=np.int64)
        text = doc.text
        starts, ends, logits = [], [], []
        for (s, _), x in zip(wins, enc.encode([text[s:e] for s, e in wins]), strict=True):
            if len(x.offsets):
                starts.append(x.offsets[:, 0] + s)
                ends.append(x.offsets[:, 1] + s)
                logits.append(x.vectors @ self.head_weight + self.head_bias)
        if not starts:
            return np.zeros(len(doc), dtype=np.float32), np.zeros(len(doc), dtype=np.int64)
        return pieces_to_tokens(doc, np.concatenate(starts), np.concatenate(ends), np.concatenate(logits))

    def blend_logits(self, doc: Doc, linear: np.ndarray) -> np.ndarray:
        """The blended token logit (the linear one where no piece covers a token)."""
        z_enc, cnt = self.token_logits(doc)
        return blend_logits(linear, z_enc, cnt, self.blend)


def load_encoder_tagger(path: str | None = None) -> EncoderTagger | None:
    """The encoder tagger when it can run (extra installed, file present, not switched off), else None."""
    file = Path(path) if path is not None else ENCODER_MODEL_FILE
    from .. import encoder as E

    if not file.is_file() or not E.available():
        return None
    return _load(str(file))


@lru_cache(maxsize=4)
def _load(path: str) -> EncoderTagger:
    """Loaded once per process and path (the Encoder with its swapped layers is built on first use)."""
    return EncoderTagger.load(path)
