"""Who speaks for a cue the parse hangs far from its speaker (trailing participles, verbs conjoined
inside a report, infinitives controlled by an object), and how far the source phrase reaches.

Sentences are our own; each test names the rule it pins down.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newsift import nlp as newsift_nlp
from newsift.stages.attribution.quotes import forget_text
from newsift.stages.attribution.spans import content_spans, cue_span, source_span, source_token


@pytest.fixture(scope="module")
def nlp():
    return newsift_nlp.load(("newsift_entities", "newsift_attributions"))


def at_cue(nlp, text: str, cue: str, read):
    """``read(token)`` for the first token ``cue`` of ``text`` parsed."""
    doc = nlp(text)
    try:
        return read(next(t for t in doc if t.text == cue))
    finally:
        forget_text(doc)


def speaker(nlp, text: str, cue: str) -> str | None:
    """The text of the source token the rules give the first token ``cue``."""
    src = at_cue(nlp, text, cue, source_token)
    return None if src is None else src.text


def source_text(nlp, text: str, cue: str) -> str | None:
    """The source phrase the rules give the first token ``cue`` (its whole phrase, cut back)."""

    def phrase(tok):
        content, _, _ = content_spans(tok)
        src = source_token(tok, content)
        return source_span(src, cue_span(tok), content) if src is not None else None

    span = at_cue(nlp, text, cue, phrase)
    return text[span[0]:span[1]] if span else None


def parsed(nlp, rows: list[tuple[str, str, str, str, int, str]]) -> Doc:
    """A Doc with the parse given: (word, lemma, pos, tag, head index, dep) per token; the rules
    are pinned whatever a statistical parser makes of the sentence."""
    words, lemmas, pos, tags, heads, deps = (list(col) for col in zip(*rows, strict=True))
    return Doc(nlp.vocab, words=words, lemmas=lemmas, pos=pos, tags=tags, heads=heads, deps=deps)


def test_attributions_speakers_trailing_participle_hung_in_a_relative_clause(nlp):
    # "Smith praised workers who built it, adding that they won." with "adding" misattached to "built"
    doc = parsed(nlp, [
        ("Smith", "Smith", "PROPN", "NNP", 1, "nsubj"), ("praised", "praise", "VERB", "VBD", 1, "ROOT"),
        ("workers", "worker", "NOUN", "NNS", 1, "dobj"), ("who", "who", "PRON", "WP", 4, "nsubj"),
        ("built", "build", "VERB", "VBD", 2, "relcl"), ("it", "it", "PRON", "PRP", 4, "dobj"),
        (",", ",", "PUNCT", ",", 4, "punct"), ("adding", "add", "VERB", "VBG", 4, "advcl"),
        ("that", "that", "SCONJ", "IN", 10, "mark"), ("they", "they", "PRON", "PRP", 10, "nsubj"),
        ("won", "win", "VERB", "VBD", 7, "ccomp"), (".", ".", "PUNCT", ".", 1, "punct"),
    ])
    assert source_token(doc[7]).text == "Smith"


def test_attributions_speakers_participle_after_a_closing_quotation_mark(nlp):
    # 'Smith said it was "fine," claiming that taxes fell.' with "claiming" hung on the reported "was"
    doc = parsed(nlp, [
        ("Smith", "Smith", "PROPN", "NNP", 1, "nsubj"), ("said", "say", "VERB", "VBD", 1, "ROOT"),
        ("it", "it", "PRON", "PRP", 3, "nsubj"), ("was", "be", "AUX", "VBD", 1, "ccomp"),
        ("\u201c", "\u201c", "PUNCT", "``", 3, "punct"), ("fine", "fine", "ADJ", "JJ", 3, "acomp"),
        (",", ",", "PUNCT", ",", 3, "punct"), ("\u201d", "\u201d", "PUNCT", "''", 3, "punct"),
        ("claiming", "claim", "VERB", "VBG", 3, "advcl"), ("that", "that", "SCONJ", "IN", 11, "mark"),
        ("taxes", "tax", "NOUN", "NNS", 11, "nsubj"), ("fell", "fall", "VERB", "VBD", 8, "ccomp"),
        (".", ".", "PUNCT", ".", 1, "punct"),
    ])
    assert source_token(doc[8]).text == "Smith"


def test_attributions_speakers_participle_of_a_parsed_sentence(nlp):
    text = "The governor insisted that the budget was \u201cbalanced,\u201d claiming that taxes would fall."
    assert speaker(nlp, text, "claiming") == "governor"


def test_attributions_speakers_verb_conjoined_inside_a_report(nlp):
    text = "The minister said that the economy would recover soon and warned that prices might rise."
    assert speaker(nlp, text, "warned") == "minister"


def test_attributions_speakers_object_controls_the_infinitive(nlp):
    assert speaker(nlp, "The surprising defeat led the party chairman to demand a recount.", "demand") == "chairman"
    assert speaker(nlp, "The long delay prompted several senators to criticize the agency.", "criticize") == "senators"


def test_attributions_speakers_use_keeps_its_subject(nlp):
    assert speaker(nlp, "The senator used the hearing to criticize the agency.", "criticize") == "senator"


@pytest.mark.parametrize(("verb", "lemma", "expected"), [("used", "use", "Smith"), ("pushed", "push", "aide")])
def test_attributions_speakers_control_of_an_infinitive_complement(nlp, verb, lemma, expected):
    # "Smith VERB the aide to attack Jones." parsed with "attack" as the verb's xcomp
    doc = parsed(nlp, [
        ("Smith", "Smith", "PROPN", "NNP", 1, "nsubj"), (verb, lemma, "VERB", "VBD", 1, "ROOT"),
        ("the", "the", "DET", "DT", 3, "det"), ("aide", "aide", "NOUN", "NN", 1, "dobj"),
        ("to", "to", "PART", "TO", 5, "aux"), ("attack", "attack", "VERB", "VB", 1, "xcomp"),
        ("Jones", "Jones", "PROPN", "NNP", 5, "dobj"), (".", ".", "PUNCT", ".", 1, "punct"),
    ])
    assert source_token(doc[5]).text == expected


def test_attributions_speakers_own_subject_stays(nlp):
    assert speaker(nlp, "The mayor said that the governor opposed the plan.", "opposed") == "governor"


def test_attributions_speakers_source_drops_an_apposition_that_names_no_one(nlp):
    text = "The river rose by two metres overnight, says the national weather service, the fastest rise this year."
    assert source_text(nlp, text, "says") == "the national weather service"


def test_attributions_speakers_source_keeps_an_apposition_with_a_role_or_a_name(nlp):
    text = "The talks collapsed, said Maria Lopez, the foreign minister."
    assert source_text(nlp, text, "said") == "Maria Lopez, the foreign minister"
    assert source_text(nlp, "Prices will rise, said the agency, Reuters.", "said") == "the agency, Reuters"
