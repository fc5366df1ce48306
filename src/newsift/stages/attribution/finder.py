"""Find attributions in a parsed Doc: cues scored, spans built, quotations joined.

The cascade (each step works on what the one before left):

1. pair quotation marks (:mod:`.quotes`);
2. score every candidate cue token (:mod:`.cues`) and keep those over a low
   floor;
3. build each kept cue's content and source from the parse (:mod:`.spans`);
   a content that is (mostly) a quotation becomes the whole quotation; the
   content ranker (:mod:`.ranker`) may pick a better extent;
4. the judge (:mod:`.judge`) keeps the attributions likely right, content
   and source; unnamed passive reports and relayed statements are kept
   whatever it says;
5. join a quotation split around its cue ("A," he said. "B.") and the
   quote-only paragraphs that continue it;
6. drop duplicates (two cues claiming the same content, or one content mostly inside the other,
   keep the stronger).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from .cues import IMPERSONAL_ADVERBS, CueModel, QuoteIndex, candidates, is_candidate, load_models
from .judge import judge_features
from .lexicon import lexicon
from .quotes import Quote, doc_text, find_quotes, forget_text, paragraphs
from .ranker import choose
from .spans import QUOTE_CHARS, Found, colon_source_span, content_spans, cue_span, object_start, snap_to_quote, source_span, source_token

#: cue probability below which no attribution is even built when a judge model decides (a low
#: floor: the judge sees the rest; 0.1 keeps ~95% of gold cues on tune articles)
CUE_FLOOR = 0.1
#: passive reporting verbs that attribute a claim to no one ("are believed to", "it is alleged that")
IMPERSONAL_VERBS = frozenset({
    "believe", "say", "think", "report", "allege", "expect", "understand", "know", "rumor", "rumour", "fear",
    "claim", "suspect", "estimate", "consider", "suppose", "predict", "assume",
})
#: a ranked content replaces the rules' own only when its probability among the candidates is this
#: much higher (end to end on the trainer's held-out quarter of tune articles, before quotations
#: were scored joined: margin 0.2 -> content F1 0.715, 0.3 -> 0.717, 0.4 -> 0.717, 0.5 -> 0.717;
#: where the rules find no content the best candidate is taken)
RANK_MARGIN = 0.3
#: fallback cue threshold when the model file names none (a probability)
DEFAULT_THRESHOLD = 0.4
#: two contents sharing more than this share of the shorter one's characters are one content (the
#: stronger attribution keeps it). Two cues claiming much the same words are mostly one right and one
#: wrong: on the trainer's held-out quarter of tune articles content F1 0.706 with Jaccard > 0.8 as
#: the test, 0.713 with this one at 0.5 (0.8: the same; 0.716 without the exceptions of ``_both_kept``)
DUPLICATE_SHARE = 0.5
#: how far (characters) a quotation may end before its cue, or begin after it, and still be
#: the cue's content when the parse did not link them ('"…," he said' / 'said: "…"')
QUOTE_GAP_CHARS = 40
#: at most this many words between such a quotation and its cue (a name with a title)
FRAME_MAX_WORDS = 5
#: a quotation of at least this many words is speech, not a quoted phrase ("scare quotes")
SPEECH_MIN_WORDS = 4
#: a later quotation joins the content only when the narrative between them is at most this
#: share of the quoted characters (the content then still matches the quoted words, J >= 0.5)
JOIN_GAP_RATIO = 0.8


class Finder:
    """Settings and models for finding attributions; ``find(doc)`` is the work.

    ``cue`` scores tokens, ``judge`` (optional) scores the attributions built
    from the tokens that pass ``cue_floor``; without a judge the cue model's
    own threshold decides.
    """

    def __init__(self, cue: CueModel | None = None, judge: CueModel | None = None,
                 cue_floor: float | None = None, threshold: float | None = None,
                 ranker: CueModel | None = None) -> None:
        if cue is None:
            cue, judge, ranker = load_models()
        self.cue = cue
        self.judge = judge
        self.ranker = ranker
        if cue_floor is None:
            cue_floor = CUE_FLOOR if judge is not None else (cue.threshold if cue is not None else DEFAULT_THRESHOLD)
        self.cue_floor = cue_floor
        if threshold is None:
            threshold = judge.threshold if judge is not None else self.cue_floor
        self.threshold = threshold

    def cue_prob(self, feats: list[str]) -> float:
        if self.cue is None:  # no model shipped: a speech verb with a clausal complement
            return 1.0 if any(f.startswith("lx=speech") for f in feats) and "c=ccomp" in feats else 0.0
        return self.cue.score(feats)

    def find(self, doc: Doc) -> list[Found]:
        """Attributions of ``doc``, before their sources are resolved and typed."""
        cached = "_newsift_attribution_text" in doc.user_data
        try:
            return self._find(doc)
        finally:
            if not cached:
                forget_text(doc)

    def _find(self, doc: Doc) -> list[Found]:
        quotes = QuoteIndex(find_quotes(doc_text(doc)))
        found: list[Found] = []
        for tok, feats in candidates(doc, quotes):
            p = 1.0 if tok.lower_ in IMPERSONAL_ADVERBS else self.cue_prob(feats)
            if p < self.cue_floor:
                continue
            f = self.build(tok, quotes, p)
            if f is None:
                continue
            if self.judge is not None:
                f.score = self.judge.score(judge_features(f, tok, p, feats))
                if f.score < self.threshold and not impersonal(tok) and not relayed(tok):
                    continue
            found.append(f)
        join_quotes(doc, found, quotes)
        return dedupe(found, doc)

    def build(self, tok, quotes: QuoteIndex, score: float) -> Found | None:
        return build(tok, quotes, score, self.ranker)


def join_quotes(doc: Doc, found: list[Found], quotes: QuoteIndex) -> None:
    """Add the other pieces of split quotations and quote-only continuation paragraphs."""
    text = doc_text(doc)
    used = {f.quote for f in found if f.quote is not None}
    cue_chars = sorted(f.cue[0] for f in found)
    paras = paragraphs(text)
    para_of = _para_index(paras)
    qs = quotes.quotes
    for f in sorted((f for f in found if f.quote is not None), key=lambda f: f.quote):
        first = last = f.quote
        # "A." "B," she said: speech quotations right before, nothing but blanks between
        while first - 1 >= 0 and first - 1 not in used:
            q0 = qs[first - 1]
            if para_of(q0.end - 1) != para_of(f.content[0][0]) or text[q0.end:f.content[0][0]].strip():
                break
            if not _speech_like(text, q0):
                break
            f.content[:0] = q0.pieces
            used.add(first - 1)
            first -= 1
        # "A," he said. "B."  -- speech quotations after the cue in the same paragraph
        while last + 1 < len(qs) and last + 1 not in used:
            q2 = qs[last + 1]
            end = f.content[-1][1]
            if para_of(q2.start) != para_of(end - 1) or q2.start < f.cue[1]:
                break
            if not _speech_like(text, q2):
                break
            # the speaker goes on in the next sentence: other cues in the attribution between
            # ("..., referring to ...") are theirs too
            if not _opens_next_sentence(doc[f.cue_token], q2):
                if any(end <= c < q2.start for c in cue_chars if c != f.cue[0]):
                    break
                if not _worth_joining(text, f.content, q2):
                    break
            f.content.extend(q2.pieces)
            used.add(last + 1)
            last += 1
        # paragraphs that are nothing but a quotation, with no cue of their own
        while last + 1 < len(qs) and last + 1 not in used:
            q2 = qs[last + 1]
            p2 = para_of(q2.start)
            if p2 != para_of(f.content[-1][1] - 1) + 1:
                break
            ps, pe = paras[p2]
            if text[ps:q2.start].strip() or text[q2.end:pe].strip(" \t\r"):
                break
            if any(ps <= c < pe for c in cue_chars):
                break
            f.content.extend(q2.pieces)
            used.add(last + 1)
            last += 1


def base_content(tok, quotes: QuoteIndex) -> tuple[list[tuple[int, int]], int | None, str, str]:
    """The rules' content of cue ``tok``: (parts, quotation index or None, kind, rule)."""
    content, kind, rule = content_spans(tok)
    q = snap_to_quote(content, quotes, tok.idx)
    if q is None and not content:
        q = _adjacent_quote(tok, quotes)
        rule = "adjacent-quote"
    if q is not None:
        content = list(quotes.quotes[q].pieces)
        kind = "direct"
    return content, q, kind, rule


def build(tok, quotes: QuoteIndex, score: float, ranker: CueModel | None = None) -> Found | None:
    """The attribution cue token ``tok`` introduces, or None when it has no content.

    With a ``ranker`` the content is the best of the candidate extents
    (:mod:`.ranker`), the rules' own among them.
    """
    content, q, kind, rule = base_content(tok, quotes)
    cue = cue_span(tok)
    extent = None
    if ranker is not None:
        best = choose(tok, content, q, rule, quotes, ranker, RANK_MARGIN)
        extent = best.score if best is not None else None
        if best is not None and best.tag != "base":
            content, q, rule = best.parts, best.quote, "rank:" + best.tag
            if q is not None:
                kind = "direct"
            elif kind == "direct":
                kind = "indirect"
    if not content:
        return None
    cue = _with_preposition(tok, cue, content[0][0])
    src = source_token(tok, content)
    if src is not None and any(s <= src.idx < e for s, e in content):
        src = None
    span = source_span(src, cue, content) if src is not None else None
    if src is None and kind == "indirect" and impersonal(tok):
        kind = "other"  # "it is alleged that ...": a claim given as someone's word, naming no one
    if src is not None and tok.text == ":":
        span = colon_source_span(tok)
    return Found(cue=cue, cue_token=tok.i, content=content, source=span,
                 source_token=src.i if src is not None else None, kind=kind, score=score, quote=q, rule=rule, extent=extent)


def _with_preposition(tok, cue: tuple[int, int], content_start: int) -> tuple[int, int]:
    """The cue with the preposition right after it when the content is that preposition's object
    ("complained about | X", "called for | X"): PolNeAR counts the preposition in the cue."""
    for c in tok.children:
        if c.dep_ == "prep" and c.idx >= cue[1] and not doc_text(tok.doc)[cue[1]:c.idx].strip() \
                and object_start(c) == content_start:
            return cue[0], c.idx + len(c)
    return cue


def relayed(tok) -> bool:
    """A speech verb that an "according to ..." phrase hangs from ("According to Sputnik, Titov
    said ..."): the statement an outlet relays, kept so the relay can name it."""
    if "speech" not in lexicon().verbs.get(tok.lemma_.lower(), ()):
        return False
    return any(c.lower_ == "according" for c in tok.children)


def impersonal(tok) -> bool:
    """An unnamed, passive report: "X are believed to ...", "it is alleged that ...", "reportedly".

    Kept whatever the judge says: an unattributed claim presented as someone's
    word is exactly what a reader needs flagged (the source is then anonymous).
    """
    if tok.lower_ in IMPERSONAL_ADVERBS:
        return True
    if tok.lemma_.lower() not in IMPERSONAL_VERBS:
        return False
    kids = list(tok.children)
    if not any(c.dep_ == "auxpass" for c in kids) or any(c.dep_ == "agent" for c in kids):
        return False
    if any(c.dep_ == "xcomp" for c in kids):
        return True
    return any(c.dep_ == "ccomp" for c in kids) and any(c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it"
                                                        for c in kids)


def _nonspace(text: str, start: int, end: int) -> int:
    return sum(1 for ch in text[start:end] if not ch.isspace())


def _worth_joining(text: str, content: list[tuple[int, int]], q: Quote) -> bool:
    """Join a later quotation only when the narrative between is short next to the quoted words.

    The record's content runs from its first piece to its last, so a long
    narrative between two pieces would swamp the quotation it belongs to.
    """
    gap = _nonspace(text, content[-1][1], q.start)
    quoted = sum(_nonspace(text, s, e) for s, e in content) + _nonspace(text, q.start, q.end)
    return gap <= JOIN_GAP_RATIO * quoted


def _opens_next_sentence(cue, q: Quote) -> bool:
    """The quotation opens the sentence right after the cue's: '"A," X said on Monday in a long
    aside. "B."' -- the speaker goes on, however long the attribution between the two."""
    doc = cue.doc
    last = cue
    while last.i + 1 < len(doc) and doc[last.i + 1].idx < q.start:
        last = doc[last.i + 1]
    while last.i > cue.i and (last.is_space or last.text in QUOTE_CHARS):
        last = doc[last.i - 1]  # a parse may end the sentence after the next quotation's opening mark
    return last.sent.start == cue.sent.start and last.text in (".", "!", "?") and last.i > cue.i


def _speech_like(text: str, q: Quote) -> bool:
    """A quotation of speech rather than a quoted phrase: a sentence, or several words."""
    inner = text[q.start:q.end].strip("\"'“”„«»‘’ ")
    if len(inner.split()) >= SPEECH_MIN_WORDS:
        return True
    before = text[max(0, q.start - 3):q.start].strip()
    return bool(inner) and inner[0].isupper() and (not before or before[-1] in ".:!?,")


def _para_index(paras: list[tuple[int, int]]):
    starts = [s for s, _ in paras]

    def para_of(char: int) -> int:
        return bisect.bisect_right(starts, char) - 1

    return para_of


def _adjacent_quote(tok, quotes: QuoteIndex) -> int | None:
    """A speech quotation framing the cue's clause: '"…," he said' or 'she said: "…"'.

    Only the subject's few words (or a short phrase such as "in a statement")
    may stand between the quotation and the cue, in the same paragraph.
    """
    doc = tok.doc
    text = doc_text(doc)
    before = quotes.ending_between(max(0, tok.idx - QUOTE_GAP_CHARS), tok.idx)
    if before is not None:
        gap = text[quotes.quotes[before].end:tok.idx]
        if "\n" not in gap and len(gap.split()) <= FRAME_MAX_WORDS and _speech_like(text, quotes.quotes[before]):
            return before
    end = tok.idx + len(tok)
    after = quotes.starting_between(end, end + QUOTE_GAP_CHARS)
    if after is not None:
        gap = text[end:quotes.quotes[after].start]
        if "\n" not in gap.strip() and len(gap.split()) <= FRAME_MAX_WORDS and _speech_like(text, quotes.quotes[after]):
            return after
    return None


def _both_kept(a: Found, b: Found, doc: Doc) -> bool:
    """Two overlapping attributions that are both meant, one holding the other's cue in its content:
    a relay ("According to Sputnik, Titov said ..."), kept for the stage to fold into one, or a
    nominal cue with its own content inside the other's ("The union's claim that wages had fallen
    was disputed")."""
    for outer, inner in ((a, b), (b, a)):
        if outer.content[0][0] <= inner.cue[0] < outer.content[-1][1]:
            if outer.kind == "according_to":
                return True
            if doc[inner.cue_token].pos_ in ("NOUN", "PROPN"):
                return True
    return False


def _chars(parts: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in parts)


def _shared_chars(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters two contents share, part by part (a quotation split around its cue does not
    own the narrative between its pieces)."""
    return sum(max(0, min(ae, be) - max(as_, bs)) for as_, ae in a for bs, be in b)


def dedupe(found: list[Found], doc: Doc) -> list[Found]:
    """One attribution per content: the highest-scoring cue wins, and a content lying mostly inside
    a stronger one's goes (a report nested in a report is mostly a cue too many), unless both are
    meant (``_both_kept``; ``doc``: the parse, for the cue's part of speech)."""
    keep: list[Found] = []
    for f in sorted(found, key=lambda f: -f.score):
        clash = False
        for k in keep:
            inter = _shared_chars(f.content, k.content)
            if inter > 0 and inter / min(_chars(f.content), _chars(k.content)) > DUPLICATE_SHARE \
                    and not _both_kept(f, k, doc):
                clash = True
                break
        if not clash:
            keep.append(f)
    keep.sort(key=lambda f: (f.content[0][0], f.cue[0]))
    return keep


__all__ = ["Finder", "is_candidate"]
