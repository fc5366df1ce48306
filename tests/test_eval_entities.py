"""The CoNLL entity evaluation: conlleval scoring on made-up data, and agreement with the reference scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsift.errors import NewsiftError
from newsift.eval import entities as ev

TINY = """-DOCSTART- -X- -X- O

Angela NNP B-NP B-PER
Merkel NNP I-NP I-PER
visited VBD B-VP O
New NNP B-NP B-LOC
York NNP I-NP I-LOC
. . O O

Reuters NNP B-NP B-ORG
reported VBD B-VP O

-DOCSTART- -X- -X- O

Ten CD B-NP O
Germans NNPS I-NP B-MISC
left VBD B-VP O
"""


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.conll"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_eval_entities_text_matches_conll_to_text(tiny: Path):
    docs = ev.read_conll(tiny)
    assert len(docs) == 2
    text, offsets = ev.doc_text(docs[0])
    assert text == "Angela Merkel visited New York .\nReuters reported\n"
    assert text[offsets[0][3][0] : offsets[0][4][1]] == "New York"
    assert ev.doc_name(2, 2) == "doc0002.txt"


def test_eval_entities_scores_conlleval_chunks(tiny: Path):
    docs = ev.read_conll(tiny)
    perfect = [
        {"type": "PERSON", "mentions": [{"start": 0, "end": 13}]},
        {"type": "GPE", "mentions": [{"start": 22, "end": 30}]},
        {"type": "ORG", "mentions": [{"start": 33, "end": 40}]},
        {"type": "DATE", "mentions": [{"start": 41, "end": 49}]},  # ignored type
    ]
    wrong_type = [{"type": "ORG", "mentions": [{"start": 4, "end": 11}]}]  # "Germans" as ORG
    res = ev.score([(docs[0], perfect), (docs[1], wrong_type)])
    assert res["precision"] == pytest.approx(3 / 4)
    assert res["recall"] == pytest.approx(3 / 4)
    assert res["f1_LOC"] == 1.0 and res["f1_MISC"] == 0.0


def test_eval_entities_overlap_keeps_longest(tiny: Path):
    docs = ev.read_conll(tiny)
    ents = [
        {"type": "ORG", "mentions": [{"start": 26, "end": 30}]},  # "York"
        {"type": "LOC", "mentions": [{"start": 22, "end": 30}]},  # "New York"
    ]
    res = ev.score([(docs[0], ents)])
    assert res["precision"] == 1.0 and res["f1_LOC"] == 1.0


def test_eval_entities_missing_data_is_reported(tmp_path: Path):
    with pytest.raises(NewsiftError) as err:
        ev.evaluate(tmp_path / "nowhere")
    assert err.value.code == "E011"
    with pytest.raises(NewsiftError):
        ev.find_gold(tmp_path)


def test_eval_entities_agrees_with_reference_scorer(shared_dir: Path, tmp_path: Path):
    """Our metric on newsift's records equals score_ner.py's on the same records (first documents only)."""
    gold_all = shared_dir / "data" / "conll2003" / ev.DEV_FILE
    scorer = shared_dir / "eval" / "score_ner.py"
    if not gold_all.is_file() or not scorer.is_file():
        pytest.skip("CoNLL-2003 dev or score_ner.py not found")
    # a gold file of the first six documents (a temporary copy, outside the repository)
    blocks = gold_all.read_text(encoding="utf-8").split("-DOCSTART-")
    gold = tmp_path / "six.conll"
    gold.write_text("-DOCSTART-".join(blocks[:7]), encoding="utf-8")
    results = ev.analyse(gold)
    assert len(results) == 6
    records = tmp_path / "records.jsonl"
    ev.write_jsonl(results, records)
    ours = ev.score((doc, rec.get("entities")) for _, doc, rec in results)
    out = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), str(records), "--json"],
        capture_output=True, text=True, check=True,
    )
    ref = json.loads(out.stdout)
    assert ref["stats"].get("text_mismatch", 0) == 0
    assert ours["f1"] == pytest.approx(ref["overall"]["F1"])
    assert ours["precision"] == pytest.approx(ref["overall"]["P"])


#: Quality gate on the held-out part of CoNLL-2003 dev (measured 0.812; bare spaCy small 0.659).
#: Set a little under the measured figure so a real regression fails, not noise.
HELDOUT_F1_MIN = 0.79


def test_eval_entities_heldout_gate(shared_dir: Path):
    data = shared_dir / "data" / "conll2003"
    if not (data / ev.DEV_FILE).is_file():
        pytest.skip("CoNLL-2003 dev not found")
    res = ev.evaluate(data, part="heldout")
    assert res["documents"] == 40
    assert res["f1"] >= HELDOUT_F1_MIN
