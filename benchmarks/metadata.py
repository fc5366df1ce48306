"""Author and date read from plain-text dumps, against what trafilatura reads from the same pages' HTML.

    python benchmarks/metadata.py --data ../shared/data/article-extraction [--part heldout]

The extraction benchmark has no gold author or date, so the HTML metadata
(trafilatura: meta tags, JSON-LD) stands in as a silver reference: for each
page, does the text dump yield a date / author, and does it agree with the
HTML's (same day; one name contained in the other)? Nothing here was tuned on
these pages: the header-zone sizes and patterns of ``newsift.read.byline``
were set from general news layouts.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from datetime import date
from pathlib import Path

from newsift.eval.split import part_of
from newsift.read.html import extract_html
from newsift.read.scrape import clean_scrape


def _html(folder: Path, stem: str) -> str | None:
    for path in (folder / f"{stem}.html", folder / f"{stem}.html.gz"):
        if path.is_file():
            data = path.read_bytes()
            return (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace")
    return None


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return 10**6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--part", choices=("all", "tune", "heldout"), default="all")
    a = ap.parse_args(argv)
    counts = dict.fromkeys(("pages", "html_date", "text_date", "date_agree", "date_within_day", "html_author",
                            "text_author", "author_agree"), 0)
    for path in sorted((a.data / "text").glob("*.txt")):
        if a.part != "all" and part_of(path.stem) != a.part:
            continue
        html = _html(a.data / "html", path.stem)
        if html is None:
            continue
        meta = extract_html(html).meta
        cleaned = clean_scrape(path.read_text(encoding="utf-8", errors="replace"))
        counts["pages"] += 1
        ref_date = (meta.get("published") or "")[:10] or None
        ref_author = (meta.get("author") or "").lower() or None
        counts["html_date"] += ref_date is not None
        counts["text_date"] += cleaned.published is not None
        counts["date_agree"] += bool(ref_date and cleaned.published == ref_date)
        counts["date_within_day"] += bool(ref_date and cleaned.published and _days_apart(ref_date, cleaned.published) <= 1)
        counts["html_author"] += ref_author is not None
        counts["text_author"] += cleaned.author is not None
        mine = (cleaned.author or "").lower()
        counts["author_agree"] += bool(ref_author and mine and (mine in ref_author or ref_author in mine))
    both = max(1, counts["text_date"])
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    print(f"date: found on {counts['text_date']}/{counts['pages']} pages, agrees with the HTML on "
          f"{counts['date_agree'] / both:.2f} of them "
          f"({counts['date_within_day'] / both:.2f} within a day: time zones); "
          f"author: found on {counts['text_author']}, agrees on "
          f"{counts['author_agree'] / max(1, counts['text_author']):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
