"""The bundled sample class: who the sample students are and what they wrote.

Each submission is built from the committed release (what a student gets)
and filled in with the instructor's solutions, the lesson's typical wrong
answers (:mod:`gradcourse.misconceptions`), or nothing, as each lesson's
``SAMPLES`` says.  ``gradcourse samples`` writes
them under ``samples/``; a test proves the committed files are what this
module builds today.
"""

import csv
import io
from dataclasses import dataclass, field

from . import lessons, misconceptions, notebook


@dataclass(frozen=True)
class Answers:
    solved: bool = True  # start from the instructor's solutions, or from the stubs
    wrong: tuple = ()  # (exercise, misconception key) pairs
    written: dict = field(default_factory=dict)  # grade_id -> answer text or code


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str
    last_name: str
    answers: dict  # assignment -> Answers


# The sample class; what each one hands in is in each lesson's SAMPLES.
ROSTER = [("alice", "Alice", "Martin"), ("le_binh", "Bình", "Lê"), ("chris", "Chris", "Walker"),
          ("nguyen_van_duc", "Văn Đức", "Nguyễn")]


def sample_class():
    """The sample class, with every lesson's answers (a lesson without answers for a student: none submitted)."""
    every = lessons.load_all()
    return [Student(sid, first, last, {a: lesson.SAMPLES[sid] for a, lesson in every.items()
                                       if sid in getattr(lesson, "SAMPLES", {})})
            for sid, first, last in ROSTER]


def __getattr__(name):
    if name == "STUDENTS":  # built when first asked for: the lessons import this module's Answers
        return sample_class()
    raise AttributeError(name)


def wrong_answer(exercise, key):
    lessons.load_all()  # the wrong answers register when their lesson is imported
    for wrong in misconceptions.for_exercise(exercise):
        if wrong.key == key:
            return wrong
    raise KeyError(f"no typical wrong answer {key!r} for {exercise!r}")


def submission(answers, source_nb, release_nb):
    """The notebook a student with these ``answers`` hands in."""
    filled = notebook.solutions(source_nb) if answers.solved else {}
    for exercise, key in answers.wrong:
        filled[exercise] = wrong_answer(exercise, key).source
    filled.update(answers.written)
    return notebook.fill_in(release_nb, filled)


def wrong_answer_notebooks(source_nb, release_nb):
    """Every typical wrong answer of an assignment, in as few notebooks as they fit: ``{"wrongK": notebook}``,
    notebook K carrying the K-th wrong answer of each exercise (the solution where an exercise has fewer)."""
    lessons.load_all()
    exercises = sorted(notebook.grade_id(c) for c in source_nb.cells if notebook.is_solution(c))
    per_exercise = [w for w in (misconceptions.for_exercise(e) for e in exercises) if w]
    notebooks = {}
    for k in range(max(len(w) for w in per_exercise)):
        filled = notebook.solutions(source_nb)
        filled.update({w[k].exercise: w[k].source for w in per_exercise if k < len(w)})
        notebooks[f"wrong{k + 1}"] = notebook.fill_in(release_nb, filled)
    return notebooks


def roster_csv(students=None):
    """The roster in the CSV form ``nbgrader db student import`` reads."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "first_name", "last_name", "email"])
    for s in students or sample_class():
        writer.writerow([s.id, s.first_name, s.last_name, ""])
    return out.getvalue()
