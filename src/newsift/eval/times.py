"""TempEval-3 Task A on TimeML corpora (TimeBank + AQUAINT): extents and values.

Each ``.tml`` file becomes the plain text of its ``<TEXT>`` element (tags
dropped, entities decoded, nothing else changed, exactly as the reference
converter ``timeml_to_text.py`` does, so offsets agree) and its document
creation time (DCT), which is passed as the publication date. The texts are
analysed with ``raw=True`` and only the ``newsift_times`` stage, and scored
as the reference ``score_times.py`` does:

* strict P/R/F1: same extent; relaxed P/R/F1: extents overlap;
* value F1 = value accuracy on relaxed matches x relaxed F1 (the toolkit's
  formula), with one-to-one greedy matching per document (exact pairs first,
  then larger overlap, then leftmost), micro-averaged. All figures in percent.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import NewsiftError
from .records import raw_records
from .spans import match_spans
from .split import Part, in_part

STAGES = ("newsift_times",)


@dataclass
class TimemlDoc:
    doc_id: str
    text: str
    dct: str | None
    timexes: list[dict]


def _local(tag: object) -> object:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else tag


def normalise_dct(value: str | None) -> str | None:
    """The day of a TimeML DCT value ('1998-01-08T18:30', '19980108')."""
    if not value:
        return None
    m = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})", value)
    return "-".join(m.groups()) if m else None


def parse_tml(path: Path) -> TimemlDoc:
    """Text, DCT and in-text TIMEX3s of one TimeML file (empty timexes skipped)."""
    root = ET.parse(path).getroot()
    text_el = None
    dct_value = None
    for el in root.iter():
        name = _local(el.tag)
        if name == "TEXT" and text_el is None:
            text_el = el
        elif name == "DCT" and dct_value is None:
            for t in el.iter():
                if _local(t.tag) == "TIMEX3" and t.get("value"):
                    dct_value = t.get("value")
                    break
    if text_el is None:
        raise ValueError(f"{path}: no <TEXT> element")
    if dct_value is None:
        for t in root.iter():
            if _local(t.tag) == "TIMEX3" and t.get("functionInDocument") == "CREATION_TIME":
                dct_value = t.get("value")
                break
    parts: list[str] = []
    pos = 0
    timexes: list[dict] = []

    def emit(s: str | None) -> None:
        nonlocal pos
        if s:
            parts.append(s)
            pos += len(s)

    def walk(el: ET.Element) -> None:
        start = pos
        emit(el.text)
        for child in el:
            walk(child)
            emit(child.tail)
        if _local(el.tag) == "TIMEX3":
            timexes.append({"start": start, "end": pos, "type": el.get("type"), "value": el.get("value")})

    emit(text_el.text)
    for child in text_el:
        walk(child)
        emit(child.tail)
    text = "".join(parts)
    kept = []
    for t in timexes:
        span = text[t["start"]:t["end"]]
        if span.strip():
            t["text"] = span
            kept.append(t)
    kept.sort(key=lambda t: (t["start"], t["end"]))
    return TimemlDoc(path.stem, text, normalise_dct(dct_value), kept)


def load_corpus(data: Path, part: Part = "all") -> list[TimemlDoc]:
    """Every .tml document under ``data`` in ``part`` (E011 when there are none)."""
    data = Path(data)
    if not data.is_dir():
        raise NewsiftError("E011", "bad_data", name=str(data), reason="it is not a folder")
    files = sorted(data.rglob("*.tml"))
    if not files:
        raise NewsiftError("E011", "bad_data", name=str(data), reason="it holds no TimeML .tml files")
    docs = []
    for f in files:
        if not in_part(f.stem, part):
            continue
        try:
            docs.append(parse_tml(f))
        except (ET.ParseError, ValueError) as exc:
            raise NewsiftError("E011", "bad_data", name=str(f), reason=str(exc)) from exc
    return docs


def analyse(docs: list[TimemlDoc]) -> list[dict]:
    """Analysis records (as dicts) for ``docs``; ``input.path`` names the document."""
    return raw_records([(d.doc_id, d.text, d.dct) for d in docs], STAGES)




def _prf(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(docs: list[TimemlDoc], records: list[dict], errors: list[str] | None = None) -> dict[str, float]:
    """TempEval-3 Task A figures (percent) for ``records`` against ``docs``.

    ``errors``, when given, collects one line per mismatch (for tuning).
    """
    by_doc = {Path(r["input"]["path"]).stem: r for r in records if r.get("input", {}).get("path")}
    c: Counter[str] = Counter()
    for d in docs:
        rec = by_doc.get(d.doc_id)
        sys_: list[dict] = []
        if rec is not None and not rec.get("error") and rec.get("text") == d.text:
            for t in rec.get("times") or []:
                s, e = int(t["start"]), int(t["end"])
                ok = 0 <= s < e <= len(d.text)
                sys_.append({"start": s if ok else -1, "end": e if ok else -1, "type": str(t.get("type") or ""),
                             "value": str(t.get("value") or "").strip(), "text": d.text[s:e] if ok else ""})
        elif rec is not None:
            c["text_mismatch"] += 1
        c["gold"] += len(d.timexes)
        c["sys"] += len(sys_)
        pairs = match_spans(d.timexes, sys_)
        for gi, si in pairs:
            g, s = d.timexes[gi], sys_[si]
            exact = g["start"] == s["start"] and g["end"] == s["end"]
            v_ok = (g.get("value") or "").strip() == s["value"]
            c["relaxed"] += 1
            c["strict"] += exact
            c["value_ok"] += v_ok
            c["type_ok"] += (g.get("type") or "").strip() == s["type"]
            if errors is not None and (not v_ok or not exact):
                errors.append(f"{d.doc_id}\tMATCH\t{g['text']!r} {g['type']} {g['value']} | "
                              f"{s['text']!r} {s['type']} {s['value']}")
        if errors is not None:
            gs = {gi for gi, _ in pairs}
            ss = {si for _, si in pairs}
            errors.extend(f"{d.doc_id}\tMISSED\t{g['text']!r} {g['type']} {g['value']}"
                          for gi, g in enumerate(d.timexes) if gi not in gs)
            errors.extend(f"{d.doc_id}\tSPURIOUS\t{s['text']!r} {s['type']} {s['value']}"
                          for si, s in enumerate(sys_) if si not in ss)
    sp, sr, sf = _prf(c["strict"], c["sys"], c["gold"])
    rp, rr, rf = _prf(c["relaxed"], c["sys"], c["gold"])
    v_acc = c["value_ok"] / c["relaxed"] if c["relaxed"] else 0.0
    t_acc = c["type_ok"] / c["relaxed"] if c["relaxed"] else 0.0
    return {
        "docs": float(len(docs)),
        "gold_timexes": float(c["gold"]),
        "system_timexes": float(c["sys"]),
        "strict_p": 100 * sp, "strict_r": 100 * sr, "strict_f1": 100 * sf,
        "relaxed_p": 100 * rp, "relaxed_r": 100 * rr, "relaxed_f1": 100 * rf,
        "value_accuracy": 100 * v_acc, "value_f1": 100 * v_acc * rf,
        "type_accuracy": 100 * t_acc, "type_f1": 100 * t_acc * rf,
        "text_mismatch": float(c["text_mismatch"]),
    }


def write_records(records: list[dict], path: Path) -> None:
    """Records as JSON Lines, for the reference scorer (``score_times.py --pred``)."""
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def evaluate(data: Path, part: Part = "all", records_out: Path | None = None) -> dict[str, float]:
    """Analyse the TimeML documents in ``part`` and return TempEval-3 Task A figures (percent).

    ``data``: a folder holding ``.tml`` files at any depth (e.g.
    ``../shared/data/timeml/TBAQ-cleaned``). ``records_out``: also write the
    records as JSON Lines, to check the figures with the reference scorer.
    """
    docs = load_corpus(Path(data), part)
    records = analyse(docs)
    if records_out is not None:
        write_records(records, Path(records_out))
    return score(docs, records)
