"""PolNeAR attribution relations: content, source and cue spans.

The input is PolNeAR's ``text/*.txt`` (analysed with ``raw=True``, so every
offset is an offset into the file) and the gold is ``attributions/*.ann``
(BRAT standoff). The metric is the reference scorer's
(``shared/eval/score_attribution.py``), reimplemented here:

* gold: for each article, only the first ``.ann`` file in sorted order (the
  first annotator); one relation per ``E`` line; content = Content and
  Content2 fragments; a relation without content is dropped;
* positions: the non-whitespace character indices a span covers;
* per article, (gold, predicted) pairs whose contents overlap are matched
  one-to-one, greedily by Jaccard (ties: gold order, then prediction order);
  strict matching keeps pairs with Jaccard >= 0.5, "overlap" any overlap;
  P/R/F1 are micro-averaged over articles;
* source (cue) accuracy: among strict matches whose gold has a source (cue),
  the share whose predicted source (cue) overlaps it;
* triple: a strict match whose source and cue are both right (or both
  rightly absent);
* recall by gold kind: direct (every content piece quoted), indirect
  (everything else), mixed (indirect with some quotation marks inside).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NewsiftError
from .records import raw_records
from .split import Part, in_part

STAGES = ("newsift_entities", "newsift_attributions")
STRICT_JACCARD = 0.5

_T_RE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_RE = re.compile(r"^(E\d+)\t(.*)$")
OPEN_Q = set("\"\u201c\u201e\u00ab\u2018'")
CLOSE_Q = set("\"\u201d\u00bb\u2019'")
DOUBLE_Q = set("\"\u201c\u201d\u201e\u00ab\u00bb")
TRAIL_PUNCT = set(".,;:!?\u2026\u2014\u2013")

Spans = list[tuple[int, int]]


@dataclass
class Relation:
    content: Spans
    source: Spans | None
    cue: Spans | None
    kind: str = "indirect"


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    relations: list[Relation] = field(default_factory=list)


def read_ann(path: Path, text: str) -> list[Relation]:
    """The relations of one BRAT file (E lines without Content are dropped)."""
    spans: dict[str, Spans] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _T_RE.match(line)
        if m:
            frags = []
            for part in m.group(3).split(";"):
                s, e = map(int, part.split())
                if not 0 <= s < e <= len(text):
                    raise ValueError(f"{path}: {m.group(1)} offsets {s} {e} outside the text")
                frags.append((s, e))
            spans[m.group(1)] = frags
            continue
        m = _E_RE.match(line)
        if m:
            events.append(m.group(2).split())
    rels = []
    for args in events:
        roles: dict[str, Spans] = {}
        for arg in args[1:]:
            role, _, tid = arg.partition(":")
            if tid in spans:
                roles.setdefault(role, []).extend(spans[tid])
        content = roles.get("Content", []) + roles.get("Content2", [])
        if content:
            rels.append(Relation(content, roles.get("Source"), roles.get("Cue"), quote_class(text, content)))
    return rels


def _fragment_quoted(text: str, s: int, e: int) -> bool:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s >= e:
        return False
    if text[s] in OPEN_Q:
        mark, a = text[s], s + 1
    else:
        mark, a = None, s
        for j in range(s - 1, max(-1, s - 4), -1):
            if not text[j].isspace():
                mark = text[j] if text[j] in OPEN_Q else None
                break
        if mark is None:
            return False
    b = e
    while b > a and text[b - 1] in TRAIL_PUNCT:
        b -= 1
    if b > a and text[b - 1] in CLOSE_Q:
        b -= 1
    else:
        closed = False
        for j in range(e, min(len(text), e + 3)):
            c = text[j]
            if c.isspace() or c in TRAIL_PUNCT:
                continue
            closed = c in CLOSE_Q
            break
        if not closed:
            m = re.match(r"[ \t\r]*\n\s*(\S)", text[e:e + 20])
            closed = bool(m) and m.group(1) in OPEN_Q
        if not closed:
            return False
    inner = text[a:b]
    if mark == '"':
        return '"' not in inner
    ks = [k for k in (inner.find("\u201d"), inner.find("\u00bb")) if k >= 0]
    if not ks:
        return True
    return not any(ch in "\u201c\u201e\u00ab" for ch in inner[min(ks):])


def quote_class(text: str, frags: Spans) -> str:
    """direct (every piece quoted), mixed (quotation marks inside reported speech) or indirect."""
    if all(_fragment_quoted(text, s, e) for s, e in frags):
        return "direct"
    if any(c in DOUBLE_Q or c == "\u2018" for s, e in frags for c in text[s:e]):
        return "mixed"
    return "indirect"


def load_gold(data: Path, part: Part = "all") -> list[GoldDoc]:
    """The annotated articles of a PolNeAR split folder (``text/`` and ``attributions/``)."""
    data = Path(data)
    if not (data / "text").is_dir() or not (data / "attributions").is_dir():
        raise NewsiftError("E011", "bad_data", name=str(data),
                           reason="expected a PolNeAR split folder holding text/ and attributions/")
    docs = []
    for tpath in sorted((data / "text").glob("*.txt")):
        name = tpath.stem
        if not in_part(name, part):
            continue
        anns = sorted(p for p in (data / "attributions").glob(f"{name}_*.ann")
                      if re.fullmatch(re.escape(name) + r"_[^_]+\.ann", p.name))
        if not anns:
            continue
        text = tpath.read_bytes().decode("utf-8")
        try:
            docs.append(GoldDoc(name, text, read_ann(anns[0], text)))
        except (ValueError, UnicodeDecodeError) as exc:
            raise NewsiftError("E011", "bad_data", name=str(anns[0]), reason=str(exc)) from exc
    if not docs:
        raise NewsiftError("E011", "bad_data", name=str(data), reason="no article has an .ann file")
    return docs


def positions(text: str, frags: Spans | None) -> frozenset[int]:
    if not frags:
        return frozenset()
    return frozenset(i for s, e in frags for i in range(s, e) if not text[i].isspace())


def _span(obj: object, n: int) -> Spans | None:
    if not isinstance(obj, dict):
        return None
    s, e = obj.get("start"), obj.get("end")
    if type(s) is not int or type(e) is not int or not 0 <= s < e <= n:
        return None
    return [(s, e)]


def greedy(gold: list[frozenset[int]], pred: list[frozenset[int] | None],
           strict: bool) -> list[tuple[int, int, float]]:
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if p is None:
                continue
            inter = len(g & p)
            if inter:
                j = inter / len(g | p)
                if j >= STRICT_JACCARD or not strict:
                    cands.append((-j, gi, pi))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for negj, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi, -negj))
    return pairs


def score_doc(doc: GoldDoc, record: dict | None, c: Counter) -> None:
    """Add one article's counts to ``c``."""
    text = doc.text
    preds: list[dict | None] = []
    if record is not None and not record.get("error"):
        for a in record.get("attributions") or []:
            content = _span(a.get("content"), len(text)) if isinstance(a, dict) else None
            if content is None or not positions(text, content):
                preds.append(None)
                c["invalid_content"] += 1
                continue
            preds.append({"content": content, "source": _span(a.get("source"), len(text)),
                          "cue": _span(a.get("cue"), len(text))})
        if record.get("text") != text:
            c["text_mismatch"] += 1
            preds = [None] * len(preds)
    gold_pos = [positions(text, r.content) for r in doc.relations]
    pred_pos = [positions(text, p["content"]) if p else None for p in preds]
    c["gold"] += len(doc.relations)
    c["pred"] += len(preds)
    for r in doc.relations:
        c["gold_" + r.kind] += 1
        if r.kind == "mixed":
            c["gold_indirect"] += 1
    for strict, tag in ((True, "strict"), (False, "overlap")):
        pairs = greedy(gold_pos, pred_pos, strict)
        c["tp_" + tag] += len(pairs)
        for gi, _, _ in pairs:
            kind = doc.relations[gi].kind
            c[f"tp_{tag}_{kind}"] += 1
            if kind == "mixed":
                c[f"tp_{tag}_indirect"] += 1
        if not strict:
            continue
        for gi, pi, j in pairs:
            c["jsum"] += j
            g, p = doc.relations[gi], preds[pi]
            assert p is not None
            ok = {}
            for role in ("source", "cue"):
                gspan, pspan = getattr(g, role), p[role]
                if gspan:
                    hit = bool(pspan) and bool(positions(text, gspan) & positions(text, pspan))
                    c[role + "_n"] += 1
                    c[role + "_ok"] += hit
                    ok[role] = hit
                else:
                    ok[role] = not pspan
            c["tp_triple"] += ok["source"] and ok["cue"]


def _prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summarize(c: Counter, docs: int) -> dict[str, float]:
    out: dict[str, float] = {"docs": float(docs), "gold": float(c["gold"]), "predicted": float(c["pred"])}
    for tag in ("strict", "overlap", "triple"):
        p, r, f = _prf(c["tp_" + tag], c["pred"], c["gold"])
        prefix = "" if tag == "strict" else tag + "_"
        out[prefix + "precision"], out[prefix + "recall"], out[prefix + "f1"] = p, r, f
    out["source_accuracy"] = c["source_ok"] / c["source_n"] if c["source_n"] else 0.0
    out["cue_accuracy"] = c["cue_ok"] / c["cue_n"] if c["cue_n"] else 0.0
    for kind in ("direct", "indirect", "mixed"):
        n = c["gold_" + kind]
        out["recall_" + kind] = c[f"tp_strict_{kind}"] / n if n else 0.0
        out[f"gold_{kind}"] = float(n)
    out["mean_jaccard"] = c["jsum"] / c["tp_strict"] if c["tp_strict"] else 0.0
    out["invalid_content"] = float(c["invalid_content"])
    out["text_mismatch"] = float(c["text_mismatch"])
    return out


def analyse(docs: list[GoldDoc]) -> list[dict]:
    """Analysis records (dicts) for the articles; ``input.path`` names the article file."""
    return raw_records([(d.doc_id, d.text, None) for d in docs], STAGES)


def score(docs: list[GoldDoc], records: list[dict]) -> dict[str, float]:
    by_id = {Path(r["input"]["path"]).stem: r for r in records if (r.get("input") or {}).get("path")}
    c: Counter = Counter()
    for d in docs:
        score_doc(d, by_id.get(d.doc_id), c)
    return summarize(c, len(docs))


def evaluate(data: Path, part: Part = "all", records_out: Path | None = None) -> dict[str, float]:
    """Analyse a PolNeAR split folder (``../shared/data/polnear/dev``) and score it.

    ``records_out``: also write the records as JSON Lines, to check the
    figures with the reference scorer (``score_attribution.py DIR REC.jsonl``;
    with ``part`` other than ``all`` it counts the other articles as missing).
    """
    docs = load_gold(Path(data), part)
    records = analyse(docs)
    if records_out is not None:
        with open(records_out, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return score(docs, records)
