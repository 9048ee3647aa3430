"""The angle explorer: the mask follows the sliders, from precomputed orientations, and stays out of grading."""

import datetime
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import cv2
import numpy as np
import pytest

from gradcourse import explorer, images
from gradcourse.lessons.ps1_manual_gradients import reference as ps1_reference
from gradcourse.lessons.ps3_orientation_masks import reference as ps3_reference

NOW = datetime.datetime.now(datetime.timezone.utc)


def decode(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"  # PNG, never JPEG, for a two-level mask
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)


def test_the_mask_follows_the_sliders_and_equals_the_reference():
    view = explorer.AngleExplorer(["coins", "pill"])
    assert np.array_equal(decode(view.mask_view.value), ps3_reference.orientation_mask(images.gray("coins"), 175, 180))
    view.angles.value = (80, 100)
    view.magnitude.value = 50
    assert np.array_equal(decode(view.mask_view.value),
                          ps3_reference.orientation_mask(images.gray("coins"), 80, 100, min_magnitude=50))
    view.wrap.value = True  # (80, 100) now means θ ≥ 100 or θ ≤ 80
    assert np.array_equal(decode(view.mask_view.value),
                          ps3_reference.orientation_mask(images.gray("coins"), 100, 80, min_magnitude=50))
    assert "%" in view.status.value and "điểm ảnh" in view.status.value


def test_orientation_is_computed_once_per_image_not_per_move(monkeypatch):
    calls = []
    real = explorer.gradients
    monkeypatch.setattr(explorer, "gradients", lambda *a: calls.append(a[1:]) or real(*a))
    view = explorer.AngleExplorer(["coins", "pill"])
    for low in range(0, 170, 10):
        view.angles.value = (low, low + 10)
    view.picker.value = "pill"
    view.magnitude.value = 10
    view.picker.value = "coins"
    assert len(calls) == 2


def test_a_students_upload_becomes_a_choice_and_junk_is_refused():
    view = explorer.AngleExplorer(["coins"])
    photo = cv2.imencode(".png", images.load("pill"))[1].tobytes()
    view.upload.value = ({"name": "mine.png", "type": "image/png", "size": len(photo), "content": photo,
                          "last_modified": NOW},)
    assert view.picker.value == explorer.LABELS["upload"]
    assert decode(view.original.value).shape == (240, 320)
    view.upload.value = ({"name": "x.png", "type": "image/png", "size": 3, "content": b"abc", "last_modified": NOW},)
    assert view.status.value == explorer.LABELS["bad-upload"]


def test_the_kernels_are_the_lessons():
    gray = images.gray("pill")
    assert np.array_equal(explorer.gradients(gray, "sobel")[0], cv2.Sobel(gray, cv2.CV_64F, 1, 0))
    assert np.array_equal(explorer.gradients(gray, "scharr")[1], cv2.Scharr(gray, cv2.CV_64F, 0, 1))
    assert np.array_equal(explorer.gradients(gray, "central")[0], ps1_reference.image_gradients(gray)[0])
    colour = explorer.orientation_colour(*explorer.polar(gray))
    assert colour.shape == (240, 320, 3) and colour.dtype == np.uint8


@pytest.mark.parametrize("mode, shown", [("autograde", False), ("validate", False), (None, True)])
def test_without_a_front_end_it_only_prints_a_note(mode, shown):
    env_line = f"os.environ['NBGRADER_EXECUTION'] = {mode!r}" if mode else "os.environ.pop('NBGRADER_EXECUTION', None)"
    code = f"import os\n{env_line}\nfrom gradcourse import explorer\nprint(explorer.explore(['coins']) is not None)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith(str(shown))
    assert ("JupyterLab" in out.stdout) != shown


def test_the_lecture_explorer_shows_gx_gy_magnitude_and_orientation_colour_for_the_picked_kernel(monkeypatch):
    calls = []
    real = explorer.gradients
    monkeypatch.setattr(explorer, "gradients", lambda *a: calls.append(a[1:]) or real(*a))
    view = explorer.GradientExplorer(["pill", "coins"])
    gray = images.gray("pill")
    gx = decode(view.views["gx"].value)
    assert np.array_equal(gx, explorer.signed_view(cv2.Sobel(gray, cv2.CV_64F, 1, 0)))
    before = {key: v.value for key, v in view.views.items()}
    view.kernel_picker.value = "central"
    assert all(view.views[key].value != before[key] for key in before)
    assert np.array_equal(decode(view.views["gy"].value), explorer.signed_view(ps1_reference.image_gradients(gray)[1]))
    colour = cv2.imdecode(np.frombuffer(view.views["colour"].value, np.uint8), cv2.IMREAD_COLOR)
    assert colour.shape == (240, 320, 3)
    for low in range(0, 170, 10):  # the angle sliders work here too, from the same precomputed state
        view.angles.value = (low, low + 10)
    assert calls == [("sobel",), ("central",)]
    view.angles.value = (80, 100)
    assert np.array_equal(decode(view.mask_view.value),
                          explorer.MaskState(gray, "central").mask(80, 100))


def test_the_orientation_legend_gives_each_orientation_its_own_colour():
    legend = explorer.orientation_legend(121)
    hsv = cv2.cvtColor(legend, cv2.COLOR_BGR2HSV)
    right, below = hsv[60, 110], hsv[110, 60]  # theta 0 (a vertical edge) and theta 90 (a horizontal one)
    assert right[0] in (0, 179, 1) and 85 <= below[0] <= 95
    assert np.array_equal(legend[0, 0], [255, 255, 255])  # outside the disc


def test_the_slide_figure_has_one_row_per_kernel():
    figure = explorer.gradient_figure("pill", ("central", "sobel"))
    assert len(figure.axes) == 8
    assert "Sobel" in figure.axes[4].get_title() and "độ lớn gradient" in figure.axes[2].get_title()


# the class dashboard, the other notebook there, needs a graded class: tests/test_dashboard.py runs it
LECTURE_NOTEBOOKS = [Path(__file__).parent.parent / "notebooks" / "gradient_explorer.ipynb"]


def test_notebooks_holds_the_lecture_explorer_and_the_class_dashboard():
    assert sorted(p.name for p in LECTURE_NOTEBOOKS[0].parent.glob("*.ipynb")) == [
        "class_dashboard.ipynb", "gradient_explorer.ipynb"]


@pytest.mark.parametrize("path", LECTURE_NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_in_notebooks_runs_headless_without_error_output(path):
    nb = nbformat.read(path, as_version=4)
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code"), "commit notebooks/ without outputs"
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    problems = [(c.id, o.get("ename") or o.get("text", "")[:300]) for c in nb.cells if c.cell_type == "code"
                for o in c.outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert problems == []
    shown = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in shown), "the explorer"
    assert any("image/png" in o.get("data", {}) for o in shown), "the slide figure"


def test_a_lessons_figures_are_drawn_in_jupyterlab_and_not_when_graded(monkeypatch):
    """Grading draws no figure (they change no grade and cost seconds a submission): a one-line note instead."""
    import importlib

    import matplotlib.figure

    from gradcourse import lessons

    drawn = 0
    for assignment in lessons.names():
        try:
            figures = importlib.import_module(f"gradcourse.lessons.{assignment}.figures")
        except ModuleNotFoundError:
            continue
        public = [getattr(figures, n) for n in dir(figures) if not n.startswith("_")]
        decorated = [f for f in public if callable(f) and getattr(f, "__wrapped__", None) is not None
                     and f.__module__ == figures.__name__]
        assert len(decorated) >= 6, assignment
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
        for function in decorated:
            note = function()
            assert isinstance(note, explorer.NotDrawn) and "JupyterLab" in repr(note) and "khi chấm" in repr(note)
        monkeypatch.delenv("NBGRADER_EXECUTION")
        first = next(f for f in decorated if not inspect_required(f))
        assert isinstance(first(), matplotlib.figure.Figure)
        drawn += 1
    assert drawn == len(lessons.names())


def inspect_required(function):
    """Whether ``function`` needs arguments (a figure of a given image or answer)."""
    import inspect

    return any(p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
               for p in inspect.signature(function).parameters.values())
