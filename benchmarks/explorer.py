"""Benchmark: the angle explorer's response to a slider move on a 1-megapixel photo.

From new slider values to PNG bytes ready for the ``ipywidgets.Image``,
median (and p95) of many random moves, against recomputing Sobel and the
orientation on every move, in the same run.  Goal: median <= 10 ms and at
least 5x faster than recomputing.

    .venv/bin/python benchmarks/explorer.py [--moves 300]
"""

import argparse
import platform
import statistics
import time

import cv2
import numpy as np

from gradcourse import explorer, images


def moves(count, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        low, high = sorted(int(v) for v in rng.integers(0, 181, 2))
        wrap = rng.random() < 0.25
        yield (high, low) if wrap else (low, high), float(rng.integers(0, 200))


def timed(call, values):
    times = []
    for (lower, upper), magnitude in values:
        start = time.perf_counter()
        data = call(lower, upper, magnitude)
        times.append(time.perf_counter() - start)
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=300)
    args = parser.parse_args()

    gray = images.megapixel()
    state = explorer.MaskState(gray)

    def recompute(lower, upper, magnitude):
        return explorer.MaskState(gray).render(lower, upper, magnitude)

    values = list(moves(args.moves))
    timed(state.render, values[:20])  # warm up
    cached = timed(state.render, values)
    fresh = timed(recompute, values)
    med_cached, med_fresh = statistics.median(cached), statistics.median(fresh)
    p95 = statistics.quantiles(cached, n=20)[-1]
    print(f"machine: {platform.processor() or platform.machine()}, {cv2.getNumberOfCPUs()} cores, "
          f"OpenCV {cv2.__version__}, NumPy {np.__version__}")
    print(f"image: {gray.shape[1]}×{gray.shape[0]} ({gray.size / 1e6:.1f} MP), {args.moves} slider moves")
    print(f"explorer update (precomputed magnitude/orientation): median {1000 * med_cached:.2f} ms, "
          f"p95 {1000 * p95:.2f} ms")
    print(f"recomputing Sobel + orientation per move:            median {1000 * med_fresh:.2f} ms")
    print(f"speed-up: {med_fresh / med_cached:.1f}×  (goal: median ≤ 10 ms and ≥ 5×: "
          f"{'met' if med_cached <= 0.010 and med_fresh / med_cached >= 5 else 'NOT met'})")


if __name__ == "__main__":
    main()
