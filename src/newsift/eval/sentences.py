"""CheckThat! sentence tasks: subjectivity (macro-F1) and check-worthiness (F1 of Yes).

Reads every ``*.tsv`` in the data folder the way ``shared/eval/split_sentences.py``
does (csv module, tab, '"' quoting: one text per row), analyses each text raw
with only the claims stage, and scores like ``shared/eval/score_sentences.py``:
a sentence's score is the largest ``claims[].subjective`` (or
``claims[].checkworthy``) of its record, 0 with no claims or an error record;
positive when the score is >= 0.5.

``part`` filters sentences by their id with the fixed split
(:mod:`newsift.eval.split`); the claim models are trained on the ``tune``
part of these same files, so only ``heldout`` is a fair figure.
``records_out`` writes the records as JSON Lines (``input.path`` set to
``<id>.txt``) so the reference scorer can check the numbers.
"""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path

from ..errors import NewsiftError
from ..stages.claims import find_model
from .split import Part, in_part

#: task: (id columns, text columns, label column, positive label, negative label, claim field)
TASKS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, str, str, str]] = {
    "subjectivity": (("sentence_id",), ("sentence",), "label", "SUBJ", "OBJ", "subjective"),
    "checkworthiness": (("Sentence_id",), ("Text",), "class_label", "Yes", "No", "checkworthy"),
}
log = logging.getLogger(__name__)
#: The scorers' decision point (score_sentences.py --threshold default).
THRESHOLD = 0.5


def read_rows(path: Path, task: str | None = None) -> tuple[str, list[tuple[str, str, bool]]]:
    """The task of a TSV (from its header unless given) and its (id, text, positive) rows."""
    csv.field_size_limit(10**7)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quotechar='"')
            header = [h.strip() for h in next(reader)]
            raw = [r for r in reader if r and any(c.strip() for c in r)]
    except (OSError, StopIteration, UnicodeDecodeError, csv.Error) as exc:
        raise NewsiftError("E011", "bad_data", name=str(path), reason=f"cannot read it ({exc!r})") from exc
    if task is None:
        task = next((t for t, spec in TASKS.items() if spec[0][0] in header and spec[2] in header), None)
        if task is None:
            raise NewsiftError("E011", "bad_data", name=str(path), reason=f"unknown header {header}")
    ids, texts, label, pos, neg, _ = TASKS[task]
    idc = next((c for c in ids if c in header), None)
    txt = next((c for c in texts if c in header), None)
    if idc is None or txt is None or label not in header:
        raise NewsiftError("E011", "bad_data", name=str(path), reason=f"header {header} is not a {task} TSV")
    rows = []
    for r in raw:
        r = [c.rstrip("\r") for c in r] + [""] * max(0, len(header) - len(r))
        d = dict(zip(header, r, strict=False))
        lab = d[label].strip()
        if lab not in (pos, neg):
            raise NewsiftError("E011", "bad_data", name=str(path), reason=f"sentence {d[idc]!r} has label {lab!r}")
        rows.append((d[idc].strip(), d[txt], lab == pos))
    return task, rows


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0 when undefined), as score_sentences.py computes them."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p and r else 0.0
    return p, r, f


def metrics(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    tn = len(gold) - tp - fp - fn
    pp, pr, pf = prf(tp, fp, fn)
    np_, nr, nf = prf(tn, fn, fp)
    return {"n": float(len(gold)), "tp": float(tp), "fp": float(fp), "fn": float(fn), "tn": float(tn),
            "accuracy": (tp + tn) / len(gold) if gold else 0.0,
            "pos_P": pp, "pos_R": pr, "pos_F1": pf, "neg_P": np_, "neg_R": nr, "neg_F1": nf,
            "macro_F1": (pf + nf) / 2}


def record_score(rec: dict, field: str) -> float:
    """max(claims[].field) of a record; 0 for an error record or one without scores."""
    if rec.get("error"):
        return 0.0
    vals = [float(c[field]) for c in rec.get("claims") or []
            if isinstance(c.get(field), int | float) and not isinstance(c.get(field), bool)]
    return max(vals) if vals else 0.0


def evaluate(data: Path, part: Part = "all", task: str | None = None,
             records_out: Path | None = None) -> dict[str, float]:
    """Score the claims stage on every TSV in ``data`` (one task per folder).

    Returns the pooled metrics, ``official`` (macro-F1 or F1 of Yes), and
    ``<file stem>.official`` / ``<file stem>.n`` per file.
    """
    from ..pipeline import analyze_many
    from ..read import Item

    data = Path(data)
    files = sorted(data.glob("*.tsv")) if data.is_dir() else []
    if not files:
        raise NewsiftError("E011", "bad_data", name=str(data), reason="no .tsv files in it")
    sentences: list[tuple[str, str, str, bool]] = []  # file stem, id, text, gold
    tasks = set()
    for path in files:
        t, rows = read_rows(path, task)
        tasks.add(t)
        sentences.extend((path.stem, sid, text, gold) for sid, text, gold in rows if in_part(sid, part))
    if len(tasks) != 1:
        raise NewsiftError("E011", "bad_data", name=str(data), reason=f"TSVs of several tasks: {sorted(tasks)}")
    task = tasks.pop()
    field = TASKS[task][5]
    items = (Item(text=text, name=f"{sid}.txt", raw=True) for _, sid, text, _ in sentences)
    scores = []
    out = open(records_out, "w", encoding="utf-8") if records_out else None
    try:
        for (_, sid, _, _), rec in zip(sentences, analyze_many(items, stages=("newsift_claims",)), strict=True):
            d = rec.model_dump(mode="json", by_alias=True)
            scores.append(record_score(d, field))
            if out is not None:
                d["input"]["path"] = f"{sid}.txt"
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
    finally:
        if out is not None:
            out.close()
    gold = [g for *_, g in sentences]
    pred = [s >= THRESHOLD for s in scores]
    res = metrics(gold, pred)
    res["official"] = res["macro_F1"] if task == "subjectivity" else res["pos_F1"]
    # Without its model a task scores every sentence 0: say so in the result
    # (the subjectivity model is opt-in, see newsift.train.claims).
    res["model_installed"] = float(find_model(task) is not None)
    if not res["model_installed"]:
        log.warning("no %s model is installed: every sentence scored 0 (build it with "
                    "python -m newsift.train.claims --task %s)", task, task)
    for stem in sorted({s[0] for s in sentences}):
        idx = [i for i, s in enumerate(sentences) if s[0] == stem]
        m = metrics([gold[i] for i in idx], [pred[i] for i in idx])
        res[f"{stem}.official"] = m["macro_F1"] if task == "subjectivity" else m["pos_F1"]
        res[f"{stem}.n"] = float(len(idx))
    return res


def evaluate_subjectivity(data: Path, part: Part = "all") -> dict[str, float]:
    """``newsift eval subjectivity``: macro-F1 of max claims[].subjective >= 0.5."""
    return evaluate(data, part, task="subjectivity")


def evaluate_checkworthiness(data: Path, part: Part = "all") -> dict[str, float]:
    """``newsift eval checkworthiness``: F1 of Yes with max claims[].checkworthy >= 0.5."""
    return evaluate(data, part, task="checkworthiness")
