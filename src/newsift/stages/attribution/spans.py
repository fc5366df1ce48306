"""From a cue token to the spans PolNeAR annotates: content, source, cue.

The extents follow the PolNeAR guidelines (Newell, Margolin & Ruths 2018):
the content excludes the cue and the source; it keeps a complementiser
("that ..."); a direct quotation keeps its marks, and a quotation split
around its cue ("A," he said. "B.") is one content in several parts. A
source is the phrase as written, relative pronouns included ("who said").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .cues import IMPERSONAL_ADVERBS, QuoteIndex, subject_of
from .lexicon import lexicon
from .quotes import doc_text

#: complements whose subtree is what was said, believed or shown
COMPLEMENT_DEPS = ("ccomp", "xcomp", "dobj", "dative", "prep", "oprd", "attr", "acomp", "advcl", "parataxis",
                   "npadvmod")
#: prepositions that introduce circumstances (where, when, how), not content
CIRCUMSTANCE_PREPS = frozenset({
    "in", "at", "during", "after", "before", "since", "until", "while", "with", "through", "throughout",
    "across", "near", "outside", "inside", "via", "from", "by", "amid", "following", "despite", "like",
    "into", "onto", "upon", "within", "without", "than", "because",
})
#: noun-cue prepositions that introduce the source ("criticism from X", "a statement by X")
SOURCE_PREPS = frozenset({"from", "by"})
#: share of a content's characters that must lie inside a quotation for the content to become
#: that quotation (a parse often links only the first quoted sentence; 0.9 leaves "said that “…”"
#: mixed contents alone; chosen by hand on tune articles)
SNAP_SHARE = 0.5
#: a headline speaker ("Hacker Guccifer:") is at most this many tokens
HEADLINE_SPEAKER_TOKENS = 8
#: verb tags of cues that have a speaker even when the parse lost it (finite verbs and
#: participles; not infinitives or passives, which may lack one)
FALLBACK_TAGS = frozenset({"VBD", "VBZ", "VBP", "VBG"})
#: how far (tokens) to look for a speaker the parse did not attach
SPEAKER_SEARCH_TOKENS = 6
QUOTE_CHARS = frozenset({'"', "\u201c", "\u201d", "''", "``", "\u00ab", "\u00bb"})
#: dependencies by which a trailing participle hangs from the clause it comments on
PARTICIPLE_DEPS = frozenset({"advcl", "conj", "xcomp", "acl"})
#: punctuation after which a participle trails the clause before it
CLAUSE_BREAKS = frozenset({",", "\u2014", "\u2013", "--", "-", ";"})
#: punctuation that sets off a clause of its own (a comma does not: '"A," she said, "B"')
CLAUSE_SETTERS = (CLAUSE_BREAKS - {","}) | {":"}
#: verbs whose infinitive speaks for their subject even with an object between ("used the
#: occasion to ...", "promised them to ..."): subject-control exceptions of English grammar
SUBJECT_CONTROL_VERBS = frozenset({"use", "promise"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
PASSIVE_CONTENT_SUBJECT = frozenset({"nsubjpass"})


@dataclass
class Found:
    """One attribution before its source is resolved and typed."""

    cue: tuple[int, int]
    cue_token: int
    content: list[tuple[int, int]]
    source: tuple[int, int] | None
    source_token: int | None
    kind: str
    score: float = 0.0
    rule: str = ""  # which rule built the content (for debugging and evaluation breakdowns)
    quote: int | None = None  # index of the quotation that is the content, if any
    extent: float | None = None  # the content ranker's probability that the extent is right
    via: list[int] = field(default_factory=list)  # token indices of relays ("according to Sputnik")


def _sub(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return trim_text(doc_text(doc), start, end)


def trim_text(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip blanks and the commas, dashes and colons that join a content to its cue."""
    strip = ",;:\u2014\u2013-"
    while start < end and (text[start].isspace() or text[start] in strip):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in strip):
        end -= 1
    return start, end


#: relative pronouns that open a non-restrictive clause after a comma ("…, which includes …")
TRAILING_RELATIVES = frozenset({"which", "who", "whom", "whose", "where"})
#: parts of speech that open a trailing apposition the annotators leave out ("…, the latest …", "…, one of …")
TRAILING_APPOSITION_POS = frozenset({"DET", "NUM"})


def trim_tail(doc: Doc, lo: int, hi: int) -> int:
    """The last token index to keep of content tokens ``lo..hi``.

    Cuts a trailing non-restrictive relative clause ("…, which includes …")
    or a trailing apposition ("…, the latest in a series"), which the PolNeAR
    annotators mostly leave outside the content. Participles, adverbial
    clauses ("…, because …", "… while …") and other appositions stay: on the
    training articles the annotators keep them more often than not.
    """
    for k in range(lo + 1, hi):
        if doc[k].text not in (",", "—", "--", "-", "–", ";"):
            continue
        nxt = doc[k + 1]
        head = nxt if nxt.head.i > hi or nxt.head.i < k + 1 else nxt.head
        while head.head.i != head.i and k + 1 <= head.head.i <= hi:
            head = head.head
        if head.left_edge.i < k + 1 or head.right_edge.i < hi - 1:
            continue
        if (head.dep_ == "relcl" and nxt.lower_ in TRAILING_RELATIVES) or (
                head.dep_ == "appos" and nxt.pos_ in TRAILING_APPOSITION_POS):
            return k - 1
    return hi


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Char span ``start..end`` of a parsed content with its trailing modifiers cut."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 3:
        return start, end
    last = trim_tail(doc, span.start, span.end - 1)
    if last < span.end - 1:
        return _trim(doc, start, doc[last].idx + len(doc[last]))
    return start, end


def _span_of(tokens: list[Token]) -> tuple[int, int]:
    lo = min(t.left_edge.idx for t in tokens)
    hi = max(t.right_edge.idx + len(t.right_edge) for t in tokens)
    return lo, hi


def cue_span(tok: Token) -> tuple[int, int]:
    """The cue as written: the head plus adjacent auxiliaries, negation and particles."""
    doc = tok.doc
    lo = hi = tok.i
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        hi = tok.i + 1
    kids = {c.i for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "prt")}
    while lo - 1 in kids:
        lo -= 1
    while hi + 1 in kids:
        hi += 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def source_token(tok: Token, content: list[tuple[int, int]] | None = None) -> Token | None:
    """The token heading the source phrase of cue ``tok`` (None for "it is believed")."""
    if tok.lower_ == "according":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "to":
                for cc in c.children:
                    if cc.dep_ == "pobj":
                        return cc
        # "according the the agency" (a dropped "to"): the noun phrase it governs
        for c in tok.subtree:
            if c.i > tok.i and c.pos_ in ("PROPN", "NOUN") and c.head.i in (tok.i, tok.i + 1):
                return c
        return None
    if tok.text == ":":
        # a headline's "Speaker: what they said": the words before the colon on its line
        start = _speaker_start(tok)
        if start is not None:
            words = [t for t in tok.doc[start:tok.i] if not t.is_punct and not t.is_space]
            if words:
                return max(words, key=lambda t: (t.pos_ == "PROPN", t.i))
        return None
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ == "poss":
                return c
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS:
                for cc in c.children:
                    if cc.dep_ == "pobj":
                        return cc
        # "X made a statement", "in a statement, X said": the verb's subject
        head = tok.head
        if tok.dep_ in ("dobj", "pobj") and head.i != tok.i:
            verb = head.head if tok.dep_ == "pobj" else head
            if verb.pos_ in ("VERB", "AUX"):
                return subject_of(verb)
        return None
    for c in tok.children:
        if c.dep_ == "agent":
            for cc in c.children:
                if cc.dep_ == "pobj":
                    return cc
    subj = _sentence_speaker(tok) or _conjoined_reporter(tok) or _controller(tok)
    if subj is None:
        subj = subject_of(tok, content)
    if subj is not None and content and any(s <= subj.idx < e for s, e in content):
        subj = None
    if subj is not None and subj.dep_ == "nsubjpass" and subj.head.i == tok.i:
        return None  # "X is believed to ...": X is content, no source
    if subj is not None and subj.dep_ == "csubj":
        return None
    if subj is None and _has_speaker(tok) and not any(c.dep_ in ("auxpass", "aux") and c.lower_ == "to"
                                                             or c.dep_ == "auxpass" for c in tok.children):
        subj = _nearest_speaker(tok)
    return subj


def _trailing_participle(tok: Token) -> bool:
    """A participle that trails its clause after a comma or dash ("…, saying that …", "…, while
    insisting …", '"…," adding')."""
    if tok.tag_ != "VBG" or tok.dep_ not in PARTICIPLE_DEPS:
        return False
    doc = tok.doc
    i = tok.i - 1
    if i > 0 and doc[i].dep_ == "mark" and doc[i].head.i == tok.i:
        i -= 1  # "…, while insisting"
    while i > 0 and doc[i].text in QUOTE_CHARS | {"'"}:
        i -= 1  # '"…," adding'
    return i >= 0 and doc[i].text in CLAUSE_BREAKS


def _sentence_speaker(tok: Token) -> Token | None:
    """The speaker of a trailing participle: the subject of the nearest reporting verb above it,
    else of its sentence's main verb.

    News prose hangs "…, saying …" on the whole report ("X said that Y wants
    Z, adding …": X adds; "Y did Z, X explained, recalling …": X recalls),
    however deep the parser attached it, even inside a relative clause.
    None when no such subject precedes the participle.
    """
    if not _trailing_participle(tok):
        return None
    verbs = lexicon().verbs
    top = tok
    while top.head.i != top.i:
        top = top.head
        subjects = _subjects_before(top, tok)
        if subjects and "speech" in verbs.get(top.lemma_.lower(), ()):
            return subjects[-1]
    subjects = _subjects_before(top, tok) if top.i != tok.i else []
    return subjects[-1] if subjects else None


def _conjoined_reporter(tok: Token) -> Token | None:
    """The speaker of a cue verb conjoined inside a report: "X said that S and urged ..." (X urged).

    Parsers often hang the second verb of "X said that S and VERBED" on the
    reported clause's verb, whose subject is then the wrong speaker. A cue verb
    with no subject of its own conjoined there mostly goes on the reporter's
    sentence ("X said that S but would not VERB"): its speaker is the reporter.
    """
    if tok.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return None
    first = tok.head
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    report = first.head
    if first.dep_ != "ccomp" or report.i >= first.i or report.lemma_.lower() not in lexicon().verbs:
        return None
    subjects = _subjects_before(report, report)
    return subjects[-1] if subjects else None


def _controller(tok: Token) -> Token | None:
    """The speaker of an infinitive that a verb's object controls: "the result led X to declare
    ...", "prompting X to accuse ...", "leaving many to wonder ..." (X declares, accuses, wonders).

    Object control is the rule in English when a verb has both a direct object
    and an infinitive complement after it; the verb's subject (often a thing:
    "the result") is not who speaks. Verbs of using and promising are the
    exceptions ("X used the speech to call for ...": X calls).
    """
    if tok.tag_ != "VB" or tok.dep_ not in ("xcomp", "ccomp") or not _is_infinitive(tok):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return None
    if tok.head.lemma_.lower() in SUBJECT_CONTROL_VERBS:
        return None
    objects = [c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i]
    return objects[-1] if objects else None


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _subjects_before(verb: Token, tok: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]


def _has_speaker(tok: Token) -> bool:
    """A finite verb, a participle, or a perfect ("have vouched"): it has a speaker somewhere."""
    if tok.tag_ in FALLBACK_TAGS:
        return True
    return tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children)


def _nearest_speaker(tok: Token) -> Token | None:
    """When the parse gives a finite cue verb no subject: the noun just before it in its
    sentence ("her adviser, Jake Sullivan, said:"), or just after it ('"…," said Smith')."""
    sent = tok.sent
    doc = tok.doc
    for i in range(tok.i - 1, max(sent.start, tok.i - SPEAKER_SEARCH_TOKENS) - 1, -1):
        t = doc[i]
        if t.text in QUOTE_CHARS:
            break
        if t.pos_ in ("PROPN", "PRON", "NOUN") and (t.dep_ not in ("poss", "compound", "pobj", "dobj")
                                                    or t.head.i == tok.i):
            return t
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            break
    for i in range(tok.i + 1, min(sent.end, tok.i + 1 + SPEAKER_SEARCH_TOKENS)):
        t = doc[i]
        if t.text in QUOTE_CHARS or t.pos_ in ("VERB", "AUX", "SCONJ"):
            break
        if t.pos_ in ("PROPN", "PRON", "NOUN") and t.dep_ not in ("poss", "compound"):
            return t
    return None


def _speaker_start(tok: Token) -> int | None:
    """Where the speaker of "Speaker: ..." begins: the line's start or the last dash before the colon."""
    doc = tok.doc
    sent = tok.sent
    start = sent.start
    for i in range(tok.i - 1, sent.start - 1, -1):
        if doc[i].text in ("-", "\u2014", "\u2013", "--"):
            start = i + 1
            break
    if tok.i <= start or tok.i - start > HEADLINE_SPEAKER_TOKENS:
        return None
    return start


def colon_source_span(tok: Token) -> tuple[int, int] | None:
    """For "Speaker: ...": the words before the colon."""
    start = _speaker_start(tok)
    if start is None:
        return None
    return _trim(tok.doc, tok.doc[start].idx, tok.idx)


def source_span(src: Token, cue: tuple[int, int], content: list[tuple[int, int]]) -> tuple[int, int]:
    """The whole phrase of ``src``, cut back so that it overlaps neither cue nor content."""
    if src.lower_ in RELATIVE_PRONOUNS or src.pos_ == "PRON":
        return src.idx, src.idx + len(src)
    start, end = _sub(src)
    end = _before_loose_apposition(src, end)
    blocks = [cue, *content]
    for bs, be in blocks:
        if bs < end and start < be:  # overlap: keep the side holding the source token
            if bs <= src.idx:
                start = max(start, be)
            else:
                end = min(end, bs)
    if start >= end:
        return src.idx, src.idx + len(src)
    return _trim(src.doc, start, end)


def _before_loose_apposition(src: Token, end: int) -> int:
    """Where the source phrase ends when an apposition after a comma names no role and no one
    (", says the weather service, the highest level in a decade"): the parse often hangs a
    displaced phrase of the content there. "Smith, a professor at Yale" and "the agency,
    Reuters" keep theirs."""
    roles = lexicon().roles
    for c in src.children:
        if c.dep_ != "appos" or c.i < src.i or c.left_edge.i == 0:
            continue
        if src.doc[c.left_edge.i - 1].text != ",":
            continue
        phrase = src.doc[c.left_edge.i:c.right_edge.i + 1]
        if c.pos_ == "PROPN" or any(t.lower_ in roles or t.lemma_.lower() in roles for t in phrase):
            continue
        return min(end, src.doc[c.left_edge.i - 1].idx)
    return end


def content_spans(tok: Token) -> tuple[list[tuple[int, int]], str, str]:
    """The content of cue ``tok`` from the parse, the kind it suggests, and the rule that found it."""
    doc = tok.doc
    if tok.lower_ == "according":
        return _rest_of_clause(tok), "according_to", "according"
    if tok.lower_ in IMPERSONAL_ADVERBS:
        return _rest_of_clause(tok), "other", "adverb"
    if tok.text == ":":
        sent = tok.sent
        if sent.end > tok.i + 1:
            return [_trim(doc, doc[tok.i + 1].idx, sent.end_char)], "indirect", "colon"
        return [], "indirect", "colon"
    kids = list(tok.children)
    ccomps = [c for c in kids if c.dep_ == "ccomp"]
    if ccomps:
        left = [c for c in ccomps if c.i < tok.i]
        right = [c for c in ccomps if c.i > tok.i]
        if left and right:
            # '"A," she said, "B"' or 'A, some Democrats said, that B': a "that" clause after the cue
            # is the content on its own; otherwise the two sides are two parts of one content
            if any(t.dep_ == "mark" and t.lower_ == "that" for t in right[0].children):
                left = []
            elif not _next_to_cue(tok, right[0]):
                # '"A," Sanders said, suggesting questions: "B?"': a clause further on is a
                # misattached piece of something else
                right = []
        parts = []
        for side in (left, right):
            if side:
                spans = [_sub(c) for c in side]
                parts.append(_trimmed(doc, min(s for s, _ in spans), max(e for _, e in spans)))
        return parts, "indirect", "ccomp"
    subj = next((c for c in kids if c.dep_ in PASSIVE_CONTENT_SUBJECT), None)
    if tok.pos_ in ("NOUN", "PROPN"):
        comp = [c for c in kids if c.i > tok.i and (c.dep_ in ("acl", "ccomp", "appos", "relcl")
                                                    or (c.dep_ == "prep" and c.lower_ not in SOURCE_PREPS
                                                        and c.lower_ not in CIRCUMSTANCE_PREPS))]
        if comp:
            start, end = _span_of(comp)
            return [(object_start(comp[0]) or start, end)], "indirect", "noun"
        return [], "indirect", "noun"
    right = [c for c in kids if c.i > tok.i and c.dep_ in COMPLEMENT_DEPS
             and not (c.dep_ == "prep" and c.lower_ in CIRCUMSTANCE_PREPS)
             and not (c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME"))]
    # an adverbial clause is content only as an infinitive or a "for ... to" clause ("called for
    # X to resign"); a participle or a "when ..." clause is a circumstance ("..., saying ...")
    if right and right[0].dep_ == "advcl" and not _content_clause(right[0]):
        right = []
    while right and right[-1].dep_ in ("advcl", "npadvmod"):
        right.pop()
    if not right:
        return _left_content(tok)
    start, end = _span_of(right)
    start = object_start(right[0]) or start
    kind = "indirect"
    if subj is not None and any(c.dep_ == "xcomp" for c in right):
        # "X is believed to ...", "X is expected to ...": the subject belongs to the content
        start = min(start, subj.left_edge.idx)
        kind = "other"
    return [_trimmed(doc, start, end)], kind, "right:" + right[0].dep_


def _next_to_cue(tok: Token, comp: Token) -> bool:
    """Whether only the cue's subject and punctuation other than a colon, semicolon or dash (which
    set off a clause of its own) lie between cue ``tok`` and ``comp``, a complement after it."""
    subject = {t.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    return all(t.i in subject or (t.is_punct and t.text not in CLAUSE_SETTERS)
               for t in tok.doc[tok.i + 1:comp.left_edge.i])


def object_start(first: Token) -> int | None:
    """Where the content begins when it opens with a preposition of the cue ("complained about X",
    "called for X", "questions about X"): at the preposition's object, or None for no preposition.

    PolNeAR's annotators mostly count the preposition as part of the cue (on its
    training articles, about 350 such contents leave it out and 150 keep it).
    """
    if first.dep_ != "prep":
        return None
    objects = [c for c in first.children if c.dep_ in ("pobj", "pcomp") and c.i > first.i]
    return min(c.left_edge.idx for c in objects) if objects else None


def _left_content(tok: Token) -> tuple[list[tuple[int, int]], str, str]:
    """Content before a cue with nothing after it: the subject of a passive ("X was praised")."""
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            return [_trim(tok.doc, *_sub(c))], "indirect", "left:nsubjpass"
    return [], "indirect", "none"


def _content_clause(clause: Token) -> bool:
    first = clause.left_edge
    return first.lower_ in ("to", "for", "that", "if", "whether") or (
        clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children))


def _rest_of_clause(tok: Token) -> list[tuple[int, int]]:
    """For "according to X, S": S, the clause ``according`` modifies, without the phrase."""
    head = tok.head
    doc = tok.doc
    lo, hi = head.left_edge.i, head.right_edge.i
    if head.i == tok.i:
        sent = tok.sent
        lo, hi = sent.start, sent.end - 1
    a_lo, a_hi = tok.left_edge.i, tok.right_edge.i
    pieces = []
    if lo < a_lo:
        pieces.append((doc[lo].idx, doc[a_lo - 1].idx + len(doc[a_lo - 1])))
    if a_hi < hi:
        pieces.append((doc[a_hi + 1].idx, doc[hi].idx + len(doc[hi])))
    text = doc_text(doc)
    pieces = [_trim(doc, s, e) for s, e in pieces]
    # the sentence's full stop belongs to the sentence, not to the reported clause
    pieces = [(s, e - 1) if e - s > 1 and text[e - 1] == "." and text[e - 2].isalnum() else (s, e)
              for s, e in pieces]
    return [(s, e) for s, e in pieces if any(ch.isalnum() for ch in text[s:e])]


def snap_to_quote(content: list[tuple[int, int]], quotes: QuoteIndex, cue_char: int) -> int | None:
    """The quotation a content lies in or mostly is, if any (then the content is the quotation)."""
    if not content:
        return None
    s, e = content[0][0], content[-1][1]
    best = None
    for qi in _quotes_overlapping(quotes, s, e):
        q = quotes.quotes[qi]
        if q.start <= cue_char < q.end:
            continue  # the cue itself is quoted: a nested attribution, leave it
        inter = min(e, q.end) - max(s, q.start)
        if inter <= 0:
            continue
        # the content is the quotation when it (nearly) lies inside it; a content that merely
        # contains a quotation ("said that it was “committed”") is mixed and keeps its extent
        if inter >= SNAP_SHARE * (e - s):
            if best is None or inter > best[0]:
                best = (inter, qi)
    return None if best is None else best[1]


def _quotes_overlapping(quotes: QuoteIndex, s: int, e: int) -> list[int]:
    import bisect

    i = max(0, bisect.bisect_right(quotes.starts, s) - 1)
    out = []
    while i < len(quotes.quotes) and quotes.quotes[i].start < e:
        if quotes.quotes[i].end > s:
            out.append(i)
        i += 1
    return out


__all__ = ["Found", "colon_source_span", "content_spans", "cue_span", "snap_to_quote", "source_span", "source_token"]
