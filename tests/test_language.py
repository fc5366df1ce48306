"""Language detection: English prose skips langdetect; other languages still reach it."""

from newsift import language
from newsift.language import detect_language

ENGLISH = (
    "The council said on Monday that it would review the plan, which has been criticised by residents who live near "
    "the proposed site. Officials were not available for comment, but a spokesperson for the mayor said the decision "
    "was expected by the end of the month and that the public would be consulted before any work began."
)
GERMAN = (
    "Die Regierung hat am Montag beschlossen, dass die neuen Regeln ab dem kommenden Jahr für alle Unternehmen gelten "
    "sollen, sagte der Minister in Berlin vor Journalisten und kündigte weitere Gespräche mit den Ländern an. Die "
    "Opposition kritisierte den Plan als zu spät und forderte schnellere Hilfen für kleine Betriebe im ganzen Land."
)


def test_english_prose_does_not_load_langdetect():
    language._factory.cache_clear()
    assert detect_language(ENGLISH) == "en"
    assert language._factory.cache_info().currsize == 0


def test_german_prose_is_detected():
    assert detect_language(GERMAN) == "de"


def test_too_little_prose_is_assumed_english():
    assert detect_language("Bayern München 2:1 Borussia Dortmund") == "en"
    assert detect_language("") == "en"
