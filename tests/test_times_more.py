"""newsift_times: sets, clock words, ranges, "-long" durations, repeated months and tense cues.

Sentences written for these tests (published 2016-12-12, a Monday). The
rule checks run on a blank pipeline; the tense checks load the small model.
"""

from __future__ import annotations

import pytest

from conftest import TIMES_PUBLISHED, times_found


@pytest.mark.parametrize(
    ("text", "extent", "type_", "value"),
    [
        ("The council meets twice a week.", "twice a week", "SET", "P1W"),
        ("Take it three times a day.", "three times a day", "SET", "P1D"),
        ("Once a year, the clan gathers.", "Once a year", "SET", "P1Y"),
        ("Elections are held every four years.", "every four years", "SET", "P4Y"),
        ("Trains leave every 10 minutes.", "every 10 minutes", "SET", "PT10M"),
        ("The fair is held annually in the town.", "annually", "SET", "P1Y"),
        ("The war lasted two and a half years.", "two and a half years", "DURATION", "P2Y6M"),
        ("They talked for three and a half hours.", "three and a half hours", "DURATION", "PT3H30M"),
        ("A decade-long dispute ended.", "decade-long", "DURATION", "P10Y"),
        ("The day-long meeting ended.", "day-long", "DURATION", "P1D"),
        ("A decades-long feud ended.", "decades-long", "DURATION", "PXE"),
        ("The 10-year plan failed.", "10-year", "DURATION", "P10Y"),
        ("The troops left at 4 in the morning.", "4 in the morning", "TIME", "2016-12-12T04:00"),
        ("The ferry left at ten o'clock.", "ten o'clock", "TIME", "2016-12-12T10:00"),
        ("They left at 9 at night.", "9 at night", "TIME", "2016-12-12T21:00"),
        ("The vote is set for the week of Jan. 9.", "the week of Jan. 9", "DATE", "2017-W02"),
        ("Sales fell in the fourth quarter of last year.", "the fourth quarter of last year", "DATE", "2015-Q4"),
        ("Rates rise in the first half of next year.", "the first half of next year", "DATE", "2017-H1"),
        ("Revenue rose in Q3.", "Q3", "DATE", "2016-Q3"),
        ("Q4 2015 was weak.", "Q4 2015", "DATE", "2015-Q4"),
        ("Margins narrowed in 2Q.", "2Q", "DATE", "2016-Q2"),
    ],
)
def test_times_more_extent_type_and_value(blank, text: str, extent: str, type_: str, value: str) -> None:
    got = times_found(blank, text)
    assert got.get(extent) == (type_, value), got


def test_times_more_annually_as_a_rate_is_left_out(blank) -> None:
    assert times_found(blank, "Sales are expected to grow 8% annually.") == {}


def test_times_more_clock_words_need_a_preposition(blank) -> None:
    assert times_found(blank, "He won 4 in the afternoon games.") == {}


def test_times_more_strain_names_are_not_halves(blank) -> None:
    assert times_found(blank, "The H5N1 virus spread; the H3 gene mutated.") == {}


def test_times_more_a_day_range_gives_both_days(blank) -> None:
    got = times_found(blank, "The summit meets on April 24 and 25, 2017, in Rome.")
    assert got["April 24"] == ("DATE", "2017-04-24")  # the year written after the range's second day
    assert got["25, 2017"] == ("DATE", "2017-04-25")
    got = times_found(blank, "The talks run Jan. 5-6.")
    assert got["Jan. 5"] == ("DATE", "2017-01-05") and got["6"] == ("DATE", "2017-01-06")


def test_times_more_a_month_named_with_its_year_is_not_the_storys(blank) -> None:
    doc_times = times_found(blank, "The war ended in August 1988. The ministers met in August.")
    assert doc_times["August 1988"] == ("DATE", "1988-08")
    assert doc_times["August"] == ("DATE", "2016-08")


# --- with the parser ---




def test_times_more_time_right_after_a_reporting_verb_takes_its_tense(times_nlp) -> None:
    # the parser hangs "on Thursday" on "would cut"; it is when the company spoke
    assert times_found(times_nlp, "The company said on Thursday it would cut jobs.")["Thursday"] == ("DATE", "2016-12-08")


def test_times_more_a_scheduled_event_lies_ahead(times_nlp) -> None:
    assert times_found(times_nlp, "The prosecutor has scheduled a news conference Thursday.")["Thursday"] == ("DATE", "2016-12-15")


def test_times_more_a_repeated_month_keeps_the_year_of_its_first_mention(times_nlp) -> None:
    doc = times_nlp.make_doc("The three will join NATO in April. Plans for the summit in April are under way.")
    doc._.newsift_published = TIMES_PUBLISHED
    got = [(t["text"], t["value"], t["anchor"]) for t in times_nlp(doc)._.newsift_times]
    # the future verb puts the first April ahead; the second, with no verb, is the same April
    assert got == [("April", "2017-04", "published"), ("April", "2017-04", 0)]


def test_times_more_until_with_a_past_perfect_stays_behind(times_nlp) -> None:
    assert times_found(times_nlp, "Until Thursday, they had not called him a suspect.")["Thursday"] == ("DATE", "2016-12-08")


def test_times_more_year_ago_period_compares_with_a_reported_quarter(blank) -> None:
    text = "Profit fell in the third quarter. Analysts see losses in the fourth quarter. In the year-ago period, it earned more."
    got = times_found(blank, text, "1989-10-26")
    assert got["the fourth quarter"] == ("DATE", "1989-Q4")
    assert got["the year-ago period"] == ("DATE", "1988-Q3")  # not the current, unfinished fourth quarter
