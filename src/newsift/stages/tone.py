"""Tone: how positive or negative the article's wording is, -1 .. 1.

Each sentence is scored with VADER (Hutto & Gilbert 2014, MIT licence; the
lexicon ships in the ``vaderSentiment`` package), and the article's tone is
the mean of the sentence compounds weighted by sentence length. Neutral
reporting therefore sits near 0; only wording that is negative or positive
across much of the text moves it far. It measures words, not events: a
sober report of a massacre scores less negative than a rant about parking.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


class ToneScorer:
    """Writes ``doc._.newsift_tone`` (a float in -1..1)."""

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("SENT_START"):
            return doc
        doc._.newsift_tone = self.score(doc)
        return doc

    def score(self, doc: Doc) -> float:
        analyzer = _analyzer()
        total = weight = 0.0
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            n = len(sent)
            total += analyzer.polarity_scores(text)["compound"] * n
            weight += n
        return round(total / weight, 4) if weight else 0.0
