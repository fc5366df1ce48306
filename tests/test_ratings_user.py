"""A user's ratings file: overrides and additions, checked whole before use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsift.errors import NewsiftError
from newsift.source import ratings
from newsift.source.ratings import (
    LIN2023,
    RATINGS_ENV,
    load_user_ratings,
    rating_for,
    set_user_ratings,
    use_ratings_file,
)


@pytest.fixture(autouse=True)
def _no_user_ratings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(RATINGS_ENV, raising=False)
    set_user_ratings(None)
    yield
    set_user_ratings(None)


def _write(tmp_path: Path, text: str, name: str = "mine.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ratings_user_override_and_add(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "# my newsroom's ratings\ndomain,rating,source\ntheduran.com,0.05,Desk review 2024\n"
        "https://www.valley-gazette-example.com/,0.7,\n",
    )
    use_ratings_file(path, export=False)
    found = rating_for("https://theduran.com/x")
    assert (found.value, found.source) == (0.05, "Desk review 2024")
    found = rating_for("valley-gazette-example.com")
    assert (found.value, found.source) == (0.7, "user ratings (mine.csv)")
    assert rating_for("reuters.com").source == LIN2023  # the rest of the table still applies


def test_ratings_user_accepts_the_authors_file_format(tmp_path: Path) -> None:
    loaded = load_user_ratings(_write(tmp_path, "\ufeffdomain,pc1\nexample.com,0.5\n"))
    assert loaded["example.com"].value == 0.5


def test_ratings_user_more_specific_table_row_still_wins(tmp_path: Path) -> None:
    set_user_ratings({"yahoo.com": 0.1})
    assert rating_for("https://www.yahoo.com/news/x").key == "yahoo.com/news"
    assert rating_for("https://www.yahoo.com/finance/x").value == 0.1


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("domain,rating\nexample.com,high\n", 2, "not a number"),
        ("domain,rating\nexample.com,1.5\n", 2, "outside 0..1"),
        ("domain,rating\nexample.com,nan\n", 2, "outside 0..1"),
        ("domain,rating\nexample.com,0.5\n\nexample.com,0.6\n", 4, "already rated on line 2"),
        ("domain,rating\nexample.com,0.5,extra\n", 2, "expected 2 columns"),
        ("domain,rating\nnot a domain,0.5\n", 2, "is not a domain"),
        ("site,score\nexample.com,0.5\n", 1, "unknown column"),
        ("domain\nexample.com\n", 1, "must name the columns domain and rating"),
        ("# only a comment\n", 1, "no header row"),
        ("", 1, "no header row"),
        ('domain,rating\n"example.com,0.5\n', 2, "not valid CSV"),
    ],
)
def test_ratings_user_malformed(tmp_path: Path, text: str, line: int, reason: str) -> None:
    with pytest.raises(NewsiftError) as caught:
        load_user_ratings(_write(tmp_path, text))
    assert caught.value.code == "E101"
    assert f"line {line}:" in caught.value.message
    assert reason in caught.value.message


def test_ratings_user_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"domain,rating\nexample.com,0.5\ncaf\xe9.com,0.5\n")
    with pytest.raises(NewsiftError, match="line 3: it is not UTF-8"):
        load_user_ratings(path)


def test_ratings_user_unreadable(tmp_path: Path) -> None:
    with pytest.raises(NewsiftError) as caught:
        load_user_ratings(tmp_path / "missing.csv")
    assert caught.value.code == "E100"
    with pytest.raises(NewsiftError, match="directory"):
        load_user_ratings(tmp_path)


def test_ratings_user_bad_file_is_never_half_applied(tmp_path: Path) -> None:
    good = _write(tmp_path, "domain,rating\ntheduran.com,0.9\n", "good.csv")
    use_ratings_file(good, export=False)
    bad = _write(tmp_path, "domain,rating\nreuters.com,0\nexample.com,oops\n", "bad.csv")
    with pytest.raises(NewsiftError):
        use_ratings_file(bad, export=False)
    assert rating_for("reuters.com").value == 1.0  # nothing from bad.csv
    assert rating_for("theduran.com").value == 0.9  # good.csv still in force


def test_ratings_user_exported_for_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "domain,rating\ntheduran.com,0.2\n")
    use_ratings_file(path)
    import os

    assert os.environ[RATINGS_ENV] == str(path.resolve())
    ratings._user = None  # a fresh (spawned) process reads the variable on first use
    assert rating_for("theduran.com").value == 0.2


def test_ratings_user_set_mapping_checks_values() -> None:
    with pytest.raises(ValueError):
        set_user_ratings({"example.com": 2.0})
    with pytest.raises(ValueError):
        set_user_ratings({"nodot": 0.5})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('domain,rtg\n"#0.5-ex.cm é\r')), max_size=120))
def test_ratings_user_any_file_loads_or_fails_cleanly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_text(text, encoding="utf-8")
    try:
        loaded = load_user_ratings(path)
    except NewsiftError as exc:
        assert exc.code == "E101"
    else:
        assert all(0.0 <= r.value <= 1.0 for r in loaded.values())
