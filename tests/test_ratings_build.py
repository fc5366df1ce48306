"""python -m newsift.train.ratings: the shipped table is a faithful rebuild of its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsift.train.ratings import main, read_source, render, shipped_path


def test_ratings_build_render_is_sorted_and_rounded(tmp_path: Path) -> None:
    src = tmp_path / "domain_pc1.csv"
    src.write_text("domain,pc1\nzeta.com,0.12555\nAlpha.org,1\n", encoding="utf-8")
    assert render(read_source(src)) == "domain,pc1\nalpha.org,1.000\nzeta.com,0.126\n"


@pytest.mark.parametrize(
    "body",
    [
        "domain,pc1\nx.com,1.2\n",
        "domain,pc1\nx.com,0.1\nx.com,0.2\n",
        "domain,score\nx.com,0.1\n",
        "domain,pc1\nx.com\n",
    ],
)
def test_ratings_build_rejects_odd_sources(tmp_path: Path, body: str) -> None:
    src = tmp_path / "domain_pc1.csv"
    src.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError):
        read_source(src)


def test_ratings_build_shipped_file_has_citation_beside_it() -> None:
    readme = (shipped_path().parent / "README.md").read_text(encoding="utf-8")
    assert "Lin, H., Lasser, J., Lewandowsky, S., Cole, R., Gully, A., Rand, D. G., &" in readme
    assert "10.1093/pnasnexus/pgad286" in readme


def test_ratings_build_matches_source(shared_dir: Path) -> None:
    src = shared_dir / "data" / "domain-ratings" / "domain_pc1.csv"
    if not src.is_file():
        pytest.skip(f"{src} not found")
    assert main(["--src", str(src), "--check"]) == 0
