"""The reference implementations agree with OpenCV, bit for bit, and with the maths."""

import math
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gradcourse import reference
from gradcourse.lessons.ps1_manual_gradients import reference as ps1_reference
from gradcourse.lessons.ps2_sobel_scharr import reference as ps2_reference
from gradcourse.lessons.ps3_orientation_masks import reference as ps3_reference

KX = np.array([[-1.0, 0.0, 1.0]])
REPO_IMAGES = Path(__file__).resolve().parent.parent / "source" / "ps2_sobel_scharr" / "images"


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
    gx, gy = ps1_reference.image_gradients(image)
    cx, cy = opencv_gradients(image)
    assert gx.dtype == gy.dtype == np.float64
    assert np.array_equal(gx, cx) and np.array_equal(gy, cy)


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=24)))
def test_image_gradients_equal_opencv_on_any_uint8_image(image):
    gx, gy = ps1_reference.image_gradients(image)
    cx, cy = opencv_gradients(image)
    assert np.array_equal(gx, cx) and np.array_equal(gy, cy)


def test_border_columns_of_gx_and_rows_of_gy_are_zero():
    image = np.random.default_rng(1).integers(0, 256, (9, 11), dtype=np.uint8)
    gx, gy = ps1_reference.image_gradients(image)
    assert not gx[:, 0].any() and not gx[:, -1].any()
    assert not gy[0].any() and not gy[-1].any()
    assert gx[:, 1:-1].any() and gy[1:-1].any()


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.uint8, st.tuples(st.integers(3, 12), st.integers(3, 12))), st.data())
def test_pixel_functions_agree_with_the_whole_image(image, data):
    height, width = image.shape
    x = data.draw(st.integers(1, width - 2))
    y = data.draw(st.integers(1, height - 2))
    gx, gy = ps1_reference.image_gradients(image)
    north, south, east, west = ps1_reference.neighbours(image, x, y)
    assert (east - west, south - north) == ps1_reference.pixel_gradient(image, x, y) == (gx[y, x], gy[y, x])


@pytest.mark.parametrize("matrix, gradient, magnitude, angle", [
    ([[25, 50, 50], [20, 40, 49], [22, 36, 36]], (29, -14), 32.20, -25.77),
    ([[125, 130, 150], [200, 190, 167], [222, 156, 236]], (-33, 26), 42.01, 141.77),
    ([[255, 255, 255], [255, 255, 255], [0, 0, 0]], (0, -255), 255.0, -90.0),
    ([[0, 0, 0], [255, 255, 0], [255, 255, 255]], (-255, 255), 360.62, 135.0),
])
def test_the_lessons_worked_examples(matrix, gradient, magnitude, angle):
    image = np.array(matrix, dtype=np.uint8)
    assert ps1_reference.pixel_gradient(image, 1, 1) == gradient
    assert round(float(ps1_reference.gradient_magnitude(*gradient)), 2) == magnitude
    assert round(float(ps1_reference.gradient_orientation(*gradient)), 2) == angle


@settings(max_examples=200, deadline=None)
@given(st.integers(-255, 255), st.integers(-255, 255))
def test_magnitude_and_orientation_are_the_polar_form(gx, gy):
    magnitude = ps1_reference.gradient_magnitude(gx, gy)
    angle = ps1_reference.gradient_orientation(gx, gy)
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
    assert ps1_reference.gradient_orientation(gx, gy).tolist() == expected


def test_reference_refuses_to_run_inside_a_students_call():
    with reference.forbidden():
        with pytest.raises(reference.ReferenceCalledError, match="Không được gọi"):
            ps1_reference.image_gradients(np.zeros((3, 3), np.uint8))
    assert ps1_reference.image_gradients(np.zeros((3, 3), np.uint8))[0].shape == (3, 3)


# --- assignment 2 ---------------------------------------------------------------

ODD_SHAPES = [(1, 1), (1, 2), (2, 1), (1, 9), (9, 1), (2, 3), (3, 2), (7, 5), (13, 31), (241, 319)]


@pytest.mark.parametrize("shape", ODD_SHAPES)
def test_sobel_and_scharr_equal_opencv(shape):
    image = np.random.default_rng(sum(shape)).integers(0, 256, shape, dtype=np.uint8)
    sobel, scharr = ps2_reference.sobel_gradients(image), ps2_reference.scharr_gradients(image)
    assert np.array_equal(sobel[0], cv2.Sobel(image, cv2.CV_64F, 1, 0)) and sobel[0].dtype == np.float64
    assert np.array_equal(sobel[1], cv2.Sobel(image, cv2.CV_64F, 0, 1))
    assert np.array_equal(scharr[0], cv2.Scharr(image, cv2.CV_64F, 1, 0))
    assert np.array_equal(scharr[1], cv2.Sobel(image, cv2.CV_64F, 0, 1, ksize=-1))


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=20)),
       hnp.arrays(np.int8, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
                  elements=st.integers(-9, 9)))
def test_correlate_equals_filter2d_for_any_image_and_kernel(image, kernel):
    """Any uint8 image, any kernel up to 6×6 (even sizes too: the anchor is OpenCV's)."""
    kernel = kernel.astype(np.float64)
    assert np.array_equal(ps2_reference.correlate(image, kernel),
                          cv2.filter2D(image.astype(np.float64), cv2.CV_64F, kernel))


def test_correlate_with_the_lessons_kernels_is_sobel_and_scharr():
    image = np.random.default_rng(3).integers(0, 256, (11, 13), dtype=np.uint8)
    assert np.array_equal(ps2_reference.correlate(image, ps2_reference.SOBEL_X), cv2.Sobel(image, cv2.CV_64F, 1, 0))
    assert np.array_equal(ps2_reference.correlate(image, ps2_reference.SCHARR_Y), cv2.Scharr(image, cv2.CV_64F, 0, 1))
    # convolution flips the kernel: for a derivative kernel that is a change of sign
    assert np.array_equal(ps2_reference.correlate(image, np.flip(ps2_reference.SCHARR_X)), -cv2.Scharr(image, cv2.CV_64F, 1, 0))
    with pytest.raises(ValueError):
        ps2_reference.SOBEL_X[0, 0] = 5  # the shared constants are read-only


def test_the_worked_neighbourhood():
    n = np.array([[93, 139, 101], [26, 252, 196], [135, 230, 18]], dtype=np.uint8)
    gx, gy = ps2_reference.apply_kernel(n, ps2_reference.SOBEL_X), ps2_reference.apply_kernel(n, ps2_reference.SOBEL_Y)
    assert (gx, gy) == (231.0, 141.0)
    assert round(float(ps1_reference.gradient_magnitude(gx, gy)), 2) == 270.63
    assert round(float(ps1_reference.gradient_orientation(gx, gy)), 1) == 31.4
    assert (ps2_reference.apply_kernel(n, ps2_reference.SCHARR_X), ps2_reference.apply_kernel(n, ps2_reference.SCHARR_Y)) == (1373, 787)
    assert ps2_reference.sobel_gradients(n)[0][1, 1] == 231 and ps2_reference.sobel_gradients(n)[1][1, 1] == 141


def test_to_gray_is_cvtcolor_on_every_colour():
    codes = np.arange(1 << 24, dtype=np.uint32)
    every = np.stack([(codes >> 16) & 255, (codes >> 8) & 255, codes & 255], axis=-1).astype(np.uint8)
    every = every.reshape(4096, 4096, 3)
    assert np.array_equal(ps2_reference.to_gray(every), cv2.cvtColor(every, cv2.COLOR_BGR2GRAY))


@pytest.mark.parametrize("shape", ODD_SHAPES)
def test_sobel_combined_equals_opencv(shape):
    image = np.random.default_rng(sum(shape) + 1).integers(0, 256, shape, dtype=np.uint8)
    abs_x = cv2.convertScaleAbs(cv2.Sobel(image, cv2.CV_64F, 1, 0))
    abs_y = cv2.convertScaleAbs(cv2.Sobel(image, cv2.CV_64F, 0, 1))
    combined = ps2_reference.sobel_combined(image)
    assert combined.dtype == np.uint8
    assert np.array_equal(combined, cv2.addWeighted(abs_x, 0.5, abs_y, 0.5, 0))


# --- assignment 3 ---------------------------------------------------------------


@pytest.mark.parametrize("shape", ODD_SHAPES)
def test_magnitude_and_orientation_fold_sobel_into_0_180(shape):
    image = np.random.default_rng(sum(shape) + 2).integers(0, 256, shape, dtype=np.uint8)
    mag, theta = ps3_reference.magnitude_orientation(image)
    gx, gy = cv2.Sobel(image, cv2.CV_64F, 1, 0), cv2.Sobel(image, cv2.CV_64F, 0, 1)
    assert np.array_equal(mag, np.sqrt(gx ** 2 + gy ** 2))
    assert theta.dtype == np.float64 and theta.min() >= 0 and theta.max() < 180
    assert np.array_equal(theta, np.degrees(np.arctan2(gy, gx)) % 180)
    assert np.all(theta[(gx == 0) & (gy == 0)] == 0)


def test_orientation_is_exact_on_the_diagonals_so_ties_sit_on_the_bounds():
    coins = cv2.imread(str(REPO_IMAGES / "coins.png"), cv2.IMREAD_GRAYSCALE)
    mag, theta = ps3_reference.magnitude_orientation(coins)
    ties = np.isin(theta, [45.0, 90.0, 135.0]) & (mag > 0)
    assert ties.mean() > 0.05  # a real photo has many exact ties
    mask = ps3_reference.orientation_mask(coins, 45, 90)
    assert np.all(mask[theta == 45.0] == 255) and np.all(mask[theta == 90.0] == 255)


def test_orientation_mask_bounds_wrap_and_threshold():
    image = np.random.default_rng(9).integers(0, 256, (31, 37), dtype=np.uint8)
    mag, theta = ps3_reference.magnitude_orientation(image)
    mask = ps3_reference.orientation_mask(image, 170, 10, min_magnitude=100)
    assert mask.dtype == np.uint8 and set(np.unique(mask)) <= {0, 255}
    assert np.array_equal(mask == 255, ((theta >= 170) | (theta <= 10)) & (mag >= 100))
    assert np.array_equal(ps3_reference.orientation_mask(image, 0, 180), np.full(image.shape, 255, np.uint8))


def test_orientation_histogram_counts_or_weighs_every_pixel():
    image = np.random.default_rng(4).integers(0, 256, (25, 29), dtype=np.uint8)
    mag, theta = ps3_reference.magnitude_orientation(image)
    counts = ps3_reference.orientation_histogram(image, bins=9, weighted=False)
    weights = ps3_reference.orientation_histogram(image, bins=6)
    assert counts.dtype == np.float64 and counts.shape == (9,) and counts.sum() == image.size
    assert weights.shape == (6,) and weights.sum() == pytest.approx(mag.sum())
    assert counts[2] == np.count_nonzero((theta >= 40) & (theta < 60))
