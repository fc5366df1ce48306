"""HTML pages: main text and metadata with trafilatura, comments left out."""

from __future__ import annotations

import trafilatura

from .document import Document


def extract_html(html: str, url: str | None = None) -> Document:
    """The article body and metadata of an HTML page.

    Paragraphs are kept one per line so the parse treats them as sentence
    boundaries. When trafilatura finds no main text (a bare fragment, a
    page of links) the page's whole visible text is used instead, so nothing
    silently vanishes.
    """
    result = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        favor_precision=False,
        deduplicate=False,
    )
    meta: dict = {}
    text = ""
    if result is not None:
        text = (result.text or "").strip()
        meta = {
            "title": result.title or None,
            "author": result.author or None,
            "published": (result.date or None),
            "outlet": result.sitename or None,
            "url": result.url or None,
        }
        if result.language:
            meta["language"] = result.language
    if not text:
        text = (trafilatura.html2txt(html) or "").strip()
    meta = {k: v for k, v in meta.items() if v}
    doc = Document(text=text, kind="html", meta=meta)
    if meta.get("url"):
        doc.url = meta.pop("url")
    return doc
