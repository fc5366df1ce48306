"""The fixed tune / held-out split every evaluation and training shares.

A document belongs to the held-out part when the SHA-1 of its identifier
(file stem or corpus id) falls in one fifth of the hash space. Rules,
thresholds and models are tuned or trained on ``tune`` only; figures in
``docs/benchmarks.md`` and the CI quality gate are taken on ``heldout``.
Hashing (not file order) keeps the split stable as files are added.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Part = Literal["all", "tune", "heldout"]
HELDOUT_SHARE = 5  # one document in five is held out


def part_of(doc_id: str) -> Literal["tune", "heldout"]:
    """Which part ``doc_id`` belongs to."""
    digest = hashlib.sha1(doc_id.encode("utf-8")).digest()
    return "heldout" if digest[0] % HELDOUT_SHARE == 0 else "tune"


def in_part(doc_id: str, part: Part) -> bool:
    """True when ``doc_id`` is in ``part`` (``all`` holds everything)."""
    return part == "all" or part_of(doc_id) == part
