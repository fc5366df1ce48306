"""A self-contained HTML report: the article with its findings marked, and the outline.

Every piece of article text goes through ``html.escape``: the report never
renders the article's markup, whatever it contains. No scripts, no external
assets.
"""

from __future__ import annotations

from html import escape

from ..record import Record
from .common import heading, outline

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#222}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:2rem;max-width:80rem;margin:auto;padding:1rem 2rem}
article{background:#fff;padding:1rem 2rem;border-radius:6px;white-space:pre-wrap}
aside section{background:#fff;padding:.5rem 1rem;margin-bottom:1rem;border-radius:6px}
h1{max-width:80rem;margin:1rem auto;padding:0 2rem;font-size:1.5rem}
h2{font-size:1rem;margin:.5rem 0}
ul{padding-left:1.2rem;margin:.25rem 0}
.content{background:#e8f0ff}.source{font-weight:600;border-bottom:2px solid #36c}.cue{color:#36c}
.technique{background:#ffe3d6}.time{border-bottom:2px dotted #2a2}.entity{border-bottom:1px solid #999}
.legend span{margin-right:1em}.error{color:#b00}
"""

#: (record part, css class) in the order classes are listed on a segment.
MARK_CLASSES = ("content", "source", "cue", "technique", "time", "entity")


def _marks(record: Record) -> list[tuple[int, int, str, str]]:
    """(start, end, css class, tooltip) for every span worth marking."""
    marks: list[tuple[int, int, str, str]] = []
    for a in record.attributions:
        marks.append((a.content.start, a.content.end, "content", f"{a.kind} attribution"))
        if a.source.start is not None and a.source.end is not None:
            marks.append((a.source.start, a.source.end, "source", f"source ({a.source.type})"))
        if a.cue is not None:
            marks.append((a.cue.start, a.cue.end, "cue", "cue"))
    for t in record.techniques:
        marks.append((t.start, t.end, "technique", f"{t.technique} {t.score:.2f}"))
    for t in record.times:
        marks.append((t.start, t.end, "time", t.value))
    for e in record.entities:
        for m in e.mentions:
            marks.append((m.start, m.end, "entity", f"{e.name} ({e.type})"))
    n = len(record.text)
    return [(max(0, s), min(n, e), c, tip) for s, e, c, tip in marks if 0 <= s < e]


def marked_text(record: Record) -> str:
    """The article as escaped HTML with <span> marks; overlapping marks nest as classes."""
    marks = _marks(record)
    cuts = sorted({0, len(record.text), *(s for s, _, _, _ in marks), *(e for _, e, _, _ in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [(c, tip) for s, e, c, tip in marks if s <= a and b <= e]
        piece = escape(record.text[a:b])
        if covering:
            classes = sorted({c for c, _ in covering}, key=MARK_CLASSES.index)
            title = "; ".join(dict.fromkeys(tip for _, tip in covering))
            out.append(f'<span class="{" ".join(classes)}" title="{escape(title)}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


def _record_section(record: Record) -> str:
    title = escape(heading(record))
    if record.error is not None:
        return f"<h1>{title}</h1><main><p class=error>{escape(record.error.kind)}: {escape(record.error.message)}</p></main>"
    panels = []
    for name, lines in outline(record):
        items = "".join(f"<li>{escape(line)}</li>" for line in lines)
        panels.append(f"<section><h2>{escape(name)}</h2><ul>{items}</ul></section>")
    legend = (
        '<p class=legend><span class=content>reported content</span><span class=source>source</span>'
        '<span class=cue>cue</span><span class=technique>technique</span><span class=time>time</span></p>'
    )
    return f"<h1>{title}</h1><main><div>{legend}<article>{marked_text(record)}</article></div><aside>{''.join(panels)}</aside></main>"


def render_html(records: list[Record]) -> str:
    title = escape(heading(records[0])) if len(records) == 1 else f"newsift report: {len(records)} articles"
    body = "<hr>".join(_record_section(r) for r in records)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>{body}</body></html>\n"
    )
