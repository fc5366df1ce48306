"""Span matching shared by the span-level scorers (times, places)."""

from __future__ import annotations


def match_spans(gold: list[dict], system: list[dict]) -> list[tuple[int, int]]:
    """One-to-one greedy matching of overlapping spans: exact extents first, then larger overlap, then leftmost.

    Returns (gold index, system index) pairs; spans are dicts with ``start``/``end``.
    """
    cands = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if overlap > 0:
                exact = g["start"] == s["start"] and g["end"] == s["end"]
                cands.append((0 if exact else 1, -overlap, g["start"], s["start"], gi, si))
    cands.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for *_, gi, si in cands:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gi, si))
    return pairs
