"""newsift_times: extents and TimeML values on sentences written for these tests.

Most checks run the rules on a blank English pipeline (no tense); the ones
about past/future weekdays load the small English model.
"""

from __future__ import annotations

import pytest
import spacy

from conftest import TIMES_PUBLISHED, times_of
from newsift.stages.times import Point, duration_value, holiday_date, parse_number, shift


def values(nlp, text: str, published: str | None = TIMES_PUBLISHED) -> dict[str, str]:
    return {t["text"]: t["value"] for t in times_of(nlp, text, published)}


@pytest.mark.parametrize(
    ("text", "extent", "value", "type_"),
    [
        ("The city fell in May of 2015.", "May of 2015", "2015-05", "DATE"),
        ("It opened on Aug. 7, 1998, in Nairobi.", "Aug. 7, 1998", "1998-08-07", "DATE"),
        ("Fighting has gone on since October.", "October", "2016-10", "DATE"),
        ("Prices rose 5% in 1990.", "1990", "1990", "DATE"),
        ("The 1980s were different.", "The 1980s", "198", "DATE"),
        ("Profit fell in the third quarter.", "the third quarter", "2016-Q3", "DATE"),
        ("a third-quarter loss", "third-quarter", "2016-Q3", "DATE"),
        ("He spent two years in jail.", "two years", "P2Y", "DURATION"),
        ("It lasted 2 1/2 hours.", "2 1/2 hours", "PT2H30M", "DURATION"),
        ("a 30-year bond", "30-year", "P30Y", "DURATION"),
        ("over the past two months", "the past two months", "P2M", "DURATION"),
        ("He was tired during the past week.", "the past week", "P1W", "DURATION"),
        ("It publishes the list every Monday.", "every Monday", "XXXX-WXX-1", "SET"),
        ("The paper appears daily.", "daily", "P1D", "SET"),
        ("He is now in Paris.", "now", "PRESENT_REF", "DATE"),
        ("She currently lives there.", "currently", "PRESENT_REF", "DATE"),
        ("It was recently sold.", "recently", "PAST_REF", "DATE"),
        ("It will matter in the following days or weeks.", "the following days or weeks", "FUTURE_REF", "DATE"),
        ("Executions took place just months earlier.", "just months earlier", "PAST_REF", "DATE"),
        ("They met yesterday.", "yesterday", "2016-12-11", "DATE"),
        ("They met last week.", "last week", "2016-W49", "DATE"),
        ("Sales fell last year.", "last year", "2015", "DATE"),
        ("It happened a year ago.", "a year ago", "2015", "DATE"),
        ("The deal closes at 5 p.m.", "5 p.m.", "2016-12-12T17:00", "TIME"),
        ("They marched on Thanksgiving.", "Thanksgiving", "2016-11-24", "DATE"),
        ("We will talk this morning.", "this morning", "2016-12-12TMO", "TIME"),
    ],
)
def test_times_values_extent_and_value(blank, text: str, extent: str, value: str, type_: str) -> None:
    found = {t["text"]: t for t in times_of(blank, text)}
    assert extent in found, found
    assert found[extent]["value"] == value
    assert found[extent]["type"] == type_


def test_times_values_prepositions_stay_outside(blank) -> None:
    found = times_of(blank, "Fighting has gone on since October and in the future.")
    assert [t["text"] for t in found] == ["October", "the future"]


def test_times_values_anchor_on_earlier_time(blank) -> None:
    found = times_of(blank, "The city fell in May of 2015. A year later it was retaken.")
    assert found[1]["text"] == "A year later"
    assert found[1]["value"] == "2016-05"  # the anchor's month precision, not the publication date's
    assert found[1]["anchor"] == 0 and found[1]["resolved"] is True
    assert found[0]["anchor"] is None


def test_times_values_quarter_comparison_anchors_on_the_quarter(blank) -> None:
    found = times_of(blank, "Net rose in the third quarter from $5 million a year earlier.", "1989-10-26")
    assert [(t["text"], t["value"]) for t in found] == [("the third quarter", "1989-Q3"), ("a year earlier", "1988-Q3")]


def test_times_values_without_published_stay_unresolved(blank) -> None:
    found = {t["text"]: t for t in times_of(blank, "On Sunday, and since October, and yesterday; in May of 2015.", None)}
    assert found["Sunday"] == {**found["Sunday"], "value": "XXXX-WXX-7", "resolved": False, "anchor": None}
    assert found["October"]["value"] == "XXXX-10" and found["October"]["resolved"] is False
    assert found["yesterday"]["value"] == "XXXX-XX-XX" and found["yesterday"]["resolved"] is False
    assert found["May of 2015"]["value"] == "2015-05" and found["May of 2015"]["resolved"] is True


def test_times_values_relative_ones_name_the_published_anchor(blank) -> None:
    found = {t["text"]: t for t in times_of(blank, "They left yesterday.")}
    assert found["yesterday"]["anchor"] == "published"


@pytest.mark.parametrize(
    "text",
    [
        "He is 55 years old.",
        "The stock may rise.",
        "Thousands joined the March for Life.",
        "A fall in prices hurt them.",
        "It paid $2 million a year in interest.",
        "He won a second term.",
        "The 1,990 shares were sold.",
        "It rose 1990 points.",
    ],
)
def test_times_values_non_times_are_left_alone(blank, text: str) -> None:
    assert times_of(blank, text) == []


def test_times_values_offsets_point_at_the_text(blank) -> None:
    text = "On Friday, Oct. 13, the index fell 5%; a week later it rose. Now it is flat."
    for t in times_of(blank, text):
        assert text[t["start"] : t["end"]] == t["text"]


def test_times_values_items_carry_the_contract_keys(blank) -> None:
    for t in times_of(blank, "On Sunday, the army returned."):
        assert set(t) == {"start", "end", "text", "type", "value", "resolved", "anchor"}


def test_times_values_point_shift_keeps_granularity() -> None:
    assert shift(Point("M", 2015, 5), "year", 1).value() == "2016-05"  # type: ignore[union-attr]
    assert shift(Point("Q", 1989, sub=3), "year", -1).value() == "1988-Q3"  # type: ignore[union-attr]
    assert shift(Point("D", 2016, 2, 29), "year", 1).value() == "2017-02-28"  # type: ignore[union-attr]
    assert shift(Point("M", 2015, 5), "day", 2) is None  # a month cannot move by days


def test_times_values_helpers() -> None:
    assert parse_number("twenty-five") == 25
    assert parse_number("several") is None
    assert duration_value(2.5, "year") == "P2Y6M"
    assert duration_value(None, "month") == "PXM"
    assert duration_value(1, "decade") == "P10Y"
    assert holiday_date("easter", 2016).isoformat() == "2016-03-27"  # type: ignore[union-attr]
    assert holiday_date("thanksgiving", 1999).isoformat() == "1999-11-25"  # type: ignore[union-attr]


# --- with the parser: the governing verb's tense picks past or future weekdays ---




def parse(nlp, text: str, published: str | None = TIMES_PUBLISHED) -> dict[str, str]:
    doc = nlp.make_doc(text)
    doc._.newsift_published = published
    return {t["text"]: t["value"] for t in nlp(doc)._.newsift_times}


def test_times_values_past_weekday_is_the_previous_one(times_nlp) -> None:
    assert parse(times_nlp, "The rebels entered the city on Sunday.")["Sunday"] == "2016-12-11"


def test_times_values_future_weekday_is_the_next_one(times_nlp) -> None:
    assert parse(times_nlp, "The minister will visit Moscow on Thursday.")["Thursday"] == "2016-12-15"


def test_times_values_same_day_weekday_is_the_publication_day(times_nlp) -> None:
    assert parse(times_nlp, "Titov said on Monday that Moscow would act.")["Monday"] == "2016-12-12"


def test_times_values_stage_is_a_spacy_component(times_nlp) -> None:
    assert "newsift_times" in times_nlp.pipe_names


def test_times_values_factory_in_a_blank_pipeline() -> None:
    import newsift.components  # noqa: F401 - registers the factories

    nlp = spacy.blank("en")
    nlp.add_pipe("newsift_times")
    doc = nlp("The city fell in May of 2015. A year later it was retaken.")
    assert [t["value"] for t in doc._.newsift_times] == ["2015-05", "2016-05"]
