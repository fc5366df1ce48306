"""newsift.eval.techniques: the PTC metrics agree with the reference scorer; bad folders raise E011."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import reference_scorer
from newsift.errors import NewsiftError
from newsift.eval.techniques import evaluate, read_ptc, score_all
from newsift.record import TECHNIQUES


def test_eval_techniques_hand_checked_cases() -> None:
    gold = {"1": [("Doubt", 0, 10), ("Loaded_Language", 5, 15)]}
    preds = {"1": [("Doubt", 0, 10, 1.0), ("Slogans", 5, 15, 1.0)]}
    res = score_all(gold, preds)
    assert res["si_p"] == pytest.approx(1.0) and res["si_r"] == pytest.approx(1.0)
    assert res["flc_f1"] == pytest.approx(0.5)
    assert res["tc_micro_f1"] == pytest.approx(0.5)
    # 2 preds, 3 gold: P = (4/10 + 2/2)/2 ; R = (4/4 + 0 + 2/6)/3 (the reference scorer's worked example)
    gold = {"1": [("x", 6, 10), ("x", 12, 15), ("x", 18, 24)]}
    preds = {"1": [("x", 0, 10, 1.0), ("x", 20, 22, 1.0)]}
    res = score_all(gold, preds)
    assert res["si_p"] == pytest.approx(0.7)
    assert res["si_r"] == pytest.approx(4 / 9)


def test_eval_techniques_tc_takes_the_k_best_labels_of_a_multi_label_span() -> None:
    gold = {"1": [("Doubt", 0, 10), ("Slogans", 0, 10), ("Doubt", 20, 30)]}
    preds = {"1": [("Slogans", 0, 10, 0.9), ("Doubt", 0, 10, 0.8), ("Repetition", 0, 10, 0.1)]}
    res = score_all(gold, preds)
    assert res["tc_micro_f1"] == pytest.approx(0.8)  # P 2/2, R 2/3


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_eval_techniques_agrees_with_reference_scorer_on_random_cases(seed: int) -> None:
    from conftest import shared_path

    shared = shared_path()
    if not (shared / "eval").is_dir():
        pytest.skip("reference scorer (../shared/eval) not available")
    ref = reference_scorer(shared, "score_propaganda")
    rng = random.Random(seed)
    gold: dict = {}
    preds: dict = {}
    for aid in map(str, range(rng.randint(1, 3))):
        gold[aid] = []
        preds[aid] = []
        for _ in range(rng.randint(0, 5)):
            s = rng.randint(0, 50)
            gold[aid].append((rng.choice(TECHNIQUES[:3]), s, s + rng.randint(1, 12)))
        for _ in range(rng.randint(0, 5)):
            s = rng.randint(0, 50)
            preds[aid].append((rng.choice(TECHNIQUES[:3]), s, s + rng.randint(1, 12), rng.random()))
        if gold[aid] and rng.random() < 0.5:  # predictions at exact gold spans exercise TC
            t, s, e = rng.choice(gold[aid])
            preds[aid].append((rng.choice(TECHNIQUES[:3]), s, e, rng.random()))
    ids = sorted(gold)
    want = ref.score(gold, gold, preds, ids)
    got = score_all(gold, preds, gold, ids)
    assert got["si_p"] == pytest.approx(want["SI"]["P"])
    assert got["si_r"] == pytest.approx(want["SI"]["R"])
    assert got["si_f1"] == pytest.approx(want["SI"]["F1"])
    assert got["flc_f1"] == pytest.approx(want["FLC"]["micro"]["F1"])
    assert got["tc_micro_f1"] == pytest.approx(want["TC"]["micro_F1"])


def test_eval_techniques_missing_folder_raises_e011(tmp_path: Path) -> None:
    with pytest.raises(NewsiftError) as err:
        evaluate(tmp_path / "nope")
    assert err.value.kind == "bad_data" and "E011" in str(err.value)
    (tmp_path / "dev-articles").mkdir()
    with pytest.raises(NewsiftError, match="E011"):
        read_ptc(tmp_path)


def test_eval_techniques_malformed_labels_raise_e011(tmp_path: Path) -> None:
    (tmp_path / "dev-articles").mkdir()
    (tmp_path / "dev-articles" / "article1.txt").write_text("Hello world.\n", encoding="utf-8")
    (tmp_path / "dev-task-flc-tc.labels").write_text("1\tDoubt\tzero\t5\n", encoding="utf-8")
    with pytest.raises(NewsiftError, match="E011"):
        read_ptc(tmp_path)


def test_eval_techniques_runs_on_a_tiny_folder(tmp_path: Path) -> None:
    text = "Traitors!\n\nThe corrupt, evil regime lies and lies. Officials met on Tuesday.\n"
    (tmp_path / "mini-articles").mkdir()
    (tmp_path / "mini-articles" / "article7.txt").write_text(text, encoding="utf-8")
    start = text.index("corrupt, evil")
    (tmp_path / "mini-task-flc-tc.labels").write_text(
        f"7\tLoaded_Language\t{start}\t{start + 13}\n7\tName_Calling,Labeling\t0\t8\n", encoding="utf-8"
    )
    res = evaluate(tmp_path, "all")
    assert set(res) == {"si_p", "si_r", "si_f1", "tc_micro_f1", "flc_f1"}
    assert all(0.0 <= v <= 1.0 for v in res.values())


def test_eval_techniques_matches_reference_scorer_on_ptc_records(shared_dir: Path, tmp_path: Path) -> None:
    """Same numbers as score_propaganda.py on records written as JSONL (a few PTC articles)."""
    from newsift.eval import techniques as E

    data = shared_dir / "data" / "ptc"
    if not data.is_dir():
        pytest.skip("PTC not found")
    ref = reference_scorer(shared_dir, "score_propaganda")
    files, flc, si = read_ptc(data)
    ids = [aid for aid in sorted(files) if flc.get(aid)][:4]
    preds, records = E.predict(files, ids)
    jsonl = tmp_path / "rec.jsonl"
    with open(jsonl, "w", encoding="utf-8") as fh:
        for aid, rec in zip(ids, records, strict=True):
            obj = rec.model_dump(mode="json") if hasattr(rec, "model_dump") else dict(rec)
            obj["input"]["path"] = str(files[aid])
            fh.write(json.dumps(obj) + "\n")
    ref_res = ref.score(ref.load_labels(str(next(data.glob("*-task-si.labels"))), False),
                        ref.load_labels(str(next(data.glob("*-task-flc-tc.labels"))), True),
                        ref.load_records(str(jsonl), ref.load_articles(str(next(data.glob("*-articles")))), 0.0,
                                         __import__("collections").Counter()), ids)
    got = score_all(flc, preds, si, ids)
    assert got["si_f1"] == pytest.approx(ref_res["SI"]["F1"])
    assert got["si_p"] == pytest.approx(ref_res["SI"]["P"])
    assert got["flc_f1"] == pytest.approx(ref_res["FLC"]["micro"]["F1"])
