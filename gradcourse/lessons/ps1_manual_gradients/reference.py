"""Reference implementations of ps1 (manual gradients): what the checks compare answers with.

They follow OpenCV's conventions: ``x`` is the column, ``y`` the row, the y
axis points down, ``Gx = right - left`` and ``Gy = bottom - top``, and
borders are ``cv2.BORDER_REFLECT_101`` (``np.pad(mode="reflect")``).  While a
check runs a student's function they refuse to run
(:func:`gradcourse.reference.forbidden`).
"""

import numpy as np

from ...reference import reference


@reference
def neighbours(image, x, y):
    """The four neighbours of pixel ``(x, y)``: ``(north, south, east, west)``.

    North is the row above (``y - 1``), because the y axis points down.
    Values are Python ints, so later arithmetic cannot wrap around.
    """
    image = np.asarray(image)
    return (
        int(image[y - 1, x]),
        int(image[y + 1, x]),
        int(image[y, x + 1]),
        int(image[y, x - 1]),
    )


@reference
def pixel_gradient(image, x, y):
    """Central differences at an interior pixel.

    ``gx = I(x+1, y) - I(x-1, y)`` and ``gy = I(x, y+1) - I(x, y-1)``,
    computed on Python ints, so a uint8 image does not wrap around.
    """
    north, south, east, west = neighbours.__wrapped__(image, x, y)
    return east - west, south - north


@reference
def gradient_magnitude(gx, gy):
    """Gradient magnitude ``sqrt(gx**2 + gy**2)`` as float64.

    Works element-wise on arrays; a scalar input gives a NumPy float64.
    """
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    return np.sqrt(gx * gx + gy * gy)[()]


@reference
def gradient_orientation(gx, gy):
    """Gradient orientation in degrees, ``arctan2(gy, gx) * 180 / pi``.

    The result lies in (-180, 180] for integer inputs; 0 where
    ``gx = gy = 0`` by NumPy's convention (the angle is undefined there).
    """
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    return np.degrees(np.arctan2(gy, gx))[()]


@reference
def image_gradients(image):
    """Central-difference gradients of a whole image, float64, same shape.

    Equal, bit for bit, to ``cv2.filter2D(image.astype(np.float64),
    cv2.CV_64F, k)`` with ``k = [[-1, 0, 1]]`` (and its transpose for Gy):
    the border is reflect-101, so the first and last column of ``Gx`` (row
    of ``Gy``) are 0.
    """
    return _central_differences(image)


def _central_differences(image):
    """The body of :func:`image_gradients`, under a name no exercise has (the checks swap exercises' names)."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError("image_gradients expects a 2-D (grayscale) image")
    padded = np.pad(image, 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return gx, gy


@reference
def edge_fraction(image, threshold):
    """The fraction of the image's pixels whose gradient magnitude is at least ``threshold``: a float in [0, 1].

    The gradient is :func:`image_gradients` (central differences, reflect-101
    border), the magnitude ``sqrt(Gx² + Gy²)``; a pixel exactly on the
    threshold counts (``>=``), and the fraction is over every pixel, the
    border included.  ``image_gradients(image) >= threshold`` is the edge map
    the lesson draws; this is how much of the image it keeps.
    """
    gx, gy = _central_differences(image)
    return float(np.mean(np.sqrt(gx * gx + gy * gy) >= threshold))
