"""Self-naming lines in a text: which cues count, which do not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsift.source.mentions import find_mentions, outlet_in_text
from newsift.source.outlets import clean_name, guess_domains, normalize_name, resolve_name


@pytest.mark.parametrize(
    ("text", "name", "domain"),
    [
        ("Body.\n\n© 2016 The Duran. All rights reserved.\n", "The Duran", "theduran.com"),
        ("Body.\nCopyright © 2021 Cable News Network, Inc. All Rights Reserved.\n", "CNN", "cnn.com"),
        ("Body.\n© 2024 theduran.com\n", "theduran.com", "theduran.com"),
        ("MOSCOW, Dec 12 (Reuters) - Russia said on Monday it would act.", "Reuters", "reuters.com"),
        ("WASHINGTON (AP) — The Senate voted.", "The Associated Press", "apnews.com"),
        ("Body.\n\nSource: Al Jazeera and news agencies\n", "Al Jazeera", "aljazeera.com"),
        (
            "The views expressed are those of the author and not necessarily those of Consortium News.",
            "Consortium News",
            "consortiumnews.com",
        ),
        ("The army advanced.\n\nMintPress News is a reader-supported outlet.", "MintPress News", "mintpressnews.com"),
    ],
)
def test_outlet_mentions_cues(text: str, name: str, domain: str) -> None:
    found = outlet_in_text(text)
    assert found is not None
    assert (found.name, found.domain) == (name, domain)


def test_outlet_mentions_title_suffix() -> None:
    found = outlet_in_text("Body text here.", title="Russia vows to prevent the return of ISIS | The Grayzone")
    assert found is not None and found.domain == "thegrayzone.com"


@pytest.mark.parametrize(
    "text",
    [
        "Body.\n© Sputnik / Mikhail Voskresenskiy\nMore.",  # a photo credit, not the page's copyright
        "Body.\n© RIA Novosti via Getty Images\n",
        "According to Sputnik, Titov said. RT reported that CNN's Jake Tapper disagreed.",
        "John Smith writes for The Guardian.",  # one weak cue: an author bio names other outlets
        "He criticised the views of Donald Trump.",
        "(Updated) - the story changed.",  # a dateline-shaped aside that names no outlet
    ],
)
def test_outlet_mentions_not_the_publisher(text: str) -> None:
    assert outlet_in_text(text) is None


def test_outlet_mentions_strongest_total_wins() -> None:
    text = "LONDON (Reuters) - A story.\n\nSupport The Duran on Patreon!\n© 2016 The Duran"
    found = outlet_in_text(text)
    assert found is not None and found.domain == "theduran.com"


def test_outlet_mentions_name_helpers() -> None:
    assert normalize_name("The A.P.") == "ap"
    assert normalize_name("Fox & Friends") == "fox and friends"
    assert clean_name("Cable News Network, Inc.") == "Cable News Network"
    assert clean_name("@nytimes") == "nytimes"
    assert "thegrayzone.com" in guess_domains("The Grayzone")
    assert "grayzone.com" in guess_domains("The Grayzone")
    assert guess_domains("US") == []  # too short to guess from
    assert resolve_name("Some Local Gazette").domain is None


def test_outlet_mentions_long_input_searches_both_ends() -> None:
    text = "word " * 100_000 + "\n© 2016 The Duran\n"
    found = outlet_in_text(text)
    assert found is not None and found.domain == "theduran.com"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_outlet_mentions_offsets_point_at_the_name(text: str) -> None:
    for mention in find_mentions(text):
        if mention.cue != "title":
            assert text[mention.start : mention.end] == mention.name


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["©", "2016", "The", "Duran", "(", ")", "-", "\n", " ", "Support", "on", "Patreon", "of", "."]),
        max_size=40,
    )
)
def test_outlet_mentions_never_raise_on_cue_soup(parts: list[str]) -> None:
    text = " ".join(parts)
    found = outlet_in_text(text)
    assert found is None or found.score >= 2
