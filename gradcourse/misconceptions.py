"""Typical wrong answers, each written the way a student would write it.

A check that finds a wrong result runs these on the same input; when one of
them gives the student's result, the check names that misconception in its
message.  The end-to-end tests put the same functions into notebooks, so a
misconception is written once and serves both.
"""

import inspect
import textwrap
from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np


@dataclass(frozen=True)
class WrongAnswer:
    key: str  # the misconception, a key of checks.MESSAGES
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


def wrong(key, exercise, binds=""):
    def register(func):
        WRONG_ANSWERS.append(WrongAnswer(key, exercise, func, binds))
        return func

    return register


def for_exercise(exercise):
    return [w for w in WRONG_ANSWERS if w.exercise == exercise]


# --- neighbours -------------------------------------------------------------


@wrong("xy-swapped", "neighbours")
def neighbours_xy_swapped(image, x, y):
    return image[x - 1, y], image[x + 1, y], image[x, y + 1], image[x, y - 1]


@wrong("y-up", "neighbours")
def neighbours_y_up(image, x, y):
    return image[y + 1, x], image[y - 1, x], image[y, x + 1], image[y, x - 1]


# --- pixel_gradient ---------------------------------------------------------


@wrong("uint8-wraparound", "pixel_gradient")
def pixel_gradient_uint8(image, x, y):
    return image[y, x + 1] - image[y, x - 1], image[y + 1, x] - image[y - 1, x]


@wrong("xy-swapped", "pixel_gradient")
def pixel_gradient_xy_swapped(image, x, y):
    gx = int(image[x + 1, y]) - int(image[x - 1, y])
    gy = int(image[x, y + 1]) - int(image[x, y - 1])
    return gx, gy


@wrong("y-up", "pixel_gradient")
def pixel_gradient_y_up(image, x, y):
    gx = int(image[y, x + 1]) - int(image[y, x - 1])
    gy = int(image[y - 1, x]) - int(image[y + 1, x])
    return gx, gy


@wrong("forward-difference", "pixel_gradient")
def pixel_gradient_forward(image, x, y):
    gx = int(image[y, x + 1]) - int(image[y, x])
    gy = int(image[y + 1, x]) - int(image[y, x])
    return gx, gy


@wrong("np-gradient", "pixel_gradient")
def pixel_gradient_halved(image, x, y):
    gx = (int(image[y, x + 1]) - int(image[y, x - 1])) / 2
    gy = (int(image[y + 1, x]) - int(image[y - 1, x])) / 2
    return gx, gy


# --- gradient_magnitude -----------------------------------------------------


@wrong("abs-sum", "gradient_magnitude")
def gradient_magnitude_abs_sum(gx, gy):
    return np.abs(gx) + np.abs(gy) * 1.0


@wrong("no-sqrt", "gradient_magnitude")
def gradient_magnitude_no_sqrt(gx, gy):
    return np.asarray(gx, dtype=np.float64) ** 2 + np.asarray(gy, dtype=np.float64) ** 2


# --- gradient_orientation ---------------------------------------------------


@wrong("radians", "gradient_orientation")
def gradient_orientation_radians(gx, gy):
    return np.arctan2(gy, gx)


@wrong("arctan", "gradient_orientation")
def gradient_orientation_arctan(gx, gy):
    return np.degrees(np.arctan(np.asarray(gy, dtype=np.float64) / gx))


@wrong("arctan2-arguments", "gradient_orientation")
def gradient_orientation_swapped_arguments(gx, gy):
    return np.degrees(np.arctan2(gx, gy))


@wrong("y-up", "gradient_orientation")
def gradient_orientation_y_up(gx, gy):
    return np.degrees(np.arctan2(-np.asarray(gy), gx))


@wrong("folded", "gradient_orientation")
def gradient_orientation_folded(gx, gy):
    return np.degrees(np.arctan2(gy, gx)) % 180


@wrong("folded", "gradient_orientation")
def gradient_orientation_made_positive(gx, gy):
    theta = np.degrees(np.arctan2(gy, gx))
    return np.where(theta < 0, theta + 180, theta)  # as HOG code does


@wrong("range-0-360", "gradient_orientation")
def gradient_orientation_0_360(gx, gy):
    return np.degrees(np.arctan2(gy, gx)) % 360


# --- image_gradients --------------------------------------------------------


@wrong("uint8-wraparound", "image_gradients")
def image_gradients_uint8(image):
    padded = np.pad(image, 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return gx.astype(np.float64), gy.astype(np.float64)


@wrong("xy-swapped", "image_gradients")
def image_gradients_xy_swapped(image):
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    gx = padded[2:, 1:-1] - padded[:-2, 1:-1]
    gy = padded[1:-1, 2:] - padded[1:-1, :-2]
    return gx, gy


@wrong("y-up", "image_gradients")
def image_gradients_y_up(image):
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[:-2, 1:-1] - padded[2:, 1:-1]
    return gx, gy


@wrong("np-gradient", "image_gradients")
def image_gradients_np_gradient(image):
    gy, gx = np.gradient(image.astype(np.float64))  # on a 1-pixel-wide image it raises, as np.gradient does
    return gx, gy


@wrong("forward-difference", "image_gradients")
def image_gradients_forward(image):
    image = image.astype(np.float64)
    gx = np.diff(image, axis=1, append=image[:, -1:])
    gy = np.diff(image, axis=0, append=image[-1:, :])
    return gx, gy


@wrong("np-roll", "image_gradients")
def image_gradients_roll(image):
    image = image.astype(np.float64)
    gx = np.roll(image, -1, axis=1) - np.roll(image, 1, axis=1)
    gy = np.roll(image, -1, axis=0) - np.roll(image, 1, axis=0)
    return gx, gy


@wrong("zero-padding", "image_gradients")
def image_gradients_zero_padding(image):
    padded = np.pad(image.astype(np.float64), 1, mode="constant")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return gx, gy


@wrong("python-loop", "image_gradients")
def image_gradients_loop(image):
    height, width = image.shape
    gx = np.zeros((height, width))
    gy = np.zeros((height, width))
    for y in range(height):
        for x in range(width):
            # reflect-101: the neighbour beyond the border is the one inside
            left = x - 1 if x > 0 else min(1, width - 1)
            right = x + 1 if x < width - 1 else max(width - 2, 0)
            up = y - 1 if y > 0 else min(1, height - 1)
            down = y + 1 if y < height - 1 else max(height - 2, 0)
            gx[y, x] = float(image[y, right]) - float(image[y, left])
            gy[y, x] = float(image[down, x]) - float(image[up, x])
    return gx, gy


# === assignment 2 ===========================================================

KERNEL_NAMES = "SOBEL_X, SOBEL_Y, SCHARR_X, SCHARR_Y"


@wrong("convolution", "kernels", binds=KERNEL_NAMES)
def kernels_from_a_convolution_textbook():
    sobel_x = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    sobel_y = np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
    scharr_x = np.array([[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]])
    return sobel_x, sobel_y, scharr_x, scharr_x.T


@wrong("scharr-sign", "kernels", binds=KERNEL_NAMES)
def kernels_scharr_sign():
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    scharr_x = np.array([[3, 0, -3], [10, 0, -10], [3, 0, -3]])
    return sobel_x, sobel_x.T, scharr_x, scharr_x.T


@wrong("xy-swapped", "kernels", binds=KERNEL_NAMES)
def kernels_xy_swapped():
    sobel_x = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
    scharr_x = np.array([[-3, -10, -3], [0, 0, 0], [3, 10, 3]])
    return sobel_x, sobel_x.T, scharr_x, scharr_x.T


# --- apply_kernel -------------------------------------------------------------


@wrong("convolution", "apply_kernel")
def apply_kernel_convolution(neighbourhood, kernel):
    flipped = np.flip(kernel)  # convolution flips the kernel
    return float(np.sum(neighbourhood.astype(np.float64) * flipped))


# --- correlate ------------------------------------------------------------------


@wrong("convolution", "correlate")
def correlate_convolution(image, kernel):
    kernel = np.flip(kernel)
    kh, kw = kernel.shape
    padded = np.pad(image.astype(np.float64), ((kh // 2, kh // 2), (kw // 2, kw // 2)), mode="reflect")
    out = np.zeros(image.shape)
    for i in range(kh):
        for j in range(kw):
            out += kernel[i, j] * padded[i:i + image.shape[0], j:j + image.shape[1]]
    return out


@wrong("zero-padding", "correlate")
def correlate_zero_padding(image, kernel):
    kh, kw = kernel.shape
    padded = np.pad(image.astype(np.float64), ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    out = np.zeros(image.shape)
    for i in range(kh):
        for j in range(kw):
            out += kernel[i, j] * padded[i:i + image.shape[0], j:j + image.shape[1]]
    return out


@wrong("not-by-hand", "correlate")
def correlate_with_opencv(image, kernel):
    return cv2.filter2D(image.astype(np.float64), cv2.CV_64F, np.asarray(kernel, dtype=np.float64))


# --- to_gray --------------------------------------------------------------------


@wrong("rgb-weights", "to_gray")
def to_gray_rgb(image_bgr):
    return cv2.cvtColor(image_bgr, cv2.COLOR_RGB2GRAY)


@wrong("gray-rounding", "to_gray")
def to_gray_by_formula(image_bgr):
    b, g, r = image_bgr[..., 0], image_bgr[..., 1], image_bgr[..., 2]
    return np.rint(0.114 * b + 0.587 * g + 0.299 * r).astype(np.uint8)


# --- sobel_gradients ------------------------------------------------------------


@wrong("ddepth-clipping", "sobel_gradients")
def sobel_gradients_uint8(gray):
    return cv2.Sobel(gray, -1, 1, 0), cv2.Sobel(gray, -1, 0, 1)


@wrong("xy-swapped", "sobel_gradients")
def sobel_gradients_xy_swapped(gray):
    return cv2.Sobel(gray, cv2.CV_64F, 0, 1), cv2.Sobel(gray, cv2.CV_64F, 1, 0)


@wrong("convolution", "sobel_gradients")
def sobel_gradients_textbook_kernel(gray):
    kernel_x = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=np.float64)
    return cv2.filter2D(gray, cv2.CV_64F, kernel_x), cv2.filter2D(gray, cv2.CV_64F, kernel_x.T)


@wrong("zero-padding", "sobel_gradients")
def sobel_gradients_zero_border(gray):
    gx = cv2.Sobel(gray, cv2.CV_64F, 1, 0, borderType=cv2.BORDER_CONSTANT)
    gy = cv2.Sobel(gray, cv2.CV_64F, 0, 1, borderType=cv2.BORDER_CONSTANT)
    return gx, gy


# --- scharr_gradients -----------------------------------------------------------


@wrong("scharr-sign", "scharr_gradients")
def scharr_gradients_textbook_kernel(gray):
    kernel_x = np.array([[3, 0, -3], [10, 0, -10], [3, 0, -3]], dtype=np.float64)
    return cv2.filter2D(gray, cv2.CV_64F, kernel_x), cv2.filter2D(gray, cv2.CV_64F, kernel_x.T)


@wrong("ddepth-clipping", "scharr_gradients")
def scharr_gradients_uint8(gray):
    return cv2.Scharr(gray, cv2.CV_8U, 1, 0), cv2.Scharr(gray, cv2.CV_8U, 0, 1)


@wrong("xy-swapped", "scharr_gradients")
def scharr_gradients_xy_swapped(gray):
    return cv2.Scharr(gray, cv2.CV_64F, 0, 1), cv2.Scharr(gray, cv2.CV_64F, 1, 0)


@wrong("sobel-not-scharr", "scharr_gradients")
def scharr_gradients_sobel(gray):
    return cv2.Sobel(gray, cv2.CV_64F, 1, 0, ksize=3), cv2.Sobel(gray, cv2.CV_64F, 0, 1, ksize=3)


# --- sobel_combined -------------------------------------------------------------


@wrong("convertscaleabs-skipped", "sobel_combined")
def sobel_combined_signed(gray):
    gx = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gy = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    combined = cv2.addWeighted(gx, 0.5, gy, 0.5, 0)
    return np.clip(combined, 0, 255).astype(np.uint8)


@wrong("ddepth-clipping", "sobel_combined")
def sobel_combined_uint8(gray):
    gx = cv2.Sobel(gray, cv2.CV_8U, 1, 0)
    gy = cv2.Sobel(gray, cv2.CV_8U, 0, 1)
    return cv2.addWeighted(cv2.convertScaleAbs(gx), 0.5, cv2.convertScaleAbs(gy), 0.5, 0)


# === assignment 3 ===========================================================


@wrong("no-fold", "magnitude_orientation")
def magnitude_orientation_not_folded(gray):
    gX = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gY = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    return np.sqrt(gX ** 2 + gY ** 2), np.degrees(np.arctan2(gY, gX))


@wrong("cv2-phase", "magnitude_orientation")
def magnitude_orientation_phase(gray):
    gX = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gY = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    return cv2.magnitude(gX, gY), cv2.phase(gX, gY, angleInDegrees=True) % 180


@wrong("radians", "magnitude_orientation")
def magnitude_orientation_radians(gray):
    gX = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gY = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    return np.sqrt(gX ** 2 + gY ** 2), np.arctan2(gY, gX) % 180


@wrong("exclusive-bounds", "orientation_mask")
def orientation_mask_exclusive(gray, lower, upper, min_magnitude=0):
    gX = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gY = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    mag, theta = np.sqrt(gX ** 2 + gY ** 2), np.degrees(np.arctan2(gY, gX)) % 180
    if lower <= upper:
        keep = (theta > lower) & (theta < upper)
    else:
        keep = (theta > lower) | (theta < upper)
    return (keep & (mag >= min_magnitude)).astype(np.uint8) * 255


@wrong("no-wrap", "orientation_mask")
def orientation_mask_no_wrap(gray, lower, upper, min_magnitude=0):
    gX = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gY = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    mag, theta = np.sqrt(gX ** 2 + gY ** 2), np.degrees(np.arctan2(gY, gX)) % 180
    keep = (theta >= lower) & (theta <= upper) & (mag >= min_magnitude)
    return keep.astype(np.uint8) * 255


@wrong("mask-0-1", "orientation_mask")
def orientation_mask_zero_one(gray, lower, upper, min_magnitude=0):
    gX = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gY = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    mag, theta = np.sqrt(gX ** 2 + gY ** 2), np.degrees(np.arctan2(gY, gX)) % 180
    if lower <= upper:
        keep = (theta >= lower) & (theta <= upper)
    else:
        keep = (theta >= lower) | (theta <= upper)
    return (keep & (mag >= min_magnitude)).astype(np.uint8)


@wrong("no-fold", "orientation_mask")
def orientation_mask_not_folded(gray, lower, upper, min_magnitude=0):
    gX = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gY = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    mag, theta = np.sqrt(gX ** 2 + gY ** 2), np.degrees(np.arctan2(gY, gX))
    if lower <= upper:
        keep = (theta >= lower) & (theta <= upper)
    else:
        keep = (theta >= lower) | (theta <= upper)
    return (keep & (mag >= min_magnitude)).astype(np.uint8) * 255


@wrong("ignores-weighted", "orientation_histogram")
def orientation_histogram_always_weighted(gray, bins=9, weighted=True):
    gX = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gY = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    mag, theta = np.sqrt(gX ** 2 + gY ** 2), np.degrees(np.arctan2(gY, gX)) % 180
    counts, _ = np.histogram(theta, bins=bins, range=(0, 180), weights=mag)
    return counts.astype(np.float64)


@wrong("ignores-weighted", "orientation_histogram")
def orientation_histogram_never_weighted(gray, bins=9, weighted=True):
    gX = cv2.Sobel(gray, cv2.CV_64F, 1, 0)
    gY = cv2.Sobel(gray, cv2.CV_64F, 0, 1)
    mag, theta = np.sqrt(gX ** 2 + gY ** 2), np.degrees(np.arctan2(gY, gX)) % 180  # noqa: F841 (forgotten: the misconception)
    counts, _ = np.histogram(theta, bins=bins, range=(0, 180))
    return counts.astype(np.float64)
