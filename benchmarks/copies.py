"""Do identical notebooks earn identical grades?  The spread of scores over copies, per assignment.

    .venv/bin/python benchmarks/copies.py [--copies 8] [--jobs 2] [--samples-only]

Each sample student and each typical wrong answer (``--samples-only``: the
sample students alone) is submitted ``--copies`` times under different ids
and the class is graded by ``gradcourse autograde``.  For each assignment it
prints how many notebooks earned more than one score over their copies, and
the widest spread (highest minus lowest total).  docs/how-grading-works.md quotes its output.
"""

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gradcourse import grading  # noqa: E402


def spread(assignment, copies, jobs, samples_only):
    with tempfile.TemporaryDirectory(prefix="copies-") as directory:
        course = grading.Course.scratch(directory)
        course.import_students()
        course.generate(assignment)
        students = grading.copies_class(assignment, copies)
        if samples_only:
            samples = {p.name for p in (REPO / "samples" / assignment).iterdir()}
            students = {s: v for s, v in students.items() if v[0] in samples}
        for student, (_, nb) in students.items():
            course.submit(assignment, student, nb)
        course.autograde(assignment, jobs=jobs)
        totals = {}
        for student, (original, _) in students.items():
            score = sum(r.score or 0 for r in course.cell_results(assignment, student).values())
            totals.setdefault(original, []).append(score)
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--samples-only", action="store_true")
    args = parser.parse_args()
    for assignment in grading.assignments(REPO):
        totals = spread(assignment, args.copies, args.jobs, args.samples_only)
        varying = {o: sorted(t) for o, t in totals.items() if len(set(t)) > 1}
        widest = max(max(t) - min(t) for t in totals.values())
        print(f"{assignment}: {len(totals)} notebooks × {args.copies} copies; {len(varying)} earned more than one "
              f"score; widest spread {widest:g} points {varying or ''}")


if __name__ == "__main__":
    main()
