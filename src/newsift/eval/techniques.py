"""Propaganda techniques against the PTC corpus (SemEval-2020 Task 11).

``evaluate(data, part)`` reads a folder laid out like the PTC release
(``<split>-articles/article<ID>.txt``, ``<split>-task-flc-tc.labels`` and,
when present, ``<split>-task-si.labels``), analyses every article of ``part``
with ``raw=True`` and the ``newsift_techniques`` stage, and computes the same
metrics as ``shared/eval/score_propaganda.py``:

- SI: the official span-identification P/R/F1 (labels ignored, overlapping
  spans merged, partial-overlap credit |s n t|/|s| and |s n t|/|t|);
- FLC: the same with the technique required to match (merged per technique);
- TC: micro-F1 of :func:`newsift.stages.techniques.classify_spans` on the
  gold spans (a span with k gold labels gets the classifier's k best).

Document ids are the article ids (``article123.txt`` -> ``123``).
"""

from __future__ import annotations

import collections
import glob
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..errors import NewsiftError
from ..record import TECHNIQUES
from .split import Part, in_part

ARTICLE_RE = re.compile(r"article(\d+)")
STAGES = ("newsift_techniques",)

Gold = Mapping[str, Sequence[tuple[str, int, int]]]
Preds = Mapping[str, Sequence[tuple[str, int, int, float]]]


# --------------------------------------------------------------------- metric
def merge_overlapping(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of spans sharing >= 1 character (adjacent spans stay apart), as the official scorer."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _pr_sums(pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> tuple[float, float]:
    p_num = r_num = 0.0
    for s in pred:
        for t in gold:
            inter = max(0, min(s[1], t[1]) - max(s[0], t[0]))
            if inter:
                p_num += inter / (s[1] - s[0])
                r_num += inter / (t[1] - t[0])
    return p_num, r_num


def _prf(p_num: float, p_den: int, r_num: float, r_den: int) -> tuple[float, float, float]:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    if p_den == 0 and r_den == 0:
        return p, r, 1.0  # the official scorer's quirk: nothing to find, nothing found
    return p, r, (2 * p * r / (p + r) if p > 0 and r > 0 else 0.0)


def score_all(gold_flc: Gold, preds: Preds, gold_si: Gold | None = None,
              article_ids: Iterable[str] | None = None) -> dict[str, float]:
    """SI P/R/F1, FLC F1 and TC micro-F1 exactly as ``score_propaganda.py``.

    ``gold_si`` defaults to the FLC spans (the SI file of PTC lists the same
    fragments without labels). Predictions with end <= start or an unknown
    technique are handled as the reference scorer does.
    """
    gold_si = gold_flc if gold_si is None else gold_si
    ids = sorted(set(gold_flc) | set(gold_si) | set(preds)) if article_ids is None else list(article_ids)
    si = [0.0, 0, 0.0, 0]
    flc = [0.0, 0, 0.0, 0]
    tc_gold = tc_kept = tc_correct = 0
    for aid in ids:
        frags = [(t, s, e, sc) for t, s, e, sc in preds.get(aid, []) if e > s and s >= 0]
        g = merge_overlapping((s, e) for _, s, e in gold_si.get(aid, []))
        p = merge_overlapping((s, e) for _, s, e, _ in frags)
        pn, rn = _pr_sums(p, g)
        si[0] += pn
        si[1] += len(p)
        si[2] += rn
        si[3] += len(g)
        by_gold: dict[str, list] = collections.defaultdict(list)
        by_pred: dict[str, list] = collections.defaultdict(list)
        for t, s, e in gold_flc.get(aid, []):
            by_gold[t].append((s, e))
        for t, s, e, _ in frags:
            by_pred[t].append((s, e))
        for t in set(by_gold) | set(by_pred):
            gm = merge_overlapping(by_gold.get(t, []))
            pm = merge_overlapping(by_pred.get(t, []))
            pn, rn = _pr_sums(pm, gm)
            flc[1] += len(pm)
            flc[3] += len(gm)
            if t in TECHNIQUES or t in by_gold:
                flc[0] += pn
                flc[2] += rn
        at_span: dict[tuple[int, int], list] = collections.defaultdict(list)
        for t, s, e, sc in frags:
            at_span[(s, e)].append((-sc, t))
        gold_spans: dict[tuple[int, int], list] = collections.defaultdict(list)
        for t, s, e in gold_flc.get(aid, []):
            gold_spans[(s, e)].append(t)
        for span, labels in gold_spans.items():
            kept = [t for _, t in sorted(at_span.get(span, []))][: len(labels)]
            tc_gold += len(labels)
            tc_kept += len(kept)
            tc_correct += sum((collections.Counter(labels) & collections.Counter(kept)).values())
    si_p, si_r, si_f1 = _prf(*si)
    _, _, flc_f1 = _prf(*flc)
    tc_p = tc_correct / tc_kept if tc_kept else 0.0
    tc_r = tc_correct / tc_gold if tc_gold else 0.0
    tc_f1 = 2 * tc_p * tc_r / (tc_p + tc_r) if tc_p and tc_r else 0.0
    return {"si_p": si_p, "si_r": si_r, "si_f1": si_f1, "tc_micro_f1": tc_f1, "flc_f1": flc_f1}


# --------------------------------------------------------------------- data
def read_labels(paths: Sequence[str], columns: int) -> dict[str, list[tuple[str, int, int]]]:
    out: dict[str, list[tuple[str, int, int]]] = collections.defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                row = line.rstrip("\r\n").split("\t")
                if len(row) != columns or not row[-1].isdigit() or not row[-2].isdigit():
                    raise NewsiftError("E011", "bad_data", name=f"{path}:{n}",
                                       reason=f"expected {columns} tab-separated columns ending in start, end")
                tech = row[1] if columns == 4 else "propaganda"
                out[row[0]].append((tech, int(row[-2]), int(row[-1])))
    return out


def read_ptc(data: Path) -> tuple[dict[str, Path], dict, dict | None]:
    """(article id -> file, FLC gold, SI gold or None) of a PTC-style folder; E011 when it is not one."""
    data = Path(data)
    if not data.is_dir():
        raise NewsiftError("E011", "bad_data", name=str(data), reason="no such folder")
    files: dict[str, Path] = {}
    for folder in sorted(glob.glob(str(data / "*-articles"))):
        for path in sorted(Path(folder).glob("article*.txt")):
            m = ARTICLE_RE.match(path.name)
            if m:
                files[m.group(1)] = path
    flc_files = sorted(glob.glob(str(data / "*-task-flc-tc.labels")))
    if not files or not flc_files:
        raise NewsiftError("E011", "bad_data", name=str(data),
                           reason="expected <split>-articles/article<ID>.txt and <split>-task-flc-tc.labels")
    flc = read_labels(flc_files, 4)
    si_files = sorted(glob.glob(str(data / "*-task-si.labels")))
    si = read_labels(si_files, 3) if si_files else None
    for aid in list(flc) + list(si or {}):
        if aid not in files:
            raise NewsiftError("E011", "bad_data", name=str(data), reason=f"labels for article {aid} but no article{aid}.txt")
    return files, flc, si


def read_article(path: Path) -> str:
    """The article exactly as the gold offsets count it (UTF-8, BOM and line ends kept)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


# --------------------------------------------------------------------- evaluate
def predict(files: Mapping[str, Path], ids: Sequence[str]) -> tuple[dict, list]:
    """Run the pipeline (raw, techniques stage only) over the articles: (preds, records)."""
    from ..pipeline import analyze_many
    from ..read import Item

    items = [Item(text=read_article(files[aid]), name=str(files[aid]), raw=True) for aid in ids]
    preds: dict[str, list] = {}
    records = []
    for aid, rec in zip(ids, analyze_many(items, stages=STAGES), strict=True):
        records.append(rec)
        techniques = [] if rec.error is not None else (rec.techniques or [])
        preds[aid] = [(_get(t, "technique"), _get(t, "start"), _get(t, "end"), _get(t, "score")) for t in techniques]
    return preds, records


def _get(obj: object, key: str):
    return obj[key] if isinstance(obj, Mapping) else getattr(obj, key)


def tc_predictions(files: Mapping[str, Path], flc: Gold, ids: Sequence[str]) -> dict[str, list]:
    """classify_spans on every gold row (a span listed k times gets k labels), as scored predictions."""
    from ..stages.techniques import classify_spans_scored

    out: dict[str, list] = {}
    for aid in ids:
        spans = [(s, e) for _, s, e in flc.get(aid, [])]
        if not spans:
            out[aid] = []
            continue
        labelled = classify_spans_scored(read_article(files[aid]), spans)
        # rank order among a span's labels must survive the scorer's sort by score
        out[aid] = [(t, s, e, sc) for (s, e), (t, sc) in zip(spans, labelled, strict=True)]
    return out


def evaluate(data: Path, part: Part = "all") -> dict[str, float]:
    """SI P/R/F1, TC micro-F1 and FLC F1 of newsift on the PTC-style folder ``data``."""
    files, flc, si = read_ptc(Path(data))
    ids = [aid for aid in sorted(files) if in_part(aid, part)]
    if not ids:
        raise NewsiftError("E011", "bad_data", name=str(data), reason=f"no article in part {part!r}")
    preds, _ = predict(files, ids)
    res = score_all(flc, preds, si, ids)
    tc = score_all(flc, tc_predictions(files, flc, ids), si, ids)
    res["tc_micro_f1"] = tc["tc_micro_f1"]
    return res
