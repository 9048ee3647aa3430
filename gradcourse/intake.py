"""What nbgrader is given to grade: every submission read first, mended where it can be.

``nbgrader autograde`` stops a student's grading (or, for a duplicated cell
id, the whole run) on a notebook it cannot read, and quietly gives nothing to
a notebook under the wrong name.  :func:`stage` copies each student's
``submitted/STUDENT/ASSIGNMENT`` to ``intake/STUDENT/ASSIGNMENT`` (the
submission itself is never touched) and there:

* a notebook under another name, when it is the only one, is graded under the
  expected name;
* duplicated nbgrader cells keep their first copy (later copies become plain
  cells, and nbgrader restores locked cells anyway);
* a notebook that cannot be read, is missing, or belongs to another
  assignment is replaced by the released notebook, so the student gets a
  grade (zero) and, in their feedback, the reason.

The reasons become a "Grading notes" cell at the top of the notebook, in
both languages.
"""

import json
import shutil
from pathlib import Path

import nbformat

from . import notebook
from .execute import add_notes, note_line

DIRECTORY = "intake"
# notes after which the student was graded on the released notebook: zero, and the reason
UNGRADED = ("unreadable", "missing-notebook", "wrong-assignment", "grading-failed")


def _read(path):
    """The notebook at ``path``, or the reason it cannot be read."""
    try:
        nb = nbformat.read(path, as_version=4)  # nbgrader's own reader: it only warns on a schema slip
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no list of cells")
        return nb, None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"{type(error).__name__}: {error}"
    except Exception as error:  # noqa: BLE001 (nbformat raises many kinds for a malformed notebook)
        return None, f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"


def grade_ids(nb):
    return {notebook.grade_id(cell) for cell in nb.cells if notebook.grade_id(cell)}


def _which_assignment(nb, root):
    """The assignment whose notebook in ``source/`` shares the most cell ids with ``nb``."""
    best, shared = None, 0
    for path in sorted(Path(root, "source").glob("*/*.ipynb")):
        count = len(grade_ids(nb) & grade_ids(notebook.read(path)))
        if count > shared:
            best, shared = path.parent.name, count
    return best


def _deduplicate(nb):
    """Keep the first cell with each grade id; later ones lose their nbgrader metadata."""
    seen, repeated = set(), []
    for cell in nb.cells:
        gid = notebook.grade_id(cell)
        if gid is None:
            continue
        if gid in seen:
            del cell.metadata["nbgrader"]
            repeated.append(gid)
        seen.add(gid)
    return repeated


def stage_one(root, assignment, student, failure=None):
    """Stage one student's submission; return the notes (reasons) written into it.

    ``failure`` is why nbgrader could not grade an earlier staging: the
    student then gets the released notebook and that reason.
    """
    root = Path(root)
    name = Path(next((root / "source" / assignment).glob("*.ipynb"))).name
    submitted = root / "submitted" / student / assignment
    staged = root / DIRECTORY / student / assignment
    if staged.exists():
        shutil.rmtree(staged)
    shutil.copytree(submitted, staged, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))

    notes, nb = [], None
    target = staged / name
    if failure:
        notes.append(note_line("grading-failed", error=failure))
    elif target.exists():
        nb, problem = _read(target)
        if problem:
            notes.append(note_line("unreadable", name=name, error=problem))
    else:
        others = sorted(staged.glob("*.ipynb"))
        if len(others) == 1:
            nb, problem = _read(others[0])
            if problem:
                notes.append(note_line("unreadable", name=others[0].name, error=problem))
            else:
                notes.append(note_line("renamed", got=others[0].name, name=name))
            others[0].unlink()
        else:
            notes.append(note_line("missing-notebook", name=name,
                                 got=", ".join(p.name for p in others) or "-"))

    if nb is not None:
        other = _which_assignment(nb, root)
        if other != assignment:  # quiz ids are shared by all assignments: the most shared ids decide
            notes.append(note_line("wrong-assignment", name=name, other=other or "?"))
            nb = None
        else:
            repeated = _deduplicate(nb)
            if repeated:
                notes.append(note_line("duplicated-cells", ids=", ".join(sorted(set(repeated)))))
    if not notes:
        return notes  # the copy is graded as it came
    if nb is None:
        nb = notebook.read(root / "release" / assignment / name)
    add_notes(nb, notes)
    notebook.write(nb, target)
    return notes


def stage(root, assignment, students):
    """Stage each of ``students``; return ``{student: notes}``."""
    return {student: stage_one(root, assignment, student) for student in students}
