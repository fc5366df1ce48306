"""The one place a record is assembled from a Document and its parsed Doc."""

from __future__ import annotations

from .errors import NewsiftError
from .read import Document, Item
from .record import Problem, Record

#: Doc extension -> record field, for the list-valued stage outputs.
STAGE_FIELDS = {
    "newsift_entities": "entities",
    "newsift_places": "places",
    "newsift_times": "times",
    "newsift_attributions": "attributions",
    "newsift_claims": "claims",
    "newsift_techniques": "techniques",
}
META_FIELDS = ("title", "author", "published", "outlet", "domain", "language")


def _input_info(item_path: str | None, url: str | None, kind: str) -> dict:
    return {"path": item_path, "url": url, "kind": kind}


def build_record(doc: Document, spacy_doc) -> Record:
    """Assemble the record; ``spacy_doc`` is None when the text was not parsed."""
    from .outlet import identify_outlet

    meta = {k: doc.meta.get(k) for k in META_FIELDS}
    meta["language"] = meta["language"] or "en"
    outlet = identify_outlet(doc)
    meta["outlet"] = meta["outlet"] or outlet.outlet
    meta["domain"] = meta["domain"] or outlet.domain
    fields: dict = {}
    warnings = list(doc.warnings)
    if spacy_doc is not None:
        for ext, name in STAGE_FIELDS.items():
            value = getattr(spacy_doc._, ext)
            if value is not None:
                fields[name] = value
        if spacy_doc._.newsift_tone is not None:
            fields["tone"] = spacy_doc._.newsift_tone
        if spacy_doc._.newsift_attributions is not None:
            from .cited import count_cited_sources

            fields["cited_sources"] = count_cited_sources(
                spacy_doc._.newsift_attributions, spacy_doc._.newsift_entities or [], doc.text
            )
    elif meta["language"] != "en":
        name = doc.path or doc.url or "<text>"
        warnings.append({"kind": "language", "message": NewsiftError("E010", "language", name=name, lang=meta["language"]).message})
    return Record(
        input=_input_info(doc.path, doc.url, doc.kind),
        text=doc.text,
        removed=doc.removed,
        meta=meta,
        source=outlet.source_fields(),
        warnings=warnings,
        **fields,
    )


def error_record(item: Item, error: NewsiftError) -> Record:
    """The record standing in for an input that could not be analysed."""
    kind = "html" if item.input_format == "html" else "text"
    path = str(item.path) if item.path is not None else None
    return Record(
        input=_input_info(path, item.url, kind),
        error=Problem(kind=error.kind, message=error.message),
    )
