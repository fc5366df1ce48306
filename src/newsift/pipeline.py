"""analyze / analyze_many: inputs in, analysis records out, in input order.

Reading and cleaning happen per item; the parse and every stage run batched
through ``nlp.pipe``. With ``n_process > 1`` whole chunks (read, clean,
parse, build) go to worker processes, each loading the model once, so the
cleaning is spread over workers too. A failing item becomes an error record;
the batch goes on.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from .build import build_record, error_record
from .errors import NewsiftError
from .read import Document, Item, load

log = logging.getLogger(__name__)

Source = str | Path | Item
#: Items read, cleaned and parsed together in one process.
CHUNK_SIZE = 16
#: Items handed to a worker at a time. Small, so that the workers finish
#: together: with 16-item chunks one worker could be left parsing a last
#: chunk alone for a fifth of the run. Pickling an article is cheap next to
#: parsing it.
WORKER_CHUNK_SIZE = 4
#: Docs parsed per nlp.pipe batch (spaCy's default is 1000 for texts of a
#: sentence; articles are ~100x longer).
BATCH_SIZE = 16


def as_item(source: Source, **defaults: object) -> Item:
    """Turn a str (text, HTML or URL), a Path or an Item into an Item."""
    if isinstance(source, Item):
        return source
    if isinstance(source, Path):
        return Item(path=source, **defaults)  # type: ignore[arg-type]
    if isinstance(source, str):
        stripped = source.strip()
        if stripped.startswith(("http://", "https://")) and "\n" not in stripped and " " not in stripped:
            return Item(url=stripped, **defaults)  # type: ignore[arg-type]
        return Item(text=source, **defaults)  # type: ignore[arg-type]
    raise TypeError(f"cannot analyse a {type(source).__name__}; pass str, pathlib.Path or newsift.Item")


def analyze(
    source: Source,
    url: str | None = None,
    published: str | None = None,
    raw: bool = False,
    stages: tuple[str, ...] | None = None,
):
    """Analyse one article (text, HTML, Path or URL) into a Record."""
    item = as_item(source, raw=raw, published=published)
    if url is not None and item.url is None:
        item.url = url
    return next(analyze_many([item], stages=stages))


def analyze_many(
    sources: Iterable[Source],
    n_process: int = 1,
    stages: tuple[str, ...] | None = None,
    raw: bool = False,
    published: str | None = None,
) -> Iterator:
    """Analyse many inputs; yields one Record per input, in input order."""
    from .read.corpus import expand

    items = (entry for s in sources for entry in expand(as_item(s, raw=raw, published=published)))
    if n_process <= 1:
        for chunk in _chunked(items, CHUNK_SIZE):
            yield from _analyze_chunk(chunk, stages)
        return
    chunks = _chunked(items, WORKER_CHUNK_SIZE)
    ctx = mp.get_context("spawn")
    with ctx.Pool(n_process, initializer=_warm_worker, initargs=(stages,)) as pool:
        for records in pool.imap(_analyze_chunk_worker, ((c, stages) for c in chunks)):
            yield from records


def _chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _warm_worker(stages: tuple[str, ...] | None) -> None:
    _nlp(stages)


def _analyze_chunk_worker(args: tuple[list[Item], tuple[str, ...] | None]) -> list:
    chunk, stages = args
    return list(_analyze_chunk(chunk, stages))


def _nlp(stages: tuple[str, ...] | None):
    from . import nlp

    return nlp.load(nlp.DEFAULT_STAGES if stages is None else tuple(stages))


def _read(item: Item) -> Document | NewsiftError:
    try:
        return load(item)
    except NewsiftError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one bad input must not stop a batch
        log.exception("reading %s failed", item.label)
        return NewsiftError("E013", "internal", name=item.label, reason=repr(exc))


def _analyze_chunk(chunk: list[Item], stages: tuple[str, ...] | None) -> Iterator:
    from .language import detect_language

    nlp = _nlp(stages)
    read = [_read(item) for item in chunk]
    docs = {}
    to_parse = []
    for i, doc in enumerate(read):
        if isinstance(doc, Document):
            doc.meta.setdefault("language", detect_language(doc.text))
            to_parse.append((i, doc))
    for i, spacy_doc in _parse(nlp, to_parse):
        docs[i] = spacy_doc
    for i, (item, doc) in enumerate(zip(chunk, read, strict=True)):
        if isinstance(doc, NewsiftError):
            yield error_record(item, doc)
        elif isinstance(docs.get(i), NewsiftError):
            yield error_record(item, docs[i])
        else:
            yield build_record(doc, docs.get(i))


def _make_doc(nlp, doc: Document):
    from .extensions import register_extensions

    register_extensions()
    spacy_doc = nlp.make_doc(doc.text)
    spacy_doc._.newsift_published = doc.meta.get("published")
    spacy_doc._.newsift_meta = dict(doc.meta)
    return spacy_doc


def _parse(nlp, pairs: list[tuple[int, Document]]) -> Iterator[tuple[int, object]]:
    """Parse English documents in one nlp.pipe batch; retry one by one on failure.

    Non-English documents are not parsed (the record says why).
    """
    english = [(i, d) for i, d in pairs if d.meta.get("language", "en") == "en"]
    try:
        parsed = list(nlp.pipe((_make_doc(nlp, d) for _, d in english), batch_size=BATCH_SIZE))
        yield from ((i, p) for (i, _), p in zip(english, parsed, strict=True))
    except Exception:  # noqa: BLE001 - find the one document that broke the batch
        for i, d in english:
            try:
                yield i, nlp(_make_doc(nlp, d))
            except Exception as exc:  # noqa: BLE001
                log.exception("analysing document %d failed", i)
                yield i, NewsiftError("E013", "internal", name=d.path or d.url or "<text>", reason=repr(exc))
