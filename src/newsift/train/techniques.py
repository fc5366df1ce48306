"""Rebuild the propaganda-technique model (``newsift_techniques`` stage).

    python -m newsift.train.techniques --data ../shared/data/ptc --seed 0
    python -m newsift.train.techniques --data ../shared/data/ptc --cv      # CV figures + thresholds

``--data`` is a folder laid out like the Propaganda Techniques Corpus
(SemEval-2020 Task 11): ``<split>-articles/article<ID>.txt`` and
``<split>-task-flc-tc.labels`` (``id<TAB>technique<TAB>start<TAB>end``), for
whatever split name(s) it holds. Only articles whose id is in the ``tune``
part of the fixed split (:mod:`newsift.eval.split`) are read; the ``heldout``
part stays unseen for ``newsift eval techniques --part heldout``.

Articles are parsed with newsift's own pipeline (spaCy + the paragraph
splitter), exactly as at analysis time. Then:

- the token tagger: L2 logistic regression (liblinear, ``--seed`` fixes its
  coordinate order) on "token inside any gold fragment";
- the technique classifier: multinomial L2 logistic regression (lbfgs) on
  the gold fragments, one example per (fragment, technique) row.

The regularisation strengths below and the decoding thresholds in
:mod:`newsift.stages.techniques` were chosen by 5-fold cross-validation by
article on the tune part (``--cv`` reruns it and prints the figures and the
best thresholds; it does not change the shipped file unless ``--use-cv``).
The same data and seed give the same file.
"""

from __future__ import annotations

import argparse
import collections
import glob
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sps
from sklearn.linear_model import LogisticRegression

from ..errors import NewsiftError
from ..eval.split import part_of
from ..eval.techniques import read_labels
from ..record import TECHNIQUES
from ..stages.techniques import (
    CONTINUE_THRESHOLD,
    MODEL_FILE,
    START_THRESHOLD,
    Lexicon,
    TechniqueModel,
    decode_spans,
    span_rows,
    token_rows,
)

#: Inverse regularisation of the token tagger. CV on tune (SI F1 at the best
#: thresholds): C=0.03 0.334, 0.1 0.350, 0.3 0.355.
TOKEN_C = 0.3
#: Inverse regularisation of the technique classifier (CV TC micro-F1).
SPAN_C = 1.0
#: Folds for --cv (by article).
CV_FOLDS = 5
#: The claim lexicon copied into the model (Pattern PDDL + VADER MIT; see its README).
LEXICON_TSV = Path(__file__).resolve().parent.parent / "data" / "claims" / "lexicon.tsv"
ARTICLE_RE = re.compile(r"article(\d+)")


@dataclass
class Article:
    """One corpus article: id, text and its gold (technique, start, end) rows."""

    id: str
    text: str
    labels: list[tuple[str, int, int]] = field(default_factory=list)


def read_corpus(data: Path) -> list[Article]:
    """Every article of every ``<split>-articles`` folder with its FLC labels.

    Raises E011 when the folder is missing or holds no articles/labels.
    """
    if not data.is_dir():
        raise NewsiftError("E011", "bad_data", name=str(data), reason="no such folder")
    articles: dict[str, Article] = {}
    folders = sorted(glob.glob(str(data / "*-articles")))
    for folder in folders:
        for path in sorted(Path(folder).glob("article*.txt")):
            m = ARTICLE_RE.match(path.name)
            if m:
                with open(path, encoding="utf-8", newline="") as fh:
                    articles[m.group(1)] = Article(m.group(1), fh.read())
    label_files = sorted(glob.glob(str(data / "*-task-flc-tc.labels")))
    if not articles or not label_files:
        raise NewsiftError(
            "E011", "bad_data", name=str(data),
            reason="expected <split>-articles/article<ID>.txt and <split>-task-flc-tc.labels",
        )
    for aid, labels in read_labels(label_files, 4).items():
        if aid not in articles:
            raise NewsiftError("E011", "bad_data", name=str(data), reason=f"labels for article{aid}, but no article{aid}.txt")
        articles[aid].labels.extend(labels)
    return [articles[k] for k in sorted(articles)]


def parse(texts: Sequence[str]) -> list:
    """Parse with the analysis pipeline (no newsift stages), so features match inference."""
    from ..nlp import load

    return list(load(()).pipe(texts, batch_size=16))


def token_labels(doc, labels: Sequence[tuple[str, int, int]]) -> np.ndarray:
    y = np.zeros(len(doc), dtype=np.int8)
    for _, s, e in labels:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            y[span.start:span.end] = 1
    return y


def fit_token_model(X: list, Y: list, seed: int) -> tuple[np.ndarray, float]:
    clf = LogisticRegression(C=TOKEN_C, solver="liblinear", max_iter=300, random_state=seed)
    clf.fit(sps.vstack(X).tocsr(), np.concatenate(Y))
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def fit_span_model(X: list, y: list) -> tuple[np.ndarray, np.ndarray]:
    clf = LogisticRegression(C=SPAN_C, max_iter=3000)
    clf.fit(sps.vstack(X).tocsr(), np.concatenate(y))
    coef = np.zeros((len(TECHNIQUES), clf.coef_.shape[1]), dtype=np.float32)
    bias = np.full(len(TECHNIQUES), -1e4, dtype=np.float32)  # a label never seen stays improbable
    for row, cls in enumerate(clf.classes_):
        coef[cls] = clf.coef_[row]
        bias[cls] = clf.intercept_[row]
    return coef, bias


@dataclass
class Prepared:
    """Features of one article, computed once."""

    article: Article
    doc: object
    X_tok: sps.csr_matrix
    y_tok: np.ndarray
    X_span: sps.csr_matrix
    y_span: np.ndarray


def prepare(articles: Sequence[Article], lexicon: Lexicon) -> list[Prepared]:
    docs = parse([a.text for a in articles])
    lab = {t: i for i, t in enumerate(TECHNIQUES)}
    out = []
    for a, doc in zip(articles, docs, strict=True):
        X_tok = token_rows(doc, lexicon).to_scipy()
        rows = [(t, s, e) for t, s, e in a.labels if t in lab]
        cache: dict = {}
        X_span = span_rows(doc, [(s, e) for _, s, e in rows], cache, lexicon).to_scipy()
        out.append(Prepared(a, doc, X_tok, token_labels(doc, a.labels),
                            X_span, np.array([lab[t] for t, _, _ in rows], dtype=np.int64)))
    return out


def train(prepared: Sequence[Prepared], lexicon: Lexicon, seed: int,
          thresholds: tuple[float, float] = (START_THRESHOLD, CONTINUE_THRESHOLD)) -> TechniqueModel:
    tok_coef, tok_bias = fit_token_model([p.X_tok for p in prepared], [p.y_tok for p in prepared], seed)
    with_spans = [p for p in prepared if len(p.y_span)]
    span_coef, span_bias = fit_span_model([p.X_span for p in with_spans], [p.y_span for p in with_spans])
    return TechniqueModel(tok_coef, tok_bias, span_coef, span_bias, lexicon, *thresholds)


def cross_validate(prepared: Sequence[Prepared], lexicon: Lexicon, seed: int) -> dict:
    """Out-of-fold SI (grid of thresholds), TC and FLC figures on the given articles."""
    from ..eval.techniques import score_all

    folds = [list(prepared[f::CV_FOLDS]) for f in range(CV_FOLDS)]
    oof_probs: dict[str, np.ndarray] = {}
    tc_preds: dict[str, list] = {}
    models = []
    for f, held in enumerate(folds):
        train_part = [p for g, fold in enumerate(folds) if g != f for p in fold]
        model = train(train_part, lexicon, seed)
        models.append((held, model))
        for p in held:
            oof_probs[p.article.id] = model.token_probs(p.doc)
            spans = [(s, e) for _, s, e in p.article.labels]
            probs = model.technique_probs(p.doc, sorted(set(spans)))
            tc_preds[p.article.id] = [
                (TECHNIQUES[j], s, e, float(row[j])) for (s, e), row in zip(sorted(set(spans)), probs, strict=True)
                for j in range(len(TECHNIQUES))
            ]
    gold = {p.article.id: p.article.labels for p in prepared}
    best = None
    for start in np.arange(0.10, 0.551, 0.05):
        for cont in np.arange(0.03, start + 1e-9, 0.05):
            preds = {
                p.article.id: [("x", s, e, sc) for s, e, sc in decode_spans(p.doc, oof_probs[p.article.id], start, cont)]
                for p in prepared
            }
            res = score_all(gold, preds)
            if best is None or res["si_f1"] > best[0]["si_f1"]:
                best = (res, round(float(start), 2), round(float(cont), 2))
    res, start, cont = best
    # FLC at the chosen thresholds: label each decoded fragment with its fold's classifier
    flc_preds = {}
    for held, model in models:
        for p in held:
            spans = decode_spans(p.doc, oof_probs[p.article.id], start, cont)
            probs = model.technique_probs(p.doc, [(s, e) for s, e, _ in spans])
            flc_preds[p.article.id] = [
                (TECHNIQUES[int(np.argmax(row))], s, e, sc * float(row.max())) for (s, e, sc), row in zip(spans, probs, strict=True)
            ]
    flc = score_all(gold, flc_preds)
    tc = score_all(gold, tc_preds)
    return {"si_p": res["si_p"], "si_r": res["si_r"], "si_f1": res["si_f1"], "flc_f1": flc["flc_f1"],
            "tc_micro_f1": tc["tc_micro_f1"], "start_threshold": start, "continue_threshold": cont}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="PTC-style folder (<split>-articles, *-task-flc-tc.labels)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--lexicon", type=Path, default=LEXICON_TSV)
    ap.add_argument("--cv", action="store_true", help="print 5-fold CV figures on tune (and the best thresholds)")
    ap.add_argument("--use-cv", action="store_true", help="with --cv: store the CV thresholds in the model")
    ap.add_argument("--no-save", action="store_true", help="do not write the model (with --cv)")
    a = ap.parse_args(argv)
    t0 = time.time()
    articles = [x for x in read_corpus(a.data) if part_of(x.id) == "tune"]
    lexicon = Lexicon.from_tsv(a.lexicon)
    print(f"tune articles: {len(articles)}, labels: {sum(len(x.labels) for x in articles)}", file=sys.stderr)
    prepared = prepare(articles, lexicon)
    print(f"parsed and featurised in {time.time() - t0:.0f}s", file=sys.stderr)
    thresholds = (START_THRESHOLD, CONTINUE_THRESHOLD)
    if a.cv:
        res = cross_validate(prepared, lexicon, a.seed)
        print("CV on tune:", {k: round(v, 4) for k, v in res.items()})
        if a.use_cv:
            thresholds = (res["start_threshold"], res["continue_threshold"])
    if a.no_save:
        return 0
    model = train(prepared, lexicon, a.seed, thresholds)
    counts = collections.Counter(t for x in articles for t, _, _ in x.labels)
    model.save(a.out, meta={"articles": len(articles), "labels": dict(sorted(counts.items())), "seed": a.seed,
                            "token_C": TOKEN_C, "span_C": SPAN_C})
    print(f"wrote {a.out} ({a.out.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
