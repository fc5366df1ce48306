"""Entities: spaCy's named entities, corrected for news and merged into one entry per named thing.

spaCy's small English model is trained on OntoNotes and makes mistakes that
are plain to a news reader: a news agency tagged PERSON ("Sputnik"), a country
tagged PERSON or ORG, a river tagged PERSON ("the Danube"), "the" and "'s"
inside names, nothing found in an ALL-CAPS headline or dateline. This stage
fixes those with cheap, general rules, then groups the mentions of one thing
within a document:

1. *find mentions*: ``doc.ents``; sentences written mostly in capitals are
   truecased (from the casing the same words have elsewhere in the article,
   else title case) and run through the NER model again.
2. *clean*: drop leading determiners, trailing possessives, numbers and
   lowercase words; split at spaced dashes, commas, colons and brackets.
3. *shipped tables* (``newsift/data/aliases``): well-known actors and their
   aliases (ISIS = Daesh), news agencies and outlets (always ORG), countries,
   capitals, big cities, regions and first-level divisions (GPE/LOC),
   nationality words (NORP). A table name spaCy tagged with a plainly wrong
   type is retyped; a table name spaCy missed is added when it is
   capitalised and not a common word.
4. *link*: mentions of one thing become one entity: the same name, an
   acronym and its expansion ("Syrian Arab News Agency (SANA)" ... "SANA"),
   a surname and the full name ("Titov" -> "Vladimir Titov"), a company's
   short name ("Magna" -> "Magna International Inc"), "Homs Province" and
   "Homs", "Syrian Armed Forces" and "Syrian Army", aliases from the table.
   Further unmarked occurrences of a linked name are added.
5. *type and name*: one type per entity by weighted vote (table knowledge
   first); a "person" only ever found in place contexts ("in Palmyra", "the
   city of Palmyra") is a place; the name is the longest full form.

Sports reports name clubs after their towns ("Leicestershire beat
Somerset"). In a document whose first line names a sport, a town or region
used as a competitor (followed by a score or table figures, next to "beat",
"v", "against", or named without a venue preposition) is a club (ORG);
the same name as a venue ("at Leicester") or dateline stays a place.
Countries stay GPE (a national team is named as its country).

The stage works on plain Python lists of token attributes (one pass over
the Doc) and batches the second NER pass over all capitals sentences of a
``nlp.pipe`` batch, so it adds little to spaCy's own time.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LOWER, ORTH, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

ENTITY_TYPES = {
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE",
}
TABLE_DIR = Path(__file__).resolve().parent.parent / "data" / "aliases"

# ----------------------------------------------------------------- thresholds
#: A sentence is "written in capitals" when at least this share of its words
#: (tokens with two or more letters) are upper case. Headlines and datelines
#: are 100%; 0.6 lets through a headline with one mixed-case word ("McLAREN")
#: and keeps out ordinary sentences with a few acronyms. Chosen on the tune part.
CAPS_SHARE = 0.6
#: ... and it must have at least this many upper-case words that are not
#: known acronyms ("LONDON 1996-08-30" has one; "NATO said" has none).
CAPS_MIN_WORDS = 1
#: A city spaCy missed is added only above this population: smaller towns'
#: names are too often ordinary words or surnames ("Split", "Reading",
#: "Mobile"). Countries, capitals, US states and regions are added at any
#: size; first-level divisions never (only retyped). Round number, chosen on the tune part.
ADD_CITY_POPULATION = 1_000_000
#: A name is propagated to its other, unmarked occurrences only when it has
#: at least this many characters (short forms such as "AP" or "Li" collide
#: with ordinary words and initials).
PROPAGATE_MIN_CHARS = 3
#: Vote weights when mentions of one entity disagree on the type: the NER on
#: normal text and the tables are trusted most, the NER on truecased capitals
#: (the model never saw that casing in training) least, linked mentions
#: between. Set by reasoning, checked on the tune part (0.5 / 0.75 beat 1 / 1).
WEIGHT = {"ner": 1.0, "table": 1.0, "rule": 1.0, "link": 0.75, "caps": 0.5}
#: A lone-name "person" becomes a place when at least this share of its
#: mentions stand in place contexts ("in Palmyra", "the city of Palmyra").
#: One in three: "Palmyra" is also "the return to Palmyra", "control of Palmyra".
PLACE_EVIDENCE_SHARE = 1 / 3
#: Longest run of capitalised words taken as one competitor in a results line.
MAX_TEAM_WORDS = 4

# ----------------------------------------------------------------- word lists
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
#: Words kept lower case when a headline in capitals is title-cased.
FUNCTION_WORDS = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with", "from",
    "as", "into", "onto", "over", "after", "before", "under", "up", "down", "off", "out", "vs", "v", "per",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "not", "no", "it",
    "its", "his", "her", "their", "he", "she", "they", "we", "us", "our", "who", "what", "how", "why",
}
#: Words that make no letter of an acronym ("Organization of the Petroleum ...").
ACRONYM_SKIP = {"of", "the", "and", "for", "in", "on", "de", "la", "du", "&", "des", "der", "für", "di"}
#: Legal-form and generic words an organisation's short name drops ("Magna International Inc" -> "Magna").
CORP_SUFFIXES = {
    "inc", "corp", "co", "ltd", "plc", "llc", "ag", "sa", "s.a", "nv", "n.v", "gmbh", "spa", "ab", "asa", "bhd",
    "berhad", "limited", "corporation", "company", "group", "holdings", "holding", "international", "industries",
    "pty", "kk", "oyj", "se",
}
#: Sports named on a wire story's first line ("SOCCER - ..."), for the sports rules.
SPORTS = {
    "soccer", "football", "cricket", "tennis", "golf", "baseball", "basketball", "rugby", "athletics",
    "cycling", "boxing", "hockey", "ice hockey", "motor racing", "motorcycling", "formula one", "skiing",
    "swimming", "volleyball", "handball", "badminton", "squash", "snooker", "yachting", "sailing", "rowing",
    "horse racing", "racing", "nfl", "nba", "nhl", "mlb", "american football", "gymnastics", "judo",
    "wrestling", "triathlon", "equestrianism", "table tennis", "darts", "chess", "cross-country",
}
#: Column and row headings of sports tables: never a competitor's name.
TABLE_WORDS = {
    "total", "totals", "extras", "attendance", "halftime", "half-time", "round", "group", "week", "day", "game",
    "games", "match", "race", "stage", "lap", "laps", "points", "pts", "played", "won", "drawn", "lost", "att",
    "innings", "scorers", "scorer", "score", "scores", "result", "results", "standings", "division", "league",
    "conference", "leading", "men", "women", "note", "notes", "fall", "wickets", "overs", "bowling", "batting",
    "pos", "rank", "no", "number", "par", "hole", "holes", "heat", "final", "semifinal", "quarterfinal", "set",
    "sets", "top", "bottom", "leaders", "team", "teams", "age", "time", "level", "minute", "minutes", "seed",
}
CALENDAR_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
#: types whose names may hold numbers and lowercase words ("Euro 96", "Law of the Sea")
WORKS = {"EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "FAC"}
#: "City of X", "Province of X" name the place X
PLACE_HEADS = {"city", "town", "village", "province", "region", "district", "county", "governorate", "port"}
#: "X Province" names the place X ("X City" does not: Mexico City, Kansas City)
PLACE_SUFFIXES = {"province", "region", "district", "county", "governorate", "prefecture", "oblast", "municipality"}
#: prepositions that put a name in the role of a place ("to" and "from" do not: "said to Titov")
LOCATIVE = {"in", "into", "near", "outside", "around", "inside", "toward", "towards", "across", "throughout"}
#: heads that name a country's armed forces interchangeably ("Syrian Armed Forces" = "Syrian Army")
MILITARY_HEADS = (("armed", "forces"), ("army",), ("military",), ("defence", "forces"), ("defense", "forces"))
#: table kinds that are places a sports report may use as a club's name
TOWN_KINDS = ("city", "capital", "subdivision", "us_state")
#: a cell of a score line or table: 3, 2-1, .561, 68-94, 1:25.345, +353
_SCORE_RE = re.compile(r"^[+-]?\d+([-:./,]\d+)*$|^\.\d+$")
_DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$|^\d\d?/\d\d?/\d{2,4}$")
_DASHED_DATE_RE = re.compile(r"^(1[89]|20)\d\d-\d\d-\d\d")
_ACRONYM_RE = re.compile(r"^[A-Z]{2,}$")
_INITIAL_RE = re.compile(r"^[A-Z]\.$")
_MINUTE_RE = re.compile(r"^\d{1,3}(st|nd|rd|th)?$")


# --------------------------------------------------------------------------- tables
@dataclass
class Tables:
    """The shipped name tables, keyed by surface form."""

    #: surface form -> (canonical name, type, kind)
    names: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    #: city / capital population, for the adding threshold
    population: dict[str, int] = field(default_factory=dict)
    #: every surface form, lower-cased
    lower_forms: set[str] = field(default_factory=set)


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def _forms(cols: list[str], at: int) -> list[str]:
    """The name in column 0 and the "|"-separated aliases in column ``at``."""
    return [cols[0], *(cols[at].split("|") if len(cols) > at and cols[at] else [])]


@lru_cache(maxsize=4)
def load_tables(folder: str = str(TABLE_DIR)) -> Tables:
    """Read the alias tables (cached per process). Earlier files win a name they share."""
    base = Path(folder)
    tables = Tables()

    def put(form: str, value: tuple[str, str, str]) -> None:
        tables.names.setdefault(form, value)

    for cols in _rows(base / "actors.tsv"):
        for form in _forms(cols, 3):
            put(form, (cols[0], cols[1], cols[2]))
    for cols in _rows(base / "regions.tsv"):
        for form in _forms(cols, 2):
            put(form, (cols[0], cols[1], "region"))
    for cols in _rows(base / "demonyms.tsv"):
        for form in _forms(cols, 2):
            put(form, (cols[0], "NORP", "demonym"))
    for cols in _rows(base / "subdivisions.tsv"):
        put(cols[0], (cols[0], "GPE", "subdivision"))
    for cols in _rows(base / "places.tsv"):
        name, typ, kind, pop = cols[0], cols[1], cols[2], int(cols[4])
        put(name, (name, typ, kind))
        if kind in ("city", "capital"):
            tables.population[name] = max(pop, tables.population.get(name, 0))
    tables.lower_forms = {f.lower() for f in tables.names}
    return tables


# --------------------------------------------------------------------------- working data
@dataclass
class Mention:
    """A candidate mention: token span [start, end), a type, and where it came from."""

    start: int
    end: int
    label: str
    source: str  # ner | caps | table | rule | link
    table: tuple[str, str, str] | None = None  # (canonical, type, kind) when the span is a table name


@dataclass
class Entity:
    mentions: list[Mention]
    label: str
    name: str
    aliases: list[str]


class Tokens:
    """The token attributes the stage reads, copied out of the Doc once (Token objects are slow to make)."""

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, LOWER, TAG, IS_PUNCT, IS_SPACE, SENT_START, IDX, SPACY]).tolist()
        self.text: list[str] = [strings[r[0]] for r in rows]
        self.lower: list[str] = [strings[r[1]] for r in rows]
        self.tag: list[str] = [strings[r[2]] if r[2] else "" for r in rows]
        self.punct: list[bool] = [bool(r[3] or r[4]) for r in rows]
        self.sent_start: list[bool] = [r[5] == 1 for r in rows]
        self.idx: list[int] = [r[6] for r in rows]
        self.ws: list[str] = [" " if r[7] else "" for r in rows]  # spaCy keeps at most one space on a token
        self.n = len(self.text)
        #: words written in lower case somewhere in the document ("us", "turkey")
        self.lower_words = {w for w in self.text if w.islower()}

    def span_text(self, s: int, e: int, words: list[str] | None = None) -> str:
        """Tokens s..e as written (or as ``words``, a recased copy of the text), inner spaces kept."""
        words = self.text if words is None else words
        return "".join(words[k] + self.ws[k] for k in range(s, e - 1)) + words[e - 1]

    def line_start(self, i: int) -> bool:
        return i == 0 or "\n" in self.text[i - 1] or "\n" in self.ws[i - 1]


@dataclass
class Prepared:
    """A Doc's state between the first pass and the batched NER over its capitals sentences."""

    doc: Doc
    tokens: Tokens
    caps: list[tuple[int, int]]
    words: list[str]
    caps_docs: list[Doc]


def pattern_words(nlp: Language, names: Iterable[str]) -> list[tuple[str, ...]]:
    """Each name as the tokens the tokenizer splits it into (how it appears in a parsed text).

    Names made of plain words (letters only, none a tokenizer special case)
    are split on their spaces, which gives the tokenizer's tokens without
    running it: 95% of the alias table.
    """
    rules = nlp.tokenizer.rules or {}
    out = []
    for name in names:
        words = name.split(" ")
        if all(w.isalpha() and w not in rules for w in words):
            out.append(tuple(words))
        else:
            out.append(tuple(t.text for t in nlp.make_doc(name)))
    return out


class PhraseIndex:
    """Finds token sequences in a Doc: what ``PhraseMatcher(attr="ORTH")`` finds.

    Built from plain word tuples, so no pattern Docs (and none of their
    ~10,000 vocabulary entries) are made: about 0.4 s less at every process
    start, for a dictionary lookup per token at match time.
    """

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases = {p for p in phrases if p}
        self.lengths: dict[str, tuple[int, ...]] = {}
        for p in self.phrases:
            self.lengths[p[0]] = tuple(sorted({*self.lengths.get(p[0], ()), len(p)}))

    def __call__(self, words: list[str]) -> list[tuple[int, int]]:
        """(start, end) offsets of every occurrence in a token text list, overlapping ones included."""
        found = []
        for i, w in enumerate(words):
            for n in self.lengths.get(w, ()):
                if i + n <= len(words) and tuple(words[i : i + n]) in self.phrases:
                    found.append((i, i + n))
        return found


class EntityLinker:
    """Find, correct and link the named entities of a parsed Doc (see the module docstring)."""

    def __init__(
        self,
        nlp: Language,
        recase_caps: bool = True,
        use_tables: bool = True,
        add_missing: bool = True,
        link: bool = True,
        propagate: bool = True,
        sports: bool = True,
        table_dir: str | None = None,
    ) -> None:
        self.vocab = nlp.vocab
        self.ner = nlp.get_pipe("ner") if recase_caps and "ner" in nlp.pipe_names else None
        self.use_tables = use_tables
        self.add_missing = add_missing
        self.link = link
        self.propagate = propagate
        self.sports = sports
        self.tables = load_tables(table_dir or str(TABLE_DIR))
        self.stop_words = set(nlp.Defaults.stop_words)
        self.matcher: PhraseIndex | None = None
        if use_tables:
            self.matcher = PhraseIndex(pattern_words(nlp, self.tables.names))
        # all-caps table forms are acronyms, kept as they are when truecasing
        self.acronyms = {f for f in self.tables.names if f.isupper() and len(f) <= 6}

    # ------------------------------------------------------------------ spaCy entry
    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process docs in batches, running the NER once over all their capitals sentences."""
        for batch in minibatch(stream, size=batch_size):
            prepared = [self._prepare(doc) for doc in batch]
            subdocs = [d for p in prepared if p is not None for d in p.caps_docs]
            if self.ner is not None and subdocs:
                tagged = iter(list(self.ner.pipe(subdocs)))
                for p in prepared:
                    if p is not None:
                        p.caps_docs = [next(tagged) for _ in p.caps_docs]
            for doc, p in zip(batch, prepared, strict=True):
                if p is not None:
                    self.write(doc, p.tokens, self.find(p))
                yield doc

    # ------------------------------------------------------------------ find
    def _prepare(self, doc: Doc) -> Prepared | None:
        if not doc.has_annotation("ENT_IOB"):
            return None  # no NER ran: nothing to correct
        tokens = Tokens(doc)
        caps = self._caps_sentences(doc, tokens)
        words = self._truecase(tokens, caps) if caps else tokens.text
        caps_docs = [Doc(self.vocab, words=words[s:e], spaces=[bool(w) for w in tokens.ws[s:e]]) for s, e in caps]
        return Prepared(doc, tokens, caps, words, caps_docs)

    def find(self, p: Prepared) -> list[Entity]:
        """The document's entities: mentions found, cleaned, retyped, linked and typed."""
        doc, tokens, words = p.doc, p.tokens, p.words
        in_caps = [False] * tokens.n
        for s, e in p.caps:
            for i in range(s, e):
                in_caps[i] = True
        recased = self.ner is not None
        mentions = [
            Mention(e.start, e.end, e.label_, "ner")
            for e in doc.ents
            if e.label_ in ENTITY_TYPES and not (recased and in_caps[e.start])
        ]
        if recased:
            for (s, _), sub in zip(p.caps, p.caps_docs, strict=True):
                mentions += [
                    Mention(s + ent.start, s + ent.end, ent.label_, "caps")
                    for ent in sub.ents
                    if ent.label_ in ENTITY_TYPES
                ]
        mentions = [piece for m in mentions for piece in self._clean(tokens, m)]
        sports_doc = self.sports and self._is_sports(tokens)
        if self.matcher is not None:
            mentions = self._apply_tables(p, mentions, sports_doc)
        mentions = _drop_overlaps(self._merge_adjacent_norp(tokens, mentions))
        if sports_doc:
            mentions = self._sports_rows(tokens, mentions, words)
            self._athletes(tokens, mentions)
        clusters = self._link(tokens, mentions, words, in_caps) if self.link else [[m] for m in mentions]
        entities = [self._entity(tokens, c) for c in clusters]
        if sports_doc:
            self._sports_teams(tokens, entities)
        return entities

    # caps sentences ---------------------------------------------------------
    def _sentences(self, doc: Doc, tokens: Tokens) -> list[tuple[int, int]]:
        """Sentence token ranges: the parser's when set, else lines."""
        if doc.has_annotation("SENT_START"):
            return [(s.start, s.end) for s in doc.sents]
        out, start = [], 0
        for i in range(tokens.n):
            if "\n" in tokens.text[i] or "\n" in tokens.ws[i]:
                out.append((start, i + 1))
                start = i + 1
        if start < tokens.n:
            out.append((start, tokens.n))
        return out

    def _caps_sentences(self, doc: Doc, tokens: Tokens) -> list[tuple[int, int]]:
        out = []
        for s, e in self._sentences(doc, tokens):
            words = [w for w in tokens.text[s:e] if _is_word(w)]
            upper = [w for w in words if w.isupper()]
            if (
                words
                and len(upper) >= CAPS_SHARE * len(words)
                and sum(1 for w in upper if w not in self.acronyms) >= CAPS_MIN_WORDS
            ):
                out.append((s, e))
        return out

    def _truecase(self, tokens: Tokens, caps: list[tuple[int, int]]) -> list[str]:
        """Token texts with the capitals sentences truecased.

        A word takes the casing it has most often in the document's ordinary
        sentences ("LEICESTERSHIRE" -> "Leicestershire", "TAKE" -> "take",
        "KDP" -> "KDP"); unseen words are title-cased, function words lowered.
        """
        words = list(tokens.text)
        in_caps = set()
        for s, e in caps:
            in_caps.update(range(s, e))
        seen: dict[str, Counter] = defaultdict(Counter)
        for i, w in enumerate(words):
            if i in in_caps or not w[:1].isalpha():
                continue
            if tokens.sent_start[i] and w[:1].isupper() and w[1:].islower():
                continue  # a sentence-initial capital says nothing about the word
            seen[w.lower()][w] += 1
        for s, e in caps:
            for i in range(s, e):
                w = words[i]
                if not (w.isupper() and any(c.isalpha() for c in w)) or w in self.acronyms or "." in w:
                    continue
                forms = seen.get(w.lower())
                if forms:
                    words[i] = forms.most_common(1)[0][0]
                elif w.lower() in FUNCTION_WORDS and i != s:
                    words[i] = w.lower()
                else:
                    words[i] = "-".join(p[:1] + p[1:].lower() for p in w.split("-"))
        return words

    # clean ------------------------------------------------------------------
    def _clean(self, tokens: Tokens, m: Mention) -> list[Mention]:
        """Trim and split one mention; returns 0, 1 or more pieces.

        Split at brackets, colons, spaced dashes and commas ("Grace Road,
        Leicestershire" is two places), and at numbers inside the name of a
        person or place ("Pohang 3 Ulsan" is a score line). Drop leading
        determiners and month or day names ("August Chicago NAPM"), trailing
        possessives, scores, phone numbers and lowercase words ("Interfax news
        agency"). A lone initial before a name belongs to it ("I. Healy").
        """
        text, ws, low, punct = tokens.text, tokens.ws, tokens.lower, tokens.punct
        named_thing = m.label not in WORKS
        pieces = []
        start = m.start
        for i in range(m.start, m.end):
            spaced = bool(ws[i]) and i > 0 and bool(ws[i - 1])
            if (
                text[i] in ("(", ")", "[", "]", ":", ";", "|", '"', ",")
                or (text[i] in ("-", "--", "/") and spaced)
                or (named_thing and m.start < i < m.end - 1 and _SCORE_RE.match(text[i]))
            ):
                pieces.append((start, i))
                start = i + 1
        pieces.append((start, m.end))
        out = []
        for s, e in pieces:
            while s < e and (
                low[s] in DETERMINERS or punct[s] or (low[s] in CALENDAR_WORDS and e - s > 1 and text[s] != "May")
            ):
                s += 1
            while e > s and (
                punct[e - 1]
                or low[e - 1] in ("'s", "'", "’s", "’")
                or (_SCORE_RE.match(text[e - 1]) and (named_thing or e - s > 2 and _SCORE_RE.match(text[e - 2])))
                or (text[e - 1].islower() and e - 1 > s)
            ):
                e -= 1
            if s >= e or not any(c.isalpha() for w in text[s:e] for c in w) or self._not_a_name(tokens, s, e):
                continue
            label = m.label
            if s == m.start and s > 0 and _INITIAL_RE.match(text[s - 1]) and label != "NORP":
                s -= 1  # "I. Healy": scorecards and bylines name people by initial
                label = "PERSON"
            out.append(Mention(s, e, label, m.source, m.table))
        return out

    def _not_a_name(self, tokens: Tokens, s: int, e: int) -> bool:
        """A lone common noun ('Men', 'Attendance') or a sport named in a headline ('SOCCER')."""
        text = " ".join(tokens.lower[s:e])
        if text in SPORTS or (e - s == 1 and text in TABLE_WORDS):
            return True
        return e - s == 1 and tokens.tag[s] in ("NN", "NNS") and text not in self.tables.lower_forms

    # tables -----------------------------------------------------------------
    def _table_matches(self, p: Prepared) -> list[tuple[int, int, str]]:
        """Table names in the text (capitals sentences matched in their truecased form), longest first."""
        assert self.matcher is not None
        caps_at = {s: e for s, e in p.caps}
        found = [
            (s, e, p.tokens.span_text(s, e))
            for s, e in self.matcher(p.tokens.text)
            if not any(cs <= s < ce for cs, ce in caps_at.items())
        ]
        for cs, ce in p.caps:  # the capitals sentences in their truecased form
            found += [(cs + s, cs + e, p.tokens.span_text(cs + s, cs + e, p.words)) for s, e in self.matcher(p.words[cs:ce])]
        found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        chosen = []
        last_end = -1
        for s, e, form in found:
            if s >= last_end:
                chosen.append((s, e, form))
                last_end = e
        return chosen

    def _apply_tables(self, p: Prepared, mentions: list[Mention], sports_doc: bool) -> list[Mention]:
        tokens = p.tokens
        by_span = {(m.start, m.end): m for m in mentions}
        covered: list[Mention | None] = [None] * tokens.n
        for m in mentions:
            for i in range(m.start, m.end):
                covered[i] = m
        for s, e, form in self._table_matches(p):
            entry = self.tables.names.get(form)
            if entry is None:
                continue
            _, typ, kind = entry
            m = by_span.get((s, e))
            if m is not None:
                m.table = entry
                if self._retype(m.label, typ, kind, sports_doc):
                    m.label = typ
                continue
            inside = {id(covered[i]): covered[i] for i in range(s, e) if covered[i] is not None}
            new = None
            if inside:
                # a longer table name around shorter NER mentions ("Syrian" in
                # "Syrian Arab News Agency"): the table name wins
                olds = [o for o in inside.values() if o is not None]
                if all(s <= o.start and o.end <= e for o in olds) and kind != "demonym":
                    for o in olds:
                        mentions.remove(o)
                    new = Mention(s, e, typ, "table", entry)
            elif self.add_missing and self._safe_to_add(tokens, p.words, s, e, form, kind):
                new = Mention(s, e, typ, "table", entry)
            if new is not None:
                mentions.append(new)
                for i in range(s, e):
                    covered[i] = new
        return mentions

    def _retype(self, ner_label: str, table_type: str, kind: str, sports_doc: bool) -> bool:
        """Whether the table's type replaces spaCy's for an exact table name."""
        if ner_label == table_type:
            return False
        if kind in TOWN_KINDS:
            # a town tagged ORG in a sports report is a club; elsewhere a
            # known place tagged PERSON or ORG is a misreading
            return not (sports_doc and ner_label == "ORG")
        return True

    def _safe_to_add(self, tokens: Tokens, words: list[str], s: int, e: int, form: str, kind: str) -> bool:
        """Whether an unmarked table name may be added as a mention."""
        if kind == "subdivision" or (kind == "city" and self.tables.population.get(form, 0) < ADD_CITY_POPULATION):
            return False
        if not form[:1].isupper():
            return False
        if e - s == 1:
            low = form.lower()
            if low in self.stop_words or low in tokens.lower_words:
                return False  # "US" as "us", "May" the month, "Turkey" the bird in a recipe
            if len(form) <= 2 and not form.isupper():
                return False
        # a name inside a bigger capitalised name that NER did not mark
        # ("Washington Post", "Paris Saint-Germain") is not ours to cut out
        text, start = words, tokens.sent_start  # truecased: a headline's capitals are not names
        if s > 0 and text[s - 1][:1].isupper() and not start[s - 1] and not tokens.punct[s - 1] and not start[s]:
            return False
        return not (e < tokens.n and text[e][:1].isupper() and text[e].isalpha() and not start[e])

    # norp -------------------------------------------------------------------
    def _merge_adjacent_norp(self, tokens: Tokens, mentions: list[Mention]) -> list[Mention]:
        """'Iraqi Kurds', 'Bosnian Serb': two adjacent NORP words are one name."""
        mentions.sort(key=lambda m: (m.start, -m.end))
        out: list[Mention] = []
        for m in mentions:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.label == m.label == "NORP"
                and prev.end == m.start
                and tokens.ws[prev.end - 1] == " "
            ):
                out[-1] = Mention(prev.start, m.end, "NORP", prev.source)
                continue
            out.append(m)
        return out

    # link -------------------------------------------------------------------
    def _link(
        self, tokens: Tokens, mentions: list[Mention], words: list[str], in_caps: list[bool]
    ) -> list[list[Mention]]:
        mentions.sort(key=lambda m: m.start)
        parent = list(range(len(mentions)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            ri, rj = root(i), root(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)

        def add(m: Mention) -> int:
            mentions.append(m)
            parent.append(len(parent))
            return len(mentions) - 1

        def key_of(m: Mention) -> tuple[str, ...]:
            return tuple(w.lower() for w in words[m.start : m.end])

        # the same name (case-insensitive) or the same table entry
        by_key: dict[object, int] = {}
        for i, m in enumerate(mentions):
            keys: list[object] = [key_of(m)]
            if m.table is not None:
                keys.append(("table", m.table[0]))
            for k in keys:
                if k in by_key:
                    union(i, by_key[k])
                else:
                    by_key[k] = i
        self._link_acronyms(tokens, mentions, words, union, add)
        full_names = self._link_people(mentions, words, union)
        # places named with their kind: "Homs Province" = "Homs", "City of Palmyra" = "Palmyra";
        # armed forces: "Syrian Armed Forces" = "Syrian Army"
        variants: dict[tuple[str, ...], int] = {}
        for i, m in enumerate(mentions):
            key = _variant_key(words[m.start : m.end])
            if key is not None:
                if key in variants:
                    union(i, variants[key])
                else:
                    variants[key] = i
        for i, m in enumerate(mentions):
            j = variants.get(("place", *key_of(m)))
            if j is not None and j != i:
                union(i, j)
        # organisations' short names: "Magna" for "Magna International Inc",
        # "Eagles" for "Philadelphia Eagles"
        short_orgs: dict[tuple[str, ...], int] = {}
        for i, m in enumerate(mentions):
            if m.label == "ORG" and m.end - m.start >= 2:
                for form in self._short_forms(words[m.start : m.end]):
                    short_orgs.setdefault(form, i)
        for i, m in enumerate(mentions):
            j = short_orgs.get(key_of(m))
            if j is not None and j != i and m.label != "NORP" and (m.table is None or m.label == "ORG"):
                m.label, m.source = "ORG", "link"
                union(i, j)
        if self.propagate:
            forms: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
            for i, m in enumerate(mentions):
                if m.label != "NORP":
                    k = key_of(m)
                    forms[k[0]].append((k, i))
            for surname, j in full_names.items():
                forms[surname].append(((surname,), j))
            for short, j in short_orgs.items():
                forms[short[0]].append((short, j))
            for s, e, j in self._unmarked(tokens, mentions, words, in_caps, forms):
                union(add(Mention(s, e, mentions[j].label, "link", mentions[j].table)), j)
        groups: dict[int, list[Mention]] = defaultdict(list)
        for i, m in enumerate(mentions):
            groups[root(i)].append(m)
        return [sorted(g, key=lambda m: m.start) for _, g in sorted(groups.items())]

    def _link_acronyms(self, tokens: Tokens, mentions: list[Mention], words: list[str], union, add) -> None:
        """'Syrian Arab News Agency ( SANA )', and an all-caps name spelling a longer name's initials."""
        long_by_initials: dict[str, int] = {}
        for i, m in enumerate(mentions):
            if m.end - m.start >= 2 and m.label not in ("PERSON", "NORP"):
                ini = "".join(
                    w[0] for w in words[m.start : m.end] if w.lower() not in ACRONYM_SKIP and w[:1].isalpha()
                ).upper()
                if len(ini) >= 2:
                    long_by_initials.setdefault(ini, i)
        starts = {m.start: i for i, m in enumerate(mentions)}
        for i, m in enumerate(list(mentions)):
            text = "".join(words[m.start : m.end]).replace(".", "")
            if m.end - m.start == 1 and text.isupper() and text in long_by_initials:
                union(i, long_by_initials[text])
            # "Name ( ACR )" where the NER missed or mistyped the acronym
            bracketed = m.end + 2 < tokens.n and tokens.text[m.end] == "(" and tokens.text[m.end + 2] == ")"
            if m.end - m.start >= 2 and bracketed:
                acr = tokens.text[m.end + 1]
                if _ACRONYM_RE.match(acr) and acr[0] == words[m.start][0].upper():
                    j = starts.get(m.end + 1)
                    if j is None:
                        j = add(Mention(m.end + 1, m.end + 2, m.label, "link"))
                    else:
                        mentions[j].label = m.label
                    union(i, j)

    def _link_people(self, mentions: list[Mention], words: list[str], union) -> dict[str, int]:
        """'Titov' after 'Vladimir Titov'; 'Wang' after 'Wang Donghai' (family name first), unless a known name."""
        full_names: dict[str, int] = {}
        given_names: dict[str, int] = {}
        for i, m in enumerate(mentions):
            toks = words[m.start : m.end]
            if m.label == "PERSON" and len(toks) >= 2 and all(w[:1].isupper() for w in toks):
                full_names.setdefault(toks[-1].lower(), i)
                given_names.setdefault(toks[0].lower(), i)
        for i, m in enumerate(mentions):
            if m.end - m.start != 1 or m.label == "NORP":
                continue
            low = words[m.start].lower()
            j = full_names.get(low)
            if j is None and m.table is None and m.label != "PERSON":
                j = given_names.get(low)
            if j is not None:
                m.label, m.source = "PERSON", "link"
                union(i, j)
        return full_names

    def _short_forms(self, toks: list[str]) -> list[tuple[str, ...]]:
        """Shorter names an organisation goes by later in the article."""
        out = []
        low = [w.lower() for w in toks]
        end = len(low)
        while end > 1 and low[end - 1].rstrip(".") in CORP_SUFFIXES:
            end -= 1
            out.append(tuple(low[:end]))
        first = self.tables.names.get(toks[0])
        if first is not None and first[2] in TOWN_KINDS and end >= 2:
            out.append(tuple(low[1:end]))
        return [f for f in out if f and len(" ".join(f)) >= PROPAGATE_MIN_CHARS]

    def _unmarked(
        self,
        tokens: Tokens,
        mentions: list[Mention],
        words: list[str],
        in_caps: list[bool],
        forms: dict[str, list[tuple[tuple[str, ...], int]]],
    ) -> list[tuple[int, int, int]]:
        """Unmarked occurrences of names already found: (start, end, index of the mention they repeat)."""
        text, low, n = words, tokens.lower, tokens.n  # truecased: a headline's capitals are not names
        covered = [False] * n
        for m in mentions:
            for i in range(m.start, m.end):
                covered[i] = True
        out = []
        for i in range(n):
            if covered[i] or not tokens.text[i][:1].isupper():
                continue
            cands = forms.get(words[i].lower())
            if not cands:
                continue
            for toks, j in sorted(cands, key=lambda c: -len(c[0])):
                e = i + len(toks)
                if e > n or any(covered[i:e]) or tuple(w.lower() for w in words[i:e]) != toks:
                    continue
                if len(tokens.span_text(i, e)) < PROPAGATE_MIN_CHARS:
                    continue
                if len(toks) == 1 and (toks[0] in self.stop_words or toks[0] in tokens.lower_words):
                    continue
                # cased like a name (or in a capitals sentence) ...
                if not in_caps[i] and not all(w[:1].isupper() for w in words[i:e] if w.lower() not in ACRONYM_SKIP):
                    continue
                # ... and not a piece of a longer capitalised name
                if e < n and text[e][:1].isupper() and text[e].isalpha() and not in_caps[i]:
                    continue
                prev = i - 1
                if prev >= 0 and text[prev][:1].isupper() and text[prev].isalpha() and low[prev] not in DETERMINERS:
                    if not tokens.sent_start[i]:
                        continue
                out.append((i, e, j))
                for k in range(i, e):
                    covered[k] = True
                break
        return out

    # entity -----------------------------------------------------------------
    def _entity(self, tokens: Tokens, ms: list[Mention]) -> Entity:
        table = next((m.table for m in ms if m.table is not None and m.table[2] != "demonym"), None)
        votes: Counter = Counter()
        for m in ms:
            votes[m.label] += WEIGHT[m.source]
        if any(m.source == "link" and m.label == "PERSON" for m in ms) and any(
            m.label == "PERSON" and m.end - m.start >= 2 for m in ms
        ):
            label = "PERSON"
        elif table is not None and any(m.label == table[1] for m in ms):
            label = table[1]
        else:
            label = max(votes.items(), key=lambda kv: (kv[1], -min(m.start for m in ms if m.label == kv[0])))[0]
        if label in ("PERSON", "WORK_OF_ART", "PRODUCT") and table is None and not any(
            m.label == "PERSON" and m.end - m.start >= 2 and not _place_evidence(tokens, m) for m in ms
        ):
            # a "person" that is only ever somewhere ("in Palmyra", "the city of Palmyra") is a place
            evidence = sum(1 for m in ms if _place_evidence(tokens, m))
            if evidence and evidence >= PLACE_EVIDENCE_SHARE * len(ms):
                label = "GPE"
            elif label == "PERSON" and all(_the_one_word(tokens, m) for m in ms):
                # "the Danube", "the Alps": a single name a person never wears with "the"
                label = "LOC"
        surfaces: list[str] = []
        for m in ms:
            text = tokens.span_text(m.start, m.end)
            if text not in surfaces:
                surfaces.append(text)
        name = _canonical(surfaces, table)
        return Entity(ms, label, name, [s for s in surfaces if s != name])

    # sports -----------------------------------------------------------------
    def _is_sports(self, tokens: Tokens) -> bool:
        """The first line names a sport ('SOCCER - ...', 'Cricket: ...')."""
        end = next((i for i in range(min(tokens.n, 12)) if "\n" in tokens.text[i]), min(tokens.n, 12))
        first = tokens.span_text(0, end).lower() if end else ""
        head = re.split(r"\s[-:]\s|:", first, maxsplit=1)[0].strip()
        return head in SPORTS

    def _sports_rows(self, tokens: Tokens, mentions: list[Mention], words: list[str]) -> list[Mention]:
        """Names heading the figures of a results or standings line are competitors.

        "Swansea 49 Cardiff 23", "OB 42 6 62 .409": a run of capitalised
        words (at the start of a line or after figures or punctuation)
        followed by a score. spaCy rarely marks them; a country becomes GPE
        (a national team), anything else ORG (a club). Runs spaCy already
        marked keep their mention.
        """
        text, n = tokens.text, tokens.n
        covered = [False] * n
        for m in mentions:
            for i in range(m.start, m.end):
                covered[i] = True
        i = 0
        while i < n:
            opens = tokens.line_start(i) or tokens.punct[i - 1] or _SCORE_RE.match(text[i - 1])
            if not opens or covered[i] or not _is_name_word(words[i]):
                i += 1
                continue
            j = i
            while j < n and j - i < MAX_TEAM_WORDS and _is_name_word(words[j]) and not covered[j]:
                j += 1
            if j < n and _SCORE_RE.match(text[j]) and not _starts_date(tokens, j):
                first = words[i].lower()
                if not (
                    first in TABLE_WORDS
                    or first in self.stop_words
                    or first in CALENDAR_WORDS
                    or " ".join(words[i:j]).lower() in SPORTS
                    or (j - i == 1 and tokens.tag[i] in ("NN", "NNS"))
                ):
                    entry = self.tables.names.get(" ".join(words[i:j])) or self.tables.names.get(tokens.span_text(i, j))
                    if entry is not None and entry[2] in ("country", "demonym", "region"):
                        mentions.append(Mention(i, j, entry[1], "rule", entry))
                    else:
                        mentions.append(Mention(i, j, "ORG", "rule", entry))
                    for k in range(i, j):
                        covered[k] = True
            i = max(j, i + 1)
        return mentions

    def _athletes(self, tokens: Tokens, mentions: list[Mention]) -> None:
        """'Davidson Ezinwa ( Nigeria )', 'Cosmin Contra ( 31st )': results list people by country or minute."""
        by_start = {m.start: m for m in mentions}
        text = tokens.text
        for m in mentions:
            if m.label == "PERSON" or m.table is not None or not 2 <= m.end - m.start <= 3:
                continue
            if not all(_is_name_word(w) and not w.isupper() for w in text[m.start : m.end]):
                continue
            if m.end + 2 < tokens.n and text[m.end] == "(" and text[m.end + 2] == ")":
                inner = by_start.get(m.end + 1)
                is_country = inner is not None and inner.table is not None and inner.table[2] == "country"
                if is_country or _MINUTE_RE.match(text[m.end + 1]):
                    m.label = "PERSON"

    def _sports_teams(self, tokens: Tokens, entities: list[Entity]) -> None:
        """In a sports report, a place (not a country) used as a competitor is a club: ORG.

        A competitor is followed by a score or table figures, or stands next
        to "beat" / "v" / "against"; a venue follows "at" or "in"; a dateline
        opens a line. Other mentions are clubs unless the place is mostly
        a venue. When one name is used both ways, the club and the place
        become two entities.
        """
        for ent in list(entities):
            if ent.label not in ("GPE", "LOC", "PERSON") or any(m.end - m.start > 3 for m in ent.mentions):
                continue
            table = next((m.table for m in ent.mentions if m.table is not None), None)
            if table is not None and table[2] in ("country", "demonym", "region"):
                continue
            if ent.label == "PERSON" and table is None:
                continue
            roles = [_sports_role(tokens, m) for m in ent.mentions]
            counts = Counter(roles)
            club_default = counts["venue"] + counts["dateline"] < len(roles) / 2 or counts["competitor"] > 0
            is_club = [r == "competitor" or (r == "" and club_default) for r in roles]
            club = [m for m, c in zip(ent.mentions, is_club, strict=True) if c]
            place = [m for m, c in zip(ent.mentions, is_club, strict=True) if not c]
            if not club:
                continue
            if not place:
                ent.label = "ORG"
                continue
            ent.mentions = place
            entities.append(Entity(club, "ORG", ent.name, list(ent.aliases)))

    # ------------------------------------------------------------------ write
    def write(self, doc: Doc, tokens: Tokens, entities: list[Entity]) -> None:
        entities = sorted(entities, key=lambda en: en.mentions[0].start)
        idx, text = tokens.idx, tokens.text
        doc._.newsift_entities = [
            {
                "id": f"e{n}",
                "name": ent.name,
                "type": ent.label,
                "aliases": ent.aliases,
                "mentions": [
                    {"start": idx[m.start], "end": idx[m.end - 1] + len(text[m.end - 1])} for m in ent.mentions
                ],
            }
            for n, ent in enumerate(entities, start=1)
        ]


# --------------------------------------------------------------------------- helpers
def _is_word(w: str) -> bool:
    """A token with two or more letters."""
    return len(w) >= 2 and (w.isalpha() or sum(c.isalpha() for c in w) >= 2)


def _variant_key(toks: list[str]) -> tuple[str, ...] | None:
    """A key shared by two ways of naming one place or force, or None."""
    low = [w.lower() for w in toks]
    if len(low) >= 3 and low[0] in PLACE_HEADS and low[1] == "of":
        return ("place", *low[2:])
    if len(low) >= 2 and low[-1] in PLACE_SUFFIXES:
        return ("place", *low[:-1])
    for head in MILITARY_HEADS:
        n = len(head)
        if len(low) > n and tuple(low[-n:]) == head:
            return ("military", *low[:-n])
    return None


def _place_evidence(tokens: Tokens, m: Mention) -> bool:
    """'in Palmyra', 'around Palmyra', 'the city of Palmyra', 'City of Palmyra', 'Homs Province'."""
    low = tokens.lower
    own = low[m.start : m.end]
    if (len(own) >= 3 and own[0] in PLACE_HEADS and own[1] == "of") or (len(own) >= 2 and own[-1] in PLACE_SUFFIXES):
        return True
    if m.start >= 1 and low[m.start - 1] in LOCATIVE:
        return True
    return m.start >= 2 and low[m.start - 1] == "of" and low[m.start - 2] in PLACE_HEADS


def _the_one_word(tokens: Tokens, m: Mention) -> bool:
    """A one-word name right after "the" ("the Danube rose")."""
    return m.end - m.start == 1 and m.start >= 1 and tokens.lower[m.start - 1] == "the"


def _is_name_word(w: str) -> bool:
    """A capitalised word that can be part of a team's name ('Swansea', 'OB', 'St', "O'Neill")."""
    return w[:1].isupper() and w.replace("'", "").replace("-", "").replace(".", "").isalpha()


def _sports_role(tokens: Tokens, m: Mention) -> str:
    """'competitor' ('Essex 320', 'beat Somerset'), 'venue' ('at Leicester'), 'dateline' or ''."""
    text, low = tokens.text, tokens.lower
    nxt = m.end if m.end < tokens.n else None
    prev = m.start - 1 if m.start > 0 else None
    if _starts_date(tokens, m.end) or (nxt is not None and text[nxt] in (":", "(") and tokens.line_start(m.start)):
        return "dateline"
    if prev is not None and low[prev] in ("at", "in", "from", "to", "near"):
        return "venue"
    if nxt is not None and _SCORE_RE.match(text[nxt]):
        return "competitor"
    if nxt is not None and low[nxt] in ("beat", "beats", "drew", "lost", "won", "v", "vs", "vs.", "v."):
        return "competitor"
    if prev is not None and low[prev] in ("beat", "v", "vs", "vs.", "v.", "against"):
        return "competitor"
    return ""


def _starts_date(tokens: Tokens, i: int) -> bool:
    """A dateline's date: '1996-08-30' (spaCy splits it at the dashes) or '08/30/1996'."""
    if i >= tokens.n:
        return False
    if _DATE_RE.match(tokens.text[i]):
        return True
    return bool(_DASHED_DATE_RE.match("".join(tokens.text[i : i + 5])))


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (earliest on ties)."""
    taken: set[int] = set()
    out = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if any(i in taken for i in range(m.start, m.end)):
            continue
        taken.update(range(m.start, m.end))
        out.append(m)
    return sorted(out, key=lambda m: m.start)


def _canonical(surfaces: list[str], table: tuple[str, str, str] | None) -> str:
    """The longest full form: the table's canonical name, else the longest surface that is not an acronym."""
    if table is not None:
        return table[0]

    def rank(s: str) -> tuple[int, int, int, int]:
        words = s.split()
        is_acronym = s.replace(".", "").isupper()
        kind_of = len(words) >= 3 and words[0].lower() in PLACE_HEADS and words[1] == "of"  # "City of Palmyra"
        return (0 if is_acronym else 1, 0 if kind_of else 1, len(words), len(s))

    return max(surfaces, key=rank)
