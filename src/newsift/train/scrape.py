"""Train the plain-text scrape cleaner (``newsift/data/scrape/model.json``).

Data: the Zyte article-extraction benchmark (MIT), folder layout as in
``shared/data/article-extraction``: ``text/<sha>.txt`` (naive whole-page text
dumps) and ``ground-truth.json`` (gold ``articleBody``). Only the ``tune``
part of the fixed split is read; the held-out part is never seen here.

Labels: a unit is *body* when at least half of its tokens lie in a 4-gram
window (over the page's token stream, so short subheadings count with their
neighbours) that is also a 4-gram of the gold body, the same shingles the
benchmark scores. Keeping exactly the units labelled body scores F1 0.99.

Model: stage 1 is a logistic regression over ``unit_features``; stage 2
gradient-boosted trees over stage-1 logits of the unit and its neighbours
(plus a few base features and lexical cohesion), trained on out-of-fold
stage-1 scores (so it learns how far to trust stage 1 on unseen pages).
Every page weighs the same in training, as in the metric. The decision
parameters of ``decide`` (segment threshold, inside cut-off) are chosen by
grid search on out-of-fold stage-2 scores, maximising the benchmark F1 of
what the cleaner keeps (headline dropped). Everything is deterministic:
folds come from the document ids' hashes, the trees from a fixed seed, and
BLAS runs on one thread.

Usage::

    python -m newsift.train.scrape [--data ../shared/data/article-extraction] [--cv [--cv-repeats N]] [--out PATH] [--check]
    newsift train cleaner [same options]

``--cv`` also reports 5-fold cross-validated benchmark scores on the tune
part (the whole procedure, grid search included, rerun inside each fold).
With 69 pages one page cut wrongly moves the mean F1 by ~0.01, so the score
depends on which pages share a fold; ``--cv-repeats N`` reruns the CV over
N different fold assignments and reports each and their mean (compare
variants on that, not on one assignment).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import NewsiftError
from ..eval.cleaning import bench_metrics, load_gold, shingle_tp_fp_fn, shingles, tokens
from ..eval.split import part_of
from ..read.scrape import (
    BASE_FEATURES,
    DEFAULT_PARAMS,
    FEATURE_NAMES,
    STACK_NAMES,
    ScrapeModel,
    content_words,
    layer_logits,
    select,
    split_units,
    stack_features,
    unit_features,
)

#: A unit is labelled body when this share of its tokens is covered by gold 4-grams.
LABEL_COVERAGE = 0.5
#: Folds for out-of-fold scores (stage 2 and the grid search) and for --cv.
FOLDS = 5
#: Inverse L2 strength of both regressions; 1.0 (sklearn's default) scored
#: within 0.002 F1 of the best of 0.1..10 in cross-validation, so it stays.
C = 1.0
#: Boosted trees (stage 2): shallow and strongly regularised for ~10,000
#: units from 69 pages; depth and leaf size set by hand, not searched.
TREES = {"max_iter": 150, "learning_rate": 0.08, "max_depth": 4, "min_samples_leaf": 40}
#: Learner of each stage: "linear" or "trees".
STAGE_KINDS = ("linear", "trees")
#: Grids of the decision parameters (see ``newsift.read.scrape.decide``); the
#: rest keep DEFAULT_PARAMS. Searching relative, outside_min, mass_power and
#: logit_gain as well scored 0.928 in nested cross-validation against 0.932
#: for this smaller grid: with 69 pages, fewer free choices generalise better.
GRID = {
    "threshold": (0.3, 0.4, 0.5, 0.6),
    "inside_min": (0.05, 0.1, 0.2),
}


@dataclass
class Page:
    sha: str
    gold: str
    units: list
    feats: np.ndarray
    labels: np.ndarray
    words: np.ndarray
    vocab: list


def label_units(units: list, gold: str) -> np.ndarray:
    """1 for units whose tokens are mostly covered by gold 4-gram shingles."""
    g = set(shingles(tokens(gold)))
    stream: list[str] = []
    owner: list[int] = []
    for i, u in enumerate(units):
        for t in tokens(u.text):
            stream.append(t)
            owner.append(i)
    covered = np.zeros(len(stream), dtype=bool)
    for j in range(len(stream) - 3):
        if tuple(stream[j : j + 4]) in g:
            covered[j : j + 4] = True
    total = np.bincount(np.asarray(owner, dtype=int), minlength=len(units)) if owner else np.zeros(len(units))
    hit = np.bincount(np.asarray(owner, dtype=int)[covered], minlength=len(units)) if owner else total
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, hit / np.maximum(total, 1), 0.0)
    return (share >= LABEL_COVERAGE).astype(int)


def load_pages(data: Path) -> list[Page]:
    """The tune part of the benchmark, cut into units, with features and labels."""
    gold = load_gold(data)
    pages = []
    for sha in sorted(gold):
        if part_of(sha) != "tune":
            continue
        path = Path(data) / "text" / f"{sha}.txt"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        units = split_units(text)
        feats = unit_features(units)
        words = np.expm1(feats[:, BASE_FEATURES.index("log_words")]) if len(units) else np.zeros(0)
        pages.append(Page(sha, gold[sha], units, feats, label_units(units, gold[sha]), words, content_words(units)))
    if not pages:
        raise NewsiftError("E011", "bad_data", name=str(data), reason="no text/<sha>.txt of the tune part was found")
    return pages


def fold_of(sha: str, k: int = FOLDS, salt: str = "fold:") -> int:
    """A stable fold for a document (hash of its id, independent of the tune/held-out hash).

    ``salt`` picks another assignment (``--cv-repeats``); training always uses the default.
    """
    return int(hashlib.sha256((salt + sha).encode()).hexdigest(), 16) % k


def _fit_trees(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...]) -> dict:
    """Boosted trees, exported as padded node arrays (see ``ScrapeModel``)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(early_stopping=False, random_state=0, **TREES)
    clf.fit(x, y, sample_weight=w)
    trees = [it[0].nodes for it in clf._predictors]
    size = max(len(t) for t in trees)
    feature = np.full((len(trees), size), -1, dtype=int)
    threshold = np.zeros((len(trees), size))
    left = np.zeros((len(trees), size), dtype=int)
    right = np.zeros((len(trees), size), dtype=int)
    value = np.zeros((len(trees), size))
    for t, nodes in enumerate(trees):
        for j, node in enumerate(nodes):
            if node["is_leaf"]:
                value[t, j] = node["value"]
            else:
                feature[t, j] = node["feature_idx"]
                threshold[t, j] = node["num_threshold"]
                left[t, j] = node["left"]
                right[t, j] = node["right"]
    layer = {
        "kind": "trees",
        "features": list(names),
        "baseline": float(np.ravel(clf._baseline_prediction)[0]),
        "depth": int(max(int(nodes["depth"].max()) for nodes in trees)),
        "feature": feature.tolist(),
        "threshold": threshold.tolist(),
        "left": left.tolist(),
        "right": right.tolist(),
        "value": [[round(float(v), 10) for v in row] for row in value],
    }
    check = layer_logits(layer, x[:500])
    if not np.allclose(check, clf.decision_function(x[:500]), atol=1e-6):
        raise RuntimeError("exported trees do not reproduce scikit-learn's scores")
    return layer


def _fit_lr(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...]) -> dict:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    lr = LogisticRegression(C=C, max_iter=1000, solver="newton-cholesky")
    lr.fit((x - mean) / scale, y, sample_weight=w)
    return {
        "kind": "linear",
        "features": list(names),
        "mean": [round(float(v), 8) for v in mean],
        "scale": [round(float(v), 8) for v in scale],
        "coef": [round(float(v), 8) for v in lr.coef_[0]],
        "intercept": round(float(lr.intercept_[0]), 8),
    }


def _fit(kind: str, x: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...]) -> dict:
    return _fit_trees(x, y, w, names) if kind == "trees" else _fit_lr(x, y, w, names)


#: "page": every page weighs the same in training, as in the metric (a mean
#: over pages); "unit": every unit weighs log(2 + words).
WEIGHTING = "page"


def _weights(pages: list[Page]) -> np.ndarray:
    # Long units carry most of the metric's shingles: weigh a unit by log(2 + words).
    ws = [np.log(2 + p.words) for p in pages]
    if WEIGHTING == "page":
        per_page = sum(float(w.sum()) for w in ws) / len(ws)  # keeps the total weight unchanged
        ws = [w * per_page / max(float(w.sum()), 1e-9) for w in ws]
    return np.concatenate(ws)


def _linear(layer: dict, x: np.ndarray) -> np.ndarray:
    return layer_logits(layer, x)


def fit_stage1(pages: list[Page]) -> dict:
    x = np.vstack([p.feats for p in pages])
    y = np.concatenate([p.labels for p in pages])
    return _fit(STAGE_KINDS[0], x, y, _weights(pages), FEATURE_NAMES)


def _out_of_fold(pages: list[Page], predict, fill: float) -> list[np.ndarray]:
    """``predict(train_pages)(page)`` for every page, from a model fitted without the page's fold.

    Pages of a fold with nothing to train on get ``fill`` for every line.
    """
    out: list[np.ndarray | None] = [None] * len(pages)
    for f in range(FOLDS):
        train = [p for p in pages if fold_of(p.sha) != f]
        test = [i for i, p in enumerate(pages) if fold_of(p.sha) == f]
        if not test or not train:
            continue
        scorer = predict(train)
        for i in test:
            out[i] = scorer(pages[i])
    return [o if o is not None else np.full(len(p.units), fill) for o, p in zip(out, pages, strict=True)]


def oof_stage1(pages: list[Page]) -> list[np.ndarray]:
    """Out-of-fold stage-1 logits of every page."""

    def predict(train: list[Page]):
        layer = fit_stage1(train)
        return lambda page: _linear(layer, page.feats)

    return _out_of_fold(pages, predict, 0.0)


def fit_stage2(pages: list[Page], s1: list[np.ndarray]) -> dict:
    x = np.vstack([stack_features(s, p.feats, p.vocab) for s, p in zip(s1, pages, strict=True)])
    y = np.concatenate([p.labels for p in pages])
    return _fit(STAGE_KINDS[1], x, y, _weights(pages), STACK_NAMES)


_SCORE_CACHE: dict[tuple[str, bytes], tuple[float, float, float]] = {}


def page_f1s(pages: list[Page], probs: list[np.ndarray], params: dict) -> list[tuple[float, float, float]]:
    """Per-page (tp, fp, fn) of the units the cleaner keeps, headline dropped (cached: the grid repeats masks)."""
    out = []
    for p, pr in zip(pages, probs, strict=True):
        keep, _ = select(p.units, p.feats, pr, params)
        key = (p.sha, np.packbits(keep).tobytes() + len(keep).to_bytes(4, "little"))
        if key not in _SCORE_CACHE:
            text = "\n".join(u.text for u, k in zip(p.units, keep, strict=True) if k)
            _SCORE_CACHE[key] = shingle_tp_fp_fn(p.gold, text)
        out.append(_SCORE_CACHE[key])
    return out


def grid_search(pages: list[Page], probs: list[np.ndarray]) -> tuple[dict, float]:
    best, best_f1 = dict(DEFAULT_PARAMS), -1.0
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        params = {**DEFAULT_PARAMS, **dict(zip(keys, values, strict=True))}
        f1 = bench_metrics(page_f1s(pages, probs, params))["f1"]
        if f1 > best_f1 + 1e-12:
            best, best_f1 = params, f1
    return best, best_f1


def oof_stage2_probs(pages: list[Page]) -> list[np.ndarray]:
    """Out-of-fold stage-2 probabilities (stage 1 and 2 both trained without the page)."""

    def predict(train: list[Page]):
        model = _fit_model(train, search=False)
        return lambda page: model.scores(page.feats, page.vocab)

    return _out_of_fold(pages, predict, 0.5)


def _fit_model(pages: list[Page], search: bool = True) -> ScrapeModel:
    layer1 = fit_stage1(pages)
    layer2 = fit_stage2(pages, oof_stage1(pages))
    params = dict(DEFAULT_PARAMS)
    info: dict = {}
    if search:
        params, f1 = grid_search(pages, oof_stage2_probs(pages))
        info["oof_f1"] = round(f1, 4)
    return ScrapeModel(layer1, layer2, params, info)


def train(pages: list[Page]) -> ScrapeModel:
    """The shipped model: both stages on all tune pages, parameters from out-of-fold scores."""
    model = _fit_model(pages)
    model.info.update(
        {
            "data": "Zyte article-extraction benchmark (MIT), text/ dumps vs ground-truth.json, tune part",
            "documents": len(pages),
            "units": int(sum(len(p.units) for p in pages)),
            "documents_ids_sha256": hashlib.sha256("\n".join(p.sha for p in pages).encode()).hexdigest(),
        }
    )
    return model


def cross_validate(pages: list[Page], salt: str = "fold:") -> dict[str, float]:
    """5-fold CV of the whole procedure (grid search inside each fold) on the tune part; ``salt``: see ``fold_of``."""
    tfs: list = []
    for f in range(FOLDS):
        train_p = [p for p in pages if fold_of(p.sha, salt=salt) != f]
        test_p = [p for p in pages if fold_of(p.sha, salt=salt) == f]
        model = _fit_model(train_p)
        tfs += page_f1s(test_p, [model.scores(p.feats, p.vocab) for p in test_p], model.params)
        print(f"fold {f}: params {model.params}", file=sys.stderr)
    return bench_metrics(tfs)


def repeated_cv(pages: list[Page], repeats: int = 1) -> dict:
    """``cross_validate`` over ``repeats`` fold assignments (the first is the default one), and their mean."""
    runs = [cross_validate(pages, "fold:" if r == 0 else f"fold{r}:") for r in range(max(repeats, 1))]
    if len(runs) == 1:
        return {"tune_cv": runs[0]}
    mean = {k: sum(r[k] for r in runs) / len(runs) for k in runs[0]}
    return {"tune_cv": mean, "tune_cv_runs": runs}


SHIPPED = Path(__file__).resolve().parents[1] / "data" / "scrape" / "model.json"


def default_data() -> Path:
    """``$NEWSIFT_SHARED/data/article-extraction``, else ``../shared/...`` beside the repository."""
    shared = os.environ.get("NEWSIFT_SHARED")
    root = Path(shared) if shared else Path(__file__).resolve().parents[3].parent / "shared"
    return root / "data" / "article-extraction"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train newsift's plain-text scrape cleaner.")
    ap.add_argument("--data", type=Path, default=None, help="the article-extraction folder (default: shared data)")
    ap.add_argument("--out", type=Path, default=SHIPPED, help="where to write model.json (default: the shipped one)")
    ap.add_argument("--cv", action="store_true", help="report 5-fold cross-validated scores on the tune part")
    ap.add_argument("--cv-repeats", type=int, default=1, help="with --cv: repeat over this many fold assignments")
    ap.add_argument("--check", action="store_true", help="exit 1 if a rebuild differs from --out (writes nothing)")
    a = ap.parse_args(argv)
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # one BLAS thread: faster on small matrices, identical results on any machine
    pages = load_pages(a.data or default_data())
    if a.cv:
        print(json.dumps(repeated_cv(pages, a.cv_repeats), indent=1))
    model = train(pages)
    text = json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n"
    if a.check:
        same = a.out.is_file() and a.out.read_text(encoding="utf-8") == text
        print(f"{a.out}: {'matches' if same else 'DIFFERS from'} a rebuild", file=sys.stderr)
        return 0 if same else 1
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(text, encoding="utf-8")
    print(f"wrote {a.out} (params {model.params}, out-of-fold F1 {model.info.get('oof_f1')})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
