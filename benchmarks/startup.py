"""Process start-up: what a fresh process spends before its first record.

    python benchmarks/startup.py [--runs 5] [--json]

Every worker of ``analyze_many(..., n_process=N)`` and every one-article
``newsift analyze`` pays this once, so it sets the latency of a single article
and the cold speed-up of extra workers. Each run is a new interpreter that
imports newsift, loads the spaCy model, adds newsift's stages and analyses one
short text; the CPU seconds of each step (less noisy than wall time on a shared
machine) and the run's wall time are reported, median over the runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = """
import json, resource, time
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
wall0, marks = time.perf_counter(), [cpu()]
import newsift.pipeline
import spacy
marks.append(cpu())
from newsift import nlp
nlp.load_base()
marks.append(cpu())
nlp.load(nlp.DEFAULT_STAGES)
marks.append(cpu())
from newsift.read import Item
text = "The minister said on Monday that talks in Geneva would resume next week, according to officials. " * 3
list(newsift.pipeline.analyze_many([Item(text=text)]))
marks.append(cpu())
steps = ["imports", "spacy_model", "newsift_stages", "first_article"]
out = {s: marks[i + 1] - marks[i] for i, s in enumerate(steps)}
out["cpu_total"] = marks[-1] - marks[0]
out["wall_total"] = time.perf_counter() - wall0
print(json.dumps(out))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", CHILD], check=True, capture_output=True, text=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    median = {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}
    if args.json:
        print(json.dumps({"runs": args.runs, "median_seconds": median}))
    else:
        print(f"median of {args.runs} fresh processes (seconds)")
        for k, v in median.items():
            print(f"  {k:16s} {v:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
