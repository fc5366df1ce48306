"""Outlet reliability ratings: the shipped Lin et al. (2023) table plus a user's own.

The shipped table (``data/ratings/lin2023_pc1.csv``, rebuilt by
``python -m newsift.train.ratings``) is read once per process, on first use.
A user's ratings file (CSV ``domain,rating[,source]``) adds domains and
overrides the shipped rating of the same key; it is checked whole before any
of it is used, so a bad file changes nothing.

Worker processes are spawned, so module state does not reach them: the CLI
calls :func:`use_ratings_file`, which also exports ``NEWSIFT_RATINGS`` for the
workers to load the same (already checked) file. ``NEWSIFT_RATINGS`` may also
be set by the user directly.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import NewsiftError
from .domains import lookup_keys, normalize_key, strip_rendering_prefixes

#: What ``record.source.rating_source`` says for a shipped rating.
LIN2023 = "Lin et al. 2023 (PNAS Nexus), aggregate pc1"
#: Environment variable naming a user ratings file (read lazily, also by workers).
RATINGS_ENV = "NEWSIFT_RATINGS"
#: Column names accepted for the rating ("pc1" lets the authors' own file be passed).
RATING_COLUMNS = ("rating", "pc1")
TABLE_PATH = Path(__file__).resolve().parents[1] / "data" / "ratings" / "lin2023_pc1.csv"


@dataclass(frozen=True)
class Rating:
    """One rating: its value (0 lowest .. 1 highest quality), the row it came from, who gave it."""

    value: float
    key: str
    source: str


@lru_cache(maxsize=1)
def shipped_table() -> dict[str, float]:
    """The Lin et al. table as ``{row: pc1}``, exactly as shipped."""
    with TABLE_PATH.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return {domain: float(value) for domain, value in reader}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Rows rated only under a rendering prefix (``www.x.com``) -> their plain key (``x.com``)."""
    table = shipped_table()
    aliases: dict[str, str] = {}
    for row in table:
        plain = strip_rendering_prefixes(row) if row.startswith(("www", "m.", "amp.", "mobile.")) else row
        if plain != row and plain not in table:
            aliases.setdefault(plain, row)
    return aliases


_user: dict[str, Rating] | None = None


def user_ratings() -> dict[str, Rating]:
    """The user's ratings in force: set in this process, else from ``NEWSIFT_RATINGS``, else none."""
    global _user
    if _user is None:
        path = os.environ.get(RATINGS_ENV)
        _user = load_user_ratings(path) if path else {}
    return _user


def set_user_ratings(mapping: Mapping[str, float | Rating] | None) -> None:
    """Use these ratings (``{domain: value}``) in this process; None goes back to the default.

    Values must lie in 0..1. Keys are normalised like table rows
    (``https://www.example.com/`` -> ``example.com``). Spawned workers do not
    see this; use :func:`use_ratings_file` for the CLI.
    """
    global _user
    if mapping is None:
        _user = None
        return
    ratings: dict[str, Rating] = {}
    for domain, value in mapping.items():
        key = normalize_key(domain)
        if key is None:
            raise ValueError(f"not a domain: {domain!r}")
        rating = value if isinstance(value, Rating) else Rating(float(value), key, "user ratings")
        if not 0.0 <= rating.value <= 1.0:
            raise ValueError(f"rating of {domain!r} is {rating.value}, outside 0..1")
        ratings[key] = Rating(rating.value, key, rating.source)
    _user = ratings


def use_ratings_file(path: str | os.PathLike[str], export: bool = True) -> dict[str, Rating]:
    """Load a user ratings file, use it in this process and (``export``) in spawned workers.

    Raises :class:`NewsiftError` E100/E101 before anything is applied.
    """
    ratings = load_user_ratings(path)
    set_user_ratings(ratings)
    if export:
        os.environ[RATINGS_ENV] = str(Path(path).resolve())
    return ratings


def rating_for(address: str | None) -> Rating | None:
    """The rating of the most specific rated key of an address (URL, host or ``host/path``).

    The user's rating of a key beats the shipped rating of the same key; a
    more specific key beats a less specific one whoever rated it.
    """
    if not address:
        return None
    user = user_ratings()
    table = shipped_table()
    aliases = _aliases()
    for key in lookup_keys(address):
        if key in user:
            return user[key]
        row = key if key in table else aliases.get(key)
        if row is not None:
            return Rating(table[row], row, LIN2023)
    return None


def rated_hosts() -> frozenset[str]:
    """Every rated host (no path rows), shipped or the user's: what a guessed domain is checked against."""
    return _table_hosts() | {k for k in user_ratings() if "/" not in k}


@lru_cache(maxsize=1)
def _table_hosts() -> frozenset[str]:
    return frozenset(k for k in (*shipped_table(), *_aliases()) if "/" not in k)


def load_user_ratings(path: str | os.PathLike[str]) -> dict[str, Rating]:
    """Read and check a ratings CSV; any fault raises E100/E101 naming the line.

    Format: optional ``#`` comment lines, then a header naming ``domain``
    and ``rating`` (or ``pc1``) and optionally ``source`` (who rated it, shown
    as ``rating_source``; default "user ratings (FILE)"). Ratings run from 0
    (lowest quality) to 1 (highest). A domain may carry a section path
    (``yahoo.com/news``). A domain listed twice is an error, not a silent choice.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError as exc:
        raise NewsiftError("E100", "bad_ratings", name=name, reason="it is a directory") from exc
    except OSError as exc:
        raise NewsiftError("E100", "bad_ratings", name=name, reason=exc.strerror or str(exc)) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _bad(name, line, "it is not UTF-8 text") from exc
    default_source = f"user ratings ({Path(path).name})"
    columns: dict[str, int] | None = None
    seen: dict[str, int] = {}
    ratings: dict[str, Rating] = {}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise _bad(name, reader.line_num, f"it is not valid CSV ({exc})") from exc
        if row is None:
            break
        line = reader.line_num
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if columns is None:
            columns = _header(name, line, cells)
            continue
        if len(cells) != len(columns):
            raise _bad(name, line, f"expected {len(columns)} columns, found {len(cells)}")
        domain = cells[columns["domain"]]
        key = normalize_key(domain) if domain else None
        if key is None:
            raise _bad(name, line, f"{domain!r} is not a domain")
        value = cells[columns["rating"]]
        try:
            rating = float(value)
        except ValueError:
            raise _bad(name, line, f"rating {value!r} is not a number") from None
        if not math.isfinite(rating) or not 0.0 <= rating <= 1.0:
            raise _bad(name, line, f"rating {value} is outside 0..1 (rescale other scales, e.g. divide 0-100 by 100)")
        if key in seen:
            raise _bad(name, line, f"{key!r} is already rated on line {seen[key]}")
        seen[key] = line
        source = cells[columns["source"]] if "source" in columns else ""
        ratings[key] = Rating(rating, key, source or default_source)
    if columns is None:
        raise _bad(name, 1, "the file has no header row (domain,rating)")
    return ratings


def _header(name: str, line: int, cells: list[str]) -> dict[str, int]:
    names = [c.lower() for c in cells]
    columns: dict[str, int] = {}
    for index, column in enumerate(names):
        canonical = "rating" if column in RATING_COLUMNS else column
        if canonical not in ("domain", "rating", "source"):
            raise _bad(name, line, f"unknown column {cells[index]!r} in the header")
        if canonical in columns:
            raise _bad(name, line, f"column {cells[index]!r} appears twice in the header")
        columns[canonical] = index
    if "domain" not in columns or "rating" not in columns:
        raise _bad(name, line, f"the header must name the columns domain and rating, found {','.join(cells)!r}")
    return columns


def _bad(name: str, line: int, reason: str) -> NewsiftError:
    return NewsiftError("E101", "bad_ratings", name=name, line=line, reason=reason)
