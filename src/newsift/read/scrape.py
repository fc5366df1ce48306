"""Plain-text scrapes: drop boilerplate lines (PLACEHOLDER: keeps everything).

Owned by the scrape-cleaner task; the interface below is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cleaned:
    text: str  # the kept lines, joined as in the input
    removed: list[dict] = field(default_factory=list)  # {"start","end","reason"} into the INPUT
    title: str | None = None


def clean_scrape(text: str) -> Cleaned:
    return Cleaned(text=text.strip())
