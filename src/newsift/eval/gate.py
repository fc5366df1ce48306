"""The quality gate: every task's held-out score must stay at or above its floor.

Floors live in ``quality/floors.json`` (entry -> data path under the shared
folder, part, and metric floors; an entry named other than its task says
which task it runs, e.g. a second data set for the same task). A score that falls below its floor fails
CI. When scores rise, ``--raise`` writes the new figures (minus a margin) as
floors; a floor is never lowered unless ``--lower`` is passed explicitly.
Each task also pins a fingerprint of its data (file names and sizes), so a
changed corpus is noticed rather than silently compared.

    python -m newsift.eval.gate --shared ../shared [--task cleaning] [--raise]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from .tasks import run_task

FLOORS = Path(__file__).resolve().parents[3] / "quality" / "floors.json"
#: A raised floor sits this far below the measured score, so that harmless
#: changes (a tie broken differently) do not fail CI; drops larger than this do.
MARGIN = 0.005


def fingerprint(path: Path) -> str:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    h = hashlib.sha1()
    for f in files:
        h.update(f"{f.relative_to(path.parent)}:{f.stat().st_size}\n".encode())
    return h.hexdigest()[:16]


def run_gate(shared: Path, only: list[str] | None, raise_floors: bool, lower: bool) -> int:
    spec = json.loads(FLOORS.read_text())
    failures = 0
    for task, entry in spec.items():
        if only and task not in only:
            continue
        data = shared / entry["data"]
        if not data.exists():
            print(f"{task}: skipped, no data at {data}")
            continue
        started = time.perf_counter()
        scores = run_task(entry.get("task", task), data, entry.get("part", "heldout"))
        took = time.perf_counter() - started
        fp = fingerprint(data)
        if entry.get("fingerprint") not in (None, fp):
            print(f"{task}: the data changed (fingerprint {fp}, pinned {entry['fingerprint']}); re-pin with --raise")
            failures += not raise_floors
        for metric, floor in entry["metrics"].items():
            score = float(scores[metric])
            ok = score >= floor
            print(f"{task:>16} {metric:<12} {score:8.4f}  floor {floor:.4f}  {'ok' if ok else 'BELOW FLOOR'}  ({took:.0f}s)")
            if not ok:
                failures += 1
                if lower:
                    entry["metrics"][metric] = round(score - MARGIN, 4)
            elif raise_floors and score - MARGIN > floor:
                entry["metrics"][metric] = round(score - MARGIN, 4)
        if raise_floors or lower:
            entry["fingerprint"] = fp
    if raise_floors or lower:
        FLOORS.write_text(json.dumps(spec, indent=2) + "\n")
        print(f"floors written to {FLOORS}")
    return 1 if failures and not lower else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--task", action="append", help="only this task (repeatable)")
    parser.add_argument("--raise", dest="raise_floors", action="store_true", help="raise floors to the new scores")
    parser.add_argument("--lower", action="store_true", help="explicitly lower floors that are now missed")
    args = parser.parse_args(argv)
    return run_gate(args.shared, args.task, args.raise_floors, args.lower)


if __name__ == "__main__":
    sys.exit(main())
