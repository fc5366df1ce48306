"""newsift.eval.attribution: the reference scorer's metric, on a tiny hand-made corpus and on PolNeAR."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsift.errors import NewsiftError
from newsift.eval import attribution as ev

TEXT = 'Mr. Lee said the vote was rigged. "We will appeal," she said. Rain fell.\n'


def write_corpus(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    ann = [
        "T1\tSource 0 7\tMr. Lee", "T2\tCue 8 12\tsaid", "T3\tContent 13 32\tthe vote was rigged",
        "T4\tAttribution 8 12\tsaid", "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "T5\tSource 52 55\tshe", "T6\tCue 56 60\tsaid", "T7\tContent 34 50\t\"We will appeal,\"",
        "T8\tAttribution 56 60\tsaid", "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    ]
    (root / "attributions" / "doc1_aaaa.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    (root / "attributions" / "doc1_bbbb.ann").write_text("", encoding="utf-8")  # a second annotator: ignored
    return root


def record(attributions: list[dict], text: str = TEXT) -> dict:
    return {"input": {"path": "doc1.txt"}, "text": text, "attributions": attributions, "error": None}


def a(content: tuple[int, int], source: tuple[int, int] | None, cue: tuple[int, int] | None) -> dict:
    def span(s: tuple[int, int] | None) -> dict | None:
        return None if s is None else {"start": s[0], "end": s[1]}

    return {"content": span(content), "source": span(source), "cue": span(cue)}


def test_eval_attribution_reads_first_annotator_and_quote_kinds(tmp_path):
    docs = ev.load_gold(write_corpus(tmp_path))
    assert [d.doc_id for d in docs] == ["doc1"]
    assert [r.kind for r in docs[0].relations] == ["indirect", "direct"]


def test_eval_attribution_scores_like_the_reference(tmp_path):
    docs = ev.load_gold(write_corpus(tmp_path))
    preds = [
        a((13, 33), (4, 7), (8, 12)),  # content J >= 0.5, source overlaps, cue right
        a((34, 50), (0, 3), (56, 60)),  # content exact, source wrong
        a((62, 72), None, None),  # spurious
    ]
    got = ev.score(docs, [record(preds)])
    assert got["precision"] == pytest.approx(2 / 3)
    assert got["recall"] == 1.0
    assert got["source_accuracy"] == 0.5
    assert got["cue_accuracy"] == 1.0
    assert got["recall_direct"] == 1.0 and got["recall_indirect"] == 1.0
    # a changed text scores nothing (the --raw guarantee is checked)
    assert ev.score(docs, [record(preds, TEXT + " ")])["recall"] == 0.0


def test_eval_attribution_bad_folder_is_e011(tmp_path):
    with pytest.raises(NewsiftError) as info:
        ev.evaluate(tmp_path / "missing")
    assert "E011" in str(info.value)


def test_eval_attribution_agrees_with_reference_scorer_on_polnear(shared_dir, tmp_path):
    data = shared_dir / "data" / "polnear" / "dev"
    scorer = shared_dir / "eval" / "score_attribution.py"
    if not data.is_dir() or not scorer.is_file():
        pytest.skip("PolNeAR dev or the reference scorer is missing")
    docs = ev.load_gold(data, "heldout")
    gold = tmp_path / "gold"
    for sub in ("text", "attributions"):
        (gold / sub).mkdir(parents=True)
    for d in docs:
        (gold / "text" / f"{d.doc_id}.txt").symlink_to(data / "text" / f"{d.doc_id}.txt")
        for ann in (data / "attributions").glob(f"{d.doc_id}_*.ann"):
            (gold / "attributions" / ann.name).symlink_to(ann)
    out = tmp_path / "rec.jsonl"
    ours = ev.evaluate(data, "heldout", records_out=out)
    ref = json.loads(subprocess.run([sys.executable, str(scorer), str(gold), str(out), "--json"],
                                    capture_output=True, text=True, check=True).stdout)["metrics"]
    assert ours["f1"] == pytest.approx(ref["strict"]["f1"])
    assert ours["precision"] == pytest.approx(ref["strict"]["precision"])
    assert ours["source_accuracy"] == pytest.approx(ref["source_acc"]["acc"])
    assert ours["cue_accuracy"] == pytest.approx(ref["cue_acc"]["acc"])
    assert ours["recall_direct"] == pytest.approx(ref["recall_by_kind"]["direct"]["recall_strict"])
