"""PlaceResolver.find on hand-written sentences and entities (no spaCy model needed)."""

from __future__ import annotations

import re

import pytest

from newsift.stages.places import PlaceResolver


def entities(text: str, *specs: tuple[str, str]) -> list[dict]:
    """Entities for (name, type) pairs, one mention per occurrence of the name in ``text``."""
    out = []
    for n, (name, etype) in enumerate(specs, start=1):
        mentions = [{"start": m.start(), "end": m.end()} for m in re.finditer(re.escape(name), text)]
        assert mentions, name
        out.append({"id": f"e{n}", "name": name, "type": etype, "aliases": [], "mentions": mentions})
    return out


def places(text: str, *specs: tuple[str, str]) -> dict[str, dict]:
    ents = entities(text, *specs)
    names = {e["id"]: e["name"] for e in ents}
    return {names[p["entity"]]: p for p in PlaceResolver().find(text, ents)}


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    return PlaceResolver()


def test_places_resolve_palmyra_by_its_alternate_name() -> None:
    text = "Fighters entered Palmyra again, the army in Syria said."
    got = places(text, ("Palmyra", "GPE"), ("Syria", "GPE"))
    assert got["Palmyra"]["geonames_id"] == 163808
    assert got["Palmyra"]["name"] == "Tadmur"
    assert got["Palmyra"]["country"] == "SY"
    assert abs(got["Palmyra"]["lat"] - 34.56) < 0.05 and abs(got["Palmyra"]["lon"] - 38.28) < 0.05


def test_places_resolve_country_is_pcli_with_its_own_point() -> None:
    got = places("Talks in Iraq resumed.", ("Iraq", "GPE"))
    assert got["Iraq"]["feature"] == "PCLI"
    assert got["Iraq"]["country"] == "IQ"
    assert 29 < got["Iraq"]["lat"] < 37 and 39 < got["Iraq"]["lon"] < 48


def test_places_resolve_moscow_defaults_to_russia() -> None:
    got = places("Officials in Moscow denied it.", ("Moscow", "GPE"))
    assert got["Moscow"]["country"] == "RU"
    assert got["Moscow"]["feature"] == "PPLC"


def test_places_resolve_moscow_idaho_when_the_text_says_so() -> None:
    got = places("A student from Moscow, Idaho, won the prize.", ("Moscow", "GPE"))
    assert got["Moscow"]["country"] == "US"
    assert got["Moscow"]["admin1"] == "Idaho"


def test_places_resolve_demonyms_count_as_the_country() -> None:
    got = places("Syrian troops and Americans met.", ("Syrian", "NORP"), ("Americans", "NORP"))
    assert got["Syrian"]["country"] == "SY" and got["Syrian"]["feature"] == "PCLI"
    assert got["Americans"]["country"] == "US"


def test_places_resolve_place_inside_an_organisation_name() -> None:
    got = places("The Syrian Army advanced.", ("Syrian Army", "ORG"))
    assert got["Syrian Army"]["country"] == "SY"


def test_places_resolve_region_word_asks_for_the_region() -> None:
    text = "Clashes in the countryside of Homs province went on."
    got = places(text, ("Homs", "GPE"))
    assert got["Homs"]["feature"] == "ADM1"
    assert got["Homs"]["country"] == "SY"
    city = places("Buses left Homs at dawn.", ("Homs", "GPE"))
    assert city["Homs"]["feature"].startswith("PPL")


def test_places_resolve_neighbours_decide_an_ambiguous_town() -> None:
    text = "The fair moved from Paris to Tyler and Longview, all in Texas."
    got = places(text, ("Paris", "GPE"), ("Tyler", "GPE"), ("Longview", "GPE"), ("Texas", "GPE"))
    assert got["Paris"]["country"] == "US"
    assert got["Paris"]["admin1"] == "Texas"
    alone = places("The fair moved to Paris.", ("Paris", "GPE"))
    assert alone["Paris"]["country"] == "FR"


def test_places_resolve_georgia_follows_its_context() -> None:
    us = places("Storms hit Atlanta and Savannah in Georgia.", ("Atlanta", "GPE"), ("Savannah", "GPE"), ("Georgia", "GPE"))
    assert us["Georgia"]["country"] == "US" and us["Georgia"]["feature"] == "ADM1"
    ge = places("Protests in Tbilisi spread across Georgia.", ("Tbilisi", "GPE"), ("Georgia", "GPE"))
    assert ge["Georgia"]["country"] == "GE"


def test_places_resolve_skips_people_and_unknown_names() -> None:
    got = places(
        "Jackson Smith met Jackson at the Xyzzyq office.",
        ("Jackson Smith", "PERSON"),
        ("Jackson", "PERSON"),
        ("Xyzzyq", "GPE"),
    )
    assert got == {}


def test_places_resolve_record_shape(resolver: PlaceResolver) -> None:
    text = "Flights to Mosul resumed."
    (p,) = resolver.find(text, entities(text, ("Mosul", "GPE")))
    assert set(p) == {"entity", "name", "geonames_id", "lat", "lon", "country", "admin1", "feature"}
    assert p["entity"] == "e1" and p["country"] == "IQ"
    assert isinstance(p["lat"], float) and isinstance(p["geonames_id"], int)


def test_places_resolve_no_entities_gives_no_places(resolver: PlaceResolver) -> None:
    assert resolver.find("Nothing here.", []) == []
