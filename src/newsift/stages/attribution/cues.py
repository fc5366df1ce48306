"""Cue detection: which tokens introduce reported speech, thought or evidence.

Each candidate token (a verb, noun or adjective; "according"; a headline's
colon) is described by sparse binary features of its lemma, its place in the
dependency parse, its subject and the quotation marks around it. A logistic
regression trained on PolNeAR's training articles (``python -m
newsift.train.attributions``) weighs them; the weights ship as JSON and are
applied here with plain dictionary look-ups, so no scikit-learn is needed at
run time and the result is the same on every machine.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from .lexicon import DATA_DIR, lexicon
from .quotes import Quote

MODEL_PATH = DATA_DIR / "cue_model.json"
#: parts of speech a cue head can have (PROPN: headline verbs the tagger capitalises away)
CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "PROPN"})
#: dependency labels of children worth a feature (complements, subjects, markers)
CHILD_DEPS = frozenset({
    "ccomp", "xcomp", "dobj", "dative", "nsubj", "nsubjpass", "agent", "prep", "advcl", "acomp",
    "oprd", "attr", "poss", "acl", "mark", "neg", "auxpass", "aux", "parataxis", "punct", "relcl", "conj",
})
#: tokens either side of a cue that say something about it
NEIGHBOUR_WORDS = frozenset({
    "that", "to", ":", ",", "\u2014", "-", "--", "if", "whether", "of", "about", "on", "in", "for", "by",
    "he", "she", "they", "it", "i", "we", "also", "has", "have", "had", "was", "were", "is", "are", "be",
    "not", "n't", "would", "will", "could", "may", "might", "reportedly", "\"", "\u201c", "\u201d", "''",
})
#: how many tokens away a quotation may end (or begin) and still frame a cue ('"…," he said')
QUOTE_NEAR_TOKENS = 4
#: a sentence this short, on a line of its own without a final stop, is a headline
HEADLINE_MAX_TOKENS = 25


@dataclass
class CueModel:
    """Logistic-regression weights over string features."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def linear(self, features: list[str]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) for f in features)

    def score(self, features: list[str]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.linear(features)))))


def load_models(path: Path = MODEL_PATH) -> tuple[CueModel | None, CueModel | None, CueModel | None]:
    """(cue, judge, ranker) models from the shipped file; None for any that is missing."""
    if not path.is_file():
        return None, None, None
    data = json.loads(path.read_text(encoding="utf-8"))

    def model(key: str) -> CueModel | None:
        m = data.get(key)
        return CueModel(m["weights"], m["bias"], m["threshold"]) if m else None

    return model("cue"), model("judge"), model("ranker")


class QuoteIndex:
    """Which quotation (if any) covers a character, by binary search."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.starts = [q.start for q in quotes]
        self.ends = [q.end for q in quotes]

    def at(self, char: int) -> int | None:
        i = bisect.bisect_right(self.starts, char) - 1
        if i >= 0 and char < self.quotes[i].end:
            for s, e in self.quotes[i].pieces:
                if s <= char < e:
                    return i
        return None

    def ending_between(self, a: int, b: int) -> int | None:
        """A quotation whose end lies in [a, b]."""
        i = bisect.bisect_right(self.ends, b) - 1
        if i >= 0 and self.ends[i] >= a:
            return i
        return None

    def starting_between(self, a: int, b: int) -> int | None:
        i = bisect.bisect_left(self.starts, a)
        if i < len(self.starts) and self.starts[i] <= b:
            return i
        return None


#: adverbs that mark a claim as someone else's without naming them
IMPERSONAL_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "ostensibly"})


def is_candidate(tok: Token) -> bool:
    if tok.pos_ in CANDIDATE_POS:
        return not tok.is_space
    return tok.lower_ in ("according", *IMPERSONAL_ADVERBS) or (tok.text == ":" and tok.i > 0)


#: how many heads up a participle or infinitive may look for its subject ("..., vowing to ...")
SUBJECT_HOPS = 3
#: dependencies through which a verb shares the subject of the verb it depends on
SHARED_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "acomp", "oprd"})


def _after_comma(tok: Token) -> bool:
    return tok.i > 0 and tok.doc[tok.i - 1].text in (",", "\u2014", "--", "-")


def subject_of(tok: Token, avoid: list[tuple[int, int]] | None = None) -> Token | None:
    """The subject of ``tok``: its own, or one it shares with the verb it hangs from.

    A participle after a comma ("…, noting that …", "…, vowing to …") speaks
    for the subject of the whole sentence, however deep the parser hung it.
    """
    if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj", "xcomp") and _after_comma(tok):
        top = tok
        for _ in range(SUBJECT_HOPS + 2):
            if top.head.i == top.i or top.dep_ not in ("advcl", "conj", "ccomp", "xcomp"):
                break
            top = top.head
        if top.i != tok.i:
            subjects = [c for c in top.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
            if subjects:
                return max(subjects, key=lambda c: c.i)
    for _ in range(SUBJECT_HOPS + 1):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if avoid:  # a subject inside the content is the parser's mistake ('"My apologies," Quick said')
            subjects = [c for c in subjects if not any(s <= c.idx < e for s, e in avoid)] or subjects
        if subjects:
            return min(subjects, key=lambda c: abs(c.i - tok.i))
        head = tok.head
        if head.i == tok.i:
            return None
        if tok.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return head  # "a man vowing to ...": the noun it modifies
        if tok.dep_ == "pcomp" and head.head.i != head.i:
            head = head.head  # "by saying ...": past the preposition
        elif tok.dep_ not in SHARED_SUBJECT_DEPS:
            return None
        tok = head
    return None


def _subject_kind(subj: Token | None) -> str:
    if subj is None:
        return "none"
    if subj.ent_type_:
        return subj.ent_type_
    if subj.pos_ == "PRON":
        return "PRON_" + subj.lower_ if subj.lower_ in ("it", "that", "this", "which", "who", "i", "we") else "PRON"
    role = lexicon().roles.get(subj.lower_)
    if role:
        return "ROLE_" + role
    return subj.pos_


def _is_headline(tok: Token) -> bool:
    sent = tok.sent
    if len(sent) > HEADLINE_MAX_TOKENS:
        return False
    last = sent[-1]
    while last.is_space and last.i > sent.start:
        last = tok.doc[last.i - 1]
    return last.text not in (".", "?", "!", '"', "\u201d", "''")


def features(tok: Token, quotes: QuoteIndex) -> list[str]:
    """The sparse features of one candidate token."""
    lex = lexicon()
    lem = tok.lemma_.lower()
    f = ["bias", "l=" + lem, "p=" + tok.pos_, "t=" + tok.tag_, "d=" + tok.dep_,
         "ld=" + lem + "|" + tok.dep_, "lt=" + lem + "|" + tok.tag_]
    for cls in lex.verbs.get(lem, ()):
        f.append("lx=" + cls)
        f.append("lxd=" + cls + "|" + tok.dep_)
    if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in lex.nouns:
        f.append("nx=" + lex.nouns[tok.lower_])
    deps = set()
    for c in tok.children:
        d = c.dep_
        if d in CHILD_DEPS:
            deps.add(d)
            if d == "prep" or d == "mark":
                f.append("pr=" + c.lower_)
                f.append("lpr=" + lem + "|" + c.lower_)
    for d in deps:
        f.append("c=" + d)
        f.append("lc=" + lem + "|" + d)
    if "ccomp" not in deps and "xcomp" not in deps and "dobj" not in deps:
        f.append("nocomp")
        f.append("lnocomp=" + lem)
    subj = subject_of(tok)
    sk = _subject_kind(subj)
    f.append("s=" + sk)
    f.append("ls=" + lem + "|" + sk)
    if subj is not None:
        f.append("sl=" + subj.lemma_.lower())
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "oprd"):
            f.append("ol=" + c.lemma_.lower())
            f.append("lol=" + lem + "|" + c.lemma_.lower())
    if subj is not None and subj.i > tok.i:
        f.append("inverted")
        f.append("linv=" + lem)
    head = tok.head
    if head.i != tok.i:
        hl = head.lemma_.lower()
        f.append("h=" + hl)
        f.append("hdp=" + tok.dep_ + "|" + head.pos_)
        for cls in lex.verbs.get(hl, ()):
            f.append("hlx=" + cls + "|" + tok.dep_)
    else:
        f.append("root")
    doc = tok.doc
    if tok.i + 1 < len(doc):
        nxt = doc[tok.i + 1].lower_
        f.append("n1=" + (nxt if nxt in NEIGHBOUR_WORDS else doc[tok.i + 1].pos_))
        f.append("ln1=" + lem + "|" + (nxt if nxt in NEIGHBOUR_WORDS else doc[tok.i + 1].pos_))
    if tok.i > 0:
        prv = doc[tok.i - 1].lower_
        f.append("p1=" + (prv if prv in NEIGHBOUR_WORDS else doc[tok.i - 1].pos_))
    inside = quotes.at(tok.idx)
    if inside is not None:
        f.append("inq")
        f.append("linq=" + lem)
    else:
        lo = doc[max(0, tok.i - QUOTE_NEAR_TOKENS)].idx
        if quotes.ending_between(lo, tok.idx) is not None:
            f.append("qb")
            f.append("lqb=" + lem)
        hi_tok = doc[min(len(doc) - 1, tok.i + QUOTE_NEAR_TOKENS)]
        if quotes.starting_between(tok.idx + len(tok), hi_tok.idx + len(hi_tok)) is not None:
            f.append("qa")
            f.append("lqa=" + lem)
    if _is_headline(tok):
        f.append("hl")
        f.append("lhl=" + lem)
    return f


def candidates(doc: Doc, quotes: QuoteIndex) -> Iterator[tuple[Token, list[str]]]:
    for tok in doc:
        if is_candidate(tok):
            yield tok, features(tok, quotes)
