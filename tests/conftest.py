import contextlib
import functools
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
import types
import urllib.request

import matplotlib
import matplotlib.pyplot as plt
import pytest

from gradcourse import checks, grading, lessons, notebook, samples, sandbox, seeds
from gradcourse.hub import free_port  # noqa: F401 (the tests' too)

matplotlib.use("Agg")  # the lessons' figure cells run in-process here
lessons.load_all()  # every lesson's messages and wrong answers, whichever test module runs first

REPO = grading.REPO
PS1 = "ps1_manual_gradients"
PS2 = "ps2_sobel_scharr"
PS3 = "ps3_orientation_masks"
PS4 = "ps4_edges"


CHROMIUM = "/usr/bin/chromium"
# as root in a container Chromium's own sandbox cannot start; the rest keeps it off this closed network
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@functools.lru_cache(maxsize=None)
def source_notebook(assignment):
    return notebook.read(REPO / "source" / assignment / grading.notebook_name(REPO, assignment))


@functools.lru_cache(maxsize=None)
def release_notebook(assignment):
    return notebook.read(REPO / "release" / assignment / grading.notebook_name(REPO, assignment))


def max_points(assignment=PS1, written=False):
    """The points of an assignment's autograded test cells (``written``: of its hand-graded answers)."""
    cells = source_notebook(assignment).cells
    if written:
        return sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in cells
                   if c.cell_type == "markdown" and notebook.is_solution(c))
    return sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in cells if notebook.is_test(c))


def submission(assignment=PS1, wrong=(), **written):
    """A submission built from the solutions: ``wrong`` (exercise, key) pairs and ``written`` cells replaced."""
    return samples.submission(samples.Answers(wrong=tuple(wrong), written=written),
                              source_notebook(assignment), release_notebook(assignment))


def new_course(directory, *assignments, sandboxed=True, db_url=None):
    """A scratch course with the sample roster and ``assignments`` generated; its gradebook at ``db_url``."""
    if sandboxed and not sandbox.available():
        pytest.fail("bubblewrap cannot run here: install it (apt-get install bubblewrap); .ci/run does")
    course = grading.Course.scratch(directory)
    if db_url:  # as an instructor would: one line in nbgrader_config.py
        with open(course.root / "nbgrader_config.py", "a", encoding="utf-8") as config:
            config.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    course.import_students()
    for assignment in assignments:
        course.generate(assignment)
    return course


@contextlib.contextmanager
def jupyter_lab(command, log, env=None, cwd=None, timeout=180):
    """A JupyterLab server started by ``command`` on a free loopback port; yields ``(base URL, token)``.

    Its output goes to the file ``log`` (a pipe nobody reads would fill and stall it); it is stopped,
    with its kernels, afterwards.
    """
    port, token = free_port(), "gradcourse-test"
    if os.geteuid() == 0:  # Jupyter refuses to run as root (containers, CI) unless told to
        command = [*command, "--allow-root"]
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [*command, "--no-browser", f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={token}"],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout  # `./course lab` may install the environment first
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(open(log, encoding="utf-8", errors="replace").read()[-3000:])
                time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server on loopback for this test session; yields a function making a new database's URL.

    Debian's server (``apt-get install postgresql``; .ci/run does).  Its
    programs refuse to run as root, so as root they run as ``postgres``.
    """
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    bindir = os.path.dirname(found[-1]) if found else os.path.dirname(shutil.which("initdb") or "")
    if not bindir:
        pytest.fail("PostgreSQL is not installed: apt-get install postgresql (.ci/run does)")
    home = tempfile.mkdtemp(prefix="gradcourse-pg-")
    as_owner = []
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
        as_owner = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]
    data, port = os.path.join(home, "data"), free_port()

    def run(*args):
        subprocess.run([*as_owner, *args], check=True, capture_output=True, text=True, cwd=home)

    run(f"{bindir}/initdb", "-D", data, "--auth=trust", "--username=grader", "--encoding=UTF8", "--no-locale")
    run(f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(home, "log"), "-w", "start",
        "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {home} -c fsync=off")
    count = iter(range(1, 1000))

    def database():
        import sqlalchemy

        name = f"gradebook_{next(count)}"
        admin = sqlalchemy.create_engine(f"postgresql+psycopg2://grader@127.0.0.1:{port}/postgres",
                                         isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
        admin.dispose()
        return f"postgresql+psycopg2://grader@127.0.0.1:{port}/{name}"

    try:
        yield database
    finally:
        run(f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


@functools.lru_cache(maxsize=None)
def _lesson_namespace(assignment):
    namespace = {}
    for cell in source_notebook(assignment).cells:
        if cell.cell_type == "code" and not notebook.is_test(cell):
            exec(compile(cell.source, f"<{notebook.grade_id(cell)}>", "exec"), namespace)
    plt.close("all")  # the lessons' figure cells leave their figures open in pyplot
    return namespace


def run_test_cells(assignment, exercise, answer=None, secret=None):
    """Run an exercise's test cells, hidden tests included, as the autograder would, in-process.

    The lesson's other cells run first with the instructor's solutions; then
    ``answer`` (a cell's source) replaces the exercise's solution.  With a
    course ``secret`` (bytes) each test cell's random inputs follow from its
    seed, as when the instructor grades; without, they are fresh.  Returns
    ``{grade_id: exception or None}``.
    """
    lesson = _lesson_namespace(assignment)
    namespace = dict(lesson)
    for name, value in lesson.items():  # the lesson's functions look names up in this run's namespace
        if isinstance(value, types.FunctionType) and value.__globals__ is lesson:
            namespace[name] = types.FunctionType(value.__code__, namespace, value.__name__,
                                                 value.__defaults__, value.__closure__)
    if answer is not None:
        exec(compile(answer, f"<{exercise}>", "exec"), namespace)
    results = {}
    for cell in source_notebook(assignment).cells:
        if notebook.is_test(cell) and notebook.grade_id(cell).startswith(f"test_{exercise}_"):
            gid = notebook.grade_id(cell)
            checks.seed_cell(None if secret is None else seeds.cell_seed(secret, assignment, gid))
            try:
                exec(compile(cell.source, f"<{gid}>", "exec"), namespace)
                results[gid] = None
            except Exception as error:  # what nbgrader would show in the cell
                results[gid] = error
            finally:
                checks.seed_cell(None)
    return results
