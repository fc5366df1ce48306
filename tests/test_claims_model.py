"""The claim models: training is deterministic, the .npz round-trips, scores put the threshold at 0.5."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from newsift.stages.claims import LinearClaimModel, calibrate, load_lexicon
from newsift.train import claims as train_claims

OPINION = [
    "This is a disgraceful and shameful decision.", "What a wonderful, brilliant idea this is.",
    "The plan is absurd and the minister should resign.", "Frankly, the speech was awful.",
    "It is a terrible, terrible mistake.", "Sadly, the team played horribly again.",
    "The film is beautiful and moving.", "Their behaviour was outrageous.",
    "I think this policy is deeply unfair.", "Clearly, the council has failed everyone.",
    "The new law is a scandalous betrayal.", "We believe the verdict is wrong.",
]
FACT = [
    "The council met on Tuesday in the town hall.", "Prices rose by 3 percent in March.",
    "The bridge was built in 1932.", "Police arrested two men on Sunday.",
    "The company employs 4,000 people in Ohio.", "The report was published in May.",
    "The river flows north for 200 kilometres.", "Voters elected a new mayor last year.",
    "The school opened in September 2019.", "The minister visited Paris on Monday.",
    "The train leaves at 8 a.m. from platform 4.", "Exports fell to $2 billion in 2020.",
]


def write_tsv(path: Path) -> Path:
    lines = ["sentence_id\tsentence\tlabel\tsolved_conflict"]
    for i, s in enumerate(OPINION):
        lines.append(f"op{i}\t{s}\tSUBJ\tFalse")
    for i, s in enumerate(FACT):
        lines.append(f"fa{i}\t{s}\tOBJ\tFalse")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("claims_model")
    tsv = write_tsv(tmp / "toy.tsv")
    out = []
    for name in ("a.npz", "b.npz"):
        model, _, _ = train_claims.train("subjectivity", [tsv], log=lambda m: None)
        model.save(tmp / name)
        out.append(tmp / name)
    return out[0], out[1]


def test_claims_model_training_is_deterministic(trained) -> None:
    a, b = trained
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def test_claims_model_roundtrip_and_scores(trained) -> None:
    from newsift.nlp import load_base

    model = LinearClaimModel.load(trained[0])
    assert model.task == "subjectivity" and 0 < model.threshold < 1
    assert model.meta["rows"] < len(OPINION) + len(FACT)  # the held-out part was left out
    nlp = load_base()
    spans = [nlp(t)[:] for t in ("What a shameful, awful decision.", "The bridge opened in 1950.")]
    scores = model.score(spans, load_lexicon())
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[0] > scores[1]


def test_claims_model_refuses_other_feature_versions(trained, tmp_path) -> None:
    import json

    import numpy as np

    with np.load(trained[0]) as z:
        arrays = dict(z)
    meta = json.loads(str(arrays["meta"]))
    meta["features"] = "newsift.claim_features.v0"
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez(tmp_path / "old.npz", **arrays)
    with pytest.raises(ValueError, match="retrain"):
        LinearClaimModel.load(tmp_path / "old.npz")


@pytest.mark.parametrize(("p", "t", "want"), [(0.0, 0.3, 0.0), (0.3, 0.3, 0.5), (1.0, 0.3, 1.0), (0.15, 0.3, 0.25)])
def test_claims_model_calibrate_moves_threshold_to_half(p: float, t: float, want: float) -> None:
    assert calibrate(p, t) == pytest.approx(want)
