"""The seed article (../shared/seed): an unseen check of the scrape cleaner, never trained on."""

from __future__ import annotations

from pathlib import Path

from newsift.read.scrape import clean_scrape

#: What EXPECTED.md's "Clean text" section says must go (first words of each line).
DROPPED = (
    "in ,",
    "0 0 vote",
    "Article Rating",
    "Help us grow. Support The Duran on Patreon!",
    "The statements, views and opinions expressed in this column",
    "What do you think?",
    "Notify of",
    "Inline Feedbacks",
    "View all comments",
    "Why Europe is obsessed",
    "ALEPPO: Russia rejects talks",
)
TITLE = "Russia vows to prevent the return of ISIS to Palmyra"


def test_scrape_seed_clean_text(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    out = clean_scrape(text)
    kept = out.text.split("\n\n")
    assert out.title == TITLE
    assert len(kept) == 9
    assert kept[0].startswith("According the the Syrian Arab News Agency (SANA),")
    assert kept[-1].endswith("in and around Palmyra.")
    assert "The bulk of of the ISIS fighters" in out.text  # typos kept as written
    dropped = [text[r["start"] : r["end"]] for r in out.removed]
    for start in DROPPED:
        assert any(d.startswith(start) for d in dropped), start
    for line in kept:
        assert line in text


def test_scrape_seed_through_the_reader(seed_path: Path) -> None:
    from newsift.read import Item, load

    doc = load(Item(path=seed_path))
    assert doc.meta["title"] == TITLE
    assert doc.text.startswith("According the the Syrian Arab News Agency")
    assert {r["reason"] for r in doc.removed} >= {"title", "comments"}
