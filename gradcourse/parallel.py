"""Grading a class on several cores at once: ``gradcourse autograde ASSIGNMENT --jobs N``.

nbgrader grades one submission after another, and its default gradebook,
SQLite, takes one writer at a time (jupyter/nbgrader#174).  But nbgrader's
autograde of a notebook is two passes: *sanitize* (clear the outputs, put the
instructor's cells back from the gradebook) and *autograde* (execute, then
record the scores), and only execution is slow, and execution only reads
the gradebook.  So the work is split where the writing starts:

1. **execute**, in N worker processes, one student at a time each: nbgrader's
   own sanitize preprocessors, then the course's execute step
   (:class:`gradcourse.execute.GuardedExecute`, each kernel sandboxed), on a
   copy of the submission under ``executed/``.  The gradebook is only read
   (from a copy of its instructor's part: :func:`instructor_gradebook`).
2. **record**, in batches while the workers go on, one batch at a time:
   nbgrader's own ``Autograde`` converter (what ``nbgrader autograde`` runs),
   in this process, with the batch's folder as its submitted directory and
   the passes already done (sanitizing, execution) left out.
   The code that writes a sequential run's gradebook writes this one, from
   one process at a time, so SQLite never sees two writers ("database is
   locked" cannot happen), and PostgreSQL works the same way.
"""

import contextlib
import logging
import os
import shutil
import socket
import sys
import time
import warnings
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbgrader.converters import Autograde
from nbgrader.converters.base import NbGraderException
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute
from nbgrader.utils import find_all_files, setenv
from sqlalchemy.exc import SAWarning
from traitlets.config import Config
from traitlets.config.loader import KVArgParseConfigLoader, PyFileConfigLoader
from traitlets.utils.importstring import import_item

from . import faster, intake

faster.apply()
from .execute import STOPPED_TAG

DIRECTORY = "executed"
LOGS = ".logs"  # inside DIRECTORY; nbgrader's glob skips hidden names


def course_config(root, options=()):
    """The course's nbgrader configuration: its ``nbgrader_config.py``, then ``options`` (``--Class.trait=value``)."""
    config = Config()
    config.CourseDirectory.root = str(Path(root).resolve())  # a worker's own folder is not the course's
    if (Path(root) / "nbgrader_config.py").exists():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config())
    config.merge(KVArgParseConfigLoader(list(options)).load_config())
    return config


def _name(preprocessor):
    cls = import_item(preprocessor) if isinstance(preprocessor, str) else preprocessor
    return cls, f"{cls.__module__}.{cls.__qualname__}"


def split_passes(config):
    """``(execute, record)``: the preprocessors up to and including execution, and those after it.

    The lists are nbgrader's ``Autograde.sanitize_preprocessors`` and
    ``Autograde.autograde_preprocessors`` as the course configures them.
    """
    autograde = Autograde(config=config)
    steps = [_name(p) for p in autograde.autograde_preprocessors]
    executes = [i for i, (cls, _) in enumerate(steps) if issubclass(cls, Execute)]
    if not executes:
        raise ValueError("Autograde.autograde_preprocessors has no execute step / "
                         "Autograde.autograde_preprocessors không có bước chạy notebook")
    cut = executes[0] + 1
    sanitize = [name for _, name in map(_name, autograde.sanitize_preprocessors)]
    return sanitize + [name for _, name in steps[:cut]], [name for _, name in steps[cut:]]


def prepare(root, assignment, student, dest, config):
    """The folder a student is executed in, as nbgrader's autograde makes it: the submission's files
    (``intake/STUDENT/ASSIGNMENT``), then the assignment's files from ``source/`` over them."""
    root, dest = Path(root), Path(dest)
    coursedir = CourseDirectory(config=config, root=str(root))
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(root / intake.DIRECTORY / student / assignment, dest,
                    ignore=shutil.ignore_patterns(*coursedir.ignore))
    for relative, path in source_files(root, assignment, config).items():
        (dest / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, dest / relative)


def source_files(root, assignment, config):
    """``{relative path: path}`` of the assignment's files that nbgrader copies over every submission."""
    source = Path(root) / "source" / assignment
    coursedir = CourseDirectory(config=config, root=str(root))
    keep = {str(source / name) for name in Autograde(config=config).exclude_overwriting.get(assignment, [])}
    return {os.path.relpath(f, source): f for f in find_all_files(str(source), coursedir.ignore + ["*.ipynb"])
            if f not in keep}


def notebook_names(root, assignment):
    return [path.name for path in sorted((Path(root) / "source" / assignment).glob("*.ipynb"))]


def execute_folder(root, assignment, student, dest, notebooks, db_url, options=()):
    """Sanitize and execute, in ``dest``, each of ``notebooks`` found there, as nbgrader's autograde does
    before it records anything.  The gradebook at ``db_url`` is only read; ``root`` is the course whose
    ``nbgrader_config.py`` (and secret) apply.  Returns the seconds it took."""
    start = time.perf_counter()
    config = course_config(root, options)
    config.Exporter.default_preprocessors = []  # as nbgrader's converters set it
    dest = Path(dest)
    steps, _ = split_passes(config)
    executes = len(steps) - 1
    for name in notebooks:
        target = dest / name
        if not target.exists():
            continue  # nbgrader's record pass scores a missing notebook zero
        stem = Path(name).stem
        nb = nbformat.read(target, as_version=nbformat.NO_CONVERT)
        resources = {"unique_key": stem, "output_files_dir": f"{stem}_files",
                     "metadata": {"name": stem, "path": str(dest)},
                     "nbgrader": {"student": student, "assignment": assignment,
                                  "notebook": stem, "db_url": db_url}}
        # two exporters, as nbgrader runs its sanitize and autograde passes
        output = None
        for passes, environment in ((steps[:executes], {}), (steps[executes:], {"NBGRADER_EXECUTION": "autograde"})):
            exporter = NotebookExporter(config=config)
            for step in passes:
                exporter.register_preprocessor(step)
            with setenv(**environment):
                output, resources = exporter.from_notebook_node(nb, resources)
            nb = nbformat.reads(output, as_version=nbformat.NO_CONVERT)
        target.write_text(output, encoding="utf-8")
    return time.perf_counter() - start


def execute_submission(root, assignment, student, dest, db_url=None, options=()):
    """The execute pass for one student: ``intake/STUDENT/ASSIGNMENT`` → ``dest`` (:func:`prepare`, then
    :func:`execute_folder`).  The gradebook at ``db_url`` (default: the course's) is only read.
    Returns the seconds it took."""
    start = time.perf_counter()
    config = course_config(root, options)
    db_url = db_url or CourseDirectory(config=config, root=str(root)).db_url
    prepare(root, assignment, student, dest, config)
    execute_folder(root, assignment, student, dest, notebook_names(root, assignment), db_url, options)
    return time.perf_counter() - start


def record(root, assignment, folder, options=(), log=None):
    """Record what the workers executed into ``folder`` (relative to the course): nbgrader's autograde, in
    this process (as ``nbgrader autograde ASSIGNMENT --force`` runs it), with the done passes left out."""
    config = course_config(root, options)
    _, config.Autograde.autograde_preprocessors = split_passes(config)
    config.Autograde.sanitize_preprocessors = []
    config.CourseDirectory.submitted_directory = str(folder)
    config.BaseConverter.force = True
    config.GuardedRun.preflight = config.GuardedRun.intake = False  # done before the workers started
    coursedir = CourseDirectory(config=config, root=str(root))
    coursedir.assignment_id = assignment
    converter = Autograde(coursedir=coursedir, config=config, **({"log": log} if log else {}))
    try:
        with warnings.catch_warnings():  # nbgrader's own SQLAlchemy warnings would break the progress bar
            warnings.simplefilter("ignore", SAWarning)
            converter.start()
    except NbGraderException:
        pass  # a student nbgrader could not record is graded again alone (grading.Course.autograde)


@contextlib.contextmanager
def _our_alembic():
    """This environment's programs first on PATH: a new SQLite gradebook asks the ``alembic`` command for
    its schema's version.  (nbgrader.utils.setenv cannot do it: it forgets a variable's old value.)"""
    before = os.environ.get("PATH")
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + (before or "")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PATH", None)
        else:
            os.environ["PATH"] = before


def instructor_gradebook(db_url, assignment, path, course_id):
    """An SQLite gradebook at ``path`` with what executing ``assignment`` reads from the course's: its
    notebooks and the instructor's cells (no student, no score).  The workers read this copy, so the
    recording never waits for a reader, and a worker on another machine needs no database of its own."""
    from nbgrader.api import Gradebook

    with _our_alembic(), Gradebook(db_url, course_id) as course, Gradebook(f"sqlite:///{path}", course_id) as copy:
        found = course.find_assignment(assignment)
        copy.update_or_create_assignment(assignment, duedate=found.duedate)
        for nb in found.notebooks:
            copy.update_or_create_notebook(nb.name, assignment, kernelspec=nb.kernelspec)
            for cell in nb.grade_cells:
                copy.update_or_create_grade_cell(cell.name, nb.name, assignment, max_score=cell.max_score,
                                                 cell_type=cell.cell_type)
            for cell in nb.solution_cells:
                copy.update_or_create_solution_cell(cell.name, nb.name, assignment)
            for cell in nb.task_cells:
                copy.update_or_create_task_cell(cell.name, nb.name, assignment, max_score=cell.max_score,
                                                cell_type=cell.cell_type)
            for cell in nb.source_cells:
                copy.update_or_create_source_cell(cell.name, nb.name, assignment, cell_type=cell.cell_type,
                                                  locked=cell.locked, source=cell.source, checksum=cell.checksum)
    # the workers open it with no course id (nbgrader's own preprocessors, and the course's), which adds a
    # "default_course" row when missing: two workers adding it at once, one student failed
    # (UNIQUE constraint failed: course.id).  So it is there before any worker starts.
    with Gradebook(f"sqlite:///{path}"):
        pass
    return f"sqlite:///{path}"


def _quiet_worker(log_directory):
    """Send a worker's output (and its kernels', which inherit it) to a log file, away from the progress bar."""
    log_directory.mkdir(parents=True, exist_ok=True)
    log = os.open(log_directory / f"worker-{os.getpid()}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)


AGAIN = "again"  # a runner's outcome: not this student's fault, execute them again (elsewhere)


def _execute_safely(root, assignment, student, dest, db_url, options):
    try:
        return student, execute_submission(root, assignment, student, dest, db_url, options), None
    except Exception as error:  # noqa: BLE001 (whatever it was, the student is graded from the release)
        shutil.rmtree(dest, ignore_errors=True)
        return student, None, failure_text(error)


def failure_text(error):
    """One line for the grading notes: why a submission could not be executed."""
    lines = str(error).strip().splitlines() or [""]
    return f"{type(error).__name__}: {lines[0][:300]}"


class LocalRunner:
    """``jobs`` worker processes on this machine, sharing the course folder."""

    def __init__(self, root, assignment, jobs, db_url, options, logs):
        self.root, self.assignment, self.db_url, self.options = str(root), assignment, db_url, tuple(options)
        self.label = f"×{jobs}"
        self.dashboard = None
        # spawn: a forked worker would share the parent's zmq and asyncio state
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                                        initializer=_quiet_worker, initargs=(logs,))

    def submit(self, student, dest):
        return self.pool.submit(_execute_safely, self.root, self.assignment, student, str(dest), self.db_url,
                                self.options)

    def wait(self, running):
        return wait(running, timeout=1, return_when=FIRST_COMPLETED)

    def outcome(self, future, student, dest):
        """None when ``dest`` holds the executed submission, else why not."""
        return future.result()[2]

    def close(self):
        self.pool.shutdown(cancel_futures=True)


def grade(course, assignment, students, jobs, options=(), progress=None, scheduler=None):
    """Execute ``students``' submissions on ``jobs`` worker processes (or on the Dask cluster at
    ``scheduler``: :mod:`gradcourse.cluster`) and record them as they finish.

    The run works in its own folder, ``executed/HOST-PID/`` (so runs for
    different students, even on different machines sharing the course
    directory, keep apart), removed at the end.  Finished students are moved
    to ``ready/``; whenever no recording is under way, ``ready/`` becomes the
    next batch and one ``nbgrader autograde`` records it, while the workers go
    on: one writer at a time, and the workers read only a copy of the
    gradebook's instructor part.  A submission that cannot be executed (an
    error outside the student's cells) is staged again as the released
    notebook with the reason (:func:`gradcourse.intake.stage_one`) and
    executed once more.  ``progress`` is a file for the progress bar with its
    ETA (default: the terminal's stderr, if there is one).  A student who
    cannot be executed even then is left to
    :meth:`gradcourse.grading.Course.autograde`, which grades whoever has no
    autograded notebook, alone.  Returns the Dask dashboard's address (None
    on this machine's processes).
    """
    from tqdm import tqdm

    root = Path(course.root)
    folder = root / DIRECTORY / f"{socket.gethostname()}-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "ready").mkdir(parents=True)
    config = course.config(options)
    db_url = instructor_gradebook(course.db_url, assignment, folder / "instructor.db",
                                  CourseDirectory(config=config, root=str(root)).course_id)
    log = logging.getLogger(f"gradcourse.record.{folder.name}")
    log.propagate = False  # nbgrader's progress lines would break the bar; they go to a file
    (folder / LOGS).mkdir()
    handler = logging.FileHandler(folder / LOGS / "record.log", encoding="utf-8")
    log.addHandler(handler)
    batches = []
    recorder = ThreadPoolExecutor(max_workers=1)  # one nbgrader writing at a time
    recording, retried = None, set()
    runner = None

    def record_ready():
        batch = folder / f"batch-{len(batches) + 1}"
        (folder / "ready").rename(batch)
        (folder / "ready").mkdir()
        batches.append(batch)
        return recorder.submit(record, root, assignment, batch.relative_to(root), options, log)

    try:
        if scheduler:
            from . import cluster

            runner = cluster.DaskRunner(scheduler, root, assignment, folder / "instructor.db", options, config,
                                        progress)
        else:
            runner = LocalRunner(root, assignment, jobs, db_url, options, folder / LOGS)
        bar = tqdm(total=len(students), unit="submission", desc=f"{assignment} {runner.label}", file=progress,
                   disable=None if progress is None else False, dynamic_ncols=True)
        with bar:
            work = {}
            for student in students:
                work[runner.submit(student, folder / "work" / student / assignment)] = student
            running = set(work)
            while running:
                done, running = runner.wait(running)
                for future in done:
                    student = work.pop(future)
                    error = runner.outcome(future, student, folder / "work" / student / assignment)
                    if error is None:
                        (folder / "work" / student).rename(folder / "ready" / student)
                    elif error is AGAIN:
                        again = runner.submit(student, folder / "work" / student / assignment)
                        work[again] = student
                        running.add(again)
                        continue
                    elif student not in retried and STOPPED_TAG not in error:
                        retried.add(student)
                        intake.stage_one(root, assignment, student, failure=error)
                        again = runner.submit(student, folder / "work" / student / assignment)
                        work[again] = student
                        running.add(again)
                        continue
                    bar.update()
                if (recording is None or recording.done()) and any((folder / "ready").iterdir()):
                    recording = record_ready()
        return runner.dashboard
    finally:
        # what has been executed is recorded, whatever stopped the run (nothing lost)
        if recording is not None:
            recording.result()
        if any((folder / "ready").iterdir()):
            record_ready().result()
        if runner is not None:
            runner.close()
        recorder.shutdown()
        log.removeHandler(handler)
        handler.close()
        shutil.rmtree(folder, ignore_errors=True)
