"""The feedback a student gets back gives nothing away (gradcourse.feedback.DiscreetFeedback).

A right answer (alice) and a wrong one (chris) of each assignment, graded by
plain `nbgrader autograde` and given feedback by `nbgrader generate_feedback`,
as nbgrader's documentation teaches.
"""

import html
import re

import pytest

from gradcourse import checks, grading, lessons, notebook
from conftest import PS1, REPO, new_course, release_notebook, source_notebook

pytestmark = pytest.mark.slow

ASSIGNMENTS = grading.assignments()
STUDENTS = {"alice": "right", "chris": "wrong"}
# what chris gets wrong in each assignment (the sample class), and must read about
CHRIS = {a: lessons.load(a).SAMPLES["chris"].wrong[0][1] for a in ASSIGNMENTS}


def hidden_lines(assignment):
    """The lines of the source's BEGIN/END HIDDEN TESTS blocks that the release does not show anyway."""
    shown = {line.strip() for cell in release_notebook(assignment).cells for line in cell.source.splitlines()}
    found = []
    for cell in source_notebook(assignment).cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line or "END HIDDEN TESTS" in line:
                inside = "BEGIN" in line
            elif inside and line.strip() and line.strip() not in shown:
                found.append(line.strip())
    return found


def page_text(path):
    """What a reader of the HTML sees: tags out (code is split into highlighted spans), entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = new_course(tmp_path_factory.mktemp("feedback"), *ASSIGNMENTS)
    for assignment in ASSIGNMENTS:
        name = grading.notebook_name(REPO, assignment)
        for student in STUDENTS:
            course.submit(assignment, student, REPO / "samples" / assignment / student / name)
        course.nbgrader("autograde", assignment)
        course.nbgrader("generate_feedback", assignment)
    return course


def feedback(course, assignment, student):
    name = grading.notebook_name(REPO, assignment).replace(".ipynb", ".html")
    return page_text(course.root / "feedback" / student / assignment / name)


def test_the_hidden_blocks_have_lines_to_look_for():
    for assignment in ASSIGNMENTS:
        assert len(hidden_lines(assignment)) >= 10, assignment
        assert any(line.startswith("checks.quiz(") for line in hidden_lines(assignment))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_release_holds_no_quiz_answer_and_no_hidden_test(assignment):
    text = "\n".join(cell.source for cell in release_notebook(assignment).cells)
    assert "checks.quiz(" not in text  # (the check-yourself questions' why= is shown on purpose, at once)
    assert [line for line in hidden_lines(assignment) if line in text] == []
    quiz = [cell.source for cell in release_notebook(assignment).cells
            if notebook.is_solution(cell) and notebook.grade_id(cell).startswith("quiz_")]
    assert quiz and all("raise NotImplementedError()" in source for source in quiz)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("student", STUDENTS)
def test_feedback_shows_no_line_of_a_hidden_test_and_no_quiz_answer(course, assignment, student):
    text = feedback(course, assignment, student)
    leaked = [line for line in hidden_lines(assignment) if line in text]
    assert leaked == []
    assert "checks.quiz(" not in text


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("student", STUDENTS)
def test_feedback_keeps_each_test_cells_docstring_and_points(course, assignment, student):
    text = feedback(course, assignment, student)
    for cell in source_notebook(assignment).cells:
        if notebook.is_test(cell):
            first = cell.source.splitlines()[0].strip('"')
            assert first in text, (cell.metadata.nbgrader["grade_id"], first)
    assert "Score:" in text


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_wrong_answer_reads_its_bilingual_message_without_a_traceback(course, assignment):
    text = feedback(course, assignment, "chris")
    key = CHRIS[assignment]
    english, vietnamese = checks.MESSAGES[key]
    assert f"[{key}]" in text
    assert english.split("{")[0][:60] in text and vietnamese.split("{")[0][:60] in text
    assert "Traceback (most recent call last)" not in text and "gradcourse/checks.py" not in text
    assert "[quiz-wrong]" in text  # chris misses a quiz question in every assignment, and is not told the answer


def test_the_instructors_autograded_notebook_keeps_everything(course):
    """The formgrader shows the autograded notebook: the hidden tests are there for the instructor."""
    nb = notebook.read(course.root / "autograded" / "chris" / PS1 / grading.notebook_name(REPO, PS1))
    text = "\n".join(cell.source for cell in nb.cells)
    assert all(line in text for line in hidden_lines(PS1))


def test_an_instructor_may_reveal_the_hidden_tests_after_the_deadline(course):
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        gb.update_or_create_assignment(PS1, duedate="2026-01-01 00:00:00")
    course.nbgrader("generate_feedback", PS1, "--force", "--DiscreetFeedback.reveal_after_deadline=True")
    text = feedback(course, PS1, "chris")
    assert all(line in text for line in hidden_lines(PS1))
    with Gradebook(course.db_url) as gb:  # before the deadline the setting reveals nothing
        gb.update_or_create_assignment(PS1, duedate="2999-01-01 00:00:00")
    course.nbgrader("generate_feedback", PS1, "--force", "--DiscreetFeedback.reveal_after_deadline=True")
    text = feedback(course, PS1, "chris")
    assert [line for line in hidden_lines(PS1) if line in text] == []
