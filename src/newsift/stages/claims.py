"""Claims: the article cut into claim units, each with a kind and two scores.

A claim unit is a sentence, cut into clauses where an attribution's content
covers only part of it ("He said the army had retreated, but the city is
still under siege" gives a reported unit and an asserted one). Each unit gets:

- ``kind``: ``reported`` (inside an attribution's content, linked to it),
  ``question``, ``prediction`` (future "will", conditionals, speculative
  modals), ``opinion`` (deontic modals, evaluative adverbs, judgement
  words) or ``asserted`` (the outlet's own statement). Kinds come from rules
  over the parse and a lexicon, so they are the same with or without the
  optional models.
- ``checkworthy``: a linear model over hashed TF-IDF views (words, character
  n-grams, tag n-grams, an abstracted word sequence) and parse features,
  trained on CheckThat! 2024 check-worthiness data
  (``python -m newsift.train.claims --task checkworthiness``).
- ``subjective``: the same kind of model trained on the CheckThat!
  subjectivity data. That data is CC BY-NC-SA, so the model never ships in the
  Apache-2.0 package: ``python -m newsift.train.claims --task subjectivity``
  builds it into the user's data folder (:func:`user_model_dir`), where this
  stage finds it. Without it ``subjective`` is ``None``.

Scores are mapped so that 0.5 is the decision threshold chosen by
cross-validation when the model was trained (see :meth:`LinearClaimModel.score`).
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

from ..encoder import available as encoder_available
from ..hashing import HashedRows, analyze, hash_rows
from .claim_encoder import EncoderClaimModel, encoder_file

# --- where models live -------------------------------------------------------

#: Models that ship with the package (Apache-2.0 compatible training data).
PACKAGE_MODEL_DIR = "data/claims"
#: File names of the two models, in either folder.
MODEL_FILES = {"checkworthiness": "checkworthiness.npz", "subjectivity": "subjectivity.npz"}
#: Environment variable naming the folder of user-built (opt-in) models.
MODEL_DIR_ENV = "NEWSIFT_MODEL_DIR"


def user_model_dir() -> Path:
    """The folder of models a user built, e.g. the non-commercial subjectivity model.

    ``$NEWSIFT_MODEL_DIR`` when set, else ``$XDG_DATA_HOME/newsift/models``
    (``~/.local/share/newsift/models``). Nothing is ever downloaded into it.
    """
    env = os.environ.get(MODEL_DIR_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsift" / "models"


def find_encoder_model(task: str) -> Path | None:
    """The user's fine-tuned encoder model for ``task``, when it and the encoder extra are both there.

    Without the extra the linear model alone scores (the encoder model is
    skipped, not an error: the same install keeps working).
    """
    path = user_model_dir() / encoder_file(task)
    return path if path.is_file() and encoder_available() else None


def find_model(task: str) -> Path | None:
    """The model file for ``task``: the user's folder first, then the package's."""
    name = MODEL_FILES[task]
    user = user_model_dir() / name
    if user.is_file():
        return user
    packaged = resources.files("newsift").joinpath(PACKAGE_MODEL_DIR, name)
    if packaged.is_file():
        return Path(str(packaged))
    return None


# --- word lists (general English grammar, written for this module) -----------

FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())
SECOND_PERSON = frozenset("you your yours yourself yourselves".split())
NEGATIONS = frozenset("not n't no never nobody nothing none neither nor".split())
#: Hedges: the writer holds back from asserting.
HEDGES = frozenset(
    "perhaps maybe possibly probably likely unlikely seem seems seemed appear appears apparently "
    "suggest suggests arguably allegedly reportedly supposedly presumably".split()
)
#: Boosters and absolutes: the writer insists.
BOOSTERS = frozenset(
    "clearly obviously certainly undoubtedly definitely surely indeed really truly absolutely very "
    "extremely totally completely utterly simply entirely never always everything nothing".split()
)
#: Sentence adverbs that state the writer's own judgement (opinion markers).
EVALUATIVE_ADVERBS = frozenset(
    "clearly obviously evidently undoubtedly unquestionably certainly surely naturally of-course "
    "unfortunately fortunately sadly regrettably thankfully luckily hopefully shamefully disgracefully "
    "frankly honestly admittedly ironically predictably inevitably rightly wrongly needlessly "
    "absurdly outrageously shockingly remarkably curiously tragically".split()
)
#: Verbs through which a first person states an opinion ("I think").
OPINION_VERBS = frozenset("think believe feel guess suppose hope wish doubt reckon consider".split())
#: Modal verbs by what they do to a statement.
MODALS = {
    "will": "future", "'ll": "future", "shall": "future", "wo": "future",
    "would": "conditional",
    "should": "deontic", "must": "deontic", "ought": "deontic",
    "may": "speculative", "might": "speculative", "could": "speculative",
    "can": "ability", "ca": "ability",
}
CONDITIONAL_MARKERS = frozenset({"if", "unless"})
ENTITY_LABELS = (
    "PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "EVENT", "LAW",
)
#: Parts of speech kept as words in the abstracted view; other words become
#: their tag plus lemma, and entity tokens their entity label, so that the
#: model learns shapes ("E_PERSON said E_CARDINAL percent") across topics.
ABSTRACT_KEEP = frozenset({"ADJ", "ADV", "AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "INTJ", "PUNCT"})

#: Words that make a statement a forecast however it is phrased ("likely to win").
PREDICTION_WORDS = frozenset({"likely", "unlikely", "probably", "forecast", "forecasts", "predicted", "predicts"})
#: Dependency labels of a predicative adjective ("is absurd", "seems unfair").
PREDICATIVE_DEPS = frozenset({"acomp", "attr", "oprd", "ROOT"})

# --- thresholds of the rules (kinds and units) --------------------------------

#: A judgement word is one whose lexicon subjectivity is at least this (Pattern
#: rates adjectives 0..1; 0.8 keeps "outrageous", "brilliant", drops "new",
#: "major"; set by reading the lexicon, not by any evaluation set).
JUDGEMENT_SUBJECTIVITY = 0.8
#: ... and whose absolute sentiment (VADER valence / 4) is at least this:
#: evaluative, not merely descriptive ("large").
JUDGEMENT_VALENCE = 0.3
#: Judgement words needed for "opinion": one predicative (weight 2) or two
#: attributive (weight 1 each). A single attributive one ("violent clashes")
#: is too often plain description; set by reading news sentences such as the
#: kinds' test cases, not by any evaluation set.
JUDGEMENT_WEIGHT = 2
#: A part of a sentence outside every attribution becomes its own unit only
#: with at least this many word tokens and a finite verb of its own (a clause,
#: not the "he said" frame). Four words is the shortest clause with a subject,
#: a verb and an object plus a connective ("but X fell sharply").
MIN_CLAUSE_WORDS = 4
#: A stretch outside every content that opens with one of these is the condition the
#: reported content hangs on ("If the rain continues, forecasters expect ..."), not a claim.
CONDITIONALS = frozenset({"if", "unless"})
#: A sentence is a claim unit when it has a verb and at least this many word
#: tokens (drops "Share", "Advertisement", list bullets).
MIN_UNIT_WORDS = 2
#: ... or, without any verb, this many (a headline such as "Russia's new
#: offensive in the north" still counts; "Article Rating" does not).
MIN_VERBLESS_WORDS = 5


# --- the lexicon ----------------------------------------------------------------


@lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> dict[str, tuple[float, float]]:
    """word -> (subjectivity 0..1 or -1 when unknown, |valence| 0..1 or -1).

    Compiled from Pattern's adjective lexicon (PDDL) and VADER (MIT); see
    ``data/claims/README.md``.
    """
    if path is None:
        text = resources.files("newsift").joinpath(PACKAGE_MODEL_DIR, "lexicon.tsv").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    lex: dict[str, tuple[float, float]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, subj, val = line.split("\t")
        lex[word] = (float(subj), float(val))
    return lex


# --- features: shared by the stage and the trainer ------------------------------


def _words(span: Span) -> list:
    return [t for t in span if not t.is_space]


def _capped(count: int, cap: int) -> float:
    return min(count, cap) / cap


def _entities_within(span: Span, doc_ents: tuple[Span, ...] | None) -> list[Span]:
    """The entities wholly inside ``span``; ``doc_ents`` is ``span.doc.ents``, read once per document by callers."""
    ents = span.doc.ents if doc_ents is None else doc_ents
    first = bisect.bisect_left([e.start for e in ents], span.start)
    return [e for e in ents[first:] if e.end <= span.end]


def dense_features(span: Span, lexicon: dict[str, tuple[float, float]],
                   doc_ents: tuple[Span, ...] | None = None) -> dict[str, float]:
    """Parse and lexicon features of one span, each in 0..1.

    Counts are capped (a sentence with three modals is not three times as
    modal) so that long sentences do not dominate.
    """
    toks = _words(span)
    n = max(len(toks), 1)
    low = [t.lower_ for t in toks]
    text = span.text
    f: dict[str, float] = {"len_log": math.log1p(n) / 5.0}
    for pos in ("ADJ", "ADV", "VERB", "NOUN", "PROPN", "PRON", "NUM", "AUX", "DET", "INTJ"):
        f["pos_" + pos] = sum(t.pos_ == pos for t in toks) / n
    for tag in ("JJR", "JJS", "RBR", "RBS", "MD", "VBD", "VBZ", "VBP", "VBN", "VBG", "VB", "PRP$", "WP", "WRB", "UH", "CD"):
        f["tag_" + tag] = _capped(sum(t.tag_ == tag for t in toks), 3)
    for kind in set(MODALS.values()):
        f["modal_" + kind] = 0.0
    for t in toks:
        kind = MODALS.get(t.lower_)
        if kind and (t.tag_ == "MD" or t.lower_ in ("will", "shall")):
            f["modal_" + kind] = 1.0
    f["going_to"] = float(bool(re.search(r"\bgoing to\b", text.lower())))
    f["first_person"] = _capped(sum(w in FIRST_PERSON for w in low), 3)
    f["second_person"] = _capped(sum(w in SECOND_PERSON for w in low), 3)
    f["hedge"] = _capped(sum(w in HEDGES for w in low), 2)
    f["booster"] = _capped(sum(w in BOOSTERS for w in low), 3)
    f["evaluative_adverb"] = float(any(w in EVALUATIVE_ADVERBS for w in low))
    f["negation"] = _capped(sum(w in NEGATIONS for w in low), 2)
    f["number"] = float(any(t.like_num for t in toks))
    f["percent"] = float("%" in text or "percent" in low)
    f["money"] = float(any(c in text for c in "$€£"))
    ents = _entities_within(span, doc_ents)
    for label in ENTITY_LABELS:
        f["ent_" + label] = float(any(e.label_ == label for e in ents))
    f["entities"] = _capped(len(ents), 5)
    f["question_mark"] = float("?" in text)
    f["exclamation"] = float("!" in text)
    f["quote_mark"] = float(any(c in text for c in "\"“”"))
    f["conditional"] = float(any(w in CONDITIONAL_MARKERS for w in low))
    subj: list[float] = []
    val: list[float] = []
    for t in toks:
        entry = lexicon.get(t.lower_) or lexicon.get(t.lemma_.lower())
        if entry is None:
            continue
        if entry[0] >= 0 and t.pos_ in ("ADJ", "ADV", "VERB", "NOUN"):
            subj.append(entry[0])
        if entry[1] >= 0:
            val.append(entry[1])
    f["lex_subj_max"] = max(subj, default=0.0)
    f["lex_subj_sum"] = min(sum(subj), 3.0) / 3.0
    f["lex_subj_strong"] = _capped(sum(s >= 0.5 for s in subj), 3)
    f["lex_val_max"] = max(val, default=0.0)
    f["lex_val_sum"] = min(sum(val), 3.0) / 3.0
    f["lex_val_words"] = _capped(len(val), 4)
    f["lex_val_strong"] = _capped(sum(v >= 0.5 for v in val), 3)
    return f


def text_views(span: Span) -> dict[str, str]:
    """The strings each hashed TF-IDF view is computed from."""
    toks = _words(span)
    abstract = []
    for t in toks:
        if t.ent_type_:
            abstract.append("E_" + t.ent_type_)
        elif t.pos_ in ABSTRACT_KEEP or t.tag_ == "MD":
            abstract.append(t.lower_)
        else:
            abstract.append(t.pos_ + "_" + t.lemma_.lower())
    return {
        "words": span.text,
        "chars": span.text,
        "tags": " ".join(t.tag_ for t in toks),
        "abstract": " ".join(abstract),
    }


#: How each view is hashed: HashingVectorizer settings. Changing any of these
#: changes the features: retrain and bump FEATURES_VERSION.
VIEW_SPECS: dict[str, dict] = {
    "words": {"analyzer": "word", "ngram_range": (1, 2), "lowercase": True, "n_features": 2**20},
    "chars": {"analyzer": "char_wb", "ngram_range": (2, 5), "lowercase": True, "n_features": 2**20},
    "tags": {"analyzer": "word", "ngram_range": (1, 3), "lowercase": False, "token_pattern": r"\S+", "n_features": 2**16},
    "abstract": {"analyzer": "word", "ngram_range": (1, 3), "lowercase": False, "token_pattern": r"\S+", "n_features": 2**20},
}
FEATURES_VERSION = "newsift.claim_features.v1"


def view_rows(view: str, texts: list[str], idf: np.ndarray | None) -> HashedRows:
    """Sublinear-TF x IDF, L2-normalised rows: TfidfVectorizer's transform, hashed.

    ``idf`` is dense over the view's hash space; features unseen (or too rare)
    in training have idf 0 and so drop out, like TfidfVectorizer's min_df.
    """
    spec = VIEW_SPECS[view]
    x = hash_rows((analyze(t, spec) for t in texts), spec["n_features"])
    data = 1.0 + np.log(x.data)
    rows = x.row_ids()
    indices = x.indices
    if idf is not None:
        data = data * idf[indices]
        keep = data != 0
        data, indices, rows = data[keep], indices[keep], rows[keep]
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=x.n_rows))
    data = data / np.where(norms > 0, norms, 1.0)[rows]
    indptr = np.zeros(x.n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=x.n_rows), out=indptr[1:])
    return HashedRows(indptr, indices, data, x.n_features)


def feature_blocks(spans: list[Span], lexicon: dict, idfs: dict[str, np.ndarray] | None,
                   dense_names: list[str], dense_weight: float) -> tuple[list[HashedRows], np.ndarray]:
    """All features of ``spans``: one hashed block per view, then the dense block (weighted)."""
    views = [text_views(s) for s in spans]
    blocks = [view_rows(view, [v[view] for v in views], idfs.get(view) if idfs else None) for view in VIEW_SPECS]
    doc_ents: dict[int, tuple[Span, ...]] = {}
    for s in spans:
        if id(s.doc) not in doc_ents:
            doc_ents[id(s.doc)] = s.doc.ents
    dense = np.array([[d.get(k, 0.0) for k in dense_names]
                      for d in (dense_features(s, lexicon, doc_ents[id(s.doc)]) for s in spans)])
    return blocks, dense.reshape(len(spans), len(dense_names)) * dense_weight


def feature_matrix(spans: list[Span], lexicon: dict, idfs: dict[str, np.ndarray] | None, dense_names: list[str],
                   dense_weight: float):
    """:func:`feature_blocks` side by side as one ``scipy.sparse`` CSR matrix (for training)."""
    import scipy.sparse as sp

    blocks, dense = feature_blocks(spans, lexicon, idfs, dense_names, dense_weight)
    return sp.hstack([b.to_scipy() for b in blocks] + [sp.csr_matrix(dense)], format="csr")


# --- the model ---------------------------------------------------------------------


@dataclass
class LinearClaimModel:
    """A logistic regression over :func:`feature_matrix`, stored as plain arrays.

    Stored as ``.npz`` (no pickle): per view the non-zero idf and weight
    entries by hash index, the dense feature names and weights, the intercept,
    and ``threshold``, the probability chosen by cross-validation as the
    decision point. Loading and scoring need numpy only.
    """

    task: str
    idfs: dict[str, np.ndarray]
    weights: np.ndarray
    intercept: float
    dense_names: list[str]
    dense_weight: float
    threshold: float
    meta: dict

    @classmethod
    def load(cls, path: Path) -> LinearClaimModel:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta.get("features") != FEATURES_VERSION:
                raise ValueError(f"{path}: features {meta.get('features')!r}, expected {FEATURES_VERSION!r}; retrain it")
            idfs = {}
            weights = []
            for view, spec in VIEW_SPECS.items():
                idf = np.zeros(spec["n_features"])
                w = np.zeros(spec["n_features"])
                idx = z[f"{view}_index"]
                idf[idx] = z[f"{view}_idf"]
                w[idx] = z[f"{view}_weight"]
                idfs[view] = idf
                weights.append(w)
            weights.append(z["dense_weight"].astype(np.float64))
        return cls(
            task=meta["task"], idfs=idfs, weights=np.concatenate(weights), intercept=float(meta["intercept"]),
            dense_names=list(meta["dense_names"]), dense_weight=float(meta["dense_scale"]),
            threshold=float(meta["threshold"]), meta=meta,
        )

    def save(self, path: Path) -> None:
        arrays = {}
        offset = 0
        for view, spec in VIEW_SPECS.items():
            n = spec["n_features"]
            idf = self.idfs[view]
            w = self.weights[offset : offset + n]
            idx = np.flatnonzero(idf)
            arrays[f"{view}_index"] = idx.astype(np.int32)
            arrays[f"{view}_idf"] = idf[idx].astype(np.float32)
            arrays[f"{view}_weight"] = w[idx].astype(np.float32)
            offset += n
        arrays["dense_weight"] = self.weights[offset:].astype(np.float32)
        meta = dict(self.meta, task=self.task, intercept=self.intercept, dense_names=self.dense_names,
                    dense_scale=self.dense_weight, threshold=self.threshold, features=FEATURES_VERSION)
        arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            np.savez_compressed(fh, **arrays)

    def probabilities(self, spans: list[Span], lexicon: dict) -> np.ndarray:
        """The logistic model's P(positive) for each span."""
        if not spans:
            return np.zeros(0)
        blocks, dense = feature_blocks(spans, lexicon, self.idfs, self.dense_names, self.dense_weight)
        z = np.full(len(spans), self.intercept)
        offset = 0
        for block in blocks:
            z += block.dot(self.weights[offset : offset + block.n_features])
            offset += block.n_features
        z += dense @ self.weights[offset:]
        return 1.0 / (1.0 + np.exp(-z))

    def score(self, spans: list[Span], lexicon: dict) -> list[float]:
        """Probabilities mapped piecewise-linearly so that ``threshold`` becomes 0.5.

        Consumers (and the CheckThat! scorers) read ``>= 0.5`` as positive; the
        mapping keeps the order of scores and moves the cross-validated
        decision point there.
        """
        return [round(calibrate(float(p), self.threshold), 4) for p in self.probabilities(spans, lexicon)]


def calibrate(p: float, threshold: float) -> float:
    """Map [0, threshold] to [0, 0.5] and [threshold, 1] to [0.5, 1]."""
    if p < threshold:
        return 0.5 * p / threshold
    return 0.5 + 0.5 * (p - threshold) / (1.0 - threshold)


@lru_cache(maxsize=4)
def _load_model(path: str) -> LinearClaimModel:
    return LinearClaimModel.load(Path(path))


# --- claim units -------------------------------------------------------------------

_STRIP = " \t\r\n,;:-\u2013\u2014"
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _pieces(attribution: dict) -> list[tuple[int, int]]:
    parts = attribution.get("content_parts") or [attribution.get("content")]
    return [(int(p["start"]), int(p["end"])) for p in parts if p and p.get("start") is not None]


def _frame(attribution: dict) -> list[tuple[int, int]]:
    """The source and cue spans: the 'he said' around a content, never a claim of its own."""
    out = []
    for key in ("source", "cue"):
        part = attribution.get(key)
        if part and part.get("start") is not None and part.get("end") is not None:
            out.append((int(part["start"]), int(part["end"])))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def _word_count(doc: Doc, start: int, end: int, skip: Iterable[tuple[int, int]] = ()) -> tuple[int, bool]:
    """Word tokens in [start, end) outside ``skip``, and whether one is a finite verb."""
    words, finite = 0, False
    span = doc.char_span(start, end, alignment_mode="expand")
    for t in span if span is not None else ():
        if t.idx < start or t.idx >= end or any(s <= t.idx < e for s, e in skip):
            continue
        if t.is_alpha or t.like_num:
            words += 1
        if t.tag_ in _FINITE_TAGS:
            finite = True
    return words, finite


def _conditional(text: str, start: int, end: int) -> bool:
    first = text[start:end].split(maxsplit=1)
    return bool(first) and first[0].lower().strip("\"'“‘(") in CONDITIONALS


def _is_unit(doc: Doc, start: int, end: int) -> bool:
    """A sentence long enough to claim anything: a verb and MIN_UNIT_WORDS words, or MIN_VERBLESS_WORDS words."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    words = sum(t.is_alpha or t.like_num for t in span)
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in span)
    return words >= (MIN_UNIT_WORDS if has_verb else MIN_VERBLESS_WORDS)


def claim_units(doc: Doc, attributions: list[dict] | None) -> list[tuple[int, int, int | None]]:
    """(start, end, attribution index or None) of every claim unit, in text order.

    Each sentence is a unit unless attribution contents cover part of it:
    then each covered piece is a unit linked to its attribution, and each
    uncovered stretch that is a clause of its own (MIN_CLAUSE_WORDS words and
    a finite verb once the source and cue are set aside, not a condition
    opening with "if") is another.
    Nested contents keep the innermost.
    """
    text = doc.text
    units: list[tuple[int, int, int | None]] = []
    for sent in doc.sents:
        s0, s1 = _trim(text, sent.start_char, sent.end_char)
        if s1 <= s0 or not _is_unit(doc, s0, s1):
            continue
        inside: list[tuple[int, int, int]] = []
        frames: list[tuple[int, int]] = []
        for idx, att in enumerate(attributions or []):
            for a, b in _pieces(att):
                a, b = _trim(text, max(a, s0), min(b, s1))
                if b > a and any(ch.isalnum() for ch in text[a:b]):
                    inside.append((a, b, idx))
            frames.extend((max(a, s0), min(b, s1)) for a, b in _frame(att) if min(b, s1) > max(a, s0))
        if not inside:
            units.append((s0, s1, None))
            continue
        kept: list[tuple[int, int, int]] = []
        for a, b, idx in sorted(inside, key=lambda u: (u[1] - u[0], u[0])):
            if all(b <= ka or a >= kb for ka, kb, _ in kept):
                kept.append((a, b, idx))
        kept.sort()
        units.extend(kept)
        cursor = s0
        for a, b in [(ka, kb) for ka, kb, _ in kept] + [(s1, s1)]:
            g0, g1 = _trim(text, cursor, a)
            if g1 > g0:
                words, finite = _word_count(doc, g0, g1, skip=frames)
                if words >= MIN_CLAUSE_WORDS and finite and not _conditional(text, g0, g1):
                    units.append((g0, g1, None))
            cursor = max(cursor, b)
    units.sort(key=lambda u: (u[0], u[1]))
    return units


def _judgement_word(tok, lexicon: dict[str, tuple[float, float]]) -> bool:
    if tok.pos_ not in ("ADJ", "ADV"):
        return False
    entry = lexicon.get(tok.lower_) or lexicon.get(tok.lemma_.lower())
    return bool(entry) and entry[0] >= JUDGEMENT_SUBJECTIVITY and entry[1] >= JUDGEMENT_VALENCE


def claim_kind(span: Span, linked: bool, lexicon: dict[str, tuple[float, float]]) -> str:
    """reported > question > prediction > opinion > asserted, by the first rule that fires."""
    if linked:
        return "reported"
    toks = _words(span)
    if span.text.rstrip(" \"'\u201d\u2019)]").endswith("?"):
        return "question"
    low = [t.lower_ for t in toks]
    for i, t in enumerate(toks):
        kind = MODALS.get(t.lower_)
        if t.tag_ == "MD" and kind in ("future", "speculative"):
            return "prediction"
        if t.lower_ in CONDITIONAL_MARKERS and t.dep_ == "mark":
            return "prediction"
        if t.lower_ == "going" and low[i + 1 : i + 2] == ["to"] and i + 2 < len(toks) and toks[i + 2].tag_ == "VB":
            return "prediction"
        if t.lower_ in PREDICTION_WORDS:
            return "prediction"
    for i, t in enumerate(toks):
        if t.tag_ == "MD" and MODALS.get(t.lower_) == "deontic":
            return "opinion"
        if t.lower_ in EVALUATIVE_ADVERBS:
            return "opinion"
        if t.lemma_.lower() in OPINION_VERBS and any(w in FIRST_PERSON for w in low[max(0, i - 2) : i]):
            return "opinion"
    if "!" in span.text:
        return "opinion"
    # A judgement word said of something ("the decision is outrageous") is
    # the writer's evaluation; one used attributively ("violent clashes")
    # often just describes, so it takes two of those.
    weight = sum(2 if t.dep_ in PREDICATIVE_DEPS or t.pos_ == "ADV" else 1 for t in toks if _judgement_word(t, lexicon))
    if weight >= JUDGEMENT_WEIGHT:
        return "opinion"
    return "asserted"




class ClaimFinder:
    """Cuts a parsed Doc into claim units and scores them; writes ``doc._.newsift_claims``.

    Settings: the model files (``None``: the packaged check-worthiness model
    and the user-built subjectivity model, when present, blended with the
    user-built subjectivity encoder model when that and the encoder extra are
    there too: :mod:`.claim_encoder`).
    """

    def __init__(self, checkworthiness_model: str | None = None, subjectivity_model: str | None = None,
                 lexicon: str | None = None, subjectivity_encoder_model: str | None = None) -> None:
        cw = checkworthiness_model or find_model("checkworthiness")
        subj = subjectivity_model or find_model("subjectivity")
        self.checkworthiness = _load_model(str(cw)) if cw else None
        self.subjectivity = _load_model(str(subj)) if subj else None
        enc = subjectivity_encoder_model or (find_encoder_model("subjectivity") if subjectivity_model is None else None)
        self.subjectivity_encoder = EncoderClaimModel.load(Path(enc)) if enc and self.subjectivity else None
        self.lexicon = load_lexicon(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("SENT_START") or not doc.has_annotation("TAG"):
            return doc
        claims = self.find(doc)
        self.write(doc, claims)
        return doc

    def find(self, doc: Doc) -> list[dict]:
        attributions = doc._.newsift_attributions
        found = []
        spans = []
        for start, end, idx in claim_units(doc, attributions):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            spans.append(span)
            found.append({"start": start, "end": end, "kind": claim_kind(span, idx is not None, self.lexicon),
                          "attribution": idx})
        cw = self.checkworthiness.score(spans, self.lexicon) if self.checkworthiness else [0.0] * len(spans)
        subj = self._subjectivity(spans)
        for claim, c, s in zip(found, cw, subj, strict=True):
            claim["checkworthy"] = c
            claim["subjective"] = s
        return found

    def _subjectivity(self, spans: list[Span]) -> list[float | None]:
        if self.subjectivity is None:
            return [None] * len(spans)
        if self.subjectivity_encoder is None:
            return self.subjectivity.score(spans, self.lexicon)
        linear = self.subjectivity.probabilities(spans, self.lexicon)
        blended = self.subjectivity_encoder.blended([s.text for s in spans], linear)
        return [round(calibrate(float(p), self.subjectivity_encoder.threshold), 4) for p in blended]

    def write(self, doc: Doc, claims: list[dict]) -> None:
        doc._.newsift_claims = claims
