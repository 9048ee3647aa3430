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
   (from a snapshot, when it is SQLite).
2. **record**, in batches while the workers go on, one batch at a time:
   nbgrader's own ``Autograde`` converter (what ``nbgrader autograde`` runs),
   in this process, with the batch's folder as its submitted directory and
   the passes already done (sanitizing, execution) left out.
   The code that writes a sequential run's gradebook writes this one, from
   one process at a time, so SQLite never sees two writers ("database is
   locked" cannot happen), and PostgreSQL works the same way.
"""

import logging
import os
import shutil
import socket
import sqlite3
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
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SAWarning
from traitlets.config import Config
from traitlets.config.loader import KVArgParseConfigLoader, PyFileConfigLoader
from traitlets.utils.importstring import import_item

from . import intake
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


def execute_submission(root, assignment, student, dest, db_url=None, options=()):
    """The execute pass for one student: ``intake/STUDENT/ASSIGNMENT`` → ``dest``.

    What nbgrader's autograde does before it records anything, in the same
    order: the submission's files, then the assignment's files from
    ``source/`` over them, then each of the assignment's notebooks sanitized
    and executed there.  The gradebook at ``db_url`` (default: the course's)
    is only read.  Returns the seconds it took.
    """
    start = time.perf_counter()
    root, dest = Path(root), Path(dest)
    config = course_config(root, options)
    config.Exporter.default_preprocessors = []  # as nbgrader's converters set it
    coursedir = CourseDirectory(config=config, root=str(root))
    db_url = db_url or coursedir.db_url
    submitted = root / intake.DIRECTORY / student / assignment
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(submitted, dest, ignore=shutil.ignore_patterns(*coursedir.ignore))
    source = root / "source" / assignment
    keep = {str(source / name) for name in Autograde(config=config).exclude_overwriting.get(assignment, [])}
    for filename in find_all_files(str(source), coursedir.ignore + ["*.ipynb"]):
        if filename not in keep:
            target = dest / os.path.relpath(filename, source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(filename, target)

    steps, _ = split_passes(config)
    executes = len(steps) - 1
    for path in sorted(source.glob("*.ipynb")):
        target = dest / path.name
        if not target.exists():
            continue  # nbgrader's record pass scores a missing notebook zero
        nb = nbformat.read(target, as_version=nbformat.NO_CONVERT)
        resources = {"unique_key": path.stem, "output_files_dir": f"{path.stem}_files",
                     "metadata": {"name": path.stem, "path": str(dest)},
                     "nbgrader": {"student": student, "assignment": assignment,
                                  "notebook": path.stem, "db_url": db_url}}
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


def snapshot(db_url, folder):
    """A gradebook for the workers to read: a copy of an SQLite one (so that the recording never
    waits for a reader), the database itself otherwise (PostgreSQL reads do not block writes)."""
    url = make_url(db_url)
    if not url.drivername.startswith("sqlite") or not url.database:
        return db_url
    copy = Path(folder) / "gradebook-snapshot.db"
    source = sqlite3.connect(f"file:{url.database}?mode=ro", uri=True)
    target = sqlite3.connect(copy)
    with source, target:
        source.backup(target)
    source.close()
    target.close()
    return f"sqlite:///{copy}"


def _quiet_worker(log_directory):
    """Send a worker's output (and its kernels', which inherit it) to a log file, away from the progress bar."""
    log_directory.mkdir(parents=True, exist_ok=True)
    log = os.open(log_directory / f"worker-{os.getpid()}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)


def _execute_safely(root, assignment, student, dest, db_url, options):
    try:
        return student, execute_submission(root, assignment, student, dest, db_url, options), None
    except Exception as error:  # noqa: BLE001 (whatever it was, the student is graded from the release)
        shutil.rmtree(dest, ignore_errors=True)
        lines = str(error).strip().splitlines() or [""]
        return student, None, f"{type(error).__name__}: {lines[0][:300]}"


def grade(course, assignment, students, jobs, options=(), progress=None):
    """Execute ``students``' submissions on ``jobs`` worker processes and record them as they finish.

    The run works in its own folder, ``executed/HOST-PID/`` (so runs for
    different students, even on different machines sharing the course
    directory, keep apart), removed at the end.  Finished students are moved
    to ``ready/``; whenever no recording is under way, ``ready/`` becomes the
    next batch and one ``nbgrader autograde`` records it, while the workers go
    on: one writer at a time, and no reader of an SQLite gradebook but a
    snapshot.  A submission that cannot be executed (an error outside the
    student's cells) is staged again as the released notebook with the
    reason (:func:`gradcourse.intake.stage_one`) and executed once more.
    ``progress`` is a file for the progress bar with its ETA (default: the
    terminal's stderr, if there is one).  A student who cannot be executed
    even then is left to :meth:`gradcourse.grading.Course.autograde`, which
    grades whoever has no autograded notebook, alone.
    """
    from tqdm import tqdm

    root = Path(course.root)
    folder = root / DIRECTORY / f"{socket.gethostname()}-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "ready").mkdir(parents=True)
    db_url = snapshot(course.db_url, folder)
    log = logging.getLogger(f"gradcourse.record.{folder.name}")
    log.propagate = False  # nbgrader's progress lines would break the bar; they go to a file
    (folder / LOGS).mkdir()
    handler = logging.FileHandler(folder / LOGS / "record.log", encoding="utf-8")
    log.addHandler(handler)
    batches = []
    bar = tqdm(total=len(students), unit="submission", desc=f"{assignment} ×{jobs}", file=progress,
               disable=None if progress is None else False, dynamic_ncols=True)
    # spawn: a forked worker would share the parent's zmq and asyncio state
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                               initializer=_quiet_worker, initargs=(folder / LOGS,))
    recorder = ThreadPoolExecutor(max_workers=1)  # one nbgrader writing at a time
    recording, retried = None, set()

    def execute(student):
        dest = folder / "work" / student / assignment
        return pool.submit(_execute_safely, str(root), assignment, student, str(dest), db_url,
                           tuple(options))

    def record_ready():
        batch = folder / f"batch-{len(batches) + 1}"
        (folder / "ready").rename(batch)
        (folder / "ready").mkdir()
        batches.append(batch)
        return recorder.submit(record, root, assignment, batch.relative_to(root), options, log)

    try:
        with bar:
            running = {execute(student) for student in students}
            while running:
                done, running = wait(running, timeout=1, return_when=FIRST_COMPLETED)
                for future in done:
                    student, _, error = future.result()
                    if error is None:
                        (folder / "work" / student).rename(folder / "ready" / student)
                    elif student not in retried and STOPPED_TAG not in error:
                        retried.add(student)
                        intake.stage_one(root, assignment, student, failure=error)
                        running.add(execute(student))
                        continue
                    bar.update()
                if (recording is None or recording.done()) and any((folder / "ready").iterdir()):
                    recording = record_ready()
        if recording is not None:
            recording.result()
        if any((folder / "ready").iterdir()):
            record_ready().result()
    finally:
        pool.shutdown(cancel_futures=True)
        recorder.shutdown()
        log.removeHandler(handler)
        handler.close()
        shutil.rmtree(folder, ignore_errors=True)
