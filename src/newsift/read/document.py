"""Item (what the user gave) -> Document (clean text and what is known about it)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NewsiftError
from .decode import decode, gunzip_if_needed

#: Largest input read (bytes, after gunzip). 20 MB is far beyond any article
#: (the longest page of the extraction benchmark is ~1 MB) and keeps a worker
#: well under its memory budget.
MAX_BYTES = int(os.environ.get("NEWSIFT_MAX_BYTES", 20_000_000))
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")


@dataclass
class Item:
    """One input to analyse. Exactly one of ``text``, ``path``, ``url``, ``stdin``.

    ``published`` (YYYY-MM-DD) anchors relative dates when the input's
    metadata has no date (it wins over a date read from a plain-text
    dateline); ``url`` given with ``text``/``path`` names where a saved page came
    from. ``input_format`` forces ``text`` or ``html``. Items read from a
    corpus file carry its ``kind`` (``warc``, ``record``), the metadata the
    corpus gave (``meta``), or the ``problem`` that made the entry unreadable
    (error code, kind, fields), reported when the item is analysed.
    """

    text: str | None = None
    path: Path | str | None = None
    url: str | None = None
    stdin: bool = False
    name: str | None = None
    published: str | None = None
    raw: bool = False
    input_format: str | None = None
    allow_private: bool = False
    kind: str | None = None
    meta: dict = field(default_factory=dict)
    problem: tuple[str, str, dict] | None = None

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.path is not None:
            return str(self.path)
        if self.url and self.text is None:
            return self.url
        return "<stdin>" if self.stdin else "<text>"


@dataclass
class Document:
    """The clean text of one article and what reading learned about it."""

    text: str
    kind: str = "text"  # text | html | warc | record
    path: str | None = None
    url: str | None = None
    removed: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    #: The decoded input before cleaning; ``removed`` spans index into it.
    raw_text: str = ""


def check_date(value: str | None) -> str | None:
    """Validate a YYYY-MM-DD string (E008 otherwise)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise NewsiftError("E008", "usage", value=value) from exc


def looks_like_html(text: str) -> bool:
    """True when the text starts like an HTML page (a doctype or a root tag)."""
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and ("<body" in head or "<head" in head or "<div" in head or "<p>" in head)
    )


def _read_bytes(item: Item) -> tuple[bytes, str | None, bool]:
    """The input's bytes and, for a download, its final URL and whether it is HTML."""
    name = item.label
    if item.path is not None:
        path = Path(item.path)
        try:
            size = path.stat().st_size
            if size > MAX_BYTES * 2:  # gzip aside, refuse before reading it all
                raise NewsiftError("E004", "too_large", name=name, size=size, limit=MAX_BYTES)
            data = path.read_bytes()
        except IsADirectoryError as exc:
            raise NewsiftError("E001", "unreadable", name=name, reason="it is a directory") from exc
        except OSError as exc:
            raise NewsiftError("E001", "unreadable", name=name, reason=exc.strerror or str(exc)) from exc
        return data, None, False
    if item.stdin:
        return sys.stdin.buffer.read(), None, False
    if item.url is not None:
        from .url import fetch_bytes

        fetched = fetch_bytes(item.url, allow_private=item.allow_private)
        return fetched.data, fetched.url, "html" in fetched.content_type.lower()
    raise NewsiftError("E001", "unreadable", name=name, reason="no text, path or URL was given")


def load(item: Item) -> Document:
    """Read, decode and (unless ``item.raw``) clean one input."""
    name = item.label
    if item.problem is not None:
        code, kind, fields = item.problem
        raise NewsiftError(code, kind, **fields)
    published = check_date(item.published)
    warnings: list[dict] = []
    fetched_url = None
    served_html = False
    guessed: dict[str, str | None] = {}
    if item.text is not None:
        text = item.text
    else:
        data, fetched_url, served_html = _read_bytes(item)
        data = gunzip_if_needed(data, name)
        if len(data) > MAX_BYTES:
            raise NewsiftError("E004", "too_large", name=name, size=len(data), limit=MAX_BYTES)
        decoded = decode(data, name)
        text = decoded.text
        if decoded.replaced:
            warnings.append(_warning("E009", "decoding", name=name, count=decoded.replaced))
    url = item.url or fetched_url
    is_html = _is_html(item, text, served_html)
    if item.raw:
        doc = Document(text=text, kind="html" if is_html else "text")
    elif is_html:
        from .html import extract_html

        doc = extract_html(text, url=url)
    else:
        from .scrape import clean_scrape

        cleaned = clean_scrape(text)
        doc = Document(text=cleaned.text, removed=cleaned.removed)
        if cleaned.title:
            doc.meta["title"] = cleaned.title
        # read from the page's own lines: what the corpus or the user gave wins over them
        guessed = {"author": cleaned.author, "published": cleaned.published}
    doc.raw_text = text
    doc.kind = item.kind or doc.kind
    for key, value in item.meta.items():
        if value and not doc.meta.get(key):
            doc.meta[key] = value
    doc.path = str(item.path) if item.path is not None else None
    doc.url = url or doc.url
    doc.warnings = warnings + doc.warnings
    if published and not doc.meta.get("published"):
        doc.meta["published"] = published
    for key, value in guessed.items():
        if value and not doc.meta.get(key):
            doc.meta[key] = value
    if not doc.text.strip():
        raise NewsiftError("E003", "empty", name=name)
    return doc


def _is_html(item: Item, text: str, served_html: bool = False) -> bool:
    """--input-format wins; then the server's content type, the file name, the text itself."""
    if item.input_format in ("html", "text"):
        return item.input_format == "html"
    if served_html:
        return True
    if item.path is not None:
        return str(item.path).lower().endswith(HTML_SUFFIXES)
    return looks_like_html(text)


def _warning(code: str, kind: str, **fields: object) -> dict:
    return {"kind": kind, "message": NewsiftError(code, kind, **fields).message}
