"""Cleaning evaluation on the Zyte article-extraction benchmark.

Two tasks share the gold (``ground-truth.json``: ``{sha: {"articleBody", "url"}}``):

* ``cleaning``: the naive whole-page text dumps ``text/<sha>.txt`` read as
  plain text (not ``--raw``), so the scrape cleaner decides what stays;
* ``html``: the pages ``html/<sha>.html.gz`` read through newsift's HTML path.

The metric is the benchmark's own (``evaluate.py`` of
github.com/scrapinghub/article-extraction-benchmark), exactly as
``shared/eval/score_cleaning.py`` computes it: case-kept 4-gram shingles of
``\\w+`` tokens; per document tp, fp, fn as multiset overlaps normalised by
their sum; precision averaged over documents with output, recall over all;
F1 of the two means.

Run: ``python -m newsift.eval.cleaning DATA [--task cleaning|html] [--part heldout]
[--jsonl OUT]`` (``OUT`` can be scored with the reference scorer).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import NewsiftError
from .split import Part, in_part

__all__ = ["TASKS", "evaluate", "evaluate_html", "records", "score", "shingle_tp_fp_fn", "bench_metrics"]

TASKS = ("cleaning", "html")
_TOKEN_RE = re.compile(r"\w+")
#: Shingle length of the benchmark's metric.
SHINGLE = 4


def tokens(text: str | None) -> list[str]:
    """Unicode word tokens, case kept (the benchmark's tokenisation)."""
    return _TOKEN_RE.findall(text or "")


def shingles(toks: list[str], n: int = SHINGLE) -> Counter:
    """Multiset of token n-grams; 1..n-1 tokens give one shorter shingle, none give none."""
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n])


def shingle_tp_fp_fn(gold: str, pred: str) -> tuple[float, float, float]:
    """One document's (tp, fp, fn), divided by their sum so long pages do not weigh more."""
    g, p = shingles(tokens(gold)), shingles(tokens(pred))
    tp = sum(min(c, p[k]) for k, c in g.items())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _doc_p(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _doc_r(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def bench_metrics(tfs: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """Precision (mean over documents with output), recall (over all) and F1 of those means."""
    tfs = list(tfs)
    ps = [_doc_p(*x) for x in tfs if x[0] + x[1] > 0]
    rs = [_doc_r(*x) for x in tfs if x[0] + x[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def load_gold(data: Path) -> dict[str, str]:
    """sha -> gold article body; E011 when the folder is not the benchmark's layout."""
    path = Path(data) / "ground-truth.json"
    if not path.is_file():
        raise NewsiftError("E011", "bad_data", name=str(data), reason="ground-truth.json is missing")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {k: (v.get("articleBody") or "") for k, v in raw.items()}
    except (ValueError, AttributeError) as exc:
        raise NewsiftError("E011", "bad_data", name=str(path), reason=f"it is not the benchmark's JSON ({exc})") from exc


def _key(path: str | None) -> str:
    return Path(str(path or "")).name.split(".")[0]


def _inputs(data: Path, task: str, part: Part) -> list[Path]:
    if task not in TASKS:
        raise NewsiftError("E012", "usage", name=task, choices=", ".join(TASKS))
    folder, suffix = ("text", ".txt") if task == "cleaning" else ("html", ".html.gz")
    gold = load_gold(data)
    paths = []
    for sha in sorted(gold):
        if not in_part(sha, part):
            continue
        path = Path(data) / folder / f"{sha}{suffix}"
        if not path.is_file():
            raise NewsiftError("E011", "bad_data", name=str(data), reason=f"{folder}/{sha}{suffix} is missing")
        paths.append(path)
    return paths


def records(data: Path, part: Part = "all", task: str = "cleaning", n_process: int = 1) -> Iterator:
    """Analysis records of the task's inputs (cleaned, not ``--raw``), in sha order."""
    from ..pipeline import analyze_many
    from ..read import Item

    items = [Item(path=p, name=p.name) for p in _inputs(data, task, part)]
    # No newsift stage is needed to score cleaning: only record.text is read.
    yield from analyze_many(items, stages=(), n_process=n_process)


def score(gold: dict[str, str], recs: Iterable[dict], part: Part = "all") -> dict[str, float]:
    """The benchmark metric over the gold documents in ``part`` (missing/error records score as empty)."""
    by_key: dict[str, str] = {}
    for r in recs:
        k = _key((r.get("input") or {}).get("path"))
        if k in gold and k not in by_key:
            by_key[k] = "" if r.get("error") or not isinstance(r.get("text"), str) else r["text"]
    shas = [k for k in sorted(gold) if in_part(k, part)]
    out = bench_metrics(shingle_tp_fp_fn(gold[k], by_key.get(k, "")) for k in shas)
    out["documents"] = float(len(shas))
    return out


def evaluate(data: Path, part: Part = "all", task: str = "cleaning") -> dict[str, float]:
    """Benchmark precision, recall, F1 of cleaning (``task``) on ``part`` of ``data``."""
    gold = load_gold(Path(data))
    recs = [r.model_dump() for r in records(Path(data), part, task)]
    return score(gold, recs, part)


def evaluate_html(data: Path, part: Part = "all") -> dict[str, float]:
    """The ``html`` task: the same metric on the pages read through newsift's HTML path."""
    return evaluate(data, part, task="html")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Score newsift's cleaning on the article-extraction benchmark.")
    ap.add_argument("data", type=Path, help="the article-extraction folder (ground-truth.json, text/, html/)")
    ap.add_argument("--task", choices=TASKS, default="cleaning")
    ap.add_argument("--part", choices=("all", "tune", "heldout"), default="all")
    ap.add_argument("--jsonl", type=Path, help="also write the records here (for the reference scorer)")
    a = ap.parse_args(argv)
    gold = load_gold(a.data)
    recs = [r.model_dump() for r in records(a.data, a.part, a.task)]
    if a.jsonl:
        with a.jsonl.open("w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    json.dump(score(gold, recs, a.part), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
