"""Property tests of the scrape cleaner: any text, never an exception, spans that hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsift.read.scrape import clean_scrape, split_units

LINES = st.sampled_from(
    [
        "Home", "Share", "Subscribe to our newsletter", "0 Comments", "Advertisement", "\u00a9 2020 All rights reserved",
        "The minister said on Monday that the talks would resume next week in Geneva, officials confirmed.",
        "Prices rose by 3% in May, the statistics office said, the fastest pace since the start of the year.",
        "A headline without a full stop", "By A. Reporter", "", "   ", "\t", "\u2028", "\r",
    ]
)
PAGES = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(LINES, st.text(max_size=60)), max_size=40).map("\n".join),
    st.lists(LINES, max_size=30).flatmap(
        lambda ls: st.sampled_from(["\n", "\r\n", "\n\n", "\r"]).map(lambda sep: sep.join(ls))
    ),
)


def _check(text: str) -> None:
    out = clean_scrape(text)
    assert isinstance(out.text, str)
    last = 0
    for r in out.removed:
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert r["start"] >= last  # sorted, non-overlapping
        last = r["end"]
        assert isinstance(r["reason"], str) and r["reason"]
    units = {u.text for u in split_units(text)}
    kept = [k for k in out.text.split("\n\n") if k] if out.text else []
    for k in kept:
        assert k in units  # every kept unit is an input unit, verbatim
        assert k in text
    if out.title is not None:
        assert out.title in units


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_scrape_clean_any_text_never_raises_and_spans_hold(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=30), st.data())
def test_scrape_clean_mutated_pages(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines)
    # mutate: delete, duplicate or insert random characters
    for _ in range(data.draw(st.integers(0, 5))):
        if not text:
            break
        i = data.draw(st.integers(0, len(text) - 1))
        op = data.draw(st.sampled_from(["del", "dup", "ins"]))
        if op == "del":
            text = text[:i] + text[i + 1 :]
        elif op == "dup":
            text = text[:i] + text[i] + text[i:]
        else:
            text = text[:i] + data.draw(st.characters()) + text[i:]
    _check(text)


def test_scrape_clean_kept_and_removed_cover_every_unit() -> None:
    text = "Home\nNews\n\n" + "\n".join(
        ["The committee said the report, published on Monday, found no evidence of wrongdoing by staff."] * 3
    ) + "\nShare this\n"
    out = clean_scrape(text)
    units = split_units(text)
    removed = {(r["start"], r["end"]) for r in out.removed}
    kept = sum(1 for u in units if (u.start, u.end) not in removed)
    assert kept == len([k for k in out.text.split("\n\n") if k])
