"""Untrusted article text is escaped in every view."""

from __future__ import annotations

from newsift.record import Attribution, Record
from newsift.render import render_many

HOSTILE = 'Mayor <script>alert("x")</script> said <img src=x onerror=alert(1)> & [link](javascript:x) **bold**'


def _record() -> Record:
    attribution = Attribution.model_validate(
        {
            "kind": "direct",
            "source": {"start": 0, "end": 5, "text": "Mayor", "type": "official"},
            "cue": {"start": 37, "end": 41, "text": "said"},
            "content": {"start": 6, "end": 36},
        }
    )
    return Record(text=HOSTILE, meta={"title": "<b>Title</b>"}, attributions=[attribution])


def test_render_html_escapes_text_and_title():
    page = render_many([_record()], "html")
    assert "<script>" not in page and "<img" not in page and "<b>Title" not in page
    assert "&lt;script&gt;" in page


def test_render_markdown_escapes_markup():
    md = render_many([_record()], "md")
    assert "<script>" not in md and "](javascript" not in md


def test_render_text_shows_attribution_line():
    text = render_many([_record()], "text")
    assert "Mayor (official) -- said --" in text


def test_render_error_record():
    record = Record(error={"kind": "empty", "message": "Input 'x' is empty <b>"})
    assert "&lt;b&gt;" in render_many([record], "html")
