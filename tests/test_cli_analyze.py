"""End-to-end through the command line (in-process with Typer's runner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsift.cli import app

runner = CliRunner()
ARTICLE = "Storm closes port\n\nThe port of Split closed on Monday as winds reached 120 km/h, the harbour master said.\n"


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_cli_analyze_without_input_uses_the_sample():
    result = runner.invoke(app, ["analyze", "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["schema"] == "newsift/analysis@1"
    assert record["error"] is None
    assert "Danube" in record["text"]
    # the sample's own byline and dateline, and its relative dates resolved against that date
    assert (record["meta"]["author"], record["meta"]["published"]) == ("Marta Kovacs", "2025-03-18")
    assert all(t["resolved"] for t in record["times"] if t["type"] == "DATE")


def test_cli_published_option_wins_over_a_text_dateline(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text("Storm closes port\nBy Ana Lee\nPublished 2 June 2023\n\n" + ARTICLE.split("\n\n", 1)[1], encoding="utf-8")
    read = _lines(runner.invoke(app, ["analyze", str(page), "--format", "jsonl"]).stdout)[0]
    given = _lines(runner.invoke(app, ["analyze", str(page), "--format", "jsonl", "--published", "2023-06-05"]).stdout)[0]
    assert read["meta"]["published"] == "2023-06-02"
    assert given["meta"]["published"] == "2023-06-05"


def test_cli_several_inputs_in_order_and_bad_one_accounted(tmp_path: Path):
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE)
    empty = tmp_path / "b.txt"
    empty.write_text("")
    result = runner.invoke(app, ["analyze", str(good), str(tmp_path / "missing.txt"), str(empty), str(good), "--format", "jsonl"])
    assert result.exit_code == 1
    records = _lines(result.stdout)
    assert len(records) == 4
    assert [r["error"] is None for r in records] == [True, False, False, True]
    assert records[1]["error"]["kind"] == "unreadable"
    assert records[2]["error"]["kind"] == "empty"
    assert records[1]["input"]["path"].endswith("missing.txt")


def test_cli_raw_offsets_index_the_input(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--raw", "--format", "json"])
    record = json.loads(result.stdout)
    assert record["text"] == ARTICLE
    for entity in record["entities"]:
        for m in entity["mentions"]:
            assert ARTICLE[m["start"]:m["end"]].strip()


def test_cli_stdin_and_out_file(tmp_path: Path):
    out = tmp_path / "rec.jsonl"
    result = runner.invoke(app, ["analyze", "-", "--out", str(out)], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert "The port of Split closed" in _lines(out.read_text())[0]["text"]


def test_cli_usage_errors_exit_2(tmp_path: Path):
    assert runner.invoke(app, ["analyze", "--published", "yesterday"]).exit_code == 2
    assert runner.invoke(app, ["analyze", "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["analyze", "--input-format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["eval", "nosuchtask", "--data", str(tmp_path)]).exit_code == 2


def test_cli_text_md_html_formats(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    for fmt, marker in (("text", "Entities"), ("md", "## Entities"), ("html", "<!doctype html>")):
        result = runner.invoke(app, ["analyze", str(path), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert marker in result.stdout


def test_cli_directory_expands_to_its_files(tmp_path: Path):
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(ARTICLE)
    result = runner.invoke(app, ["analyze", str(tmp_path), "--format", "jsonl"])
    assert len(_lines(result.stdout)) == 2


def test_cli_schema_is_json_schema():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert "schema" in schema["properties"] and "attributions" in schema["properties"]


def test_cli_workers_give_the_same_records(tmp_path: Path):
    """More items than one worker chunk, one of them bad: same records, same order, the bad one reported."""
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    paths = []
    for i, day in enumerate(days):
        p = tmp_path / f"{i}.txt"
        p.write_text("" if i == 4 else ARTICLE.replace("Monday", day))
        paths.append(str(p))
    one = runner.invoke(app, ["analyze", *paths, "--format", "jsonl"])
    two = runner.invoke(app, ["analyze", *paths, "--format", "jsonl", "-j", "2"])
    assert _lines(one.stdout) == _lines(two.stdout)
    assert len(_lines(two.stdout)) == len(days)
    assert _lines(two.stdout)[4]["error"]["kind"] == "empty"
    assert two.exit_code != 0


def test_cli_ratings_file_overrides_and_bad_file_is_refused(tmp_path: Path, monkeypatch):
    from newsift.source.ratings import set_user_ratings

    monkeypatch.delenv("NEWSIFT_RATINGS", raising=False)  # restored after the test
    page = tmp_path / "a.txt"
    page.write_text(ARTICLE)
    good = tmp_path / "r.csv"
    good.write_text("domain,rating\nexample-news.org,0.42\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("domain,rating\nexample-news.org,high\n")
    try:
        args = ["analyze", str(page), "--url", "https://www.example-news.org/x", "--format", "json"]
        result = runner.invoke(app, [*args, "--ratings", str(good)])
        assert json.loads(result.stdout)["source"]["rating"] == 0.42
        result = runner.invoke(app, ["analyze", str(page), "--ratings", str(bad)])
        assert result.exit_code == 2
        assert "line 2" in result.output
    finally:
        set_user_ratings(None)
