"""The ``gradcourse`` command: what nbgrader itself does not do.

    gradcourse autograde ASSIGNMENT    nbgrader autograde, each student's kernel sandboxed by bubblewrap
    gradcourse pipeline [--keep DIR]   grade the bundled sample class end to end
    gradcourse samples                 rebuild samples/ from source/ and release/
    gradcourse images                  redraw the pill and recopy the photographs into source/*/images
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from . import grading, images


def main(argv=None):
    parser = argparse.ArgumentParser(prog="gradcourse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    autograde = commands.add_parser("autograde", help="autograde an assignment in the current course directory")
    autograde.add_argument("assignment")
    autograde.add_argument("--student", action="append", default=[], help="only this student (repeatable)")
    autograde.add_argument("--no-sandbox", action="store_true", help="run student kernels unsandboxed")
    pipeline = commands.add_parser("pipeline", help="generate → autograde → feedback → export the sample class")
    pipeline.add_argument("--keep", metavar="DIR",
                          help="build the scratch course in DIR and keep it (default: a temporary folder)")
    commands.add_parser("samples", help="rebuild samples/ from source/ and release/")
    commands.add_parser("images", help="redraw the pill, recopy the photographs (needs scikit-image)")
    args = parser.parse_args(argv)

    if args.command == "autograde":
        course = grading.Course(Path.cwd())
        start = time.perf_counter()
        notes = course.autograde(args.assignment, *args.student, sandbox=not args.no_sandbox)
        for student, keys in notes.items():
            if keys:
                print(f"{student}: {', '.join(keys)}")
        print(f"graded {len(notes)} submissions in {time.perf_counter() - start:.1f} s; "
              f"{sum(bool(k) for k in notes.values())} with grading notes (see their feedback) / "
              f"đã chấm {len(notes)} bài; {sum(bool(k) for k in notes.values())} bài có ghi chú khi chấm")
        return 0

    if args.command == "images":
        for path in images.write_assignment_images():
            print(path.relative_to(grading.REPO))
        return 0

    if args.command == "samples":
        for path in grading.write_samples():
            print(path.relative_to(grading.REPO))
        return 0

    if args.keep:
        course = grading.run_pipeline(args.keep)
        print(course.table())
        return 0
    with tempfile.TemporaryDirectory(prefix="gradcourse-") as directory:
        course = grading.run_pipeline(directory)
        print()
        print(course.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
