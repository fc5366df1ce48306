"""No input makes the pipeline raise: random, mutated, huge, binary, foreign text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsift
from newsift.read import Item
from newsift.record import Record

SEED_TEXT = (
    "Share this\n\nFloods hit the north\n\n"
    '"We are ready," the mayor said on Monday. According to the agency, 300 people left.\n\n'
    "Comments (3)\n"
)
HTML_BITS = st.sampled_from(
    ["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->", "<br>", "&amp;", "&#x0;", "<html>", "<body>", "\n"]
)


def _ok_record(record: Record) -> None:
    assert isinstance(record, Record)
    if record.error is None:
        n = len(record.text)
        for e in record.entities:
            for m in e.mentions:
                assert 0 <= m.start < m.end <= n
    else:
        assert record.error.message


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_pipeline_random_text_never_raises(text):
    _ok_record(newsift.analyze(text))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(HTML_BITS, st.text(max_size=30)), max_size=40))
def test_pipeline_random_html_never_raises(parts):
    _ok_record(newsift.analyze("<html><body>" + "".join(parts)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_pipeline_mutated_article_never_raises(data):
    text = SEED_TEXT
    for _ in range(data.draw(st.integers(0, 6))):
        i = data.draw(st.integers(0, len(text)))
        text = text[:i] + data.draw(st.text(max_size=5)) + text[i + data.draw(st.integers(0, 10)) :]
    _ok_record(newsift.analyze(text))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_pipeline_random_bytes_never_raise(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("b") / "x.txt"
    path.write_bytes(data)
    _ok_record(newsift.analyze(path))


def test_pipeline_50mb_input_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        chunk = b"The committee met again on Tuesday. " * 1000
        for _ in range(50_000_000 // len(chunk) + 1):
            f.write(chunk)
    record = newsift.analyze(path)
    assert record.error is not None and record.error.kind == "too_large"
    assert "huge.txt" in record.error.message


def test_pipeline_non_utf8_file_is_analysed(tmp_path: Path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes("The café owner said the street had been closed since Monday, locals reported.".encode("cp1252"))
    record = newsift.analyze(path)
    assert record.error is None and "café" in record.text


def test_pipeline_non_english_is_marked_not_treated_as_english():
    text = (
        "Le gouvernement français a annoncé lundi de nouvelles mesures pour soutenir les agriculteurs, "
        "a déclaré le ministre de l'Agriculture lors d'une conférence de presse à Paris. "
        "Les syndicats estiment que ces aides arrivent trop tard et demandent une baisse des charges "
        "ainsi qu'une meilleure protection contre la concurrence des importations à bas prix."
    )
    record = newsift.analyze(text)
    assert record.meta.language == "fr"
    assert record.entities == [] and record.attributions == []
    assert any("English" in w.message for w in record.warnings)


def test_pipeline_analyze_many_keeps_order_past_bad_items(tmp_path: Path):
    items = [
        Item(text="First article: the mayor spoke on Monday."),
        Item(path=tmp_path / "missing.txt"),
        Item(text="   "),
        Item(text="Last article: rain fell in Oslo."),
    ]
    records = list(newsift.analyze_many(items))
    assert [r.error is None for r in records] == [True, False, False, True]
    assert records[0].text.startswith("First") and records[3].text.startswith("Last")
