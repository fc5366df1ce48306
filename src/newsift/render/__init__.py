"""Renderers: one record (or many) to text, Markdown or a self-contained HTML report.

Every renderer escapes the article's text: it is untrusted.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..record import Record

FORMATS = ("json", "jsonl", "text", "md", "html")


def render_many(records: Iterable[Record], fmt: str) -> str:
    """Records in ``fmt`` as one string (json/jsonl: one record per line)."""
    records = list(records)
    if fmt in ("json", "jsonl"):
        return "".join(r.model_dump_json() + "\n" for r in records)
    if fmt == "md":
        from .markdown import render_markdown

        return "\n\n---\n\n".join(render_markdown(r) for r in records) + "\n"
    if fmt == "html":
        from .html import render_html

        return render_html(records)
    if fmt == "text":
        from .text import render_text

        return "\n".join(render_text(r) for r in records)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
