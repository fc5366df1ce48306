"""The shipped Lin et al. (2023) table and how an address finds its row."""

from __future__ import annotations

import pytest

from newsift.source.domains import lookup_keys, normalize_key, registrable_domain
from newsift.source.ratings import LIN2023, rating_for, shipped_table


def test_ratings_lookup_shipped_table_is_whole() -> None:
    table = shipped_table()
    assert len(table) > 11_000
    assert all(0.0 <= value <= 1.0 for value in table.values())
    assert table["theduran.com"] == 0.126  # the paper's aggregate pc1, 3 decimals
    assert table["reuters.com"] == 1.0


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("theduran.com", "theduran.com"),
        ("https://www.theduran.com/russia-vows/", "theduran.com"),
        ("https://m.theduran.com/x", "theduran.com"),
        ("https://amp.theguardian.com/world/x", "theguardian.com"),
        ("https://WWW.BBC.CO.UK/news/x", "bbc.co.uk"),
        ("https://www.bbc.com/news/x", "bbc.com"),  # countries stay apart, as the table has them
        ("https://edition.cnn.com/2024/x", "edition.cnn.com"),  # a rated subdomain is itself
        ("https://money.cnn.com/2016/x", "cnn.com"),  # an unrated one falls back to its domain
        ("https://www.yahoo.com/news/some-story", "yahoo.com/news"),  # a rated section
        ("https://www.newyorker.com/humor/borowitz-report/x", "newyorker.com/humor/borowitz-report"),
        ("https://www.facebook.com/news/x", "facebook.com/news"),
        ("https://m.yahoo.com/x", "m.yahoo.com"),  # the table rates this rendering apart
        ("https://www.xinhuanet.com/english/x", "www.xinhuanet.com"),
        ("https://xinhuanet.com/english/x", "xinhuanet.com"),
    ],
)
def test_ratings_lookup_most_specific_row(address: str, key: str) -> None:
    found = rating_for(address)
    assert found is not None and found.key == key
    assert found.source == LIN2023


@pytest.mark.parametrize(
    "address",
    [
        "https://www.facebook.com/some.person/posts/1",  # a user's page is not the platform
        "https://someone.wordpress.com/2016/x",
        "https://someone.blogspot.com/x",
        "http://localhost:8000/x",
        "http://192.168.1.5/x",
        "https://bbc.example.net/x",  # a lookalike is not the BBC
        "",
        None,
    ],
)
def test_ratings_lookup_unrated(address: str | None) -> None:
    assert rating_for(address) is None


def test_ratings_lookup_keys_order() -> None:
    assert lookup_keys("https://uk.news.yahoo.com/a/b/c") == [
        "uk.news.yahoo.com/a/b",
        "uk.news.yahoo.com/a",
        "uk.news.yahoo.com",
        "news.yahoo.com",
        "yahoo.com",
    ]
    assert lookup_keys("https://m.example.com/a") == [
        "m.example.com/a",
        "m.example.com",
        "example.com/a",
        "example.com",
    ]


def test_ratings_lookup_domain_helpers() -> None:
    assert registrable_domain("https://news.bbc.co.uk/1/hi") == "bbc.co.uk"
    assert registrable_domain("https://someone.blogspot.com/") == "someone.blogspot.com"
    assert registrable_domain("not a url") is None
    assert normalize_key("https://www.Example.com/News/") == "example.com/news"
    assert normalize_key("example") is None
