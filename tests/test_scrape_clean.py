"""The plain-text scrape cleaner on a made-up page (no ../shared needed)."""

from __future__ import annotations

import time

import numpy as np

from newsift.read.scrape import (
    FEATURE_NAMES,
    Cleaned,
    ScrapeModel,
    clean_scrape,
    decide,
    layer_logits,
    load_model,
    split_units,
    unit_features,
)

PARAGRAPHS = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next spring, "
    "after engineers warned that its steel supports had corroded faster than expected.",
    "The decision followed a two-hour debate in which several members said the closure would cut "
    "the eastern districts off from the centre, where most of their residents work.",
    "\u201cWe cannot keep a bridge open that our own inspectors say may not last the winter,\u201d the "
    "mayor told reporters after the vote. She said buses and bicycles would still be allowed to cross.",
    "A temporary ferry service will run every fifteen minutes during the morning and evening peaks, "
    "and the council has asked the regional government to pay for a replacement bridge.",
    "Local shop owners said they were worried about losing customers. One baker near the bridge said "
    "that almost half of his trade came from drivers who stopped on their way to work.",
    "Repairs to the supports are expected to take at least two years, according to the engineers\u2019 report, "
    "which was published on the council\u2019s website last month.",
]
TITLE = "Council votes to close harbour bridge to cars"
HEADER = [
    "Skip to content", "Home", "News", "Sport", "Business", "Opinion", "Weather", "Subscribe", "Sign in",
    TITLE, "By Jane Doe", "Updated 10:42 am, March 3, 2021",
]
FOOTER = [
    "Share this article", "Facebook", "Twitter", "Email", "0 Comments", "Leave a Reply",
    "Related articles", "Mayor announces new budget for road repairs",
    "Ferry operators prepare for busier timetable", "Subscribe to our newsletter",
    "\u00a9 2021 Example News. All rights reserved.", "Privacy Policy", "Cookie settings",
]
PAGE = "\n".join(HEADER + PARAGRAPHS + FOOTER) + "\n"


def test_scrape_clean_keeps_the_article_and_drops_the_page_around_it() -> None:
    out = clean_scrape(PAGE)
    assert isinstance(out, Cleaned)
    kept = out.text.split("\n\n")
    assert kept == PARAGRAPHS
    assert out.title == TITLE


def test_scrape_clean_reports_every_dropped_line_with_input_offsets() -> None:
    out = clean_scrape(PAGE)
    dropped = [PAGE[r["start"] : r["end"]] for r in out.removed]
    assert dropped == HEADER + FOOTER
    reasons = {PAGE[r["start"] : r["end"]]: r["reason"] for r in out.removed}
    assert reasons[TITLE] == "title"
    assert reasons["Leave a Reply"] == "comments"
    assert reasons["By Jane Doe"] == "byline"


def test_scrape_clean_keep_title_leaves_the_headline_in_the_text() -> None:
    out = clean_scrape(PAGE, keep_title=True)
    assert out.text.split("\n\n")[0] == TITLE
    assert out.title == TITLE


def test_scrape_clean_keeps_typos_and_spacing_inside_lines_verbatim() -> None:
    odd = PARAGRAPHS[0].replace("voted on", "voted  on the the")
    page = PAGE.replace(PARAGRAPHS[0], odd)
    assert odd in clean_scrape(page).text.split("\n\n")


def test_scrape_clean_empty_and_blank_inputs() -> None:
    assert clean_scrape("") == Cleaned(text="")
    assert clean_scrape(" \n\n\t\n").text == ""


def test_scrape_clean_crlf_and_blank_line_separated_paragraphs() -> None:
    page = "\r\n\r\n".join(HEADER + PARAGRAPHS + FOOTER)
    out = clean_scrape(page)
    assert out.text.split("\n\n") == PARAGRAPHS
    for r in out.removed:
        assert "\n" not in page[r["start"] : r["end"]] and "\r" not in page[r["start"] : r["end"]]


def test_scrape_split_units_joins_hard_wrapped_paragraphs() -> None:
    words = " ".join(PARAGRAPHS).split()
    lines, line = [], ""
    for w in words:
        if len(line) + len(w) + 1 > 72:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    text = "Header\n\n" + "\n".join(lines) + "\n\nFooter\n"
    units = split_units(text)
    assert [u.text for u in units][0] == "Header"
    assert units[1].text == "\n".join(lines)
    assert all(text[u.start : u.end] == u.text for u in units)


def test_scrape_clean_is_fast() -> None:
    page = PAGE * 10  # ~300 lines, a long news page
    clean_scrape(page)
    start = time.perf_counter()
    for _ in range(5):
        clean_scrape(page)
    per_page = (time.perf_counter() - start) / 5
    assert per_page < 0.05  # a few ms on a laptop; generous for loaded CI machines


def test_scrape_model_loads_and_is_small() -> None:
    model = load_model()
    assert 0 < model.params["threshold"] < 1
    assert "Zyte" in model.info["data"]


def test_scrape_layer_logits_linear_and_trees() -> None:
    x = np.array([[0.0, 1.0], [2.0, -1.0]])
    linear = {"kind": "linear", "mean": [0, 0], "scale": [1, 2], "coef": [1, 1], "intercept": 0.5}
    assert np.allclose(layer_logits(linear, x), [1.0, 2.0])
    # one tree: root splits on feature 0 at 1.0; left leaf 0.25, right leaf -0.75
    trees = {
        "kind": "trees", "baseline": 0.1, "depth": 1,
        "feature": [[0, -1, -1]], "threshold": [[1.0, 0, 0]], "left": [[1, 0, 0]], "right": [[2, 0, 0]],
        "value": [[0, 0.25, -0.75]],
    }
    assert np.allclose(layer_logits(trees, x), [0.35, -0.65])


def test_scrape_decide_takes_one_block_and_drops_sure_junk_inside() -> None:
    p = np.array([0.01, 0.9, 0.95, 0.02, 0.9, 0.01, 0.01, 0.9])
    words = np.array([2, 40, 40, 1, 40, 2, 2, 3])
    keep = decide(p, words, {"threshold": 0.5, "inside_min": 0.1, "outside_min": 1.01})
    assert keep.tolist() == [False, True, True, False, True, False, False, False]


def test_scrape_clean_accepts_a_model_argument() -> None:
    base = load_model()
    never = ScrapeModel(base.stage1, base.stage2, {**base.params, "threshold": 0.999999, "relative": 1.0})
    # nothing reaches the threshold: the cleaner keeps everything after the headline rather than lose the article
    out = clean_scrape(PAGE, model=never)
    after_title = HEADER[HEADER.index(TITLE) + 1 :] + PARAGRAPHS + FOOTER
    assert out.text.split("\n\n") == after_title
    assert out.title == TITLE


def test_scrape_numbered_list_features_span_items_and_the_lines_between() -> None:
    lines = [
        "Here are the gadgets we liked most this year:",
        "1) A folding bicycle",
        "http://example.com/a",
        "2) A solar phone charger",
        "http://example.com/b",
        "3. A pocket weather station",
        "Share this",
        "7) Not part of the list",
        "\u2022 A bullet point",
    ]
    units = split_units("\n".join(lines))
    feats = unit_features(units)
    marker = feats[:, FEATURE_NAMES.index("list_marker")].tolist()
    chain = feats[:, FEATURE_NAMES.index("enum_chain")]
    assert marker == [0, 1, 0, 1, 0, 1, 0, 1, 1]
    assert np.allclose(chain[1:6], np.log1p(3))  # three items 1-2-3, links between them included
    assert chain[0] == 0 and chain[6] == 0 and chain[7] == 0 and chain[8] == 0  # intro, after the list, out of sequence


def test_scrape_numbered_list_needs_consecutive_nearby_numbers() -> None:
    far = ["1. First item", *["filler line"] * 6, "2. Second item"]
    skipped = ["1. First item", "3. Third item"]
    for lines in (far, skipped):
        feats = unit_features(split_units("\n".join(lines)))
        assert not feats[:, FEATURE_NAMES.index("enum_chain")].any()
