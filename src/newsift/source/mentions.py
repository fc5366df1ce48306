"""Find the outlet a plain-text article names as itself.

A scrape keeps lines in which the publisher names itself: a copyright line
("© 2016 The Duran"), a plea ("Support The Duran on Patreon!"), a disclaimer
("... do not necessarily represent those of The Duran"), a wire dateline
("MOSCOW (Reuters) -"), a page title ("... | The Grayzone"). Each cue has a
weight by how surely it names the publisher rather than an outlet the article
cites; the name with the highest total wins when it reaches
:data:`MIN_SCORE`. Outlets the article cites ("according to Sputnik") match no
cue. Names from the weaker cues count only when they resolve to a known
domain, so a stray capitalised phrase cannot become an outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .outlets import ResolvedName, normalize_name, resolve_name

#: Total weight a name needs. 2 = one medium cue (a dateline, a title suffix)
#: or two weak ones; a single weak cue ("writes for X", common in author bios
#: naming other outlets) is never enough. Set by reasoning over the cue list,
#: not fitted to any article.
MIN_SCORE = 2
STRONG, MEDIUM, WEAK = 3, 2, 1
#: Longest name, in words ("The Times of India" = 4; "Radio Free Europe/Radio Liberty" = 4).
MAX_NAME_WORDS = 6
#: Characters searched at each end of a very long input (a page dump may hold
#: megabytes of comments); self-identification sits in the header or footer,
#: and 100k characters is several times the longest article of the benchmarks.
MAX_SEARCH_CHARS = 100_000
#: Lines from the top of a text that may be a page title ("Title | Outlet").
TITLE_LINES = 5
#: Longest line taken as a title.
MAX_TITLE_CHARS = 250

_CONNECTOR = r"(?:of|and|the|de|du|la|le|el|del|al|&)"
#: Capitalised words that end a name: a copyright line's trailing boilerplate.
_STOP = r"(?!(?:All|Rights|Reserved|Powered|Privacy|Terms|Contact|About|Home|Subscribe|Cookie|Cookies)\b)"
_WORD = r"[A-Z0-9](?:[\w'’&-]|\.(?=\w))*"
_DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+"
_NAME = (
    rf"(?P<name>{_DOMAIN}(?![\w.])|@?{_WORD}"
    rf"(?:[ ](?:{_CONNECTOR}[ ])?{_STOP}{_WORD}){{0,{MAX_NAME_WORDS - 1}}}|[A-Z]+/[A-Z]+)"
)
#: After a name: punctuation, the end of a line, or a word that cannot continue it.
_END = r"(?=[ ]*(?:[.,;:!?)\]\"”'’|/]|$)|[ ]+(?:and|or|nor|on|via|is|are|in|at|for|to|which|who|[-–—])(?:\W|$))"
_SP = r"[^\S\n]"


@dataclass(frozen=True)
class Cue:
    """One way an outlet names itself: a pattern, its weight, whether its name must resolve."""

    name: str
    pattern: re.Pattern[str]
    weight: int
    must_resolve: bool


def _cue(name: str, pattern: str, weight: int, must_resolve: bool) -> Cue:
    return Cue(name, re.compile(pattern, re.MULTILINE), weight, must_resolve)


CUES: tuple[Cue, ...] = (
    _cue(
        "copyright",
        rf"^{_SP}*(?:[|•·]{_SP}*)?(?P<cue>(?:(?i:©|\(c\)|&copy;|copyright){_SP}*)+)"
        rf"(?P<year>(?:19|20)\d\d(?:{_SP}*[-–—]{_SP}*(?:19|20)?\d\d)?[,.]?{_SP}+)?(?i:by{_SP}+)?{_NAME}",
        STRONG,
        False,
    ),
    _cue(
        "support",
        rf"\b(?i:support|donate{_SP}+to|give{_SP}+to|become{_SP}+an?{_SP}+(?:patron|member|supporter|subscriber){_SP}+of|join)"
        rf"{_SP}+{_NAME}{_SP}+(?i:on|via|at|through){_SP}+"
        r"(?i:patreon|substack|subscribestar|paypal|locals|buymeacoffee|buy me a coffee|ko-fi|gofundme|givesendgo)\b",
        STRONG,
        False,
    ),
    _cue(
        "disclaimer",
        r"(?i:(?:do|does|did)\s+not|don['’]t|doesn['’]t)\s+(?i:necessarily\s+)?(?i:reflect|represent)\s+(?i:the\s+)?"
        r"(?i:(?:official\s+|editorial\s+)?(?:views?|opinions?|positions?|polic(?:y|ies)|stance|viewpoints?)\s+of\s+"
        rf"(?:the\s+)?|those\s+of\s+){_NAME}{_END}",
        STRONG,
        False,
    ),
    _cue(
        "disclaimer",
        rf"(?i:\band\s+not\s+(?:necessarily\s+)?(?:(?:those|the\s+views?|the\s+opinions?|the\s+position)\s+)?of)\s+{_NAME}{_END}",
        STRONG,
        False,
    ),
    _cue("views", rf"(?i:\b(?:views|opinions)\s+of)\s+{_NAME}{_END}", WEAK, True),
    _cue(
        "dateline",
        rf"^{_SP}*(?:[A-Z][^\n()]{{0,60}}?)?\({_NAME}\){_SP}*[-–—]{{1,2}}",
        MEDIUM,
        True,
    ),
    _cue(
        "source_line",
        rf"^{_SP}*(?i:source):{_SP}*{_NAME}(?:{_SP}+(?i:and|with){_SP}+(?i:news\s+agencies|agencies|wires))?{_SP}*$",
        MEDIUM,
        True,
    ),
    _cue(
        "reader_supported",
        rf"(?:^|(?<=[.!?]{_SP})){_NAME}{_SP}+(?i:is|are){_SP}+(?i:(?:an?{_SP}+)?(?:independent,?{_SP}+)?"
        rf"(?:reader-supported|reader-funded|(?:entirely{_SP}+|fully{_SP}+)?(?:funded|supported){_SP}+by{_SP}+(?:its{_SP}+)?readers))",
        MEDIUM,
        True,
    ),
    _cue(
        "follow",
        rf"\b(?i:follow|subscribe{_SP}+to|like){_SP}+{_NAME}{_SP}+(?i:on){_SP}+"
        r"(?i:twitter|x|facebook|telegram|youtube|instagram|rumble|gab|gettr|vk|odysee|bitchute|truth social|tiktok)\b",
        WEAK,
        True,
    ),
    _cue(
        "reporting",
        rf"\b(?i:reporting{_SP}+for|reports{_SP}+for|writing{_SP}+for|writes{_SP}+for|correspondent{_SP}+for|editor{_SP}+(?:at|of))"
        rf"{_SP}+{_NAME}{_END}",
        WEAK,
        True,
    ),
)
TITLE_CUE = _cue("title", rf"{_SP}[|–—-]{_SP}+{_NAME}{_SP}*$", MEDIUM, True)


@dataclass(frozen=True)
class Mention:
    """A name the text gives itself: where (offsets into the searched text; -1 for the title), by which cue."""

    name: str
    start: int
    end: int
    cue: str
    weight: int


@dataclass
class TextOutlet:
    """The outlet a text names as itself, with the evidence."""

    name: str
    domain: str | None
    score: int
    mentions: list[Mention] = field(default_factory=list)


def _windows(text: str) -> Iterator[tuple[int, str]]:
    if len(text) <= 2 * MAX_SEARCH_CHARS:
        yield 0, text
        return
    yield 0, text[:MAX_SEARCH_CHARS]
    yield len(text) - MAX_SEARCH_CHARS, text[-MAX_SEARCH_CHARS:]


def _photo_credit(match: re.Match[str], text: str) -> bool:
    """A copyright sign that credits a picture ("© Sputnik / Ivan Petrov", no year) rather than the page."""
    newline = text.find("\n", match.end())
    rest = text[match.end() : newline if newline >= 0 else len(text)]
    if re.match(r"\s*/|\s+via\b", rest) or "getty" in rest.lower():
        return True
    has_word = "copyright" in match.group("cue").lower()
    return not (match.group("year") or has_word or "rights reserved" in rest.lower())


def find_mentions(text: str, title: str | None = None) -> list[Mention]:
    """Every self-naming cue in ``text`` (and a page ``title``), in text order."""
    found: list[Mention] = []
    for offset, window in _windows(text):
        for cue in CUES:
            for match in cue.pattern.finditer(window):
                if cue.name == "copyright" and _photo_credit(match, window):
                    continue
                start, end = match.span("name")
                found.append(Mention(match.group("name"), offset + start, offset + end, cue.name, cue.weight))
    lines = [line.strip() for line in text[:MAX_SEARCH_CHARS].splitlines() if line.strip()][:TITLE_LINES]
    titles = [t for t in (title, *lines) if t and len(t) <= MAX_TITLE_CHARS]
    for candidate in dict.fromkeys(titles):
        match = TITLE_CUE.pattern.search(candidate)
        if match:
            found.append(Mention(match.group("name"), -1, -1, TITLE_CUE.name, TITLE_CUE.weight))
    found.sort(key=lambda m: m.start)
    return found


_MUST_RESOLVE = {c.name: c.must_resolve for c in (*CUES, TITLE_CUE)}


def choose(mentions: Iterable[Mention]) -> TextOutlet | None:
    """The outlet with the highest total weight, if it reaches :data:`MIN_SCORE`."""
    groups: dict[str, TextOutlet] = {}
    cache: dict[str, ResolvedName] = {}
    for mention in mentions:
        resolved = cache.get(mention.name)
        if resolved is None:
            resolved = cache[mention.name] = resolve_name(mention.name)
        if not resolved.name or (resolved.domain is None and _MUST_RESOLVE[mention.cue]):
            continue
        key = resolved.domain or normalize_name(resolved.name)
        if not key:
            continue
        group = groups.setdefault(key, TextOutlet(resolved.name, resolved.domain, 0))
        group.score += mention.weight
        group.mentions.append(mention)
    if not groups:
        return None
    best = max(groups.values(), key=lambda g: (g.score, len({m.cue for m in g.mentions})))
    return best if best.score >= MIN_SCORE else None


def outlet_in_text(text: str, title: str | None = None) -> TextOutlet | None:
    """The outlet a text names as itself, or None."""
    return choose(find_mentions(text, title))
