"""Fold assignment of the scrape cleaner's training (no ../shared needed)."""

from __future__ import annotations

from newsift.train.scrape import FOLDS, fold_of


def test_scrape_fold_of_is_stable_and_salt_gives_another_assignment() -> None:
    ids = [f"{i:040x}" for i in range(200)]
    default = [fold_of(x) for x in ids]
    assert default == [fold_of(x) for x in ids]  # a hash, not a random draw
    assert set(default) == set(range(FOLDS))
    other = [fold_of(x, salt="fold1:") for x in ids]
    assert set(other) == set(range(FOLDS))
    moved = sum(a != b for a, b in zip(default, other, strict=True))
    assert moved > len(ids) // 2  # an independent assignment moves ~4/5 of the documents
