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
