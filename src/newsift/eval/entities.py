"""Entity evaluation on CoNLL-2003 (conlleval entity micro-F1), as ``shared/eval/score_ner.py``.

Each CoNLL document becomes one text exactly as ``conll_to_text.py`` writes
it (tokens joined by single spaces, one sentence per line), so record offsets
are offsets into the gold tokens' text. The records come from
``analyze_many(..., stages=("newsift_entities",))`` on the raw text and are
scored the way the reference scorer scores them: record types mapped to
PER/ORG/LOC/MISC, every mention expanded to the tokens it touches, duplicate
spans kept once, overlaps resolved longest first, spans cut at sentence
breaks, chunks compared with conlleval's rules.

A document's id for the tune / held-out split is its 1-based ``-DOCSTART-``
ordinal as a string ("1", "2", ...), the number in ``doc0001.txt``.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import NewsiftError
from .split import Part, in_part

#: record type -> CoNLL class (score_ner.py TYPE_MAP); other types are ignored.
TYPE_MAP = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC",
    "LAW": "MISC", "LANGUAGE": "MISC",
}
CLASSES = ("LOC", "MISC", "ORG", "PER")
#: the CoNLL-2003 dev file inside a data folder (the shared layout)
DEV_FILE = "conll2003_dev_original.txt"

Sentence = list[tuple[str, str]]
Document = list[Sentence]


# ----------------------------------------------------------------- reading
def read_conll(path: Path) -> list[Document]:
    """Documents -> sentences -> (token, tag); the token first, the tag last."""
    docs: list[Document] = []
    doc: Document = []
    sent: Sentence = []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise NewsiftError("E011", "bad_data", name=str(path), reason=exc.strerror or str(exc)) from exc
    for n, line in enumerate(lines, 1):
        cols = line.split()
        if not cols:
            if sent:
                doc.append(sent)
                sent = []
            continue
        if cols[0] == "-DOCSTART-":
            if sent:
                doc.append(sent)
                sent = []
            if doc:
                docs.append(doc)
            doc = []
            continue
        if len(cols) < 2:
            raise NewsiftError("E011", "bad_data", name=str(path), reason=f"line {n} has no tag column")
        sent.append((cols[0], cols[-1]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def doc_text(doc: Document) -> tuple[str, list[list[tuple[int, int]]]]:
    """The document's text (as conll_to_text.py writes it) and each token's offsets."""
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for sent in doc:
        so = []
        for j, (tok, _) in enumerate(sent):
            if j:
                pos += 1
            so.append((pos, pos + len(tok)))
            pos += len(tok)
        parts.append(" ".join(tok for tok, _ in sent) + "\n")
        pos += 1
        offsets.append(so)
    return "".join(parts), offsets


def doc_name(index: int, n_docs: int) -> str:
    """conll_to_text.py's file name for 1-based document ``index``."""
    width = max(4, len(str(n_docs)))
    return f"doc{index:0{width}d}.txt"


def find_gold(data: Path) -> Path:
    """The CoNLL file: ``data`` itself, or the dev file inside a folder (or its conll2003/)."""
    if data.is_file():
        return data
    for cand in (data / DEV_FILE, data / "conll2003" / DEV_FILE, data / "data" / "conll2003" / DEV_FILE):
        if cand.is_file():
            return cand
    raise NewsiftError("E011", "bad_data", name=str(data), reason=f"no {DEV_FILE} there")


# ----------------------------------------------------------------- conlleval
def _split_tag(t: str) -> tuple[str, str]:
    if "-" in t:
        a, b = t.split("-", 1)
        return a, b
    return t, ""


def chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """conlleval chunking of one sentence's tags -> [(first, last_exclusive, type)]."""
    out: list[tuple[int, int, str]] = []
    start: int | None = None
    prev_tag, prev_type = "O", ""
    for i, raw in enumerate([*tags, "O"]):
        tag, typ = _split_tag(raw)
        if start is not None and (
            prev_tag in ("E", "S")
            or (prev_tag in ("B", "I") and tag in ("B", "S", "O"))
            or (prev_tag not in ("O", ".") and prev_type != typ)
        ):
            out.append((start, i, prev_type))
            start = None
        if i < len(tags) and (
            tag in ("B", "S")
            or (prev_tag in ("E", "S", "O") and tag in ("E", "I"))
            or (tag not in ("O", ".") and prev_type != typ)
        ):
            start = i
        prev_tag, prev_type = tag, typ
    return out


def record_tags(entities: list[dict], offsets: list[list[tuple[int, int]]], stats: Counter) -> list[list[str]]:
    """Predicted IOB2 tags per sentence from record entities (score_ner.py, --align expand)."""
    flat = [(si, ti, s, e) for si, so in enumerate(offsets) for ti, (s, e) in enumerate(so)]
    starts = [x[2] for x in flat]
    ends = [x[3] for x in flat]
    uniq: dict[tuple[int, int, str], int] = {}
    order = 0
    for ent in entities or []:
        typ = TYPE_MAP.get(str(ent.get("type")))
        if typ is None:
            stats["ignored_type:" + str(ent.get("type"))] += len(ent.get("mentions") or [])
            continue
        for m in ent.get("mentions") or []:
            s, e = int(m["start"]), int(m["end"])
            lo = bisect.bisect_right(ends, s)
            hi = bisect.bisect_left(starts, e)
            if e <= s or lo >= hi:
                stats["invalid"] += 1
                continue
            if starts[lo] != s or ends[hi - 1] != e:
                stats["misaligned"] += 1
            uniq.setdefault((lo, hi, typ), order)
            order += 1
    taken = [False] * len(flat)
    tags = [["O"] * len(so) for so in offsets]
    for (lo, hi, typ), _ in sorted(uniq.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0], kv[1])):
        if any(taken[lo:hi]):
            stats["overlap_dropped"] += 1
            continue
        prev_sent = None
        for k in range(lo, hi):
            taken[k] = True
            si, ti = flat[k][0], flat[k][1]
            tags[si][ti] = ("I-" if si == prev_sent else "B-") + typ
            prev_sent = si
    return tags


def _prf(c: int, p: int, g: int) -> dict[str, float]:
    prec = c / p if p else 0.0
    rec = c / g if g else 0.0
    return {"P": prec, "R": rec, "F1": 2 * prec * rec / (prec + rec) if prec and rec else 0.0}


def score(pairs: Iterable[tuple[Document, list[dict] | None]], stats: Counter | None = None) -> dict[str, float]:
    """conlleval micro P/R/F1 (and per class F1) over (gold document, record entities) pairs."""
    stats = Counter() if stats is None else stats
    gold_n: Counter = Counter()
    pred_n: Counter = Counter()
    corr_n: Counter = Counter()
    n_docs = 0
    for doc, entities in pairs:
        n_docs += 1
        _, offsets = doc_text(doc)
        ptags = record_tags(entities or [], offsets, stats)
        for sent, pt in zip(doc, ptags, strict=True):
            gold = set(chunks([t for _, t in sent]))
            pred = set(chunks(pt))
            gold_n.update(c[2] for c in gold)
            pred_n.update(c[2] for c in pred)
            corr_n.update(c[2] for c in gold & pred)
    overall = _prf(sum(corr_n.values()), sum(pred_n.values()), sum(gold_n.values()))
    out = {"precision": overall["P"], "recall": overall["R"], "f1": overall["F1"], "documents": float(n_docs)}
    for cls in CLASSES:
        out[f"f1_{cls}"] = _prf(corr_n[cls], pred_n[cls], gold_n[cls])["F1"]
    return out


# ----------------------------------------------------------------- running
def documents(gold: Path, part: Part = "all") -> Iterator[tuple[str, str, Document]]:
    """(file name, text, gold document) for the documents of ``part``."""
    docs = read_conll(gold)
    if not docs:
        raise NewsiftError("E011", "bad_data", name=str(gold), reason="no CoNLL documents in it")
    for i, doc in enumerate(docs, start=1):
        if in_part(str(i), part):
            yield doc_name(i, len(docs)), doc_text(doc)[0], doc


def analyse(
    gold: Path, part: Part = "all", stages: tuple[str, ...] = ("newsift_entities",)
) -> list[tuple[str, Document, dict]]:
    """Run newsift on the documents of ``part``: (file name, gold, record as JSON dict)."""
    from ..pipeline import analyze_many
    from ..read import Item

    selected = list(documents(gold, part))
    items = [Item(text=text, name=name, raw=True) for name, text, _ in selected]
    out = []
    for (name, _, doc), rec in zip(selected, analyze_many(items, stages=stages), strict=True):
        data = rec.model_dump()
        data["input"]["path"] = name  # what score_ner.py matches records by
        out.append((name, doc, data))
    return out


def write_jsonl(results: list[tuple[str, Document, dict]], path: Path) -> None:
    """Records as JSON Lines, for the reference scorer."""
    with path.open("w", encoding="utf-8") as fh:
        for _, _, rec in results:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def evaluate(data: Path, part: Part = "all") -> dict[str, float]:
    """CoNLL entity micro P/R/F1 of newsift's entities on ``part`` of the CoNLL file in ``data``."""
    data = Path(data)
    if not data.exists():
        raise NewsiftError("E011", "bad_data", name=str(data), reason="the path does not exist")
    results = analyse(find_gold(data), part)
    return score((doc, rec.get("entities")) for _, doc, rec in results)
