"""Count the distinct sources an article cites (the record's ``cited_sources``).

What counts (CONTRACT.md): each named source once however often it is cited
(by its entity when the speaker was resolved, "he" -> Vladimir Titov; else
by its words); a relay in ``via`` counts as a source of its own kind
(Sputnik: state media); each unnamed source once ("it is believed", "local
sources said"). Two kinds of attribution are left out, because they cite
no one new:

* attributions in the headline: a headline restates the article's own
  reporting, whose sources are counted in the body;
* attributions whose cue is not a verb or noun of saying, thinking,
  reporting or showing ("allowing fighters to flee", "endorsed Trump"): an
  act is not a statement, though PolNeAR annotates both;
* pronoun sources that were not resolved: they refer to someone already cited.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

__all__ = ["count_cited_sources", "headline_end"]

#: cue classes (newsift/data/sources/cue_verbs.tsv) that report a statement
STATEMENT_CLASSES = frozenset({"speech", "cognition", "evidence", "passive"})
#: irregular past forms of reporting verbs, to find a cue's lemma without a parser
IRREGULAR = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think", "knew": "know",
    "known": "know", "saw": "see", "seen": "see", "felt": "feel", "found": "find", "spoke": "speak",
    "spoken": "speak", "swore": "swear", "sworn": "swear", "understood": "understand", "read": "read",
    "put": "put", "gave": "give", "given": "give", "went": "go", "gone": "go", "forecast": "forecast",
    "foresaw": "foresee", "taught": "teach", "meant": "mean", "held": "hold", "made": "make",
}
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "who", "which",
                      "that", "his", "its", "their"})
#: a first line this short without a closing stop is a headline
HEADLINE_MAX_WORDS = 25
#: shorter first lines are debris or labels, not the headline
HEADLINE_MIN_WORDS = 3
_DET = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


def _lemmas(word: str) -> list[str]:
    w = word.lower().strip(".,:;!?\"'\u2019")
    out = [w]
    if w in IRREGULAR:
        out.append(IRREGULAR[w])
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            out.append(w[: -len(suffix)] + repl)
    if len(w) > 4 and w.endswith(("ing", "ed")) and w[-4] == w[-5]:  # "stopped", "planning"
        out.append(w[: -4] if w.endswith("ing") else w[: -3])
    return out


def is_statement_cue(attribution: dict) -> bool:
    """True when the attribution reports a statement (not an act): by its kind or its cue word."""
    from .stages.attribution.lexicon import lexicon

    if attribution.get("kind") in ("direct", "according_to"):
        return True
    cue = attribution.get("cue") or {}
    words = (cue.get("text") or "").split()
    if not words:
        return attribution.get("kind") == "other"
    lex = lexicon()
    for word in reversed(words):
        for lemma in _lemmas(word):
            if lex.verbs.get(lemma, frozenset()) & STATEMENT_CLASSES or lemma in lex.nouns:
                return True
    return False


def headline_end(text: str | None) -> int:
    """Where the headline ends: the first line of at least three words, when it is short and has
    no closing stop (lines before it are scrape debris such as a section label); 0 when none."""
    if not text:
        return 0
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line.rstrip())
        words = line.split()
        if len(words) >= HEADLINE_MIN_WORDS:
            if len(words) > HEADLINE_MAX_WORDS or line.rstrip().endswith((".", '"', "\u201d")):
                return 0
            return end
        pos += len(line) + 1
    return 0


def count_cited_sources(attributions: list[dict[str, Any]], entities: list[dict[str, Any]],
                        text: str | None = None) -> dict[str, Any]:
    """{"total", "named", "anonymous", "by_type"} over distinct sources (see the module docstring).

    ``text`` (the record's text) lets headline attributions be left out.
    """
    from .stages.attribution.kinds import outlet_kind

    names = {e["id"]: e for e in entities}
    head_end = headline_end(text)
    seen: dict[tuple, str] = {}
    anonymous = 0
    types: Counter[str] = Counter()
    for a in attributions:
        cue = a.get("cue") or {}
        if head_end and cue.get("start") is not None and cue["start"] < head_end:
            continue
        if not is_statement_cue(a):
            continue
        src = a.get("source") or {}
        kind = src.get("type") or "person"
        for via in a.get("via") or []:
            key = ("entity", via)
            if key not in seen:
                ent = names.get(via, {})
                vk = None
                for name in [ent.get("name", ""), *ent.get("aliases", [])]:
                    vk = outlet_kind(name) if name else None
                    if vk:
                        break
                seen[key] = vk or "media"
        if kind == "anonymous" or (src.get("text") is None and src.get("entity") is None):
            anonymous += 1
            types["anonymous"] += 1
            continue
        if src.get("entity"):
            key = ("entity", src["entity"])
        else:
            words = (src.get("text") or "").strip()
            if words.lower() in PRONOUNS:
                continue
            key = ("text", _DET.sub("", " ".join(words.lower().split())))
        seen.setdefault(key, kind)
    for kind in seen.values():
        types[kind] += 1
    total = len(seen) + anonymous
    return {"total": total, "named": len(seen), "anonymous": anonymous, "by_type": dict(sorted(types.items()))}
