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
    """An Item for a URL, downloaded safely when analysed (``analyze(fetch(url))``)."""
    return Item(url=url, allow_private=allow_private)
