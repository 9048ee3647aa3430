"""Grades out to Canvas and Moodle (gradcourse/export.py), after the late penalty (gradcourse/late.py).

One small ps1 class graded once in real nbgrader: alice right, Bình wrong,
Văn Đức right but a day and a half late, Chris nothing handed in; ps2 is in
the gradebook with no submission at all.  Each format's header is held as a
fixture copied from the LMS's own example (tests/fixtures/lms/): Canvas's
gradebook export, Moodle's grade import tests.
"""

import csv
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook
from traitlets import TraitError

from gradcourse.late import PercentPerDay
from conftest import PS1, PS2, REPO, max_points, new_course, submission

FIXTURES = REPO / "tests" / "fixtures" / "lms"
DUE = "2026-11-20 12:00:00 UTC"  # Course.submit's default timestamp is two hours before
LATE = "2026-11-21 23:59:00.000000 UTC"  # 36 hours after: two started days
EMAIL = {"alice": "alice@example.edu", "le_binh": "le.binh@example.edu", "nguyen_van_duc": "duc@example.edu"}
slow = pytest.mark.slow


def test_percent_per_day_takes_a_share_of_the_score_per_started_day():
    late = PercentPerDay()
    assert late.percent_per_day == 10
    assert late.late_submission_penalty("s", 30.0, 0) is None  # on time: no penalty at all
    assert late.late_submission_penalty("s", 30.0, 1) == pytest.approx(3)  # one second is a day
    assert late.late_submission_penalty("s", 30.0, 86400) == pytest.approx(3)
    assert late.late_submission_penalty("s", 30.0, 86401) == pytest.approx(6)
    assert late.late_submission_penalty("s", 0.0, 86400 * 3) == 0
    assert PercentPerDay(percent_per_day=40).late_submission_penalty("s", 30.0, 86400 * 3) == 30  # capped
    with pytest.raises(TraitError):
        PercentPerDay(percent_per_day=150)


def fixture_rows(name):
    with open(FIXTURES / name, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def read(path):
    """The rows of a written CSV, after checking it is UTF-8 without a byte-order mark."""
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(data.decode("utf-8").splitlines()))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = new_course(tmp_path_factory.mktemp("export"), PS1, PS2)
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_assignment(PS1, duedate=DUE)
        for student, email in EMAIL.items():
            gb.update_or_create_student(student, email=email)
        gb.update_or_create_student("alice", lms_user_id="40001")
    course.submit(PS1, "alice", submission())
    course.submit(PS1, "le_binh", submission(wrong=[("image_gradients", "np-roll")]))
    course.submit(PS1, "nguyen_van_duc", submission(), timestamp=LATE)
    course.autograde(PS1)
    return course


@pytest.fixture(scope="module")
def gradebook(course):
    """What the exports must say: the gradebook's assignments, points, and grades after the penalty."""
    with Gradebook(course.db_url) as gb:
        assignments = [a.name for a in gb.assignments]
        grades = {}
        for a in gb.assignments:
            for s in gb.students:
                subs = [sub for sub in a.submissions if sub.student_id == s.id]
                grades[s.id, a.name] = max(0.0, subs[0].score - subs[0].late_submission_penalty) if subs else 0.0
        late = gb.find_submission(PS1, "nguyen_van_duc")
        late_nb = late.notebooks[0]
        penalty = (late_nb.score, late_nb.late_submission_penalty, late.total_seconds_late)
        return {"assignments": assignments, "grades": grades, "penalty": penalty,
                "points": {a.name: a.max_score for a in gb.assignments}}


@pytest.fixture(scope="module")
def exported(course):
    """Each way out, once: the CLI (Canvas, and Canvas for ps1 only), nbgrader's --exporter (Moodle), plain nbgrader."""
    def cli(*args):
        result = subprocess.run([sys.executable, "-m", "gradcourse.cli", "export", *args], cwd=course.root,
                                capture_output=True, text=True, encoding="utf-8")
        assert result.returncode == 0, result.stderr[-3000:]
        return result

    canvas = cli("--format", "canvas")
    only = cli("--format", "canvas", "--assignment", PS1, "--to", "only-ps1.csv")
    moodle = course.nbgrader("export", "--exporter", "gradcourse.export.MoodleExport", "--to", "moodle.csv")
    return {"canvas": canvas, "only": only, "moodle": moodle, "plain": course.export()}


@slow
def test_the_late_penalty_is_percent_per_day_of_the_score(course, gradebook):
    score, penalty, seconds = gradebook["penalty"]
    assert seconds == 36 * 3600 - 60 and score > 0
    assert penalty == pytest.approx(PercentPerDay(config=course.config()).late_submission_penalty("", score, seconds))
    assert penalty == pytest.approx(0.2 * score)
    assert gradebook["grades"]["nguyen_van_duc", PS1] == pytest.approx(0.8 * score)
    assert gradebook["grades"]["alice", PS1] == max_points(PS1)  # the written answers are not graded by hand yet
    assert 0 < gradebook["grades"]["le_binh", PS1] < gradebook["grades"]["alice", PS1]


@slow
def test_canvas_header_points_possible_and_grades(course, gradebook, exported):
    expected = fixture_rows("canvas-header.csv")
    rows = read(course.root / "canvas-grades.csv")
    assert rows[0] == expected[0] + gradebook["assignments"]
    assert rows[1] == expected[1] + [f"{gradebook['points'][a]:g}" for a in gradebook["assignments"]]
    assert gradebook["points"][PS1] == max_points(PS1) + max_points(PS1, written=True)
    students = {row[3]: row for row in rows[2:]}
    assert sorted(students) == ["alice", "chris", "le_binh", "nguyen_van_duc"]
    assert students["alice"][:5] == ["Martin, Alice", "40001", "", "alice", ""]
    assert students["chris"][1] == ""  # no Canvas id known: Canvas goes by the SIS Login ID
    for student, row in students.items():
        for assignment, cell in zip(gradebook["assignments"], row[5:]):
            assert float(cell) == pytest.approx(gradebook["grades"][student, assignment], abs=0.005)
    assert [float(c) for c in students["chris"][5:]] == [0, 0]
    assert "wrote canvas grades for 4 students to" in exported["canvas"].stdout
    assert "đã ghi điểm (canvas) của 4 sinh viên" in exported["canvas"].stdout


@slow
def test_moodle_header_identifiers_and_grades(course, gradebook, exported):
    (expected,) = fixture_rows("moodle-header.csv")
    rows = read(course.root / "moodle.csv")
    assert rows[0] == expected + gradebook["assignments"]
    students = {row[2]: row for row in rows[1:]}
    assert sorted(students) == ["alice", "chris", "le_binh", "nguyen_van_duc"]
    for student, row in students.items():
        assert row[5] == EMAIL.get(student, "")
        for assignment, cell in zip(gradebook["assignments"], row[6:]):
            assert float(cell) == pytest.approx(gradebook["grades"][student, assignment], abs=0.005)
    # Moodle would give a row without its identifier the previous row's user: the export says so
    warning = [line for line in exported["moodle"].stderr.splitlines() if "WARNING" in line]
    assert len(warning) == 1 and "chris" in warning[0] and "alice" not in warning[0]


@slow
def test_vietnamese_names_are_byte_exact_utf8(course, exported):
    assert '"Nguyễn, Văn Đức",,,nguyen_van_duc,'.encode("utf-8") in (course.root / "canvas-grades.csv").read_bytes()
    assert "Văn Đức,Nguyễn,nguyen_van_duc,".encode("utf-8") in (course.root / "moodle.csv").read_bytes()
    assert "Bình,Lê,le_binh,".encode("utf-8") in (course.root / "moodle.csv").read_bytes()


@slow
def test_plain_nbgrader_export_still_writes_grades_csv(course, gradebook, exported):
    assert exported["plain"] == course.root / "grades.csv"
    with open(exported["plain"], encoding="utf-8", newline="") as f:
        rows = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(f)}
    assert len(rows) == 4 * 2
    late = rows["nguyen_van_duc", PS1]
    assert float(late["late_submission_penalty"]) > 0
    assert float(late["score"]) == pytest.approx(gradebook["grades"]["nguyen_van_duc", PS1])
    assert (late["last_name"], late["first_name"]) == ("Nguyễn", "Văn Đức")


@slow
def test_assignment_restricts_the_columns(course, exported):
    rows = read(course.root / "only-ps1.csv")
    expected = fixture_rows("canvas-header.csv")
    assert rows[0] == expected[0] + [PS1]
    assert len(rows[1]) == len(expected[1]) + 1 and all(len(row) == 6 for row in rows)
    assert len(rows) == 2 + 4
    assert "only-ps1.csv" in exported["only"].stdout


def test_the_engine_modules_are_found_by_nbgrader_by_name():
    """The names nbgrader_config.py and `gradcourse export` give nbgrader import as the classes tested here."""
    from traitlets.utils.importstring import import_item

    config = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    assert 'c.AssignLatePenalties.plugin_class = "gradcourse.late.PercentPerDay"' in config
    assert import_item("gradcourse.late.PercentPerDay") is PercentPerDay
    for name in ("gradcourse.export.CanvasExport", "gradcourse.export.MoodleExport"):
        assert import_item(name).__module__ == "gradcourse.export"
