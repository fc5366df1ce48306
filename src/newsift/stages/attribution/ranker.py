"""Choosing a content's extent: candidate spans from the parse, ranked by a small model.

The rules in :mod:`.spans` give one content per cue; the annotators' extents
vary with the verb and the sentence (an object with or without its trailing
prepositional phrase, a clause with or without the apposition after it, a
quotation or the whole sentence). Here every plausible extent around the cue
is a candidate: the rules' own span, each run of the cue's right-hand
complements, each left-hand complement, the rest of the sentence either side
of the cue, the clause an adverbial cue sits in, the nearest quotations. A
conditional logit trained on PolNeAR tune articles (a softmax over each gold
cue's candidates, the one matching the gold content best as the target)
scores them; the best one wins. Scored one by one instead (a logistic
regression on "matches, Jaccard >= 0.5"), the right extent was picked for
75% of gold cues; as a choice among candidates, with the length rank and
the dependency of the extent's root, 80% (4-fold CV on tune articles; 93%
have a right candidate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from spacy.tokens import Token

from .cues import CueModel, QuoteIndex
from .quotes import doc_text
from .spans import object_start, trim_text

#: dependents that are never a content on their own
SKIP_DEPS = frozenset({"punct", "aux", "auxpass", "neg", "cc", "det", "prt", "case", "expl", "mark", "dep"})
#: subjects are a content only of a passive or raising cue; as candidates they are tagged apart
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
#: at most this many right-hand complements are combined into runs (longer lists are rare)
MAX_RIGHT = 6
#: quotations farther than this (characters) from the cue are not candidates
QUOTE_WINDOW = 250
#: words kept as themselves in boundary features (others are reduced to their part of speech)
FUNCTION_WORDS = frozenset({
    "that", "to", "if", "whether", "what", "how", "why", "who", "which", "when", "where", "as", "for", "of",
    "about", "on", "in", "with", "from", "by", "at", "and", "but", "or", "because", "while", "after", "before",
    "since", "the", "a", "an", "his", "her", "their", "its", ",", ".", ":", ";", "-", "\u2014", "--", '"', "\u201c",
    "\u201d", "''", "(", ")", "?", "!", "he", "she", "they", "it", "we", "i", "you", "said", "says", "told",
})
LENGTH_BINS = (1, 2, 4, 8, 16, 32, 64)


@dataclass
class Candidate:
    parts: list[tuple[int, int]]
    tag: str
    quote: int | None = None
    detail: tuple[str, ...] = ()
    score: float = 0.0  # the ranker's probability that this extent is right (set by ``choose``)


def _sub(tok: Token) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)


def candidates(tok: Token, base: list[tuple[int, int]], base_quote: int | None,
               quotes: QuoteIndex) -> list[Candidate]:
    """Plausible contents of cue ``tok``; the rules' own (``base``) first when there is one."""
    doc = tok.doc
    text = doc_text(doc)
    out: list[Candidate] = []
    if base:
        out.append(Candidate(list(base), "base", base_quote))
    kids = [c for c in tok.children if c.dep_ not in SKIP_DEPS]
    right = [c for c in kids if c.i > tok.i][:MAX_RIGHT]
    for i in range(len(right)):
        for j in range(i, len(right)):
            detail = ("rf=" + right[i].dep_, "rl=" + right[j].dep_, "rn=" + str(min(3, j - i + 1)),
                      "rfirst=" + str(i == 0), "rall=" + str(j == len(right) - 1))
            # a run opening with a preposition: with it and without it (from its object on)
            for start in dict.fromkeys((_sub(right[i])[0], object_start(right[i]))):
                if start is not None:
                    s, e = trim_text(text, start, _sub(right[j])[1])
                    out.append(Candidate([(s, e)], "right", None, detail))
    for c in kids:
        if c.i < tok.i:
            tag = "subject" if c.dep_ in SUBJECT_DEPS else "left"
            out.append(Candidate([trim_text(text, *_sub(c))], tag, None, ("ld=" + c.dep_,)))
    # a raising cue's subject with its infinitive ("The sale | is expected | to expand ..."): one
    # content in two parts, the cue between them
    subject = next((c for c in kids if c.i < tok.i and c.dep_ in SUBJECT_DEPS), None)
    xcomp = next((c for c in right if c.dep_ == "xcomp"), None)
    if subject is not None and xcomp is not None:
        out.append(Candidate([trim_text(text, *_sub(subject)), trim_text(text, *_sub(xcomp))], "subject_xcomp"))
    sent = tok.sent
    cue_end = tok.idx + len(tok)
    if sent.end_char > cue_end:
        out.append(Candidate([trim_text(text, cue_end, sent.end_char)], "sent_after"))
    if tok.idx > sent.start_char:
        out.append(Candidate([trim_text(text, sent.start_char, tok.idx)], "sent_before"))
    if tok.head.i != tok.i:
        head = tok.head
        lo, hi = _sub(head)
        own_lo, own_hi = _sub(tok)
        parts = [p for p in (trim_text(text, lo, own_lo), trim_text(text, own_hi, hi)) if p[1] > p[0]]
        if parts:
            out.append(Candidate(parts, "head_rest", None, ("hd=" + tok.dep_,)))
    before = quotes.ending_between(max(0, tok.idx - QUOTE_WINDOW), tok.idx)
    if before is not None:
        out.append(Candidate(list(quotes.quotes[before].pieces), "quote_before", before))
    after = quotes.starting_between(cue_end, cue_end + QUOTE_WINDOW)
    if after is not None:
        out.append(Candidate(list(quotes.quotes[after].pieces), "quote_after", after))
    seen = set()
    unique = []
    for c in out:
        key = tuple(c.parts)
        if key in seen or not all(e > s for s, e in c.parts):
            continue
        seen.add(key)
        unique.append(c)
    return unique


def _word(tok: Token | None) -> str:
    if tok is None:
        return "NONE"
    return tok.lower_ if tok.lower_ in FUNCTION_WORDS else tok.pos_


def _bin(value: int) -> str:
    for b in LENGTH_BINS:
        if value <= b:
            return str(b)
    return "max"


def features(c: Candidate, tok: Token, base: list[tuple[int, int]], rule: str,
             others: list[Candidate]) -> list[str]:
    """The sparse features of one candidate content of cue ``tok``, among ``others`` (all of the
    cue's candidates)."""
    doc = tok.doc
    text = doc_text(doc)
    s, e = c.parts[0][0], c.parts[-1][1]
    lem = tok.lemma_.lower()
    span = doc.char_span(s, e, alignment_mode="expand")
    first = span[0] if span is not None and len(span) else None
    last = span[-1] if span is not None and len(span) else None
    prev = doc[first.i - 1] if first is not None and first.i > 0 else None
    nxt = doc[last.i + 1] if last is not None and last.i + 1 < len(doc) else None
    n_words = len(text[s:e].split())
    sent = tok.sent
    f = ["bias", "tag=" + c.tag, "tl=" + c.tag + "|" + lem, "tr=" + c.tag + "|" + rule, "len=" + _bin(n_words),
         "tlen=" + c.tag + "|" + _bin(n_words), "first=" + _word(first), "prev=" + _word(prev),
         "next=" + _word(nxt), "last=" + (last.pos_ if last is not None else "NONE"),
         "tfirst=" + c.tag + "|" + _word(first), "tnext=" + c.tag + "|" + _word(nxt),
         "dir=" + ("after" if s >= tok.idx else "before"),
         # the same, for the cue's own word: verbs differ in what their content looks like
         "tlf=" + c.tag + "|" + lem + "|" + _word(first), "tll=" + c.tag + "|" + lem + "|" + _bin(n_words),
         "tln=" + c.tag + "|" + lem + "|" + _word(nxt)]
    f.extend(c.detail)
    f.extend("td=" + c.tag + "|" + d for d in c.detail)
    if e >= sent.end_char - 2:
        f.append("to_sent_end")
    if s <= sent.start_char + 1:
        f.append("from_sent_start")
    if e > sent.end_char or s < sent.start_char:
        f.append("crosses_sentence")
    if c.quote is not None:
        f.append("is_quote")
    if any(ch in text[s:e] for ch in "\"\u201c\u201d"):
        f.append("has_quote_mark")
    if base:
        bs, be = base[0][0], base[-1][1]
        if (s, e) == (bs, be):
            f.append("same_as_base")
        elif s <= bs and e >= be:
            f.append("contains_base")
        elif s >= bs and e <= be:
            f.append("inside_base")
        elif e <= bs or s >= be:
            f.append("apart_from_base")
        else:
            f.append("crosses_base")
    else:
        f.append("no_base")
    if span is not None and len(span):
        # how the extent hangs from the cue: a dependent of it, or a phrase further off (for an
        # extent in parts around the cue, "X | is expected | to Y", the root of the last part)
        tail = doc.char_span(*c.parts[-1], alignment_mode="expand") if len(c.parts) > 1 else None
        root = tail.root if tail is not None and len(tail) else span.root
        rel = ("cue" if root.i == tok.i else root.dep_ if root.head.i == tok.i else "far:" + root.dep_)
        f.extend(("rootdep=" + rel, "rootpos=" + root.pos_, "trootdep=" + c.tag + "|" + rel,
                  "lrootdep=" + lem + "|" + rel))
        gap = first.i - tok.i - 1 if first.i > tok.i else tok.i - last.i - 1
        f.append("gap=" + _bin(max(0, gap)))
    # its length among the other candidates: the annotators' extent is often the longest sensible one
    longer = min(4, sum(1 for o in others if o.parts[-1][1] - o.parts[0][0] > e - s))
    inside = min(3, sum(1 for o in others if o is not c and o.parts[0][0] <= s and o.parts[-1][1] >= e))
    f.extend(("lrank=" + str(longer), "tlrank=" + c.tag + "|" + str(longer), "inside_n=" + str(inside)))
    return f


def choose(tok: Token, base: list[tuple[int, int]], base_quote: int | None, rule: str, quotes: QuoteIndex,
           model: CueModel, margin: float = 0.0) -> Candidate | None:
    """The best candidate content of cue ``tok`` (None when there is no candidate), with its
    probability among the candidates in ``score``.

    The model is a conditional logit: its linear scores are a softmax over the
    cue's candidates. The rules' own content (the first candidate) is kept
    unless another's probability is ``margin`` higher, and always for a
    passive cue with an infinitive.
    """
    cands = candidates(tok, base, base_quote, quotes)
    if not cands:
        return None
    z = [model.linear(features(c, tok, base, rule, cands)) for c in cands]
    top = max(z)
    weights = [math.exp(v - top) for v in z]
    total = sum(weights)
    for c, w in zip(cands, weights, strict=True):
        c.score = w / total
    best = max(cands, key=lambda c: c.score)
    base_cand = next((c for c in cands if c.tag == "base"), None)
    if base_cand is not None and (best.score - base_cand.score < margin or _raising(tok)):
        return base_cand
    return best


def _raising(tok: Token) -> bool:
    """A passive cue with an infinitive ("The talks are expected to resume"), whose content the
    rules build as subject and infinitive: on the gold cues of tune articles (4-fold CV) the rules'
    extent is right for 79% of these (115), the ranker's for 76%."""
    kids = list(tok.children)
    return any(c.dep_ == "nsubjpass" and c.i < tok.i for c in kids) and any(
        c.dep_ == "xcomp" and c.i > tok.i for c in kids)
