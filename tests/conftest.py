import functools
import types

import matplotlib

from gradcourse import grading, notebook

matplotlib.use("Agg")  # the lessons' figure cells run in-process here

REPO = grading.REPO
PS1 = "ps1_manual_gradients"
PS2 = "ps2_sobel_scharr"
PS3 = "ps3_orientation_masks"


@functools.lru_cache(maxsize=None)
def source_notebook(assignment):
    return notebook.read(REPO / "source" / assignment / grading.notebook_name(REPO, assignment))


@functools.lru_cache(maxsize=None)
def _lesson_namespace(assignment):
    namespace = {}
    for cell in source_notebook(assignment).cells:
        if cell.cell_type == "code" and not notebook.is_test(cell):
            exec(compile(cell.source, f"<{notebook.grade_id(cell)}>", "exec"), namespace)
    return namespace


def run_test_cells(assignment, exercise, answer=None):
    """Run an exercise's test cells, hidden tests included, as the autograder would, in-process.

    The lesson's other cells run first with the instructor's solutions; then
    ``answer`` (a cell's source) replaces the exercise's solution.  Returns
    ``{grade_id: exception or None}``.
    """
    lesson = _lesson_namespace(assignment)
    namespace = dict(lesson)
    for name, value in lesson.items():  # the lesson's functions look names up in this run's namespace
        if isinstance(value, types.FunctionType) and value.__globals__ is lesson:
            namespace[name] = types.FunctionType(value.__code__, namespace, value.__name__,
                                                 value.__defaults__, value.__closure__)
    if answer is not None:
        exec(compile(answer, f"<{exercise}>", "exec"), namespace)
    results = {}
    for cell in source_notebook(assignment).cells:
        if notebook.is_test(cell) and notebook.grade_id(cell).startswith(f"test_{exercise}_"):
            try:
                exec(compile(cell.source, f"<{notebook.grade_id(cell)}>", "exec"), namespace)
                results[notebook.grade_id(cell)] = None
            except Exception as error:  # what nbgrader would show in the cell
                results[notebook.grade_id(cell)] = error
    return results
