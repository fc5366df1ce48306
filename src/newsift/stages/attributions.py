"""Attributions: who said what, on whose word (``doc._.newsift_attributions``).

The spaCy component of the attribution stage. It finds attributions
(:mod:`newsift.stages.attribution.finder`: quotations, cue tokens scored by
a model trained on PolNeAR, content and source spans from the parse), then
resolves each source to an entity (:mod:`.attribution.speakers`), types it
(:mod:`.attribution.kinds`) and records relays ("According to Sputnik,
Titov said ..." -> source Titov, via Sputnik). Spans follow the PolNeAR
guidelines, so the output can be scored against that corpus
(``newsift eval attribution``).
"""

from __future__ import annotations

from spacy.tokens import Doc

from .attribution.finder import Finder
from .attribution.kinds import SourceTyper
from .attribution.quotes import doc_text, forget_text
from .attribution.spans import Found
from .attribution.speakers import SpeakerResolver

__all__ = ["AttributionFinder"]

#: an "according to <outlet>" whose content begins with another attribution's source within this
#: many characters is a relay of that attribution ("According to Sputnik, Titov said ...")
RELAY_MAX_LEAD_CHARS = 3


class AttributionFinder:
    """Find attributions and write them as record dicts.

    ``threshold`` overrides the shipped model's decision threshold (higher:
    fewer, surer attributions); ``relays`` merges "according to <outlet>"
    into the statement it relays (the outlet goes to ``via``).
    """

    def __init__(self, threshold: float | None = None, relays: bool = True) -> None:
        self.finder = Finder(threshold=threshold)
        self.relays = relays

    def __call__(self, doc: Doc) -> Doc:
        entities = doc._.newsift_entities
        if entities is None:
            return doc
        try:
            found = self.find(doc, entities)
        finally:
            forget_text(doc)
        self.write(doc, found)
        return doc

    def find(self, doc: Doc, entities: list[dict]) -> list[dict]:
        """Attributions as record dicts, in text order."""
        found = self.finder.find(doc)
        meta = doc._.newsift_meta or {}
        resolver = SpeakerResolver(doc, entities)
        typer = SourceTyper(doc, entities, own_outlet=meta.get("outlet"))
        records = []
        for f in found:
            head = doc[f.source_token] if f.source_token is not None else None
            entity = resolver.resolve(f.source, head)
            role_words = [w for _, w, e in resolver.roles if e == entity] if entity else []
            records.append((f, entity, typer.type_of(f.source, head, entity, role_words)))
        if self.relays:
            records = self._relays(doc, records, typer)
        return [self._as_dict(doc, f, entity, kind, via) for f, entity, kind, via in records]

    def _relays(self, doc: Doc, records, typer: SourceTyper):
        """Fold "according to <outlet>, X said ..." into X's attribution with the outlet in ``via``."""
        out = []
        drop = set()
        via: dict[int, list[str]] = {}
        for i, (f, entity, kind) in enumerate(records):
            if f.kind != "according_to" or kind not in ("media", "state_media", "outlet") or entity is None:
                continue
            start = f.content[-1][0]
            for j, (g, _, _) in enumerate(records):
                if j == i or g.source is None:
                    continue
                lead = doc_text(doc)[start:g.source[0]]
                if 0 <= g.source[0] - start and len(lead.strip()) <= RELAY_MAX_LEAD_CHARS and g.cue[0] < f.content[-1][1]:
                    via.setdefault(j, []).append(entity)
                    drop.add(i)
                    break
        for i, (f, entity, kind) in enumerate(records):
            if i not in drop:
                out.append((f, entity, kind, via.get(i, [])))
        return out

    @staticmethod
    def _as_dict(doc: Doc, f: Found, entity: str | None, kind: str, via: list[str]) -> dict:
        text = doc_text(doc)
        source = {"start": None, "end": None, "text": None, "entity": entity, "type": kind}
        if f.source is not None:
            source.update(start=f.source[0], end=f.source[1], text=text[f.source[0]:f.source[1]])
        parts = [{"start": s, "end": e} for s, e in f.content]
        return {
            "kind": f.kind if f.kind in ("direct", "indirect", "according_to", "other") else "indirect",
            "source": source,
            "cue": {"start": f.cue[0], "end": f.cue[1], "text": text[f.cue[0]:f.cue[1]]},
            "content": {"start": f.content[0][0], "end": f.content[-1][1]},
            "content_parts": parts,
            "via": via,
        }

    def write(self, doc: Doc, attributions: list[dict]) -> None:
        doc._.newsift_attributions = attributions
