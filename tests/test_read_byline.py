"""Author and date of a plain-text scrape from its byline and dateline (lines of our own)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsift.read.byline import author_of, dateline_date, find_byline
from newsift.read.scrape import clean_scrape


def test_byline_author_stops_at_outlet_role_and_date():
    assert author_of("By Marta Kovacs") == "Marta Kovacs"
    assert author_of("By Marta Kovacs, Reuters") == "Marta Kovacs"
    assert author_of("By Marta Kovacs and Ivo Horvat | Updated 9:40 AM") == "Marta Kovacs and Ivo Horvat"
    assert author_of("BY MARTA KOVACS, Wednesday") == "MARTA KOVACS"
    assert author_of("By the time the river fell, the town was empty.") is None
    assert author_of("Standing by the river, residents watched.") is None


def test_byline_dateline_formats_and_prose_refused():
    assert dateline_date("Published 18 March 2025, 09:40") == "2025-03-18"
    assert dateline_date("March 18, 2025 9:40 AM ET") == "2025-03-18"
    assert dateline_date("Updated: Sept. 3, 2024") == "2024-09-03"
    assert dateline_date("2024-02-29T10:00") == "2024-02-29"
    assert dateline_date("February 30, 2024") is None  # no such day
    prose = "The river last rose this high on 12 May 2014, when the old embankments failed along a long stretch of the bank."
    assert dateline_date(prose) is None


def test_byline_only_the_header_zone_counts():
    lines = ["Menu", "River rises", "By Ana Lee", "Published 2 June 2023", "Body one.", "Body two."]
    lines += ["More stories"] * 30 + ["Published 1 January 2020", "By Someone Else"]
    found = find_byline(lines, first_body=4, title=1)
    assert (found.author, found.published) == ("Ana Lee", "2023-06-02")
    late = find_byline(["Body."] * 40 + ["Published 1 January 2020"], first_body=0)
    assert late.published is None


def test_byline_clean_scrape_reports_what_it_read():
    page = "\n".join([
        "Share this", "Home | World | Sport",
        "Dam holds as river peaks",
        "By Ana Lee",
        "Published 2 June 2023",
        "The river peaked on Sunday at its highest level in a decade, officials said, and the old dam held.",
        "Engineers had reinforced the embankments last year after a long campaign by residents of the valley.",
        "Sign up for our newsletter",
    ])
    cleaned = clean_scrape(page)
    assert cleaned.published == "2023-06-02" and cleaned.author == "Ana Lee"


@given(st.text(max_size=200))
def test_byline_never_crashes_on_any_line(line):
    author_of(line)
    date = dateline_date(line)
    assert date is None or len(date) == 10
