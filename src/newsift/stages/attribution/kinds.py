"""What kind of source an attribution cites (the record's ``source.type``).

Evidence, strongest first: a news outlet named (the outlets table says
state-controlled or not; the article's own outlet is ``outlet``); no source
at all, or an unnamed one ("sources said", "officials who spoke on condition
of anonymity", "it is believed") is ``anonymous``; a role word in the phrase
or in the titles the article gave the person earlier ("deputy foreign
minister Vladimir Titov", "the governor") decides ``official``, ``expert``,
``media``, ``organization`` or ``document``; then the entity type (a
government body or a country speaking is ``official``; other
organisations ``organization``); otherwise ``person``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .lexicon import lexicon
from .quotes import doc_text

#: words that make an organisation's name a state body ("Ministry of Defence", "Russian Aerospace
#: Forces", "Homs Governorate"); compiled from common English names of government institutions
GOVERNMENT_WORDS = frozenset({
    "ministry", "department", "government", "army", "forces", "military", "navy", "police", "council",
    "parliament", "congress", "senate", "court", "embassy", "cabinet", "kremlin", "pentagon", "administration",
    "office", "bureau", "commission", "command", "governorate", "presidency", "house", "agency", "authority",
    "directorate", "service", "secretariat", "guard", "prosecutor", "state", "centre", "center", "committee",
})
#: words that make an organisation's name a news organisation
MEDIA_WORDS = frozenset({
    "news", "times", "post", "journal", "tribune", "herald", "gazette", "daily", "tv", "television", "radio",
    "press", "magazine", "newspaper", "network", "broadcasting", "channel", "telegraph", "chronicle", "wire",
})
#: determiners and quantifiers that leave a plural or indefinite role noun unnamed ("officials said",
#: "a senior official", "two aides")
INDEFINITE = frozenset({"a", "an", "some", "several", "many", "two", "three", "few", "other", "one", "most"})
ANONYMITY = re.compile(r"\b(anonymity|anonymously|not authori[sz]ed|unnamed|declined to be (named|identified))\b",
                       re.IGNORECASE)
#: a country's adjective ("Russian", "U.S.") before one of GOVERNMENT_WORDS in an organisation's
#: name marks a state body ("Russian center for ...", "U.S. Agency for ..."); the adjectives of
#: the countries most often in international news, from general knowledge
STATE_ADJECTIVES = frozenset("""
u.s. us american british uk russian chinese french german italian spanish turkish iranian iraqi syrian
israeli palestinian saudi egyptian jordanian lebanese qatari emirati yemeni libyan afghan pakistani indian
japanese korean ukrainian polish belarusian kazakh georgian armenian azerbaijani canadian mexican brazilian
argentine venezuelan cuban colombian australian nigerian ethiopian kenyan south african dutch belgian swiss
swedish norwegian danish finnish greek hungarian romanian serbian czech austrian portuguese irish scottish
indonesian malaysian philippine thai vietnamese burmese bangladeshi sri lankan nepalese

""".split())


def outlet_kind(name: str, own_outlet: str | None = None) -> str | None:
    """state_media / media / outlet for a news organisation's name, else None."""
    lex = lexicon()
    found = lex.outlet(name)
    if own_outlet and name.strip().lower().removeprefix("the ") == own_outlet.strip().lower().removeprefix("the "):
        return "outlet"
    if found is not None:
        if own_outlet and found.name.lower() == own_outlet.strip().lower():
            return "outlet"
        return found.kind
    return None


def _org_kind(name: str) -> str:
    words = name.replace("'s", "").split()
    lower = {w.lower().strip(".,()") for w in words}
    if lower & MEDIA_WORDS and not lower & {"department", "ministry"}:
        return "media"
    gov = lower & GOVERNMENT_WORDS
    if gov:
        # "center"/"committee"/"state"/"house"/"office" alone are too common in private names: they count
        # only after a country adjective ("Russian center for ...", "U.S. State Department")
        weak = {"centre", "center", "committee", "state", "house", "office", "service", "agency"}
        adjective = any(w.lower().strip(".,()") in STATE_ADJECTIVES for w in words[:3])
        if gov - weak or adjective or ("white" in lower and "house" in lower):
            return "official"
    return "organization"


class SourceTyper:
    """Types sources of one document (knows its entities and its own outlet)."""

    def __init__(self, doc: Doc, entities: list[dict], own_outlet: str | None = None) -> None:
        self.doc = doc
        self.entities = {e["id"]: e for e in entities}
        self.own_outlet = own_outlet

    def entity_outlet(self, entity: str | None) -> str | None:
        if entity is None or entity not in self.entities:
            return None
        e = self.entities[entity]
        for name in [e["name"], *e.get("aliases", [])]:
            kind = outlet_kind(name, self.own_outlet)
            if kind:
                return kind
        return None

    def type_of(self, span: tuple[int, int] | None, head: Token | None, entity: str | None,
                role_words: list[str]) -> str:
        """The source type of one attribution's source."""
        if span is None:
            return "anonymous"
        text = doc_text(self.doc)[span[0]:span[1]]
        kind = outlet_kind(text, self.own_outlet) or self.entity_outlet(entity)
        if kind:
            return kind
        ent = self.entities.get(entity) if entity else None
        lex = lexicon()
        words = [w.lower() for w in re.findall(r"[\w.'-]+", text)]
        head_word = head.lower_ if head is not None else (words[-1] if words else "")
        named = ent is not None and ent["type"] in ("PERSON", "ORG")
        # "officials, who spoke on condition of anonymity, said": look a little past the span, never into the next sentence
        window_end = min(len(doc_text(self.doc)), span[1] + 80, head.sent.end_char if head is not None else span[1] + 80)
        if ANONYMITY.search(doc_text(self.doc)[span[0]:window_end]):
            if not (ent is not None and ent["type"] == "PERSON"):
                return "anonymous"
        role = lex.roles.get(head_word)
        if role == "anonymous" and not named:
            return "anonymous"
        if role in ("official", "expert", "media") and not named and head is not None:
            plural = head.tag_ in ("NNS", "NNPS")
            det = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "amod")}
            if plural or det & INDEFINITE:
                return "anonymous"
        for word in [head_word, *words, *role_words]:
            r = lex.roles.get(word)
            if r and r != "anonymous":
                return r
        if ent is not None:
            if ent["type"] == "PERSON":
                return "person"
            if ent["type"] == "ORG":
                return _org_kind(ent["name"])
            if ent["type"] == "GPE":
                return "official"
            if ent["type"] == "NORP":
                return "organization"
        if role == "anonymous":
            return "anonymous"
        if head is not None and head.pos_ in ("NOUN", "PROPN") and _org_kind(text) == "official":
            return "official"  # an unrecognised state body ("the Russian center for Syrian reconciliation")
        return "person"
