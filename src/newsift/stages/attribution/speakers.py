"""Who a source phrase refers to: a small, measured resolver (no coreference model).

A source is kept as written ("he", "the governor"); this module finds the
entity it stands for, from evidence a reader uses:

* the phrase contains a named mention: that entity (a person before an
  organisation, the mention holding the phrase's head first);
* a personal pronoun: the most recent earlier speaker that agrees with it
  (he/she by given name, title or an earlier pronoun; they/it/we an
  organisation, place or group), else the most recent agreeing named
  mention;
* a role noun ("the minister", "the spokesman"): the latest person that an
  earlier title or apposition gave that role ("deputy foreign minister
  Vladimir Titov", "Titov, the minister").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import lexicon

PERSONAL = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
GROUP_PRONOUNS = frozenset({"they", "them", "their", "it", "its", "we", "our", "us"})
FEMALE_TITLES = frozenset({"mrs.", "ms.", "mrs", "ms", "miss", "madam", "congresswoman", "spokeswoman",
                           "chairwoman", "queen", "princess", "lady", "businesswoman", "councilwoman"})
MALE_TITLES = frozenset({"mr.", "mr", "sir", "congressman", "spokesman", "chairman", "king", "prince", "lord",
                         "businessman", "councilman"})
#: how far back (characters) a pronoun looks for its antecedent: about three paragraphs of news
#: prose (chosen by hand; a pronoun's referent is nearly always named within that)
PRONOUN_WINDOW_CHARS = 1500
#: role nouns resolve to a person titled so at most this far back (characters)
ROLE_WINDOW_CHARS = 6000
#: how many tokens either side of a person's name may hold their title ("deputy foreign minister X")
TITLE_TOKENS = 6


@dataclass
class Mention:
    start: int
    end: int
    entity: str
    type: str


class SpeakerResolver:
    """Resolves source phrases of one document to entity ids, remembering earlier speakers."""

    def __init__(self, doc: Doc, entities: list[dict]) -> None:
        self.doc = doc
        self.types = {e["id"]: e["type"] for e in entities}
        self.names = {e["id"]: e["name"] for e in entities}
        mentions = [Mention(m["start"], m["end"], e["id"], e["type"]) for e in entities for m in e["mentions"]]
        mentions.sort(key=lambda m: (m.start, m.end))
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.gender: dict[str, str] = {}
        self.roles: list[tuple[int, str, str]] = []  # (char, role word, entity)
        self.speakers: list[tuple[int, str]] = []  # (char, entity) of resolved sources so far
        self._learn()

    # ------------------------------------------------------------------ evidence
    def _learn(self) -> None:
        """Genders from given names and titles; roles from titles and appositions."""
        lex = lexicon()
        doc = self.doc
        for m in self.mentions:
            if m.type != "PERSON":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            first = span[0].lower_
            g = lex.genders.get(first)
            lo = max(0, span.start - TITLE_TOKENS)
            before = [t.lower_ for t in doc[lo:span.start]]
            if before and before[-1] in FEMALE_TITLES:
                g = "f"
            elif before and before[-1] in MALE_TITLES:
                g = "m"
            if g and m.entity not in self.gender:
                self.gender[m.entity] = g
            for word in self._titles(span):
                self.roles.append((m.start, word, m.entity))
        self.roles.sort()

    def _titles(self, span) -> list[str]:
        """Role words naming the person of ``span``: in the words just before it, or an apposition."""
        lex = lexicon()
        doc = self.doc
        words = []
        i = span.start - 1
        while i >= 0 and span.start - i <= TITLE_TOKENS:
            t = doc[i]
            if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP") and t.lower_ != "of":
                break
            if t.lower_ in lex.roles:
                words.append(t.lower_)
            i -= 1
        root = span.root
        for c in root.children:
            if c.dep_ == "appos":
                words.extend(t.lower_ for t in c.subtree if t.lower_ in lex.roles)
        if root.dep_ == "appos" and root.head.lower_ in lex.roles:
            words.append(root.head.lower_)
        return words

    # ---------------------------------------------------------------- resolving
    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def resolve(self, span: tuple[int, int] | None, head: Token | None) -> str | None:
        """The entity id the source ``span`` (headed by ``head``) refers to, or None."""
        if span is None:
            return None
        found = self._named(span, head)
        if found is None and head is not None:
            low = head.lower_
            if low in PERSONAL:
                found = self._pronoun(span[0], PERSONAL[low])
            elif low in GROUP_PRONOUNS:
                found = self._group(span[0])
            elif head.pos_ == "NOUN" and low in lexicon().roles:
                found = self._role(span[0], low)
        if found is not None:
            self.speakers.append((span[0], found))
        return found

    def _named(self, span: tuple[int, int], head: Token | None) -> str | None:
        """A named mention in the phrase: the one holding its head, else a person or organisation
        it names ("a spokesman for the State Department"), never a mere modifier ("the Russian
        center", "the governor of Homs")."""
        inside = self.mentions_in(*span)
        if not inside:
            return None
        if head is not None:
            for m in inside:
                if m.start <= head.idx < m.end:
                    return m.entity
            if head.pos_ == "PRON":
                return None
        for kind in ("PERSON", "ORG"):
            for m in inside:
                if m.type == kind:
                    return m.entity
        if head is None:
            return inside[0].entity
        return None

    def _agrees(self, entity: str, gender: str) -> bool:
        if self.types.get(entity) != "PERSON":
            return False
        g = self.gender.get(entity)
        return g is None or g == gender

    def _pronoun(self, at: int, gender: str) -> str | None:
        for char, ent in reversed(self.speakers):
            if at - char > PRONOUN_WINDOW_CHARS:
                break
            if char < at and self._agrees(ent, gender):
                return ent
        i = bisect.bisect_left(self.starts, at) - 1
        while i >= 0 and at - self.mentions[i].start <= PRONOUN_WINDOW_CHARS:
            m = self.mentions[i]
            if self._agrees(m.entity, gender):
                return m.entity
            i -= 1
        return None

    def _group(self, at: int) -> str | None:
        for char, ent in reversed(self.speakers):
            if at - char > PRONOUN_WINDOW_CHARS:
                break
            if char < at and self.types.get(ent) in ("ORG", "GPE", "NORP"):
                return ent
        i = bisect.bisect_left(self.starts, at) - 1
        while i >= 0 and at - self.mentions[i].start <= PRONOUN_WINDOW_CHARS:
            if self.mentions[i].type in ("ORG", "GPE", "NORP"):
                return self.mentions[i].entity
            i -= 1
        return None

    def _role(self, at: int, word: str) -> str | None:
        best = None
        for char, role, ent in self.roles:
            if char >= at:
                break
            if role == word and at - char <= ROLE_WINDOW_CHARS:
                best = ent
        return best
