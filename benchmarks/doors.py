"""The sample class graded through each door an instructor may take, timed, with the grades compared.

    .venv/bin/python benchmarks/doors.py

For each assignment, the bundled sample class (``samples/``) is graded in a
scratch course of its own through:

* **gradcourse**: ``gradcourse autograde`` (one worker);
* **nbgrader**: plain ``nbgrader autograde ASSIGNMENT`` in the course folder;
* **formgrader**: nbgrader's API one student a call, as the formgrader's
  Autograde button does.

Every door runs the same guards (sandbox, preflight, intake, guarded
execution), so the grades must be the same; the script says so, or stops.
docs/how-grading-works.md quotes its output.
"""

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gradcourse import grading  # noqa: E402

DOORS = ("gradcourse", "nbgrader", "formgrader")


def grade(directory, assignment, door):
    course = grading.Course.scratch(directory)
    course.import_students()
    course.generate(assignment)
    name = grading.notebook_name(REPO, assignment)
    for folder in sorted((REPO / "samples" / assignment).iterdir()):
        course.submit(assignment, folder.name, folder / name)
    students = course.submitted_students(assignment)
    start = time.perf_counter()
    if door == "gradcourse":
        course.autograde(assignment)
    elif door == "nbgrader":
        course.nbgrader("autograde", assignment)
    else:
        course.autograde_as_formgrader(assignment, students)
    seconds = time.perf_counter() - start
    scores = {s: sorted((r.grade_id, r.score) for r in course.cell_results(assignment, s).values()) for s in students}
    return seconds, len(students), scores


def main():
    print(f"{'assignment':24} " + " ".join(f"{door:>18}" for door in DOORS))
    for assignment in grading.assignments(REPO):
        row, first = [], None
        for door in DOORS:
            with tempfile.TemporaryDirectory(prefix=f"doors-{door}-") as directory:
                seconds, count, scores = grade(directory, assignment, door)
            if first is not None and scores != first:
                raise SystemExit(f"{assignment}: {door} graded differently from gradcourse")
            first = first or scores
            row.append(f"{seconds:6.1f} s ({seconds / count:4.1f} s each)")
        print(f"{assignment:24} " + " ".join(f"{cell:>18}" for cell in row))
    print("the same grades through every door / cùng một điểm số qua mọi cách chấm")


if __name__ == "__main__":
    main()
