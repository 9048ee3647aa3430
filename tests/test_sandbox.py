"""Grading in a bubblewrap sandbox: the kernel sees its own folder and the Python environment, nothing else."""

import os
import subprocess
import sys

import pytest

from gradcourse import grading, notebook
from conftest import PS1, REPO, new_course, source_notebook, submission

pytestmark = pytest.mark.slow

NAME = grading.notebook_name(REPO, PS1)

# A correct neighbours() preceded by everything a curious student might try.
SNOOP = '''import glob, os, socket
COURSE = {course!r}
print("SEEN", sorted(glob.glob(COURSE + "/source/*/*.ipynb") + glob.glob("../../../source/*/*.ipynb")
                     + glob.glob(COURSE + "/gradebook.db") + glob.glob(COURSE + "/autograded/*")))
try:
    socket.create_connection(("1.1.1.1", 80), 2)
    print("NETWORK open")
except OSError as error:
    print("NETWORK", error.errno)
for target in (COURSE + "/source/stolen.txt", COURSE + "/gradebook.db", "../../honest/{assignment}/x.txt",
               os.path.expanduser("~/planted.txt")):
    try:
        with open(target, "a") as f:
            f.write("x")
    except OSError:
        pass
with open("mine.txt", "w") as f:  # its own folder stays writable
    f.write("ok")
'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = new_course(tmp_path_factory.mktemp("course"), PS1)
    course.submit(PS1, "honest", submission())
    snoop = SNOOP.format(course=str(course.root), assignment=PS1) + notebook.solutions(source_notebook(PS1))["neighbours"]
    course.submit(PS1, "snoop", submission(neighbours=snoop))
    before = (course.root / "gradebook.db").stat().st_mtime_ns
    course.autograde(PS1)
    course.before = before
    return course


def printed(course, student):
    nb = notebook.read(course.root / "autograded" / student / PS1 / NAME)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout")


def autograded_points(course, student):
    cells = course.cell_results(PS1, student).values()
    return sum(c.score for c in cells if c.grade_id.startswith("test_")), \
        sum(c.max_score for c in cells if c.grade_id.startswith("test_"))


def test_an_honest_student_graded_beside_a_snooping_one_keeps_full_marks(graded):
    got, best = autograded_points(graded, "honest")
    assert got == best > 0


def test_the_kernel_sees_neither_the_solutions_nor_the_gradebook_nor_other_students(graded):
    seen = next(line for line in printed(graded, "snoop").splitlines() if line.startswith("SEEN"))
    own = str(graded.root / "autograded" / "snoop")  # the way down to its own folder, and nothing beside it
    assert seen == f"SEEN [{own!r}]", seen


def test_the_kernel_has_no_network(graded):
    assert "NETWORK 101" in printed(graded, "snoop")  # ENETUNREACH: only a private loopback


def test_what_the_kernel_writes_outside_its_folder_lands_nowhere(graded):
    root = graded.root
    assert not (root / "source" / "stolen.txt").exists()
    assert not (root / "autograded" / "honest" / PS1 / "x.txt").exists()
    assert not os.path.exists(os.path.expanduser("~/planted.txt"))
    assert (root / "autograded" / "snoop" / PS1 / "mine.txt").read_text() == "ok"
    got, best = autograded_points(graded, "snoop")
    assert got == best  # its answer is right: the sandbox costs it nothing


@pytest.fixture
def no_bubblewrap(tmp_path):
    """A course with alice's submission, and an environment where bwrap cannot be found."""
    course = grading.Course.scratch(tmp_path / "course")
    course.import_students()
    course.generate(PS1)
    course.submit(PS1, "alice", REPO / "samples" / PS1 / "alice" / NAME)
    course.env = dict(os.environ, PATH=os.path.dirname(sys.executable))  # no /usr/bin: no bwrap
    return course


def recorded(course, student):
    """The auto scores the gradebook holds for a student's submission (none when it was never graded)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url) as gb:
        try:
            nb = gb.find_submission_notebook(NAME.removesuffix(".ipynb"), PS1, student)
        except MissingEntry:
            return []
        return [g.auto_score for g in nb.grades if g.auto_score is not None]


@pytest.mark.parametrize("door", [["-m", "gradcourse.cli", "autograde", PS1], ["-m", "nbgrader", "autograde", PS1]])
def test_without_bubblewrap_every_door_refuses_to_grade(no_bubblewrap, door):
    """Sandbox.required (the default): no sandbox, no grading, the reason in both languages, nothing recorded."""
    result = subprocess.run([sys.executable, *door], cwd=no_bubblewrap.root, env=no_bubblewrap.env,
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "Grading refused" in out and "Từ chối chấm" in out and "Sandbox.required" in out
    assert recorded(no_bubblewrap, "alice") == []
    assert not (no_bubblewrap.root / "autograded" / "alice").exists()


def test_without_bubblewrap_grading_unsandboxed_on_purpose_works_and_says_so_once(no_bubblewrap):
    with open(no_bubblewrap.root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write("\nc.Sandbox.required = False\n")
    result = subprocess.run([sys.executable, "-m", "gradcourse.cli", "autograde", PS1], cwd=no_bubblewrap.root,
                            env=no_bubblewrap.env, capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count("WITHOUT a sandbox") == 1 and "KHÔNG có hộp cát" in result.stderr
    got, best = autograded_points(no_bubblewrap, "alice")
    assert got == best > 0
