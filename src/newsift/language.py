"""Which language an article is in (langdetect ships its own profiles)."""

from __future__ import annotations

from functools import lru_cache

#: Characters looked at: detection is stable well before 2,000 characters
#: of running text, and the cost grows with length.
SAMPLE_CHARS = 2000
#: Below this many lowercase words there is too little running prose to
#: tell (a headline, a table of sports results full of names): English is
#: assumed. 30 words is about two sentences.
MIN_PROSE_WORDS = 30
#: A language other than English is reported only when langdetect is at
#: least this sure; below it, mixed or name-heavy English texts were seen
#: flipping to Slovenian or Dutch.
MIN_PROBABILITY = 0.9
#: English function words that are not words of other languages written in
#: the Latin alphabet. In running English they make up about a third of the
#: lowercase words (372 news pages: median 0.33, all but five >= 0.2); in
#: the German, Italian, Portuguese and Indonesian pages seen, at most 0.07.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the and of to that is was for with said it by from have has are were this which be his her their they not but at an".split()
)
#: A sample whose lowercase words are at least this share function words is
#: English without asking langdetect, whose profiles take ~0.3 s to load in
#: every process.
CLEARLY_ENGLISH_SHARE = 0.15


@lru_cache(maxsize=1)
def _factory():
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0  # deterministic results
    factory = DetectorFactory()
    from langdetect.detector_factory import PROFILES_DIRECTORY

    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; ``en`` when too short to tell."""
    sample = text[:SAMPLE_CHARS]
    words = [w for w in (w.strip(".,;:!?\"'()") for w in sample.split()) if len(w) > 1 and w.isalpha() and w.islower()]
    if len(words) < MIN_PROSE_WORDS:
        return "en"
    if sum(w in ENGLISH_FUNCTION_WORDS for w in words) >= CLEARLY_ENGLISH_SHARE * len(words):
        return "en"
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "en"
    return best.lang if best.lang == "en" or best.prob >= MIN_PROBABILITY else "en"
