"""Plain-text scrapes: drop boilerplate lines, keep the article as written.

A scraper that dumps a whole page gives one line per block: menus, bylines,
share and subscribe buttons, the article's paragraphs, then comment widgets,
donation pleas, disclaimers and lists of related articles. This module keeps
the article and drops the rest, for any outlet, from the text alone:

1. **units**: the input is cut into lines (a hard-wrapped paragraph, whose
   lines run to a fixed width, is one unit); blank lines separate units.
2. **features**: each unit gets cheap surface features (length, final
   punctuation, capitalisation, stopword share and the share of the page's
   own commonest words, digits, a small general lexicon of boilerplate
   words, repeats in the page, position, whether it lies in a numbered
   list 1, 2, 3 ...) and the same features averaged over its neighbours.
3. **scores** (``data/scrape/model.json``, rebuilt by ``python -m
   newsift.train.scrape``): a logistic regression scores each unit from its
   features; boosted trees rescore it from its neighbours' scores and from
   how many of its content words the rest of the likely article shares.
4. **one block**: the article is the contiguous run of units with the most
   "body mass" (words weighted by how sure the model is), never spanning a
   long run of sure junk; inside it, units the model is sure are not body
   (an "Advertisement", a photo credit) are still dropped.
5. **title**: the headline-looking unit just before the article.

Every kept unit is copied verbatim (typos and all); ``removed`` gives the
character span of each dropped unit in the *input* with a reason, so the
analysis can be traced back to the file. No spaCy here: a page of a few
hundred lines is cleaned in a few milliseconds.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from .byline import Byline, find_byline

__all__ = ["Cleaned", "Unit", "clean_scrape", "split_units", "unit_features", "FEATURE_NAMES"]


@dataclass
class Cleaned:
    text: str  # the kept units, verbatim, joined by a blank line
    removed: list[dict] = field(default_factory=list)  # {"start","end","reason"} into the INPUT
    title: str | None = None
    author: str | None = None  # from a byline near the headline (:mod:`.byline`)
    published: str | None = None  # YYYY-MM-DD, from a dateline near the headline


@dataclass
class Unit:
    """One line (or hard-wrapped paragraph) of the input: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


# --- units -------------------------------------------------------------------

_LINE_RE = re.compile(r"[^\r\n]+")
_BREAK_RE = re.compile(r"\r\n|\r|\n")
#: A document counts as hard-wrapped when at least this share of its long
#: lines (>= WRAP_MIN_WIDTH chars) end within WRAP_SLACK chars of the widest
#: line: typical of e-mail and plain-text archives wrapped at 70-80 columns.
#: Chosen by hand on wrapped copies of news text; the benchmark's dumps (one
#: line per HTML block) never meet it, so it does not change their scores.
WRAP_SHARE = 0.6
WRAP_MIN_WIDTH = 40
WRAP_MAX_WIDTH = 100
WRAP_SLACK = 20
#: Fewest long lines before a document can be called hard-wrapped.
WRAP_MIN_LINES = 5


def _raw_lines(text: str) -> list[Unit]:
    out = []
    for m in _LINE_RE.finditer(text):
        s, e = m.span()
        seg = m.group()
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs > ls:
            out.append(Unit(s + ls, s + rs, seg[ls:rs]))
    return out


def split_units(text: str) -> list[Unit]:
    """The input's non-blank lines, stripped; wrapped paragraphs joined into one unit."""
    lines = _raw_lines(text)
    long_lines = [u for u in lines if WRAP_MIN_WIDTH <= len(u.text)]
    if len(long_lines) < WRAP_MIN_LINES:
        return lines
    width = max(len(u.text) for u in long_lines)
    if width > WRAP_MAX_WIDTH:
        return lines
    near = sum(1 for u in long_lines if len(u.text) >= width - WRAP_SLACK)
    if near < WRAP_SHARE * len(long_lines):
        return lines
    units: list[Unit] = []
    for u in lines:
        prev = units[-1] if units else None
        if (
            prev is not None
            and len(_BREAK_RE.split(prev.text)[-1]) >= width - WRAP_SLACK
            and len(_BREAK_RE.findall(text, prev.end, u.start)) < 2  # no blank line between
        ):
            units[-1] = Unit(prev.start, u.end, text[prev.start : u.end])
        else:
            units.append(u)
    return units


# --- features ----------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")
_TERMINAL_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_DATE_RE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}\b|\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:\d+|an?)\s+(?:sec|min|minute|hour|day|week|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_URLISH_RE = re.compile(r"https?://|www\.|\b\S+@\S+\.\w+|\.(?:com|org|net|co\.uk)\b|(?:^|\s)@\w+", re.IGNORECASE)
_BYLINE_RE = re.compile(r"^(?:by|written by|words by|author:?|posted by|reporting by)\s+\S", re.IGNORECASE)
_CREDIT_RE = re.compile(
    r"^(?:photo|image|picture|credit|source|getty|ap photo|reuters|file photo|caption)\b|\b(?:getty images|"
    r"shutterstock|ap photo|afp)\b|\(photo\b",
    re.IGNORECASE,
)
_SEPARATOR_RE = re.compile(r"[|\u2022\u00bb\u203a\u00b7/>]")

#: Common English function words (general knowledge, no corpus): running
#: prose is ~40-50% of these, menus and headlines far fewer.
STOPWORDS = frozenset(
    """a about after against all also an and any are as at be because been before being but by can could did do
    does during each for from had has have he her here him his how i if in into is it its just me more most my
    no not of on once only or other our out over own said same she should so some such than that the their them
    then there these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your""".split()
)

#: A small general lexicon of web boilerplate, by kind: what readers of any
#: site see around an article, in English and, for the commonest widgets, in
#: Spanish, Portuguese, French, German and Italian (compiled by hand from
#: general knowledge of web pages, not from the training pages). A hit in a
#: short unit is strong evidence; in a long sentence it is weak, and the
#: model learns how weak.
LEXICON: dict[str, tuple[str, ...]] = {
    "comments": (
        "comment", "comments", "reply", "replies", "notify of", "feedbacks", "what do you think",
        "join the discussion", "join the conversation", "leave a reply", "disqus", "newest", "oldest",
        "most voted", "be the first to", "commenting", "community guidelines", "report abuse",
        "comentario", "comentarios", "comentário", "comentários", "responder", "commentaire", "commentaires",
        "répondre", "kommentar", "kommentare", "antworten", "commento", "commenti", "rispondi",
    ),
    "share": (
        "share", "shares", "shared", "tweet", "facebook", "twitter", "linkedin", "pinterest", "whatsapp",
        "reddit", "email this", "e-mail this", "print this", "copy link", "pin it", "flipboard", "telegram",
        "compartir", "compartilhar", "compartilhe", "partager", "teilen", "condividi",
    ),
    "subscribe": (
        "subscribe", "subscriber", "subscribers", "subscription", "newsletter", "newsletters", "sign up",
        "sign in", "log in", "login", "register", "follow us", "get the app", "inbox", "create an account",
        "my account", "unlimited access", "free trial", "already a subscriber", "e-edition", "alerts",
        "suscríbete", "suscribirse", "assine", "inscreva-se", "abonnez-vous", "s'abonner", "abonnieren",
        "iscriviti", "abbonati",
    ),
    "donate": (
        "donate", "donation", "donations", "patreon", "support us", "support the", "become a member",
        "paypal", "help us", "contribute", "tip jar", "membership",
    ),
    "advertisement": (
        "advertisement", "advertising", "advertise", "sponsored", "ad choices", "adchoices", "promoted",
        "paid content", "partner content", "shop now", "buy now", "affiliate", "commission", "ad feedback",
        "publicidad", "publicidade", "publicité", "anzeige", "werbung", "pubblicità",
    ),
    "legal": (
        "all rights reserved", "copyright", "\u00a9", "terms of use", "terms of service", "terms and conditions",
        "privacy policy", "privacy notice", "disclaimer", "do not necessarily", "views expressed",
        "opinions expressed", "solely those", "without permission", "may not be reproduced", "trademark",
        "accessibility", "sitemap", "site map", "todos los derechos reservados", "todos os direitos reservados",
        "tous droits réservés", "alle rechte vorbehalten", "tutti i diritti riservati", "impressum",
        "datenschutz", "política de privacidade", "política de privacidad", "mentions légales",
    ),
    "cookie": ("cookie", "cookies", "we use cookies", "consent", "accept", "gdpr", "opt out", "do not sell"),
    "rating": ("rating", "ratings", "rate this", "vote", "votes", "stars", "likes", "thumbs up", "upvote"),
    "related": (
        "related", "read more", "more from", "recommended", "you may also like", "you might also like",
        "most popular", "most read", "trending", "more stories", "also read", "see also", "next article",
        "previous article", "continue reading", "top stories", "more on this", "further reading", "read next",
        "latest news", "editor's picks", "don't miss", "relacionados", "relacionadas", "leia mais",
        "leia também", "lee también", "leer más", "lire aussi", "à lire aussi", "lire la suite",
        "weitere artikel", "mehr zum thema", "auch interessant", "leggi anche", "articoli correlati",
        "más leídas", "mais lidas", "les plus lus", "meistgelesen", "più letti",
    ),
    "navigation": (
        "home", "menu", "search", "skip to", "back to top", "return to top", "contact us", "about us",
        "sections", "close", "next", "previous", "toggle", "show more", "load more", "view all", "click here",
        "gallery", "open", "expand", "topics", "tags", "categories", "archives", "careers", "faq",
        "inicio", "início", "accueil", "startseite", "buscar", "pesquisar", "rechercher", "suche", "cerca",
        "contato", "contacto", "kontakt", "contatti",
    ),
    "dateline": ("updated", "published", "posted", "min read", "minute read", "last modified", "ago"),
}
LEXICON_KINDS = tuple(LEXICON)
# Lexicon look-up by token n-grams (a 300-way regex alternation is ~10x slower).
_LEX_TOKEN_RE = re.compile(r"[\w'\-]+|\u00a9")


def _lex_tokens(text: str) -> list[str]:
    return _LEX_TOKEN_RE.findall(text.lower().replace("\u2019", "'"))


_LEXICON_KIND_OF: dict[tuple[str, ...], frozenset[str]] = {}
for _kind, _words in LEXICON.items():
    for _w in _words:
        _key = tuple(_lex_tokens(_w))
        _LEXICON_KIND_OF[_key] = _LEXICON_KIND_OF.get(_key, frozenset()) | {_kind}
_LEXICON_MAX_N = max(len(k) for k in _LEXICON_KIND_OF)
_LEXICON_FIRST = frozenset(k[0] for k in _LEXICON_KIND_OF)

#: A unit this short (in words) is "short": menus, buttons, widget labels.
SHORT_WORDS = 8

BASE_FEATURES = (
    "log_words", "log_chars", "terminal", "colon_end", "cap_share", "all_caps", "stop_share", "digit_share",
    "punct_share", "commas_per_word", "separators", "mean_word_len", "sentences", "date", "urlish", "byline",
    "credit", "log_repeats", "repeat_long", "short", "lexicon_hits", "lexicon_density",
    *(f"lex_{k}" for k in LEXICON_KINDS),
    *(f"lex_{k}_short" for k in LEXICON_KINDS),
    "freq_share",
)
LEXICON_COLUMNS = [BASE_FEATURES.index(f"lex_{k}") for k in LEXICON_KINDS]
#: Base features also averaged over neighbours (windows of +-1, +-3, +-8 units).
CONTEXT_FEATURES = (
    "log_words", "terminal", "stop_share", "freq_share", "cap_share", "short", "lexicon_hits", "sentences",
)
CONTEXT_WINDOWS = (1, 3, 8)
POSITION_FEATURES = ("rel_pos", "rel_pos_sq", "words_before_share", "dist_long_prose")
#: List structure (see ``_structure``): a list marker, the length of the numbered list a unit lies in.
STRUCTURE_FEATURES = ("list_marker", "enum_chain")
FEATURE_NAMES: tuple[str, ...] = (
    *BASE_FEATURES,
    *(f"{f}_w{w}" for w in CONTEXT_WINDOWS for f in CONTEXT_FEATURES),
    *(f"{f}_prev" for f in CONTEXT_FEATURES),
    *(f"{f}_next" for f in CONTEXT_FEATURES),
    *(f"{f}_before3" for f in CONTEXT_FEATURES),
    *(f"{f}_after3" for f in CONTEXT_FEATURES),
    *POSITION_FEATURES,
    *STRUCTURE_FEATURES,
)
#: The page's own commonest words stand in for stopwords in any language:
#: this many of them (20 covers the function words that make up ~35-45% of
#: running text in the European languages; chosen by hand, not tuned).
#: Counting each distinct unit once instead scored 0.003 F1 lower in
#: cross-validation (noise), so the plain count stays.
FREQUENT_WORDS = 20
#: A unit of "long prose": at least this many words ending in a full stop.
LONG_PROSE_WORDS = 20


_SENTENCE_BREAK_RE = re.compile(r"[.!?][\"'\u201d\u2019]?\s+[\"'\u201c\u2018]?[A-Z]")


def _lexicon_kinds(text: str) -> list[float]:
    """1.0 for each lexicon kind with an entry (a word or phrase) in ``text``."""
    toks = _lex_tokens(text)
    found: set[str] = set()
    for i, t in enumerate(toks):
        if t in _LEXICON_FIRST:
            for n in range(1, min(_LEXICON_MAX_N, len(toks) - i) + 1):
                kinds = _LEXICON_KIND_OF.get(tuple(toks[i : i + n]))
                if kinds:
                    found |= kinds
    return [1.0 if k in found else 0.0 for k in LEXICON_KINDS]


def _base(text: str, repeats: int) -> list[float]:
    words = _WORD_RE.findall(text)
    n = len(words)
    chars = len(text)
    alpha = [w for w in words if w[0].isalpha()]
    caps = sum(1 for w in alpha if w[0].isupper())
    letters = sum(map(str.isalpha, text))
    upper_letters = sum(map(str.isupper, text))
    digits = sum(map(str.isdigit, text))
    punct = chars - text.count(" ") - sum(map(str.isalnum, text))
    stops = sum(1 for w in words if w.lower() in STOPWORDS)
    short = 1.0 if n <= SHORT_WORDS else 0.0
    kinds = _lexicon_kinds(text)
    hits = sum(kinds)
    return [
        math.log1p(n),
        math.log1p(chars),
        1.0 if _TERMINAL_RE.search(text) else 0.0,
        1.0 if text.endswith(":") else 0.0,
        caps / len(alpha) if alpha else 0.0,
        1.0 if letters >= 2 and upper_letters >= letters else 0.0,
        stops / n if n else 0.0,
        digits / chars if chars else 0.0,
        punct / chars if chars else 0.0,
        text.count(",") / n if n else 0.0,
        min(len(_SEPARATOR_RE.findall(text)), 5) / 5,
        min(sum(map(len, words)) / n, 15) / 15 if n else 0.0,
        min(len(_SENTENCE_BREAK_RE.findall(text)) + 1, 10) / 10 if n else 0.0,
        1.0 if _DATE_RE.search(text) else 0.0,
        1.0 if _URLISH_RE.search(text) else 0.0,
        1.0 if n <= 12 and _BYLINE_RE.search(text) else 0.0,
        1.0 if _CREDIT_RE.search(text) else 0.0,
        math.log(repeats),
        math.log1p(n) if repeats > 1 else 0.0,  # a repeated paragraph is a teaser or ticker item
        short,
        hits,
        hits / math.sqrt(n) if n else hits,
        *kinds,
        *(k * short for k in kinds),
    ]


def unit_features(units: list[Unit]) -> np.ndarray:
    """The feature matrix (one row per unit, columns in ``FEATURE_NAMES``)."""
    n = len(units)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    counts: dict[str, int] = {}
    for u in units:
        counts[u.text] = counts.get(u.text, 0) + 1
    unit_words = [[w.lower() for w in _WORD_RE.findall(u.text)] for u in units]
    freq: dict[str, int] = {}
    for ws in unit_words:
        for w in ws:
            freq[w] = freq.get(w, 0) + 1
    frequent = {w for w, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:FREQUENT_WORDS]}
    cache: dict[str, list[float]] = {}  # repeated lines (menus, tickers) are featurised once
    rows = []
    for u, ws in zip(units, unit_words, strict=True):
        if u.text not in cache:
            cache[u.text] = [*_base(u.text, counts[u.text]), sum(w in frequent for w in ws) / len(ws) if ws else 0.0]
        rows.append(cache[u.text])
    base = np.array(rows, dtype=float)
    idx = [BASE_FEATURES.index(f) for f in CONTEXT_FEATURES]
    ctx = base[:, idx]
    cols = [base]
    csum = np.vstack([np.zeros((1, ctx.shape[1])), np.cumsum(ctx, axis=0)])
    pos = np.arange(n)
    for w in CONTEXT_WINDOWS:
        lo = np.clip(pos - w, 0, n)
        hi = np.clip(pos + w + 1, 0, n)
        total = csum[hi] - csum[lo] - ctx  # neighbours only, not the unit itself
        cnt = (hi - lo - 1).clip(min=1)[:, None]
        cols.append(total / cnt)
    prev = np.vstack([np.zeros((1, ctx.shape[1])), ctx[:-1]])
    nxt = np.vstack([ctx[1:], np.zeros((1, ctx.shape[1]))])
    cols += [prev, nxt]
    # one-sided windows: a "Most popular" or "Comments" header above a unit says more than one below it
    lo3 = np.clip(pos - 3, 0, n)
    cols.append((csum[pos] - csum[lo3]) / np.maximum(pos - lo3, 1)[:, None])
    hi3 = np.clip(pos + 4, 0, n)
    cols.append((csum[hi3] - csum[np.minimum(pos + 1, n)]) / np.maximum(hi3 - pos - 1, 1)[:, None])
    words = np.expm1(base[:, BASE_FEATURES.index("log_words")])
    rel = pos / max(n - 1, 1)
    before = (np.cumsum(words) - words) / max(words.sum(), 1.0)
    prose = (words >= LONG_PROSE_WORDS) & (base[:, BASE_FEATURES.index("terminal")] > 0)
    dist = np.full(n, float(n))
    last = -(10**9)
    for i in range(n):  # distance to the nearest unit of long prose, either side
        if prose[i]:
            last = i
        dist[i] = i - last
    last = 10**9
    for i in range(n - 1, -1, -1):
        if prose[i]:
            last = i
        dist[i] = min(dist[i], last - i)
    cols.append(np.column_stack([rel, rel**2, before, np.log1p(np.minimum(dist, 50))]))
    cols.append(_structure(units))
    return np.hstack(cols)


_MARKER_RE = re.compile(r"^(?:\(?(\d{1,3})[.):]|[-\u2022\u2013\u2014*\u25aa\u25cf\u2192>])\s*\S")
#: A numbered item continues a list when its number follows the previous
#: item's within this many units (an item may carry a link or a caption line).
ENUM_GAP = 4


def _enum_chains(units: list[Unit]) -> np.ndarray:
    """Length of the run of consecutively numbered items (1, 2, 3 ...) each unit lies within (0: none)."""
    n = len(units)
    out = np.zeros(n)
    chain: list[int] = []  # indices of the current chain's items
    last_num = -1

    def close() -> None:
        if len(chain) >= 2:
            out[chain[0] : chain[-1] + 1] = len(chain)

    for i, u in enumerate(units):
        m = _MARKER_RE.match(u.text)
        if not m or m.group(1) is None:
            continue
        num = int(m.group(1))
        if chain and num == last_num + 1 and i - chain[-1] <= ENUM_GAP:
            chain.append(i)
        else:
            close()
            chain = [i]
        last_num = num
    close()
    return np.log1p(out)


def _structure(units: list[Unit]) -> np.ndarray:
    """STRUCTURE_FEATURES: whether a unit is a list item, and how long a numbered list it belongs to.

    An article's own lists (products, steps, a top ten) are often numbered
    1, 2, 3 ..., with a link or a caption line between items; neither the
    items nor those lines are prose, so line features alone drop them. Menus
    and teaser lists are rarely numbered in sequence.
    """
    marker = np.array([1.0 if _MARKER_RE.match(u.text) else 0.0 for u in units])
    return np.column_stack([marker, _enum_chains(units)])


# --- stage 2: the neighbours' scores --------------------------------------------

#: Offsets whose stage-1 scores feed stage 2, and the windows of its means.
STACK_OFFSETS = (-3, -2, -1, 1, 2, 3)
STACK_WINDOWS = (5, 15)
#: Base features stage 2 sees again, so a confident neighbourhood cannot
#: outvote what a unit plainly is (an "Advertisement" between paragraphs).
STACK_BASE = (
    "log_words", "short", "terminal", "lexicon_hits", "all_caps", "cap_share", "log_repeats", "freq_share",
    "stop_share", "urlish", "date",
)
STACK_NAMES: tuple[str, ...] = (
    "s1",
    *(f"s1_{o:+d}" for o in STACK_OFFSETS),
    *(f"s1_mean_w{w}" for w in STACK_WINDOWS),
    *(f"s1_wmean_w{w}" for w in STACK_WINDOWS),
    "s1_max_before",
    "s1_max_after",
    "s1_minus_max",
    "bottleneck_before",
    "bottleneck_after",
    "log_dist_before",
    "log_dist_after",
    *STACK_BASE,
    "rel_pos",
    *STRUCTURE_FEATURES,
    "cohesion",
    "cohesion_x_log_words",
)


#: Stage-1 logits are clipped to this range in the bottleneck features.
LOGIT_CLIP = 8.0


def _bottleneck(s1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each unit: the lowest logit between it and the nearest earlier confident unit, and log distance.

    Text that follows the article's paragraphs without a clear break (an
    embedded tweet, a list) scores weakly but is joined to the body by weak
    units; a footer is cut off by a run of confidently junk units.
    """
    n = len(s1)
    low = np.full(n, -LOGIT_CLIP)
    dist = np.full(n, math.log1p(50))
    run = None  # lowest logit since the last confident unit (None: none seen yet)
    last = -1
    for i in range(n):
        if run is not None:
            low[i] = run
            dist[i] = math.log1p(min(i - last, 50))
        v = max(min(float(s1[i]), LOGIT_CLIP), -LOGIT_CLIP)
        if v > 0:
            run, last = 0.0, i
        elif run is not None:
            run = min(run, v)
    return low, dist


def content_words(units: list[Unit]) -> list[set[str]]:
    """Each unit's content words (lowercased, 3+ letters, no stopwords or numbers)."""
    return [
        {w for w in (x.lower() for x in _WORD_RE.findall(u.text)) if len(w) >= 3 and w not in STOPWORDS and not w.isdigit()}
        for u in units
    ]


def _cohesion(s1: np.ndarray, vocab: list[set[str]]) -> np.ndarray:
    """Share of a unit's content words found in the *other* units stage 1 believes are body.

    An article's paragraphs share names and topic words; teasers for other
    stories, menus and widgets do not, however prose-like they look.
    """
    core = s1 > 0
    df: dict[str, int] = {}
    for i in np.flatnonzero(core):
        for w in vocab[i]:
            df[w] = df.get(w, 0) + 1
    out = np.zeros(len(vocab))
    for i, ws in enumerate(vocab):
        if ws:
            own = 1 if core[i] else 0
            out[i] = sum(1 for w in ws if df.get(w, 0) > own) / len(ws)
    return out


def stack_features(s1: np.ndarray, feats: np.ndarray, vocab: list[set[str]]) -> np.ndarray:
    """Stage-2 inputs: a unit's stage-1 logit, its neighbours', window means, list structure and cohesion."""
    n = len(s1)
    if n == 0:
        return np.zeros((0, len(STACK_NAMES)))
    p = 1 / (1 + np.exp(-s1))
    words = np.expm1(feats[:, BASE_FEATURES.index("log_words")])
    cols = [s1]
    pad = np.concatenate([np.full(3, -5.0), s1, np.full(3, -5.0)])  # "no unit" = confidently not body
    for o in STACK_OFFSETS:
        cols.append(pad[3 + o : 3 + o + n])
    pos = np.arange(n)
    cp = np.concatenate([[0.0], np.cumsum(p)])
    cpw = np.concatenate([[0.0], np.cumsum(p * words)])
    cw = np.concatenate([[0.0], np.cumsum(words)])
    for w in STACK_WINDOWS:
        lo, hi = np.clip(pos - w, 0, n), np.clip(pos + w + 1, 0, n)
        cols.append((cp[hi] - cp[lo]) / (hi - lo))
    for w in STACK_WINDOWS:
        lo, hi = np.clip(pos - w, 0, n), np.clip(pos + w + 1, 0, n)
        cols.append((cpw[hi] - cpw[lo]) / np.maximum(cw[hi] - cw[lo], 1.0))
    wp = p * np.minimum(words, 50) / 50
    cols.append(np.concatenate([[0.0], np.maximum.accumulate(wp)[:-1]]))
    cols.append(np.concatenate([np.maximum.accumulate(wp[::-1])[::-1][1:], [0.0]]))
    cols.append(s1 - s1.max())
    bb, db = _bottleneck(s1)
    ba, da = _bottleneck(s1[::-1])
    cols += [bb, ba[::-1], db, da[::-1]]
    for name in STACK_BASE:
        cols.append(feats[:, BASE_FEATURES.index(name)])
    cols.append(feats[:, FEATURE_NAMES.index("rel_pos")])
    for name in STRUCTURE_FEATURES:
        cols.append(feats[:, FEATURE_NAMES.index(name)])
    cohesion = _cohesion(s1, vocab)
    cols.append(cohesion)
    cols.append(cohesion * feats[:, BASE_FEATURES.index("log_words")])
    return np.column_stack(cols)


# --- the model -------------------------------------------------------------------

MODEL_RESOURCE = ("newsift", "data/scrape/model.json")


@dataclass
class ScrapeModel:
    """Weights and thresholds of the cleaner (see ``newsift.train.scrape``).

    Each stage is a JSON layer: ``{"kind": "linear", "mean", "scale", "coef",
    "intercept"}`` (a standardised logistic regression) or ``{"kind": "trees",
    "baseline", "feature", "threshold", "left", "right", "value", "depth"}``
    (boosted trees as padded node arrays, one row per tree). Both give logits
    with numpy alone: no pickles, no scikit-learn at run time.
    """

    stage1: dict
    stage2: dict
    params: dict
    info: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._arrays = {id(layer): _layer_arrays(layer) for layer in (self.stage1, self.stage2)}

    def logits(self, layer: dict, x: np.ndarray) -> np.ndarray:
        """Raw scores of one stage for the rows of ``x``."""
        return layer_logits(layer, x, self._arrays.get(id(layer)))

    def scores(self, feats: np.ndarray, vocab: list[set[str]]) -> np.ndarray:
        """Stage-2 probabilities that each unit is article body (``vocab``: ``content_words(units)``)."""
        if len(feats) == 0:
            return np.zeros(0)
        s1 = self.logits(self.stage1, feats)
        s2 = self.logits(self.stage2, stack_features(s1, feats, vocab))
        return 1 / (1 + np.exp(-np.clip(s2, -30, 30)))

    def to_json(self) -> dict:
        return {"stage1": self.stage1, "stage2": self.stage2, "params": self.params, "info": self.info}

    @classmethod
    def from_json(cls, data: dict) -> ScrapeModel:
        for key, names in (("stage1", FEATURE_NAMES), ("stage2", STACK_NAMES)):
            if list(data[key]["features"]) != list(names):
                raise ValueError(f"scrape model {key} features do not match this version of newsift; retrain it")
        return cls(data["stage1"], data["stage2"], data["params"], data.get("info", {}))


def layer_logits(layer: dict, x: np.ndarray, arrays: tuple[np.ndarray, ...] | None = None) -> np.ndarray:
    """Raw scores of a JSON layer (linear or trees) for the rows of ``x``."""
    arrays = arrays or _layer_arrays(layer)
    if layer.get("kind", "linear") == "linear":
        mean, scale, coef = arrays
        return ((x - mean) / scale) @ coef + float(layer["intercept"])
    feature, threshold, left, right, value, roots = arrays
    n_rows, n_cols = x.shape
    flat_x = np.ascontiguousarray(x, dtype=float).ravel()
    row_base = (np.arange(n_rows) * n_cols)[None, :]
    node = np.repeat(roots[:, None], n_rows, axis=1)  # (trees, rows), global node ids
    for _ in range(int(layer["depth"])):  # every tree descends one level per step, all rows at once
        f = feature[node]
        go_left = flat_x[row_base + np.maximum(f, 0)] <= threshold[node]
        node = np.where(f < 0, node, np.where(go_left, left[node], right[node]))
    return float(layer["baseline"]) + value[node].sum(axis=0)


def _layer_arrays(layer: dict) -> tuple[np.ndarray, ...]:
    """Numpy arrays of a layer; trees are flattened with children as global node ids."""
    if layer.get("kind", "linear") == "linear":
        return (np.asarray(layer["mean"], float), np.asarray(layer["scale"], float), np.asarray(layer["coef"], float))
    feature = np.asarray(layer["feature"], np.int64)  # (trees, nodes); -1 marks a leaf
    n_trees, size = feature.shape
    offset = (np.arange(n_trees) * size)[:, None]
    return (
        feature.ravel(),
        np.asarray(layer["threshold"], float).ravel(),
        (np.asarray(layer["left"], np.int64) + offset).ravel(),
        (np.asarray(layer["right"], np.int64) + offset).ravel(),
        np.asarray(layer["value"], float).ravel(),
        offset.ravel(),
    )


@lru_cache(maxsize=1)
def load_model() -> ScrapeModel:
    """The shipped model (read once per process)."""
    package, name = MODEL_RESOURCE
    with resources.files(package).joinpath(name).open(encoding="utf-8") as f:
        return ScrapeModel.from_json(json.load(f))


#: Defaults of the decision parameters; the shipped model.json carries the
#: values tuned by cross-validation on the benchmark's tune part, and these
#: are used only for keys it lacks.
DEFAULT_PARAMS = {
    "threshold": 0.5,  # segment mass: a unit adds weight * (p - threshold)
    "relative": 0.5,  # ... with threshold at most relative * the page's best p (short pages score low)
    "inside_min": 0.15,  # inside the article, a unit below this is still dropped
    "outside_min": 1.01,  # outside it, a unit above this (and long) is still kept (> 1: never)
    "outside_min_words": 20,
    "mass_power": 0.5,  # weight = words ** power
    "logit_gain": 0.0,  # 1: gain = weight * (logit p - logit threshold), clipped; 0: weight * (p - threshold)
    # > 0: the block never spans this many consecutive units below inside_min. Out-of-fold F1 on the
    # tune part was flat for 5-8 (+0.004 over 0) and fell at 3 and 10; 6 sits in the middle.
    "gap_run": 6,
}


def decide(p: np.ndarray, words: np.ndarray, params: dict) -> np.ndarray:
    """Which units to keep: the best-scoring contiguous block, then exceptions.

    The block maximises the summed gain over a contiguous run (Kadane's
    algorithm), gain = words ** mass_power * (p - threshold), so long
    confident paragraphs pull the block across short doubtful units (a
    subheading, a caption) while a run of menus or related titles ends it.
    """
    prm = {**DEFAULT_PARAMS, **params}
    n = len(p)
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    t = min(prm["threshold"], prm["relative"] * float(p.max()))
    weight = np.power(np.maximum(words, 1.0), prm["mass_power"])
    if prm["logit_gain"]:
        q = np.clip(p, 1e-4, 1 - 1e-4)
        tt = min(max(t, 1e-4), 1 - 1e-4)
        gain = weight * np.clip(np.log(q / (1 - q)) - math.log(tt / (1 - tt)), -LOGIT_CLIP, LOGIT_CLIP)
    else:
        gain = weight * (p - t)
    if prm["gap_run"] > 0:  # a long run of sure junk (a footer, a list of links) ends the article
        low = p < min(prm["inside_min"], t)
        run_len = 0
        for i in range(n + 1):
            if i < n and low[i]:
                run_len += 1
                continue
            if run_len >= prm["gap_run"]:
                gain[i - run_len : i] = -math.inf
            run_len = 0
    best, best_a, best_b = -math.inf, 0, -1
    run, run_a = 0.0, 0
    for i, g in enumerate(gain.tolist()):
        if run <= 0 or run == -math.inf:
            run, run_a = g, i
        else:
            run += g
        if run > best:
            best, best_a, best_b = run, run_a, i
    if best > 0:
        keep[best_a : best_b + 1] = p[best_a : best_b + 1] >= min(prm["inside_min"], t)
    keep |= (p >= prm["outside_min"]) & (words >= prm["outside_min_words"])
    return keep


# --- title ------------------------------------------------------------------------

#: The headline is looked for among this many units before the article's first paragraph.
TITLE_WINDOW = 25
#: A first paragraph has at least this many words (a lede runs 20-40; a
#: dateline, byline or caption fragment is shorter).
TITLE_ANCHOR_WORDS = 15
#: Headline length in words: news headlines run ~4-20 words (fewer is
#: usually a name, a section or an outlet; allow a little more).
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 4, 30
#: Lexicon kinds a headline never carries (a share bar, a dateline, a cookie notice).
TITLE_NEVER = ("share", "subscribe", "comments", "cookie", "legal", "dateline", "advertisement", "donate")
_CAPTION_RE = re.compile(r"\b(?:photo|image|credit|source)\s*(?::|\.\.\.|\u2026)", re.IGNORECASE)
#: Title scoring weights, set by hand from reading the tune pages' headlines:
#: each unit between a candidate and the article costs TITLE_DISTANCE, a
#: repeat earns TITLE_REPEAT (at most two), length earns up to TITLE_LENGTH
#: (full at 12 words).
TITLE_DISTANCE, TITLE_REPEAT, TITLE_LENGTH = 0.15, 0.5, 1.5


def _title_score(text: str, distance: int, repeats: int) -> float:
    words = _WORD_RE.findall(text)
    if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS:
        return -math.inf
    if text.endswith((".", ":", ",", ";")) and not text.endswith("..."):
        return -math.inf
    if _DATE_RE.search(text) or _URLISH_RE.search(text) or _BYLINE_RE.search(text) or _CREDIT_RE.search(text):
        return -math.inf
    if _CAPTION_RE.search(text):
        return -math.inf
    kinds = _lexicon_kinds(text)
    if any(kinds[LEXICON_KINDS.index(k)] for k in TITLE_NEVER) or (sum(kinds) and len(words) < 6):
        return -math.inf
    alpha = [w for w in words if w[0].isalpha()]
    if len(alpha) < len(words) / 2:
        return -math.inf
    score = -TITLE_DISTANCE * distance  # the headline sits close above the article
    score += TITLE_REPEAT * min(repeats - 1, 2)  # headlines repeat (page title, breadcrumb, share text)
    score += TITLE_LENGTH * min(len(words), 12) / 12
    return score


def find_title(units: list[Unit], keep: np.ndarray) -> int | None:
    """Index of the headline: a short unit without a final full stop, just above the first paragraph.

    The first paragraph is the first kept unit of prose (TITLE_ANCHOR_WORDS
    words or more, ending a sentence); the headline may sit inside the kept
    block (when the model took it for body) or above it.
    """
    kept = np.flatnonzero(keep)
    if len(kept) == 0:
        return None
    anchor = int(kept[0])
    for i in kept:
        text = units[i].text
        if len(_WORD_RE.findall(text)) >= TITLE_ANCHOR_WORDS and _TERMINAL_RE.search(text):
            anchor = int(i)
            break
    counts: dict[str, int] = {}
    for u in units:
        counts[u.text] = counts.get(u.text, 0) + 1
    best, best_i = -math.inf, None
    for i in range(max(0, anchor - TITLE_WINDOW), anchor + 1):
        s = _title_score(units[i].text, anchor - i, counts[units[i].text])
        if s > best:
            best, best_i = s, i
    return best_i


# --- reasons ----------------------------------------------------------------------

#: Lexicon kinds reported as the reason for a dropped unit, most telling first.
REASON_ORDER = ("cookie", "comments", "donate", "subscribe", "share", "rating", "advertisement", "legal",
                "related", "dateline", "navigation")


def _reason(unit: Unit, lexicon: np.ndarray, i: int, first: int, last: int) -> str:
    """Why a unit was dropped: what it looks like, else where it sits. ``lexicon``: its lex_* flags."""
    if len(unit.text) < 80 and _BYLINE_RE.search(unit.text):
        return "byline"
    if len(unit.text) < 120 and _CREDIT_RE.search(unit.text):
        return "credit"
    if len(unit.text) < 200:
        for kind in REASON_ORDER:
            if lexicon[LEXICON_KINDS.index(kind)]:
                return kind
    if i < first:
        return "header"
    if i > last:
        return "footer"
    return "inline"


# --- entry point ---------------------------------------------------------------------


def select(
    units: list[Unit], feats: np.ndarray, p: np.ndarray, params: dict, keep_title: bool = False
) -> tuple[np.ndarray, int | None]:
    """The units to keep and the headline's index, from the model's probabilities ``p``."""
    keep = decide(p, np.expm1(feats[:, BASE_FEATURES.index("log_words")]), params)
    if not keep.any():  # nothing looks like an article: keep it all rather than lose it
        keep[:] = True
    title_i = find_title(units, keep)
    if title_i is not None:
        if keep[title_i]:
            keep[:title_i] = False  # nothing of the article comes before its headline
        if keep_title:
            keep[title_i] = True
        elif keep.sum() > 1 or not keep[title_i]:  # never drop the only unit left
            keep[title_i] = False
    return keep, title_i


def clean_scrape(text: str, *, keep_title: bool = False, model: ScrapeModel | None = None) -> Cleaned:
    """Keep the article of a plain-text page scrape; report what was dropped and the headline.

    ``keep_title``: leave the headline as the first line of ``text`` (it is
    always returned in ``title``). Off by default, as the benchmark's gold
    article bodies leave headlines out.
    """
    units = split_units(text)
    if not units:
        return Cleaned(text="")
    model = model or load_model()
    feats = unit_features(units)
    keep, title_i = select(units, feats, model.scores(feats, content_words(units)), model.params, keep_title)
    kept = np.flatnonzero(keep)
    lex = feats[:, LEXICON_COLUMNS]
    first, last = (int(kept[0]), int(kept[-1])) if len(kept) else (len(units), -1)
    removed = [
        {"start": u.start, "end": u.end, "reason": "title" if i == title_i else _reason(u, lex[i], i, first, last)}
        for i, u in enumerate(units)
        if not keep[i]
    ]
    body = "\n\n".join(units[i].text for i in kept)
    byline = find_byline([u.text for u in units], first, title_i) if len(kept) else Byline()
    return Cleaned(text=body, removed=removed, title=units[title_i].text if title_i is not None else None,
                   author=byline.author, published=byline.published)
