"""Which language an article is in (langdetect ships its own profiles)."""

from __future__ import annotations

from functools import lru_cache

#: Characters looked at: detection is stable well before 2,000 characters
#: of running text, and the cost grows with length.
SAMPLE_CHARS = 2000
#: Below this many letters a guess is noise; short texts are taken as English.
MIN_LETTERS = 40


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
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "en"
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(sample)
    try:
        return detector.detect()
    except LangDetectException:
        return "en"
