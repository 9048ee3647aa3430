"""The tampering scan (gradcourse.remote.tampering): what it finds in a student's code cell, and that
no honest answer of the course is ever taken for tampering.

A cell it flags makes the notebook's tests count for nothing (tests/test_hostile.py grades such
notebooks end to end), so a false alarm would cost an honest student everything.
"""

import pytest

from gradcourse import grading, misconceptions, notebook, remote
from conftest import PS1, REPO, source_notebook

TOOLS = [
    ("import gradcourse.checks as c", ["import gradcourse.checks"]),
    ("from importlib import reload", ["import importlib"]),
    ("import ctypes, numpy", ["import ctypes"]),
    ("x = eval('1 + 1')", ["eval"]),
    ("f = __import__('os')", ["__import__"]),
    ("ns = globals()", ["globals"]),
    ("get_ipython().set_custom_exc((Exception,), None)", [".set_custom_exc", "get_ipython"]),
    ("np.array_equal.__code__ = (lambda *a: True).__code__", [".__code__"]),
    ("setattr(np, 'allclose', lambda *a, **k: True)", ["setattr"]),
    ("object.__subclasses__()", [".__subclasses__"]),
    ("import sys\nsys.modules['numpy'].allclose = None", [".modules"]),
    # the by-hand profile hook switched off, or left behind in another process
    ("import sys, cv2\nsys.setprofile(None)\nout = cv2.filter2D(image, -1, kernel)", [".setprofile"]),
    ("import threading\nthreading.settrace(None)", [".settrace"]),
    ("import subprocess", ["import subprocess"]),
    ("from multiprocessing import Pool", ["import multiprocessing"]),
    ("from concurrent.futures import ProcessPoolExecutor", ["import concurrent.futures"]),
    # IPython's own syntax is read as IPython reads it: the code a magic runs is scanned like a cell
    ("%time x = eval('1')", ["eval"]),
    ("%%timeit -n 3\nimport ctypes", ["import ctypes"]),
    ("%%capture out\nsys.settrace(None)", [".settrace"]),
    ("get_ipython()", ["get_ipython"]),
    # magics and shell commands that reach past the checks: a profiler, a file imported unseen, a process
    ("%prun correlate(image, kernel)", ["%prun"]),
    ("%%writefile helper.py\nimport sys\nsys.setprofile(None)", ["%%writefile"]),
    ("%run helper.py", ["%run"]),
    ("!python -c 'import cv2'", ["! (shell)"]),
    ("files = !ls", ["! (shell)"]),
    ("%%bash\nls", ["%%bash"]),
]


@pytest.mark.parametrize("source, found", TOOLS, ids=[found[0] for _, found in TOOLS])
def test_a_tampering_tool_is_named(source, found):
    """Each tool is found, named as the feedback names it."""
    assert remote.tampering(source) == sorted(found)


def test_plain_numpy_and_opencv_are_not_tampering():
    """What answers are made of: NumPy, OpenCV, loops, attributes of arrays, a module named like a tool's."""
    source = ("import numpy as np\nimport cv2\nfrom math import atan2\nimport evaluation_helpers\n"
              "def f(image):\n    out = np.zeros_like(image, dtype=np.float64)\n"
              "    for y in range(image.shape[0]):\n        out[y] = image[y].astype(np.float64).sum()\n"
              "    return cv2.Sobel(out, cv2.CV_64F, 1, 0), out.T, out.flags, out.dtype\n")
    assert remote.tampering(source) == []


@pytest.mark.parametrize("source", [
    "%matplotlib inline", "%timeit image_gradients(image)", "%timeit -n 10 -r 3 -q image_gradients(image)",
    "%%time\ngx, gy = image_gradients(image)", "image_gradients?", "%pip install scikit-image",
    "%precision 3\n%whos", "%%capture out\nplt.imshow(image)", "%config InlineBackend.figure_format = 'retina'",
    "%%html\n<b>θ</b>",
])
def test_harmless_magics_are_not_tampering(source):
    """What students write out of habit (IPython turns each into a get_ipython() call)."""
    assert remote.tampering(source) == []


def test_a_cell_that_cannot_be_parsed_is_not_tampering():
    """A written answer or broken code: it cannot run, so it cannot tamper."""
    assert remote.tampering("This is my written answer: eval( the gradient") == []


@pytest.mark.parametrize("assignment", grading.assignments())
def test_no_solution_of_the_course_uses_a_tampering_tool(assignment):
    """Every solution cell, as the instructor wrote it."""
    flagged = {grade_id: remote.tampering(source)
               for grade_id, source in notebook.solutions(source_notebook(assignment)).items()}
    assert {k: v for k, v in flagged.items() if v} == {}


def test_no_typical_wrong_answer_uses_a_tampering_tool():
    """A misconception must cost its own points only, never the whole notebook."""
    flagged = {f"{w.exercise}/{w.key}": remote.tampering(w.source) for w in misconceptions.every()}
    assert len(flagged) > 30 and {k: v for k, v in flagged.items() if v} == {}


def test_no_sample_submission_uses_a_tampering_tool():
    """The bundled sample class's notebooks, every cell a student wrote (the instructor's cells, which
    import gradcourse, are put back from the gradebook and are not scanned)."""
    paths = sorted((REPO / "samples").glob("*/*/*.ipynb"))
    assert len(paths) >= 12
    flagged = {f"{path.parent.name}/{path.name}#{i}": remote.tampering(cell.source)
               for path in paths for i, cell in enumerate(notebook.read(path).cells)
               if cell.cell_type == "code" and (notebook.is_solution(cell) or not notebook.grade_id(cell))}
    assert {k: v for k, v in flagged.items() if v} == {}
