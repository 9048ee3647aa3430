"""The instructor pipeline around the real nbgrader.

:class:`Course` is a course directory (the repository itself, or a scratch
copy of its ``nbgrader_config.py`` and ``source/``) driven through the
``nbgrader`` command line, with scores read back from its gradebook.  The
``gradcourse pipeline`` command and the end-to-end tests both use it.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


from . import guard, intake, notebook, parallel, samples
from . import sandbox as sandboxing
from .execute import NOTES_HEADING, STOPPED_TAG

REPO = Path(__file__).resolve().parent.parent
MISCONCEPTION_TAG = re.compile(r"^\[([a-z0-9-]+)\]")
NOTE_TAG = re.compile(r"^- (?:cell \d+ / ô \d+: )?\[([a-z0-9-]+)\]", re.MULTILINE)
ERROR_LINE = re.compile(r"^\w*(?:Error|Exception)\b.*$|(?<=\| ERROR\] ).*$", re.MULTILINE)


class NbgraderError(RuntimeError):
    pass


# The formgrader's Autograde button: nbgrader's API in the server's process, one student a click.
FORMGRADER_CLICKS = """
import json, sys
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from gradcourse.parallel import course_config
root, assignment, options, students = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4:]
config = course_config(root, options)
api = NbGraderAPI(coursedir=CourseDirectory(config=config, root=root), config=config)
for student in students:
    print("CLICK", json.dumps([student, api.autograde(assignment, student)["success"]]), flush=True)
"""


def notebook_name(repo, assignment):
    """The one notebook of an assignment (each assignment has exactly one)."""
    (path,) = sorted((Path(repo) / "source" / assignment).glob("*.ipynb"))
    return path.name


def assignments(repo=REPO):
    return sorted(p.name for p in (Path(repo) / "source").iterdir() if p.is_dir())


@dataclass
class CellResult:
    grade_id: str
    score: float
    max_score: float
    misconception: str = ""  # the check's [key], when the cell failed with one


class Course:
    """An nbgrader course directory."""

    def __init__(self, root):
        self.root = Path(root)
        self.dashboard = None  # the Dask dashboard's address, after a run on a cluster

    @classmethod
    def scratch(cls, directory, repo=REPO):
        """A fresh course in ``directory``: the repository's config and sources, no gradebook."""
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(repo) / "nbgrader_config.py", root / "nbgrader_config.py")
        shutil.copytree(Path(repo) / "source", root / "source", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        return cls(root)

    def nbgrader(self, *args, check=True):
        """Run ``nbgrader ARGS`` in the course directory, as an instructor would."""
        env = dict(os.environ)
        # nbgrader runs `alembic` from PATH to create the gradebook
        env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
        # Vietnamese names and lessons must survive a C locale: nbgrader writes
        # grades.csv and notebooks with the locale's encoding, and the kernels
        # inherit this environment.
        env["PYTHONUTF8"] = "1"
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=self.root, env=env,
                                capture_output=True, text=True, encoding="utf-8", errors="replace")
        if check and result.returncode != 0:
            raise NbgraderError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n"
                                f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}")
        return result

    @property
    def db_url(self):
        """The gradebook nbgrader uses: SQLite in the course directory unless ``CourseDirectory.db_url`` says otherwise."""
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config(), root=str(self.root)).db_url

    def import_students(self, students=None):
        roster = self.root / "students.csv"
        roster.write_text(samples.roster_csv(students), encoding="utf-8")
        self.nbgrader("db", "student", "import", str(roster))

    def submit(self, assignment, student, nb, timestamp="2026-11-20 10:00:00.000000 UTC"):
        """Put a notebook where ``nbgrader collect`` would: ``submitted/STUDENT/ASSIGNMENT/``."""
        folder = self.root / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        name = notebook_name(self.root, assignment)
        if isinstance(nb, (str, Path)):
            shutil.copy2(nb, folder / name)
        else:
            notebook.write(nb, folder / name)
        (folder / "timestamp.txt").write_text(timestamp, encoding="utf-8")

    def generate(self, assignment):
        self.nbgrader("generate_assignment", assignment, "--force")

    def autograded_students(self, assignment):
        name = notebook_name(self.root, assignment)
        return sorted(p.parent.parent.name for p in (self.root / "autograded").glob(f"*/{assignment}/{name}"))

    def submitted_students(self, assignment):
        return sorted(p.parent.name for p in (self.root / "submitted").glob(f"*/{assignment}") if p.is_dir())

    def config(self, options=()):
        """The course's nbgrader configuration (its ``nbgrader_config.py``, then ``options``)."""
        return parallel.course_config(self.root, options)

    def autograde(self, assignment, *students, sandbox=True, options=(), jobs=1, progress=None, scheduler=None,
                  force=True):
        """Grade submissions with ``nbgrader autograde``, so that every student ends with a grade.

        First the guards every door runs (:func:`gradcourse.guard.before_grading`:
        the sandbox's policy and one sandboxed kernel's preflight), which
        raise before anything is graded.  Each submission is read and mended
        (:mod:`gradcourse.intake`), each kernel runs in the bubblewrap sandbox
        (``sandbox=False``: unsandboxed, with a warning), and a student whom
        nbgrader still cannot grade is graded again alone, and failing that
        gets the released notebook with the reason; unless grading stopped
        for the grader's reasons (:class:`gradcourse.execute.GradingStopped`):
        then nothing is recorded and the note is ``grading-stopped``.  With
        ``jobs`` > 1 the notebooks are executed on that many worker processes
        and recorded by one nbgrader run (:mod:`gradcourse.parallel`); with
        ``scheduler`` (a Dask scheduler's address) on that cluster's workers
        (:mod:`gradcourse.cluster`).  Without ``force``, a student whose
        submission has been autograded since it was handed in is left as it is.
        Returns ``{student: [keys of the grading notes]}``.
        """
        options = [*options, *([] if sandbox else ["--Sandbox.enabled=False"])]
        # the guards nbgrader's own entry points run (gradcourse.guard), once, before anyone is graded
        guard.before_grading(self.root, assignment, self.config(options))
        options += ["--GuardedRun.preflight=False", "--GuardedRun.intake=False"]
        everyone = not students
        students = list(students) or self.submitted_students(assignment)
        if not force:
            students = [s for s in students if not self.up_to_date(assignment, s)]
            if not students:
                return {}
        if everyone:
            shutil.rmtree(self.root / intake.DIRECTORY, ignore_errors=True)
        intake.stage(self.root, assignment, students)
        args = ["autograde", assignment, "--force", f"--CourseDirectory.submitted_directory={intake.DIRECTORY}",
                *options]
        if jobs > 1 or scheduler:
            self.dashboard = parallel.grade(self, assignment, students, jobs, options, progress, scheduler)
        elif everyone:
            self.nbgrader(*args, check=False)
        stopped = set()
        for student in students:
            if (everyone or jobs > 1 or scheduler) and self._autograded(assignment, student):
                continue
            # alone: in a batch, one student's failure may have cost the others theirs
            result = self.nbgrader(*args, f"--student={student}", check=False)
            if self._autograded(assignment, student):
                continue
            if STOPPED_TAG in result.stdout + result.stderr:  # the grader's failure: no zero, nothing recorded
                stopped.add(student)
                continue
            errors = [line for line in ERROR_LINE.findall(result.stdout + result.stderr)
                      if not line.startswith(("There was an error", "Please see"))]
            intake.stage_one(self.root, assignment, student, failure=(errors or ["?"])[-1][:300])
            self.nbgrader(*args, f"--student={student}")
        return {student: ["grading-stopped"] if student in stopped else self.grading_notes(assignment, student)
                for student in students}

    def autograde_as_formgrader(self, assignment, students, options=()):
        """Grade each of ``students`` as the formgrader's Autograde button does: nbgrader's API, one student a
        call, in a process of its own (the formgrader's server).  Returns the students the API refused."""
        clicks = subprocess.run([sys.executable, "-c", FORMGRADER_CLICKS, str(self.root), assignment,
                                 json.dumps(list(options)), *students], cwd=self.root, check=True,
                                capture_output=True, text=True, encoding="utf-8")
        # the kernels print their banners on the same stdout
        clicked = [json.loads(line[len("CLICK "):]) for line in clicks.stdout.splitlines() if line.startswith("CLICK ")]
        if len(clicked) != len(students):
            raise NbgraderError(f"the formgrader's API answered for {len(clicked)} of {len(students)} students:\n"
                                f"{clicks.stdout[-3000:]}\n{clicks.stderr[-3000:]}")
        return {student for student, success in clicked if not success}

    def up_to_date(self, assignment, student):
        """Whether the student's submission has been autograded since it was handed in."""
        graded = self.root / "autograded" / student / assignment
        handed_in = self.root / "submitted" / student / assignment / "timestamp.txt"
        return (self._autograded(assignment, student) and handed_in.exists() and (graded / "timestamp.txt").exists()
                and (graded / "timestamp.txt").read_text() == handed_in.read_text())

    def _autograded(self, assignment, student):
        return (self.root / "autograded" / student / assignment / notebook_name(self.root, assignment)).exists()

    def grading_notes(self, assignment, student):
        """The keys in the "Grading notes" cell of an autograded submission (empty when all went well)."""
        path = self.root / "autograded" / student / assignment / notebook_name(self.root, assignment)
        if not path.exists():
            return []
        first = notebook.read(path).cells[0]
        if first.cell_type != "markdown" or not first.source.startswith(NOTES_HEADING):
            return []
        return NOTE_TAG.findall(first.source)

    def feedback(self, assignment):
        self.nbgrader("generate_feedback", assignment, "--force")

    def export(self):
        self.nbgrader("export")
        return self.root / "grades.csv"

    def cell_results(self, assignment, student):
        """``{grade_id: CellResult}`` for one autograded submission."""
        from nbgrader.api import Gradebook

        tags = self.misconceptions(assignment, student)
        with Gradebook(self.db_url) as gb:
            nb = gb.find_submission_notebook(Path(notebook_name(self.root, assignment)).stem,
                                             assignment, student)
            return {g.name: CellResult(g.name, g.score, g.max_score, tags.get(g.name, ""))
                    for g in nb.grades}

    def misconceptions(self, assignment, student):
        """``{grade_id: key}`` for the failed cells of an autograded submission: the check's [key], else the error's name."""
        path = self.root / "autograded" / student / assignment / notebook_name(self.root, assignment)
        if not path.exists():
            return {}
        tags = {}
        for cell in notebook.read(path).cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    match = MISCONCEPTION_TAG.match(output.get("evalue", ""))
                    tags[notebook.grade_id(cell)] = match.group(1) if match else output.get("ename", "")
        return tags

    def table(self, assignment_ids=None):
        """The class's grade table as text, one row per student and assignment."""
        from nbgrader.api import Gradebook, MissingEntry

        rows = [("student", "name / họ tên", "assignment / bài", "auto", "written / tự luận",
                 "lost / mất điểm vì")]
        with Gradebook(self.db_url) as gb:
            for student in sorted(gb.students, key=lambda s: s.id):
                for assignment in assignment_ids or [a.name for a in gb.assignments]:
                    try:
                        sub = gb.find_submission(assignment, student.id)
                    except MissingEntry:
                        continue
                    written = (f"{sub.written_score:g} / {sub.max_written_score:g}"
                               if not sub.needs_manual_grade else
                               f"? / {sub.max_written_score:g} (to grade / cần chấm)")
                    failed = [r for r in self.cell_results(assignment, student.id).values()
                              if r.score is not None and r.score < r.max_score and r.grade_id.startswith("test")]
                    reasons = sorted({r.misconception or "?" for r in failed})
                    lost = f"{len(failed)} tests: {', '.join(reasons)}" if failed else "-"
                    rows.append((student.id, f"{student.last_name} {student.first_name}", assignment,
                                 f"{sub.code_score:g} / {sub.max_code_score:g}", written, lost))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)) + "  " + r[-1] for r in rows]
        lines.insert(1, "-" * len(lines[0]))
        return "\n".join(lines)


def write_samples(repo=REPO, out=None):
    """Write the sample class's submissions under ``samples/``; return the paths written."""
    out = Path(out or Path(repo) / "samples")
    written = []
    for student in samples.sample_class():
        for assignment, answers in student.answers.items():
            name = notebook_name(repo, assignment)
            nb = samples.submission(answers,
                                    notebook.read(Path(repo) / "source" / assignment / name),
                                    notebook.read(Path(repo) / "release" / assignment / name))
            path = out / assignment / student.id / name
            path.parent.mkdir(parents=True, exist_ok=True)
            notebook.write(nb, path)
            written.append(path)
    roster = out / "students.csv"
    roster.write_text(samples.roster_csv(), encoding="utf-8")
    return written + [roster]


def copies_class(assignment, count, repo=REPO):
    """Every sample student and typical wrong answer of ``assignment``, ``count`` times over:
    ``{"ORIGINAL_K": (original, notebook)}``, to prove that identical notebooks earn identical grades."""
    name = notebook_name(repo, assignment)
    originals = {folder.name: notebook.read(folder / name)
                 for folder in sorted((Path(repo) / "samples" / assignment).iterdir())}
    originals.update(samples.wrong_answer_notebooks(notebook.read(Path(repo) / "source" / assignment / name),
                                                    notebook.read(Path(repo) / "release" / assignment / name)))
    return {f"{original}_{k}": (original, nb) for original, nb in originals.items() for k in range(count)}


def run_pipeline(directory, repo=REPO, log=print, jobs=1):
    """Generate, autograde (``jobs`` students at a time), feedback and export the sample class in a scratch course."""
    course = Course.scratch(directory, repo)
    course.import_students()
    ids = assignments(repo)
    for assignment in ids:
        log(f"generate_assignment {assignment}")
        course.generate(assignment)
        count = 0
        for student_dir in sorted((Path(repo) / "samples" / assignment).iterdir()):
            course.submit(assignment, student_dir.name,
                          student_dir / notebook_name(repo, assignment))
            count += 1
        start = time.perf_counter()
        # the sample class is the course's own code: where bubblewrap cannot run, grade it with the warning
        course.autograde(assignment, jobs=jobs,
                         options=[] if sandboxing.available() else ["--Sandbox.required=False"])
        seconds = time.perf_counter() - start
        log(f"autograde {assignment}: {count} submissions in {seconds:.1f} s "
            f"({seconds / max(count, 1):.1f} s each)")
        course.feedback(assignment)
    grades = course.export()
    log(f"feedback in {course.root / 'feedback'}; grades in {grades}")
    return course
