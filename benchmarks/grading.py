"""How much grading a class costs: plain nbgrader against ``gradcourse autograde`` on one machine and on Dask.

    .venv/bin/python benchmarks/grading.py [--submissions 60]

Generates ps1 submissions (the solution, the sample students, and each typical
wrong answer, in turn), then, in one run, grades the same submissions:

* **bare**: each notebook executed by nbclient, one after another, no grading
  at all: the floor;
* **nbgrader**: plain ``nbgrader autograde`` with nbgrader's own settings (no
  sandbox, no second opinion, no intake: what a course without this package gets);
* **gradcourse ×1** and **×2**: ``gradcourse autograde --jobs 1`` and ``--jobs 2``
  (the course's settings: sandbox, preflight, intake, second opinion);
* **dask ×2**: ``gradcourse autograde --scheduler`` on a ``dask scheduler`` and two
  single-threaded ``dask worker`` processes on this machine, started before the clock starts.

For each it prints the wall time, the core-seconds per submission (all the
machine's CPU time while it ran, from /proc/stat: run it on an idle machine)
and the ratios the goals are set in: ``--jobs 2`` at least 2.0× faster than
plain nbgrader, two Dask workers within 10 % of ``--jobs 2``, and no more core
time per submission than plain nbgrader.  The README quotes its output.
"""

import argparse
import contextlib
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gradcourse import dashboard, grading, misconceptions, notebook, samples  # noqa: E402
from gradcourse.hub import free_port  # noqa: E402

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
    os.environ["NBGRADER_EXECUTION"] = "autograde"  # as nbgrader runs them: the lessons draw no figures
    for nb in subs.values():
        NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(work)}}).execute()
    del os.environ["NBGRADER_EXECUTION"]
    return time.perf_counter() - start


def course(folder, subs, plain=False):
    course = grading.Course.scratch(folder)
    if plain:  # nbgrader's own settings: only the course's name
        (Path(folder) / "nbgrader_config.py").write_text(
            'c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = "image-gradients"\n', encoding="utf-8")
    course.generate(PS1)
    for student, nb in subs.items():
        course.submit(PS1, student, nb)
    return course


def cpu_seconds():
    """CPU time the whole machine has spent (user, nice, system, irq, softirq, steal), in seconds."""
    fields = [int(v) for v in open("/proc/stat", encoding="ascii").readline().split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # without idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def timed(label, run, count, log):
    start, cpu = time.perf_counter(), cpu_seconds()
    run()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    log(f"{label:<16} {seconds:7.1f} s  {60 * count / seconds:6.1f} submissions/min  "
        f"{cpu / count:5.2f} core-s per submission")
    return seconds, cpu / count


@contextlib.contextmanager
def dask_cluster(folder, workers=2):
    """A ``dask scheduler`` and ``workers`` single-threaded ``dask worker`` processes on loopback."""
    from distributed import Client

    dask = str(Path(sys.executable).parent / "dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = open(Path(folder) / "dask.log", "w", encoding="utf-8")
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--dashboard-address", "127.0.0.1:0"], stdout=logs, stderr=logs,
                                  start_new_session=True)]
    processes += [subprocess.Popen([dask, "worker", address, "--nthreads", "1"], stdout=logs, stderr=logs,
                                   cwd=folder, start_new_session=True) for _ in range(workers)]
    try:
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=60)
    args = parser.parse_args(argv)
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]
    subs = submissions(args.submissions)
    n = len(subs)
    log = print
    log(f"{n} ps1 submissions, {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}")
    quiet = open(os.devnull, "w")
    with tempfile.TemporaryDirectory(prefix="gradcourse-bench-") as folder:
        folder = Path(folder)
        timed("bare nbclient", lambda: bare(subs, folder), n, log)
        plain = course(folder / "nbgrader", subs, plain=True)
        nb_wall, nb_cpu = timed("nbgrader", lambda: plain.nbgrader("autograde", PS1, "--force"), n, log)
        one = course(folder / "one", subs)
        timed("gradcourse ×1", lambda: one.autograde(PS1), n, log)
        two = course(folder / "two", subs)
        two_wall, two_cpu = timed("gradcourse ×2", lambda: two.autograde(PS1, jobs=2, progress=quiet), n, log)
        (folder / "dask").mkdir()
        with dask_cluster(folder / "dask") as address:
            on_dask = course(folder / "on-dask", subs)
            dask_wall, dask_cpu = timed("dask ×2", lambda: on_dask.autograde(PS1, scheduler=address, progress=quiet),
                                        n, log)
        rows = {name: dashboard.gradebook_rows(c.db_url) for name, c in
                (("×1", one), ("×2", two), ("dask", on_dask))}
        same = len({tuple(r) for r in rows.values()}) == 1
        log(f"the same grades from gradcourse ×1, ×2 and Dask: {'yes' if same else 'NO'}")
        log(f"gradcourse ×2 against plain nbgrader: {nb_wall / two_wall:.2f}× faster (goal ≥ 2.0×), "
            f"{two_cpu / nb_cpu:.2f}× its core time per submission (goal ≤ 1.0×)")
        log(f"two Dask workers against ×2: {dask_wall / two_wall:.2f}× the time (goal ≤ 1.10×), "
            f"{dask_cpu / two_cpu:.2f}× the core time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
