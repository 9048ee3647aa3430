"""Hostile and broken submissions, graded beside an honest one, through each door an instructor may take.

The same class is graded by `gradcourse autograde`, by plain `nbgrader
autograde` in the course folder (as nbgrader's documentation teaches) and
through nbgrader's API one student at a time (what the formgrader's Autograde
button calls).  Through every door each student still gets a grade and a
bilingual reason; what could be graded keeps its points; tampering earns
nothing; the honest student keeps full marks and its files.  Limits are
lowered for the run (5 s per cell, 90 s per notebook) so the endless loops
cost little, and the memory and fork cases stay inside the sandbox's limits.
"""

import copy
import json
import time

import nbformat
import pytest

from gradcourse import grading, notebook
from conftest import PS1, PS2, REPO, max_points, new_course, submission

pytestmark = pytest.mark.slow

NAME = grading.notebook_name(REPO, PS1)
FULL = max_points(PS1)  # what an honest ps1 earns from the autograder
CELL_TIMEOUT, NOTEBOOK_TIMEOUT = 5, 90

EXITS = "import os\nos._exit(3)"
CRASHES = "import faulthandler\nfaulthandler._sigsegv()"
DEAF_LOOP = "import signal as s, time as t\ns.signal(s.SIGINT, s.SIG_IGN)\nwhile True:\n    t.sleep(1)"
SYSTEM_EXIT = "raise SystemExit(1)"
QUITS = "exit()"
HOG = "hog = []\nwhile True:\n    hog.append(bytearray(2**27))"
FORKS = """import os, time
n = 0
try:
    for _ in range(1000):
        if os.fork() == 0:
            time.sleep(3)
            os._exit(0)
        n += 1
except OSError as error:
    print("FORKS", n, error.errno)"""
FLOOD = "for _ in range(40_000):\n    print('x' * 1000)"
# ipykernel flushes on a timer: unmerged, this is three outputs, or two, as the machine's load decides
CHATTY = "import sys, time\nprint('one', flush=True)\ntime.sleep(0.5)\nprint('oops', file=sys.stderr, flush=True)\n" \
         "time.sleep(0.5)\nprint('two')"
HABITS = "%matplotlib inline\n%timeit -n 2 -r 1 gradient_magnitude(np.ones((4, 4)), np.ones((4, 4)))\ngradient_magnitude?"

WRONG_MAGNITUDE = "def gradient_magnitude(gx, gy):\n    return np.abs(gx) + np.abs(gy)\n"
PATCH_NUMPY = """import numpy as np
np.array_equal = lambda *a, **k: True
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_equal = lambda *a, **k: None"""
PATCH_CHECKS = """import gradcourse.checks as c
for n in dir(c):
    if callable(getattr(c, n)) and not isinstance(getattr(c, n), type):
        setattr(c, n, lambda *a, **k: None)"""
HIDE_ERRORS = "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)"
EQUALS_ANYTHING = '''class Anything(tuple):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = tuple.__hash__

class AnyArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)
    def __array_function__(self, func, types, args, kwargs):
        return True if func.__name__.startswith(("array_equal", "allclose")) else super().__array_function__(func, types, args, kwargs)

def neighbours(image, x, y):
    return Anything((0, 0, 0, 0))

def gradient_magnitude(gx, gy):
    return np.zeros(np.shape(gx)).view(AnyArray) if np.ndim(gx) else Anything()
'''


# what the sandbox is for: without it these rewrite the gradebook and wipe the class's folders
TAMPER_GRADEBOOK = """import glob
for path in ["../../../gradebook.db", *glob.glob("/*/gradebook.db"), *glob.glob("/tmp/*/*/gradebook.db")]:
    try:
        with open(path, "wb") as f:
            f.write(b"not a database any more")
    except OSError:
        pass"""
WIPE_OTHERS = """import glob, os, shutil
for path in glob.glob("../../*") + glob.glob("../../../submitted/*") + glob.glob("../../../source/*"):
    if os.path.realpath(path) != os.path.realpath("../.."):
        shutil.rmtree(path, ignore_errors=True)"""

DOORS = ("gradcourse", "nbgrader", "api")

def autograde_through(course, door, options):
    """Grade the whole class through ``door``; return ``{student: grading-note keys}``."""
    students = course.submitted_students(PS1)
    if door == "gradcourse":
        return course.autograde(PS1, options=options)
    if door == "nbgrader":
        course.nbgrader("autograde", PS1, *options, check=False)
    else:
        course.refused = course.autograde_as_formgrader(PS1, students, options)
    return {student: course.grading_notes(PS1, student) for student in students}


# nbgrader's API looks for the one student's notebooks before any course code runs: a submission with no
# notebook at all is refused there ("No notebooks were matched"), and the formgrader shows that error.
NO_NOTEBOOK = "absent"


def graded(course):
    """The students the door graded: all of them, but the formgrader's refusal of a submission with no notebook."""
    return set(course.notes) - ({NO_NOTEBOOK} if course.door == "api" else set())


def _plain(source):
    return nbformat.v4.new_code_cell(source)


def _index(nb, grade_id):
    return next(i for i, c in enumerate(nb.cells) if notebook.grade_id(c) == grade_id)


def _after(nb, grade_id, *sources):
    nb = copy.deepcopy(nb)
    at = _index(nb, grade_id) + 1
    nb.cells[at:at] = [_plain(s) for s in sources]
    return nb


@pytest.fixture(scope="module", params=DOORS)
def run(request, tmp_path_factory):
    course = new_course(tmp_path_factory.mktemp(f"course-{request.param}"), PS1)
    course.door, course.refused = request.param, set()
    right = submission()

    subs = {
        "honest": right,
        "habits": _after(right, "gradient_magnitude", HABITS, CHATTY),
        "exits": _after(right, "neighbours", EXITS),
        "crashes": _after(right, "neighbours", CRASHES),
        "deaf_loop": _after(right, "neighbours", DEAF_LOOP),
        "quits": _after(right, "neighbours", SYSTEM_EXIT, QUITS),
        "hog": _after(right, "neighbours", HOG),
        "forks": _after(right, "quiz_4", FORKS),
        "flood": _after(right, "neighbours", FLOOD),
        "slow": submission(neighbours="def neighbours(image, x, y):\n    while True:\n        pass\n"),
        "renamed": right,
        "deleted": copy.deepcopy(right),
        "edited": submission(gradient_magnitude=WRONG_MAGNITUDE),
        "duplicated": copy.deepcopy(right),
        "patch_numpy": _after(submission(gradient_magnitude=WRONG_MAGNITUDE), "gradient_magnitude", PATCH_NUMPY),
        "patch_checks": _after(submission(gradient_magnitude=WRONG_MAGNITUDE), "gradient_magnitude", PATCH_CHECKS),
        "hide_errors": _after(submission(gradient_magnitude=WRONG_MAGNITUDE), "gradient_magnitude", HIDE_ERRORS),
        "equals_anything": submission(neighbours=EQUALS_ANYTHING, gradient_magnitude="pass\n"),
        "control_wrong": submission(gradient_magnitude=WRONG_MAGNITUDE),
        "gradebook": _after(right, "neighbours", TAMPER_GRADEBOOK),
        "wiper": _after(right, "neighbours", WIPE_OTHERS),
    }
    del subs["deleted"].cells[_index(subs["deleted"], "test_neighbours_a")]
    for cell in subs["edited"].cells:
        if notebook.grade_id(cell, ) and notebook.grade_id(cell).startswith("test_gradient_magnitude"):
            cell.source = "pass"
            cell.metadata.nbgrader["points"] = 100
    dup = subs["duplicated"]
    for grade_id in ("test_pixel_gradient_a", "pixel_gradient"):
        at = _index(dup, grade_id)
        twin = copy.deepcopy(dup.cells[at])
        twin.id = f"{twin.id}-twin"
        dup.cells.insert(at + 1, twin)
    for student, nb in subs.items():
        course.submit(PS1, student, nb)
    folder = course.root / "submitted"
    (folder / "renamed" / PS1 / NAME).rename(folder / "renamed" / PS1 / "my_gradients.ipynb")
    course.submit(PS1, "garbage", right)
    (folder / "garbage" / PS1 / NAME).write_text('{"cells": [', encoding="utf-8")
    course.submit(PS1, "absent", right)
    (folder / "absent" / PS1 / NAME).unlink()
    course.submit(PS1, "other", REPO / "samples" / PS2 / "alice" / grading.notebook_name(REPO, PS2))

    before = {p: p.read_bytes() for p in (course.root / "submitted").rglob("*") if p.is_file()}
    start = time.perf_counter()
    notes = autograde_through(course, course.door, [f"--Execute.timeout={CELL_TIMEOUT}",
                                                    f"--GuardedExecute.notebook_timeout={NOTEBOOK_TIMEOUT}"])
    course.seconds = time.perf_counter() - start
    course.notes = notes
    course.before = before
    return course


def points(course, student):
    cells = course.cell_results(PS1, student).values()
    tests = [c for c in cells if c.grade_id.startswith("test_")]
    return sum(c.score or 0 for c in tests), sum(c.max_score for c in tests)


def lost(course, student):
    return {c.grade_id: c.misconception for c in course.cell_results(PS1, student).values()
            if c.grade_id.startswith("test_") and (c.score or 0) < c.max_score}


def autograded(course, student):
    return notebook.read(course.root / "autograded" / student / PS1 / NAME)


def test_every_student_has_a_grade_and_the_run_is_bounded(run):
    assert set(run.notes) == set(run.submitted_students(PS1))
    assert run.refused == set(run.notes) - graded(run)
    for student in graded(run):
        got, best = points(run, student)
        assert best == FULL, (student, best)
    # the whole class, two endless loops and a slow function included, in bounded time
    assert run.seconds < len(run.notes) * NOTEBOOK_TIMEOUT


def test_the_honest_student_keeps_full_marks_and_no_notes(run):
    assert points(run, "honest") == (FULL, FULL)
    assert run.notes["honest"] == []


def test_tampering_with_the_gradebook_or_other_students_folders_achieves_nothing(run):
    """The sandbox shows a kernel its own folder only: the gradebook and the class's folders are out of reach."""
    assert points(run, "gradebook") == (FULL, FULL) and points(run, "wiper") == (FULL, FULL)
    assert run.notes["gradebook"] == [] and run.notes["wiper"] == []
    for student in graded(run):  # every student's autograded notebook and submission is still there
        assert (run.root / "autograded" / student / PS1 / NAME).exists(), student
        assert (run.root / "submitted" / student / PS1).is_dir(), student
    assert (run.root / "source" / PS1 / NAME).exists()


def test_everyday_magics_are_not_tampering(run):
    """%matplotlib, %timeit and ? are IPython calls, not tools against the grader: full marks, no notes."""
    assert points(run, "habits") == (FULL, FULL)
    assert run.notes["habits"] == []


@pytest.mark.parametrize("student, key", [
    ("exits", "kernel-exited"), ("crashes", "kernel-crashed"), ("deaf_loop", "cell-timeout"),
    ("quits", "kernel-exited"), ("flood", "output-truncated"),
])
def test_a_cell_that_kills_hangs_or_floods_costs_nothing_else(run, student, key):
    assert points(run, student) == (FULL, FULL)
    assert key in run.notes[student]


def test_memory_exhaustion_stops_at_the_limit_and_costs_nothing(run):
    nb = autograded(run, "hog")
    errors = [o.get("ename") for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert "MemoryError" in errors or "kernel-killed" in run.notes["hog"]
    assert points(run, "hog") == (FULL, FULL)


def test_a_fork_storm_stops_at_the_process_limit(run):
    nb = autograded(run, "forks")
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    forks = int(text.split("FORKS ")[1].split()[0])
    assert forks < 128  # SandboxedKernelManager.process_limit, threads included
    assert points(run, "forks") == (FULL, FULL)


def test_a_cell_that_prints_in_bursts_leaves_one_output_per_stream(run):
    """The feedback must not depend on when the kernel flushed: stdout merged, then stderr."""
    cell = next(c for c in autograded(run, "habits").cells if c.source == CHATTY)
    assert [(o.output_type, o.name, o.text) for o in cell.outputs] == [
        ("stream", "stdout", "one\ntwo\n"), ("stream", "stderr", "oops\n")]


def test_a_flood_of_output_stays_small_on_disk(run):
    path = run.root / "autograded" / "flood" / PS1 / NAME
    assert path.stat().st_size < 3_000_000  # it printed 40 MB


def test_an_endless_answer_loses_its_own_tests_only(run):
    failed = lost(run, "slow")
    assert failed and all(g.startswith("test_neighbours") for g in failed), failed
    assert set(failed.values()) == {"cell-timeout"}


@pytest.mark.parametrize("student, key", [
    ("garbage", "unreadable"), ("absent", "missing-notebook"), ("other", "wrong-assignment"),
])
def test_an_ungradable_notebook_scores_zero_with_its_reason(run, student, key):
    if student not in graded(run):
        pytest.skip("the formgrader refuses a submission with no notebook before the course's guards run")
    assert points(run, student) == (0, FULL)
    assert key in run.notes[student]
    feedback_source = autograded(run, student).cells[0].source
    assert "Grading notes / Ghi chú khi chấm" in feedback_source and "bài" in feedback_source


def test_a_renamed_notebook_is_graded_under_its_name(run):
    assert points(run, "renamed") == (FULL, FULL)
    assert run.notes["renamed"] == ["renamed"]


def test_a_deleted_test_cell_is_put_back_and_graded(run):
    assert points(run, "deleted") == (FULL, FULL)
    cell = autograded(run, "deleted").cells[_index(autograded(run, "deleted"), "test_neighbours_a")]
    assert "was missing from the submission" in cell.source and "bị thiếu" in cell.source


def test_edited_test_cells_and_points_change_nothing(run):
    assert lost(run, "edited") == lost(run, "control_wrong") != {}
    assert points(run, "edited") == points(run, "control_wrong")


def test_duplicated_cells_are_graded_once(run):
    assert points(run, "duplicated") == (FULL, FULL)
    assert run.notes["duplicated"] == ["duplicated-cells"]


@pytest.mark.parametrize("student", ["patch_numpy", "patch_checks", "hide_errors"])
def test_tampering_with_the_checks_earns_nothing(run, student):
    got, _ = points(run, student)
    assert got <= points(run, "control_wrong")[0]
    assert set(lost(run, "control_wrong")) <= set(lost(run, student))


def test_objects_that_equal_anything_earn_nothing(run):
    failed = lost(run, "equals_anything")
    assert {g for g in failed if g.startswith(("test_neighbours", "test_gradient_magnitude"))} == \
        {g for g in lost(run, "control_wrong") if g.startswith("test_gradient_magnitude")} | \
        {g for g in points_cells(run) if g.startswith("test_neighbours")}


def points_cells(course):
    return {c.grade_id for c in course.cell_results(PS1, "honest").values()}


def test_nothing_submitted_was_changed(run):
    after = {p: p.read_bytes() for p in (run.root / "submitted").rglob("*") if p.is_file()}
    assert after == run.before


def test_the_notes_are_in_the_feedback_in_both_languages(run):
    run.feedback(PS1)
    html = (run.root / "feedback" / "exits" / PS1 / NAME.replace(".ipynb", ".html")).read_text(encoding="utf-8")
    assert "Grading notes / Ghi chú khi chấm" in html and "kernel mới" in html
    assert json.dumps(run.notes)  # plain data for the summary
