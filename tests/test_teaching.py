"""Lessons that teach with pictures and make students think: figures at every step, text that does not hand
over the answer, short text, questions to check oneself on the way."""

import re

import nbclient
import pytest

from gradcourse import grading, notebook
from conftest import PS1, PS2, PS3, REPO, source_notebook

# English and Vietnamese words of each lesson's text cells before the rewrite (issue 16): now at most 70 %.
WORDS_BEFORE = {PS1: {"en": 3376, "vi": 4157}, PS2: {"en": 4253, "vi": 5450}, PS3: {"en": 3565, "vi": 4527}}
REWRITTEN = sorted(WORDS_BEFORE)


def words(nb, lang):
    return sum(len(c.source.split()) for c in nb.cells if c.cell_type == "markdown" and notebook.language(c) == lang)


@pytest.mark.parametrize("assignment", REWRITTEN)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_text_is_at_most_70_percent_of_what_it_was(assignment, lang):
    assert words(source_notebook(assignment), lang) <= 0.7 * WORDS_BEFORE[assignment][lang]


def solution_lines(nb):
    """The lines of the solutions worth hiding: code, not comments, signatures or a bare ``return``."""
    lines = set()
    for source in (c.source for c in nb.cells if notebook.is_solution(c) and c.cell_type == "code"):
        inside = "### BEGIN SOLUTION" not in source
        for line in source.splitlines():
            if "BEGIN SOLUTION" in line or "END SOLUTION" in line:
                inside = "BEGIN" in line
                continue
            code = " ".join(line.split("#")[0].split())
            if inside and len(code) >= 16 and not code.startswith(("def ", "import ", "from ", "return ")):
                lines.add(code)
    return lines


@pytest.mark.parametrize("assignment", grading.assignments())
def test_no_text_cell_contains_a_line_of_a_solution(assignment):
    """The text explains the idea; the student writes the code."""
    nb = source_notebook(assignment)
    text = " ".join(" ".join(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
    assert sorted(line for line in solution_lines(nb) if line in text) == []


@pytest.mark.parametrize("assignment", REWRITTEN + [a for a in grading.assignments() if a not in WORDS_BEFORE])
def test_each_lesson_asks_check_yourself_questions(assignment):
    """At least two questions that answer at once (gradcourse.selfcheck), besides the graded quiz."""
    code = "\n".join(c.source for c in source_notebook(assignment).cells if c.cell_type == "code")
    assert len(re.findall(r"\bask\(", code)) >= 2


@pytest.mark.slow
@pytest.mark.parametrize("assignment", grading.assignments())
def test_executed_each_lesson_draws_at_least_eight_figures(assignment, tmp_path):
    """The instructor's version runs headless, top to bottom (nbclient), and its cells draw eight figures or more."""
    nb = source_notebook(assignment)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(REPO / "source" / assignment)}})
    executed = client.execute()
    figures = sum(1 for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if "image/png" in o.get("data", {}))
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    assert figures >= 8, f"{assignment} draws {figures} figures"
