"""Rebuild the shipped outlet ratings table from Lin et al. (2023).

    python -m newsift.train.ratings            # rewrite src/newsift/data/ratings/lin2023_pc1.csv
    python -m newsift.train.ratings --check    # exit 1 if the shipped file differs from a rebuild

The source is ``domain_pc1.csv`` of https://github.com/hauselin/domain-quality-ratings
(commit 5671d57, copied to ``../shared/data/domain-ratings``; ``NEWSIFT_SHARED``
points elsewhere). Only the aggregate ``pc1`` ships: the per-rater columns of
``domain_ratings.csv`` are imputed from other raters, some of them proprietary.
The build is deterministic (sorted by domain, fixed rounding), so ``--check``
can tell whether the shipped file is what the source gives.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import sys
from pathlib import Path

#: Decimal places kept. pc1 is the first principal component of imputed
#: ratings; the paper reports it to two decimals and differences below 0.001
#: carry no meaning, while three decimals keep every distinct published
#: ranking step of interest (e.g. theduran.com 0.1256 -> 0.126) and shrink the file.
DECIMALS = 3
SOURCE_NAME = "domain_pc1.csv"
HEADER = ("domain", "pc1")


def shipped_path() -> Path:
    """Where the package keeps the table (read by ``newsift.source.ratings``)."""
    return Path(__file__).resolve().parents[1] / "data" / "ratings" / "lin2023_pc1.csv"


def default_source() -> Path:
    """``domain_pc1.csv`` in the shared data folder (``NEWSIFT_SHARED`` or ``../shared``)."""
    repo = Path(__file__).resolve().parents[3]
    shared = Path(os.environ.get("NEWSIFT_SHARED", repo.parent / "shared"))
    return shared / "data" / "domain-ratings" / SOURCE_NAME


def read_source(path: Path) -> dict[str, float]:
    """Parse and check the source CSV; any odd row stops the build (a silent skip would ship a gap)."""
    rows: dict[str, float] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != HEADER:
            raise ValueError(f"{path}: expected header {','.join(HEADER)}, got {header!r}")
        for line, row in enumerate(reader, start=2):
            if len(row) != 2:
                raise ValueError(f"{path}:{line}: expected 2 columns, got {len(row)}")
            domain, value = row[0].strip().lower(), row[1].strip()
            try:
                pc1 = float(value)
            except ValueError as exc:
                raise ValueError(f"{path}:{line}: pc1 {value!r} is not a number") from exc
            if not domain or not math.isfinite(pc1) or not 0.0 <= pc1 <= 1.0:
                raise ValueError(f"{path}:{line}: bad row {row!r}")
            if domain in rows:
                raise ValueError(f"{path}:{line}: duplicate domain {domain!r}")
            rows[domain] = pc1
    return rows


def render(rows: dict[str, float]) -> str:
    """The shipped file's text: header, then ``domain,pc1`` sorted by domain."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for domain in sorted(rows):
        writer.writerow((domain, f"{round(rows[domain], DECIMALS):.{DECIMALS}f}"))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=None, help=f"the source {SOURCE_NAME} (default: shared data)")
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: the shipped file)")
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing")
    args = parser.parse_args(argv)
    src = args.src or default_source()
    out = args.out or shipped_path()
    if not src.is_file():
        print(f"source not found: {src} (set NEWSIFT_SHARED or pass --src)", file=sys.stderr)
        return 2
    text = render(read_source(src))
    if args.check:
        same = out.is_file() and out.read_text(encoding="utf-8") == text
        print(f"{out}: {'matches' if same else 'DIFFERS FROM'} a rebuild from {src}")
        return 0 if same else 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({text.count(chr(10)) - 1} domains)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
