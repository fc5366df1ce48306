"""The shared outline of the text and Markdown views."""

from __future__ import annotations

from newsift.record import Record
from newsift.render.common import outline


def _places_lines(places: list[dict]) -> list[str]:
    record = Record.model_validate({"text": "Flooding in Bavaria and Novi Sad.", "places": places})
    return dict(outline(record))["Places"]


def test_outline_shows_a_geonames_id_only_when_there_is_one():
    lines = _places_lines([
        {"entity": "e1", "name": "Bavaria", "geonames_id": None, "lat": 48.96, "lon": 11.4, "country": "DE",
         "admin1": "Bavaria", "feature": "ADM1"},
        {"entity": "e2", "name": "Novi Sad", "geonames_id": 3194360, "lat": 45.25, "lon": 19.84, "country": "RS",
         "admin1": None, "feature": "PPL"},
    ])
    assert lines[0] == "Bavaria -> DE, Bavaria (48.96, 11.40) ADM1"
    assert lines[1].endswith("PPL geonames:3194360")
