"""The angle explorer: the mask follows the sliders, from precomputed orientations, and stays out of grading."""

import datetime
import subprocess
import sys

import cv2
import numpy as np
import pytest

from gradcourse import explorer, images, reference

NOW = datetime.datetime.now(datetime.timezone.utc)


def decode(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"  # PNG, never JPEG, for a two-level mask
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)


def test_the_mask_follows_the_sliders_and_equals_the_reference():
    view = explorer.AngleExplorer(["coins", "pill"])
    assert np.array_equal(decode(view.mask_view.value), reference.orientation_mask(images.gray("coins"), 175, 180))
    view.angles.value = (80, 100)
    view.magnitude.value = 50
    assert np.array_equal(decode(view.mask_view.value),
                          reference.orientation_mask(images.gray("coins"), 80, 100, min_magnitude=50))
    view.wrap.value = True  # (80, 100) now means θ ≥ 100 or θ ≤ 80
    assert np.array_equal(decode(view.mask_view.value),
                          reference.orientation_mask(images.gray("coins"), 100, 80, min_magnitude=50))
    assert "%" in view.status.value and "điểm ảnh" in view.status.value


def test_orientation_is_computed_once_per_image_not_per_move(monkeypatch):
    calls = []
    real = explorer.polar
    monkeypatch.setattr(explorer, "polar", lambda *a: calls.append(a[1:]) or real(*a))
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
    assert np.array_equal(explorer.gradients(gray, "central")[0], reference.image_gradients(gray)[0])
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
