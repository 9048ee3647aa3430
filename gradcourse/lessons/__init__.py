"""The course's lessons: one package per assignment, found by looking.

A lesson ``gradcourse/lessons/<assignment>/`` is named like its folder in
``source/`` and holds what belongs to that assignment alone:

- ``reference.py``: the reference implementations the checks compare with;
- ``misconceptions.py``: the typical wrong answers, as a student writes them;
- ``checks.py``: the checks its test cells call (``checks.NAME``) and its messages;
- ``__init__.py``: its docstring (what it teaches), ``IMAGES`` (the course
  images its ``images/`` folder ships) and ``SAMPLES`` (what each sample
  student of :mod:`gradcourse.samples` hands in).

The grading engine knows lessons only through this module.  A new lesson is a
new package here and its notebook in ``source/``: see docs/adding-a-lesson.md.
"""

import importlib
import pkgutil


def names():
    """Every lesson's assignment name, in order."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if info.ispkg)


def load(assignment):
    """The lesson ``assignment``, its checks and wrong answers registered; ``None`` if there is no such lesson."""
    if assignment not in names():
        return None
    return importlib.import_module(f"{__name__}.{assignment}")


def load_all():
    """``{assignment: lesson}`` for every lesson."""
    return {name: load(name) for name in names()}
