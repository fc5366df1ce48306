"""Claim kinds from the parse: question, prediction, opinion, asserted, reported."""

from __future__ import annotations

import pytest

from newsift.stages.claims import claim_kind, load_lexicon


@pytest.fixture(scope="module")
def parse():
    from newsift.nlp import load_base

    nlp = load_base()
    return lambda text: nlp(text)[:]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Is the government hiding the figures?", "question"),
        ("If successful, this will be the second time ISIS takes control of the city.", "prediction"),
        ("The ceasefire may collapse within days.", "prediction"),
        ("It will not be a surprise if the army returns next week.", "prediction"),
        ("The government should resign.", "opinion"),
        ("Unfortunately, the talks ended without a deal.", "opinion"),
        ("I think the minister is wrong about this.", "opinion"),
        ("The decision is outrageous and absurd.", "opinion"),
        ("The city fell to the militants in May 2015.", "asserted"),
        ("Violent clashes broke out in the north on Sunday.", "asserted"),
    ],
)
def test_claims_kinds_by_rule(parse, text: str, kind: str) -> None:
    assert claim_kind(parse(text), False, load_lexicon()) == kind


def test_claims_kinds_linked_unit_is_reported(parse) -> None:
    assert claim_kind(parse("The army will retreat."), True, load_lexicon()) == "reported"
