"""Author and publication date of a plain-text scrape, from the lines around the article's start.

HTML pages carry both in their metadata; a text dump carries them only as
lines near the headline ("By Marta Kovacs", "Published 12 March 2024",
"March 12, 2024 9:41 AM ET"), which the cleaner drops as boilerplate. The
date matters most: it anchors the article's relative dates ("on Sunday").
Only lines in the page's header zone count (the headline, the lines just
before the first body line and the first body lines), so the dates of
related stories further down are never taken. A date is taken only when the
line is short or says it is the publication date; no date is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: how many lines before the first body line, and into the body, form the header zone
LINES_BEFORE = 15
LINES_INTO_BODY = 2
#: a line longer than this (words) is prose, not a dateline, unless it says "published"/"updated"
DATELINE_MAX_WORDS = 14

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_RES = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<mnum>\d\d?)[-/.](?P<day>\d\d?)(?!\d)"),  # "2024-02-29T10:00" too
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d\d?)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
)
_PUBLISHED_RE = re.compile(r"\b(published|posted|updated|last modified|date)\b", re.IGNORECASE)
_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|de|da|van|von|der|al|bin|la|le))*"
_BYLINE_RE = re.compile(r"^\s*(?:by|written by)\s*:?\s+(?P<names>" + _NAME + r"(?:\s*(?:,|and|&)\s*" + _NAME + r")*)",
                        re.IGNORECASE)
#: what may follow the names on a byline line: a role or outlet after a separator, a date
_BYLINE_TAIL_RE = re.compile(r"^\s*(?:$|[,|\u2022\u00b7\u2014\u2013-]|\d|on\b|updated\b|published\b)", re.IGNORECASE)
#: words that end a byline's names ("By Marta Kovacs, Reuters" -> "Marta Kovacs")
_NOT_NAMES = frozenset({"reuters", "associated", "press", "staff", "correspondent", "reporter", "editor", "writer",
                        "updated", "published", "posted", "in", "for", "the", *MONTHS,
                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


@dataclass
class Byline:
    """What the header zone said; None where it said nothing."""

    author: str | None = None
    published: str | None = None  # YYYY-MM-DD


def find_byline(lines: list[str], first_body: int, title: int | None = None) -> Byline:
    """Author and date from ``lines`` (a page's lines in order) around the article's first body
    line ``first_body`` (and the headline ``title``, when known)."""
    start = max(0, min(first_body, title if title is not None else first_body) - LINES_BEFORE)
    zone = range(start, min(len(lines), first_body + LINES_INTO_BODY))
    found = Byline()
    for i in zone:
        line = lines[i]
        if found.author is None:
            found.author = author_of(line)
        if found.published is None:
            found.published = dateline_date(line)
    return found


def author_of(line: str) -> str | None:
    """The names of a byline ("By Marta Kovacs and Ivo Horvat, Reuters" -> "Marta Kovacs and Ivo Horvat")."""
    m = _BYLINE_RE.match(line)
    if m is None or not _BYLINE_TAIL_RE.match(line[m.end():]):
        return None
    words = m.group("names").split()
    kept: list[str] = []
    for w in words:
        if w.lower().strip(",.") in _NOT_NAMES:
            break
        kept.append(w)
        if w.endswith(",") and len(kept) >= 2 and not _more_names(words[len(kept):]):
            break
    names = " ".join(kept).strip(" ,&")
    names = re.sub(r"\s*,\s*(and|&)\s+", " and ", names)
    if names.endswith(" and"):
        names = names[:-4]
    return names if len(names.split()) >= 2 or (names and names[0].isupper() and len(names) > 3) else None


def _more_names(rest: list[str]) -> bool:
    """Whether another person's name follows a comma ("By A B, C D and E F"), not a role or outlet."""
    return len(rest) >= 2 and all(w[:1].isupper() and w.lower().strip(",.") not in _NOT_NAMES for w in rest[:2])


def dateline_date(line: str) -> str | None:
    """The date of a dateline ("Published 12 March 2024", "March 12, 2024 9:41 AM"), as YYYY-MM-DD."""
    if len(line.split()) > DATELINE_MAX_WORDS and not _PUBLISHED_RE.search(line[:40]):
        return None
    for pattern in _DATE_RES:
        m = pattern.search(line)
        if m is None:
            continue
        month = int(m.group("mnum")) if "mnum" in m.groupdict() and m.group("mnum") else MONTHS[m.group("month").lower()]
        try:
            return date(int(m.group("year")), month, int(m.group("day"))).isoformat()
        except ValueError:
            continue
    return None
