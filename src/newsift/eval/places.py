"""Geoparsing evaluation on LGL, TR-News and GeoVirus (``newsift eval places``).

Each corpus XML (``Corpora/*.xml`` of the Pragmatic Guide to Geoparsing
Evaluation) is read the way ``shared/eval/geoxml_to_text.py`` reads it, so
texts and offsets agree; every article is analysed raw with the entities and
places stages, and scored as ``shared/eval/score_places.py`` scores records:

- recognition P/R/F1: system toponyms (every mention of an entity that has a
  place) matched one-to-one to gold toponyms with coordinates by character
  overlap (exact extents first, then largest overlap); an unmatched system
  toponym overlapping only coordinate-less gold is ignored;
- ``acc161``: share of recognised toponyms placed within 161 km;
- ``acc161_of_gold`` (end-to-end): gold toponyms recognised and placed within
  161 km over all gold toponyms;
- ``auc``: Gritta et al.'s area under the log-error curve (lower is better).

Document ids are ``<corpus file stem>_<article id>`` ("lgl_38765806",
"GeoVirus_0012"); ``part`` filters them with :func:`newsift.eval.split.in_part`.
Keys are pooled over the corpora; ``<stem>.<metric>`` keys give each corpus.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import NewsiftError
from .spans import match_spans
from .split import Part, in_part

STAGES = ("newsift_entities", "newsift_places")
CORPORA = ("lgl.xml", "TR-News.xml", "GeoVirus.xml")
EARTH_KM = 6371.0088
MAX_ERR_KM = 20039.0  # half the Earth's circumference: Gritta et al.'s normaliser
#: The community's "accuracy within 100 miles".
ACC_KM = 161.0
#: Window (characters) searched for an annotated phrase whose offsets drift.
REALIGN_WINDOW = 300
GWN_NOT_TOPONYMS = {"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"}


# ---------------------------------------------------------------- reading


def _float(x: str | None) -> float | None:
    try:
        return float(x) if x is not None else None
    except ValueError:
        return None


def _realign(text: str, start: int, end: int, phrase: str | None) -> tuple[int, int] | None:
    """(start, end) where ``text[start:end] == phrase``: the nearest occurrence within the window."""
    if phrase is None:
        return (start, end) if 0 <= start < end <= len(text) else None
    if text[start:end] == phrase:
        return start, end
    best = None
    i = text.find(phrase, max(0, start - REALIGN_WINDOW))
    while i != -1 and i <= start + REALIGN_WINDOW:
        d = abs(i - start)
        if best is None or d < best[0]:
            best = (d, i)
        i = text.find(phrase, i + 1)
    return None if best is None else (best[1], best[1] + len(phrase))


def parse_corpus(path: Path) -> Iterator[dict]:
    """Yield {"doc", "text", "toponyms", "unscored"} per article, as geoxml_to_text.py does."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise NewsiftError("E011", "bad_data", name=str(path), reason=str(exc)) from exc
    for n, art in enumerate(root.findall("article")):
        doc = art.get("docid") or art.get("file") or f"{n:04d}"
        text = art.findtext("text") or ""
        tops, unscored = [], []
        container = art.find("toponyms")
        if container is None:
            container = art.find("locations")
        for t in list(container) if container is not None else []:
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            phrase = t.findtext("phrase") or t.findtext("extractedName") or t.findtext("name")
            ttype = t.findtext("type")
            gaz = t.find("gaztag")
            if gaz is not None:
                lat, lon = _float(gaz.findtext("lat")), _float(gaz.findtext("lon"))
            elif t.find("latitude") is not None:
                lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
            else:
                lat, lon = _float(t.findtext("lat")), _float(t.findtext("lon"))
            if ttype in GWN_NOT_TOPONYMS:
                continue
            span = _realign(text, start, end, phrase)
            if span is None:
                continue
            s, e = span
            if lat is None or lon is None:
                unscored.append({"start": s, "end": e, "text": text[s:e]})
            else:
                tops.append({"start": s, "end": e, "text": text[s:e], "lat": lat, "lon": lon})
        tops.sort(key=lambda x: (x["start"], x["end"]))
        unscored.sort(key=lambda x: (x["start"], x["end"]))
        yield {"doc": doc, "text": text, "toponyms": tops, "unscored": unscored}


def load_gold(data: Path, part: Part = "all") -> dict[str, dict]:
    """doc_id -> gold article, from a corpus XML, a ``Corpora`` folder or the geoparsing folder."""
    data = Path(data)
    if data.is_file():
        files = [data]
    else:
        folder = data / "Corpora" if (data / "Corpora").is_dir() else data
        files = [folder / name for name in CORPORA if (folder / name).is_file()]
    if not files:
        raise NewsiftError("E011", "bad_data", name=str(data), reason="no lgl.xml, TR-News.xml or GeoVirus.xml in it")
    gold = {}
    for f in files:
        stem = f.name[: -len(".xml")] if f.name.endswith(".xml") else f.stem
        for d in parse_corpus(f):
            doc_id = f"{stem}_{d['doc']}"
            if in_part(doc_id, part):
                d["corpus"] = stem
                gold[doc_id] = d
    return gold


# ---------------------------------------------------------------- scoring


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def gritta_auc(errors: list[float]) -> float | None:
    """trapz(sorted(ln(1 + e))) / (ln(20039) * (n - 1)); None when n < 2."""
    if len(errors) < 2:
        return None
    y = sorted(math.log(1.0 + e) for e in errors)
    area = sum((y[i] + y[i + 1]) / 2.0 for i in range(len(y) - 1))
    return area / (math.log(MAX_ERR_KM) * (len(y) - 1))


def system_toponyms(record: dict) -> list[dict]:
    """One toponym per mention of each placed entity; identical spans once."""
    text = record.get("text") or ""
    ents = {e["id"]: e for e in record.get("entities") or [] if isinstance(e, dict) and "id" in e}
    out, seen = [], set()
    for p in record.get("places") or []:
        ent = ents.get(p.get("entity"))
        if ent is None:
            continue
        lat, lon = p.get("lat"), p.get("lon")
        ok = isinstance(lat, int | float) and isinstance(lon, int | float) and -90 <= lat <= 90 and -180 <= lon <= 360
        for m in ent.get("mentions") or []:
            s, e = int(m["start"]), int(m["end"])
            if not (0 <= s < e <= len(text)) or (s, e) in seen:
                continue
            seen.add((s, e))
            out.append(
                {"start": s, "end": e, "lat": lat if ok else None, "lon": lon if ok else None, "text": text[s:e], "name": p.get("name")}
            )
    return out




def score(gold_docs: dict[str, dict], records: dict[str, dict], errors: list | None = None) -> dict[str, float]:
    """The reference scorer's figures for records keyed by doc id (missing or mismatched = no toponyms)."""
    tp = fp = n_gold = within = unresolved = 0
    errs: list[float] = []
    for doc_id in sorted(gold_docs):
        g = gold_docs[doc_id]
        rec = records.get(doc_id)
        system = system_toponyms(rec) if rec and not rec.get("error") and rec.get("text") == g["text"] else []
        pairs = match_spans(g["toponyms"], system)
        matched_s = {si for _, si in pairs}
        n_gold += len(g["toponyms"])
        tp += len(pairs)
        for si, s in enumerate(system):
            if si in matched_s:
                continue
            if not any(min(s["end"], u["end"]) > max(s["start"], u["start"]) for u in g["unscored"]):
                fp += 1
                if errors is not None:
                    errors.append((doc_id, "FP", s["text"], s["name"], None))
        for gi, si in pairs:
            gt, st = g["toponyms"][gi], system[si]
            if st["lat"] is None:
                unresolved += 1
                continue
            d = haversine(gt["lat"], gt["lon"], st["lat"], st["lon"])
            errs.append(d)
            if d < ACC_KM:
                within += 1
            elif errors is not None:
                errors.append((doc_id, "FAR", gt["text"], st["name"], round(d)))
        if errors is not None:
            matched_g = {gi for gi, _ in pairs}
            for gi, gt in enumerate(g["toponyms"]):
                if gi not in matched_g:
                    errors.append((doc_id, "MISSED", gt["text"], None, None))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / n_gold if n_gold else 0.0
    out = {
        "docs": float(len(gold_docs)),
        "gold_toponyms": float(n_gold),
        "recognition_p": p,
        "recognition_r": r,
        "recognition_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "resolved": float(len(errs)),
        "acc161": within / len(errs) if errs else 0.0,
        "acc161_of_gold": within / n_gold if n_gold else 0.0,
        "mean_km": statistics.fmean(errs) if errs else 0.0,
        "median_km": statistics.median(errs) if errs else 0.0,
    }
    auc = gritta_auc(errs)
    if auc is not None:
        out["auc"] = auc
    return out


# ------------------------------------------------------------------- run


def analyse(gold: dict[str, dict], n_process: int = 1) -> dict[str, dict]:
    """Analyse every gold article raw with the entities and places stages; doc_id -> record dict."""
    from ..pipeline import analyze_many
    from ..read import Item

    ids = list(gold)
    items: Iterable[Item] = (Item(text=gold[d]["text"], name=d, raw=True) for d in ids)
    out = {}
    for doc_id, rec in zip(ids, analyze_many(items, n_process=n_process, stages=STAGES), strict=True):
        out[doc_id] = rec.model_dump(mode="json")
    return out


def evaluate(data: Path, part: Part = "all", n_process: int = 1) -> dict[str, float]:
    """Geoparsing figures on ``part`` of the corpora under ``data`` (pooled, then per corpus)."""
    gold = load_gold(Path(data), part)
    records = analyse(gold, n_process=n_process)
    result = score(gold, records)
    for corpus in sorted({g["corpus"] for g in gold.values()}):
        sub = {k: v for k, v in gold.items() if v["corpus"] == corpus}
        for key, value in score(sub, records).items():
            result[f"{corpus}.{key}"] = value
    return result


def main(argv: list[str] | None = None) -> None:
    """``python -m newsift.eval.places DATA [--part heldout] [--jsonl OUT]``: print figures as JSON."""
    import argparse
    import json

    ap = argparse.ArgumentParser(description="Geoparsing evaluation (LGL, TR-News, GeoVirus).")
    ap.add_argument("data", type=Path)
    ap.add_argument("--part", default="all", choices=("all", "tune", "heldout"))
    ap.add_argument("--jsonl", type=Path, help="also write the records (input.path = <doc_id>.txt) here")
    ap.add_argument("--n-process", type=int, default=1)
    args = ap.parse_args(argv)
    gold = load_gold(args.data, args.part)
    records = analyse(gold, n_process=args.n_process)
    if args.jsonl:
        with args.jsonl.open("w", encoding="utf-8") as fh:
            for doc_id, rec in records.items():
                rec = dict(rec, input=dict(rec.get("input") or {}, path=f"{doc_id}.txt"))
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    result = score(gold, records)
    for corpus in sorted({g["corpus"] for g in gold.values()}):
        sub = {k: v for k, v in gold.items() if v["corpus"] == corpus}
        for key, value in score(sub, records).items():
            result[f"{corpus}.{key}"] = value
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
