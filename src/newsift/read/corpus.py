"""Corpus files: one input file, many articles (JSON Lines, CSV, WARC).

A corpus file expands into one Item per article, in file order. An entry that
cannot be read becomes an Item carrying its problem, so it gets an error
record in its place and every entry is accounted for.

- ``.jsonl`` / ``.jsonl.gz``: one JSON object per line.
- ``.csv``: a header row, then one article per row.
- ``.warc`` / ``.warc.gz``: every HTTP response record whose content type is
  HTML (requests, metadata, images and other resources are not articles).

Field names follow the common corpus exports (news-please, Common Crawl
news dumps, GDELT-style CSVs); the first one present is used.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from .decode import decode
from .document import Item, check_date

TEXT_FIELDS = ("text", "maintext", "content", "body", "article", "articleBody")
HTML_FIELDS = ("html", "raw_html", "content_html")
URL_FIELDS = ("url", "link", "source_url")
DATE_FIELDS = ("published", "date", "date_publish", "publish_date", "datePublished")
META_FIELDS = {"title": ("title", "headline"), "author": ("author", "authors", "byline"), "outlet": ("outlet", "source", "site_name")}
ID_FIELDS = ("id", "doc_id", "uuid")

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
CSV_SUFFIXES = (".csv",)
WARC_SUFFIXES = (".warc", ".warc.gz")
CORPUS_SUFFIXES = JSONL_SUFFIXES + CSV_SUFFIXES + WARC_SUFFIXES
#: CSV fields hold whole articles; the csv module's default limit (128 KB) is too small.
CSV_FIELD_LIMIT = 20_000_000


def is_corpus(path: Path | str) -> bool:
    return str(path).lower().endswith(CORPUS_SUFFIXES)


def expand(item: Item) -> Iterator[Item]:
    """The articles in ``item`` when it names a corpus file; else ``item`` itself."""
    if item.path is None or not is_corpus(item.path):
        yield item
        return
    path = Path(item.path)
    try:
        if str(path).lower().endswith(WARC_SUFFIXES):
            yield from _warc(path, item)
        elif str(path).lower().endswith(CSV_SUFFIXES):
            yield from _entries(path, item, _csv_rows(path))
        else:
            yield from _entries(path, item, _jsonl_rows(path))
    except OSError as exc:
        yield _failed(item, str(path), exc.strerror or str(exc), code="E001", kind="unreadable")


def _failed(item: Item, name: str, reason: str, code: str = "E014", kind: str = "bad_entry") -> Item:
    fields = {"name": name, "reason": reason}
    return Item(text="", name=name, path=item.path, kind="record", problem=(code, kind, fields))


def _first(row: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = row.get(name)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, ""):
            return str(value)
    return None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return check_date(value.strip()[:10])
    except Exception:  # noqa: BLE001 - an unparseable corpus date is simply not used
        return None


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict | str]]:
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, f"it is not valid JSON ({exc.msg})"
                continue
            yield n, row if isinstance(row, dict) else "it is not a JSON object"


def _csv_rows(path: Path) -> Iterator[tuple[int, dict | str]]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            yield reader.line_num, row


def _entries(path: Path, parent: Item, rows: Iterator[tuple[int, dict | str]]) -> Iterator[Item]:
    for n, row in rows:
        name = f"{path}:{n}"
        if isinstance(row, str):
            yield _failed(parent, name, row)
            continue
        text, html = _first(row, TEXT_FIELDS), _first(row, HTML_FIELDS)
        if text is None and html is None:
            yield _failed(parent, name, f"it has none of the fields {', '.join(TEXT_FIELDS + HTML_FIELDS)}")
            continue
        entry_id = _first(row, ID_FIELDS)
        yield Item(
            text=text if text is not None else html,
            name=f"{path}:{entry_id}" if entry_id else name,
            path=path,
            url=_first(row, URL_FIELDS) or parent.url,
            published=_date(_first(row, DATE_FIELDS)) or parent.published,
            raw=parent.raw,
            input_format="text" if text is not None else "html",
            kind="record",
            meta={key: _first(row, names) for key, names in META_FIELDS.items()},
        )


def _warc(path: Path, parent: Item) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    found = 0
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in content_type or not record.http_headers.get_statuscode().startswith("2"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            data = record.content_stream().read()
            found += 1
            name = f"{path}#{uri}"
            try:
                html = decode(data, name).text
            except Exception as exc:  # noqa: BLE001 - one bad record must not hide the others
                yield _failed(parent, name, str(exc))
                continue
            yield Item(
                text=html, name=name, path=path, url=uri, published=parent.published, raw=parent.raw,
                input_format="html", kind="warc",
            )
    if not found:
        yield _failed(parent, str(path), "", code="E015", kind="empty")

