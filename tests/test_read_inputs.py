"""Reading: decoding, HTML detection, bad inputs become clear errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsift.errors import NewsiftError
from newsift.read import Item, load
from newsift.read.decode import decode
from newsift.read.document import looks_like_html

PAGE = """<!doctype html><html><head><title>Dam holds after storm</title>
<meta name="author" content="Ana Lima"></head><body><nav>Home | World | Sport</nav>
<article><h1>Dam holds after storm</h1><p>The dam above the valley held on Tuesday after a night of rain,
engineers said, and the evacuation order was lifted in the afternoon.</p>
<p>Residents returned to their homes by evening, the regional council said in a statement.</p></article>
<footer>Copyright 2024 Valley News</footer></body></html>"""


def test_read_decodes_latin1_without_crashing():
    data = "Le café était fermé à Genève, a déclaré le maire.".encode("latin-1")
    decoded = decode(data, "x.txt")
    assert "Genève" in decoded.text


def test_read_utf8_bom_is_dropped():
    assert decode(b"\xef\xbb\xbfHello", "x").text == "Hello"


def test_read_binary_is_refused_with_the_input_named(tmp_path: Path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(NewsiftError) as info:
        load(Item(path=path))
    assert info.value.kind == "binary"
    assert "image.png" in info.value.message


def test_read_missing_file_names_it(tmp_path: Path):
    with pytest.raises(NewsiftError) as info:
        load(Item(path=tmp_path / "nope.txt"))
    assert info.value.kind == "unreadable" and "nope.txt" in info.value.message


def test_read_empty_text_is_an_error(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n ")
    with pytest.raises(NewsiftError) as info:
        load(Item(path=path))
    assert info.value.kind == "empty"


def test_read_raw_keeps_text_exactly(tmp_path: Path):
    text = "Share this\n\nThe council met on Monday.  Twice!\n"
    path = tmp_path / "a.txt"
    path.write_text(text)
    assert load(Item(path=path, raw=True)).text == text


def test_read_html_file_and_gzip(tmp_path: Path):
    plain = tmp_path / "page.html"
    plain.write_text(PAGE)
    zipped = tmp_path / "page.html.gz"
    zipped.write_bytes(gzip.compress(PAGE.encode()))
    for path in (plain, zipped):
        doc = load(Item(path=path))
        assert doc.kind == "html"
        assert "The dam above the valley held" in doc.text
        assert "Home | World" not in doc.text
        assert doc.meta["title"] == "Dam holds after storm"


def test_read_input_format_overrides_the_name(tmp_path: Path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE)
    assert load(Item(path=path, input_format="html")).kind == "html"


def test_read_html_is_detected_in_text():
    assert looks_like_html(PAGE)
    assert not looks_like_html("The <b> tag is mentioned in this sentence.")


def test_read_undecodable_bytes_are_reported(tmp_path: Path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"The minister said the talks had failed. " * 5 + b"\xff\xfe\xfa broken \x81\x8d")
    doc = load(Item(path=path))
    assert "The minister said" in doc.text


def test_read_bad_published_date_is_a_usage_error():
    with pytest.raises(NewsiftError) as info:
        load(Item(text="Some text here.", published="12/12/2016"))
    assert "YYYY-MM-DD" in info.value.message


def test_read_too_large_input_is_refused(tmp_path: Path, monkeypatch):
    import newsift.read.document as document

    monkeypatch.setattr(document, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(NewsiftError) as info:
        load(Item(path=path))
    assert info.value.kind == "too_large"
