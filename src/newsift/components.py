"""Registers newsift's spaCy components: one place, done on first use.

Importing this module registers the factories (spaCy's ``spacy_factories``
entry point points here, so ``nlp.add_pipe("newsift_times")`` works in a
user's own pipeline); ``import newsift`` alone does not, which keeps the CLI
start-up fast. Versions live on the stage classes' registered names in the
factories' ``default_config``, never in factory names (spaCy forbids dots).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import register_extensions


@Language.component(
    "newsift_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    A scraped article's lines are paragraphs or a headline; spaCy's parser
    otherwise runs a headline into the first sentence. Must run before the
    parser, which keeps boundaries already set.
    """
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt = doc[token.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


def register_components() -> None:
    """Make sure every newsift extension and factory is registered."""
    register_extensions()


# --- stages: one factory each; the stage class is imported only when built ---


@Language.factory(
    "newsift_entities",
    default_config={
        "recase_caps": True,
        "use_tables": True,
        "add_missing": True,
        "link": True,
        "propagate": True,
        "sports": True,
        "table_dir": None,
    },
    assigns=["doc._.newsift_entities"],
    requires=["doc.ents"],
)
def make_entities(
    nlp: Language,
    name: str,
    recase_caps: bool,
    use_tables: bool,
    add_missing: bool,
    link: bool,
    propagate: bool,
    sports: bool,
    table_dir: str | None,
):
    from .stages.entities import EntityLinker

    return EntityLinker(
        nlp,
        recase_caps=recase_caps,
        use_tables=use_tables,
        add_missing=add_missing,
        link=link,
        propagate=propagate,
        sports=sports,
        table_dir=table_dir,
    )


@Language.factory(
    "newsift_times",
    default_config={"anchor_window": 1500, "use_tense": True},
    assigns=["doc._.newsift_times"],
    requires=["token.tag", "token.dep"],
)
def make_times(nlp: Language, name: str, anchor_window: int, use_tense: bool):
    """Find date/time expressions and resolve their TimeML values (rules; no model)."""
    from .stages.times import TimeTagger

    return TimeTagger(anchor_window=anchor_window, use_tense=use_tense)


@Language.factory(
    "newsift_places",
    default_config={"inner_names": True, "demonyms": True},
    assigns=["doc._.newsift_places"],
    requires=["doc._.newsift_entities"],
)
def make_places(nlp: Language, name: str, inner_names: bool, demonyms: bool):
    """Geocode the entities that name places (offline GeoNames index, loaded once)."""
    from .stages.places import PlaceResolver

    return PlaceResolver(inner_names=inner_names, demonyms=demonyms)


@Language.factory(
    "newsift_claims",
    default_config={"checkworthiness_model": None, "subjectivity_model": None, "lexicon": None},
    assigns=["doc._.newsift_claims"],
    requires=["token.is_sent_start", "token.tag"],
)
def make_claims(nlp: Language, name: str, checkworthiness_model: str | None, subjectivity_model: str | None,
                lexicon: str | None):
    """Claim units with kind, check-worthiness and (opt-in model) subjectivity; reads doc._.newsift_attributions."""
    from .stages.claims import ClaimFinder

    return ClaimFinder(checkworthiness_model=checkworthiness_model, subjectivity_model=subjectivity_model,
                       lexicon=lexicon)


@Language.factory(
    "newsift_attributions",
    default_config={"threshold": None, "relays": True},
    assigns=["doc._.newsift_attributions"],
    requires=["doc._.newsift_entities", "token.dep", "token.is_sent_start"],
)
def make_attributions(nlp: Language, name: str, threshold: float | None, relays: bool):
    """Who said what: quotations, reported speech and their sources (reads doc._.newsift_entities)."""
    from .stages.attributions import AttributionFinder

    return AttributionFinder(threshold=threshold, relays=relays)


@Language.factory(
    "newsift_techniques",
    default_config={"model": None, "min_score": 0.0, "start_threshold": None, "continue_threshold": None},
    assigns=["doc._.newsift_techniques"],
    requires=["token.is_sent_start", "token.pos", "token.dep", "token.lemma"],
)
def make_techniques(nlp: Language, name: str, model: str | None, min_score: float,
                    start_threshold: float | None, continue_threshold: float | None):
    """Propaganda technique fragments (PTC's 14 labels) from two linear models over the parse."""
    from .stages.techniques import TechniqueFinder

    return TechniqueFinder(model_path=model, min_score=min_score, start_threshold=start_threshold,
                           continue_threshold=continue_threshold)


@Language.factory("newsift_tone", assigns=["doc._.newsift_tone"], requires=["token.is_sent_start"])
def make_tone(nlp: Language, name: str):
    from .stages.tone import ToneScorer

    return ToneScorer()
