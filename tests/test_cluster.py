"""Grading on a real Dask cluster (`gradcourse autograde ASSIGNMENT --scheduler ADDRESS`).

A real ``dask scheduler`` and ``dask worker`` processes on loopback, each
started in an empty folder of its own (they share no folder with the
course), grade a small ps1 class; the gradebook must be the one a
sequential nbgrader run leaves, whatever happens to the cluster.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from gradcourse import cluster, dashboard, grading, notebook, samples
from conftest import PS1, REPO, free_port, new_course, submission

pytestmark = pytest.mark.slow

NAME = grading.notebook_name(REPO, PS1)
DASK = str(Path(sys.executable).parent / "dask")


def the_class(course):
    """Ten students: right answers, typical wrong ones, blank, and one whose kernel dies."""
    for student in samples.STUDENTS:
        course.submit(PS1, student.id, REPO / "samples" / PS1 / student.id / NAME)
    wrongs = [("image_gradients", "np-roll"), ("gradient_magnitude", "abs-sum"), ("neighbours", "y-up"),
              ("edge_fraction", "strict-threshold")]
    for index, wrong in enumerate(wrongs):
        course.submit(PS1, f"wrong{index}", submission(wrong=[wrong]))
    course.submit(PS1, "right", submission())
    dies = submission()
    at = next(i for i, c in enumerate(dies.cells) if notebook.grade_id(c) == "neighbours") + 1
    dies.cells.insert(at, nbformat.v4.new_code_cell("import os\nos._exit(3)"))
    course.submit(PS1, "dies", dies)
    return course


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    course = the_class(new_course(tmp_path_factory.mktemp("sequential"), PS1))
    course.autograde(PS1)
    return dashboard.gradebook_rows(course.db_url)


class Cluster:
    """A scheduler and its workers, each a process group started in its own empty folder."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.scheduler = None
        self.workers = []

    def _start(self, name, args, env=None):
        cwd = self.folder / name
        cwd.mkdir(parents=True, exist_ok=True)
        log = open(cwd / "log", "w", encoding="utf-8")
        return subprocess.Popen([DASK, *args], cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                env=env or os.environ, start_new_session=True)

    def start_scheduler(self):
        self.scheduler = self._start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                                   "--dashboard-address", f"127.0.0.1:{free_port()}"])
        return self

    def start_worker(self, env=None):
        name = f"worker{len(self.workers)}"
        worker = self._start(name, ["worker", self.address, "--nthreads", "1", "--name", name,
                                    "--local-directory", str(self.folder / name)], env)
        self.workers.append(worker)
        return worker

    def wait_for(self, count):
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(count, timeout=120)

    @staticmethod
    def kill(process):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self):
        for process in [*self.workers, self.scheduler]:
            if process is not None and process.poll() is None:
                self.kill(process)

    def log(self, name):
        return (self.folder / name / "log").read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def two_workers(tmp_path):
    dask = Cluster(tmp_path / "cluster").start_scheduler()
    dask.start_worker()
    dask.start_worker()
    dask.wait_for(2)
    yield dask
    dask.stop()


def autograde(course, *args, **popen):
    """``gradcourse autograde ps1 ARGS`` in the course folder, as the instructor types it."""
    return subprocess.Popen([sys.executable, "-m", "gradcourse.cli", "autograde", PS1, *args], cwd=course.root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", **popen)


def test_a_class_graded_on_two_workers_leaves_the_gradebook_nbgrader_leaves(sequential, two_workers, tmp_path):
    course = the_class(new_course(tmp_path / "course", PS1))
    run = autograde(course, "--scheduler", two_workers.address)
    out, err = run.communicate(timeout=900)
    assert run.returncode == 0, err[-3000:]
    assert dashboard.gradebook_rows(course.db_url) == sequential
    assert "graded 10 submissions in" in out and "đã chấm 10 bài trong" in out
    assert "Dask dashboard / bảng điều khiển Dask: http://127.0.0.1:" in out
    assert "kernel-exited" in course.grading_notes(PS1, "dies")
    assert not any((course.root / "executed").iterdir()), "the run removes its own folder"
    # the workers read no course folder: each ran in its own, which holds no submission
    for index in range(2):
        assert not list((two_workers.folder / f"worker{index}").rglob(NAME))


def test_a_worker_killed_mid_run_loses_nobody_and_records_nobody_twice(sequential, two_workers, tmp_path):
    from distributed import Client

    course = the_class(new_course(tmp_path / "course", PS1))
    run = autograde(course, "--scheduler", two_workers.address)
    with Client(two_workers.address, timeout="30s") as client:
        deadline = time.monotonic() + 300
        while True:  # until the first worker is executing a student
            busy = {worker: keys for worker, keys in client.processing().items() if keys}
            names = {address: info["name"] for address, info in client.scheduler_info()["workers"].items()}
            if any(names.get(address) == "worker0" for address in busy) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    two_workers.kill(two_workers.workers[0])
    out, err = run.communicate(timeout=900)
    assert run.returncode == 0, err[-3000:]
    assert dashboard.gradebook_rows(course.db_url) == sequential  # each grade once, none missing
    assert "graded 10 submissions in" in out


def test_a_worker_without_bubblewrap_refuses_to_grade(sequential, tmp_path):
    dask = Cluster(tmp_path / "cluster").start_scheduler()
    no_bwrap = dict(os.environ, PATH=str(Path(sys.executable).parent))  # bubblewrap is in /usr/bin
    try:
        dask.start_worker(env=no_bwrap)
        dask.wait_for(1)
        course = the_class(new_course(tmp_path / "course", PS1))
        run = autograde(course, "--scheduler", dask.address)
        out, err = run.communicate(timeout=300)
        assert run.returncode == 3, out + err
        assert "refused to grade" in err and "từ chối chấm" in err and "bubblewrap" in err
        assert "no worker may grade" in err and "không còn worker nào được chấm" in err
        assert dashboard.gradebook_rows(course.db_url) == []  # nobody graded unsandboxed, nobody given a zero

        # a worker that can sandbox joins: the same command grades everyone there, none on the refusing one
        dask.start_worker()
        dask.wait_for(2)
        run = autograde(course, "--scheduler", dask.address)
        out, err = run.communicate(timeout=900)
        assert run.returncode == 0, err[-3000:]
        assert dashboard.gradebook_rows(course.db_url) == sequential
        assert "refused to grade" in err

        # and asked directly, the refusing worker raises rather than grade
        from distributed import Client

        with Client(dask.address, timeout="30s") as client:
            refusing = next(a for a, i in client.scheduler_info()["workers"].items() if i["name"] == "worker0")
            data = {"config": (course.root / "nbgrader_config.py").read_text(encoding="utf-8"), "options": []}
            task = client.submit(cluster.execute_remotely, data, PS1, "alice", {}, workers=[refusing], pure=False)
            with pytest.raises(cluster.SandboxRefused, match="bubblewrap"):
                task.result(timeout=120)
    finally:
        dask.stop()


def test_the_scheduler_gone_stops_the_run_and_the_same_command_grades_only_the_rest(sequential, tmp_path):
    dask = Cluster(tmp_path / "cluster").start_scheduler()
    try:
        dask.start_worker()
        dask.wait_for(1)
        course = the_class(new_course(tmp_path / "course", PS1))
        run = autograde(course, "--scheduler", dask.address)
        deadline = time.monotonic() + 300
        while not course.autograded_students(PS1) and time.monotonic() < deadline:
            time.sleep(0.2)
        dask.kill(dask.scheduler)
        out, err = run.communicate(timeout=300)
        assert run.returncode == 3, out + err
        assert "the scheduler is gone" in err and "scheduler không còn nữa" in err
        first = {s: (course.root / "autograded" / s / PS1 / NAME).stat().st_mtime_ns
                 for s in course.autograded_students(PS1)}
        assert 0 < len(first) < 10

        dask.stop()  # its worker leaves a cluster without a scheduler: the instructor starts both again
        dask.start_scheduler()
        dask.start_worker()
        dask.wait_for(1)
        run = autograde(course, "--scheduler", dask.address)
        out, err = run.communicate(timeout=900)
        assert run.returncode == 0, err[-3000:]
        assert f"graded {10 - len(first)} submissions in" in out
        assert {s: (course.root / "autograded" / s / PS1 / NAME).stat().st_mtime_ns for s in first} == first
        assert dashboard.gradebook_rows(course.db_url) == sequential

        run = autograde(course, "--scheduler", dask.address)  # nothing left
        out, _ = run.communicate(timeout=300)
        assert run.returncode == 0 and "everyone is graded already" in out and "mọi bài đã được chấm" in out
    finally:
        dask.stop()


LEAVES = '''import builtins, os, sys
def neighbours(image, x, y):
    return (int(image[y - 1, x]), int(image[y + 1, x]), int(image[y, x + 1]), int(image[y, x - 1]))
builtins.LEFT_BY_A = 1
sys.modules["left_by_a"] = sys
for where in ("/tmp/left_by_a", "../left_by_a", os.path.expanduser("~/left_by_a")):
    try:
        open(where, "w").write("A was here")
    except OSError:
        pass
'''

LOOKS = '''import builtins, os, sys
def neighbours(image, x, y):
    return (int(image[y - 1, x]), int(image[y + 1, x]), int(image[y, x + 1]), int(image[y, x - 1]))
found = [hasattr(builtins, "LEFT_BY_A"), "left_by_a" in sys.modules,
         *(os.path.exists(p) for p in ("/tmp/left_by_a", "../left_by_a", os.path.expanduser("~/left_by_a")))]
print("FOUND", found)
'''


def test_one_worker_grading_two_students_in_turn_leaks_nothing_between_them(tmp_path):
    dask = Cluster(tmp_path / "cluster").start_scheduler()
    try:
        dask.start_worker()
        dask.wait_for(1)
        course = new_course(tmp_path / "course", PS1)
        course.submit(PS1, "a_leaves", submission(neighbours=LEAVES))
        course.submit(PS1, "b_looks", submission(neighbours=LOOKS))
        run = autograde(course, "--scheduler", dask.address)
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err[-3000:]
        looked = notebook.read(course.root / "autograded" / "b_looks" / PS1 / NAME)
        printed = "".join(o.get("text", "") for c in looked.cells if notebook.grade_id(c) == "neighbours"
                          for o in c.get("outputs", []))
        assert "FOUND [False, False, False, False, False]" in printed
        left = notebook.read(course.root / "autograded" / "a_leaves" / PS1 / NAME)
        assert any(notebook.grade_id(c) == "neighbours" for c in left.cells)
    finally:
        dask.stop()
