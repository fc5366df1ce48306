"""Fine-tune MiniLM's top layers as a propaganda-span token tagger (``techniques_encoder.npz``).

    python -m newsift.train.techniques_encoder --data ../shared/data/ptc --seed 0
    python -m newsift.train.techniques_encoder --data ../shared/data/ptc --fold 0 --no-save   # one CV fold

Training-time only (needs torch and the encoder extra). Reads only the
``tune`` articles of the fixed split, like :mod:`newsift.train.techniques`.

- Every article is cut into the windows the stage uses
  (:func:`newsift.stages.techniques_encoder.windows`); a wordpiece is
  labelled 1 when it overlaps a gold fragment.
- The bottom ``6 - LAYERS`` layers stay frozen: their outputs are computed
  once (no gradients) and cached in memory; the top :data:`LAYERS` layers and
  a linear head are trained with binary cross-entropy on the pieces (AdamW,
  linear warm-up and decay, dropout 0.1), :data:`EPOCHS` epochs.
- Only the fine-tuned layers (float16) and the head are stored (~20 MB); at
  analysis time :class:`newsift.encoder.Encoder` runs the installed MiniLM
  with those layers swapped in.

``--fold F`` trains on the other four of five folds (by article, the same
folds as ``newsift.train.techniques --cv``), fits the linear tagger on the
same articles, and prints the fold's SI figures for the linear tagger, the
encoder alone and the blend over a grid of blend weights and thresholds;
:data:`BLEND`, :data:`START` and :data:`CONTINUE` below were chosen that way
on fold 0 (one fold: 2 shared CPU cores). ``--dump F.npz`` also writes the
fold's token logits, so decoding choices can be tried without retraining.
The same data, seed and thread count give the same file.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..eval.split import part_of
from ..stages.techniques import _sigmoid, decode_spans
from ..stages.techniques_encoder import (
    ENCODER_MODEL_FILE,
    WINDOW_PIECES,
    EncoderTagger,
    blend_logits,
    pieces_to_tokens,
    windows,
)
from .techniques import CV_FOLDS, LEXICON_TSV, Lexicon, fit_token_model, prepare, read_corpus

#: Fine-tuned top layers of the 6. Fold 0 SI F1 of the blend 0.5: 2 layers 0.431, 4 layers 0.444,
#: all 6 0.449 (README beside the model).
LAYERS = 6
EPOCHS = 3
LR = 5e-5
HEAD_LR = 1e-3
BATCH = 16
THREADS = 2
#: Blend weight of the encoder logit and the decoding thresholds of the blend (fold 0 of tune,
#: 6 layers: blend 0.5 0.449, 0.6 0.450, 0.7 0.444, 0.8 0.442, encoder alone 0.435).
BLEND = 0.6
START = 0.35
CONTINUE = 0.13


def piece_items(prepared: Sequence, tokenizer) -> list[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
    """(article index, piece ids with [CLS]/[SEP], absolute piece offsets, piece labels) per window."""
    from ..encoder import MAX_PIECES

    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    items = []
    for ai, p in enumerate(prepared):
        text = p.doc.text
        gold = sorted((s, e) for _, s, e in p.article.labels)
        wins = windows(p.doc, tokenizer, WINDOW_PIECES)
        encs = tokenizer.encode_batch([text[s:e] for s, e in wins], add_special_tokens=False)
        for (s, _), enc in zip(wins, encs, strict=True):
            ids = enc.ids[:MAX_PIECES - 2]
            off = np.array(enc.offsets[:len(ids)], dtype=np.int64).reshape(-1, 2) + s
            lab = np.zeros(len(ids), dtype=np.float32)
            for gs, ge in gold:
                lab[(off[:, 0] < ge) & (off[:, 1] > gs)] = 1.0
            items.append((ai, np.array([cls, *ids, sep], dtype=np.int64), off, lab))
    return items


class Tuner:
    """The frozen bottom of MiniLM (its outputs cached) and the trainable top layers + head."""

    def __init__(self, items: list, layers: int, seed: int) -> None:
        import torch
        from torch import nn

        from .minilm import MiniLM

        torch.manual_seed(seed)
        self.torch, self.items = torch, items
        self.model = MiniLM(dropout=0.1)
        self.base = len(self.model.layers) - layers
        self.model.eval()
        self.hidden = self._frozen()
        self.top = nn.ModuleList(self.model.layers[self.base:])
        self.head = nn.Linear(self.model.dim, 1)

    def _frozen(self) -> list:
        from .minilm import pad

        torch, m = self.torch, self.model
        out: list = [None] * len(self.items)
        order = sorted(range(len(self.items)), key=lambda i: len(self.items[i][1]))
        with torch.no_grad():
            for b in range(0, len(order), 32):
                chunk = order[b:b + 32]
                ids, mask = pad([self.items[i][1] for i in chunk])
                x = m.embed(ids)
                neg = (1.0 - mask[:, None, None, :]) * -1e9
                for layer in m.layers[:self.base]:
                    x = layer(x, neg)
                for r, i in enumerate(chunk):
                    out[i] = x[r, :len(self.items[i][1])].clone()
        return out

    def _run(self, chunk: Sequence[int]):
        torch = self.torch
        n = max(len(self.items[i][1]) for i in chunk)
        x = torch.zeros(len(chunk), n, self.model.dim)
        mask, y, keep = torch.zeros(len(chunk), n), torch.zeros(len(chunk), n), torch.zeros(len(chunk), n)
        for r, i in enumerate(chunk):
            m = len(self.items[i][1])
            x[r, :m] = self.hidden[i]
            mask[r, :m] = 1.0
            y[r, 1:m - 1] = torch.from_numpy(self.items[i][3])
            keep[r, 1:m - 1] = 1.0
        neg = (1.0 - mask[:, None, None, :]) * -1e9
        for layer in self.top:
            x = layer(x, neg)
        return self.head(x).squeeze(-1), y, keep

    def fit(self, train: Sequence[int], epochs: int, seed: int, log=None) -> None:
        torch = self.torch
        opt = torch.optim.AdamW([{"params": self.top.parameters(), "lr": LR},
                                 {"params": self.head.parameters(), "lr": HEAD_LR}], weight_decay=0.01)
        steps = epochs * ((len(train) + BATCH - 1) // BATCH)
        warm = max(1, int(0.1 * steps))
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: s / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))
        loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
        params = list(self.top.parameters()) + list(self.head.parameters())
        for ep in range(epochs):
            self.top.train()
            self.head.train()
            rng = random.Random(seed * 1000 + ep)
            order = sorted(train, key=lambda i: len(self.items[i][1]) + rng.random() * 8)  # length buckets
            batches = [order[b:b + BATCH] for b in range(0, len(order), BATCH)]
            rng.shuffle(batches)
            total, t0 = 0.0, time.time()
            for chunk in batches:
                z, y, keep = self._run(chunk)
                loss = (loss_fn(z, y) * keep).sum() / keep.sum()
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                opt.step()
                sched.step()
                total += loss.item()
            if log:
                log(f"epoch {ep + 1}/{epochs}: loss {total / len(batches):.4f} ({time.time() - t0:.0f}s)")

    def token_logits(self, prepared: Sequence, which: Sequence[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Article index -> (token logits, pieces per token) for the windows ``which``."""
        self.top.eval()
        self.head.eval()
        per: dict[int, list] = {}
        with self.torch.no_grad():
            order = sorted(which, key=lambda i: len(self.items[i][1]))
            for b in range(0, len(order), 64):
                chunk = order[b:b + 64]
                z, _, _ = self._run(chunk)
                for r, i in enumerate(chunk):
                    m = len(self.items[i][1])
                    per.setdefault(self.items[i][0], []).append((self.items[i][2], z[r, 1:m - 1].numpy()))
        out = {}
        for ai, parts in per.items():
            off = np.concatenate([o for o, _ in parts])
            out[ai] = pieces_to_tokens(prepared[ai].doc, off[:, 0], off[:, 1], np.concatenate([v for _, v in parts]))
        return out

    def export(self) -> EncoderTagger:
        from .minilm import export

        tuned = tuple(f"encoder.layer.{i}." for i in range(self.base, len(self.model.layers)))
        layers = {k: v for k, v in export(self.model).items() if k.startswith(tuned)}
        return EncoderTagger(layers=layers, head_weight=self.head.weight.detach().numpy()[0].astype(np.float32),
                             head_bias=float(self.head.bias.detach().numpy()[0]), blend=BLEND,
                             start_threshold=START, continue_threshold=CONTINUE, window_pieces=WINDOW_PIECES)


def fold_report(prepared: Sequence, held: Sequence[int], z_lin: dict, z_enc: dict) -> dict:
    """SI on the held fold: linear, encoder alone, and the blend over a grid (best thresholds each)."""
    from ..eval.techniques import score_all

    gold = {prepared[i].article.id: prepared[i].article.labels for i in held}

    def best(logits: dict) -> tuple:
        top = None
        for start in np.arange(0.10, 0.751, 0.05):
            for cont in np.arange(0.03, start + 1e-9, 0.05):
                preds = {prepared[i].article.id: [("x", s, e, sc) for s, e, sc in
                                                  decode_spans(prepared[i].doc, _sigmoid(logits[i]), start, cont)]
                         for i in held}
                r = score_all(gold, preds)
                if top is None or r["si_f1"] > top[0]:
                    top = (round(r["si_f1"], 4), round(r["si_p"], 4), round(r["si_r"], 4),
                           round(float(start), 2), round(float(cont), 2))
        return top

    res = {"linear": best(z_lin)}
    for w in (0.5, 0.6, 0.7, 0.8, 1.0):
        blended = {i: blend_logits(z_lin[i], z_enc[i][0], z_enc[i][1], w) for i in held}
        res[f"blend {w}"] = best(blended)
    return res


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ENCODER_MODEL_FILE)
    ap.add_argument("--fold", type=int, default=None, help="train on the other folds and print this fold's SI figures")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--layers", type=int, default=LAYERS)
    ap.add_argument("--no-save", action="store_true", help="with --fold: do not train and write the model")
    ap.add_argument("--dump", type=Path, default=None,
                    help="with --fold: write the held articles' token logits (linear, encoder, pieces) to this .npz")
    a = ap.parse_args(argv)

    import torch

    from .. import encoder as E

    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    t0 = time.time()

    def log(msg: str) -> None:
        print(f"[{time.time() - t0:6.0f}s] {msg}", file=sys.stderr, flush=True)

    articles = [x for x in read_corpus(a.data) if part_of(x.id) == "tune"]
    lexicon = Lexicon.from_tsv(LEXICON_TSV)
    prepared = prepare(articles, lexicon)
    items = piece_items(prepared, E.load().tokenizer)
    log(f"{len(articles)} tune articles, {len(items)} windows, {sum(len(x[2]) for x in items)} pieces")

    if a.fold is not None:
        held = list(range(a.fold, len(prepared), CV_FOLDS))
        held_set = set(held)
        train_idx = [i for i in range(len(prepared)) if i not in held_set]
        tuner = Tuner(items, a.layers, a.seed)
        log("frozen layers cached")
        tuner.fit([k for k, it in enumerate(items) if it[0] not in held_set], a.epochs, a.seed, log)
        z_enc = tuner.token_logits(prepared, [k for k, it in enumerate(items) if it[0] in held_set])
        coef, bias = fit_token_model([prepared[i].X_tok for i in train_idx], [prepared[i].y_tok for i in train_idx], a.seed)
        z_lin = {i: prepared[i].X_tok.dot(coef) + bias for i in held}
        if a.dump:
            arrays = {}
            for i in held:
                aid = prepared[i].article.id
                arrays[f"{aid}/linear"] = z_lin[i]
                arrays[f"{aid}/encoder"], arrays[f"{aid}/pieces"] = z_enc[i]
            np.savez_compressed(a.dump, **arrays)
        for name, r in fold_report(prepared, held, z_lin, z_enc).items():
            print(f"fold {a.fold} {name}: SI F1 {r[0]} P {r[1]} R {r[2]} at start {r[3]} continue {r[4]}")
        if a.no_save:
            return 0
    tuner = Tuner(items, a.layers, a.seed)
    log("frozen layers cached")
    tuner.fit(list(range(len(items))), a.epochs, a.seed, log)
    tagger = tuner.export()
    tagger.save(a.out, meta={"articles": len(articles), "seed": a.seed, "layers": a.layers, "epochs": a.epochs,
                             "lr": LR, "head_lr": HEAD_LR, "batch": BATCH})
    log(f"wrote {a.out} ({a.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
