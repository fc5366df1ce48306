"""The seed article's attributions and cited sources (shared/seed/EXPECTED.md): checked, never tuned on.

The seed is analysed as a user would (scrape cleaning on, publication date
given) with every default stage plus the attribution stage.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsift.cited import count_cited_sources


def full_stages() -> tuple[str, ...]:
    from newsift.nlp import DEFAULT_STAGES

    stages = list(DEFAULT_STAGES)
    if "newsift_attributions" not in stages:
        later = [i for i, s in enumerate(stages) if s in ("newsift_claims", "newsift_techniques")]
        stages.insert(later[0] if later else len(stages), "newsift_attributions")
    if "newsift_entities" not in stages:
        stages.insert(0, "newsift_entities")
    return tuple(stages)


@pytest.fixture(scope="module")
def seed(seed_path: Path):
    import newsift

    rec = newsift.analyze(seed_path, published="2016-12-12", stages=full_stages())
    assert rec.error is None, rec.error
    data = rec.model_dump()
    names = {e["id"]: e["name"] for e in data["entities"]}
    return data, names


def find(data: dict, cue: str, content_words: str) -> dict:
    text = data["text"]
    for a in data["attributions"]:
        body = text[a["content"]["start"] : a["content"]["end"]].replace("\xa0", " ")
        if a["cue"] and a["cue"]["text"].replace("\xa0", " ").endswith(cue) and content_words in body:
            return a
    pytest.fail(f"no attribution with cue {cue!r} and content {content_words!r}")


@pytest.mark.parametrize(
    ("cue", "words", "kind", "source", "type_"),
    [
        ("According", "ISIS terrorists managed to enter", "according_to", "Syrian Arab News Agency", "state_media"),
        ("says", "advanced with an army of over 4,000 militants", "indirect", "Russian center for Syrian reconciliation",
         "official"),
        ("are believed", "have come from Mosul", "other", None, "anonymous"),
        ("said", "Moscow will do all that it can", "indirect", "Vladimir Titov", "official"),
        ("said", "We consider the liberation of", "direct", "he", "official"),
        ("reported", "was still fighting Daesh", "indirect", "local sources", "anonymous"),
        ("said", "trying to regain control of", "indirect", "governor of", "official"),
    ],
)
def test_attributions_seed_expected(seed, cue, words, kind, source, type_):
    data, _ = seed
    a = find(data, cue, words)
    assert a["kind"] == kind
    assert a["source"]["type"] == type_
    if source is None:
        assert a["source"]["text"] is None
    else:
        assert source in (a["source"]["text"] or "").replace("\xa0", " ")


def test_attributions_seed_speakers_and_relay(seed):
    data, names = seed
    titov = find(data, "said", "Moscow will do all that it can")
    assert names.get(titov["source"]["entity"]) == "Vladimir Titov"
    assert [names.get(v) for v in titov["via"]] == ["Sputnik"]
    he = find(data, "said", "We consider the liberation of")
    assert he["source"]["entity"] == titov["source"]["entity"]


def test_attributions_seed_cited_sources(seed):
    data, _ = seed
    got = count_cited_sources(data["attributions"], data["entities"], data["text"])
    assert got["total"] == 7
    assert got["by_type"].get("state_media") == 2
    assert got["by_type"].get("official") == 3
    assert got["anonymous"] == 2
