"""Quotations: pair quote marks into quoted spans, robustly.

Plain text from the wild mixes straight and curly double quotes, guillemets,
the New York Times' doubled apostrophes (''...''), quotes split around their
cue ("A," he said. "B.") and quotes that run over several paragraphs (the
old convention: no closing mark at a paragraph's end, an opening mark at the
next one's start). Marks are also lost or doubled by scrapers. This module
never gives up on an article: an unclosed quotation ends at its paragraph's
end, a stray closing mark is ignored, and only the affected paragraph is
touched.

Single quotes (‘…’) count only outside double quotes, where headlines and
British-style text use them for speech; inside double quotes they are nested
quotations and belong to the outer one. Straight apostrophes are never quote
marks on their own (they are mostly apostrophes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: opening double marks: left curly, low-9, left guillemet
OPEN_DOUBLE = "\u201c\u201e\u00ab"
#: closing double marks: right curly, right guillemet
CLOSE_DOUBLE = "\u201d\u00bb"
#: marks that may open or close: straight double quote, doubled apostrophes
AMBIGUOUS = ('"', "''")
OPEN_SINGLE = "\u2018"
CLOSE_SINGLE = "\u2019"

_MARK_RE = re.compile(r"''|[\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019]")
_OPENING_LEFT = set(" \t\r\n([{\u2014\u2013-/:;,") | {""}
_CLOSING_RIGHT = set(" \t\r\n)]}.,;:!?\u2014\u2013-\u2026") | {""}


@dataclass
class Quote:
    """One quotation: ``start`` at its opening mark, ``end`` after its closing mark.

    ``pieces`` holds one (start, end) per paragraph it spans; ``closed`` is
    False when the text never closed it (it then ends at its paragraph's end).
    """

    start: int
    end: int
    pieces: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = True
    single: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        """The quoted words without the marks (an approximation: one char each side)."""
        return self.start + 1, self.end - 1


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, the unit quotes are paired in."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def _kind(mark: str, text: str, pos: int) -> str:
    """'open', 'close' or 'ambig' for a double mark; 'sopen'/'sclose'/'' for singles."""
    if mark in OPEN_DOUBLE:
        return "open"
    if mark in CLOSE_DOUBLE:
        return "close"
    if mark in AMBIGUOUS:
        return "ambig"
    left = text[pos - 1] if pos > 0 else ""
    right = text[pos + 1] if pos + 1 < len(text) else ""
    if mark == OPEN_SINGLE:
        return "sopen" if left in _OPENING_LEFT or left in OPEN_DOUBLE or left == '"' else ""
    # a right single quote closes only when it is not an apostrophe (don’t, Clintons’)
    if left.isalnum() and right.isalnum():
        return ""
    return "sclose" if right in _CLOSING_RIGHT or right in CLOSE_DOUBLE or right == '"' else ""


def _looks_opening(text: str, start: int, end: int) -> bool:
    left = text[start - 1] if start > 0 else ""
    right = text[end] if end < len(text) else ""
    return left in _OPENING_LEFT and right not in (" ", "\t", "\n", "")


def _looks_closing(text: str, start: int, end: int) -> bool:
    left = text[start - 1] if start > 0 else ""
    right = text[end] if end < len(text) else ""
    return left not in (" ", "\t", "\n", "") and (right in _CLOSING_RIGHT or right in CLOSE_DOUBLE)


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotations of ``text``, in order, never overlapping."""
    quotes: list[Quote] = []
    paras = paragraphs(text)
    carry: Quote | None = None  # a quotation running on from the previous paragraph
    for n, (p_start, p_end) in enumerate(paras):
        marks = [(m.start(), m.end(), m.group()) for m in _MARK_RE.finditer(text, p_start, p_end)]
        current: Quote | None = None
        piece_start = p_start
        if carry is not None:
            # the carried quote re-opens with this paragraph's first mark (checked by the caller)
            current = carry
            carry = None
            if marks:
                piece_start = marks[0][0]
                marks = marks[1:]
        single: Quote | None = None
        for start, end, mark in marks:
            kind = _kind(mark, text, start)
            if current is None:
                if kind == "open" or (kind == "ambig" and not (_looks_closing(text, start, end)
                                                               and not _looks_opening(text, start, end))):
                    if single is not None:  # a double mark inside single quotes: leave the single
                        single = None
                    current = Quote(start, end, single=False)
                    piece_start = start
                elif kind == "sopen" and single is None:
                    single = Quote(start, end, single=True)
                elif kind == "sclose" and single is not None:
                    single.end = end
                    single.pieces = [(single.start, end)]
                    quotes.append(single)
                    single = None
                # a stray closing mark: ignored
                continue
            if kind in ("close", "ambig"):
                if kind == "ambig" and _looks_opening(text, start, end) and not _looks_closing(text, start, end) \
                        and mark == '"' and text[current.start:current.start + 1] != '"':
                    # a straight opening mark while a curly quote is open: the curly one was never closed
                    _finish(current, piece_start, start, quotes, closed=False)
                    current = Quote(start, end)
                    piece_start = start
                    continue
                _finish(current, piece_start, end, quotes, closed=True)
                current = None
            elif kind == "open":
                # a second opening mark: either nesting (rare with double marks) or a lost closing
                # mark; the latter is far more common in scraped text
                _finish(current, piece_start, _trim_end(text, piece_start, start), quotes, closed=False)
                current = Quote(start, end)
                piece_start = start
        if current is not None:
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            para_text_end = _trim_end(text, piece_start, p_end)
            if nxt is not None and _starts_with_opening(text, nxt[0], nxt[1]):
                current.pieces.append((piece_start, para_text_end))
                current.end = para_text_end
                carry = current
            else:
                _finish(current, piece_start, para_text_end, quotes, closed=False)
    if carry is not None:
        _finish(carry, carry.end, carry.end, quotes, closed=False)
    quotes.sort(key=lambda q: q.start)
    return quotes


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _starts_with_opening(text: str, start: int, end: int) -> bool:
    m = _MARK_RE.match(text, start, end)
    if not m:
        return False
    kind = _kind(m.group(), text, start)
    return kind == "open" or (kind == "ambig" and _looks_opening(text, m.start(), m.end()))


def _finish(q: Quote, piece_start: int, end: int, out: list[Quote], closed: bool) -> None:
    if end > piece_start:
        q.pieces.append((piece_start, end))
    if q.pieces:
        q.end = q.pieces[-1][1]
        q.start = q.pieces[0][0]
        q.closed = closed
        out.append(q)


_TEXT_KEY = "_newsift_attribution_text"


def doc_text(doc) -> str:
    """``doc.text``, computed once per stage run (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def forget_text(doc) -> None:
    """Drop the cached text (so it is neither stale nor serialised with the Doc)."""
    doc.user_data.pop(_TEXT_KEY, None)
