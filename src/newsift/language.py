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
    if sum(1 for w in sample.split() if len(w) > 1 and w.isalpha() and w.islower()) < MIN_PROSE_WORDS:
        return "en"
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "en"
    return best.lang if best.lang == "en" or best.prob >= MIN_PROBABILITY else "en"
