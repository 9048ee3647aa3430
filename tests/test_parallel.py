"""Grading a class in parallel (`gradcourse autograde --jobs N`) leaves the gradebook a sequential run leaves.

One small ps1 class with a bit of everything (right, wrong, blank, a kernel
that dies, unreadable JSON, corrupt nbgrader metadata) is graded three times
in real nbgrader: sequentially on SQLite, with two workers on SQLite from the
command line, and with two workers on a real PostgreSQL server.
"""

import copy
import functools
import io
import subprocess
import sys

import nbformat
import pytest

from gradcourse import dashboard, grading, notebook, parallel, samples
from conftest import PS1, REPO, new_course, submission, max_points

pytestmark = pytest.mark.slow

NAME = grading.notebook_name(REPO, PS1)


def corrupt():
    """A graded cell with negative points: nbgrader's metadata check rejects the whole notebook."""
    nb = submission()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata.nbgrader = {"grade": True, "grade_id": "extra", "points": -5, "schema_version": 3,
                              "solution": False, "locked": False, "task": False}
    nb.cells.append(cell)
    return nb


def dies():
    nb = submission()
    at = next(i for i, c in enumerate(nb.cells) if notebook.grade_id(c) == "neighbours") + 1
    nb.cells.insert(at, nbformat.v4.new_code_cell("import os\nos._exit(3)"))
    return nb


@functools.lru_cache(maxsize=None)
def hostile():
    """The generated submissions, made once: new cells get random ids, and every run must see the same."""
    return {"roll": submission(wrong=[("image_gradients", "np-roll")]), "dies": dies(), "corrupt": corrupt()}


def the_class(course):
    for student, nb in hostile().items():
        course.submit(PS1, student, nb)
    for student in samples.STUDENTS:
        course.submit(PS1, student.id, REPO / "samples" / PS1 / student.id / NAME)
    course.submit(PS1, "garbage", submission())
    (course.root / "submitted" / "garbage" / PS1 / NAME).write_text('{"cells": [', encoding="utf-8")
    course.submit(PS1, "late", submission(), timestamp="2026-11-21 23:59:00.000000 UTC")
    return course


def shown(output):
    """An output, without what differs from run to run (the random tests' inputs, in their messages)."""
    if output.output_type == "error":
        return "error", output.ename, grading.MISCONCEPTION_TAG.findall(output.evalue)
    if output.output_type == "stream":
        return "stream", output.name
    return output.output_type, sorted(output.get("data", {}))


def outputs(course, student):
    """What the student's autograded notebook shows, cell by cell (the grading notes cell aside)."""
    nb = notebook.read(course.root / "autograded" / student / PS1 / NAME)
    return [(cell.get("id"), cell.source, [shown(o) for o in cell.get("outputs", [])])
            for cell in nb.cells if not cell.source.startswith("### Grading notes")]


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    course = the_class(new_course(tmp_path_factory.mktemp("sequential"), PS1))
    notes = course.autograde(PS1)
    return course, notes, dashboard.gradebook_rows(course.db_url)


@pytest.fixture(scope="module")
def command_line(tmp_path_factory):
    course = the_class(new_course(tmp_path_factory.mktemp("parallel"), PS1))
    result = subprocess.run([sys.executable, "-m", "gradcourse.cli", "autograde", PS1, "--jobs", "2"],
                            cwd=course.root, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr[-3000:]
    return course, result


def test_the_sequential_run_grades_the_class_as_expected(sequential):
    course, notes, rows = sequential
    totals = dashboard.totals(rows, PS1)
    assert totals["alice"] == totals["late"] == totals["dies"] == (max_points(PS1), max_points(PS1) + max_points(PS1, written=True))
    assert totals["garbage"][0] == totals["corrupt"][0] == 0
    assert notes["garbage"] == ["unreadable"] and notes["corrupt"] == ["grading-failed"]
    assert "kernel-exited" in notes["dies"]


def test_two_workers_leave_the_same_gradebook_as_one(sequential, command_line):
    course, result = command_line
    assert dashboard.gradebook_rows(course.db_url) == sequential[2]
    assert "database is locked" not in result.stdout + result.stderr


def test_two_workers_leave_the_same_feedback_notebooks_and_notes(sequential, command_line):
    one, two = sequential[0], command_line[0]
    students = one.submitted_students(PS1)
    assert two.autograded_students(PS1) == students
    for student in students:
        assert two.grading_notes(PS1, student) == one.grading_notes(PS1, student), student
        if student != "corrupt":  # its note quotes the error, which each way words differently
            assert outputs(two, student) == outputs(one, student), student


def test_the_command_closes_with_a_summary_in_both_languages(command_line):
    out = command_line[1].stdout
    assert "graded 9 submissions in" in out and "đã chấm 9 bài trong" in out
    assert "2 could not be graded as submitted" in out and "2 bài không chấm được" in out
    assert "  garbage: unreadable" in out and "  corrupt: grading-failed" in out


def test_two_parallel_runs_at_once_on_a_real_postgresql_gradebook(sequential, postgres, tmp_path):
    """As two grading machines sharing the course directory would: each grades its half of the class."""
    url = postgres()
    course = new_course(tmp_path / "course", PS1, db_url=url)
    the_class(course)
    students = course.submitted_students(PS1)
    other = subprocess.Popen([sys.executable, "-m", "gradcourse.cli", "autograde", PS1, "--jobs", "2",
                              *(f"--student={s}" for s in students[::2])],
                             cwd=course.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    bar = io.StringIO()
    notes = course.autograde(PS1, *students[1::2], jobs=2, progress=bar)
    out, err = other.communicate(timeout=600)
    assert other.returncode == 0, err[-3000:]
    assert course.db_url == url and not (course.root / "gradebook.db").exists()
    assert dashboard.gradebook_rows(url) == sequential[2]
    assert notes == {s: sequential[1][s] for s in students[1::2]}
    assert f"graded {len(students[::2])} submissions" in out
    assert f"{len(students[1::2])}/{len(students[1::2])}" in bar.getvalue() and "submission" in bar.getvalue()
    assert not any((course.root / parallel.DIRECTORY).iterdir()), "each run removes its own folder"


def test_the_execute_and_record_passes_split_at_the_execute_step(sequential):
    config = sequential[0].config()
    execute, record = parallel.split_passes(config)
    assert execute[0] == "nbgrader.preprocessors.clearoutput.ClearOutput"
    assert execute[-1] == "gradcourse.execute.GuardedExecute"
    assert record[0] == "nbgrader.preprocessors.ignorepattern.IgnorePattern"
    assert "nbgrader.preprocessors.saveautogrades.SaveAutoGrades" in record
    plain = copy.deepcopy(config)
    plain.Autograde.autograde_preprocessors = ["nbgrader.preprocessors.SaveAutoGrades"]
    with pytest.raises(ValueError, match="no execute step"):
        parallel.split_passes(plain)
