"""newsift.eval.sentences: CheckThat! TSVs in, the reference scorer's metrics out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsift.errors import NewsiftError
from newsift.eval import sentences

CW_ROWS = [
    ("101", "Unemployment fell to 4 percent last year, the lowest in 20 years.", "Yes"),
    ("102", '"We cut taxes by $3 billion in 1997."', "Yes"),
    ("103", "Thank you very much.", "No"),
    ("104", "I'd like to mention one thing.", "No"),
    ("105", "The deficit doubled under his administration.", "Yes"),
    ("106", "Good evening.", "No"),
]


def write_cw(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["Sentence_id\tText\tclass_label"]
    for sid, text, lab in CW_ROWS:
        cell = '"' + text.replace('"', '""') + '"' if '"' in text else text
        lines.append(f"{sid}\t{cell}\t{lab}")
    (folder / "toy_cw.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_eval_sentences_reads_quoted_cells(tmp_path) -> None:
    task, rows = sentences.read_rows(write_cw(tmp_path) / "toy_cw.tsv")
    assert task == "checkworthiness"
    assert rows[1] == ("102", '"We cut taxes by $3 billion in 1997."', True)


def test_eval_sentences_metrics(tmp_path) -> None:
    res = sentences.evaluate(write_cw(tmp_path), part="all")
    assert res["n"] == len(CW_ROWS)
    assert res["official"] == res["pos_F1"]
    assert res["toy_cw.n"] == len(CW_ROWS)
    assert res["model_installed"] == 1.0  # the check-worthiness model ships
    assert 0.0 <= res["macro_F1"] <= 1.0


def test_eval_sentences_metric_arithmetic() -> None:
    m = sentences.metrics([True, True, True, False, False], [True, True, False, True, False])
    assert m["pos_F1"] == pytest.approx(2 / 3)
    assert m["neg_F1"] == pytest.approx(0.5)


def test_eval_sentences_bad_folder(tmp_path) -> None:
    with pytest.raises(NewsiftError) as err:
        sentences.evaluate(tmp_path / "missing")
    assert err.value.code == "E011"
    (tmp_path / "bad.tsv").write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(NewsiftError):
        sentences.evaluate(tmp_path)


def test_eval_sentences_agrees_with_reference_scorer(tmp_path, shared_dir: Path) -> None:
    folder = write_cw(tmp_path / "data")
    records = tmp_path / "records.jsonl"
    ours = sentences.evaluate(folder, records_out=records)
    out = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score_sentences.py"), "--gold", str(folder / "toy_cw.tsv"),
         str(records), "--json"],
        capture_output=True, text=True, check=True,
    )
    ref = json.loads(out.stdout)
    assert ref["stats"]["records"] == len(CW_ROWS) and not ref["stats"].get("text_mismatch")
    for key in ("pos_F1", "neg_F1", "macro_F1", "accuracy"):
        assert ours[key] == pytest.approx(ref[key])
