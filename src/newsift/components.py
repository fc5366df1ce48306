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


@Language.factory("newsift_entities", assigns=["doc._.newsift_entities"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str):
    from .stages.entities import EntityGrouper

    return EntityGrouper()
