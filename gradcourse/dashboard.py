"""The class at a glance, for the instructor: grades, failing test cells, misconceptions.

Scores come from nbgrader's gradebook (SQLite or PostgreSQL, whichever the
course's ``nbgrader_config.py`` names); the misconceptions come from the
``[key]`` that opens each failed check's message in the autograded notebooks
(the gradebook keeps scores, not messages).  ``notebooks/class_dashboard.ipynb``
draws them; the parallel-grading tests compare gradebooks with
:func:`gradebook_rows`.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from . import checks, lessons

lessons.load_all()  # every lesson's messages: a misconception is counted by its key


@dataclass(frozen=True, order=True)
class GradeRow:
    """One graded cell of one student's submission, as the gradebook holds it."""

    assignment: str
    student: str
    notebook: str
    grade_id: str
    auto_score: float | None
    manual_score: float | None
    max_score: float
    needs_manual_grade: bool
    comment: str | None
    timestamp: str | None
    late_penalty: float | None


def gradebook_rows(db_url):
    """Every grade in the gradebook at ``db_url``, sorted: what an autograde run leaves there."""
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(db_url) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for nb in submission.notebooks:
                    comments = {c.name: c.auto_comment for c in nb.comments}
                    rows.extend(GradeRow(assignment.name, submission.student.id, nb.name, g.name,
                                         g.auto_score, g.manual_score, g.max_score, g.needs_manual_grade,
                                         comments.get(g.name),
                                         str(submission.timestamp) if submission.timestamp else None,
                                         submission.late_submission_penalty)
                                for g in nb.grades)
    return sorted(rows)


def score(row):
    """The cell's score as nbgrader counts it: the manual score overrides the automatic one."""
    return row.manual_score if row.manual_score is not None else (row.auto_score or 0.0)


def totals(rows, assignment):
    """``{student: (score, max_score)}`` for one assignment."""
    out = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        if row.assignment == assignment:
            out[row.student][0] += score(row)
            out[row.student][1] += row.max_score
    return {student: tuple(pair) for student, pair in sorted(out.items())}


def failure_rates(rows, assignment):
    """``{test cell: share of submissions that did not get its full points}``, autograded test cells only."""
    tried, failed = Counter(), Counter()
    for row in rows:
        if row.assignment == assignment and row.grade_id.startswith("test") and row.auto_score is not None:
            tried[row.grade_id] += 1
            failed[row.grade_id] += row.auto_score < row.max_score
    return {cell: failed[cell] / tried[cell] for cell in sorted(tried)}


def misconceptions(course, assignment):
    """``Counter({key: students})``: how many students' autograded submissions show each misconception."""
    seen = Counter()
    for student in course.autograded_students(assignment):
        keys = set(course.misconceptions(assignment, student).values())
        seen.update(key for key in keys if key in checks.MESSAGES and key not in checks.GRADING_KEYS)
    return seen


def explain(key):
    """``(English, Vietnamese)``: the check's message for ``key``, its particulars left out."""
    return tuple(re.sub(r"\{[a-z_]*\}", "…", text) for text in checks.MESSAGES[key])


def assignments(rows):
    return sorted({row.assignment for row in rows})


def overview(db_url, rows):
    """One line: which gradebook, how many assignments, students and submissions."""
    where = db_url.split("@")[-1] if "@" in db_url else db_url  # never print a password
    subs = {(row.assignment, row.student) for row in rows}
    return (f"gradebook / sổ điểm: {where}\n{len(assignments(rows))} assignments / bài tập, "
            f"{len({row.student for row in rows})} students / sinh viên, {len(subs)} submissions / bài nộp")


def explained(counts, top=10):
    """The ``top`` misconceptions with their students and messages, as text."""
    lines = []
    for key, n in counts.most_common(top):
        en, vi = explain(key)
        lines.append(f"{n:4d}  [{key}] {en}\n      {vi}")
    return "\n".join(lines) or LABELS["none"]


def figure(rows, counts, assignment):
    """The three plots of one assignment side by side."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(17, 4.8), constrained_layout=True)
    plot_distribution(axes[0], totals(rows, assignment), assignment)
    plot_failures(axes[1], failure_rates(rows, assignment), assignment)
    plot_misconceptions(axes[2], counts, assignment)
    return fig


LABELS = {
    "distribution": "Grade distribution\nPhân bố điểm",
    "students": "students / sinh viên",
    "score": "score (written answers once graded) / điểm (phần tự luận khi đã chấm)",
    "failures": "Test cells failed\nÔ kiểm thử không đạt",
    "share": "share of submissions / tỉ lệ bài nộp",
    "misconceptions": "Most frequent misconceptions\nLỗi hiểu sai thường gặp nhất",
    "none": "no data yet / chưa có dữ liệu",
}


def plot_distribution(ax, totals_by_student, title=""):
    """A histogram of the autograded totals, one bar per possible point."""
    if not totals_by_student:
        ax.text(0.5, 0.5, LABELS["none"], ha="center", transform=ax.transAxes)
        return ax
    scores = np.array([s for s, _ in totals_by_student.values()])
    top = max(m for _, m in totals_by_student.values())
    ax.hist(scores, bins=np.arange(-0.5, top + 1.5, 1), color="#4c72b0", edgecolor="white")
    ax.set(title=f"{title}\n{LABELS['distribution']}", xlabel=LABELS["score"], ylabel=LABELS["students"],
           xlim=(-0.5, top + 0.5))
    ax.yaxis.get_major_locator().set_params(integer=True)
    return ax


def plot_failures(ax, rates, title=""):
    """Horizontal bars: the share of submissions failing each test cell, worst first."""
    if not rates:
        ax.text(0.5, 0.5, LABELS["none"], ha="center", transform=ax.transAxes)
        return ax
    cells = sorted(rates, key=lambda c: (rates[c], c))
    ax.barh(cells, [rates[c] for c in cells], color="#dd8452")
    ax.set(title=f"{title}\n{LABELS['failures']}", xlabel=LABELS["share"], xlim=(0, 1))
    ax.tick_params(axis="y", labelsize=7)
    return ax


def plot_misconceptions(ax, counts, title="", top=10):
    """Horizontal bars: the ``top`` misconceptions by number of students."""
    if not counts:
        ax.text(0.5, 0.5, LABELS["none"], ha="center", transform=ax.transAxes)
        return ax
    common = counts.most_common(top)[::-1]
    ax.barh([k for k, _ in common], [n for _, n in common], color="#55a868")
    ax.set(title=f"{title}\n{LABELS['misconceptions']}", xlabel=LABELS["students"])
    ax.xaxis.get_major_locator().set_params(integer=True)
    return ax
