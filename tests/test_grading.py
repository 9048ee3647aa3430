"""End to end with the real nbgrader: generate, autograde, feedback, export, validate.

One scratch course grades, in one ``nbgrader autograde`` run per assignment,
the instructor's solution, the untouched release, the student with a
Vietnamese name, and the typical wrong answers, packed as the sample class's
copies are (notebook ``wrongK`` carries the K-th wrong answer of every
exercise, the solution where an exercise has fewer: ``samples.wrong_answer_notebooks``),
all under a plain C locale.
"""

import csv
import io
import os
import re
import subprocess
import sys

import pytest

from gradcourse import grading, lessons, misconceptions, notebook, samples
from conftest import PS1, PS2, PS3, REPO, release_notebook, source_notebook

pytestmark = pytest.mark.slow

ASSIGNMENTS = grading.assignments()
NAME = "manual_gradients.ipynb"
SOURCE = notebook.read(REPO / "source" / PS1 / NAME)
RELEASE = notebook.read(REPO / "release" / PS1 / NAME)


def assignment_of(wrong):
    """The assignment whose notebook has the wrong answer's exercise."""
    return next(a for a in ASSIGNMENTS if wrong.exercise in notebook.solutions(source_notebook(a)))


# A correct answer that warns in every way a student's code can.
WARNS = """import sys
import warnings
import numpy as np

def image_gradients(image):
    warnings.warn("my own warning", UserWarning)
    np.array([1.0]) / np.array([0.0])  # RuntimeWarning: divide by zero
    print("debugging on stderr", file=sys.stderr)
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    return padded[1:-1, 2:] - padded[1:-1, :-2], padded[2:, 1:-1] - padded[:-2, 1:-1]

image_gradients(np.zeros((3, 3)))  # warns in the answer cell too
"""


def variant_id(wrong):
    return f"{wrong.exercise}-{wrong.key}"


def packed_in(wrong):
    """The student whose notebook carries ``wrong`` (see samples.wrong_answer_notebooks)."""
    return f"wrong{misconceptions.for_exercise(wrong.exercise).index(wrong) + 1}"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    with pytest.MonkeyPatch.context() as env:
        for name in ("LC_ALL", "LANG", "LC_CTYPE"):
            env.setenv(name, "C")
        env.setenv("PYTHONCOERCECLOCALE", "0")
        course = grading.Course.scratch(tmp_path_factory.mktemp("course"))
        course.import_students()
        duc = next(s for s in samples.STUDENTS if s.last_name == "Nguyễn")
        course.submit(PS1, "warns", samples.submission(samples.Answers(written={"image_gradients": WARNS}),
                                                       SOURCE, RELEASE))
        for assignment in ASSIGNMENTS:
            source, release = source_notebook(assignment), release_notebook(assignment)
            name = grading.notebook_name(REPO, assignment)
            course.generate(assignment)
            course.submit(assignment, "solution", samples.submission(samples.Answers(), source, release))
            course.submit(assignment, "untouched", release)
            course.submit(assignment, duc.id, REPO / "samples" / assignment / duc.id / name)
        for assignment in ASSIGNMENTS:
            packed = samples.wrong_answer_notebooks(source_notebook(assignment), release_notebook(assignment))
            for student, nb in packed.items():
                course.submit(assignment, student, nb)
        for assignment in ASSIGNMENTS:
            course.autograde(assignment, jobs=2)  # tests/test_parallel.py: the same grades as one at a time
            course.feedback(assignment)
        course.export()
        yield course


def autograded_cells(course, student, assignment=PS1):
    return {gid: r for gid, r in course.cell_results(assignment, student).items() if gid.startswith("test_")}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_earns_every_autograded_point(graded, assignment):
    cells = autograded_cells(graded, "solution", assignment)
    assert len(cells) >= 14
    lost = {gid: (r.score, r.max_score, r.misconception) for gid, r in cells.items() if r.score != r.max_score}
    assert lost == {}


def test_a_correct_answer_that_prints_warnings_keeps_its_points(graded):
    cells = autograded_cells(graded, "warns")
    assert [gid for gid, r in cells.items() if r.score != r.max_score] == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_untouched_release_earns_nothing(graded, assignment):
    cells = autograded_cells(graded, "untouched", assignment)
    assert sum(r.score for r in cells.values()) == 0
    assert "not-answered" in {r.misconception for r in cells.values()}  # said so, in both languages
    assert {r.misconception for r in cells.values()} <= {"not-answered", "NotImplementedError", "NameError"}


@pytest.mark.parametrize("wrong", misconceptions.every(), ids=variant_id)
def test_a_misconception_loses_its_functions_points_and_is_named(graded, wrong):
    cells = autograded_cells(graded, packed_in(wrong), assignment_of(wrong))
    own = {gid: r for gid, r in cells.items() if gid.startswith(f"test_{wrong.exercise}_")}
    assert own
    assert sum(r.score for r in own.values()) < sum(r.max_score for r in own.values())
    assert wrong.key in {r.misconception for r in own.values()}, "the feedback names the misconception"


def packed_notebooks():
    return [(a, f"wrong{k + 1}") for a in ASSIGNMENTS
            for k in range(max(len(misconceptions.for_exercise(e)) for e in notebook.solutions(source_notebook(a))))]


@pytest.mark.parametrize("assignment, student", packed_notebooks())
def test_beside_wrong_answers_every_right_answer_keeps_its_points(graded, assignment, student):
    """A mistake costs its own function's points only: in a notebook of wrong answers, the exercises that
    carry the solution keep every point (each exercise is graded on its own: checks.BUILDS_ON)."""
    k = int(student[len("wrong"):]) - 1
    right = {e for e in notebook.solutions(source_notebook(assignment)) if k >= len(misconceptions.for_exercise(e))}
    cells = autograded_cells(graded, student, assignment)
    kept = {gid: r for gid, r in cells.items()
            if any(gid == f"test_{e}" or gid.startswith(f"test_{e}_") for e in right)}
    assert len(kept) >= 2 and [gid for gid, r in kept.items() if r.score != r.max_score] == []


def vietnamese_title(assignment):
    """The lesson's Vietnamese title: the heading of its first Vietnamese text cell."""
    cell = next(c for c in source_notebook(assignment).cells if notebook.language(c) == "vi")
    return cell.source.splitlines()[0].lstrip("# ").strip()


def test_feedback_is_written_in_both_languages(graded):
    duc = next(s for s in samples.STUDENTS if s.last_name == "Nguyễn")
    html = (graded.root / "feedback" / duc.id / PS1 / NAME.replace(".ipynb", ".html")).read_text(encoding="utf-8")
    assert vietnamese_title(PS1) in html
    assert "[abs-sum]" in html and "độ lớn gradient" in html
    html = (graded.root / "feedback" / duc.id / PS2 / "sobel_scharr.html").read_text(encoding="utf-8")
    assert vietnamese_title(PS2) in html
    assert "[not-by-hand]" in html and "[convertscaleabs-skipped]" in html
    html = (graded.root / "feedback" / duc.id / PS3 / "orientation_masks.html").read_text(encoding="utf-8")
    assert vietnamese_title(PS3) in html
    assert "[no-fold]" in html and "[no-wrap]" in html and "chưa được gập" in html


def test_the_images_reach_the_autograded_folders(graded):
    """Test cells load images/…; nbgrader copies them from source/ next to every submission."""
    cells = autograded_cells(graded, "untouched", PS2)
    assert (graded.root / "autograded" / "untouched" / PS2 / "images" / "brick.png").exists()
    assert "ImageNotFound" not in {r.misconception for r in cells.values()}


def test_grades_csv_round_trips_a_vietnamese_name_under_a_c_locale(graded):
    rows = list(csv.DictReader(io.StringIO((graded.root / "grades.csv").read_bytes().decode("utf-8"))))
    duc = next(r for r in rows if r["student_id"] == "nguyen_van_duc")
    assert (duc["last_name"], duc["first_name"]) == ("Nguyễn", "Văn Đức")
    assert float(duc["raw_score"]) < float(duc["max_score"])


def validate(course_dir, path, *flags):
    return grading.Course(course_dir).nbgrader("validate", *flags, str(path), check=False).stdout


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_validate_passes_the_solution_and_the_source(graded, tmp_path, assignment):
    name = grading.notebook_name(REPO, assignment)
    solution = tmp_path / name
    notebook.write(samples.submission(samples.Answers(), source_notebook(assignment),
                                      release_notebook(assignment)), solution)
    assert "Success! Your notebook passes all the tests." in validate(graded.root, solution)
    assert "Success! Your notebook passes all the tests." in validate(graded.root, REPO / "source" / assignment / name)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_validate_invert_passes_on_the_release_and_plain_validate_fails_it(graded, assignment):
    release = REPO / "release" / assignment / grading.notebook_name(REPO, assignment)
    assert "Success! The notebook does not pass any tests." in validate(graded.root, release, "--invert")
    assert "Success!" not in validate(graded.root, release)


def test_the_pipeline_command_prints_the_class_table(tmp_path):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    result = subprocess.run([sys.executable, "-m", "gradcourse.cli", "pipeline", "--keep", str(tmp_path / "c"),
                             "--jobs", "2"], capture_output=True, text=True, encoding="utf-8", env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {tuple(line.split()[:1]) + tuple(a for a in ASSIGNMENTS if a in line): line
            for line in result.stdout.splitlines() if line.split()}
    # each sample student's typical wrong answers (the lesson's SAMPLES) are named in the table
    expected = {a: {s: [key for _, key in lessons.load(a).SAMPLES[s].wrong] for s in ("chris", "nguyen_van_duc")}
                for a in ASSIGNMENTS}
    for assignment in (PS1, PS2, PS3):  # and their wrong quiz answers
        expected[assignment]["chris"].append("quiz-wrong")
    for assignment in ASSIGNMENTS:
        auto = {s: tuple(map(float, re.search(r"(\d+(?:\.\d+)?) / (\d+(?:\.\d+)?)",
                                              rows[s, assignment]).groups()))
                for s in ("alice", "le_binh", "chris", "nguyen_van_duc")}
        assert auto["alice"][0] == auto["alice"][1] >= 15
        assert auto["le_binh"][0] == 0
        for student, reasons in expected[assignment].items():
            assert 0 < auto[student][0] < auto[student][1]
            assert all(r in rows[student, assignment] for r in reasons), rows[student, assignment]
    assert "Nguyễn Văn Đức" in result.stdout
    assert (tmp_path / "c" / "grades.csv").exists()
