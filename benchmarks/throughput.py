"""Throughput of newsift against bare spaCy ``nlp.pipe`` on the same texts, in one run.

    python benchmarks/throughput.py --data ../shared/data/article-extraction/text [--repeat 2]

Prints words/second for: bare spaCy on the input texts, bare spaCy on the
texts newsift keeps after cleaning (the strict baseline: same words parsed),
newsift ``analyze_many`` in its default configuration, with no newsift
stage (reading, cleaning and the parse only) and with the stage sets the
issues name (entities+places+times; those plus attributions+claims), and
each stage's own cost; ratios to the strict baseline. Each configuration is
timed ``--rounds`` times, interleaved, and its fastest round kept, so that a
burst of load on a shared machine does not land on one side of a ratio.
Then, in fresh processes (model loading included, as a user sees it), 1
worker against 2 on the texts and on the texts twice over, and the peak
resident memory of a worker. The difference between the two sizes is the
marginal cost of the extra articles, free of the one-off start (imports,
model and gazetteer loading, ~5 s per process), which a long crawl
amortises: the "marginal" speed-up is the one a large job sees.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import newsift
from newsift import nlp as nlp_mod
from newsift.pipeline import analyze_many
from newsift.read import Item

SAMPLE = Path(newsift.__file__).parent / "data" / "sample" / "sample_article.txt"
#: The stage sets whose speed the issues set bars for (the default, every stage, is timed too).
ISSUE_STAGES = {
    "entities_places_times": ("newsift_entities", "newsift_places", "newsift_times"),
    "with_attributions_claims": ("newsift_entities", "newsift_places", "newsift_times", "newsift_attributions", "newsift_claims"),
}


def _texts(data: Path | None, repeat: int) -> list[str]:
    files = sorted(data.glob("*.txt")) if data else [SAMPLE] * 50
    return [f.read_text(encoding="utf-8") for f in files] * repeat


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


CHILD = """
import json, resource, sys, time
from newsift.pipeline import analyze_many
from newsift.read import Item
texts = json.load(open(sys.argv[1]))
start = time.perf_counter()
n = sum(1 for _ in analyze_many([Item(text=t) for t in texts], n_process=int(sys.argv[2])))
took = time.perf_counter() - start
print(json.dumps({"seconds": took, "records": n,
                  "rss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_workers_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _fresh_run(texts: list[str], n_process: int) -> dict:
    """analyze_many in a new process (model loading included), with its peak memory."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(texts, fh)
    out = subprocess.run([sys.executable, "-c", CHILD, fh.name, str(n_process)], check=True, capture_output=True, text=True)
    Path(fh.name).unlink()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="folder of .txt articles (default: the bundled sample x50)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="timings per configuration; the fastest is kept")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    texts = _texts(args.data, args.repeat)
    items = [Item(text=t, name=f"doc{i}") for i, t in enumerate(texts)]
    stages = nlp_mod.DEFAULT_STAGES
    base = nlp_mod.load_base()
    full = nlp_mod.load(stages)

    records = list(analyze_many(items))
    kept = [r.text for r in records if r.error is None]
    runs = {
        "base_input": lambda: list(base.pipe(texts, batch_size=16)),
        "base_kept": lambda: list(base.pipe(kept, batch_size=16)),
        "front": lambda: list(analyze_many(items, stages=())),
        "entities_places_times": lambda: list(analyze_many(items, stages=ISSUE_STAGES["entities_places_times"])),
        "with_attributions_claims": lambda: list(analyze_many(items, stages=ISSUE_STAGES["with_attributions_claims"])),
        "full": lambda: list(analyze_many(items)),
    }
    for run in runs.values():
        run()  # load every pipeline before timing
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, run in runs.items():
            best[name] = min(best.get(name, float("inf")), _timed(run))
    t_one, t_front, t_base_input, t_base_kept = best["full"], best["front"], best["base_input"], best["base_kept"]
    fresh_one = _fresh_run(texts, 1)
    fresh_two = _fresh_run(texts, 2)
    fresh_one_x2 = _fresh_run(texts * 2, 1)
    fresh_two_x2 = _fresh_run(texts * 2, 2)

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
        "fresh_process_1_worker_s": fresh_one["seconds"],
        "fresh_process_2_workers_s": fresh_two["seconds"],
        "ratio_vs_spacy_on_kept_text": t_base_kept / t_one,
        "read_clean_parse_only_ratio_vs_spacy_on_kept_text": t_base_kept / t_front,
        "entities_places_times_ratio_vs_spacy_on_kept_text": t_base_kept / best["entities_places_times"],
        "with_attributions_claims_ratio_vs_spacy_on_kept_text": t_base_kept / best["with_attributions_claims"],
        "ratio_vs_spacy_on_input_text": t_base_input / t_one,
        "speedup_2_workers": fresh_one["seconds"] / fresh_two["seconds"],
        "fresh_process_1_worker_texts_twice_s": fresh_one_x2["seconds"],
        "fresh_process_2_workers_texts_twice_s": fresh_two_x2["seconds"],
        "speedup_2_workers_texts_twice": fresh_one_x2["seconds"] / fresh_two_x2["seconds"],
        "marginal_speedup_2_workers": (fresh_one_x2["seconds"] - fresh_one["seconds"])
        / (fresh_two_x2["seconds"] - fresh_two["seconds"]),
        "stage_seconds": {k: round(v, 3) for k, v in per_stage.items()},
        "peak_rss_mib_1_worker_process": fresh_one["rss_self_mib"],
        "peak_rss_mib_largest_of_2_workers": fresh_two["rss_workers_mib"],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>32}  {value:.3f}" if isinstance(value, float) else f"{key:>32}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
