"""The shipped word lists (``newsift/data/sources``), loaded once.

Every table there is compiled from general knowledge with its origin in
``data/sources/README.md``; none is derived from an evaluation corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: where the shipped tables live (inside the package, so an installed wheel has them)
DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "sources"


def _rows(name: str) -> list[list[str]]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    rows = []
    header_seen = False
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:  # the first non-comment line names the columns
            header_seen = True
            continue
        rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class Outlet:
    """A news organisation that can be a source or a relay."""

    name: str
    country: str
    kind: str  # "state_media" | "media"


@dataclass
class Lexicon:
    """All word lists, keyed for quick lookup (lower case)."""

    verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    outlets: dict[str, Outlet] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)

    def outlet(self, name: str) -> Outlet | None:
        """The outlet called ``name`` (case-insensitive, a leading "the" ignored)."""
        key = name.strip().lower()
        found = self.outlets.get(key)
        if found is None and key.startswith("the "):
            found = self.outlets.get(key[4:])
        return found


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load every table once per process."""
    lex = Lexicon()
    verbs: dict[str, set[str]] = {}
    for lemma, cls in _rows("cue_verbs.tsv"):
        verbs.setdefault(lemma, set()).add(cls)
    lex.verbs = {k: frozenset(v) for k, v in verbs.items()}
    lex.nouns = {noun: cls for noun, cls in _rows("cue_nouns.tsv")}
    lex.roles = {word: kind for word, kind in _rows("roles.tsv")}
    for name, aliases, country, kind in _rows("outlets.tsv"):
        outlet = Outlet(name, country, kind)
        for key in [name, *aliases.split("|")]:
            key = key.strip().lower()
            if key:
                lex.outlets.setdefault(key, outlet)
                if key.startswith("the "):
                    lex.outlets.setdefault(key[4:], outlet)
    lex.genders = {name: g for name, g in _rows("given_names.tsv")}
    return lex
