"""A fine-tuned encoder model for a claim score, blended with the linear model.

Why: on CheckThat! subjectivity the linear model over n-grams and the parse
reaches macro-F1 0.70 in cross-validation; MiniLM fine-tuned on the same
sentences reaches 0.78, and the two blended 0.79 (docs/benchmarks.md). The
model is built by ``python -m newsift.train.claims --task subjectivity
--encoder`` into the user's model folder (the data is CC BY-NC-SA, so the
model never ships) and is used only when the encoder extra is installed.

File: ``<task>-encoder.npz``, no pickle: the fine-tuned encoder state as
float16 arrays under their safetensors names (``w:<name>``), the logistic
head, and a JSON ``meta`` with ``blend`` (the encoder's share of the blended
probability) and ``threshold`` (the blended probability chosen by
cross-validation as the decision point), both picked on out-of-fold
predictions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import encoder

FORMAT = "newsift.claim_encoder.v1"
#: Pieces per claim unit seen by the encoder (the training cut).
MAX_PIECES = 128


def encoder_file(task: str) -> str:
    return f"{task}-encoder.npz"


@dataclass
class EncoderClaimModel:
    task: str
    weights: dict[str, np.ndarray]
    head_weight: np.ndarray
    head_bias: float
    blend: float
    threshold: float
    meta: dict

    @classmethod
    def load(cls, path: Path) -> EncoderClaimModel:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta.get("format") != FORMAT:
                raise ValueError(f"{path}: format {meta.get('format')!r}, expected {FORMAT!r}; retrain it")
            weights = {k[2:]: z[k] for k in z.files if k.startswith("w:")}
            head_weight = z["head_weight"].astype(np.float32)
        return cls(meta["task"], weights, head_weight, float(meta["head_bias"]), float(meta["blend"]),
                   float(meta["threshold"]), meta)

    def save(self, path: Path) -> None:
        arrays = {f"w:{k}": v.astype(np.float16) for k, v in self.weights.items()}
        arrays["head_weight"] = self.head_weight.astype(np.float32)
        meta = dict(self.meta, task=self.task, head_bias=self.head_bias, blend=self.blend,
                    threshold=self.threshold, format=FORMAT)
        arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            np.savez(fh, **arrays)

    def _encoder(self) -> encoder.Encoder:
        if not hasattr(self, "_enc"):
            self._enc = encoder.with_weights(self.weights, f"the {self.task} encoder model")
        return self._enc

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """P(positive) of the fine-tuned encoder alone, one per text."""
        if not texts:
            return np.zeros(0)
        enc = self._encoder()
        pooled = np.vstack([e.pooled for e in enc.encode(texts, max_pieces=MAX_PIECES)])
        z = pooled @ self.head_weight + self.head_bias
        return 1.0 / (1.0 + np.exp(-z.astype(np.float64)))

    def blended(self, texts: list[str], linear: np.ndarray) -> np.ndarray:
        """The blended probability that :attr:`threshold` applies to."""
        return self.blend * self.probabilities(texts) + (1.0 - self.blend) * linear
