"""Outlet names <-> domains.

A name found in a page ("The Associated Press", "AP", "The Grayzone") becomes a
domain through, in order: the name itself when it is written as a domain
("theduran.com"); the shipped table of well-known outlets
(``data/outlets/outlets.tsv``); domains formed from the name, accepted only
when the ratings table knows them ("The Grayzone" -> ``thegrayzone.com``). The
last step can only find rated outlets, and that is the point: it never
invents a domain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .domains import is_host, registrable_domain
from .ratings import rated_hosts

TABLE_PATH = Path(__file__).resolve().parents[1] / "data" / "outlets" / "outlets.tsv"

#: Public suffixes tried when forming a domain from a name, most usual first.
#: Only forms the ratings table knows are accepted, so the list may be generous.
CANDIDATE_SUFFIXES = ("com", "org", "net", "news", "co.uk", "info", "us", "ca", "com.au", "co", "tv", "media", "eu")
#: Shortest name (letters and digits, "the" dropped) to form domains from: two
#: letters ("US", "UN") match rated domains by accident far too often.
MIN_GUESS_CHARS = 3
#: Legal-form words trimmed from names in copyright lines ("Cable News Network, Inc.").
LEGAL_SUFFIX = re.compile(
    r"(?:[,\s]+(?:inc|llc|l\.l\.c|ltd|limited|corp|corporation|plc|gmbh|llp|pty|s\.a|ag|co)\.?)+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ResolvedName:
    """A name's domain (None when unknown) and the name to show (the table's when it has one)."""

    name: str
    domain: str | None
    how: str | None  # "domain" | "table" | "ratings" | None


def normalize_name(name: str) -> str:
    """Case-, accent- and punctuation-free form used to compare names ("The A.P." ~ "ap")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    words = re.findall(r"[a-z0-9]+", text.replace(".", "").replace("'", ""))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def clean_name(name: str) -> str:
    """Trim legal forms, stray punctuation and a leading ``@`` from a name as written."""
    name = " ".join(name.split()).strip(" \t-–—|:;,'\"“”‘’")
    name = name.lstrip("@")
    name = LEGAL_SUFFIX.sub("", name).rstrip(" ,")
    if not is_host(name):
        name = name.rstrip(".")
    return name


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(normalised name -> domain, domain -> display name), read once."""
    by_name: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    with TABLE_PATH.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if cells[0] == "domain":
                continue
            domain, name = cells[0].strip().lower(), cells[1].strip()
            aliases = [a.strip() for a in cells[2].split("|")] if len(cells) > 2 else []
            by_domain.setdefault(domain, name)
            for label in (name, *aliases):
                if label:
                    by_name.setdefault(normalize_name(label), domain)
    return by_name, by_domain


def outlet_domain(name: str) -> str | None:
    """The table's domain for a well-known outlet's name or alias."""
    return _table()[0].get(normalize_name(name))


def outlet_name(domain: str | None) -> str | None:
    """The table's display name for a domain (or host: ``abcnews.go.com``)."""
    if not domain:
        return None
    return _table()[1].get(domain.lower())


def guess_domains(name: str) -> list[str]:
    """Domains a name could be written as (``The Gray Zone`` -> thegrayzone.com, grayzone.com, ...)."""
    words = normalize_name(name).split()
    original = re.findall(r"[a-z0-9]+", name.casefold())
    stems: list[list[str]] = []
    if original and original[0] == "the":
        stems.append(original)
    stems.append(words)
    bases: list[str] = []
    for stem in stems:
        for joiner in ("", "-"):
            base = joiner.join(stem)
            if base not in bases and len(base.replace("-", "")) >= MIN_GUESS_CHARS:
                bases.append(base)
    return [f"{base}.{suffix}" for base in bases for suffix in CANDIDATE_SUFFIXES]


def resolve_name(name: str) -> ResolvedName:
    """A name as written -> the outlet's domain and display name, or domain None when unknown."""
    cleaned = clean_name(name)
    if is_host(cleaned):
        host = cleaned.lower()
        domain = host if outlet_name(host) else registrable_domain(host)
        return ResolvedName(outlet_name(domain) or cleaned, domain, "domain")
    domain = outlet_domain(cleaned)
    if domain:
        return ResolvedName(outlet_name(domain) or cleaned, domain, "table")
    known = rated_hosts()
    for candidate in guess_domains(cleaned):
        if candidate in known:
            return ResolvedName(cleaned, candidate, "ratings")
    return ResolvedName(cleaned, None, None)
