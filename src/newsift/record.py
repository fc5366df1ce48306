"""The analysis record: the one object every newsift surface carries.

Field names and meanings follow ``shared/CONTRACT.md`` (schema
``newsift/analysis@1``); fields may be added, never renamed. Everything other
stages produce ends up here, built from the spaCy ``Doc`` in one place
(:mod:`newsift.build`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "newsift/analysis@1"

EntityType = Literal[
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT",
    "WORK_OF_ART", "LAW", "LANGUAGE",
]
SourceType = Literal[
    "official", "state_media", "media", "organization", "expert", "anonymous",
    "document", "person", "outlet",
]
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    start: int
    end: int


class RemovedSpan(Span):
    reason: str


class InputInfo(_Model):
    path: str | None = None
    url: str | None = None
    kind: Literal["text", "html", "warc", "record"] = "text"


class Meta(_Model):
    title: str | None = None
    author: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD")
    outlet: str | None = None
    domain: str | None = None
    language: str = "en"


class Entity(_Model):
    id: str
    name: str
    type: EntityType
    aliases: list[str] = []
    mentions: list[Span] = []


class Place(_Model):
    entity: str
    name: str
    geonames_id: int | None = None
    lat: float
    lon: float
    country: str | None = None
    admin1: str | None = None
    feature: str | None = None


class Time(_Model):
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"
    value: str
    resolved: bool
    anchor: Literal["published"] | int | None = None


class SourceRef(_Model):
    start: int | None = None
    end: int | None = None
    text: str | None = None
    entity: str | None = None
    type: SourceType = "person"


class Cue(_Model):
    start: int
    end: int
    text: str


class Attribution(_Model):
    kind: Literal["direct", "indirect", "according_to", "other"]
    source: SourceRef
    cue: Cue | None = None
    content: Span
    content_parts: list[Span] = []
    via: list[str] = []


class Claim(_Model):
    start: int
    end: int
    kind: Literal["reported", "asserted", "opinion", "prediction", "question"]
    attribution: int | None = None
    checkworthy: float = 0.0
    subjective: float | None = None


class Technique(_Model):
    start: int
    end: int
    technique: str
    score: float


class OutletSource(_Model):
    domain: str | None = None
    outlet: str | None = None
    rating: float | None = None
    rating_source: str | None = None


class CitedSources(_Model):
    total: int = 0
    named: int = 0
    anonymous: int = 0
    by_type: dict[str, int] = {}


class Problem(_Model):
    kind: str
    message: str


class Record(_Model):
    """One article's analysis (CONTRACT.md, schema ``newsift/analysis@1``)."""

    schema_: str = Field(SCHEMA, alias="schema")
    input: InputInfo = InputInfo()
    text: str = ""
    removed: list[RemovedSpan] = []
    meta: Meta = Meta()
    entities: list[Entity] = []
    places: list[Place] = []
    times: list[Time] = []
    attributions: list[Attribution] = []
    claims: list[Claim] = []
    techniques: list[Technique] = []
    source: OutletSource = OutletSource()
    cited_sources: CitedSources = CitedSources()
    tone: float = 0.0
    warnings: list[Problem] = Field(
        default_factory=list,
        description="Non-fatal notes (added field): e.g. a non-English article "
        "analysed only as far as the English models allow.",
    )
    error: Problem | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def model_dump(self, **kwargs):  # noqa: D102 - the contract spells it "schema"
        kwargs.setdefault("by_alias", True)
        return super().model_dump(**kwargs)

    def model_dump_json(self, **kwargs) -> str:  # noqa: D102
        kwargs.setdefault("by_alias", True)
        return super().model_dump_json(**kwargs)
