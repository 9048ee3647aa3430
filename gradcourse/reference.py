"""Reference implementations of the course's exercises.

The autograder compares students' answers with these functions.  They follow
OpenCV's conventions: ``x`` is the column, ``y`` the row, the y axis points
down, ``Gx = right - left`` and ``Gy = bottom - top``, and borders are
``cv2.BORDER_REFLECT_101`` (``np.pad(mode="reflect")``).

While a check runs a student's function, every function here refuses to run
(:func:`forbidden`): an answer that merely calls the reference earns nothing.
"""

import contextlib
import functools

import numpy as np

__all__ = [
    "neighbours",
    "pixel_gradient",
    "gradient_magnitude",
    "gradient_orientation",
    "image_gradients",
]

_forbidden_depth = 0


class ReferenceCalledError(RuntimeError):
    """A student's answer called the course's reference implementation."""


@contextlib.contextmanager
def forbidden():
    """Make every reference function raise while the block runs."""
    global _forbidden_depth
    _forbidden_depth += 1
    try:
        yield
    finally:
        _forbidden_depth -= 1


def _reference(func):
    @functools.wraps(func)
    def guarded(*args, **kwargs):
        if _forbidden_depth:
            raise ReferenceCalledError(
                f"gradcourse.reference.{func.__name__} may not be called from an answer.\n"
                f"Không được gọi gradcourse.reference.{func.__name__} trong bài làm."
            )
        return func(*args, **kwargs)

    return guarded


@_reference
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


@_reference
def pixel_gradient(image, x, y):
    """Central differences at an interior pixel.

    ``gx = I(x+1, y) - I(x-1, y)`` and ``gy = I(x, y+1) - I(x, y-1)``,
    computed on Python ints, so a uint8 image does not wrap around.
    """
    north, south, east, west = neighbours.__wrapped__(image, x, y)
    return east - west, south - north


@_reference
def gradient_magnitude(gx, gy):
    """Gradient magnitude ``sqrt(gx**2 + gy**2)`` as float64.

    Works element-wise on arrays; a scalar input gives a NumPy float64.
    """
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    return np.sqrt(gx * gx + gy * gy)[()]


@_reference
def gradient_orientation(gx, gy):
    """Gradient orientation in degrees, ``arctan2(gy, gx) * 180 / pi``.

    The result lies in (-180, 180] for integer inputs; 0 where
    ``gx = gy = 0`` by NumPy's convention (the angle is undefined there).
    """
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    return np.degrees(np.arctan2(gy, gx))[()]


@_reference
def image_gradients(image):
    """Central-difference gradients of a whole image, float64, same shape.

    Equal, bit for bit, to ``cv2.filter2D(image.astype(np.float64),
    cv2.CV_64F, k)`` with ``k = [[-1, 0, 1]]`` (and its transpose for Gy):
    the border is reflect-101, so the first and last column of ``Gx`` (row
    of ``Gy``) are 0.
    """
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError("image_gradients expects a 2-D (grayscale) image")
    padded = np.pad(image, 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return gx, gy
