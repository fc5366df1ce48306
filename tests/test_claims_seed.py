"""The seed article's claims (shared/seed/EXPECTED.md, "Claims"): checked, never trained on."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def claims(seed_path: Path) -> list[tuple[str, dict]]:
    from newsift.pipeline import analyze

    rec = analyze(seed_path, raw=True, stages=("newsift_claims",)).model_dump(mode="json", by_alias=True)
    assert rec["error"] is None
    return [(rec["text"][c["start"]:c["end"]], c) for c in rec["claims"]]


def find(claims: list[tuple[str, dict]], words: str) -> dict:
    hits = [c for text, c in claims if words in text.replace("\xa0", " ")]
    assert hits, f"no claim contains {words!r}"
    return hits[0]


@pytest.mark.parametrize(
    "words",
    [
        "flee unharmed into neighboring Syria",
        "had fallen to the terrorists in May of 2015",
        "A year later it was liberated",
        "grandiose concert",
    ],
)
def test_claims_seed_outlet_assertions(claims, words: str) -> None:
    c = find(claims, words)
    assert c["kind"] == "asserted" and c["attribution"] is None
    assert c["checkworthy"] >= 0.5


def test_claims_seed_prediction(claims) -> None:
    assert find(claims, "If successful, this will be the second time")["kind"] == "prediction"


@pytest.mark.parametrize("words", ["Clearly, Russia will not stay idly", "as the battle for Aleppo draws to a victorious"])
def test_claims_seed_opinion_or_prediction(claims, words: str) -> None:
    assert find(claims, words)["kind"] in {"opinion", "prediction"}
