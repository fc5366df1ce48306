"""``newsift eval TASK``: task name -> the module that reads its data and scores it."""

from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import NewsiftError

#: task -> (module, function); every function is ``f(data: Path, part: str) -> dict``.
TASKS: dict[str, tuple[str, str]] = {
    "cleaning": ("newsift.eval.cleaning", "evaluate"),
    "html": ("newsift.eval.cleaning", "evaluate_html"),
    "entities": ("newsift.eval.entities", "evaluate"),
    "places": ("newsift.eval.places", "evaluate"),
    "times": ("newsift.eval.times", "evaluate"),
    "attribution": ("newsift.eval.attribution", "evaluate"),
    "techniques": ("newsift.eval.techniques", "evaluate"),
    "subjectivity": ("newsift.eval.sentences", "evaluate_subjectivity"),
    "checkworthiness": ("newsift.eval.sentences", "evaluate_checkworthiness"),
}


def run_task(task: str, data: Path, part: str = "all") -> dict:
    if task not in TASKS:
        raise NewsiftError("E012", "usage", name=task, choices=", ".join(sorted(TASKS)) or "(none yet)")
    if not data.exists():
        raise NewsiftError("E011", "bad_data", name=str(data), reason="the path does not exist")
    module, function = TASKS[task]
    return getattr(importlib.import_module(module), function)(data, part)
