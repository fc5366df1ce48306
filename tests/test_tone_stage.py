"""Tone: negative wording scores below neutral reporting, which scores near 0."""

from __future__ import annotations

import pytest

from newsift.nlp import load


@pytest.fixture(scope="module")
def nlp():
    return load(("newsift_tone",))


def test_tone_negative_wording_is_negative(nlp):
    doc = nlp("The shameful, disastrous decision was a horrible betrayal. Critics called it a disgrace.")
    assert doc._.newsift_tone < -0.3


def test_tone_neutral_report_is_near_zero(nlp):
    doc = nlp("The council met on Tuesday. It discussed the budget for the coming year.")
    assert abs(doc._.newsift_tone) < 0.2


def test_tone_is_bounded(nlp):
    doc = nlp("Wonderful! Amazing, brilliant, superb success. Great great great.")
    assert 0 < doc._.newsift_tone <= 1
