"""Typical wrong answers to ps3 (orientation masks), each written the way a student would write it.

A check that finds a wrong result runs these on the same input; when one
alone gives the student's result, the check names that misconception.  The
end-to-end tests and the sample class put the same functions into notebooks
(:attr:`gradcourse.misconceptions.WrongAnswer.source`).
"""

import cv2
import numpy as np

from ...misconceptions import wrong


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


# --- the investigation: IMPRINT = (lower, upper, min_magnitude) for the pill's imprint line ---------


@wrong("imprint-vertical", "imprint", binds="IMPRINT")
def imprint_vertical_edges():
    return 170, 10, 60  # the near-vertical edges: the pill's ends, not its horizontal line


@wrong("imprint-no-threshold", "imprint", binds="IMPRINT")
def imprint_without_threshold():
    return 80, 100, 0  # the right range, but every small gradient of the noise is kept too


@wrong("imprint-too-wide", "imprint", binds="IMPRINT")
def imprint_every_near_horizontal_edge():
    return 45, 135, 60  # the line, and the tablet's outline at its top and bottom


@wrong("imprint-threshold-high", "imprint", binds="IMPRINT")
def imprint_only_the_strongest():
    return 80, 100, 200  # only the strongest rows of the line are left
