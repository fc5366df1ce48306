"""Which outlet published an article, and its domain (BASIC: URL and HTML metadata only).

Owned by the source task, which adds outlet names found in the text and ratings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .read import Document


@dataclass
class OutletInfo:
    outlet: str | None = None
    domain: str | None = None

    def source_fields(self) -> dict:
        return {"domain": self.domain, "outlet": self.outlet, "rating": None, "rating_source": None}


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() uses the bundled public suffix list: never downloads.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(url: str) -> str | None:
    parts = _extractor()(url)
    return parts.top_domain_under_public_suffix or None


def identify_outlet(doc: Document) -> OutletInfo:
    domain = registrable_domain(doc.url) if doc.url else None
    return OutletInfo(outlet=doc.meta.get("outlet"), domain=domain)
