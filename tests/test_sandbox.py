"""Grading in a bubblewrap sandbox: the kernel sees its own folder and the Python environment, nothing else."""

import os
import subprocess
import sys

import pytest

from gradcourse import grading, notebook, sandbox
from conftest import PS1, REPO, new_course, source_notebook, submission, max_points

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
def alice_course(tmp_path):
    """A course with alice's (right) ps1 submitted."""
    course = grading.Course.scratch(tmp_path / "course")
    course.import_students()
    course.generate(PS1)
    course.submit(PS1, "alice", REPO / "samples" / PS1 / "alice" / NAME)
    return course


@pytest.fixture
def no_bubblewrap(alice_course):
    """alice's course, and an environment where bwrap cannot be found."""
    alice_course.env = dict(os.environ, PATH=os.path.dirname(sys.executable))  # no /usr/bin: no bwrap
    return alice_course


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
    assert result.stderr.count("WITHOUT a sandbox") == 1 and "KHÔNG có sandbox" in result.stderr
    got, best = autograded_points(no_bubblewrap, "alice")
    assert got == best > 0


def _private_copy_of_the_package(folder):
    """The course package copied as under ``umask 077``: a 0700 folder, files 0600."""
    import shutil

    shutil.copytree(REPO / "gradcourse", folder / "gradcourse", ignore=shutil.ignore_patterns("__pycache__"))
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)


@pytest.fixture
def private_course():
    """alice's ps1 in a course kept in a private folder (made by mkdtemp: 0700), its package private too."""
    import shutil
    import tempfile
    from pathlib import Path

    root = Path(tempfile.mkdtemp(prefix="private-course-"))
    course = grading.Course.scratch(root)
    course.import_students()
    course.generate(PS1)
    course.submit(PS1, "alice", REPO / "samples" / PS1 / "alice" / NAME)
    _private_copy_of_the_package(root)
    yield course
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("door", [["-m", "gradcourse.cli", "autograde", PS1], ["-m", "nbgrader", "autograde", PS1]])
def test_a_course_in_a_private_folder_earns_the_right_answer_full_marks(private_course, door):
    """As root the kernel runs as nobody, who can read neither the folder nor the package's 0600 files."""
    assert oct(private_course.root.stat().st_mode & 0o777) == "0o700"
    env = dict(os.environ, PYTHONPATH=str(private_course.root))  # the grader imports the private package
    check = subprocess.run([sys.executable, "-c", "import gradcourse; print(gradcourse.__file__)"],
                           cwd="/", env=env, capture_output=True, text=True)
    assert check.stdout.startswith(str(private_course.root)), check
    result = subprocess.run([sys.executable, *door], cwd=private_course.root, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    got, best = autograded_points(private_course, "alice")
    assert got == best == max_points(PS1)


@pytest.fixture
def unreadable_environment(tmp_path):
    """A Python environment the sandbox's user cannot read: a venv whose site-packages is 0700 (as under
    ``umask 077``), which reaches the course's packages through a ``.pth`` file."""
    if os.geteuid() != 0:
        pytest.skip("the kernel runs as the grader's own user, who can read the grader's environment")
    import site
    import venv

    home = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(home)
    python = home / "bin" / "python"
    site_packages = subprocess.run([python, "-c", "import site; print(site.getsitepackages()[0])"],
                                   capture_output=True, text=True, check=True).stdout.strip()
    ours = [p for p in site.getsitepackages() if os.path.isdir(p)]
    with open(os.path.join(site_packages, "course.pth"), "w") as pth:
        pth.write("".join(f"import site; site.addsitedir({p!r})\n" for p in ours))
    os.chmod(site_packages, 0o700)
    return python, site_packages


@pytest.mark.parametrize("door", [["-m", "gradcourse.cli", "autograde", PS1], ["-m", "nbgrader", "autograde", PS1]])
def test_a_sandbox_that_cannot_read_the_environment_stops_before_grading(alice_course, unreadable_environment, door):
    python, site_packages = unreadable_environment
    env = dict(os.environ, PATH=f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}")
    result = subprocess.run([str(python), *door], cwd=alice_course.root, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-3000:]
    assert "Grading stopped before any student was graded" in out and "Việc chấm đã dừng" in out, out[-3000:]
    assert f"It cannot read {site_packages} (mode 0700" in out and f"chmod -R a+rX {site_packages}" in out
    assert recorded(alice_course, "alice") == []
    assert not (alice_course.root / "autograded" / "alice").exists()


def test_a_setup_cell_that_fails_for_the_graders_reasons_records_nothing(alice_course):
    """The instructor's setup cell imports a module the grading environment lacks (the preflight is off, as if
    it had passed): grading stops for each student with a reason, and no zero is recorded."""
    source = alice_course.root / "source" / PS1 / NAME
    nb = notebook.read(source)
    setup = next(c for c in nb.cells if notebook.grade_id(c) == "setup")
    setup.source += "\nimport a_module_the_grader_lacks"
    notebook.write(nb, source)
    alice_course.generate(PS1)
    result = alice_course.nbgrader("autograde", PS1, "--GuardedRun.preflight=False", check=False)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "[grading-stopped]" in out and "setup" in out and "Việc chấm bài nộp này đã dừng" in out
    assert recorded(alice_course, "alice") == []
    assert not (alice_course.root / "autograded" / "alice" / PS1 / NAME).exists()
    # with the preflight on (the default), it stops before anyone, naming the module
    result = alice_course.nbgrader("autograde", PS1, check=False)
    assert result.returncode != 0 and "a_module_the_grader_lacks" in result.stdout + result.stderr
    assert "Grading stopped before any student was graded" in result.stdout + result.stderr


def test_a_student_who_shadows_a_module_is_graded_not_excused(alice_course):
    """A cv2.py of the student's own that breaks the setup cell is the student's doing: graded, not stopped."""
    folder = alice_course.root / "submitted" / "alice" / PS1
    (folder / "cv2.py").write_text("raise ImportError('no OpenCV for the grader today')\n", encoding="utf-8")
    result = alice_course.nbgrader("autograde", PS1, check=False)
    assert "[grading-stopped]" not in result.stdout + result.stderr
    got, best = autograded_points(alice_course, "alice")
    assert (got, best) == (0, max_points(PS1))


def test_the_sandboxs_copy_of_the_package_follows_the_package(tmp_path, monkeypatch):
    """A long-lived grader (the formgrader's server) copies the package again when it changes, a new module
    included; an unchanged package is not copied again."""
    package = tmp_path / "gradcourse"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(sandbox, "PACKAGE", package)
    first = sandbox.readable_package()
    assert sandbox.readable_package() == first
    (package / "selfcheck.py").write_text("ASKED = True\n", encoding="utf-8")
    second = sandbox.readable_package()
    assert second != first and os.path.exists(os.path.join(second, "selfcheck.py"))
    assert oct(os.stat(os.path.join(second, "selfcheck.py")).st_mode & 0o777) == "0o644"
