"""Throughput of newsift against bare spaCy ``nlp.pipe`` on the same texts, in one run.

    python benchmarks/throughput.py --data ../shared/data/article-extraction/text [--repeat 2]

Prints words/second for: bare spaCy on the input texts, bare spaCy on the
texts newsift keeps after cleaning (the strict baseline: same words parsed),
newsift ``analyze_many`` in its default configuration with 1 and 2 worker
processes, and each stage's own cost; ratios to the strict baseline; and the
peak resident memory of the process and of the workers.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import newsift
from newsift import nlp as nlp_mod
from newsift.pipeline import analyze_many
from newsift.read import Item

SAMPLE = Path(newsift.__file__).parent / "data" / "sample" / "sample_article.txt"


def _texts(data: Path | None, repeat: int) -> list[str]:
    files = sorted(data.glob("*.txt")) if data else [SAMPLE] * 50
    return [f.read_text(encoding="utf-8") for f in files] * repeat


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="folder of .txt articles (default: the bundled sample x50)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    texts = _texts(args.data, args.repeat)
    items = [Item(text=t, name=f"doc{i}") for i, t in enumerate(texts)]
    stages = nlp_mod.DEFAULT_STAGES
    base = nlp_mod.load_base()
    full = nlp_mod.load(stages)
    # warm up both pipelines (model loading is not throughput)
    list(base.pipe(texts[:2]))
    list(analyze_many(items[:2]))

    records: list = []
    t_one = _timed(lambda: records.extend(analyze_many(items)))
    kept = [r.text for r in records if r.error is None]
    t_base_input = _timed(lambda: list(base.pipe(texts, batch_size=16)))
    t_base_kept = _timed(lambda: list(base.pipe(kept, batch_size=16)))
    t_two = _timed(lambda: list(analyze_many(items, n_process=2)))

    # each stage's own cost: time every component over the kept texts
    docs = [full.make_doc(t) for t in kept]
    per_stage: dict[str, float] = {}
    for name, proc in full.pipeline:
        per_stage[name] = _timed(lambda proc=proc: [proc(d) for d in docs])

    words_input, words_kept = _words(texts), _words(kept)
    result = {
        "documents": len(texts),
        "words_input": words_input,
        "words_kept": words_kept,
        "stages": list(stages),
        "model": nlp_mod.model_name(),
        "spacy_input_wps": words_input / t_base_input,
        "spacy_kept_wps": words_kept / t_base_kept,
        "newsift_1_worker_input_wps": words_input / t_one,
        "newsift_2_workers_input_wps": words_input / t_two,
        "ratio_vs_spacy_on_kept_text": t_base_kept / t_one,
        "ratio_vs_spacy_on_input_text": t_base_input / t_one,
        "speedup_2_workers": t_one / t_two,
        "stage_seconds": {k: round(v, 3) for k, v in per_stage.items()},
        "peak_rss_mib_main": _peak_mib(resource.RUSAGE_SELF),
        "peak_rss_mib_largest_worker": _peak_mib(resource.RUSAGE_CHILDREN),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>32}  {value:.3f}" if isinstance(value, float) else f"{key:>32}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
