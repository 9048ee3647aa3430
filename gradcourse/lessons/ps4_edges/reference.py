"""Reference implementations of assignment 4: the Canny edge detector.

Canny, J. (1986). A computational approach to edge detection. IEEE
Transactions on Pattern Analysis and Machine Intelligence, 8(6), 679-698.

The course's conventions hold: ``x`` is the column, ``y`` the row, the y axis
points down, gradients are OpenCV's 3×3 Sobel in ``CV_64F`` with its default
border (reflect-101) and the orientation is folded to [0, 180) degrees.
"""

import cv2
import numpy as np

from ...reference import reference

__all__ = ["direction_bins", "non_max_suppression", "double_threshold", "hysteresis", "canny"]

#: The two neighbours each direction bin compares, as (dy, dx) offsets (y down).
NEIGHBOURS = {
    0: ((0, -1), (0, 1)),  # left, right
    45: ((1, 1), (-1, -1)),  # (x+1, y+1), (x-1, y-1)
    90: ((-1, 0), (1, 0)),  # above, below
    135: ((1, -1), (-1, 1)),  # (x-1, y+1), (x+1, y-1)
}


@reference
def direction_bins(theta):
    """Each folded orientation to the nearest of 0, 45, 90 and 135 degrees, uint8.

    45 for ``22.5 <= θ < 67.5``, 90 for ``67.5 <= θ < 112.5``, 135 for
    ``112.5 <= θ < 157.5`` and 0 otherwise: ``157.5 <= θ < 180`` lies nearer
    to 180, which is the same direction as 0.  Each bin contains its lower
    bound.  An array gives an array of the same shape; a scalar gives a
    NumPy ``uint8`` scalar.
    """
    theta = np.asarray(theta, dtype=np.float64)
    bins = np.select(
        [(theta >= 22.5) & (theta < 67.5), (theta >= 67.5) & (theta < 112.5), (theta >= 112.5) & (theta < 157.5)],
        [45, 90, 135], 0).astype(np.uint8)
    return bins[()]


def _shifted(array, dy, dx):
    """The neighbour at ``(x + dx, y + dy)`` of every interior pixel, as a view."""
    height, width = array.shape
    return array[1 + dy:height - 1 + dy, 1 + dx:width - 1 + dx]


@reference
def non_max_suppression(mag, theta):
    """Thin the magnitude to ridges one pixel wide, float64.

    A pixel keeps ``mag`` when ``mag >= `` both neighbours along its
    direction bin (:data:`NEIGHBOURS`, y down), else 0 (Canny 1986, sec. V).
    The comparison is inclusive, so a plateau survives whole.  The first and
    last row and column have no neighbour on one side and are 0; an image
    with fewer than 3 rows or columns is all 0.
    """
    mag = np.asarray(mag, dtype=np.float64)
    theta = np.asarray(theta, dtype=np.float64)
    if mag.ndim != 2 or mag.shape != theta.shape:
        raise ValueError(f"mag {mag.shape} and theta {theta.shape} must be 2-D arrays of one shape")
    out = np.zeros_like(mag)
    if min(mag.shape) < 3:
        return out
    centre = mag[1:-1, 1:-1]
    bins = direction_bins.__wrapped__(theta[1:-1, 1:-1])
    keep = np.zeros(centre.shape, dtype=bool)
    for direction, (one, other) in NEIGHBOURS.items():  # four directions, each over the whole image
        keep |= (bins == direction) & (centre >= _shifted(mag, *one)) & (centre >= _shifted(mag, *other))
    out[1:-1, 1:-1] = np.where(keep, centre, 0.0)
    return out


@reference
def double_threshold(nms, low, high):
    """``(strong, weak)`` boolean arrays: ``strong = nms >= high``, ``weak = (nms >= low) & ~strong``.

    Both thresholds are inclusive.  With ``low > high`` no pixel is weak
    (``cv2.Canny`` swaps the two instead).
    """
    nms = np.asarray(nms, dtype=np.float64)
    strong = nms >= high
    return strong, (nms >= low) & ~strong


@reference
def hysteresis(strong, weak):
    """The edge map, uint8 0/255: strong pixels and the weak pixels they reach.

    A weak pixel is kept when a path of weak pixels, each 8-connected to the
    next, joins it to a strong pixel (Canny 1986, sec. VI): the connected
    components of ``strong | weak`` that hold at least one strong pixel.
    """
    strong = np.asarray(strong, dtype=bool)
    weak = np.asarray(weak, dtype=bool)
    if strong.shape != weak.shape or strong.ndim != 2:
        raise ValueError(f"strong {strong.shape} and weak {weak.shape} must be 2-D arrays of one shape")
    if not strong.any():
        return np.zeros(strong.shape, dtype=np.uint8)
    count, labels = cv2.connectedComponents((strong | weak).view(np.uint8), connectivity=8)
    seeded = np.zeros(count, dtype=bool)
    seeded[labels[strong]] = True
    return seeded[labels].view(np.uint8) * np.uint8(255)


@reference
def sobel_polar(gray):
    """``(mag, theta)`` of a 2-D uint8 image: 3×3 Sobel in ``CV_64F``, default border.

    ``mag = sqrt(Gx² + Gy²)`` and ``theta = degrees(arctan2(Gy, Gx)) % 180``.
    The first step of :func:`canny` (not an exercise; the figures and the
    explorer use it).
    """
    gray = np.asarray(gray)
    if gray.ndim != 2:
        raise ValueError("expected a 2-D (grayscale) image")
    gx = cv2.Sobel(gray, cv2.CV_64F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_64F, 0, 1, ksize=3)
    return np.sqrt(gx * gx + gy * gy), np.degrees(np.arctan2(gy, gx)) % 180


@reference
def canny(gray, low, high):
    """The Canny edge map of a 2-D uint8 image, uint8 0/255 (Canny 1986).

    Sobel gradients (:func:`sobel_polar`), :func:`non_max_suppression` on
    the nearest of four directions, :func:`double_threshold` and 8-connected
    :func:`hysteresis`.  No smoothing beyond Sobel's own, as ``cv2.Canny``.
    """
    mag, theta = sobel_polar.__wrapped__(gray)
    strong, weak = double_threshold.__wrapped__(non_max_suppression.__wrapped__(mag, theta), low, high)
    return hysteresis.__wrapped__(strong, weak)
