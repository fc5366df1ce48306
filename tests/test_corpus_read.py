"""Corpus files expand into one record per article, bad entries accounted for."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import newsift
from newsift.read import Item
from newsift.read.corpus import expand

ARTICLE = "The river rose overnight in Tulcea, the county prefect said on Sunday, and 40 families were moved."
PAGE = "<html><body><article><p>" + ARTICLE + "</p><p>Schools stayed closed, officials said.</p></article></body></html>"


def test_corpus_jsonl_entries_in_order_with_bad_lines(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ARTICLE, "url": "https://www.example.org/a", "date": "2021-07-18T10:00:00Z", "title": "Flood"}),
        "{not json",
        json.dumps({"id": "a3", "summary": "no text field"}),
        json.dumps({"id": "a4", "html": PAGE}),
    ]
    path.write_text("\n".join(lines) + "\n")
    records = list(newsift.analyze_many([path]))
    assert len(records) == 4
    assert [r.error is None for r in records] == [True, False, False, True]
    first = records[0]
    assert first.input.kind == "record" and first.meta.published == "2021-07-18"
    assert first.meta.title == "Flood" and first.meta.domain == "example.org"
    assert "c.jsonl:2" in records[1].error.message
    assert records[3].text.startswith("The river rose")


def test_corpus_csv_rows(tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text('id,title,text\n1,"One","' + ARTICLE + '"\n2,"Two","Second: rain fell in Iasi on Monday, the agency said."\n')
    items = list(expand(Item(path=path)))
    assert [i.name for i in items] == [f"{path}:1", f"{path}:2"]
    assert items[1].meta["title"] == "Two"


def _warc(path: Path, responses: list[tuple[str, str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, ctype, body in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def test_corpus_warc_html_responses_only(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    _warc(
        path,
        [
            ("https://news.example.com/a", "text/html; charset=utf-8", PAGE.encode()),
            ("https://news.example.com/logo.png", "image/png", b"\x89PNG"),
        ],
    )
    records = list(newsift.analyze_many([path]))
    assert len(records) == 1
    assert records[0].input.kind == "warc" and records[0].input.url == "https://news.example.com/a"
    assert "Tulcea" in records[0].text


def test_corpus_warc_without_articles_is_an_error(tmp_path: Path):
    path = tmp_path / "empty.warc.gz"
    _warc(path, [("https://x.example.com/robots.txt", "text/plain", b"User-agent: *")])
    records = list(newsift.analyze_many([path]))
    assert len(records) == 1 and records[0].error.kind == "empty"


def test_corpus_gzipped_jsonl(tmp_path: Path):
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps({"text": ARTICLE}) + "\n").encode()))
    assert [i.text for i in expand(Item(path=path))] == [ARTICLE]
