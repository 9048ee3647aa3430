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
    "SOBEL_X",
    "SOBEL_Y",
    "SCHARR_X",
    "SCHARR_Y",
    "apply_kernel",
    "correlate",
    "to_gray",
    "sobel_gradients",
    "scharr_gradients",
    "sobel_combined",
    "magnitude_orientation",
    "orientation_mask",
    "orientation_histogram",
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


# --- assignment 2: kernels --------------------------------------------------


def _constant(rows):
    array = np.array(rows, dtype=np.float64)
    array.setflags(write=False)  # shared by every check: nobody may edit it in place
    return array


#: Sobel kernels in OpenCV's (correlation) convention: ``right - left``, ``bottom - top``.
SOBEL_X = _constant([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
SOBEL_Y = _constant(SOBEL_X.T)
#: Scharr kernels (Scharr, 2000), as ``cv2.Scharr`` applies them.
SCHARR_X = _constant([[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]])
SCHARR_Y = _constant(SCHARR_X.T)


@_reference
def apply_kernel(neighbourhood, kernel):
    """The correlation of one neighbourhood with a kernel: ``sum(N * K)``.

    The kernel is used as printed (correlation, not convolution), and the
    neighbourhood is converted to float64 first, so uint8 cannot wrap.
    """
    neighbourhood = np.asarray(neighbourhood, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if neighbourhood.shape != kernel.shape:
        raise ValueError(f"neighbourhood {neighbourhood.shape} and kernel {kernel.shape} differ in shape")
    return float(np.sum(neighbourhood * kernel))


@_reference
def correlate(image, kernel):
    """Correlate a 2-D image with a kernel, ``G(x, y) = sum K(i, j) I(x + i, y + j)``.

    float64, same shape, reflect-101 border, and the anchor at the kernel's
    centre (``(w // 2, h // 2)`` for even sizes too), as
    ``cv2.filter2D(image.astype(np.float64), cv2.CV_64F, kernel)``.  With
    integer images and kernels every sum is exact, so the two agree bit for
    bit; OpenCV switches to a DFT for kernels of 11×11 and more.
    """
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("correlate expects a 2-D image and a 2-D kernel")
    (kh, kw), (h, w) = kernel.shape, image.shape
    top, left = kh // 2, kw // 2
    padded = np.pad(image, ((top, kh - 1 - top), (left, kw - 1 - left)), mode="reflect")
    out = np.zeros_like(image)
    for i in range(kh):
        for j in range(kw):
            if kernel[i, j]:
                out += kernel[i, j] * padded[i:i + h, j:j + w]
    return out


@_reference
def to_gray(image_bgr):
    """OpenCV's BGR to gray, ``Y = 0.299 R + 0.587 G + 0.114 B``, in its fixed point.

    ``cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)`` computes
    ``(9798 R + 19235 G + 3735 B + 2**14) >> 15``; this is that formula.
    """
    image = np.asarray(image_bgr)
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError("to_gray expects a uint8 BGR image of shape (height, width, 3)")
    b, g, r = (image[..., c].astype(np.int64) for c in range(3))
    return ((9798 * r + 19235 * g + 3735 * b + (1 << 14)) >> 15).astype(np.uint8)


def _gradients(gray, kernel_x):
    gray = np.asarray(gray)
    if gray.ndim != 2:
        raise ValueError("expected a 2-D (grayscale) image")
    return correlate.__wrapped__(gray, kernel_x), correlate.__wrapped__(gray, kernel_x.T)


@_reference
def sobel_gradients(gray):
    """``(gX, gY)`` with the 3×3 Sobel kernels, float64, reflect-101 border.

    Equal, bit for bit, to ``cv2.Sobel(gray, cv2.CV_64F, 1, 0)`` and ``(0, 1)``.
    """
    return _gradients(gray, SOBEL_X)


@_reference
def scharr_gradients(gray):
    """``(gX, gY)`` with the Scharr kernels, float64, as ``cv2.Scharr(gray, cv2.CV_64F, ...)``."""
    return _gradients(gray, SCHARR_X)


@_reference
def sobel_combined(gray):
    """The display picture of both Sobel gradients, uint8.

    ``addWeighted(convertScaleAbs(gX), 0.5, convertScaleAbs(gY), 0.5, 0)``:
    on integer gradients ``convertScaleAbs`` is ``clip(|g|, 0, 255)``, and the
    0.5/0.5 average of two uint8 images is ``rint((a + b) / 2)``, with ties to
    even as OpenCV rounds.
    """
    gx, gy = sobel_gradients.__wrapped__(gray)
    a, b = (np.clip(np.abs(g), 0, 255) for g in (gx, gy))
    return np.rint((a + b) / 2).astype(np.uint8)


# --- assignment 3: orientation masks ----------------------------------------


@_reference
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


@_reference
def orientation_mask(gray, lower, upper, min_magnitude=0):
    """A uint8 mask, 255 where ``theta`` lies in [lower, upper] and ``mag >= min_magnitude``, else 0."""
    mag, theta = magnitude_orientation.__wrapped__(gray)
    keep = in_range(theta, lower, upper) & (mag >= min_magnitude)
    return keep.astype(np.uint8) * np.uint8(255)


@_reference
def orientation_histogram(gray, bins=9, weighted=True):
    """Orientations counted into ``bins`` equal bins over [0, 180), float64.

    Each pixel adds its magnitude (``weighted``) or 1: per cell of pixels,
    this is the first step of HOG (Dalal and Triggs, 2005).
    """
    mag, theta = magnitude_orientation.__wrapped__(gray)
    counts, _ = np.histogram(theta, bins=bins, range=(0, 180), weights=mag if weighted else None)
    return counts.astype(np.float64)
