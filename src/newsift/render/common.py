"""What every view shows, computed once from a record."""

from __future__ import annotations

from ..record import Record

#: Characters of context shown for a span in lists.
SNIPPET_CHARS = 160


def snippet(record: Record, start: int, end: int, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(record.text[start:end].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def heading(record: Record) -> str:
    if record.error is not None:
        return f"Could not analyse {record.input.path or record.input.url or 'input'}"
    return record.meta.title or record.input.path or record.input.url or "Article"


def entity_names(record: Record) -> dict[str, str]:
    return {e.id: e.name for e in record.entities}


def outline(record: Record) -> list[tuple[str, list[str]]]:
    """(section title, lines) for every non-empty part of the record: shared by text and Markdown."""
    names = entity_names(record)
    sections: list[tuple[str, list[str]]] = []
    m = record.meta
    about = [
        f"outlet: {m.outlet or '-'} ({m.domain or 'domain unknown'})",
        f"published: {m.published or '-'}   author: {m.author or '-'}   language: {m.language}",
    ]
    src = record.source
    if src.rating is not None:
        about.append(f"rating: {src.rating:.3f} ({src.rating_source})")
    elif src.domain or src.outlet:
        about.append("rating: unknown (no rating for this outlet)")
    sections.append(("Article", about))
    if record.removed:
        sections.append(("Removed as boilerplate", [f"{len(record.removed)} span(s) of the input"]))
    if record.entities:
        lines = []
        for e in record.entities:
            alias = f" (also: {', '.join(e.aliases)})" if e.aliases else ""
            lines.append(f"{e.name} [{e.type}]{alias} x{len(e.mentions)}")
        sections.append(("Entities", lines))
    if record.places:
        sections.append(
            (
                "Places",
                [
                    f"{p.name} -> {p.country or '?'}{', ' + p.admin1 if p.admin1 else ''} "
                    f"({p.lat:.2f}, {p.lon:.2f}) {p.feature or ''}"
                    # regions built from their cities have no GeoNames id of their own
                    f"{f' geonames:{p.geonames_id}' if p.geonames_id is not None else ''}"
                    for p in record.places
                ],
            )
        )
    if record.times:
        lines = []
        for t in record.times:
            anchor = "" if t.anchor is None else f" (from {'publication date' if t.anchor == 'published' else 'time #' + str(t.anchor)})"
            state = "" if t.resolved else " unresolved"
            lines.append(f"{t.text!r} -> {t.value} [{t.type}]{state}{anchor}")
        sections.append(("Times", lines))
    if record.attributions:
        lines = []
        for a in record.attributions:
            who = a.source.text or "(unnamed)"
            if a.source.entity and names.get(a.source.entity) and names[a.source.entity] != who:
                who += f" -> {names[a.source.entity]}"
            via = f" via {', '.join(names.get(v, v) for v in a.via)}" if a.via else ""
            cue = a.cue.text if a.cue else "-"
            lines.append(f"{who} ({a.source.type}){via} -- {cue} -- {snippet(record, a.content.start, a.content.end)}")
        sections.append(("Attributions", lines))
    if record.claims:
        by_kind: dict[str, list[str]] = {}
        for c in record.claims:
            score = f" [check-worthy {c.checkworthy:.2f}]"
            by_kind.setdefault(c.kind, []).append(snippet(record, c.start, c.end) + score)
        for kind, lines in by_kind.items():
            sections.append((f"Claims: {kind}", lines))
    cs = record.cited_sources
    if cs.total:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(cs.by_type.items()))
        sections.append(("Cited sources", [f"{cs.total} distinct: {cs.named} named, {cs.anonymous} anonymous ({kinds})"]))
    if record.techniques:
        sections.append(
            (
                "Techniques",
                [f"{t.technique} ({t.score:.2f}): {snippet(record, t.start, t.end)}" for t in record.techniques],
            )
        )
    for w in record.warnings:
        sections.append(("Note", [w.message]))
    return sections
