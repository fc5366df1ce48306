"""Seed article (unseen in training): the loaded language EXPECTED.md lists is found."""

from __future__ import annotations

from pathlib import Path

#: From ../shared/seed/EXPECTED.md, "Loaded language (examples)".
PHRASES = (
    "gruesome executions",
    "grandiose concert",
    "a highlight victory of civilization over the forces of evil",
    "draws to a victorious finish",
    "an all out offensive",
    "terrorists",
)
#: Techniques that fit a loaded word or phrase (PTC guidelines: emotive words, labels, exaggeration).
FITTING = {
    "Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation",
    "Appeal_to_fear-prejudice", "Flag-Waving",
}


def test_techniques_seed_finds_loaded_language(seed_path: Path) -> None:
    import newsift

    # raw: the phrases are looked up in the text as given (cleaning is another stage's concern)
    rec = newsift.analyze(seed_path, raw=True, stages=("newsift_techniques",))
    text = rec.text
    found = []
    for phrase in PHRASES:
        start = text.find(phrase)
        if start < 0:
            continue
        end = start + len(phrase)
        if any(t.start < end and start < t.end and t.technique in FITTING for t in rec.techniques):
            found.append(phrase)
    assert len(found) >= 3, f"found only {found}"
