"""Typical wrong answers: what they are, and the register of every lesson's.

A lesson's ``misconceptions.py`` writes each wrong answer the way a student
would write it, and registers it with :func:`wrong`.  A check that finds a
wrong result runs the exercise's wrong answers on the same input; when one
alone gives the student's result, the check names that misconception.  The
end-to-end tests and the sample class put the same functions into notebooks
(:attr:`WrongAnswer.source`), so a misconception is written once and serves
both.
"""

import inspect
import textwrap
from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np


@dataclass(frozen=True)
class WrongAnswer:
    key: str  # the misconception, a key of gradcourse.checks.MESSAGES
    exercise: str  # the exercise's function name (or the solution cell's grade_id)
    answer: Callable
    binds: str = ""  # for constants: the names the cell assigns from ``answer()``

    @property
    def source(self):
        """The answer as a notebook cell defining the exercise's function (or constants)."""
        lines = textwrap.dedent(inspect.getsource(self.answer)).splitlines()
        body = "\n".join(line for line in lines if not line.startswith("@"))
        name = self.answer.__name__
        last = f"{self.binds} = {name}()" if self.binds else f"{self.exercise} = {name}"
        return f"import numpy as np\nimport cv2\n\n{body}\n\n{last}\n"


WRONG_ANSWERS = []
_LESSON_OF = {}  # exercise -> the module (lesson) whose wrong answers it has


def wrong(key, exercise, binds=""):
    """Register the decorated function as the typical wrong answer ``key`` to ``exercise``.

    An exercise's name belongs to one lesson: the checks find its wrong
    answers by that name alone.
    """
    def register(func):
        lesson = _LESSON_OF.setdefault(exercise, func.__module__)
        if lesson != func.__module__:
            raise ValueError(f"exercise {exercise!r} already has wrong answers in {lesson}; "
                             f"name the exercise of {func.__module__} differently")
        WRONG_ANSWERS.append(WrongAnswer(key, exercise, func, binds))
        return func

    return register


def for_exercise(exercise):
    return [w for w in WRONG_ANSWERS if w.exercise == exercise]


def every():
    """Every lesson's typical wrong answers (the lessons imported first, which registers them)."""
    from . import lessons

    lessons.load_all()
    return list(WRONG_ANSWERS)
