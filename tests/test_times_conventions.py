"""newsift_times: TimeML conventions for halves, seasons, period edges, parts of days and tense.

Sentences written for these tests (published 2016-12-12, a Monday). The
rule checks run on a blank pipeline; the tense checks load the small model.
"""

from __future__ import annotations

import pytest

from conftest import times_found


@pytest.mark.parametrize(
    ("text", "extent", "type_", "value"),
    [
        # the last / latter / final one of the year's halves and quarters
        ("Sales slowed in the last half of 2013.", "the last half of 2013", "DATE", "2013-H2"),
        ("The deal should close in the latter half of next year.", "the latter half of next year", "DATE", "2017-H2"),
        ("Margins shrank in the final quarter of 2014.", "the final quarter of 2014", "DATE", "2014-Q4"),
        # a season of a year named relative to publication
        ("The mill shut in the fall of last year.", "the fall of last year", "DATE", "2015-FA"),
        ("A new line opens in the spring of next year.", "the spring of next year", "DATE", "2017-SP"),
        # the edge of a period is valued as the period itself
        ("Troops should arrive by the end of the month.", "the end of the month", "DATE", "2016-12"),
        ("Ballots go out at the end of this week.", "the end of this week", "DATE", "2016-W50"),
        ("Talks resume at the beginning of next week.", "the beginning of next week", "DATE", "2016-W51"),
        ("The lease ran out at the end of last year.", "the end of last year", "DATE", "2015"),
        # a weekday's evening or afternoon is that part of the day; plural parts repeat
        ("The vote was counted on Friday evening.", "Friday evening", "TIME", "2016-12-09TEV"),
        ("The board met Thursday afternoon.", "Thursday afternoon", "TIME", "2016-12-08TAF"),
        ("The ferry sails on Sunday nights.", "Sunday nights", "SET", "XXXX-WXX-7TNI"),
        # half an hour, half a day
        ("The hearing took half an hour.", "half an hour", "DURATION", "PT30M"),
        ("Crews waited half a day.", "half a day", "DURATION", "PT12H"),
        # the adjective of a vague span belongs to its extent
        ("Of course, prices fell in past years too.", "past years", "DURATION", "PXY"),
        # a holiday's week; a fraction of a unit counted back from publication
        ("Pilgrims arrived as Easter week began.", "Easter week", "DATE", "2016-W12"),
        ("The band split nearly half a century ago.", "nearly half a century ago", "DATE", "1966"),
        ("The plant closed a year and a half ago.", "a year and a half ago", "DATE", "2015-06"),
        # "the year" after a preposition, not followed by what makes it another year: the current one
        ("Sales rose 4% in the first nine months of the year.", "the year", "DATE", "2016"),
        ("For the year, volume was flat.", "the year", "DATE", "2016"),
        # ages are no durations, with or without the second hyphen
        ("It was the 30-year bond.", "30-year", "DURATION", "P30Y"),
    ],
)
def test_times_conventions_extent_and_value(blank, text: str, extent: str, type_: str, value: str) -> None:
    assert times_found(blank, text).get(extent) == (type_, value)


def test_times_conventions_half_of_something_else_is_no_calendar_half(blank) -> None:
    got = times_found(blank, "He scored twice in the second half of the game; sales peaked in the last half of the '80s.")
    assert not any("half" in extent for extent in got)
    assert got["the '80s"] == ("DATE", "198")


def test_times_conventions_half_of_the_year_still_counts(blank) -> None:
    assert times_found(blank, "Costs rose in the first half of the year.")["the first half"] == ("DATE", "2016-H1")


def test_times_conventions_the_next_morning_is_the_day(blank) -> None:
    got = times_found(blank, "The fire started on Dec. 1. Crews put it out the next morning.")
    assert got["the next morning"] == ("DATE", "2016-12-02")


def test_times_conventions_counted_from_publication_when_nothing_comes_before(blank) -> None:
    # "the previous year" with no earlier time in the story counts back from the publication date
    assert times_found(blank, "The previous year, the club had lost money.")["The previous year"] == ("DATE", "2015")
    # "that day" points at some day the story means; with none named it stays unknown
    assert times_found(blank, "Traders lost money that day.")["that day"] == ("DATE", "XXXX-XX-XX")


# --- with the parser ---


def test_times_conventions_a_past_verb_puts_a_month_behind(times_nlp) -> None:
    # without the verb the month would lie ahead (March is 9 months back, outside the window)
    assert times_found(times_nlp, "The bill passed on March 3.")["March 3"] == ("DATE", "2016-03-03")
    assert times_found(times_nlp, "The bill comes up on March 3.")["March 3"] == ("DATE", "2017-03-03")


def test_times_conventions_an_infinitive_under_a_past_verb_may_lie_ahead(times_nlp) -> None:
    # "ordered him to appear" happened; the appearance on Jan. 20 is still to come
    assert times_found(times_nlp, "The judge ordered him to appear on Jan. 20.")["Jan. 20"] == ("DATE", "2017-01-20")


def test_times_conventions_a_plan_in_the_past_perfect_does_not_look_ahead(times_nlp) -> None:
    # the offer had been due to expire on the Friday just gone, then was extended
    got = times_found(times_nlp, "The offer was extended to Dec. 30. It had been due to expire Friday.")
    assert got["Friday"] == ("DATE", "2016-12-09")
    assert times_found(times_nlp, "The offer is due to expire Friday.")["Friday"] == ("DATE", "2016-12-16")


def test_times_conventions_the_last_minute_is_an_idiom(blank) -> None:
    assert times_found(blank, "The deal fell apart at the last minute.") == {}
    assert times_found(blank, "Prices rose in the past minute.")["the past minute"] == ("DURATION", "PT1M")


def test_times_conventions_high_noon_is_an_idiom(blank) -> None:
    assert "noon" not in times_found(blank, "For the party, high noon has come.")
    assert times_found(blank, "The talks resume at noon.")["noon"] == ("TIME", "2016-12-12T12:00")


def test_times_conventions_titles_are_no_times(blank) -> None:
    assert times_found(blank, "This is Radio Free Today. A witness told the Daily News and Us Weekly.") == {}
    got = times_found(blank, "Yesterday New York's mayor toured the city. Daily, thousands cross the river.")
    assert got == {"Yesterday": ("DATE", "2016-12-11"), "Daily": ("SET", "P1D")}


def test_times_conventions_ages_are_not_durations(blank) -> None:
    assert times_found(blank, "The 36-year old striker and the 8-month-old truce.") == {}


def test_times_conventions_a_holiday_that_classifies_a_thing_is_no_date(blank) -> None:
    got = times_found(blank, "A gunman opened fire at an office Christmas party near a Christmas tree. He wants a deal by Christmas.")
    assert list(got) == ["Christmas"]
    assert got["Christmas"] == ("DATE", "2016-12-25")


def test_times_conventions_night_and_evening_after_an_earlier_day(blank) -> None:
    got = times_found(blank, "Protesters marched on Dec. 6; a second protest came the next night. That evening, police left.")
    assert got["the next night"] == ("DATE", "2016-12-07")
    assert got["That evening"] == ("TIME", "2016-12-07TEV")


def test_times_conventions_later_than_a_coarser_time_is_not_counted_from_publication(blank) -> None:
    got = times_found(blank, "He was elected in 2010 and resigned 24 months later. The war began in 1939. Six weeks later, Warsaw fell.")
    assert got["24 months later"] == ("DATE", "2012")  # whole years of the year named
    assert got["Six weeks later"] == ("DATE", "XXXX-WXX")  # not six weeks after publication
    # a fraction counted from another time stays vague; "a minute and a half later" is the duration
    assert times_found(blank, "He left in 2010 and came back two and a half years later.")["two and a half years later"] == (
        "DATE", "FUTURE_REF")
    assert times_found(blank, "A minute and a half later, the lights went out.")["A minute and a half"] == ("DURATION", "PT1M30S")


def test_times_conventions_the_year_of_a_clause_is_not_the_current_one(blank) -> None:
    got = times_found(blank, "It was the worst drought in the year he was born.")
    assert got == {}
    # the fiscal year that ended June 30 is a year's span, not 2016
    assert times_found(blank, "Profit for the year ended June 30 rose.")["the year"] == ("DURATION", "P1Y")


def test_times_conventions_a_base_form_after_a_singular_subject_is_a_past(times_nlp) -> None:
    # the tagger reads "hurt" as a present (VBP); with "Weakness" as subject it can only be the past
    assert times_found(times_nlp, "Weakness in bank shares hurt the market on Friday.")["Friday"] == ("DATE", "2016-12-09")
    # a coordinated subject is plural: a present schedule, still ahead
    assert times_found(times_nlp, "He and his brother meet separately Friday with the mayor.")["Friday"] == ("DATE", "2016-12-16")
