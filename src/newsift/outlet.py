"""Which outlet published an article, its domain, and that domain's rating.

Evidence, strongest first:

1. the article's URL (``--url``, the fetched address, or the page's canonical
   link): its registrable domain is the domain;
2. the page's own site name (HTML metadata, ``doc.meta["outlet"]``);
3. for plain text, the name the text gives itself in lines a scrape keeps:
   a copyright line, a Patreon plea, a disclaimer, a wire dateline
   (:mod:`newsift.source.mentions`), including lines the cleaner removed.

A name becomes a domain through the outlets table or the ratings table's
domains (:mod:`newsift.source.outlets`); a domain gets the Lin et al. (2023)
rating of its most specific rated key, or the user's rating
(:mod:`newsift.source.ratings`). An unknown outlet is unrated (None), never
given a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .read import Document
from .source.domains import is_host, lookup_keys, registrable_domain
from .source.mentions import Mention, outlet_in_text
from .source.outlets import clean_name, normalize_name, outlet_name, resolve_name
from .source.ratings import Rating, rating_for

__all__ = ["OutletInfo", "identify_outlet", "rate_domain", "registrable_domain"]


@dataclass
class OutletInfo:
    """What is known of the publisher; ``source_fields()`` is the record's ``source``.

    ``found_by`` says where the outlet came from ("url", "html", "text", or
    None); ``rated_as`` is the ratings row used (``yahoo.com/news``), and
    ``mentions`` the lines of the text that named the outlet.
    """

    outlet: str | None = None
    domain: str | None = None
    rating: float | None = None
    rating_source: str | None = None
    rated_as: str | None = None
    found_by: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    def source_fields(self) -> dict:
        return {
            "domain": self.domain,
            "outlet": self.outlet,
            "rating": self.rating,
            "rating_source": self.rating_source,
        }

    def rate(self, address: str | None) -> None:
        """Fill the rating from an address (URL, host or ``host/path``); unrated stays None."""
        found: Rating | None = rating_for(address)
        if found is not None:
            self.rating, self.rating_source, self.rated_as = found.value, found.source, found.key


def rate_domain(address: str) -> OutletInfo:
    """The rating of a URL or domain alone (for a CLI or web lookup of a single site)."""
    info = OutletInfo(domain=registrable_domain(address), found_by="url")
    info.outlet = _table_name(address)
    info.rate(address)
    return info


def identify_outlet(doc: Document) -> OutletInfo:
    """The outlet, domain and rating of one document (see the module docstring for the order)."""
    info = _from_url(doc) if doc.url and registrable_domain(doc.url) else _without_url(doc)
    info.rate(doc.url if info.found_by == "url" else info.domain)
    return info


def _from_url(doc: Document) -> OutletInfo:
    url = doc.url or ""
    info = OutletInfo(domain=registrable_domain(url), found_by="url")
    sitename = _sitename(doc)
    if sitename and not is_host(sitename) and not sitename.startswith("@"):
        info.outlet = sitename
        return info
    info.outlet = _table_name(url)
    if info.outlet is None:
        found = _text_outlet(doc)
        hosts = {k for k in lookup_keys(url) if "/" not in k} | {info.domain}
        if found is not None and found.domain is not None and found.domain in hosts:
            info.outlet, info.mentions = found.name, found.mentions
    if info.outlet is None and sitename:
        info.outlet = sitename
    return info


def _without_url(doc: Document) -> OutletInfo:
    sitename = _sitename(doc)
    if sitename:
        resolved = resolve_name(sitename)
        shown = resolved.name if (is_host(sitename) or sitename.startswith("@")) else sitename
        info = OutletInfo(outlet=shown, domain=resolved.domain, found_by="html")
        if info.domain is None:
            found = _text_outlet(doc)
            if found is not None and normalize_name(found.name) == normalize_name(resolved.name):
                info.domain, info.mentions = found.domain, found.mentions
        return info
    found = _text_outlet(doc)
    if found is None:
        return OutletInfo()
    return OutletInfo(outlet=found.name, domain=found.domain, found_by="text", mentions=found.mentions)


def _sitename(doc: Document) -> str | None:
    value = doc.meta.get("outlet")
    return clean_name(value) or None if isinstance(value, str) else None


def _table_name(address: str) -> str | None:
    """The outlets table's name for the most specific host of an address that it lists."""
    for key in lookup_keys(address):
        if "/" not in key and (name := outlet_name(key)):
            return name
    return outlet_name(registrable_domain(address))


def _text_outlet(doc: Document):
    """Search the input as given when the reader kept it (removed lines included), else the clean text."""
    text = doc.raw_text if doc.raw_text and doc.kind == "text" else doc.text
    return outlet_in_text(text, doc.meta.get("title"))
