"""How fast the course grades a class: sequential nbgrader against ``gradcourse autograde --jobs N``.

    .venv/bin/python benchmarks/grading.py [--submissions 60] [--jobs 2 [3 ...]]

Generates ps1 submissions (the solution, the sample students, and each typical
wrong answer, in turn), then, in the same run, on the same submissions:

* **bare**: each notebook executed by nbclient, one after another, no grading
  at all: the floor;
* **nbgrader**: plain ``nbgrader autograde`` (the course's configuration, so
  the same guards as gradcourse: sandbox, preflight, intake, the guarded
  execute step and its second opinion);
* **gradcourse ×1** and **gradcourse ×N**: ``gradcourse autograde`` with one
  and with N workers (sandboxed, intake, execute and record passes).

It prints submissions per minute, the speed-up over nbgrader, and the cost
per submission in worker-seconds (wall time × workers / submissions) against
the bare execution.  docs/large-classes.md and docs/how-grading-works.md quote its output.
"""

import argparse
import itertools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gradcourse import dashboard, grading, misconceptions, notebook, samples  # noqa: E402

PS1 = "ps1_manual_gradients"


def submissions(count):
    """``count`` ps1 submissions, right and wrong: {student id: notebook}."""
    name = grading.notebook_name(REPO, PS1)
    source, release = (notebook.read(REPO / folder / PS1 / name) for folder in ("source", "release"))
    exercises = notebook.solutions(source)
    kinds = [samples.submission(samples.Answers(), source, release)]
    kinds += [notebook.read(REPO / "samples" / PS1 / s.id / name) for s in samples.STUDENTS]
    kinds += [samples.submission(samples.Answers(wrong=((w.exercise, w.key),)), source, release)
              for w in misconceptions.every() if w.exercise in exercises]
    return {f"s{i:03d}": nb for i, nb in zip(range(1, count + 1), itertools.cycle(kinds))}


def bare(subs, folder):
    """Seconds to execute every notebook with nbclient, one after another, as nbgrader would but ungraded."""
    work = Path(folder) / "bare"
    shutil.copytree(REPO / "source" / PS1, work, ignore=shutil.ignore_patterns("*.ipynb"))
    start = time.perf_counter()
    for nb in subs.values():
        NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(work)}}).execute()
    return time.perf_counter() - start


def course(folder, subs):
    course = grading.Course.scratch(folder)
    course.generate(PS1)
    for student, nb in subs.items():
        course.submit(PS1, student, nb)
    return course


def timed(label, run, count, workers, log):
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    log(f"{label:<16} {seconds:7.1f} s  {60 * count / seconds:6.1f} submissions/min  "
        f"{seconds * workers / count:5.2f} worker-s per submission")
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--jobs", type=int, nargs="+", default=[2], help="one or more numbers of workers")
    args = parser.parse_args(argv)
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]
    subs = submissions(args.submissions)
    n = len(subs)
    log = print
    log(f"{n} ps1 submissions, {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="gradcourse-bench-") as folder:
        folder = Path(folder)
        floor = timed("bare nbclient", lambda: bare(subs, folder), n, 1, log)
        plain = course(folder / "nbgrader", subs)
        sequential = timed("nbgrader", lambda: plain.nbgrader("autograde", PS1, "--force"), n, 1, log)
        one = course(folder / "one", subs)
        timed("gradcourse ×1", lambda: one.autograde(PS1), n, 1, log)
        for jobs in args.jobs:
            many = course(folder / f"jobs{jobs}", subs)
            parallel = timed(f"gradcourse ×{jobs}",
                             lambda: many.autograde(PS1, jobs=jobs, progress=open(os.devnull, "w")),
                             n, jobs, log)
            same = dashboard.gradebook_rows(plain.db_url) == dashboard.gradebook_rows(many.db_url)
            log(f"  same grades as nbgrader: {'yes' if same else 'NO'}; "
                f"speed-up over nbgrader: {sequential / parallel:.2f}× (goal ≥ 1.8×); "
                f"cost per submission / bare execution: {parallel * jobs / floor:.2f}× (goal ≤ 1.3×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
