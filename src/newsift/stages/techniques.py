"""Propaganda techniques: spans of text and the PTC technique each one uses.

Two linear models over the spaCy parse the pipeline already made (nothing is
re-parsed), trained on the Propaganda Techniques Corpus (SemEval-2020 Task 11)
by ``python -m newsift.train.techniques``:

1. span identification (SI): a logistic-regression token tagger ("is this
   token inside a propaganda fragment?") over lexical, syntactic, lexicon and
   sentence-shape features; fragments are read off the token probabilities
   with hysteresis (a fragment starts at a confident token and extends over
   less confident ones), never across a line break.
2. technique classification (TC): a multinomial logistic regression over the
   fragment's words, its shape, how often it recurs in the article
   (Repetition) and its sentence context, giving one of the 14 PTC labels.

Why linear models: they run in a few milliseconds per article on a laptop
CPU with nothing but numpy/scikit-learn, and the model file stays small. They
are far weaker than the fine-tuned transformers of the 2020 shared task; the
README beside the model gives the measured figures.

The model is plain numpy arrays in an ``.npz`` (no pickle): hashed feature
weights, biases, the decoding thresholds and a copy of the sentiment lexicon
the features read.
"""

from __future__ import annotations

import bisect
import collections
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

from ..hashing import HashedRows, hash_rows
from ..record import TECHNIQUES

#: Bumped whenever a feature changes meaning: a model records the version it
#: was trained with and the stage refuses a mismatch rather than mis-predict.
FEATURES_VERSION = 2
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "techniques"
MODEL_FILE = MODEL_DIR / "techniques.npz"

#: Hash space of the token tagger and of the span classifier. 2**20 / 2**18
#: keep collisions rare for the ~400k token / ~5k span training sets while the
#: compressed model stays a few MB (most buckets are never used).
TOKEN_HASH_BITS = 20
SPAN_HASH_BITS = 18
#: Character n-gram sizes of the span classifier. 5-fold CV on tune, TC
#: micro-F1: none 0.576, 4 0.585, 3+5 0.595 (with the lexicon and headline
#: features, which alone give 0.578).
SPAN_CHAR_NGRAMS = (3, 5)

#: Default decoding thresholds on the token probability: a fragment starts at
#: a token >= START and goes on over tokens >= CONTINUE. Chosen by a grid
#: search (start 0.10..0.55, continue 0.03..start) on 5-fold cross-validation
#: by article over the ``tune`` part (``python -m newsift.train.techniques
#: --cv``); the trained model stores the values its CV picked, these are the
#: fallback. The official SI metric rewards recall more than a 0.5 cut would.
#: With whole-sentence fragments (:data:`SENTENCE_SHARE`) the CV optimum
#: moved from 0.30 / 0.08 to 0.35 / 0.08.
START_THRESHOLD = 0.35
CONTINUE_THRESHOLD = 0.08

QUOTE_CHARS = frozenset('"“”«»')
OPEN_QUOTES = frozenset("“«")


def _bucket(value: int, edges: Sequence[int]) -> int:
    for i, edge in enumerate(edges):
        if value <= edge:
            return i
    return len(edges)


class Lexicon:
    """Word -> (subjectivity, |valence|) in 0..1, -1 when not rated.

    A copy of newsift's claim lexicon (Pattern en-sentiment, PDDL; VADER, MIT),
    stored in the technique model so the features it was trained with never
    drift when that table is rebuilt.
    """

    def __init__(self, words: Sequence[str], values: np.ndarray) -> None:
        self.table = {w: (float(a), float(b)) for w, (a, b) in zip(words, values, strict=True)}

    @classmethod
    def from_tsv(cls, path: Path) -> Lexicon:
        words, values = [], []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                word, subj, val = line.rstrip("\n").split("\t")
                words.append(word)
                values.append((float(subj), float(val)))
        return cls(words, np.array(values, dtype=np.float32).reshape(-1, 2))

    def get(self, token: Token) -> tuple[float, float] | None:
        return self.table.get(token.lower_) or self.table.get(token.lemma_.lower())

    def features(self, token: Token, prefix: str) -> list[str]:
        value = self.get(token)
        if value is None:
            return []
        out = []
        if value[0] >= 0:
            out.append(f"{prefix}sj{int(value[0] * 4)}")
        if value[1] >= 0:
            out.append(f"{prefix}va{int(value[1] * 4)}")
        return out

    def strong(self, token: Token) -> bool:
        """Strongly valenced (VADER |mean| >= 2 of 4)."""
        value = self.get(token)
        return value is not None and value[1] >= 0.5


def _in_quotes(doc: Doc) -> list[bool]:
    """Per token: inside a double-quoted stretch (curly quotes pair; straight ones toggle)."""
    inside = False
    out = []
    for tok in doc:
        if tok.text == '"':
            inside = not inside
        elif tok.text in OPEN_QUOTES:
            inside = True
        elif tok.text in ("”", "»"):
            inside = False
        out.append(inside)
    return out


def token_features(doc: Doc, lexicon: Lexicon) -> list[list[str]]:
    """String features of every token of ``doc`` for the span tagger.

    Per-token strings are read once into lists: indexing ``doc[j]`` builds a
    new Token object each time, and the window features look at seven of them.
    """
    out: list[list[str]] = [[] for _ in range(len(doc))]
    quoted = _in_quotes(doc)
    lows = [t.lower_ for t in doc]
    poses = [t.pos_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    lex = [lexicon.features(t, "") for t in doc]
    lemma_count = collections.Counter(lemma for t, lemma in zip(doc, lemmas, strict=True) if t.is_alpha)
    n_doc = len(doc)
    for s_index, sent in enumerate(doc.sents):
        n = len(sent)
        text = sent.text
        sent_feats = [f"Sn{min(n // 8, 6)}"]
        if "!" in text:
            sent_feats.append("S!")
        if "?" in text:
            sent_feats.append("S?")
        if any(c in text for c in QUOTE_CHARS):
            sent_feats.append("Sq")
        if s_index == 0:
            sent_feats.append("S0")
        strong = sum(1 for t in sent if lexicon.strong(t))
        sent_feats.append(f"Sv{min(strong, 4)}")
        for tok in sent:
            i = tok.i
            rel = i - sent.start
            low = lows[i]
            head = tok.head
            f = [
                "w=" + low, "l=" + lemmas[i], "p=" + poses[i], "t=" + tok.tag_, "d=" + tok.dep_,
                "sh=" + tok.shape_[:4], "s3=" + low[-3:], "hp=" + poses[head.i] + "_" + tok.dep_,
                "hl=" + lemmas[head.i], f"pos={min(rel, 5)}", f"rpos={4 * rel // max(n, 1)}",
            ]
            if tok.ent_type_:
                f.append("e=" + tok.ent_type_)
            if quoted[i]:
                f.append("inq")
            if tok.is_upper and len(tok) > 1:
                f.append("UP")
            if tok.is_alpha and not tok.is_stop:
                f.append(f"rep={min(lemma_count[lemmas[i]], 5)}")
            for k in (-2, -1, 1, 2):
                j = i + k
                if 0 <= j < n_doc:
                    f.append(f"w{k:+d}={lows[j]}")
                    f.append(f"p{k:+d}={poses[j]}")
                else:
                    f.append(f"w{k:+d}=<>")
            for k in (-3, 3):
                j = i + k
                if 0 <= j < n_doc:
                    f.append(f"w{k:+d}={lows[j]}")
            if i > 0:
                f.append("b-=" + lows[i - 1] + "_" + low)
            if i + 1 < n_doc:
                f.append("b+=" + low + "_" + lows[i + 1])
            f += lex[i]
            if i > 0:
                f += ["-" + x for x in lex[i - 1]]
            if i + 1 < n_doc:
                f += ["+" + x for x in lex[i + 1]]
            f += sent_feats
            out[i] = f
    return out


def span_features(doc: Doc, start: int, end: int, cache: dict, lexicon: Lexicon | None = None) -> list[str]:
    """String features of the fragment ``doc.text[start:end]`` for the technique classifier.

    ``cache`` is per document (repetition counts are computed once). Beside
    words, lemmas and context: the lexicon's subjectivity and valence of the
    fragment's words, whether it sits in the headline, and its character
    n-grams (inflections and word parts: "terror-ist", "un-American").
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    toks = [t for t in span if not t.is_space] if span is not None else []
    if not toks:
        return ["empty"]
    low = [t.lower_ for t in toks]
    f = ["s=" + w for w in low]
    f += ["sl=" + t.lemma_.lower() for t in toks]
    f += [f"sb={a}_{b}" for a, b in zip(low, low[1:], strict=False)]
    f += ["f=" + low[0], "L=" + low[-1], f"n={_bucket(len(toks), (1, 2, 3, 5, 8, 12, 20, 35))}"]
    if len(toks) <= 4:
        f.append("pp=" + "_".join(t.pos_ for t in toks))
    f += ["sp=" + t.pos_ for t in toks]
    f += ["se=" + t.ent_type_ for t in toks if t.ent_type_]
    if "__text" not in cache:  # Doc.text joins every token on each call
        cache["__text"] = doc.text
        cache["__lower"] = doc.text.lower()
    text = cache["__text"][start:end]
    for ch in "!?\"“”'":
        if ch in text:
            f.append("ch" + ch)
    if text[:1].isupper():
        f.append("cap")
    if text.isupper():
        f.append("UP")
    key = text.lower().strip()
    if key not in cache:
        cache[key] = cache["__lower"].count(key) if key else 0
    f.append(f"rep={_bucket(cache[key], (1, 2, 3, 5))}")
    if "__lemmas" not in cache:
        cache["__lemmas"] = collections.Counter(t.lemma_.lower() for t in doc if t.is_alpha and not t.is_stop)
    lemmas = cache["__lemmas"]
    most = max([lemmas[t.lemma_.lower()] for t in toks if t.is_alpha and not t.is_stop] or [0])
    f.append(f"lrep={_bucket(most, (1, 2, 3, 5, 8))}")
    sent = _sentence_of(doc, toks[0].i, cache)
    cover = (min(end, sent.end_char) - max(start, sent.start_char)) / max(1, len(sent.text))
    f.append(f"cov={int(cover * 4)}")
    f += ["c=" + t.lemma_.lower() for t in sent if (t.idx < start or t.idx >= end) and t.is_alpha and not t.is_stop]
    first, last = toks[0].i, toks[-1].i
    for k in (1, 2):
        if first - k >= 0:
            f.append(f"l{k}={doc[first - k].lower_}")
        if last + k < len(doc):
            f.append(f"r{k}={doc[last + k].lower_}")
    if lexicon is not None:
        for t in toks:
            f += ["s" + x for x in lexicon.features(t, "")]
    if "__title_end" not in cache:
        line_end = cache["__text"].find("\n")
        cache["__title_end"] = len(cache["__text"]) if line_end == -1 else line_end
    if start < cache["__title_end"]:
        f.append("title")
    padded = " " + " ".join(text.lower().split()) + " "
    for n in SPAN_CHAR_NGRAMS:
        f += [f"c{n}={padded[i:i + n]}" for i in range(len(padded) - n + 1)]
    return f


def _sentence_of(doc: Doc, i: int, cache: dict) -> Span:
    """The sentence holding token ``i``; ``Token.sent`` rescans the whole document on every call."""
    if "__sents" not in cache:
        sents = list(doc.sents)
        cache["__sents"] = (sents, [s.start for s in sents])
    sents, starts = cache["__sents"]
    return sents[bisect.bisect_right(starts, i) - 1]


def token_rows(doc: Doc, lexicon: Lexicon) -> HashedRows:
    """Every token's hashed features, one row per token."""
    return hash_rows(token_features(doc, lexicon), 2**TOKEN_HASH_BITS)


def span_rows(doc: Doc, spans: Sequence[tuple[int, int]], cache: dict, lexicon: Lexicon) -> HashedRows:
    """Every fragment's hashed features, one row per (start_char, end_char)."""
    return hash_rows((span_features(doc, s, e, cache, lexicon) for s, e in spans), 2**SPAN_HASH_BITS)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class TechniqueModel:
    """The trained weights (see module docstring); loaded from / saved to an ``.npz``."""

    token_coef: np.ndarray  # (2**TOKEN_HASH_BITS,)
    token_bias: float
    span_coef: np.ndarray  # (14, 2**SPAN_HASH_BITS)
    span_bias: np.ndarray  # (14,)
    lexicon: Lexicon
    start_threshold: float = START_THRESHOLD
    continue_threshold: float = CONTINUE_THRESHOLD

    @classmethod
    def load(cls, path: Path | str | None = None) -> TechniqueModel:
        path = Path(path) if path is not None else MODEL_FILE
        with np.load(path, allow_pickle=False) as z:
            version = int(z["features_version"])
            if version != FEATURES_VERSION:
                raise ValueError(
                    f"technique model {path} was trained with features v{version}, this code computes "
                    f"v{FEATURES_VERSION}; rebuild it with python -m newsift.train.techniques"
                )
            labels = [str(x) for x in z["labels"]]
            if labels != list(TECHNIQUES):
                raise ValueError(f"technique model {path} has labels {labels}, expected the 14 PTC labels")
            return cls(
                token_coef=z["token_coef"].astype(np.float32),
                token_bias=float(z["token_bias"]),
                span_coef=z["span_coef"].astype(np.float32),
                span_bias=z["span_bias"].astype(np.float32),
                lexicon=Lexicon([str(w) for w in z["lexicon_words"]], z["lexicon_values"]),
                start_threshold=float(z["thresholds"][0]),
                continue_threshold=float(z["thresholds"][1]),
            )

    def save(self, path: Path | str, meta: dict | None = None) -> None:
        words = sorted(self.lexicon.table)
        values = np.array([self.lexicon.table[w] for w in words], dtype=np.float16).reshape(-1, 2)
        np.savez_compressed(
            path,
            features_version=np.int32(FEATURES_VERSION),
            labels=np.array(TECHNIQUES),
            # float16 halves the file; the scores move by < 1e-3, far below any threshold's resolution
            token_coef=self.token_coef.astype(np.float16),
            token_bias=np.float32(self.token_bias),
            span_coef=self.span_coef.astype(np.float16),
            span_bias=self.span_bias.astype(np.float32),
            lexicon_words=np.array(words),
            lexicon_values=values,
            thresholds=np.array([self.start_threshold, self.continue_threshold], dtype=np.float32),
            meta=np.array(repr(meta or {})),
        )

    # -- prediction ---------------------------------------------------------------

    def token_logits(self, doc: Doc) -> np.ndarray:
        """The tagger's logit of "token is inside a propaganda fragment" for every token."""
        if len(doc) == 0:
            return np.zeros(0, dtype=np.float32)
        return token_rows(doc, self.lexicon).dot(self.token_coef) + self.token_bias

    def token_probs(self, doc: Doc) -> np.ndarray:
        """P(token is inside a propaganda fragment) for every token."""
        return _sigmoid(self.token_logits(doc))

    def technique_probs(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """(len(spans), 14) technique probabilities, columns in ``TECHNIQUES`` order."""
        if not spans:
            return np.zeros((0, len(TECHNIQUES)), dtype=np.float32)
        cache: dict = {}
        return _softmax(span_rows(doc, spans, cache, self.lexicon).dot(self.span_coef.T) + self.span_bias)


def decode_spans(doc: Doc, probs: np.ndarray, start: float, cont: float) -> list[tuple[int, int, float]]:
    """Fragments (start_char, end_char, mean token probability) from token probabilities.

    A fragment opens at a non-punctuation token with p >= ``start``, goes on
    over tokens with p >= ``cont`` and closes at a line break (PTC fragments
    stay within a paragraph line). Trailing punctuation is left out. Where the
    Doc has sentences, a fragment that runs one word into the next sentence
    stops before it, and one that covers most of a sentence's words takes the
    whole sentence (:data:`SENTENCE_SHARE`).
    """
    fragments: list[list[Token]] = []
    current: list[Token] = []
    for tok in doc:
        if tok.is_space or "\n" in tok.text:
            if current and "\n" in tok.text:
                fragments.append(current)
                current = []
            continue
        if not current:
            if probs[tok.i] >= start and not tok.is_punct:
                current = [tok]
        elif probs[tok.i] >= cont:
            current.append(tok)
        else:
            fragments.append(current)
            current = []
    if current:
        fragments.append(current)
    sentences = doc.has_annotation("SENT_START")
    cache: dict = {}
    spans = []
    for tokens in fragments:
        score = float(np.mean([probs[t.i] for t in tokens]))
        first, end = tokens[0].i, tokens[-1].i + 1
        if sentences:
            first, end = _fit_to_sentences(doc, first, end, cache)
        end = _without_trailing_punct(doc, first, end)
        if end > first:
            spans.append((doc[first].idx, doc[end - 1].idx + len(doc[end - 1]), score))
    return spans


#: A fragment covering at least this share of its sentence's words is taken
#: to be the whole sentence (PTC marks many whole sentences, for Doubt,
#: Flag-Waving or Causal Oversimplification). 5-fold CV on tune, SI F1 with
#: re-chosen thresholds: never 0.367, 0.55 0.371, 0.5 0.373, 0.45 0.375,
#: 0.4 0.376, 0.3 0.380, 0.2 0.381, 0.1 0.376, always 0.356. Below 0.4 a
#: three-word loaded phrase in an ordinary sentence becomes the whole
#: sentence, which scores a little higher and tells the reader less.
SENTENCE_SHARE = 0.4


def _fit_to_sentences(doc: Doc, first: int, end: int, cache: dict) -> tuple[int, int]:
    last_sent = _sentence_of(doc, end - 1, cache)
    if _sentence_of(doc, first, cache).start != last_sent.start:
        if sum(1 for t in doc[last_sent.start : end] if not t.is_punct) > 1:
            return first, end
        # "a shameful disaster. It": the next sentence's first word is not part of it
        end = _without_trailing_punct(doc, first, last_sent.start)
        if end <= first:
            return first, end
        last_sent = _sentence_of(doc, end - 1, cache)
        if _sentence_of(doc, first, cache).start != last_sent.start:
            return first, end
    words = sum(1 for t in last_sent if not (t.is_punct or t.is_space))
    inside = sum(1 for t in doc[first:end] if not (t.is_punct or t.is_space))
    if words and inside >= SENTENCE_SHARE * words:
        first, end = last_sent.start, last_sent.end
        while first < end and (doc[first].is_space or "\n" in doc[first].text):
            first += 1
    return first, end


def _without_trailing_punct(doc: Doc, first: int, end: int) -> int:
    while end > first and (doc[end - 1].is_space or "\n" in doc[end - 1].text
                           or (doc[end - 1].is_punct and doc[end - 1].text not in QUOTE_CHARS)):
        end -= 1
    return end


def rank_labels(probs: np.ndarray, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
    """One (label, probability) per span; a span listed k times gets its k best labels in turn.

    This is the official TC setting, where a span annotated with several
    techniques appears once per technique.
    """
    seen: collections.Counter = collections.Counter()
    out = []
    for row, span in zip(probs, spans, strict=True):
        rank = seen[span]
        seen[span] += 1
        order = np.argsort(-row, kind="stable")
        j = int(order[min(rank, len(order) - 1)])
        out.append((TECHNIQUES[j], float(row[j])))
    return out


class TechniqueFinder:
    """spaCy stage writing ``doc._.newsift_techniques``: [{start, end, technique, score}].

    ``score`` = (mean token probability of the fragment) x (probability of its
    technique), so it ranks findings by how sure both models are.
    ``min_score`` drops findings below it (0 keeps every decoded fragment).

    With the encoder extra installed and ``techniques_encoder.npz`` present
    (:mod:`newsift.stages.techniques_encoder`), the token logits are blended
    with a fine-tuned MiniLM tagger's and decoded with that file's
    thresholds; otherwise the linear tagger alone runs, as it always did.
    The encoder is used with the shipped linear model or with an explicit
    ``encoder_model`` path (its blend was tuned against one linear model).
    """

    def __init__(self, model_path: str | None = None, min_score: float = 0.0,
                 start_threshold: float | None = None, continue_threshold: float | None = None,
                 encoder_model: str | None = None) -> None:
        from ..extensions import register_extensions
        from .techniques_encoder import load_encoder_tagger

        register_extensions()
        self.model = load_model(model_path)
        self.encoder_tagger = load_encoder_tagger(encoder_model) if model_path is None or encoder_model else None
        self.min_score = min_score
        source = self.encoder_tagger if self.encoder_tagger is not None else self.model
        self.start = source.start_threshold if start_threshold is None else start_threshold
        self.cont = source.continue_threshold if continue_threshold is None else continue_threshold

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP") and not doc.has_annotation("SENT_START"):
            return doc  # needs the parse (sentences, POS, dependencies); leave the doc unchanged
        found = self.find(doc)
        self.write(doc, found)
        return doc

    def token_probs(self, doc: Doc) -> np.ndarray:
        """The linear tagger's token probabilities, blended with the encoder tagger's when it runs."""
        if self.encoder_tagger is None or len(doc) == 0:
            return self.model.token_probs(doc)
        return _sigmoid(self.encoder_tagger.blend_logits(doc, self.model.token_logits(doc)))

    def find(self, doc: Doc) -> list[dict]:
        probs = self.token_probs(doc)
        spans = decode_spans(doc, probs, self.start, self.cont)
        tech = self.model.technique_probs(doc, [(s, e) for s, e, _ in spans])
        out = []
        for (s, e, p_span), row in zip(spans, tech, strict=True):
            j = int(np.argmax(row))
            score = round(p_span * float(row[j]), 4)
            if score >= self.min_score:
                out.append({"start": s, "end": e, "technique": TECHNIQUES[j], "score": score})
        return out

    def write(self, doc: Doc, found: list[dict]) -> None:
        doc._.newsift_techniques = found


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> TechniqueModel:
    """The model, loaded once per process and path."""
    return TechniqueModel.load(path)


def classify_spans(text: str | Doc, spans: Iterable[tuple[int, int]], model_path: str | None = None) -> list[str]:
    """The technique of each given fragment (the SemEval TC task: spans given, labels wanted).

    ``text`` is the article (parsed here with newsift's pipeline) or an
    already parsed Doc. A span given k times receives its k most likely
    labels, one per occurrence.
    """
    return [label for label, _ in classify_spans_scored(text, spans, model_path)]


def classify_spans_scored(
    text: str | Doc, spans: Iterable[tuple[int, int]], model_path: str | None = None
) -> list[tuple[str, float]]:
    """Like :func:`classify_spans`, with each label's probability."""
    if isinstance(text, Doc):
        doc = text
    else:
        from ..nlp import load

        doc = load(())(text)
    span_list = [(int(s), int(e)) for s, e in spans]
    model = load_model(model_path)
    return rank_labels(model.technique_probs(doc, span_list), span_list)
