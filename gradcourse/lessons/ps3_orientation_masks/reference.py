"""Reference implementations of ps3 (orientation masks): what the checks compare answers with.

They follow OpenCV's conventions: ``x`` is the column, ``y`` the row, the y
axis points down, ``Gx = right - left`` and ``Gy = bottom - top``, and
borders are ``cv2.BORDER_REFLECT_101`` (``np.pad(mode="reflect")``).  While a
check runs a student's function they refuse to run
(:func:`gradcourse.reference.forbidden`). The gradients are ps2's Sobel.
"""

import numpy as np

from ...reference import reference
from ..ps2_sobel_scharr.reference import sobel_gradients


@reference
def magnitude_orientation(gray):
    """Sobel magnitude and orientation folded to [0, 180): ``(mag, theta)``, float64.

    ``theta = degrees(arctan2(gY, gX)) % 180``: an edge and its opposite
    direction are one edge.  Float64 ``arctan2`` is exact on 0, 45, 90 and
    135 degrees, and ``% 180`` maps every signed zero to 0, so flat pixels
    have ``theta = 0``.
    """
    gx, gy = sobel_gradients.__wrapped__(gray)
    return np.sqrt(gx * gx + gy * gy), np.degrees(np.arctan2(gy, gx)) % 180


def in_range(theta, lower, upper):
    """``lower <= theta <= upper``, inclusive; when ``lower > upper`` the range wraps through 180/0."""
    if lower <= upper:
        return (theta >= lower) & (theta <= upper)
    return (theta >= lower) | (theta <= upper)


@reference
def orientation_mask(gray, lower, upper, min_magnitude=0):
    """A uint8 mask, 255 where ``theta`` lies in [lower, upper] and ``mag >= min_magnitude``, else 0."""
    mag, theta = magnitude_orientation.__wrapped__(gray)
    keep = in_range(theta, lower, upper) & (mag >= min_magnitude)
    return keep.astype(np.uint8) * np.uint8(255)


@reference
def orientation_histogram(gray, bins=9, weighted=True):
    """Orientations counted into ``bins`` equal bins over [0, 180), float64.

    Each pixel adds its magnitude (``weighted``) or 1: per cell of pixels,
    this is the first step of HOG (Dalal and Triggs, 2005).
    """
    mag, theta = magnitude_orientation.__wrapped__(gray)
    counts, _ = np.histogram(theta, bins=bins, range=(0, 180), weights=mag if weighted else None)
    return counts.astype(np.float64)


# --- the investigation: the pill's imprint line -----------------------------------

def imprint_line(shape):
    """Where :func:`gradcourse.images.make_pill` draws the imprint line: a boolean band of ``shape``.

    The groove lies 1.5 rows above the tablet's centre and its highlight 2.5
    rows below; the line spans 86 % of the tablet's half-width either side
    of the centre.  The band holds them both, six rows either side.
    """
    height, width = shape
    yy, xx = np.mgrid[0:height, 0:width]
    return (np.abs(yy - (height * 0.5 + 0.5)) <= 6) & (np.abs(xx - width * 0.5) < 0.86 * 0.34 * width)


#: How the instructor marks the line's pixels inside the band: gradients within 20° of vertical, |G| ≥ 60.
IMPRINT_MARKING = (70, 110, 60)


def imprint_target(gray):
    """The instructor's mask of the pill's imprint line, uint8 0/255.

    The pixels of the band where the line was drawn (:func:`imprint_line`)
    whose gradient is within 20° of vertical and at least 60 strong: what an
    orientation mask should find, chosen knowing where the line is.
    """
    mask = orientation_mask.__wrapped__(gray, *IMPRINT_MARKING) > 0
    return (mask & imprint_line(np.shape(gray))).astype(np.uint8) * np.uint8(255)


def mask_overlap(mask, target):
    """Intersection over union (IoU) of two masks: 1 when they are equal, 0 when they share no pixel."""
    mask, target = np.asarray(mask) > 0, np.asarray(target) > 0
    union = np.count_nonzero(mask | target)
    return np.count_nonzero(mask & target) / union if union else 1.0


def line_kept(mask, target):
    """The share of the target's pixels that the mask keeps (1 for an empty target)."""
    mask, target = np.asarray(mask) > 0, np.asarray(target) > 0
    total = np.count_nonzero(target)
    return np.count_nonzero(mask & target) / total if total else 1.0
