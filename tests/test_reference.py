"""The reference implementations agree with OpenCV, bit for bit, and with the maths."""

import math

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gradcourse import reference

KX = np.array([[-1.0, 0.0, 1.0]])


def opencv_gradients(image):
    as_float = image.astype(np.float64)
    return (cv2.filter2D(as_float, cv2.CV_64F, KX), cv2.filter2D(as_float, cv2.CV_64F, KX.T))


SHAPES = [(1, 1), (1, 2), (2, 1), (1, 17), (17, 1), (2, 3), (3, 2), (7, 5), (13, 31), (480, 640)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("extremes", [False, True])
def test_image_gradients_equal_opencv_filter2d(shape, extremes):
    rng = np.random.default_rng(sum(shape))
    image = rng.integers(0, 256, shape, dtype=np.uint8)
    if extremes:
        image = np.where(image > 127, 255, 0).astype(np.uint8)
    gx, gy = reference.image_gradients(image)
    cx, cy = opencv_gradients(image)
    assert gx.dtype == gy.dtype == np.float64
    assert np.array_equal(gx, cx) and np.array_equal(gy, cy)


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=24)))
def test_image_gradients_equal_opencv_on_any_uint8_image(image):
    gx, gy = reference.image_gradients(image)
    cx, cy = opencv_gradients(image)
    assert np.array_equal(gx, cx) and np.array_equal(gy, cy)


def test_border_columns_of_gx_and_rows_of_gy_are_zero():
    image = np.random.default_rng(1).integers(0, 256, (9, 11), dtype=np.uint8)
    gx, gy = reference.image_gradients(image)
    assert not gx[:, 0].any() and not gx[:, -1].any()
    assert not gy[0].any() and not gy[-1].any()
    assert gx[:, 1:-1].any() and gy[1:-1].any()


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.uint8, st.tuples(st.integers(3, 12), st.integers(3, 12))), st.data())
def test_pixel_functions_agree_with_the_whole_image(image, data):
    height, width = image.shape
    x = data.draw(st.integers(1, width - 2))
    y = data.draw(st.integers(1, height - 2))
    gx, gy = reference.image_gradients(image)
    north, south, east, west = reference.neighbours(image, x, y)
    assert (east - west, south - north) == reference.pixel_gradient(image, x, y) == (gx[y, x], gy[y, x])


@pytest.mark.parametrize("matrix, gradient, magnitude, angle", [
    ([[25, 50, 50], [20, 40, 49], [22, 36, 36]], (29, -14), 32.20, -25.77),
    ([[125, 130, 150], [200, 190, 167], [222, 156, 236]], (-33, 26), 42.01, 141.77),
    ([[255, 255, 255], [255, 255, 255], [0, 0, 0]], (0, -255), 255.0, -90.0),
    ([[0, 0, 0], [255, 255, 0], [255, 255, 255]], (-255, 255), 360.62, 135.0),
])
def test_the_lessons_worked_examples(matrix, gradient, magnitude, angle):
    image = np.array(matrix, dtype=np.uint8)
    assert reference.pixel_gradient(image, 1, 1) == gradient
    assert round(float(reference.gradient_magnitude(*gradient)), 2) == magnitude
    assert round(float(reference.gradient_orientation(*gradient)), 2) == angle


@settings(max_examples=200, deadline=None)
@given(st.integers(-255, 255), st.integers(-255, 255))
def test_magnitude_and_orientation_are_the_polar_form(gx, gy):
    magnitude = reference.gradient_magnitude(gx, gy)
    angle = reference.gradient_orientation(gx, gy)
    assert isinstance(magnitude, np.float64) and isinstance(angle, np.float64)
    assert magnitude == pytest.approx(math.hypot(gx, gy), rel=1e-15)
    assert -180 < angle <= 180
    if gx or gy:
        assert magnitude * math.cos(math.radians(angle)) == pytest.approx(gx, abs=1e-9)
        assert magnitude * math.sin(math.radians(angle)) == pytest.approx(gy, abs=1e-9)


def test_orientation_is_exact_on_the_axes_and_diagonals():
    gx = np.array([1, 0, -1, 0, 3, -3, -3, 3], dtype=np.float64)
    gy = np.array([0, 1, 0, -1, 3, 3, -3, -3], dtype=np.float64)
    expected = [0, 90, 180, -90, 45, 135, -135, -45]
    assert reference.gradient_orientation(gx, gy).tolist() == expected


def test_reference_refuses_to_run_inside_a_students_call():
    with reference.forbidden():
        with pytest.raises(reference.ReferenceCalledError, match="Không được gọi"):
            reference.image_gradients(np.zeros((3, 3), np.uint8))
    assert reference.image_gradients(np.zeros((3, 3), np.uint8))[0].shape == (3, 3)
