"""identify_outlet: URL, HTML site name and the text's own naming, in that order."""

from __future__ import annotations

from pathlib import Path

from newsift.outlet import OutletInfo, identify_outlet
from newsift.read import Document
from newsift.source.ratings import LIN2023

PLEA = "Help us grow. Support The Duran on Patreon!"
BODY = "Russian officials said the city would be retaken.\n\nThe army advanced on Sunday."


def test_outlet_identify_source_fields_shape() -> None:
    fields = OutletInfo().source_fields()
    assert fields == {"domain": None, "outlet": None, "rating": None, "rating_source": None}


def test_outlet_identify_from_url_with_rating() -> None:
    info = identify_outlet(Document(text=BODY, url="https://www.reuters.com/world/some-story-2016-12-12/"))
    assert info.domain == "reuters.com"
    assert info.outlet == "Reuters"  # the outlets table names a domain without a site name
    assert info.rating == 1.0
    assert info.rating_source == LIN2023


def test_outlet_identify_site_name_wins_over_table_name() -> None:
    doc = Document(text=BODY, kind="html", url="https://www.nytimes.com/2016/x.html", meta={"outlet": "NYTimes.com"})
    info = identify_outlet(doc)
    assert (info.outlet, info.domain) == ("The New York Times", "nytimes.com")
    doc.meta["outlet"] = "The New York Times Magazine"
    assert identify_outlet(doc).outlet == "The New York Times Magazine"


def test_outlet_identify_plea_in_text_generic_via_ratings_domains() -> None:
    # "The Duran" is not in the outlets table: theduran.com is found because
    # the ratings table rates a domain the name is written as.
    info = identify_outlet(Document(text=BODY + "\n\n" + PLEA))
    assert info.outlet == "The Duran"
    assert info.domain == "theduran.com"
    assert info.found_by == "text"
    assert info.rating == 0.126
    assert info.rating_source == LIN2023


def test_outlet_identify_reads_lines_the_cleaner_removed() -> None:
    raw = BODY + "\n\n" + PLEA + "\n"
    start = raw.index(PLEA)
    doc = Document(
        text=BODY,
        raw_text=raw,
        removed=[{"start": start, "end": start + len(PLEA), "reason": "boilerplate"}],
    )
    info = identify_outlet(doc)
    assert (info.outlet, info.domain) == ("The Duran", "theduran.com")
    assert raw[info.mentions[0].start : info.mentions[0].end] == "The Duran"


def test_outlet_identify_cited_outlets_are_not_the_publisher() -> None:
    text = "According to Sputnik, the minister said so. RT reported it too, as did the BBC and Reuters."
    info = identify_outlet(Document(text=text))
    assert info.source_fields() == {"domain": None, "outlet": None, "rating": None, "rating_source": None}


def test_outlet_identify_url_beats_text() -> None:
    doc = Document(text="WASHINGTON (Reuters) - The Senate voted.", url="https://news.yahoo.com/senate-votes-1234.html")
    info = identify_outlet(doc)
    assert info.domain == "yahoo.com"
    assert info.outlet == "Yahoo News"
    assert info.rated_as == "news.yahoo.com"


def test_outlet_identify_site_name_without_url_gives_domain() -> None:
    info = identify_outlet(Document(text=BODY, kind="html", meta={"outlet": "Consortium News"}))
    assert (info.outlet, info.domain, info.found_by) == ("Consortium News", "consortiumnews.com", "html")
    assert info.rating is not None


def test_outlet_identify_unknown_outlet_is_unrated() -> None:
    info = identify_outlet(Document(text=BODY + "\n\n© 2019 Tiny Valley Gazette. All rights reserved."))
    assert info.outlet == "Tiny Valley Gazette"
    assert info.domain is None
    assert info.rating is None and info.rating_source is None
    info = identify_outlet(Document(text=BODY, url="https://some-unrated-site-xyz.example.org/a"))
    assert info.rating is None and info.rating_source is None


def test_outlet_identify_seed_article(shared_dir: Path) -> None:
    path = shared_dir / "seed" / "000_c1256a327632a34f.txt"
    raw = path.read_text(encoding="utf-8")
    info = identify_outlet(Document(text=raw, raw_text=raw))
    assert (info.outlet, info.domain) == ("The Duran", "theduran.com")
    assert abs(info.rating - 0.126) < 5e-4
    assert {m.cue for m in info.mentions} == {"support", "disclaimer"}
