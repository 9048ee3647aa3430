"""Grading a class on a Dask cluster: ``gradcourse autograde ASSIGNMENT --scheduler ADDRESS``.

The instructor starts a ``dask scheduler`` and, on any machine with the
course's Python environment and bubblewrap, ``dask worker ADDRESS
--nthreads 1`` (one per core: ``--nworkers N``).  Each student's execution is
one task (:func:`execute_remotely`): the submission's files travel to the
worker as data, with what every task needs sent once to every worker (the
course's ``nbgrader_config.py`` and secret, the assignment's files from
``source/`` and the instructor's part of the gradebook: :func:`bundle`); the
worker executes them in a folder of its own, in the sandbox, and sends the
executed notebooks back.  Workers share no folder with the course, and the
grading process stays the gradebook's only writer
(:func:`gradcourse.parallel.grade` records as results come in).

What can go wrong with a cluster:

* a worker dies mid-run (a machine turned off, ``kill -9``): the scheduler
  gives its students to another worker; each result is recorded once;
* a worker cannot run bubblewrap (and the course requires it): it refuses
  every task (:class:`SandboxRefused`); its students go to the others, and the
  run says which worker refused and why.  No worker grades unsandboxed unless
  the instructor turned the sandbox off (``--no-sandbox``);
* a notebook kills every worker it is given to (Dask's ``KilledWorker``): it
  is graded once as the release, with the reason, as on one machine;
* the scheduler is gone: the run stops with :class:`ClusterLost`; what was
  executed is recorded, and the same command again grades only who is left.
"""

import logging
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

from . import intake, seeds
from .parallel import AGAIN
from . import sandbox as sandboxing

# How long the grading process waits for a scheduler that stopped answering, and for a first worker.
RECONNECT_SECONDS = 30
FIRST_WORKER_SECONDS = 60
LOST_TASK_RETRIES = 3  # a student's task lost (cancelled) this often while the scheduler runs stops the run

_one_at_a_time = threading.Lock()  # the checks keep per-process state: one student per worker process


class SandboxRefused(RuntimeError):
    """This worker cannot run the sandbox the course requires: it grades nobody."""


class ClusterLost(RuntimeError):
    """The Dask cluster cannot go on grading (no scheduler, or no worker that may grade)."""


def _lost(why_en, why_vi):
    return ClusterLost(
        f"Grading on the Dask cluster stopped: {why_en}. What was graded is recorded; run the same command "
        "again to grade only those left (add --force to grade everyone again).\n"
        f"Việc chấm trên cụm Dask đã dừng: {why_vi}. Những bài đã chấm đều đã được ghi điểm; hãy chạy lại "
        "đúng lệnh đó để chỉ chấm những bài còn lại (thêm --force để chấm lại tất cả).")


# --- on the worker ----------------------------------------------------------------


def _write(folder, files):
    for relative, data in files.items():
        path = Path(folder) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def refusal(config_text, options):
    """Why this worker may not grade the course (its sandbox cannot run and is required), or None."""
    from .parallel import course_config

    with tempfile.TemporaryDirectory(prefix="gradcourse-check-") as folder:
        Path(folder, "nbgrader_config.py").write_text(config_text, encoding="utf-8")
        policy = sandboxing.Sandbox(config=course_config(folder, options))
    if policy.enabled and policy.required and not sandboxing.available():
        return (f"bubblewrap cannot run on this worker ({os.uname().nodename}) / "
                f"bubblewrap không chạy được trên máy này ({os.uname().nodename})")
    return None


def execute_remotely(bundle, assignment, student, submitted):
    """One student's execution on a worker: ``{"notebooks": {name: executed text}}`` or ``{"error": why}``.

    Raises :class:`SandboxRefused` where the sandbox cannot run and the
    course requires it, so that the student goes to another worker.
    """
    from .parallel import execute_folder, failure_text

    with _one_at_a_time:
        why = refusal(bundle["config"], bundle["options"])
        if why:
            from distributed import get_worker

            raise SandboxRefused(f"{get_worker().address}: {why}")
        with tempfile.TemporaryDirectory(prefix="gradcourse-task-") as folder:
            root = Path(folder) / "course"
            _write(root, {"nbgrader_config.py": bundle["config"].encode("utf-8"),
                          seeds.SECRET_FILE: bundle["secret"], "instructor.db": bundle["gradebook"]})
            dest = root / "work" / student / assignment
            _write(dest, submitted)
            _write(dest, bundle["source"])  # over the submission's, as nbgrader copies them
            try:
                execute_folder(root, assignment, student, dest, bundle["notebooks"],
                               f"sqlite:///{root / 'instructor.db'}", bundle["options"])
            except Exception as error:  # noqa: BLE001 (whatever it was, the student is graded from the release)
                return {"error": failure_text(error)}
            return {"notebooks": {name: (dest / name).read_text(encoding="utf-8")
                                  for name in bundle["notebooks"] if (dest / name).exists()}}


# --- in the grading process -------------------------------------------------------


def _files(folder, ignore=()):
    import fnmatch

    found = {}
    for path in sorted(Path(folder).rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in ignore):
            found[str(relative)] = path.read_bytes()
    return found


def _secret_file(root):
    seeds.course_secret(root)  # made on first use
    return (Path(root) / seeds.SECRET_FILE).read_bytes()


def bundle(root, assignment, gradebook, options, config):
    """What every task needs, sent once to each worker."""
    from .parallel import notebook_names, source_files

    return {"config": (Path(root) / "nbgrader_config.py").read_text(encoding="utf-8"),
            "secret": _secret_file(root),
            "gradebook": Path(gradebook).read_bytes(),
            "source": {relative: Path(path).read_bytes()
                       for relative, path in source_files(root, assignment, config).items()},
            "notebooks": notebook_names(root, assignment),
            "options": list(options)}


class DaskRunner:
    """Students executed as tasks on the Dask cluster whose scheduler is at ``address``."""

    def __init__(self, address, root, assignment, gradebook, options, config, progress=None):
        from distributed import Client
        from nbgrader.coursedir import CourseDirectory

        self.root, self.assignment, self.config = Path(root), assignment, config
        self.ignore = CourseDirectory(config=config, root=str(root)).ignore
        # the client's own log of a lost scheduler would only repeat, as a traceback, what the run says
        logging.getLogger("distributed.client").setLevel(logging.CRITICAL)
        try:
            self.client = Client(address, timeout=f"{RECONNECT_SECONDS}s", set_as_default=False)
        except OSError as error:
            raise _lost(f"no scheduler answers at {address} ({error})",
                        f"không có scheduler nào trả lời ở {address} ({error})") from None
        self.label = f"@ {address}"
        self.dashboard = self.client.dashboard_link
        self.progress = progress
        try:
            self.client.wait_for_workers(1, timeout=FIRST_WORKER_SECONDS)
        except TimeoutError:
            self.client.close()
            raise _lost(f"no worker joined {address} within {FIRST_WORKER_SECONDS} s",
                        f"không có worker nào tham gia {address} trong {FIRST_WORKER_SECONDS} s") from None
        data = bundle(root, assignment, gradebook, options, config)
        self.refused = {}
        self.lost = {}  # student -> tasks of theirs the cluster lost
        for worker, why in self.client.run(refusal, data["config"], data["options"]).items():
            if why:
                self._refuse(worker, why)
        self._data = data
        self._bundle = None
        self._silent_since = None

    @property
    def bundle(self):
        """The bundle on the workers, as one future of a key of its own (scattering the dict would name a
        key per item, "config" and "secret" among them, shared by every run on the cluster).  Scattered
        again when the cluster has lost it (the workers that held it died): a scattered value has no
        recipe the scheduler could recompute it from."""
        if self._bundle is None or self._bundle.status != "finished":
            self._bundle = self.client.scatter([self._data], broadcast=True, hash=False)[0]
        return self._bundle

    def _say(self, text):
        if self.progress is not None:
            print(text, file=self.progress, flush=True)
        else:
            import sys

            print(text, file=sys.stderr, flush=True)

    def _refuse(self, worker, why):
        if worker not in self.refused:
            self.refused[worker] = why
            self._say(f"worker {worker} refused to grade / worker {worker} từ chối chấm: {why}")

    def _workers(self):
        """The workers that may grade: every worker but those that refused."""
        workers = set(self.client.scheduler_info(n_workers=-1)["workers"]) - set(self.refused)
        if not workers:
            raise _lost("no worker may grade (every worker refused: see above)",
                        "không còn worker nào được chấm (mọi worker đều từ chối: xem ở trên)")
        return workers

    def submit(self, student, dest):
        from .parallel import prepare

        prepare(self.root, self.assignment, student, dest, self.config)
        submitted = _files(self.root / intake.DIRECTORY / student / self.assignment, self.ignore)
        restrict = {"workers": sorted(self._workers()), "allow_other_workers": False} if self.refused else {}
        return self.client.submit(execute_remotely, self.bundle, self.assignment, student, submitted,
                                  key=f"grade-{student}-{uuid.uuid4().hex[:8]}", pure=False, **restrict)

    def wait(self, running):
        deadline = time.monotonic() + 1
        while True:
            done = {future for future in running if future.done()}
            if done or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self._watch()
        return done, set(running) - done

    def _watch(self):
        """Stop when the scheduler has not answered for RECONNECT_SECONDS."""
        if self.client.status == "running":
            self._silent_since = None
            return
        self._silent_since = self._silent_since or time.monotonic()
        if self.client.status in ("closed", "closing") or time.monotonic() - self._silent_since > RECONNECT_SECONDS:
            raise _lost("the scheduler is gone", "scheduler không còn nữa")

    def outcome(self, future, student, dest):
        from distributed import KilledWorker

        try:
            result = future.result()
        except SandboxRefused as refused:
            worker, _, why = str(refused).partition(": ")
            self._refuse(worker, why)
            return AGAIN
        except KilledWorker as error:
            return f"KilledWorker: {str(error).splitlines()[0][:300]}"
        except Exception as error:  # noqa: BLE001 (a cancelled or lost task)
            if self.client.status != "running":
                raise _lost("the scheduler is gone", "scheduler không còn nữa") from None
            # a task cancelled while its worker died: the scheduler still runs, so the student goes again
            self.lost[student] = self.lost.get(student, 0) + 1
            if self.lost[student] <= LOST_TASK_RETRIES:
                return AGAIN
            raise _lost(f"the cluster lost {student}'s task ({type(error).__name__})",
                        f"cụm đã làm mất tác vụ của {student} ({type(error).__name__})") from None
        if "error" in result:
            return result["error"]
        for name, text in result["notebooks"].items():
            (Path(dest) / name).write_text(text, encoding="utf-8")
        return None

    def close(self):
        self.client.close()
