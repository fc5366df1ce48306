"""normalize_name: the lookup key shared by the index builder and the places stage."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsift.stages.places import normalize_name


def test_places_normalize_folds_dots_case_accents_and_articles() -> None:
    assert normalize_name("U.S.") == "us"
    assert normalize_name("U.S. Centers for Disease Control") == "us centers for disease control"
    assert normalize_name("B.C.") == "bc"
    assert normalize_name("St. Louis") == "saint louis"
    assert normalize_name("the Gaza Strip") == "gaza strip"
    assert normalize_name("Winston-Salem") == "winston salem"
    assert normalize_name("Côte d\u2019Ivoire") == "cote d'ivoire"
    assert normalize_name("Ga.") == "ga"


@given(st.text(max_size=40))
def test_places_normalize_is_idempotent_and_clean(name: str) -> None:
    key = normalize_name(name)
    assert normalize_name(key) == key
    assert key == key.strip()
    assert "  " not in key
    assert "." not in key
    assert key == key.casefold()
