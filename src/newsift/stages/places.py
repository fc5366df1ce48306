"""Places: offline geocoding of the places an article names.

Reads ``doc._.newsift_entities`` and writes ``doc._.newsift_places``: one
record per entity that names a place, with the GeoNames point chosen for it.

Which entities: GPE/LOC by their name ("Homs province", "northern Syria",
"Paris, Texas" are looked up as Homs, Syria, Paris); NORP demonyms ("Syrian"
-> Syria, as news geoparsing corpora count them); names that begin with a
place or demonym ("Syrian Army", "Gainesville Police") or end in "of <place>"
("University of Florida"), since a place named inside a name is a mention of
it; and entities of other types (or FAC) named exactly like a place ("Egypt"
tagged PERSON), taken only when the place is a country or region, a big city,
or the article's other places surround it.

How a candidate is chosen (``find``):

1. prior: population, kind of place (a country or first-level region
   outranks a town of the same name; a city outranks the region named after
   it unless the text says "province"), main name over alternate name
   ("Palmyra" is an alternate name of Tadmur), and a decisive bonus when the
   text qualifies the mention ("Moscow, Idaho", "Gainesville, Ga.");
2. context, in rounds: every distinct name spreads one vote over its
   candidates (softmax of their scores) for their country, first-level
   region and surroundings; each candidate gains from the other names' votes
   for its country, its region and places within ``NEAR_KM`` of it. A lone
   "Moscow" stays in Russia; "Paris" among Tyler and Longview moves to Texas.

The index (``data/gazetteer/places.npz``, built by
``python -m newsift.train.gazetteer`` from GeoNames data, CC BY 4.0) is
loaded once per process, on first use.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

INDEX_PATH = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "places.npz"

#: Entity types whose names are places.
PLACE_TYPES = ("GPE", "LOC", "FAC")
#: Place types whose whole-name matches need the same support as an ORG's.
WEAK_PLACE_TYPES = ("FAC",)
#: Entity types that may hold a place inside a longer name ("Syrian Army").
INNER_TYPES = ("ORG", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")

# --- Scoring weights. Set by hand on the tune part of LGL, TR-News and
# --- GeoVirus (never on the held-out part), then checked one at a time:
# --- halving or doubling any of W_COUNTRY, W_ADMIN1, SUPPORT_CAP,
# --- VOTE_TEMPERATURE, W_ALTERNATE or the ADM1/PPLC bonuses moved tune
# --- end-to-end accuracy by at most 0.006 (0.705-0.715 around 0.713), so the
# --- values sit on a plateau rather than on a tuned peak. Dropping the second
# --- context round cost 0.008; dropping place names inside other names 0.035.

#: Points per factor of ten of population.
W_POP = 1.0
#: Kind-of-place bonus: a country, continent or first-level region outranks
#: a town of the same name unless the text or its context says otherwise.
FEATURE_BONUS = {"PCLI": 4.0, "CONT": 4.0, "ADM1": 2.5, "ADM2": 1.0, "PPLC": 1.0, "PPL": 0.0}
#: Penalty for a candidate reached by an alternate (not main) name.
W_ALTERNATE = -1.5
#: Bonus per unit of support from the article's other places in the same
#: country / the same first-level region (a soft vote, see ``_support``).
W_COUNTRY = 1.5
W_ADMIN1 = 2.0
#: Support counted at most this far (many mentions of one state are not
#: more telling than a few).
SUPPORT_CAP = 2.0
#: Temperature of the soft vote: lower trusts the leading candidate more.
VOTE_TEMPERATURE = 1.0
#: Votes of entities that only match as a whole name of another type
#: (an ORG "Torrington") count this much.
OTHER_VOTE = 0.5
#: Bonus per unit of support from the article's other places lying within
#: NEAR_KM of a candidate (towns of one county, a county and its seat);
#: 60 km is about a US county's width.
W_NEAR = 2.0
NEAR_KM = 60.0
NEAR_DEG2 = (NEAR_KM / 111.2) ** 2
#: Leading candidates per name that vote for their surroundings.
NEAR_TOP = 3
#: Context rounds (each re-votes with the previous round's scores).
ROUNDS = 2
#: Bonus when the text qualifies the mention ("Paris, Texas"): decisive.
W_QUALIFIED = 10.0
#: Population used for regions without one (counties): about a median US county.
DEFAULT_REGION_POP = 30000
#: Smallest population a town found inside another name must have unless
#: the article's other places surround it (a town's name inside an
#: organisation's is often a founder's or a brand); a big-city threshold.
INNER_MIN_POP = 100000
#: Smallest population of a town that an entity of another type (ORG,
#: PERSON) named exactly like it is taken for without support (tune: 300k
#: beat 100k, 1M and never by a hair; lower lets in people named "Lincoln").
OTHER_MIN_POP = 300000
#: An entity of another type (ORG, PERSON) named exactly like a place counts
#: as the place when it is a country/region or its regional support reaches
#: this share of a full vote (half: at least one other nearby name agrees).
OTHER_MIN_SUPPORT = 0.5

DIRECTION_WORDS = (
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "downtown",
    "greater",
    "upstate",
    "rural",
    "coastal",
    "far",
)
REGION_SUFFIXES = {
    "province": ("ADM1",),
    "governorate": ("ADM1",),
    "state": ("ADM1",),
    "region": ("ADM1",),
    "oblast": ("ADM1",),
    "prefecture": ("ADM1",),
    "county": ("ADM2", "ADM1"),
    "parish": ("ADM2",),
    "city": ("PPL", "PPLC"),
    "town": ("PPL", "PPLC"),
    "village": ("PPL",),
    "township": ("PPL",),
}
_TOKEN_SUBS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def normalize_name(name: str) -> str:
    """Fold a place name to its lookup key: no accents, case, dots or hyphens.

    ``"U.S."`` -> ``"us"``, ``"St. Louis"`` -> ``"saint louis"``,
    ``"Winston-Salem"`` -> ``"winston salem"``, ``"the Gaza Strip"`` -> ``"gaza strip"``.
    """
    # "U.S." -> "US", "B.C." -> "BC" (before dots become spaces)
    text = _INITIALS.sub(lambda m: m.group(0).replace(".", ""), name)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("\u2019", "'").replace("`", "'")
    text = text.replace(".", " ").replace("-", " ").replace("\u2013", " ")
    tokens = text.split()
    while tokens and tokens[0] == "the":
        tokens = tokens[1:]
    # "U. S." -> "us": join single letters
    if len(tokens) > 1 and all(len(t) == 1 for t in tokens):
        return "".join(tokens)
    return " ".join(_TOKEN_SUBS.get(t, t) for t in tokens)


@dataclass
class Gazetteer:
    """The shipped index, columnar: places by index, names to place indices."""

    gid: list
    name: list
    lat: list
    lon: list
    cc: list
    admin1: list
    feature: list
    pop: list
    #: normalised name -> row of ``name_offsets``; that row's codes are
    #: ``name_codes[name_offsets[row]:name_offsets[row + 1]]``, ``2 * place + alternate``
    name_rows: dict
    name_offsets: list
    name_codes: list
    demonyms: dict
    meta: dict = field(default_factory=dict)

    def lookup(self, key: str) -> list[tuple[int, bool]]:
        """(place index, reached by an alternate name) for a normalised name."""
        row = self.name_rows.get(key)
        if row is None:
            return []
        codes = self.name_codes[self.name_offsets[row] : self.name_offsets[row + 1]]
        return [(code // 2, bool(code % 2)) for code in codes]

    def country_index(self, cc: str) -> int | None:
        return self._countries().get(cc)

    @lru_cache(maxsize=1)  # noqa: B019 - one gazetteer per process
    def _countries(self) -> dict[str, int]:
        return {self.cc[i]: i for i, f in enumerate(self.feature) if f == "PCLI"}

    def __hash__(self) -> int:
        return id(self)


def _lines(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode("utf-8").split("\n")


@lru_cache(maxsize=2)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """Load the index once per process (and path).

    The file is an ``.npz`` of plain arrays (no pickle), laid out for a fast
    start: strings as one newline-joined UTF-8 blob per column, the few
    distinct country, region and feature codes as indices into ``vocab``.
    """
    with np.load(Path(path) if path else INDEX_PATH, allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
        vocab = meta.pop("vocab")
        columns = {key: [vocab[key][c] for c in z[key].tolist()] for key in ("cc", "admin1", "feature")}
        gid = [None if g < 0 else g for g in z["gid"].tolist()]
        keys = _lines(z["name_keys"])
        return Gazetteer(
            gid=gid, name=_lines(z["name"]), lat=z["lat"].tolist(), lon=z["lon"].tolist(), pop=z["pop"].tolist(),
            name_rows=dict(zip(keys, range(len(keys)), strict=True)), name_offsets=z["name_offsets"].tolist(),
            name_codes=z["name_codes"].tolist(), demonyms=meta.pop("demonyms"), meta=meta, **columns,
        )


@dataclass
class Mention:
    """One entity that may name a place, with its lookup candidates."""

    entity: dict
    candidates: list[tuple[int, bool]]  # (place index, reached by an alternate name)
    kind: str = "place"  # place | demonym | inner | other
    allowed: tuple[str, ...] | None = None  # feature codes the wording demands
    qualifiers: list[set[int]] = field(default_factory=list)  # regions named right after a mention
    prior: dict[int, float] = field(default_factory=dict)
    #: the place name looked up: names alike ("Dublin" as GPE, as ORG, inside
    #: "Dublin Police") vote once and never for each other
    key: str = ""

    @property
    def id(self) -> str:
        return self.entity["id"]


class PlaceResolver:
    """Resolve place-naming entities to GeoNames points (see module docstring)."""

    def __init__(self, index_path: str | None = None, inner_names: bool = True, demonyms: bool = True) -> None:
        self.index_path = index_path
        self.inner_names = inner_names
        self.demonyms = demonyms

    @property
    def gazetteer(self) -> Gazetteer:
        return load_gazetteer(self.index_path)

    def __call__(self, doc: Doc) -> Doc:
        entities = doc._.newsift_entities
        if entities is None:
            return doc
        doc._.newsift_places = self.find(doc.text, entities)
        return doc

    # ------------------------------------------------------------------ find

    def find(self, text: str, entities: list[dict]) -> list[dict]:
        """Place records for ``entities`` of an article whose text is ``text``."""
        gaz = self.gazetteer
        person_words = _person_words(entities)
        mentions = []
        for ent in entities:
            m = self._mention(gaz, text, ent, person_words)
            if m is not None:
                m.prior = self._prior(gaz, m)
                if m.prior:
                    mentions.append(m)
        if not mentions:
            return []
        scores = [dict(m.prior) for m in mentions]
        bonus: list[dict[int, float]] = [{} for _ in mentions]
        regional: list[dict[int, float]] = [{} for _ in mentions]
        for _ in range(ROUNDS):
            support = self._support(gaz, mentions, scores)
            for k, m in enumerate(mentions):
                for i in m.prior:
                    national, regional[k][i] = self._context_bonus(gaz, i, m.key, support)
                    bonus[k][i] = national + regional[k][i]
                scores[k] = {i: m.prior[i] + bonus[k][i] for i in m.prior}
        best = [max(sc, key=lambda i: (sc[i], -i)) for sc in scores]
        # a name read as a place ("Paris" GPE) decides for the same name elsewhere ("Paris Police")
        as_place = {m.key: best[k] for k, m in enumerate(mentions) if m.kind in ("place", "demonym")}
        out = []
        for k, m in enumerate(mentions):
            i = best[k]
            if m.kind in ("other", "inner"):
                if m.key in as_place:
                    i = as_place[m.key]
                elif not self._accept(gaz, m, i, regional[k][i]):
                    continue
            out.append(self._record(gaz, m.id, i))
        return out

    @staticmethod
    def _accept(gaz: Gazetteer, m: Mention, i: int, regional: float) -> bool:
        """Whether a place only found inside or as another kind of name is taken.

        Countries, continents and first-level regions are; a town only when it
        is large (inside a name) or the article's other places surround it.
        """
        if gaz.feature[i] in ("PCLI", "CONT") or (gaz.feature[i] == "ADM1" and m.entity.get("type") != "PERSON"):
            return True
        if gaz.pop[i] >= (INNER_MIN_POP if m.kind == "inner" else OTHER_MIN_POP):
            return True
        return regional >= OTHER_MIN_SUPPORT * W_ADMIN1

    def _mention(self, gaz: Gazetteer, text: str, ent: dict, person_words: set[str]) -> Mention | None:
        etype = ent.get("type")
        name = ent.get("name") or ""
        if etype in PLACE_TYPES:
            cands, allowed, key = self._lookup_place(gaz, name)
            if cands and allowed is None:
                # every mention reads "Homs province": the region, not the city
                wanted = _region_word_after(text, ent)
                kept = [c for c in cands if wanted and gaz.feature[c[0]] in wanted]
                if kept:
                    cands, allowed = kept, wanted
            if cands:
                # a facility named like a town ("White House", "Metro") is taken like an ORG
                kind = "other" if etype in WEAK_PLACE_TYPES else "place"
                return Mention(ent, cands, kind, allowed, self._qualifiers(gaz, text, ent), key=key)
        if self.demonyms and etype == "NORP":
            i = _demonym(gaz, name)
            if i is not None:
                return Mention(ent, [(i, False)], "demonym", key=normalize_name(gaz.name[i]))
        if etype in PLACE_TYPES:
            return None
        # a whole name of another type that is a place ("Egypt" tagged PERSON)
        key = normalize_name(name)
        cands = [c for c in gaz.lookup(key) if _main_or_region(gaz, c)]
        if cands and key not in person_words:
            return Mention(ent, cands, "other", None, self._qualifiers(gaz, text, ent), key=key)
        if self.inner_names and etype in INNER_TYPES:
            return self._inner(gaz, name, ent)
        return None

    def _lookup_place(self, gaz: Gazetteer, name: str) -> tuple[list[tuple[int, bool]], tuple[str, ...] | None, str]:
        """(candidates, feature codes the wording allows, the name looked up)."""
        key = normalize_name(name)
        if key.endswith(" s") or key.endswith("'s"):
            key = key[:-2].strip()
        if not key:
            return [], None, key
        cands = gaz.lookup(key)
        if cands:
            return cands, None, key
        words = key.split()
        # "Homs province", "Hall County", "Kansas City" (exact names were tried first)
        if len(words) > 1 and words[-1] in REGION_SUFFIXES:
            head = " ".join(words[:-1])
            cands = gaz.lookup(head)
            allowed = REGION_SUFFIXES[words[-1]]
            kept = [c for c in cands if gaz.feature[c[0]] in allowed]
            if kept:
                return kept, allowed, head
            if cands:
                return cands, None, head
        # "northern Syria", "downtown Gainesville"
        if len(words) > 1 and words[0] in DIRECTION_WORDS:
            return self._lookup_place(gaz, " ".join(words[1:]))
        # "Paris, Texas" as one entity
        if "," in name:
            return self._lookup_place(gaz, name.split(",", 1)[0])
        return [], None, key

    def _inner(self, gaz: Gazetteer, name: str, ent: dict) -> Mention | None:
        """A place or demonym opening a longer name, or an "of <place>" ending it."""
        words = normalize_name(name).split()
        if len(words) < 2:
            return None
        for n in (3, 2, 1):
            if len(words) <= n or words[0] in DIRECTION_WORDS:
                continue
            head = " ".join(words[:n])
            if head in gaz.demonyms:
                i = gaz.demonyms[head]
                return Mention(ent, [(i, False)], "inner", key=normalize_name(gaz.name[i]))
            cands = [c for c in gaz.lookup(head) if _main_or_region(gaz, c)]
            if cands:
                return Mention(ent, cands, "inner", key=head)
        if "of" in words[:-1]:
            tail = " ".join(words[len(words) - words[::-1].index("of") :])
            cands = [c for c in gaz.lookup(tail) if _main_or_region(gaz, c)]
            if cands:
                return Mention(ent, cands, "inner", key=tail)
        return None

    def _qualifiers(self, gaz: Gazetteer, text: str, ent: dict) -> list[set[int]]:
        """Regions named right after a mention: "Moscow, Idaho" -> {Idaho}."""
        out = []
        for m in ent.get("mentions") or []:
            hit = _QUALIFIER.match(text, m["end"], m["end"] + 40)
            if not hit:
                continue
            key = normalize_name(hit.group(1))
            while key:
                found = {i for i, _ in gaz.lookup(key) if gaz.feature[i] in ("PCLI", "ADM1")}
                if found:
                    out.append(found)
                    break
                key = " ".join(key.split()[:-1])
        return out

    # ---------------------------------------------------------------- scoring

    def _prior(self, gaz: Gazetteer, m: Mention) -> dict[int, float]:
        """Score of each candidate before context: size, kind, name, qualification."""
        out: dict[int, float] = {}
        # "Alexandria" is the city, not the governorate named after it, unless
        # the wording asks for the region ("Homs province")
        cities = {(gaz.cc[i], gaz.admin1[i]) for i, alt in m.candidates if not alt and gaz.feature[i] in ("PPL", "PPLC")}
        for i, alternate in m.candidates:
            feature = gaz.feature[i]
            if m.allowed and feature not in m.allowed:
                continue
            if feature == "ADM1" and not m.allowed and (gaz.cc[i], gaz.admin1[i]) in cities:
                continue
            pop = gaz.pop[i] or (DEFAULT_REGION_POP if feature.startswith("ADM") else 0)
            s = W_POP * math.log10(pop + 10) + FEATURE_BONUS.get(feature, 0.0)
            if alternate:
                s += W_ALTERNATE
            if any(any(_within(gaz, i, j) for j in q) for q in m.qualifiers):
                s += W_QUALIFIED
            out[i] = max(s, out.get(i, s))
        return out

    @staticmethod
    def _support(gaz: Gazetteer, mentions: list[Mention], scores: list[dict[int, float]]) -> dict:
        """Soft votes of each name for the countries, regions and spots its candidates lie in.

        A name spreads one vote over its candidates by a softmax of their
        current scores, so "Dublin" votes mostly for Ireland but adds a little
        to Ohio, and five Ohio towns together outvote one Ireland. The
        ``NEAR_TOP`` leading candidates also vote for their surroundings
        (a county seat and its county, neighbouring towns).
        """
        countries: dict[str, dict[str, float]] = {}
        regions: dict[tuple[str, str], dict[str, float]] = {}
        spots: list[tuple[str, float, float, float]] = []
        for m, sc in zip(mentions, scores, strict=True):
            top = max(sc.values())
            weights = {i: math.exp((v - top) / VOTE_TEMPERATURE) for i, v in sc.items()}
            total = sum(weights.values())
            share = OTHER_VOTE if m.kind == "other" else 1.0
            key = m.key
            for i, w in weights.items():
                cc = gaz.cc[i]
                if not cc:
                    continue
                v = share * w / total
                c = countries.setdefault(cc, {})
                c[key] = c.get(key, 0.0) + v
                if gaz.admin1[i]:
                    r = regions.setdefault((cc, gaz.admin1[i]), {})
                    r[key] = r.get(key, 0.0) + v
            for i in sorted(weights, key=lambda j: -weights[j])[:NEAR_TOP]:
                if gaz.feature[i] in ("PPL", "PPLC", "ADM2"):
                    spots.append((key, gaz.lat[i], gaz.lon[i], share * weights[i] / total))
        # a name seen as several entities (GPE and ORG) must not vote twice
        for table in (countries, regions):
            for votes in table.values():
                for key in votes:
                    votes[key] = min(votes[key], 1.0)
        return {"countries": countries, "regions": regions, "spots": spots}

    @staticmethod
    def _context_bonus(gaz: Gazetteer, i: int, own: str, support: dict) -> tuple[float, float]:
        """(national, regional) bonus of candidate ``i`` from the other names' votes."""
        cc, admin1 = gaz.cc[i], gaz.admin1[i]
        if not cc:
            return 0.0, 0.0
        votes = support["countries"].get(cc, {})
        national = W_COUNTRY * min(SUPPORT_CAP, sum(v for e, v in votes.items() if e != own))
        regional = 0.0
        if admin1:
            votes = support["regions"].get((cc, admin1), {})
            regional = min(SUPPORT_CAP, sum(v for e, v in votes.items() if e != own))
        if gaz.feature[i] in ("PPL", "PPLC", "ADM2"):
            lat, lon = gaz.lat[i], gaz.lon[i]
            coslat = math.cos(math.radians(lat))
            near = 0.0
            seen = set()
            for key, la, lo, w in support["spots"]:
                if key == own:
                    continue
                dx = (lo - lon) * coslat
                dy = la - lat
                if dx * dx + dy * dy < NEAR_DEG2 and (key, la, lo) not in seen:
                    seen.add((key, la, lo))
                    near += w
            regional += W_NEAR / W_ADMIN1 * min(SUPPORT_CAP, near)
        return national, W_ADMIN1 * regional

    # ------------------------------------------------------------------ write

    @staticmethod
    def _record(gaz: Gazetteer, entity_id: str, i: int) -> dict:
        return {
            "entity": entity_id,
            "name": gaz.name[i],
            "geonames_id": gaz.gid[i],
            "lat": gaz.lat[i],
            "lon": gaz.lon[i],
            "country": gaz.cc[i] or None,
            "admin1": gaz.admin1[i],
            "feature": gaz.feature[i],
        }


def _within(gaz: Gazetteer, i: int, region: int) -> bool:
    """True when place ``i`` lies in the country or first-level region ``region``."""
    if i == region or gaz.cc[i] != gaz.cc[region]:
        return False
    return gaz.feature[region] == "PCLI" or gaz.admin1[i] == gaz.admin1[region]


def _region_word_after(text: str, ent: dict) -> tuple[str, ...] | None:
    """The feature codes a region word right after every mention asks for ("Homs province")."""
    wanted: tuple[str, ...] | None = None
    for m in ent.get("mentions") or []:
        last = text[m["start"] : m["end"]].rsplit(None, 1)[-1].lower() if m["end"] > m["start"] else ""
        if last in _REGION_WORDS_AFTER:
            word = last
        else:
            hit = _REGION_AFTER.match(text, m["end"], m["end"] + 20)
            if not hit:
                return None
            word = hit.group(1).lower()
        codes = REGION_SUFFIXES[word]
        if wanted is not None and codes != wanted:
            return None
        wanted = codes
    return wanted


def _main_or_region(gaz: Gazetteer, cand: tuple[int, bool]) -> bool:
    """A candidate by its main name, or a country or region by any of its names ("US", "NSW")."""
    return not cand[1] or gaz.feature[cand[0]] in ("PCLI", "ADM1", "CONT")


def _demonym(gaz: Gazetteer, name: str) -> int | None:
    key = normalize_name(name)
    i = gaz.demonyms.get(key)
    if i is None and key.endswith("s"):
        i = gaz.demonyms.get(key[:-1])
    return i


def _person_words(entities: list[dict]) -> set[str]:
    """Normalised words of multi-word PERSON names: a lone "Jackson" is then a person, not a town."""
    out: set[str] = set()
    for e in entities:
        if e.get("type") == "PERSON":
            words = normalize_name(e.get("name") or "").split()
            if len(words) > 1:
                out.update(words)
    return out


_REGION_WORDS_AFTER = ("province", "governorate", "state", "region", "oblast", "prefecture", "county", "parish")
_REGION_AFTER = re.compile(r"\s+(" + "|".join(_REGION_WORDS_AFTER) + r")\b", re.IGNORECASE)
_INITIALS = re.compile(r"\b(?:[A-Za-z]\.){2,}")
#: ", Idaho" / ", Ga." / " (Texas)" right after a mention.
_QUALIFIER = re.compile(r"\s*[,(]\s*((?:[A-Z][\w.'\u2019-]*\.?)(?:\s+[A-Z][\w.'\u2019-]*\.?){0,2})")
