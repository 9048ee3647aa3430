"""The class dashboard (notebooks/class_dashboard.ipynb) on the sample class's gradebook."""

from collections import Counter

import nbformat
import pytest
from nbclient import NotebookClient

from gradcourse import checks, dashboard, grading, misconceptions, samples
from conftest import PS1, REPO, max_points

pytestmark = pytest.mark.slow

DASHBOARD = REPO / "notebooks" / "class_dashboard.ipynb"


@pytest.fixture(scope="module")
def sample_class(tmp_path_factory):
    return grading.run_pipeline(tmp_path_factory.mktemp("course"), log=lambda line: None, jobs=2)


def expected_misconceptions(assignment):
    """From the sample class's definition: how many students' answers carry each misconception."""
    return Counter(key for student in samples.STUDENTS if assignment in student.answers
                   for key in {k for _, k in student.answers[assignment].wrong})


@pytest.mark.parametrize("assignment", grading.assignments())
def test_the_misconceptions_counted_are_those_the_sample_students_were_given(sample_class, assignment):
    counted = dashboard.misconceptions(sample_class, assignment)
    expected = expected_misconceptions(assignment)
    assert expected and all(counted[key] == n for key, n in expected.items()), (counted, expected)
    assert not set(counted) & checks.GRADING_KEYS


def test_totals_and_failure_rates_agree_with_the_grade_table(sample_class):
    rows = dashboard.gradebook_rows(sample_class.db_url)
    totals = dashboard.totals(rows, PS1)
    full = max_points(PS1) + max_points(PS1, written=True)
    assert totals["alice"] == (max_points(PS1), full) and totals["le_binh"] == (0, full)
    rates = dashboard.failure_rates(rows, PS1)
    for cell, rate in rates.items():
        failed = sum(r.score < r.max_score for r in (sample_class.cell_results(PS1, s.id)[cell]
                                                     for s in samples.STUDENTS))
        assert rate == failed / len(samples.STUDENTS), cell


def test_every_misconception_key_is_outside_the_grading_keys():
    assert not {w.key for w in misconceptions.every()} & checks.GRADING_KEYS
    assert {"kernel-exited", "tampering", "unreadable"} <= checks.GRADING_KEYS


def test_the_dashboard_notebook_runs_on_the_sample_class(sample_class, monkeypatch):
    monkeypatch.setenv("GRADCOURSE_COURSE", str(sample_class.root))
    nb = nbformat.read(DASHBOARD, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(DASHBOARD.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"] == []
    assert sum("image/png" in o.get("data", {}) for o in outputs) == len(grading.assignments())
    text = "".join(o.get("text", "") for o in outputs)
    assert f"4 students / sinh viên, {4 * len(grading.assignments())} submissions / bài nộp" in text
    for assignment in grading.assignments():
        section = text.split(assignment + "\n", 1)[1]
        for key in expected_misconceptions(assignment):
            assert f"[{key}]" in section.split("\n\n", 1)[0], (assignment, key)
