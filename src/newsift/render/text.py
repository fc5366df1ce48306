"""The terminal view (rich): the record's outline, readable at a glance."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape

from ..record import Record
from .common import heading, outline


def render_text(record: Record, width: int = 100, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False)
    console.rule(f"[bold]{escape(heading(record))}")
    if record.error is not None:
        console.print(f"[red]{escape(record.error.kind)}[/]: {escape(record.error.message)}")
        return buffer.getvalue()
    for title, lines in outline(record):
        console.print(f"[bold cyan]{escape(title)}[/]")
        for line in lines:
            console.print(f"  {escape(line)}", soft_wrap=False)
    return buffer.getvalue()
