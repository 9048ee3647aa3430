"""Benchmark: the ps3 angle slider in a real browser, on a 1-megapixel photo.

Runs the browser test that uploads the photo into the explorer in JupyterLab (Chromium) and drags the
slider 40 times; each move is timed in the page, from the pointer event to the new mask painted
(``tests/test_browser.py``, LATENCY_PROBE).  Prints each run's and the pooled median and p95.
Goal: median <= 100 ms.

    .venv/bin/python benchmarks/browser_slider.py [--runs 3]
"""

import argparse
import json
import platform
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULT = REPO / "test-artifacts" / "browser" / "slider-latency.json"
TEST = "tests/test_browser.py::test_a_complete_answer_runs_the_slider_moves_the_mask_and_validate_passes"


def summary(ms):
    return f"{len(ms)} moves: median {statistics.median(ms):.0f} ms, p95 {statistics.quantiles(ms, n=20)[-1]:.0f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    pooled = []
    for run in range(1, args.runs + 1):
        RESULT.unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST],
                       cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        ms = json.loads(RESULT.read_text())["ms"]
        pooled += ms
        print(f"run {run}: {summary(ms)}", flush=True)
    print(f"all runs: {summary(pooled)}  (goal: median ≤ 100 ms: "
          f"{'met' if statistics.median(pooled) <= 100 else 'missed'})")


if __name__ == "__main__":
    main()
