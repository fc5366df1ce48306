"""Markdown view: the same outline as the terminal, for notes and issues."""

from __future__ import annotations

import re

from ..record import Record
from .common import heading, outline

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md_escape(text: str) -> str:
    """Escape Markdown and HTML metacharacters so article text renders as text."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(record: Record) -> str:
    out = [f"# {md_escape(heading(record))}", ""]
    if record.error is not None:
        out.append(f"**{md_escape(record.error.kind)}**: {md_escape(record.error.message)}")
        return "\n".join(out)
    for title, lines in outline(record):
        out += [f"## {md_escape(title)}", ""]
        out += [f"- {md_escape(line)}" for line in lines]
        out.append("")
    return "\n".join(out)
