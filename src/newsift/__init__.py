"""newsift: read news the way a careful fact-checker does.

    import newsift
    rec = newsift.analyze("...article text or HTML...", published="2016-12-12")
    for rec in newsift.analyze_many(paths, n_process=2): ...
"""

from __future__ import annotations

import logging

from .pipeline import analyze, analyze_many
from .read import Item
from .record import Record

__all__ = ["Item", "Record", "analyze", "analyze_many", "fetch"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def fetch(url: str, allow_private: bool = False) -> Item:
    """Download ``url`` safely (see :mod:`newsift.read.url`); ``analyze(fetch(url))`` analyses it.

    Raises :class:`newsift.errors.NewsiftError` when the address is refused or
    the download fails.
    """
    from .read.decode import decode, gunzip_if_needed
    from .read.url import fetch_bytes

    fetched = fetch_bytes(url, allow_private=allow_private)
    text = decode(gunzip_if_needed(fetched.data, url), url).text
    return Item(text=text, url=fetched.url, name=url, input_format="html" if "html" in fetched.content_type.lower() else None)
