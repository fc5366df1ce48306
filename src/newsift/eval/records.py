"""Analysis records for gold documents, keyed the way the reference scorers read them."""

from __future__ import annotations


def raw_records(docs: list[tuple[str, str, str | None]], stages: tuple[str, ...]) -> list[dict]:
    """Records (as dicts) for ``(doc_id, text, published)`` triples, analysed ``--raw``.

    ``input.path`` is set to ``<doc_id>.txt``: the reference scorers key on the file name.
    """
    from ..pipeline import analyze_many
    from ..read import Item

    items = [Item(text=text, name=doc_id, published=published, raw=True) for doc_id, text, published in docs]
    records = []
    for (doc_id, _, _), rec in zip(docs, analyze_many(items, stages=stages), strict=True):
        record = rec.model_dump()
        record["input"]["path"] = doc_id + ".txt"
        records.append(record)
    return records
