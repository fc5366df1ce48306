"""Times: find date and time expressions and give each a TimeML value.

Why a home-made tagger: spaCy's DATE/TIME entities miss most of what TimeML
annotates ("now", "recently", "the past two months", "daily") and give no
value; dateparser invents days ("October" -> the 12th) and anchors relative
phrases on the wrong time. Here a cascade of regular expressions over
``doc.text`` proposes TIMEX3 extents following the TempEval-3 / TimeML 1.2
conventions (prepositions outside: "since October" -> "October"; determiners
and modifiers inside: "the past two months", "early December", "just months
earlier"); the longest non-overlapping proposals win; then each is resolved,
in document order, to a value at the granularity the text supports:

* absolute ones ("May of 2015" -> ``2015-05``) need nothing;
* relative ones are computed from the publication date
  (``doc._.newsift_published``, anchor ``"published"``) or, for "a year
  later" and its kin, from the nearest earlier time in the text (anchor = its
  index in the list), keeping that time's granularity (a count finer than
  that time, "six weeks" after "1939", stays unresolved; "the previous year"
  with no earlier time counts from the publication date);
* weekdays pick past or future by the tense of the verb that governs them
  in spaCy's parse (VBD/VBN -> the last such day, will/would/MD or a present
  tense schedule -> the next, same day allowed; a time right after a verb
  of saying takes that verb's tense, one on a planning verb the plan's);
  months and days without a year take the year of the same month named
  earlier in the story (not one written with its own year), else the year
  that puts them 8 months before .. 4 after publication, unless "since",
  "ended" or the verb's tense says otherwise. Bare weekdays stay on the
  publication date even after an older date in the story: TimeBank does so
  (tune part: anchoring them on the story's last date lost 18 values);
* what cannot be resolved (no publication date, no anchor) keeps X'ed
  unknown parts (``XXXX-WXX-7``) with ``resolved: false`` -- never a guess.

Speed: a single trigger pattern (month and weekday names, unit words, "now",
four-digit numbers ...) finds the few windows of an article that can hold a
time; each rule runs only on the windows of its trigger group.

Rules were written from the TimeML guidelines and tuned on the ``tune`` part
of TimeBank/AQUAINT only (``newsift.eval.times``); where TimeBank's practice
and the guidelines differ the choice is noted at the rule ("Friday night" is
the day, as TimeBank mostly annotates it; "Friday evening" its evening).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

# ---------------------------------------------------------------- settings

#: How far back (characters) "a year later" / "the following day" look for
#: the earlier time they are counted from: a few paragraphs. Tune part of
#: TimeBank/AQUAINT: 300 and 800 scored the same, 1500, 3000 and unbounded
#: 0.1 value F1 better; the smallest of the best keeps long articles from
#: anchoring on an unrelated section.
ANCHOR_WINDOW = 1500
#: A month named without a year and without a telling tense lies within this
#: window around the publication date. Tune part of TimeBank/AQUAINT: months
#: named lie up to ~10 months back but rarely more than 4 ahead; [-8, +4]
#: resolves the most of them (symmetric +-6 got 6 fewer right).
NEAREST_BACK_MONTHS = 8
NEAREST_AHEAD_MONTHS = 4
#: How far (months) on the "wrong" side of the publication date a month may lie
#: before the verb's tense moves it a year: reports run late and plans slip.
TENSE_SLACK_MONTHS = 1

# ---------------------------------------------------------------- lexicons

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}
SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1, "single": 1,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
#: unit word -> (TimeML duration letter, is it a time-of-day unit, multiplier)
UNITS = {
    "second": ("S", True, 1), "minute": ("M", True, 1), "hour": ("H", True, 1),
    "day": ("D", False, 1), "night": ("D", False, 1), "week": ("W", False, 1), "weekend": ("D", False, 2),
    "fortnight": ("W", False, 2), "month": ("M", False, 1), "quarter": ("Q", False, 1),
    "year": ("Y", False, 1), "decade": ("Y", False, 10), "century": ("Y", False, 100),
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}
#: Verbs whose infinitive complement is planned, so lies ahead ("is expected to ... Monday").
FUTURE_LEMMAS = frozenset(
    {"expect", "plan", "schedule", "intend", "hope", "aim", "want", "prepare", "set", "due", "propose",
     "promise", "vow", "threaten", "seek", "try", "need", "likely", "begin", "start"}
)
#: Verbs whose time modifier dates the planned event, not the planning ("planned a rally on Saturday").
PLAN_LEMMAS = frozenset({"schedule", "plan", "slate", "reschedule", "postpone"})
WILL_WORDS = frozenset({"will", "'ll", "shall", "wo", "would", "'d", "ll"})
MODAL_FUTURE = frozenset({"can", "may", "might", "should", "must", "ca"})
#: Words just before a time that put it ahead: "as early as Tuesday", "postponed until Monday".
FUTURE_CUE = re.compile(r"(?:\bas\s+(?:soon|early|late)\s+as|\bby|\buntil|\btill|\bno\s+later\s+than|\bstarting"
                        r"|\bbeginning|\beffective)\s+(?:on\s+|next\s+)?$", re.I)

# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class Point:
    """A calendar time at some granularity (what a TimeML DATE/TIME value names).

    ``gran``: C century, E decade, Y year, H half, Q quarter, S season, M month,
    W ISO week, D day, P part of a day, T clock time. ``year`` is the ISO year
    for W. ``sub`` holds the quarter or half number.
    """

    gran: str
    year: int
    month: int = 1
    day: int = 1
    sub: int = 0
    season: str = ""
    week: int = 0
    weekend: bool = False
    part: str = ""
    hour: int = 0
    minute: int = 0

    def value(self) -> str:
        g = self.gran
        if g == "C":
            return f"{self.year // 100:02d}"
        if g == "E":
            return f"{self.year // 10:03d}"
        if g == "Y":
            return f"{self.year:04d}"
        if g in ("H", "Q"):
            return f"{self.year:04d}-{g}{self.sub}"
        if g == "S":
            return f"{self.year:04d}-{self.season}"
        if g == "M":
            return f"{self.year:04d}-{self.month:02d}"
        if g == "W":
            return f"{self.year:04d}-W{self.week:02d}" + ("-WE" if self.weekend else "")
        day = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if g == "P":
            return f"{day}T{self.part}"
        if g == "T":
            return f"{day}T{self.hour:02d}:{self.minute:02d}"
        return day

    def date(self) -> dt.date | None:
        """The first day this point covers, when it is a day or finer (or a week)."""
        if self.gran in ("D", "P", "T"):
            return dt.date(self.year, self.month, self.day)
        if self.gran == "W":
            return dt.date.fromisocalendar(self.year, self.week, 1)
        return None


def at(d: dt.date, gran: str) -> Point:
    """The point of granularity ``gran`` that contains the day ``d``."""
    if gran == "W":
        y, w, _ = d.isocalendar()
        return Point("W", y, week=w)
    if gran == "Q":
        return Point("Q", d.year, sub=(d.month - 1) // 3 + 1)
    if gran == "H":
        return Point("H", d.year, sub=1 if d.month <= 6 else 2)
    if gran == "M":
        return Point("M", d.year, d.month)
    if gran in ("Y", "E", "C"):
        return Point(gran, d.year)
    return Point("D", d.year, d.month, d.day)


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, 28)


def shift(p: Point, unit: str, n: int) -> Point | None:
    """``p`` moved by ``n`` units, keeping its granularity; None when that is impossible."""
    if n == 0:
        return p
    if unit in ("decade", "century"):
        unit, n = "year", n * UNITS[unit][2]
    if unit == "quarter":
        unit, n = "month", 3 * n
    if unit == "fortnight":
        unit, n = "week", 2 * n
    g = p.gran
    if unit == "year":
        if g in ("C", "E", "Y", "H", "Q", "S", "M"):
            return replace(p, year=p.year + n)
        d = p.date()
        if d is None:
            return None
        moved = add_months(d, 12 * n)
        if g == "W":
            return replace(at(moved, "W"), weekend=p.weekend)
        return replace(p, year=moved.year, month=moved.month, day=moved.day)
    if unit == "month":
        if g == "M":
            moved = add_months(dt.date(p.year, p.month, 1), n)
            return replace(p, year=moved.year, month=moved.month)
        if g == "Q" and n % 3 == 0:
            q = p.year * 4 + p.sub - 1 + n // 3
            return replace(p, year=q // 4, sub=q % 4 + 1)
        if g == "H" and n % 6 == 0:
            h = p.year * 2 + p.sub - 1 + n // 6
            return replace(p, year=h // 2, sub=h % 2 + 1)
        if g in ("D", "P", "T"):
            moved = add_months(dt.date(p.year, p.month, p.day), n)
            return replace(p, year=moved.year, month=moved.month, day=moved.day)
        return None
    if unit in ("week", "day", "night", "weekend"):
        days = n * (7 if unit in ("week", "weekend") else 1)
        d = p.date()
        if d is None or (g == "W" and days % 7):
            return None
        moved = d + dt.timedelta(days=days)
        if g == "W":
            return replace(at(moved, "W"), weekend=p.weekend)
        return replace(p, year=moved.year, month=moved.month, day=moved.day)
    return None


def unknown(gran: str, month: int | None = None, day: int | None = None, dow: int | None = None,
            part: str = "", clock: str = "", sub: int = 0, season: str = "") -> str:
    """An X'ed TimeML value for a time whose year (or more) is not known."""
    if dow is not None:
        base = f"XXXX-WXX-{dow}"
    elif gran == "W":
        base = "XXXX-WXX"
    elif gran in ("Q", "H"):
        base = f"XXXX-{gran}{sub or 'X'}"
    elif gran == "S":
        base = f"XXXX-{season or 'XX'}"
    elif gran == "M":
        base = f"XXXX-{month:02d}" if month else "XXXX-XX"
    elif gran in ("Y", "E", "C"):
        base = "XXXX"
    else:
        base = f"XXXX-{month:02d}-" if month else "XXXX-XX-"
        base += f"{day:02d}" if day else "XX"
    if part:
        return f"{base}T{part}"
    if clock:
        return f"{base}T{clock}"
    return base


# ---------------------------------------------------------------- numbers

_N_SMALL = "|".join(sorted((k for k in SMALL if k not in ("a", "an", "single")), key=len, reverse=True))
_N_TENS = "|".join(TENS)
_N_ONES = "one|two|three|four|five|six|seven|eight|nine"
#: a quantity as written before a unit ("two", "21", "2 1/2", "a few", "several")
NUM = (
    r"(?:(?<![\d$.,])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:\s+1/2|\s+and\s+a\s+half)?"
    rf"|(?:(?:{_N_TENS})(?:[- ](?:{_N_ONES}))?|{_N_SMALL})(?:\s+and\s+a\s+half)?|(?:a|one)\s+hundred|a\s+dozen|a\s+half|half\s+an?"
    r"|a\s+few|a\s+couple(?:\s+of)?|couple\s+of|several|a|an|few|some|many|hundreds\s+of|dozens\s+of)"
)
VAGUE = {"a few", "few", "several", "some", "many", "hundreds of", "dozens of", "the", ""}


def parse_number(text: str) -> float | None:
    """Value of a NUM match; None for vague quantities ("several")."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    half = 0.0
    for suffix in (" 1/2", " and a half"):
        if t.endswith(suffix):
            t, half = t[: -len(suffix)], 0.5
    if t in ("a half", "half a", "half an"):
        return 0.5
    if t in ("a couple", "a couple of", "couple of"):
        return 2
    if t in ("a hundred", "one hundred"):
        return 100
    if t == "a dozen":
        return 12
    if t in SMALL:
        return SMALL[t] + half
    m = re.fullmatch(rf"({_N_TENS})(?:[- ]({_N_ONES}))?", t)
    if m:
        return TENS[m.group(1)] + (SMALL[m.group(2)] if m.group(2) else 0) + half
    digits = t.replace(",", "")
    try:
        return float(digits) + half
    except ValueError:
        return None


def unit_of(word: str) -> str:
    """Normalise a unit word ("Years", "centuries", "trading days") to its key in UNITS."""
    w = word.lower().split()[-1]
    if w == "centuries":
        return "century"
    return w[:-1] if w.endswith("s") and w[:-1] in UNITS else w


def duration_value(n: float | None, unit: str) -> str:
    """TimeML duration value: P2Y, PT16H, P2Y6M, PXM."""
    letter, clock, mult = UNITS[unit]
    t = "T" if clock else ""
    if n is None:
        if unit == "decade":
            return "PXE"
        if unit == "century":
            return "PXC"
        return f"P{t}X{letter}"
    n = n * mult
    if n == int(n):
        return f"P{t}{int(n)}{letter}"
    whole, frac = int(n), n - int(n)
    smaller = {"Y": (12, "M"), "M": (30, "D") if not clock else (60, "S"), "W": (7, "D"), "D": (24, "H"),
               "H": (60, "M"), "Q": (3, "M")}
    factor, letter2 = smaller.get(letter, (0, ""))
    rest = frac * factor
    if not factor or rest != int(rest):
        return f"P{t}{n:g}{letter}"
    if letter == "D":
        return f"P{whole}DT{int(rest)}H" if whole else f"PT{int(rest)}H"
    head = f"{whole}{letter}" if whole else ""
    return f"P{t}{head}{int(rest)}{letter2}"


# ---------------------------------------------------------------- specs


@dataclass
class Spec:
    """What a matched expression means, before it is resolved against a date.

    ``kind`` names the resolver method; ``args`` its arguments.
    """

    kind: str
    type: str = "DATE"
    args: dict = field(default_factory=dict)


@dataclass
class Candidate:
    start: int
    end: int
    spec: Spec
    priority: int


# ---------------------------------------------------------------- patterns

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.|(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)(?![a-z]))"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d,]\d)(?!:\d)"
_DAY_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth",
    "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first",
)
DAY_WORDS = {w: i for i, w in enumerate(_DAY_WORDS, start=1)}
_DAYWORD = "(?:" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")(?![\w-])"
_YEAR = (
    r"(?:1[6-9]\d\d|20\d\d)(?![\d%])(?!\s*(?:%|percent\b))"
    # a count, not a year: "1990 points", "2000 troops"
    r"(?!\s+(?:points?|shares?|people|troops|soldiers|votes|units|cars|jobs|tons|barrels|feet|meters|metres|miles"
    r"|kilometers|kilometres|acres|times|members|employees|workers|students|deaths|cases|dollars|euros|pounds)\b)"
)
_UNIT = (
    r"(?:(?:trading|business|working|straight|consecutive|full|more)\s+)?"
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?"
    r"|decades?|century|centuries)"
)
_UNIT_SG = r"(?i:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|century)"
_UNIT_PL = r"(?i:seconds|minutes|hours|days|nights|weeks|weekends|months|quarters|years|decades|centuries)"
_MOD = (
    r"(?i:(?:about|nearly|almost|roughly|around|approximately|some|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|over(?!\s+the\b)|under(?!\s+the\b)|up\s+to|only|just|barely|well\s+over|close\s+to|as\s+many\s+as"
    r"|as\s+much\s+as|as\s+long\s+as|as\s+little\s+as|as\s+few\s+as|another|an\s+additional|a\s+further"
    r"|the\s+entire|the\s+full|all)\s+)"
)
_SPAN_ADJ = (
    r"(?i:(?:the|these|those|its|his|her|their|our|this)\s+"
    r"(?:(?:past|last|next|first|final|previous|prior|coming|following|remaining|latest|ensuing|initial"
    r"|same|early|year-earlier|year-ago|latest|current|preceding|succeeding|upcoming)\s+)?"
    r"|(?:past|last|next|first|final|previous|coming|following|remaining|recent|preceding|upcoming)\s+)"
)
_PART = r"(?i:morning|afternoon|evening|night)"
_EML = r"(?i:(?:early|late|mid)[\s-]+)"
_RELW = r"(?i:last|next|this|this\s+past|this\s+coming|past|coming)"
_CLOCK = (
    r"(?:(?<![\d.,:$])(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b|AM\b|PM\b|A\.M\.|P\.M\.)"
    r"|(?<![\d.,:$])(?:[01]?\d|2[0-3]):[0-5]\d(?=\s*(?:GMT|UTC|EST|EDT|CST|CDT|PST|PDT|BST|CET|local))"
    r"|(?<![\w-])(?<![Hh]igh\s)(?i:noon|midnight|midday)(?![\w-]))"  # not the idiom "high noon"
)
_TZ = r"(?:\s+(?:GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|local\s+time|Eastern\s+time))"


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass
class Rule:
    name: str
    regex: re.Pattern[str]
    parse: Callable[[re.Match[str]], Spec | None]
    #: group whose span is the extent (default: the whole match)
    group: str | int = 0
    #: a leading part to drop from the extent when it matches (TimeML leaves it out)
    trim: re.Pattern[str] | None = None


def _g(m: re.Match[str], name: str) -> str:
    return (m.groupdict().get(name) or "").strip()


def _month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day_of(word: str) -> int:
    return int(re.match(r"\d+", word).group())  # type: ignore[union-attr]


def _direction(word: str) -> str | None:
    w = " ".join(word.lower().split())
    if w in ("last", "past", "this past", "previous", "the previous", "the preceding"):
        return "last"
    if w in ("next", "coming", "this coming", "the following", "the next", "following"):
        return "next"
    if w == "this":
        return "this"
    return None


def _part_of(m: re.Match[str]) -> str:
    return PARTS.get(_g(m, "part").lower(), "")


def _clock(text: str) -> tuple[int, int] | None:
    t = text.lower().replace(" ", "")
    if t in ("noon", "midday"):
        return 12, 0
    if t == "midnight":
        return 24, 0
    m = re.match(r"(\d{1,2})(?::(\d\d))?(a\.?m\.?|p\.?m\.?)?", t)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    ampm = (m.group(3) or "").replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return hour, minute


# --- parse functions: match -> Spec (context free) ---


def p_full_date(m: re.Match[str]) -> Spec | None:
    month = _month_of(_g(m, "month"))
    day = DAY_WORDS[_g(m, "dayw").lower()] if _g(m, "dayw") else _day_of(_g(m, "day"))
    year = _g(m, "year") or _g(m, "ryear")
    try:
        dt.date(int(year) if year else 2000, month, day)
    except ValueError:
        return None
    if year:
        return Spec("point", args={"point": Point("D", int(year), month, day)})
    return Spec("noyear", args={"month": month, "day": day, "dir": _direction(_g(m, "rel"))})


def p_week_of(m: re.Match[str]) -> Spec | None:
    """the week of March 6: the ISO week holding that day."""
    spec = p_full_date(m)
    if spec is None:
        return None
    return Spec("week_of", args={"day": spec})


def p_month_year(m: re.Match[str]) -> Spec:
    return Spec("point", args={"point": Point("M", int(_g(m, "year")), _month_of(_g(m, "month")))})


def p_month_rel_year(m: re.Match[str]) -> Spec:
    off = {"this": 0, "last": -1, "next": 1}[_g(m, "rel").lower()]
    return Spec("dct_month", args={"month": _month_of(_g(m, "month")), "year_offset": off})


def p_month(m: re.Match[str]) -> Spec | None:
    word = _g(m, "month")
    pre = _g(m, "pre").lower()
    if word == "May" and not pre and not _g(m, "prep"):
        return None
    return Spec("noyear", args={"month": _month_of(word), "day": None, "dir": _direction(pre)})


def p_weekday(m: re.Match[str]) -> Spec:
    dow = WEEKDAYS[_g(m, "wd").lower()]
    part = _part_of(m)
    direction = _direction(_g(m, "rel"))
    if direction is None and not part and m.string[m.end():m.end() + 2] in ("'s", "’s"):
        direction = "past"  # "Wednesday's ruling": reported, so done
    # "Friday night", "Friday morning": TimeBank/AQUAINT more often give the day (DATE, 1998-08-07)
    # than a part-of-day value (...TNI): 10 to 8 in the tune part; so do we. "Friday evening" (2 of
    # 2 there) and "afternoon" name a part no one reads as the whole day: TimeML's ...TEV, ...TAF
    return Spec("weekday", args={"dow": dow, "dir": direction, "part": part if part in ("EV", "AF") else ""})


def p_weekday_set(m: re.Match[str]) -> Spec:
    dow = WEEKDAYS[_g(m, "wd").lower()]
    part = _part_of(m) or PARTS.get(_g(m, "parts").lower(), "")
    return Spec("fixed", "SET", args={"value": f"XXXX-WXX-{dow}" + (f"T{part}" if part else "")})


def p_year(m: re.Match[str]) -> Spec:
    return Spec("point", args={"point": Point("Y", int(_g(m, "year")))})


def p_decade(m: re.Match[str]) -> Spec | None:
    text = _g(m, "dec").lower()
    d = re.match(r"(\d{3})0'?s", text)
    if d:
        return Spec("point", args={"point": Point("E", int(d.group(1)) * 10)})
    word = re.search(r"(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)", text)
    if word:
        return Spec("decade_word", args={"digit": DECADE_WORDS[word.group(1)]})
    short = re.match(r"'(\d)0s", text)
    if short:
        return Spec("decade_word", args={"digit": int(short.group(1))})
    return None


def p_century(m: re.Match[str]) -> Spec:
    n = int(re.match(r"\d+", _g(m, "cent")).group())  # type: ignore[union-attr]
    return Spec("point", args={"point": Point("C", (n - 1) * 100)})


def p_quarter(m: re.Match[str]) -> Spec:
    gran = "H" if _g(m, "qh").lower().startswith("half") else "Q"
    # "the final quarter", "the last (latter) half": the last one of the year
    q = ORDINALS.get(_g(m, "ord").lower(), 2 if gran == "H" else 4)
    year = _g(m, "year") or _g(m, "year2")
    rel = _g(m, "rel").lower()
    if year:
        return Spec("point", args={"point": Point(gran, int(year), sub=q)})
    pre = (_g(m, "pre") or _g(m, "post")).lower()  # "last year's third quarter", "the third quarter of last year"
    if pre:
        return Spec("quarter", args={"gran": gran, "sub": q, "year_offset": {"this": 0, "last": -1, "next": 1}[pre],
                                     "from_ref": False})
    if rel:
        shift_years = -1 if ("last" in rel or "ago" in rel or "earlier" in rel or "previous" in rel
                             or "prior" in rel) else 1 if "next" in rel else 0
        return Spec("quarter", args={"gran": gran, "sub": q, "year_offset": shift_years,
                                     "from_ref": "ago" in rel or "earlier" in rel})
    return Spec("quarter", args={"gran": gran, "sub": q, "year_offset": 0, "from_ref": False})


def p_q_abbrev(m: re.Match[str]) -> Spec | None:
    """Q3, 3Q, H1, Q4 2016, Q1 '17: quarters and halves as business news abbreviates them."""
    gran = _g(m, "gq") or _g(m, "gq2")
    sub = int(_g(m, "n") or _g(m, "n2"))
    if gran == "H" and sub > 2:
        return None
    year = _g(m, "year")
    if year:
        full = int(year) if len(year) == 4 else 2000 + int(year)
        return Spec("point", args={"point": Point(gran, full, sub=sub)})
    return Spec("quarter", args={"gran": gran, "sub": sub, "year_offset": 0, "from_ref": False})


def p_ref_quarter(m: re.Match[str]) -> Spec:
    rel = _g(m, "rel").lower() + _g(m, "ago").lower()
    off = -1 if ("ago" in rel or "earlier" in rel or "prior" in rel or "previous-year" in rel) else 0
    latest = off == 0 and bool(re.search(r"latest|recent|just", rel))
    if _g(m, "endm") and _g(m, "what").lower() == "quarter":
        # "the quarter ended Sept. 30": the calendar quarter of that month
        month = _month_of(_g(m, "endm"))
        return Spec("noyear_quarter", args={"month": month, "year_offset": off})
    year = _g(m, "year")
    if year and _g(m, "what").lower() == "period":
        return Spec("point", args={"point": Point("Y", int(year))})  # "the 1988 period"
    return Spec("ref_quarter", args={"year_offset": off, "latest": latest, "year": int(year) if year else None})


def p_fiscal(m: re.Match[str]) -> Spec:
    return Spec("point", args={"point": Point("Y", int(_g(m, "year")))})


def _in_a_name(m: re.Match[str], group: str, title_first: bool = False) -> bool:
    """A capitalised "Today", "Weekly", "Daily" inside a title: "USA Today", "Us Weekly", "Daily News".

    The word is capitalised and joined to a capitalised word before it (not across a
    sentence end) or, with ``title_first`` (a word that opens titles: "Daily News"), after
    it; "Yesterday New York's governor ..." is a sentence's first word, no title.
    """
    word = _g(m, group)
    if not word[:1].isupper() or word.isupper():
        return False
    start, end = m.span(group)
    before = re.search(r"[^.!?:;\"“”'`\s][ \t]+[A-Z][\w&.-]*[ \t]+$", m.string[max(0, start - 30):start])
    after = re.match(r"[ \t]+[A-Z][a-z]", m.string[end:end + 3])
    return bool(before or (title_first and after))


def p_today(m: re.Match[str]) -> Spec | None:
    if _in_a_name(m, "w"):
        return None
    word = _g(m, "w").lower()
    off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    part = _part_of(m)
    if word == "tonight":
        part = ""
    return Spec("dct", "TIME" if part else "DATE", args={"unit": "day", "n": off, "gran": "D", "part": part})


def p_last_night(m: re.Match[str]) -> Spec:
    return Spec("dct", "TIME", args={"unit": "day", "n": -1, "gran": "D", "part": "NI"})


def p_this_part(m: re.Match[str]) -> Spec:
    return Spec("dct", "TIME", args={"unit": "day", "n": 0, "gran": "D", "part": _part_of(m)})


def p_rel_unit(m: re.Match[str]) -> Spec | None:
    """this/last/next week|month|year|quarter|weekend."""
    rel = _g(m, "rel").lower()
    unit = _g(m, "unit").lower()
    off = {"this": 0, "last": -1, "next": 1, "past": -1, "coming": 1, "this past": -1, "this coming": 1}
    n = off.get(" ".join(rel.split()))
    if n is None:
        return None
    if unit == "weekend":
        return Spec("weekend", args={"dir": {0: "this", -1: "last", 1: "next"}[n]})
    gran = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "E", "century": "C"}[unit]
    return Spec("dct", args={"unit": unit, "n": n, "gran": gran, "part": ""})


def p_season(m: re.Match[str]) -> Spec | None:
    season = SEASONS[_g(m, "season").lower()]
    year = _g(m, "year")
    if not (year or _g(m, "rel") or _g(m, "eml") or _g(m, "prep")):
        return None  # "a fall in prices", "Spring of Life"
    if year:
        return Spec("point", args={"point": Point("S", int(year), season=season)})
    yrel = _g(m, "yrel").lower()
    if yrel:  # "the fall of last year": that year's season
        return Spec("dct_season", args={"season": season, "year_offset": {"this": 0, "last": -1, "next": 1}[yrel]})
    return Spec("season", args={"season": season, "dir": _direction(_g(m, "rel"))})


def p_duration(m: re.Match[str]) -> Spec | None:
    unit = unit_of(_g(m, "unit"))
    num_text = _g(m, "num")
    n = parse_number(num_text)
    if n is not None and re.search(r"and\s+a\s+half$", m.group(0), re.I):
        n += 0.5
    if unit == "second" and num_text.lower() in ("a", "an"):
        return None  # "a second term", "a second time"
    if _not_a_duration(m, unit, num_text):
        return None
    return Spec("fixed", "DURATION", args={"value": duration_value(n, unit)})


def _not_a_duration(m: re.Match[str], unit: str, num_text: str) -> bool:
    """Ages ("55 years old"), fractions ("a quarter of"), rates ("$2 million a year")."""
    after = m.string[m.end():m.end() + 12]
    before = m.string[max(0, m.start() - 12):m.start()]
    if unit == "year" and re.match(r"\s+old\b", after):
        return True
    if unit == "quarter" and ((re.match(r"\s+of\b", after) and num_text.lower() in ("a", "an", "one", "three"))
                              or re.search(r"-quarters$", m.group(0), re.I)):
        return True
    if num_text.lower() in ("a", "an") and re.search(r"(?:\d|%|million|billion|times|twice|once|cents|dollars)\s*$", before):
        return True
    return False


def p_duration_adj(m: re.Match[str]) -> Spec | None:
    unit = unit_of(_g(m, "unit"))
    n = parse_number(_g(m, "num").replace("-", " "))
    return Spec("fixed", "DURATION", args={"value": duration_value(n, unit)})


def p_unit_long(m: re.Match[str]) -> Spec:
    """day-long (one day), decades-long (an unknown number of decades)."""
    unit = _g(m, "unit")
    return Spec("fixed", "DURATION", args={"value": duration_value(None if unit.lower().endswith("s") else 1,
                                                                   unit_of(unit))})


def p_the_span(m: re.Match[str]) -> Spec | None:
    """the past week, the next month, the past decade: one unit back or ahead.

    "the past year" is the exception TimeBank makes a DATE (last year): 2 of 2
    in the tune part.
    """
    unit = unit_of(_g(m, "unit"))
    if unit == "year" and re.search(r"(?i)(?:^|\s)the\s+(?:past|last)\s+year$", m.group(0)):
        return Spec("dct", args={"unit": "year", "n": -1, "gran": "Y", "part": ""})
    return Spec("fixed", "DURATION", args={"value": duration_value(1, unit)})


def p_vague_span(m: re.Match[str]) -> Spec:
    """years, for weeks, recent months: an unknown number of units."""
    unit = unit_of(_g(m, "unit"))
    return Spec("fixed", "DURATION", args={"value": duration_value(None, unit)})


def p_ago(m: re.Match[str]) -> Spec | None:
    unit = unit_of(_g(m, "unit"))
    n = parse_number(_g(m, "num"))
    word = _g(m, "dir").lower()
    sign = 1 if word in ("later", "after", "from now", "hence", "on") else -1
    from_dct = word in ("ago", "from now", "hence", "back")
    if _g(m, "half"):
        if not from_dct:
            return None  # "a minute and a half later": the duration, as TimeBank marks it
        n = None if n is None else n + 0.5
    if n is not None and n != int(n) and from_dct:
        # "half a century ago", "a year and a half ago": whole years or months of the smaller unit (counted
        # from another time, "a year and a half later" could be finer than that time: it stays vague)
        smaller = {"century": ("year", 100), "decade": ("year", 10), "year": ("month", 12), "quarter": ("month", 3),
                   "week": ("day", 7)}.get(unit)
        if smaller is not None and n * smaller[1] == int(n * smaller[1]):
            unit, n = smaller[0], n * smaller[1]
    if n is None or n != int(n):
        return Spec("fixed", args={"value": "FUTURE_REF" if sign > 0 else "PAST_REF"})
    return Spec("offset", args={"unit": unit, "n": int(n) * sign, "from_dct": from_dct})


def p_vague_ago(m: re.Match[str]) -> Spec:
    word = _g(m, "dir").lower()
    return Spec("fixed", args={"value": "FUTURE_REF" if word in ("later", "after", "from now", "hence") else "PAST_REF"})


def p_anchor_day(m: re.Match[str]) -> Spec | None:
    """the next day, the day before, that day, the same day, later that year."""
    text = " ".join(m.group(0).lower().split())
    unit_m = re.search(r"(day|morning|afternoon|evening|night|week|month|year)", text)
    if not unit_m:
        return None
    unit = unit_m.group(1)
    n = 0
    if re.search(r"\b(next|following|after|later)\b", text) and not text.startswith(("later", "earlier")):
        n = 1
    elif re.search(r"\b(before|previous|prior|earlier)\b", text) and not text.startswith(("later", "earlier")):
        n = -1
    # "the next morning", "that night" are the day, "that evening" its evening, as with weekdays (see p_weekday)
    part = PARTS[unit] if unit in ("afternoon", "evening") else ""
    unit = "day" if unit in PARTS else unit
    gran = {"day": "D", "week": "W", "month": "M", "year": "Y"}[unit]
    return Spec("anchored", args={"unit": unit, "n": n, "gran": gran, "part": part})


def p_anchor_weekday(m: re.Match[str]) -> Spec:
    return Spec("anchored_weekday", args={"dow": WEEKDAYS[_g(m, "wd").lower()],
                                          "dir": _direction(_g(m, "rel")) or "last"})


def p_earlier_this(m: re.Match[str]) -> Spec:
    unit = _g(m, "unit").lower()
    rel = _g(m, "rel").lower()
    n = {"this": 0, "last": -1, "next": 1}[rel]
    gran = {"week": "W", "month": "M", "year": "Y", "quarter": "Q"}[unit]
    return Spec("dct", args={"unit": unit, "n": n, "gran": gran, "part": ""})


def p_earlier_in_year(m: re.Match[str]) -> Spec:
    unit = _g(m, "unit").lower()
    gran = {"week": "W", "month": "M", "year": "Y"}[unit]
    return Spec("dct", args={"unit": unit, "n": 0, "gran": gran, "part": ""})


def p_clock(m: re.Match[str]) -> Spec | None:
    hm = _clock(_g(m, "clock"))
    if hm is None:
        return None
    day: Spec | None = None
    if _g(m, "wd"):
        day = Spec("weekday", args={"dow": WEEKDAYS[_g(m, "wd").lower()], "dir": None, "part": ""})
    elif _g(m, "rday"):
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[_g(m, "rday").lower()]
        day = Spec("dct", args={"unit": "day", "n": off, "gran": "D", "part": ""})
    elif _g(m, "month"):
        day = p_full_date(m)
    return Spec("clock", "TIME", args={"hour": hm[0], "minute": hm[1], "day": day})


_HOUR_WORDS = {w: n for w, n in SMALL.items() if 1 <= n <= 12 and w not in ("a", "an", "single")}


def p_clock_words(m: re.Match[str]) -> Spec | None:
    """"4 in the morning", "ten o'clock", "9 at night": a clock time written without a.m./p.m."""
    h = _g(m, "h").lower()
    hour = int(h) if h.isdigit() else _HOUR_WORDS.get(h)
    if hour is None or not 1 <= hour <= 12:
        return None
    part = (_g(m, "part1") or _g(m, "part2") or _g(m, "part3")).lower()
    if part in ("afternoon", "evening") or (part == "night" and hour >= 6):
        hour = hour % 12 + 12
    elif part in ("morning", "night") and hour == 12:
        hour = 0
    return Spec("clock", "TIME", args={"hour": hour, "minute": int(_g(m, "mi") or 0), "day": None})


#: Nouns a holiday's name classifies rather than dates: "an office Christmas party", "Easter eggs".
_HOLIDAY_NOUNS = re.compile(
    r"\s+(?:party|parties|tree|trees|cards?|dinners?|lunch|gifts?|presents?|decorations?|lights|displays?|shopping"
    r"|shoppers|spirit|carols?|message|specials?|bonus|bonuses|markets?|stockings?|pageant|parade|concerts?|costumes?"
    r"|candy|turkey|eggs?|spread|traditions?|celebrations?|songs?|movies?|films?|music|menu|rush|sales)\b", re.I)


def p_holiday(m: re.Match[str]) -> Spec | None:
    name = " ".join(_g(m, "hol").lower().replace("’", "'").split())
    year = _g(m, "year")
    rel = _direction(_g(m, "rel"))
    if not (year or rel or _g(m, "week")) and _HOLIDAY_NOUNS.match(m.string, m.end()):
        return None  # "a Christmas party", "their Thanksgiving dinner": the name classifies a thing, no date is meant
    if year:
        d = holiday_date(name, int(year))
        return Spec("point", args={"point": Point("D", d.year, d.month, d.day)}) if d else None
    if _g(m, "week"):
        # "Easter week": the (ISO) week that holds the holiday; it may have begun before the day, so
        # the verb's tense does not move the day to another year
        return Spec("week_of", args={"day": Spec("holiday", args={"name": name, "dir": rel, "tensed": False})})
    return Spec("holiday", args={"name": name, "dir": rel})


def p_fixed(value: str, type_: str = "DATE") -> Callable[[re.Match[str]], Spec]:
    def parse(m: re.Match[str]) -> Spec:
        return Spec("fixed", type_, args={"value": value})

    return parse


def p_set(m: re.Match[str]) -> Spec | None:
    if _in_a_name(m, "w", title_first=True):
        return None
    word = " ".join(_g(m, "w").lower().split())
    fixed = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
             "hourly": "PT1H", "quarterly": "P3M", "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M",
             "bimonthly": "P2M", "annual": "P1Y"}
    if word in fixed:
        return Spec("fixed", "SET", args={"value": fixed[word]})
    return None


def p_every(m: re.Match[str]) -> Spec | None:
    what = " ".join(_g(m, "what").lower().split())
    other = "other" in _g(m, "q").lower()
    k = 2 if other else 1
    units = {"day": f"P{k}D", "week": f"P{k}W", "month": f"P{k}M", "year": f"P{k}Y", "quarter": f"P{k}Q",
             "hour": f"PT{k}H", "minute": f"PT{k}M", "night": f"P{k}D", "weekend": "XXXX-WXX-WE",
             "morning": "XXXX-XX-XXTMO", "evening": "XXXX-XX-XXTEV", "afternoon": "XXXX-XX-XXTAF"}
    if what in units:
        return Spec("fixed", "SET", args={"value": units[what]})
    if what in WEEKDAYS:
        return Spec("fixed", "SET", args={"value": f"XXXX-WXX-{WEEKDAYS[what]}"})
    if what.rstrip(".") in MONTHS:
        return Spec("fixed", "SET", args={"value": f"XXXX-{MONTHS[what.rstrip('.')]:02d}"})
    if what in SEASONS:
        return Spec("fixed", "SET", args={"value": f"XXXX-{SEASONS[what]}"})
    return None


def p_every_n(m: re.Match[str]) -> Spec | None:
    """every four years, every 10 minutes: a set of N-unit periods (TimeML SET PnU)."""
    n = parse_number(_g(m, "num"))
    if n is None or n != int(n):
        return None
    return Spec("fixed", "SET", args={"value": duration_value(n, unit_of(_g(m, "unit")))})


def p_times_per(m: re.Match[str]) -> Spec | None:
    """once a year, twice a week, three times per month: the period repeats (TimeML SET P1U)."""
    return Spec("fixed", "SET", args={"value": duration_value(1, unit_of(_g(m, "unit")))})


def p_annually(m: re.Match[str]) -> Spec | None:
    """annually, but not a rate ("grow 8% annually", "$2 million annually"), which TimeBank leaves out."""
    before = m.string[max(0, m.start() - 40):m.start()]
    if re.search(r"(?:\d|%|percent|million|billion|units|shares)\S*\s+(?:\w+\s+)?$", before, re.I):
        return None
    return Spec("fixed", "SET", args={"value": "P1Y"})


def p_coming_vague(m: re.Match[str]) -> Spec:
    w = _g(m, "rel").lower()
    return Spec("fixed", args={"value": "FUTURE_REF" if w in ("coming", "following", "next", "upcoming")
                               else "PAST_REF"})


def p_year_end(m: re.Match[str]) -> Spec:
    return Spec("dct", args={"unit": "year", "n": 0, "gran": "Y", "part": ""})


def p_period_edge(m: re.Match[str]) -> Spec:
    """the end of the month, the beginning of next week: TimeML values the period itself (2016-12)."""
    unit = _g(m, "unit").lower()
    n = {"the": 0, "this": 0, "last": -1, "next": 1}[_g(m, "rel").lower()]
    gran = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}[unit]
    return Spec("dct", args={"unit": unit, "n": n, "gran": gran, "part": ""})


def p_year_ago_adj(m: re.Match[str]) -> Spec:
    """"year-ago results": the year before the (quarter under discussion of the) publication year."""
    return Spec("offset", args={"unit": "year", "n": -1, "from_dct": True})


def p_the_year_num(m: re.Match[str]) -> Spec | None:
    words = _g(m, "yw").lower()
    table = {"two thousand": 2000, "two thousand and one": 2001, "two thousand one": 2001}
    if words in table:
        return Spec("point", args={"point": Point("Y", table[words])})
    mm = re.fullmatch(r"nineteen[ -](.+)", words)
    if mm:
        rest = mm.group(1)
        n = parse_number(rest.replace("-", " ")) if rest not in ("hundred",) else 0
        if n is not None:
            return Spec("point", args={"point": Point("Y", 1900 + int(n))})
    return None


def holiday_date(name: str, year: int) -> dt.date | None:
    """The day of a (mostly US) public holiday in ``year``; general calendar knowledge."""

    def nth(weekday: int, month: int, k: int) -> dt.date:
        first = dt.date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        if k > 0:
            return first + dt.timedelta(days=offset + 7 * (k - 1))
        last = add_months(first, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)

    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
             "halloween": (10, 31), "valentine's day": (2, 14), "veterans day": (11, 11),
             "boxing day": (12, 26), "bastille day": (7, 14), "may day": (5, 1)}
    if name in fixed:
        return dt.date(year, *fixed[name])
    if name in ("thanksgiving", "thanksgiving day"):
        return nth(4, 11, 4)
    if name == "labor day":
        return nth(1, 9, 1)
    if name == "memorial day":
        return nth(1, 5, -1)
    if name == "election day":
        return nth(1, 11, 1) + dt.timedelta(days=1)
    if name in ("easter", "easter sunday", "good friday", "easter monday"):
        a, b, c = year % 19, year // 100, year % 100
        d, e = divmod(b, 4)
        f = (b + 8) // 25
        g = (b - f + 1) // 3
        h = (19 * a + b - d - g + 15) % 30
        i, k = divmod(c, 4)
        la = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 22 * la) // 451
        month, day = divmod(h + la - 7 * m + 114, 31)
        easter = dt.date(year, month, day + 1)
        return easter + dt.timedelta(days={"good friday": -2, "easter monday": 1}.get(name, 0))
    return None


# --- the rules ---

_HOLIDAYS = (
    r"(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))|Thanksgiving(?:\s+Day)?"
    r"|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Election\s+Day|Halloween|Valentine['’]s\s+Day"
    r"|Veterans\s+Day|Boxing\s+Day|Bastille\s+Day|Easter(?:\s+Sunday|\s+Monday)?|Good\s+Friday)"
)
_PREP_MONTH = (
    r"(?:in|In|since|Since|until|Until|till|by|By|during|During|from|From|through|to|before|Before|after|After"
    r"|of|between|and|or|through|on|On|for|For|ended|ending"
    r"|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)"
)

RULES: list[Rule] = [
    # --- calendar dates ---
    Rule("full_date", _re(
        rf"(?:(?P<rel>(?i:last|next|this))\s+)?(?:(?:{_WD}),?\s+)?(?P<month>{_MONTH})\s+(?:(?P<day>{_DAYNUM})|(?P<dayw>{_DAYWORD}))"
        rf"(?:(?:,\s*|\s+)(?P<year>{_YEAR})(?![\w-])"
        # a range's first day ("Dec. 14-15, 2016") takes the year written after the second
        rf"|(?=\s*(?:[-–]|\s(?:and|to|through|or)\s)\s*{_DAYNUM}(?:,\s*(?P<ryear>{_YEAR}))?(?![\w-]))|(?![\w-]))"), p_full_date),
    Rule("full_date_dmy", _re(
        rf"(?:(?:{_WD}),?\s+)?(?:the\s+)?(?P<day>{_DAYNUM})\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?"
        r"(?![\w-])"), p_full_date),
    Rule("week_of", _re(
        rf"(?i:the\s+week\s+of)\s+(?P<month>{_MONTH})\s+(?P<day>{_DAYNUM})(?:,\s*(?P<year>{_YEAR}))?(?![\w-])"), p_week_of),
    Rule("day_range_end", _re(
        rf"(?P<month>{_MONTH})\s+(?P<d1>{_DAYNUM})\s*(?:[-–]|\s(?:and|to|through|or)\s)\s*"
        rf"(?P<x>(?P<day>{_DAYNUM})(?:,\s*(?P<year>{_YEAR}))?)(?![\w-])"), p_full_date, "x"),
    Rule("iso_date", _re(r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])"),
         lambda m: Spec("point", args={"point": Point("D", int(m.group("year")), int(m.group("m")),
                                                      int(m.group("d")))})),
    Rule("month_year", _re(rf"(?:{_EML})?(?P<month>{_MONTH})(?:\s+of|,)?\s+(?P<year>{_YEAR})(?![\w-])"),
         p_month_year),
    Rule("month_rel_year", _re(
        rf"(?:{_EML})?(?P<month>{_MONTH})\s+(?:of\s+)?(?P<rel>(?i:this|last|next))\s+year\b"), p_month_rel_year),
    Rule("month", _re(
        rf"(?:(?P<prep>(?<![\w-])(?:{_PREP_MONTH})\s+)(?=\S))?(?<!annual\s)(?<!``)(?<![“\"])"
        rf"(?P<x>(?:(?P<pre>(?i:early|late|mid|last|next|this|this\s+past|this\s+coming))[\s-]+)?(?P<month>{_MONTH}))"
        r"(?!\s+[A-Z][a-z])(?![\w-])(?!\s+(?:for\s+[A-Z]|of\s+the\b))"), p_month, "x"),
    # --- weekdays ---
    Rule("weekday", _re(
        rf"(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming))\s+|(?i:early|late)\s+)?"
        rf"(?P<wd>{_WD})(?![\w-])(?:\s+(?P<part>{_PART})\b)?"), p_weekday),
    Rule("weekday_part_first", _re(rf"(?P<part>(?i:morning|afternoon|evening|night))\s+of\s+(?P<wd>{_WD})\b"),
         p_weekday),
    # "Tuesdays", "Tuesday nights": every one of them
    Rule("weekday_set", _re(rf"(?P<wd>{_WD})(?:s\b(?:\s+(?P<part>{_PART})s?\b)?|\s+(?P<parts>{_PART})s\b)"),
         p_weekday_set),
    Rule("anchor_weekday", _re(rf"(?P<rel>(?i:the\s+previous|the\s+following|the\s+preceding))\s+(?P<wd>{_WD})\b"),
         p_anchor_weekday),
    # --- years, decades, centuries ---
    Rule("year", _re(
        rf"(?<![\w$£€.,/-])(?:{_EML}|(?i:the\s+year\s+|post-|pre-))?(?P<year>{_YEAR})(?![\w/-]|\.\d|,\d)"
        ), p_year),
    Rule("fiscal", _re(rf"(?i:fiscal|calendar|financial)(?:\s+year)?\s+(?P<year>{_YEAR})(?![\w-])"), p_fiscal),
    Rule("fiscal_year", _re(rf"(?i:fiscal|calendar|financial)\s+(?P<year>{_YEAR})-\d\d(?![\w-])"), p_fiscal),
    Rule("decade", _re(
        rf"(?:(?i:the)\s+)?(?:{_EML})?(?P<dec>(?:1[5-9]|20)\d0'?s|'\d0s"
        r"|(?i:nineteen[- ])?(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?![\w-])"),
         p_decade),
    Rule("century", _re(rf"(?:(?i:the)\s+)?(?:{_EML})?(?P<cent>\d{{1,2}}(?:st|nd|rd|th))[\s-]+(?i:century)\b"),
         p_century),
    Rule("the_year_words", _re(
        r"(?i:the\s+year\s+)?(?P<yw>(?i:two\s+thousand(?:\s+(?:and\s+)?one)?|nineteen[- ](?:(?:twenty|thirty|forty|"
        r"fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)))\b"),
         p_the_year_num),
    # --- quarters and halves ---
    Rule("quarter", _re(
        r"(?:(?i:the|a|its|(?P<pre>this|last|next)\s+year['’]s)\s+)?"
        rf"(?:(?P<year2>{_YEAR})\s+)?"
        r"(?:(?P<rel>(?i:year-ago|year-earlier|year\s+ago|year\s+earlier|previous-year|prior-year|last|next|this|"
        r"latest|current|same|fiscal|calendar|comparable|previous|prior|flat|final|traditionally\s+strong|strong|"
        r"weak|seasonally\s+strong|seasonally\s+weak))[\s-]+)*"
        r"(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final|(?:last|latter)(?=[\s-]+half)))(?:\s+|-)"
        r"(?:(?i:fiscal|calendar)\s+)?"
        r"(?P<qh>(?i:quarter|half))(?![\w-])"
        rf"(?:\s+(?:(?i:of|in)\s+)?(?:(?i:fiscal|calendar)\s+)?(?P<year>{_YEAR})"
        r"|\s+(?i:of)\s+(?P<post>(?i:this|last|next))\s+(?i:year)(?![\w-]))?"
        # "the second half of the '80s", "the first half of the game": not a half of a calendar year
        r"(?!\s+(?i:of)\s+(?i:the|a|an|his|her|its|their)\s+(?!(?i:fiscal\s+|calendar\s+|current\s+)?year\b))"),
         p_quarter,
         # "a third-quarter loss", "its fourth quarter": the quarter alone is the timex
         trim=re.compile(r"(?i:(?:a|an|the)\s+(?=\S*-(?:quarter|half))|(?:its|their|his|her|our)\s+)")),
    Rule("q_abbrev", _re(
        r"(?<![\w-])(?:(?P<gq>[QH])(?P<n>[1-4])|(?P<n2>[1-4])(?P<gq2>[QH]))(?![\w-])"
        rf"(?:(?:\s+|\s*['’])(?P<year>{_YEAR}|\d\d)(?![\w-]))?"), p_q_abbrev),
    Rule("ref_quarter", _re(
        r"(?i:the|that|this)\s+(?P<rel>(?i:(?:latest|most\s+recent|recent|year-ago|year-earlier|same|"
        rf"comparable|just-ended|just\s+ended)[\s-]+)*)(?:(?P<year>{_YEAR})\s+)?(?P<what>(?i:quarter|period))(?![\w-])"
        r"(?P<ago>(?i:\s+a\s+year\s+(?:ago|earlier)))?"
        rf"(?=(?:\s+(?i:ended|ending)\s+(?P<endm>{_MONTH}))?)"),
         p_ref_quarter),
    Rule("year_ago_adj", _re(r"(?i:year-ago|year-earlier|year\s+ago|year\s+earlier)(?=\s+(?:levels?|results?|"
                             r"figures?|profit|earnings|loss|sales|net|income|revenue|quarter|period|months?)\b)"),
         p_year_ago_adj),
    Rule("current_year", _re(r"(?i:the\s+(?:current|full|fiscal|entire|whole)\s+(?:fiscal\s+|calendar\s+)?year)"
                             r"(?![\w-])(?!\s+(?:ended|ending|earlier|ago|before)\b)"),
         lambda m: Spec("dct", args={"unit": "year", "n": 0, "gran": "Y", "part": ""})),
    # "for the year", "the first nine months of the year": the year the story is in ("Coach of the Year"
    # is a title: lower case only)
    Rule("the_year", _re(
        r"(?:(?<=\b[Ff]or\s)|(?<=\bof\s)|(?<=\b[Dd]uring\s)|(?<=\bthrough\s)|(?<=\bthroughout\s)|(?<=\b[Ii]n\s))"
        r"the\s+year(?![\w-])(?!\s+(?:ended|ending|before|after|earlier|ago|of|in|when|that|to|since|he|she|they|it"
        r"|we|I|\d|two|nineteen)\b)"), lambda m: Spec("dct", args={"unit": "year", "n": 0, "gran": "Y", "part": ""})),
    Rule("current_quarter", _re(r"(?i:the\s+current\s+(?:fiscal\s+)?quarter)(?![\w-])"),
         lambda m: Spec("dct", args={"unit": "quarter", "n": 0, "gran": "Q", "part": ""})),
    Rule("year_ended", _re(r"(?i:the\s+(?:fiscal\s+|financial\s+|latest\s+|full\s+)?year)(?=\s+(?:ended|ending)\b)"),
         p_fixed("P1Y", "DURATION")),
    Rule("the_weekend", _re(r"(?:(?<![\w-])(?i:over|during|on|at|for|ahead\s+of|through|until|by|after|before)\s+)"
                            r"(?P<x>(?i:the\s+)weekend)(?![\w-])"),
         lambda m: Spec("weekend", args={"dir": "this"}), "x"),
    # --- seasons ---
    Rule("season", _re(
        r"(?:(?P<prep>(?<![\w-])(?i:in|during|by|since|until|till|through|over|for|from|before|after|into)\s+)(?=\S))?"
        r"(?P<x>(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|the\s+previous|the\s+following))\s+|"
        r"(?P<eml>(?i:(?:the\s+)?(?:early|late|mid)))[\s-]+|(?i:the)\s+)?(?P<season>(?i:spring|summer|fall|autumn|winter))"
        rf"(?:\s+(?:(?i:of)\s+)?(?P<year>{_YEAR})|\s+(?i:of)\s+(?P<yrel>(?i:this|last|next))\s+(?i:year))?)\b"),
         p_season, "x"),
    # --- relative to the publication date ---
    Rule("today", _re(
        rf"(?:(?i:early|late)\s+)?(?P<w>(?i:today|tonight|yesterday|tomorrow))\b"
        rf"(?:\s+(?P<part>{_PART})\b)?"), p_today),
    Rule("last_night", _re(r"(?i:last\s+night)\b"), p_last_night),
    Rule("this_part", _re(rf"(?i:this)\s+(?P<part>{_PART})\b"), p_this_part),
    Rule("mid_part", _re(r"(?i:mid[- ]?afternoon|mid[- ]?morning)(?![\w-])(?:\s+(?P<w>(?i:today|yesterday|tomorrow))\b)?"),
         lambda m: Spec("dct", "TIME", args={"unit": "day", "gran": "D",
                                             "n": {"yesterday": -1, "tomorrow": 1}.get(_g(m, "w").lower(), 0),
                                             "part": "AF" if "after" in m.group(0).lower() else "MO"})),
    Rule("rel_unit", _re(
        r"(?:(?i:early|late|mid)[\s-]+)?(?P<rel>(?i:this\s+past|this\s+coming|this|last|next|past|coming))\s+"
        r"(?P<unit>(?i:week|month|year|quarter|weekend|decade|century))\b"), p_rel_unit),
    Rule("earlier_this", _re(
        r"(?i:earlier|later|early|late)(?:\s+in)?\s+(?P<rel>(?i:this|last|next))\s+(?P<unit>(?i:week|month|year|quarter))\b"),
         p_earlier_this),
    Rule("earlier_in_year", _re(r"(?i:earlier|later)\s+in\s+the\s+(?P<unit>(?i:week|month|year))\b"), p_earlier_in_year),
    Rule("year_end", _re(r"(?i:year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year|end\s+of\s+the\s+year)\b"),
         p_year_end),
    Rule("period_edge", _re(
        r"(?i:the\s+(?:end|beginning|start|middle|close)\s+of\s+(?P<rel>the|this|next|last)\s+"
        r"(?P<unit>week|month|quarter|year))(?![\w-])"), p_period_edge),
    # --- offsets: a year ago, two days later ---
    Rule("ago", _re(
        rf"(?:{_MOD}){{0,2}}(?P<num>(?i:{NUM}))[\s-]+(?P<unit>{_UNIT})(?P<half>\s+(?i:and\s+a\s+half))?\s+(?P<dir>(?i:ago|earlier|later|"
        r"from\s+now|hence|back|before(?=\s*[,.;:!?)\"”]|\s*$)|after(?=\s*[,.;:!?)\"”]|\s*$)))\b"), p_ago),
    Rule("vague_ago", _re(
        rf"(?:{_MOD}){{0,2}}(?P<unit>{_UNIT_PL})\s+(?P<dir>(?i:ago|earlier|later|before(?=\s*[,.;:!?)\"”])|"
        r"after(?=\s*[,.;:!?)\"”])))\b"), p_vague_ago),
    Rule("anchor_day", _re(
        r"(?i:(?:the\s+(?:next|following|previous|preceding|same)\s+(?:day|morning|afternoon|evening|night|week|month|year))"
        r"|(?:the\s+(?:day|week|month|year)\s+(?:before|after)(?=\s*[,.;:!?)]))"
        r"|(?:(?:later|earlier)\s+that\s+(?:day|morning|week|month|year))"
        r"|(?:that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night|week|month|year))"
        r"(?!\s+(?:of|when|in|on|that|which|and)\b)"
        r"|(?:the\s+same\s+(?:day|week|month|year))(?!\s+(?:of|as)\b))"), p_anchor_day),
    # --- durations ---
    Rule("duration", _re(
        rf"(?:{_MOD}){{0,2}}(?:{_SPAN_ADJ})?(?P<num>(?i:{NUM}))[\s-]+(?P<unit>{_UNIT})"
        r"(?:\s+(?i:or\s+so|or\s+more|or\s+longer|or\s+less|and\s+a\s+half))?(?![\w-])"), p_duration,
         # "the 10-year plan": the determiner belongs to the noun the hyphenated duration modifies
         trim=re.compile(rf"(?i:the|these|those|its|his|her|their|our|this|a|an)\s+(?=[^\s-]+(?:-[^\s-]+)*-{_UNIT_SG}(?![\w-]))")),
    Rule("duration_adj", _re(rf"(?<![\w-])(?P<num>(?i:{NUM.replace(chr(92) + 's+', '[ -]')}))-(?P<unit>{_UNIT_SG})"
                             r"(?:-(?i:long))?(?![\w-])(?![- ]old\b)"), p_duration_adj),
    Rule("unit_long", _re(rf"(?<![\w-])(?P<unit>{_UNIT_SG}|{_UNIT_PL})-(?i:long)(?![\w-])"), p_unit_long),
    Rule("the_span", _re(
        # ("at the last minute" is an idiom for "late", not a minute's span)
        rf"(?:{_MOD}){{0,2}}(?i:the\s+|this\s+)(?!(?i:last|final)\s+minute\b)"
        rf"(?:(?i:past|last|next|coming|previous|preceding|following|first|final)\s+)"
        rf"(?P<unit>{_UNIT_SG})(?![\w-])(?!\s+(?:of|before|after|or|and)\b)"), p_the_span),
    Rule("recent_years", _re(r"(?i:in\s+)?(?P<x>(?i:recent\s+years))\b"), p_fixed("PAST_REF"), "x"),
    Rule("vague_span", _re(
        # the adjectives belong to the extent: "in [past years]", "for [the last months]"
        rf"(?:(?P<pre>(?i:for|over|in|within|during)\s+)|(?=(?i:(?:the\s+)?(?:past|recent|next)\s+)))(?P<x>(?i:(?:the\s+)?(?:past|recent|last|next)\s+)?"
        rf"(?:(?i:several|a\s+few|few|many|some)\s+)?(?P<unit>{_UNIT_PL}))(?!\s+(?:ago|earlier|later|of|before|after)\b)"
        r"(?![\w-])"), p_vague_span, "x"),
    # --- vague references ---
    Rule("coming_vague", _re(
        r"(?i:the\s+)?(?P<rel>(?i:coming|following|upcoming))\s+(?i:days|weeks|months|years|quarters)"
        r"(?:\s+(?i:or|and)\s+(?i:days|weeks|months|years|quarters))?\b"), p_coming_vague),
    Rule("coming_vague2", _re(
        r"(?i:the\s+)(?P<rel>(?i:following|next|coming))\s+(?i:few\s+|several\s+)?(?i:days|weeks|months|years)"
        r"\s+(?i:or|and)\s+(?i:days|weeks|months|years)\b"), p_coming_vague),
    Rule("present_ref", _re(r"(?<![\w-])(?:(?i:right\s+now|just\s+now|now|currently|presently|nowadays|these\s+days|"
                            r"at\s+present|at\s+the\s+moment|for\s+now|at\s+this\s+time))(?![\w-])"),
         p_fixed("PRESENT_REF")),
    Rule("current", _re(r"(?<![\w-])(?i:current)(?![\w-])(?!\s+(?:account|affairs|events|prices|dollars)\b)"),
         p_fixed("PRESENT_REF")),
    Rule("past_ref", _re(r"(?<![\w-])(?:(?i:(?:more\s+|only\s+|just\s+|most\s+)?recently|lately|"
                         r"the\s+past|the\s+recent\s+past))(?![\w-])"
                         r"(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten)\b)"),
         p_fixed("PAST_REF")),
    Rule("recent", _re(r"(?<![\w-])(?i:recent)(?![\w-])(?!\s+(?:days|weeks|months|years|decades)\b)"),
         p_fixed("PAST_REF")),
    Rule("future_ref", _re(r"(?<![\w-])(?:(?i:the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|soon|"
                           r"the\s+near\s+term|the\s+short\s+term|the\s+long\s+term|"
                           r"as\s+soon\s+as\s+possible|someday|one\s+day\s+soon))(?![\w-])"
                           r"(?!\s+(?:as|after|before|afterwards?|thereafter)\b)"),
         p_fixed("FUTURE_REF")),
    Rule("future_adj", _re(r"(?<![\w-])(?i:future)(?=\s+(?:years?|quarters?|months?|weeks?|periods?|dates?|"
                           r"generations?|decades?|times?)\b)"), p_fixed("FUTURE_REF")),
    # --- clock times ---
    Rule("clock", _re(
        rf"(?P<clock>{_CLOCK})(?:{_TZ})?"
        rf"(?:,?\s+(?:(?i:on)\s+)?(?:(?P<wd>{_WD})|(?P<rday>(?i:today|yesterday|tomorrow))|"
        rf"(?P<month>{_MONTH})\s+(?P<day>{_DAYNUM})(?:,\s*(?P<year>{_YEAR}))?))?(?![\w-])"), p_clock),
    Rule("clock_words", _re(
        r"(?:(?<=\b[Aa]t\s)|(?<=\b[Bb]y\s)|(?<=\bafter\s)|(?<=\bbefore\s)|(?<=\buntil\s)|(?<=\bsince\s)|(?<=\b[Ff]rom\s)"
        r"|(?<=\baround\s)|(?<=\babout\s)|(?<=\btill\s)|(?<=\bto\s))"
        r"(?P<h>1[0-2]|0?[1-9]|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
        r"(?::(?P<mi>[0-5]\d))?(?:\s+o['’]clock(?:\s+in\s+the\s+(?P<part1>(?i:morning|afternoon|evening)))?"
        r"|\s+(?:in\s+the\s+(?P<part2>(?i:morning|afternoon|evening))|at\s+(?P<part3>night)))(?![\w-])"),
         p_clock_words),
    Rule("weekday_clock", _re(
        rf"(?P<wd>{_WD}),?\s+(?:(?i:at)\s+)?(?P<clock>{_CLOCK})(?:{_TZ})?(?![\w-])"), p_clock),
    Rule("this_morning_clock", _re(rf"(?P<clock>{_CLOCK})\s+(?i:this\s+morning|this\s+afternoon|tonight)\b"), p_clock),
    # --- sets ---
    Rule("set_adv", _re(r"(?<![\w-])(?P<w>(?i:daily|weekly|monthly|yearly|hourly|nightly|"
                        r"biweekly|semiannually|bimonthly))(?![\w-])"), p_set),
    Rule("every", _re(
        rf"(?i:every|each)\s+(?P<q>(?i:other\s+|single\s+)?)(?P<what>(?i:day|week|month|year|quarter|hour|minute|"
        rf"night|weekend|morning|evening|afternoon|spring|summer|fall|autumn|winter)|{_WD}|{_MONTH})(?![\w-])"),
         p_every),
    Rule("every_n", _re(
        rf"(?i:every)\s+(?P<num>(?i:{NUM}))\s+(?P<unit>{_UNIT_PL})(?![\w-])"), p_every_n),
    Rule("times_per", _re(
        r"(?<![\w-])(?i:once|twice|thrice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|a\s+few)\s+times)"
        r"\s+(?i:a|an|per|each|every)\s+(?P<unit>(?i:second|minute|hour|day|night|week|month|quarter|year|decade))(?![\w-])"),
         p_times_per),
    Rule("annually", _re(r"(?<![\w-])(?i:annually)(?![\w-])"), p_annually),
    # --- holidays ---
    Rule("holiday", _re(
        rf"(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming))\s+)?(?P<hol>{_HOLIDAYS})"
        rf"(?:,?\s+(?P<year>{_YEAR})|\s+(?P<week>(?i:week)))?(?![\w-])"), p_holiday),
]


# ---------------------------------------------------------------- pre-filter

#: Every rule's match contains a word or shape of one of its trigger groups;
#: a rule runs only on windows around its triggers, which keeps the cost per
#: article small (most text holds no time at all).
_UNIT_WORDS = r"second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur|half|period|morning"
_TRIGGER_GROUPS: dict[str, str] = {
        "quarter": r"quarter|half\b|period|[QH][1-4]\b|[1-4][QH]\b",
        "ago": r"ago\b|earlier|later\b|from(?=\s+now)|hence|back\b|before|after\b",
        "unit": _UNIT_WORDS,
        "month": r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
                 r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b",
        "weekday": r"monday|tuesday|wednesday|thursday|friday|saturday|sunday",
        "year": r"\d{4}|\d{1,3}0'?s\b|'\d0s|nineteen|two(?=\s+thousand)|twenties|thirties|forties|fifties|sixties"
                r"|seventies|eighties|nineties|centur",
        "ref": r"now|current|recent|soon|future|past|today|tonight|yesterday|tomorrow|lately|present|moment"
               r"|these(?=\s+days)"
               r"|time\b|term\b|someday|last(?=\s+night)|this(?=\s+(?:morning|afternoon|evening|night))|mid",
        "clock": r"\d{1,2}(?::\d\d)?\s*[ap]\.?m|\d{1,2}:\d\d|noon|midnight|midday|o['’]clock|in\s+the\s+(?:morning|afternoon"
                 r"|evening)|at\s+night",
        "season": r"spring|summer|fall|autumn|winter",
        "holiday": r"christmas|easter|thanksgiving|halloween|valentine|new(?=\s+year)|independence|labor|memorial"
                   r"|election|veterans|boxing|bastille|good(?=\s+friday)",
        "set": r"daily|weekly|monthly|yearly|hourly|nightly|biweekly|semiannually|bimonthly|every|each|annually|once"
               r"|twice|thrice|times\b",
}
#: all trigger groups in one pattern, scanned once per text
TRIGGER = re.compile(
    r"(?<![\w'])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _TRIGGER_GROUPS.items()) + ")",
    re.IGNORECASE,
)
_GROUP_RX = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _TRIGGER_GROUPS.items()}
#: Which trigger groups each rule needs (a rule not named here runs on all windows).
RULE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "full_date": ("month",), "full_date_dmy": ("month",), "week_of": ("month",), "day_range_end": ("month",),
    "iso_date": ("year",), "month_year": ("month",),
    "month_rel_year": ("month",), "month": ("month",), "weekday": ("weekday",), "weekday_part_first": ("weekday",),
    "weekday_set": ("weekday",), "anchor_weekday": ("weekday",), "year": ("year",), "fiscal": ("year",),
    "fiscal_year": ("year",), "decade": ("year",), "century": ("year",), "the_year_words": ("year",),
    "season": ("season",), "holiday": ("holiday",), "clock": ("clock",), "weekday_clock": ("clock",),
    "this_morning_clock": ("clock",), "clock_words": ("clock",), "set_adv": ("set",), "every": ("set",), "every_n": ("set",),
    "annually": ("set",), "times_per": ("set",),
    "present_ref": ("ref",), "current": ("ref",), "past_ref": ("ref",), "recent": ("ref",),
    "future_ref": ("ref",), "future_adj": ("ref",), "today": ("ref",), "last_night": ("ref",),
    "this_part": ("ref",), "mid_part": ("ref",), "quarter": ("quarter",), "ref_quarter": ("quarter",), "q_abbrev": ("quarter",),
    "ago": ("ago",), "vague_ago": ("ago",), "period_edge": ("unit",), "the_year": ("unit",),
}
#: Characters kept on each side of a trigger: more than the longest expression
#: reaches from its trigger word ("well over the past twenty-five" is 31; a match
#: cut by a window's end is matched again on the whole text).
TRIGGER_MARGIN = 50


def segments(text: str) -> dict[str, list[tuple[int, int]]]:
    """Per trigger group, disjoint windows of ``text`` around its trigger words, in order."""
    spans: dict[str, list[list[int]]] = {name: [] for name in _TRIGGER_GROUPS}
    for m in TRIGGER.finditer(text):
        at = m.start()
        start, end = max(0, at - TRIGGER_MARGIN), min(len(text), m.end() + TRIGGER_MARGIN)
        # a word may trigger several groups ("midday": ref and clock; "weekly": unit and set)
        for name, rx in _GROUP_RX.items():
            if name != m.lastgroup and rx.match(text, at) is None:
                continue
            group = spans[name]
            if group and start <= group[-1][1]:
                group[-1][1] = max(group[-1][1], end)
            else:
                group.append([start, end])
    return {name: [(a, b) for a, b in group] for name, group in spans.items()}


def _union(windows: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    spans: list[list[int]] = []
    for a, b in sorted(w for ws in windows for w in ws):
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans]


# ---------------------------------------------------------------- the stage


class TimeTagger:
    """Find TIMEX3 expressions in ``doc.text`` and resolve their TimeML values.

    Writes ``doc._.newsift_times``: a list of
    ``{"start","end","text","type","value","resolved","anchor"}`` dicts in
    text order. Reads ``doc._.newsift_published`` (may be None) and, when the
    doc is parsed, the verbs' tags to tell past from future.
    """

    def __init__(self, anchor_window: int = ANCHOR_WINDOW, use_tense: bool = True) -> None:
        from ..extensions import register_extensions

        register_extensions()  # usable in a user's own pipeline without newsift's loader
        self.anchor_window = anchor_window
        self.use_tense = use_tense
        self.rules = RULES

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc.text)
        self.write(doc, self.resolve(doc, found))
        return doc

    # ---- find

    def find(self, text: str) -> list[Candidate]:
        """All rule matches, reduced to the longest non-overlapping ones, in text order."""
        cands: list[Candidate] = []
        by_group = segments(text)
        everywhere = _union(list(by_group.values()))
        for priority, rule in enumerate(self.rules):
            groups = RULE_TRIGGERS.get(rule.name)
            windows = everywhere if groups is None else _union([by_group[g] for g in groups])
            for m in self._matches(rule.regex, text, windows):
                start, end = m.span(rule.group)
                if start < 0 or end <= start:
                    continue
                if rule.trim is not None:
                    cut = rule.trim.match(text, start, end)
                    if cut is not None:
                        start = cut.end()
                # trim trailing dots that belong to the sentence, not to "Jan."
                while end > start and text[end - 1] in " \t\n,":
                    end -= 1
                spec = rule.parse(m)
                if spec is None:
                    continue
                cands.append(Candidate(start, end, spec, priority))
        cands.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
        taken: list[Candidate] = []
        occupied = bytearray(len(text))
        for c in cands:
            if any(occupied[c.start:c.end]):
                continue
            taken.append(c)
            occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
        taken.sort(key=lambda c: c.start)
        return taken

    @staticmethod
    def _matches(regex: re.Pattern[str], text: str, windows: list[tuple[int, int]]):
        """``regex``'s matches inside the windows (a window's end is not a text end)."""
        for lo, hi in windows:
            for m in regex.finditer(text, lo, hi):
                if m.end() == hi and hi < len(text):
                    full = regex.match(text, m.start())
                    if full is not None:
                        yield full
                        continue
                yield m

    # ---- resolve

    def resolve(self, doc: Doc, found: list[Candidate]) -> list[dict]:
        published = _parse_date(doc._.newsift_published)
        ctx = _Context(doc, published, self.anchor_window, self.use_tense)
        items: list[dict] = []
        for c in found:
            type_, value, resolved, anchor, point = ctx.resolve(c)
            items.append({"start": c.start, "end": c.end, "text": doc.text[c.start:c.end], "type": type_,
                          "value": value, "resolved": resolved, "anchor": anchor})
            ctx.remember(len(items) - 1, c, point, anchor)
        return items

    def write(self, doc: Doc, items: list[dict]) -> None:
        doc._.newsift_times = items


def _parse_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


Resolved = tuple[str, str, bool, "str | int | None", "Point | None"]


class _Context:
    """Resolution state for one document: the publication date, earlier points, the parse."""

    def __init__(self, doc: Doc, published: dt.date | None, window: int, use_tense: bool) -> None:
        self.doc = doc
        self.published = published
        self.window = window
        self.use_tense = use_tense and doc.has_annotation("TAG") and doc.has_annotation("DEP")
        #: (index, start, point, derived) of resolved calendar points, in text order;
        #: derived ones were counted from another time in the text
        self.points: list[tuple[int, int, Point, bool]] = []
        #: indices of times written out in full ("May 2015"), not counted from anything
        self.explicit: set[int] = set()

    def remember(self, index: int, c: Candidate, point: Point | None, anchor: str | int | None) -> None:
        if anchor is None:
            self.explicit.add(index)
        if point is not None:
            self.points.append((index, c.start, point, isinstance(anchor, int)))

    def anchor_before(self, start: int, grans: str = "CEYHQSMWDPT", primary: bool = False,
                      reported: bool = False) -> tuple[int, Point] | None:
        """The nearest earlier point within the window.

        ``primary``: not itself counted from another; ``reported``: a quarter or half
        over by the publication date (what results are compared with has happened).
        """
        for index, pstart, point, derived in reversed(self.points):
            if start - pstart > self.window:
                return None
            if point.gran in grans and not (primary and derived) and not (reported and self._ahead(point)):
                return index, point
        return None

    def _ahead(self, point: Point) -> bool:
        """True when a quarter or half ends after the publication date."""
        if self.published is None or point.gran not in ("Q", "H"):
            return False
        last_month = point.sub * (3 if point.gran == "Q" else 6)
        return (point.year, last_month) >= (self.published.year, self.published.month)

    def _same_month_before(self, start: int, month: int) -> tuple[int, int] | None:
        """(index, year) of the nearest earlier mention of ``month`` (a month or a day of it) in the window.

        A story that has said "join in April" (1999) and later "the summit in April"
        means the same April: the second takes the first's year. A month named with
        its year ("August 1988") is history, and one counted from another time ("a year
        earlier") a different one: neither counts.
        """
        for index, pstart, point, derived in reversed(self.points):
            if start - pstart > self.window:
                return None
            if point.gran in ("M", "D", "P", "T") and point.month == month and not derived and index not in self.explicit:
                return index, point.year
        return None

    # -- tense

    def _after_since(self, c: Candidate) -> bool:
        """'since October', 'the year ended Jan. 31': the time lies before the publication date."""
        return re.search(r"\b(?:[Ss]ince|ended)\s+$", self.doc.text[max(0, c.start - 7):c.start]) is not None

    def tense(self, start: int, end: int) -> str | None:
        """past | future | present | None: the tense of the verb the expression modifies.

        Only a verb the expression hangs from directly, or through one
        preposition ("met on Sunday"), counts: a date inside a noun phrase
        ("a dividend payable Dec. 1", "Wednesday's ruling") says nothing about
        the main verb's time.
        """
        if not self.use_tense:
            return None
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        if self._after_since(Candidate(start, end, Spec("fixed"), 0)):
            return "past"
        tok = span.root
        head = tok.head
        if head.pos_ == "ADP" and head.head is not head:
            head = head.head
        if FUTURE_CUE.search(self.doc.text[max(0, start - 30):start]):
            # "until Thursday, they had not called him a suspect": a past perfect keeps it behind
            had = head is not tok and any(c.lower_ in ("had", "'d") and c.dep_ == "aux" for c in head.children)
            return "past" if had else "future"
        if head is tok:
            return None
        head = self._reporting_verb(span, head)
        if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("aux", "auxpass"):
            tense = _verb_tense(head)
            if head.lemma_.lower() in PLAN_LEMMAS:
                return self._plan_tense(head, tense)
            return tense
        return None

    @staticmethod
    def _reporting_verb(span: Span, head: Token) -> Token:
        """The verb just before the expression when the parse hangs it on a later one.

        "The company said on Thursday it would cut jobs": the small parser attaches
        "on Thursday" to "cut", but a time right after a verb modifies that verb.
        """
        if head.i < span.end:
            return head
        before = span.doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.pos_ == "ADP" and before.i > 0:
            before = span.doc[before.i - 1]
        if before is not None and before.pos_ == "VERB" and before.dep_ not in ("aux", "auxpass", "amod"):
            return before
        return head

    @staticmethod
    def _plan_tense(verb: Token, tense: str | None) -> str | None:
        """Tense for a time that modifies a planning verb: the planned event's, not the planning's.

        "has scheduled a news conference Thursday", "is slated for Monday": ahead. A simple
        past ("planned a rally for Saturday") may be over already, so it keeps its tense; a
        participle after a noun takes its clause's ("a service planned for Saturday was canceled").
        """
        if verb.dep_ == "acl" and verb.head.head.pos_ in ("VERB", "AUX"):
            return _verb_tense(verb.head.head)
        if verb.tag_ == "VBD" or tense == "future":
            return tense
        return "future"

    # -- the resolvers

    def resolve(self, c: Candidate) -> Resolved:
        spec = c.spec
        return getattr(self, "r_" + spec.kind)(c, spec.type, **spec.args)

    def _ok(self, type_: str, point: Point, anchor: str | int | None, part: str = "") -> Resolved:
        if part and point.gran == "D":
            point = replace(point, gran="P", part=part)
        if point.gran in ("P", "T"):
            type_ = "TIME"
        return type_, point.value(), True, anchor, point

    @staticmethod
    def _no(type_: str, value: str) -> Resolved:
        return type_, value, False, None, None

    def r_fixed(self, c: Candidate, type_: str, value: str) -> Resolved:
        return type_, value, True, None, None

    def r_point(self, c: Candidate, type_: str, point: Point) -> Resolved:
        return self._ok(type_, point, None)

    def r_decade_word(self, c: Candidate, type_: str, digit: int) -> Resolved:
        century = (self.published.year // 100) if self.published else None
        if century is None:
            return self._no(type_, "XXX")
        year = century * 100 + digit * 10
        if self.published and year > self.published.year:
            year -= 100
        return self._ok(type_, Point("E", year), "published")

    def _direction(self, c: Candidate, given: str | None, present: str | None = None) -> str | None:
        """last/next as written, else past/future from the tense; ``present``: what the present tense means."""
        if given in ("last", "next", "past", "future"):
            return given
        t = self.tense(c.start, c.end)
        if t == "past":
            return "past"
        if t == "future":
            return "future"
        if t == "present":
            return present
        return None

    def r_noyear(self, c: Candidate, type_: str, month: int, day: int | None, dir: str | None) -> Resolved:
        gran = "D" if day else "M"
        if self.published is None:
            return self._no(type_, unknown(gran, month, day))
        p = self.published
        if dir is None and self._direction(c, None) is None:
            named = self._same_month_before(c.start, month)
            if named is not None:
                index, year = named
                if day is None or _valid_day(year, month, day):
                    point = Point("D", year, month, day) if day else Point("M", year, month)
                    return self._ok(type_, point, index)
        direction = dir if dir in ("this", "last", "next") else self._direction(c, dir)
        here = (month, day or 0)
        now = (p.month, p.day if day else 0)
        year = p.year
        if direction == "last":
            year = p.year if here < now else p.year - 1
        elif direction == "next":
            year = p.year if here > now else p.year + 1
        elif direction in ("past", "future"):
            # the tense moves a date across the year boundary only when it is clearly on
            # the wrong side ("will ... by Jan. 14" written on Jan. 15 is still this January)
            diff = (month - p.month) + ((day or 15) - (p.day if day else 15)) / 31
            if direction == "past" and diff > TENSE_SLACK_MONTHS:
                year -= 1
            elif direction == "future" and diff < -TENSE_SLACK_MONTHS:
                year += 1
        elif direction is None:
            # no tense: news looks back further than ahead, so take the year that puts
            # the date within NEAREST_BACK_MONTHS before .. NEAREST_AHEAD_MONTHS after
            diff = (month - p.month) + ((day or 15) - (p.day if day else 15)) / 31
            if diff > NEAREST_AHEAD_MONTHS:
                year -= 1
            elif diff < -NEAREST_BACK_MONTHS:
                year += 1
        try:
            point = Point("D", year, month, day) if day else Point("M", year, month)
            if day:
                dt.date(year, month, day)
        except ValueError:
            return self._no(type_, unknown(gran, month, day))
        return self._ok(type_, point, "published")

    def r_noyear_quarter(self, c: Candidate, type_: str, month: int, year_offset: int) -> Resolved:
        _, _, resolved, _, point = self.r_noyear(c, type_, month, None, None)
        if not resolved or point is None:
            return self._no(type_, "XXXX-QX")
        # a (fiscal) quarter ending in ``month`` spans it and the two before; it is named
        # after the calendar quarter holding most of it, the one of its middle month
        middle = (month - 2) % 12 + 1
        year = point.year + year_offset - (1 if month == 1 else 0)
        return self._ok(type_, Point("Q", year, sub=(middle - 1) // 3 + 1), "published")

    def r_dct_season(self, c: Candidate, type_: str, season: str, year_offset: int) -> Resolved:
        if self.published is None:
            return self._no(type_, unknown("S", season=season))
        return self._ok(type_, Point("S", self.published.year + year_offset, season=season), "published")

    def r_dct_month(self, c: Candidate, type_: str, month: int, year_offset: int) -> Resolved:
        if self.published is None:
            return self._no(type_, unknown("M", month))
        return self._ok(type_, Point("M", self.published.year + year_offset, month), "published")

    def _weekday_date(self, base: dt.date, dow: int, direction: str | None) -> dt.date:
        delta = dow - base.isoweekday()
        if direction == "last":
            return base + dt.timedelta(days=(delta % 7) - 7 if delta % 7 else -7)
        if direction == "next":
            return base + dt.timedelta(days=(delta % 7) or 7)
        if direction == "future":
            return base + dt.timedelta(days=delta % 7)
        if direction == "this":
            return base + dt.timedelta(days=delta)  # same ISO week
        # past, or nothing known: news mostly reports what happened (tuned on the tune part)
        return base - dt.timedelta(days=(-delta) % 7)

    def r_weekday(self, c: Candidate, type_: str, dow: int, dir: str | None, part: str) -> Resolved:
        if self.published is None:
            return self._no(type_, unknown("D", dow=dow, part=part))
        # a weekday with a present-tense verb is mostly a schedule ("meet Monday", "is to resume Tuesday")
        direction = "this" if dir == "this" else self._direction(c, dir, present="future")
        d = self._weekday_date(self.published, dow, direction)
        return self._ok(type_, Point("D", d.year, d.month, d.day), "published", part)

    def r_anchored_weekday(self, c: Candidate, type_: str, dow: int, dir: str) -> Resolved:
        found = self.anchor_before(c.start, "DPT")
        if found is not None:
            index, point = found
            d = self._weekday_date(point.date(), dow, dir)  # type: ignore[arg-type]
            return self._ok(type_, Point("D", d.year, d.month, d.day), index)
        if self.published is None:
            return self._no(type_, unknown("D", dow=dow))
        d = self._weekday_date(self.published, dow, dir)
        return self._ok(type_, Point("D", d.year, d.month, d.day), "published")

    def r_weekend(self, c: Candidate, type_: str, dir: str) -> Resolved:
        if self.published is None:
            return self._no(type_, "XXXX-WXX-WE")
        p = self.published
        if dir == "this":
            t = self.tense(c.start, c.end)
            dir = "last" if (t == "past" and p.isoweekday() < 6) else "this"
        base = p + dt.timedelta(days={"last": -7, "next": 7}.get(dir, 0))
        return self._ok(type_, replace(at(base, "W"), weekend=True), "published")

    def r_dct(self, c: Candidate, type_: str, unit: str, n: int, gran: str, part: str) -> Resolved:
        if self.published is None:
            return self._no(type_, unknown(gran, part=part))
        base = at(self.published, "D")
        moved = shift(base, unit, n)
        if moved is None:
            return self._no(type_, unknown(gran, part=part))
        point = at(moved.date(), gran) if gran != "D" else moved  # type: ignore[arg-type]
        return self._ok(type_, point, "published", part)

    def r_offset(self, c: Candidate, type_: str, unit: str, n: int, from_dct: bool) -> Resolved:
        """N units ago (publication date) / N units earlier, later (an earlier time, else publication)."""
        unit_gran = {"year": "Y", "decade": "Y", "century": "Y", "quarter": "Q", "month": "M", "week": "W",
                     "fortnight": "W", "day": "D", "night": "D", "weekend": "W"}.get(unit)
        if unit_gran is None:  # hours, minutes: needs a clock we rarely have
            return self._no(type_, "XXXX-XX-XXTXX:XX")
        found = None
        if not from_dct:
            # "a year earlier" counts from the time just named
            found = self.anchor_before(c.start, primary=True)
        elif unit == "year" and self.published is not None:
            # "a year ago" in an earnings report compares with this year's quarter under discussion
            found = self.anchor_before(c.start, "HQ", primary=True, reported=True)
            if found is not None and found[1].year != self.published.year:
                found = None
        if found is not None:
            index, point = found
            moved = shift(point, unit, n)
            if moved is not None and _gran_rank(point.gran) >= _gran_rank(unit_gran):
                return self._ok(type_, moved, index)
            if not from_dct:
                # "elected in 2010 ... 24 months later": whole years of a year; "six weeks later" than
                # a year cannot be placed, and the publication date is no better a guess
                if unit == "month" and n % 12 == 0 and point.gran in ("Y", "H", "Q", "S"):
                    return self._ok(type_, replace(point, year=point.year + n // 12), index)
                return self._no(type_, unknown(unit_gran))
        if self.published is None:
            return self._no(type_, unknown(unit_gran))
        moved = shift(at(self.published, "D"), unit, n)
        if moved is None:
            return self._no(type_, unknown(unit_gran))
        return self._ok(type_, at(moved.date(), unit_gran), "published")  # type: ignore[arg-type]

    def r_anchored(self, c: Candidate, type_: str, unit: str, n: int, gran: str, part: str) -> Resolved:
        found = self.anchor_before(c.start, "DPT" if gran == "D" else "CEYHQSMWDPT")
        if found is not None:
            index, point = found
            if _gran_rank(point.gran) >= _gran_rank(gran):
                base = point if point.gran in ("D", "W", "M", "Y") else (
                    at(point.date(), "D") if point.date() else point)  # type: ignore[arg-type]
                moved = shift(base, unit, n)
                if moved is not None:
                    if gran in ("Y", "M", "W") and moved.date() is not None:
                        moved = at(moved.date(), gran)  # type: ignore[arg-type]
                    elif gran in ("Y", "M") and moved.gran != gran:
                        moved = Point(gran, moved.year, moved.month)
                    return self._ok(type_, moved, index, part)
        if n:
            # "the previous year" with nothing earlier to count from: the story's own time, the publication
            return self.r_dct(c, type_, unit, n, gran, part)
        return self._no(type_, unknown(gran, part=part))  # "that day": some day we cannot tell

    def r_quarter(self, c: Candidate, type_: str, gran: str, sub: int, year_offset: int, from_ref: bool) -> Resolved:
        if from_ref:
            found = self.anchor_before(c.start, "HQ")
            if found is not None:
                index, point = found
                return self._ok(type_, Point(gran, point.year + year_offset, sub=sub), index)
        if self.published is None:
            return self._no(type_, unknown(gran, sub=sub))
        return self._ok(type_, Point(gran, self.published.year + year_offset, sub=sub), "published")

    def r_ref_quarter(self, c: Candidate, type_: str, year_offset: int, latest: bool, year: int | None) -> Resolved:
        # "the year-ago period" compares with a reported quarter, never with a forecast one
        found = None if latest else self.anchor_before(c.start, "HQ", primary=True, reported=year_offset < 0)
        if found is not None:
            index, point = found
            return self._ok(type_, replace(point, year=year or point.year + year_offset), index)
        if self.published is None:
            return self._no(type_, "XXXX-QX")
        # the last quarter that has ended by the publication date
        last = at(add_months(self.published, -3), "Q")
        return self._ok(type_, replace(last, year=year or last.year + year_offset), "published")

    def r_season(self, c: Candidate, type_: str, season: str, dir: str | None) -> Resolved:
        if self.published is None:
            return self._no(type_, unknown("S", season=season))
        p = self.published
        current_start = _season_start(p)
        direction = dir if dir in ("last", "next", "this") else self._direction(c, None)
        start_month = SEASON_START[season]
        year = p.year
        if direction in ("last", "past"):
            while dt.date(year, start_month, 1) >= current_start:
                year -= 1
        elif direction in ("next", "future"):
            while dt.date(year, start_month, 1) <= current_start:
                year += 1
        elif season == "WI" and p.month <= 2:
            year -= 1
        return self._ok(type_, Point("S", year, season=season), "published")

    def r_holiday(self, c: Candidate, type_: str, name: str, dir: str | None, tensed: bool = True) -> Resolved:
        if self.published is None:
            return self._no(type_, "XXXX-XX-XX")
        p = self.published
        direction = dir if dir in ("last", "next") or not tensed else self._direction(c, dir)
        this = holiday_date(name, p.year)
        if this is None:
            return self._no(type_, "XXXX-XX-XX")
        d = this
        if direction == "last" and this >= p or direction == "past" and this > p:
            d = holiday_date(name, p.year - 1) or this
        elif direction == "next" and this <= p or direction == "future" and this < p:
            d = holiday_date(name, p.year + 1) or this
        elif direction is None and (this - p).days > 183:
            d = holiday_date(name, p.year - 1) or this
        return self._ok(type_, Point("D", d.year, d.month, d.day), "published")

    def r_week_of(self, c: Candidate, type_: str, day: Spec) -> Resolved:
        _, _, resolved, anchor, point = self.resolve(Candidate(c.start, c.end, day, 0))
        if not resolved or point is None or point.date() is None:
            return self._no(type_, "XXXX-WXX")
        return self._ok(type_, at(point.date(), "W"), anchor)  # type: ignore[arg-type]

    def r_clock(self, c: Candidate, type_: str, hour: int, minute: int, day: Spec | None) -> Resolved:
        clock = f"{hour:02d}:{minute:02d}"
        if day is not None:
            _, _, resolved, anchor, point = self.resolve(Candidate(c.start, c.end, day, 0))
            if not resolved or point is None or point.date() is None:
                return self._no("TIME", unknown("D", clock=clock))
        else:
            found = self.anchor_before(c.start, "DP")
            if found is not None and found[1].date() is not None:
                anchor, point = found
            elif self.published is not None:
                anchor, point = "published", at(self.published, "D")
            else:
                return self._no("TIME", unknown("D", clock=clock))
        d = point.date()
        assert d is not None
        return self._ok("TIME", Point("T", d.year, d.month, d.day, hour=hour, minute=minute), anchor)


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _gran_rank(gran: str) -> int:
    return {"C": 0, "E": 1, "Y": 2, "H": 3, "Q": 4, "S": 4, "M": 5, "W": 6, "D": 7, "P": 8, "T": 9}[gran]


def _season_start(d: dt.date) -> dt.date:
    if d.month in (1, 2):
        return dt.date(d.year - 1, 12, 1)
    start = {3: 3, 4: 3, 5: 3, 6: 6, 7: 6, 8: 6, 9: 9, 10: 9, 11: 9, 12: 12}[d.month]
    return dt.date(d.year, start, 1)


def _past_perfect(verb: Token) -> bool:
    """True for "had scheduled", "had been due": the verb (or the copula of its adjective) takes "had"."""
    holders = [verb, verb.head] if verb.dep_ == "acomp" else [verb]
    return any(c.lower_ == "had" and c.dep_ in ("aux", "auxpass") for h in holders for c in h.children)


def _verb_tense(verb, depth: int = 0) -> str | None:
    """Tense of a verb from its tag and auxiliaries (spaCy's PTB tags)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & WILL_WORDS or verb.lower_ in WILL_WORDS:
        return "future"
    if "going" in words or (verb.lower_ == "going" and any(c.lower_ == "to" for c in verb.children)):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN":
        if words & {"has", "have", "'ve", "had"} or not words:
            return "past"
    if words & MODAL_FUTURE:
        return "future"
    if verb.tag_ == "VB" and "to" in words and depth < 3 and verb.head is not verb:
        head = verb.head
        if head.lemma_.lower() in FUTURE_LEMMAS:
            # "had been due to expire Friday": a plan already over tells nothing of the date's side
            return None if _past_perfect(head) else "future"
        # an infinitive's event follows its governor's: "subpoenaed him to testify on Feb. 10"
        # may lie ahead, so a past governor tells nothing
        governor = _verb_tense(head, depth + 1)
        return None if governor == "past" else governor
    if verb.tag_ == "VBP" and not auxes and _singular_subject(verb):
        return "past"  # "Weakness hurt the index": a third-person present would be "hurts"
    if verb.tag_ in ("VBZ", "VBP") or words & {"is", "are", "am", "'s", "'re"}:
        return "present"
    return None


def _singular_subject(verb: Token) -> bool:
    """True when the verb's subject is a singular noun or he/she/it (a base form then is a past: hurt, cut, set)."""
    for c in verb.children:
        if c.dep_ == "nsubj":  # "He and Arafat meet": a coordinated subject is plural
            return (c.tag_ in ("NN", "NNP") or c.lower_ in ("he", "she", "it")) and not any(g.dep_ == "conj" for g in c.children)
    return False
