"""The ``gradcourse`` command: what nbgrader itself does not do.

    gradcourse autograde ASSIGNMENT [--jobs N | --scheduler ADDRESS] [--force]
                                       nbgrader autograde, each student's kernel sandboxed by bubblewrap,
                                       N students at a time, or on a Dask cluster's workers; students
                                       already autograded since they handed in are skipped unless --force
    gradcourse export [--format csv|canvas|moodle] [--to FILE] [--assignment A ...]
                                       nbgrader export: grades after the late penalty, as nbgrader's CSV
                                       or as the CSV that Canvas's or Moodle's gradebook import reads
    gradcourse pipeline [--keep DIR]   grade the bundled sample class end to end
    gradcourse samples                 rebuild samples/ from source/ and release/
    gradcourse images                  redraw the pill and recopy the photographs into source/*/images
"""

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

from . import grading, guard, images, intake
from .cluster import ClusterLost
from .sandbox import SandboxUnavailable


def summary(notes, seconds):
    """The closing lines of an autograde run, in both languages: graded, failed (with the reason), seconds."""
    failed = {student: [k for k in keys if k in intake.UNGRADED] for student, keys in notes.items()}
    failed = {student: keys for student, keys in failed.items() if keys}
    stopped = [student for student, keys in notes.items() if "grading-stopped" in keys]
    lines = [f"  {student}: {', '.join(keys)}" for student, keys in notes.items() if keys]
    each = seconds / max(len(notes), 1)
    lines.append(f"graded {len(notes) - len(stopped)} submissions in {seconds:.1f} s ({each:.1f} s each); "
                 f"{len(failed)} could not be graded as submitted (zero, reason in their feedback); "
                 f"{sum(bool(k) for k in notes.values()) - len(stopped)} with grading notes")
    lines.append(f"đã chấm {len(notes) - len(stopped)} bài trong {seconds:.1f} s ({each:.1f} s mỗi bài); "
                 f"{len(failed)} bài không chấm được như đã nộp (0 điểm, lý do trong phản hồi); "
                 f"{sum(bool(k) for k in notes.values()) - len(stopped)} bài có ghi chú khi chấm")
    if stopped:
        lines.append(f"NOT graded, nothing recorded, for the grader's reasons (see nbgrader's log; fix and grade "
                     f"them again): {', '.join(stopped)}")
        lines.append(f"CHƯA chấm, chưa ghi điểm, vì lý do của hệ thống chấm (xem nhật ký của nbgrader; hãy sửa "
                     f"rồi chấm lại): {', '.join(stopped)}")
    return "\n".join(lines)


# --format: nbgrader's exporter, the file it writes by default, the column naming the student
EXPORTS = {"csv": ("nbgrader.plugins.CsvExportPlugin", "grades.csv", "student_id"),
           "canvas": ("gradcourse.export.CanvasExport", "canvas-grades.csv", "SIS Login ID"),
           "moodle": ("gradcourse.export.MoodleExport", "moodle-grades.csv", "ID number")}


def export(course, form, to=None, assignments=()):
    """``nbgrader export`` through the format's plugin; returns the path written and how many students it holds."""
    exporter, default, key = EXPORTS[form]
    path = Path(to or default).resolve()
    only = [f"--ExportPlugin.assignment={a}" for a in assignments]  # a list trait: each one appends
    result = course.nbgrader("export", "--exporter", exporter, "--to", str(path), *only)
    for line in result.stderr.splitlines():  # what the plugin warned about (e.g. students without an e-mail)
        if "WARNING" in line:
            print(line, file=sys.stderr)
    with open(path, encoding="utf-8", newline="") as grades:
        students = {row[key] for row in csv.DictReader(grades) if row[key]}  # Canvas's Points Possible row has none
    return path, len(students)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="gradcourse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    autograde = commands.add_parser("autograde", help="autograde an assignment in the current course directory")
    autograde.add_argument("assignment")
    autograde.add_argument("--student", action="append", default=[], help="only this student (repeatable)")
    autograde.add_argument("--no-sandbox", action="store_true", help="run student kernels unsandboxed")
    autograde.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                           help="grade N students at a time (default 1; about one per CPU core)")
    autograde.add_argument("--scheduler", metavar="ADDRESS",
                           help="grade on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)")
    autograde.add_argument("--force", action="store_true",
                           help="grade again students already autograded since they handed in")
    exporting = commands.add_parser("export", help="export the grades, after the late penalty, for nbgrader or an LMS")
    exporting.add_argument("--format", choices=sorted(EXPORTS), default="csv",
                           help="csv: nbgrader's grades.csv; canvas, moodle: their gradebook import's CSV")
    exporting.add_argument("--to", metavar="FILE", help="the file to write (default: grades.csv, canvas-grades.csv, "
                                                        "moodle-grades.csv)")
    exporting.add_argument("--assignment", nargs="+", default=[], metavar="A", help="only these assignments")
    pipeline = commands.add_parser("pipeline", help="generate → autograde → feedback → export the sample class")
    pipeline.add_argument("--keep", metavar="DIR",
                          help="build the scratch course in DIR and keep it (default: a temporary folder)")
    pipeline.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="grade N students at a time")
    commands.add_parser("samples", help="rebuild samples/ from source/ and release/")
    commands.add_parser("images", help="redraw the pill, recopy the photographs (needs scikit-image)")
    args = parser.parse_args(argv)

    if args.command == "autograde":
        if args.jobs < 1:
            parser.error("--jobs must be at least 1 / --jobs phải từ 1 trở lên")
        course = grading.Course(Path.cwd())
        start = time.perf_counter()
        if args.scheduler and args.jobs > 1:
            parser.error("--jobs and --scheduler: one or the other / chỉ dùng một trong hai: --jobs hoặc --scheduler")
        try:
            notes = course.autograde(args.assignment, *args.student, sandbox=not args.no_sandbox, jobs=args.jobs,
                                     scheduler=args.scheduler, force=args.force)
        except (guard.PreflightFailed, SandboxUnavailable) as error:
            print(error, file=sys.stderr)
            return 2
        except ClusterLost as error:
            print(error, file=sys.stderr)
            return 3
        print(summary(notes, time.perf_counter() - start))
        if not notes:
            print("everyone is graded already (--force grades them again) / "
                  "mọi bài đã được chấm (--force để chấm lại)")
        if course.dashboard:
            print(f"Dask dashboard / bảng điều khiển Dask: {course.dashboard}")
        return 1 if any("grading-stopped" in keys for keys in notes.values()) else 0
    if args.command == "export":
        path, count = export(grading.Course(Path.cwd()), args.format, args.to, args.assignment)
        print(f"wrote {args.format} grades for {count} students to {path} / "
              f"đã ghi điểm ({args.format}) của {count} sinh viên vào {path}")
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
        course = grading.run_pipeline(args.keep, jobs=args.jobs)
        print(course.table())
        return 0
    with tempfile.TemporaryDirectory(prefix="gradcourse-") as directory:
        course = grading.run_pipeline(directory, jobs=args.jobs)
        print()
        print(course.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
