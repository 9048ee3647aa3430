"""Typical wrong answers to ps2 (Sobel and Scharr), each written the way a student would write it.

A check that finds a wrong result runs these on the same input; when one
alone gives the student's result, the check names that misconception.  The
end-to-end tests and the sample class put the same functions into notebooks
(:attr:`gradcourse.misconceptions.WrongAnswer.source`).
"""

import cv2
import numpy as np

from ...misconceptions import wrong


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


# --- angle_error (the investigation) ----------------------------------------------
# Each builds the lesson's stripes itself (a cell of its own: only np and cv2), as grating(angle) does.


@wrong("signed-angle-error", "angle_error")
def angle_error_signed(kernel_x, angles):
    kernel_x = np.asarray(kernel_x, dtype=np.float64)
    y, x = np.mgrid[:21, :21] - 10
    worst = 0.0
    for angle in angles:
        a = np.radians(angle)
        image = 128 + 100 * np.sin(2 * np.pi / 5 * (x * np.cos(a) + y * np.sin(a)))
        gx = cv2.filter2D(image, cv2.CV_64F, kernel_x)[10, 10]
        gy = cv2.filter2D(image, cv2.CV_64F, kernel_x.T)[10, 10]
        worst = max(worst, np.degrees(np.arctan2(gy, gx)) - angle)  # no abs: a negative error looks like none
    return float(worst)


@wrong("mean-angle-error", "angle_error")
def angle_error_mean(kernel_x, angles):
    kernel_x = np.asarray(kernel_x, dtype=np.float64)
    y, x = np.mgrid[:21, :21] - 10
    errors = []
    for angle in angles:
        a = np.radians(angle)
        image = 128 + 100 * np.sin(2 * np.pi / 5 * (x * np.cos(a) + y * np.sin(a)))
        gx = cv2.filter2D(image, cv2.CV_64F, kernel_x)[10, 10]
        gy = cv2.filter2D(image, cv2.CV_64F, kernel_x.T)[10, 10]
        errors.append(abs(np.degrees(np.arctan2(gy, gx)) - angle))
    return float(np.mean(errors))  # the average error, not the worst


@wrong("radians", "angle_error")
def angle_error_radians(kernel_x, angles):
    kernel_x = np.asarray(kernel_x, dtype=np.float64)
    y, x = np.mgrid[:21, :21] - 10
    worst = 0.0
    for angle in angles:
        a = np.radians(angle)
        image = 128 + 100 * np.sin(2 * np.pi / 5 * (x * np.cos(a) + y * np.sin(a)))
        gx = cv2.filter2D(image, cv2.CV_64F, kernel_x)[10, 10]
        gy = cv2.filter2D(image, cv2.CV_64F, kernel_x.T)[10, 10]
        worst = max(worst, abs(np.arctan2(gy, gx) - a))  # compared in radians
    return float(worst)


@wrong("xy-swapped", "angle_error")
def angle_error_arctan2_swapped(kernel_x, angles):
    kernel_x = np.asarray(kernel_x, dtype=np.float64)
    y, x = np.mgrid[:21, :21] - 10
    worst = 0.0
    for angle in angles:
        a = np.radians(angle)
        image = 128 + 100 * np.sin(2 * np.pi / 5 * (x * np.cos(a) + y * np.sin(a)))
        gx = cv2.filter2D(image, cv2.CV_64F, kernel_x)[10, 10]
        gy = cv2.filter2D(image, cv2.CV_64F, kernel_x.T)[10, 10]
        worst = max(worst, abs(np.degrees(np.arctan2(gx, gy)) - angle))  # arctan2 takes y first
    return float(worst)


@wrong("rot90-for-y", "angle_error")
def angle_error_rot90(kernel_x, angles):
    kernel_x = np.asarray(kernel_x, dtype=np.float64)
    kernel_y = np.rot90(kernel_x)  # a quarter turn counter-clockwise: top - bottom
    y, x = np.mgrid[:21, :21] - 10
    worst = 0.0
    for angle in angles:
        a = np.radians(angle)
        image = 128 + 100 * np.sin(2 * np.pi / 5 * (x * np.cos(a) + y * np.sin(a)))
        gx = cv2.filter2D(image, cv2.CV_64F, kernel_x)[10, 10]
        gy = cv2.filter2D(image, cv2.CV_64F, kernel_y)[10, 10]
        worst = max(worst, abs(np.degrees(np.arctan2(gy, gx)) - angle))
    return float(worst)
