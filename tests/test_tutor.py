"""Failures read like a tutor (gradcourse.tutor): in the kernel, in nbgrader's Validate and in the feedback HTML.

One ps1 submission holds an exercise not answered (the stub left), a wrong
answer (uint8 wrap-around), an answer whose own code raises an IndexError
and a quiz not answered.  It runs in a real kernel (nbclient, as JupyterLab
runs it), through the real `nbgrader validate`, and through `nbgrader
autograde` and `generate_feedback` in a scratch course.
"""

import json

import nbclient
import pytest

from gradcourse import grading, tutor
from conftest import PS1, REPO, new_course, submission
from test_feedback import hidden_lines, page_text

pytestmark = pytest.mark.slow

STUB = 'def neighbours(image, x, y):\n    # YOUR CODE HERE / VIẾT CODE CỦA BẠN Ở ĐÂY\n    raise NotImplementedError()\n'
WRAPS = ("def pixel_gradient(image, x, y):\n"
         "    return image[y, x + 1] - image[y, x - 1], image[y + 1, x] - image[y - 1, x]\n")
OWN_BUG = ("def gradient_magnitude(gx, gy):\n"
           "    values = [gx, gy]\n"
           "    return values[2] ** 0.5  # the student's own IndexError\n")
QUIZ_STUB = '# YOUR CODE HERE / VIẾT CODE CỦA BẠN Ở ĐÂY\nraise NotImplementedError()\n'
ANSWERS = {"neighbours": STUB, "pixel_gradient": WRAPS, "gradient_magnitude": OWN_BUG, "quiz_1": QUIZ_STUB}
NAME = grading.notebook_name(REPO, PS1)


def student_notebook():
    nb = submission(PS1)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in ANSWERS:
            cell.source = ANSWERS[grade_id]
    return nb


def errors_by_cell(nb):
    """``{grade_id: (ename, traceback text)}`` of the cells that failed."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                text = "\n".join(tutor.plain(line) for line in output.traceback)
                found[cell.metadata.get("nbgrader", {}).get("grade_id")] = (output.ename, text)
    return found


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """The submission run top to bottom in a real kernel, in its assignment folder, as a student runs it."""
    folder = tmp_path_factory.mktemp("student") / PS1
    folder.mkdir()
    nb = student_notebook()
    nbclient.NotebookClient(nb, allow_errors=True, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(folder)}}).execute()
    return errors_by_cell(nb)


def test_no_failure_shows_a_frame_of_the_course_package(ran):
    assert ran, "the submission has failures"
    for grade_id, (_, text) in ran.items():
        assert "gradcourse/" not in text and "checks.py" not in text, (grade_id, text)


def test_a_failed_check_shows_its_bilingual_message_alone(ran):
    ename, text = next(v for k, v in ran.items() if k.startswith("test_pixel_gradient"))
    assert ename == "CheckFailure"
    assert text.startswith("[uint8-wraparound] ") and "Tràn số uint8" in text
    assert "Traceback" not in text


def test_an_unanswered_exercise_says_not_answered_yet_in_both_languages(ran):
    neighbours = [text for grade_id, (_, text) in ran.items() if grade_id.startswith("test_neighbours")]
    assert neighbours and all(text.startswith("[not-answered] Not answered yet") for text in neighbours)
    assert all("Chưa trả lời" in text and "NotImplementedError" in text for text in neighbours)
    ename, text = ran["quiz_1"]  # the quiz's own stub, raised in its cell
    assert ename == "NotImplementedError" and "[not-answered]" in text and "Traceback" not in text
    test_quiz = next(text for grade_id, (_, text) in ran.items() if grade_id.startswith("test_quiz_1"))
    assert "quiz_1 is not defined yet" in test_quiz and "quiz_1 chưa được định nghĩa" in test_quiz


def test_an_error_in_the_students_own_code_keeps_the_students_frames(ran):
    magnitude = [text for grade_id, (_, text) in ran.items() if grade_id.startswith("test_gradient_magnitude")]
    assert magnitude
    for text in magnitude:
        assert "IndexError" in text and "values[2] ** 0.5" in text and "in gradient_magnitude" in text


def test_nbgrader_validate_reports_the_same_remarks(tmp_path):
    path = tmp_path / NAME
    path.write_text(json.dumps(student_notebook()), encoding="utf-8")
    course = grading.Course(tmp_path)
    result = course.nbgrader("validate", str(path), check=False)
    report = tutor.plain(result.stdout + result.stderr)
    assert "[not-answered] Not answered yet" in report and "[uint8-wraparound]" in report
    assert "values[2] ** 0.5" in report
    assert "gradcourse/checks.py" not in report and "gradcourse/tutor.py" not in report


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = new_course(tmp_path_factory.mktemp("tutor-course"), PS1)
    course.submit(PS1, "chris", student_notebook())
    course.nbgrader("autograde", PS1)
    course.nbgrader("generate_feedback", PS1)
    return course


def test_the_feedback_html_shows_the_same_remarks_and_no_hidden_line(graded):
    text = page_text(graded.root / "feedback" / "chris" / PS1 / NAME.replace(".ipynb", ".html"))
    assert "[not-answered] Not answered yet" in text and "Chưa trả lời" in text
    assert "[uint8-wraparound]" in text
    assert "values[2] ** 0.5" in text and "IndexError" in text  # the student's own frame stays
    assert "gradcourse/" not in text
    assert [line for line in hidden_lines(PS1) if line in text] == []


def test_an_unanswered_exercise_still_costs_its_points(graded):
    from nbgrader.api import Gradebook

    with Gradebook(graded.db_url) as gb:
        grades = {g.name: (g.auto_score, g.max_score)
                  for g in gb.find_submission_notebook(NAME.removesuffix(".ipynb"), PS1, "chris").grades}

    def scores(prefix):
        found = [score for name, score in grades.items() if name.startswith(prefix)]
        assert found, prefix
        return found

    assert all(auto == 0 for auto, _ in scores("test_neighbours"))
    assert all(auto == 0 for auto, _ in scores("test_gradient_magnitude"))
    assert all(auto == most > 0 for auto, most in scores("test_gradient_orientation"))  # right answers keep theirs
