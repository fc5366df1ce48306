"""The second look: is a built attribution right, given what it came out as?

The cue model (:mod:`.cues`) sees a token; this one sees the attribution
built from it: which rule found the content, how long it is, whether it is a
quotation, how sure the content ranker is of its extent, whether a source was
found, what kind of word it is and how it hangs from the cue. A cue
whose content the rules cannot get right is better left out (an unmatched
prediction costs precision and gains nothing), and this model learns which
those are. Trained like the cue model, on PolNeAR tune articles only, with
out-of-fold cue scores, so that it learns from the scores it will see.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .lexicon import lexicon
from .quotes import doc_text
from .spans import Found

#: content lengths (tokens, by whitespace) that get their own feature; bounds chosen as doublings
LENGTH_BINS = (1, 2, 4, 8, 16, 32, 64)
#: content-opening words kept as themselves (others are reduced to their part of speech)
FIRST_WORDS = frozenset({"that", "to", "if", "whether", "what", "how", "why", "for", "about", "of", "on", "as", "the", "a",
                         "an", "\"", "\u201c", "''", "`", "he", "she", "they", "it", "we", "i"})
#: cue-probability bins (upper bounds)
SCORE_BINS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def _bin(value: float, bins: tuple) -> str:
    for b in bins:
        if value <= b:
            return str(b)
    return "max"


def judge_features(f: Found, tok: Token, cue_prob: float, cue_features: list[str]) -> list[str]:
    """Features of one built attribution (``cue_features``: the cue token's, of which only
    "inside a quotation" is used)."""
    inside_quote = "inq" in cue_features
    text = doc_text(tok.doc)
    lem = tok.lemma_.lower()
    words = sum(len(text[s:e].split()) for s, e in f.content)
    length = _bin(words, LENGTH_BINS)
    sb = _bin(cue_prob, SCORE_BINS)
    after = f.content[0][0] >= f.cue[1]
    src = "none"
    if f.source_token is not None:
        st = tok.doc[f.source_token]
        src = st.ent_type_ or ("PRON" if st.pos_ == "PRON" else st.pos_)
    feats = [
        "bias", "p1=" + sb, "rule=" + f.rule, "kind=" + f.kind, "len=" + length,
        "rl=" + f.rule + "|" + length, "rs=" + f.rule + "|" + sb, "src=" + src, "rsrc=" + f.rule + "|" + src,
        "after=" + str(after), "ra=" + f.rule + "|" + str(after), "l=" + lem, "lr=" + lem + "|" + f.rule,
        "ls=" + lem + "|" + sb, "parts=" + str(min(len(f.content), 3)), "inq=" + str(inside_quote),
        "d=" + tok.dep_, "t=" + tok.tag_, "first=" + _first_word(tok.doc, f.content[0][0]),
        "rfirst=" + f.rule + "|" + _first_word(tok.doc, f.content[0][0]),
    ]
    # how sure the content ranker is of the extent: a right cue with a wrong extent is still a miss
    rk = "none" if f.extent is None else _bin(f.extent, SCORE_BINS)
    feats.extend(("rk=" + rk, "rkk=" + f.kind + "|" + rk))
    link = source_link(f, tok)
    feats.extend(("sv=" + link, "svk=" + f.kind + "|" + link))
    feats.extend("lx=" + cls for cls in lexicon().verbs.get(lem, ()))
    if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in lexicon().nouns:
        feats.append("nx=" + lexicon().nouns[tok.lower_])
    return feats


def source_link(f: Found, tok: Token) -> str:
    """How the source hangs from the cue: its own dependent ("child:nsubj"), one step further
    ("grand:pobj": "according to X", "said by X"), or found elsewhere in the sentence ("far:before:4",
    the parse gave the cue no subject, or a participle borrowed its verb's). The farther, the likelier
    the source is wrong."""
    if f.source_token is None:
        return "none"
    src = tok.doc[f.source_token]
    if src.head.i == tok.i:
        return "child:" + src.dep_
    if src.head.head.i == tok.i:
        return "grand:" + src.dep_
    side = "before" if src.i < tok.i else "after"
    return "far:" + side + ":" + _bin(abs(src.i - tok.i), LENGTH_BINS)


def _first_word(doc: Doc, char: int) -> str:
    """The content's first word, as itself when it is a function word ("that", "to", a quotation
    mark), else its part of speech."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return "NONE"
    first = span[0]
    return first.lower_ if first.lower_ in FIRST_WORDS else first.pos_
