"""Reference implementations of ps2 (Sobel and Scharr): what the checks compare answers with.

They follow OpenCV's conventions: ``x`` is the column, ``y`` the row, the y
axis points down, ``Gx = right - left`` and ``Gy = bottom - top``, and
borders are ``cv2.BORDER_REFLECT_101`` (``np.pad(mode="reflect")``).  While a
check runs a student's function they refuse to run
(:func:`gradcourse.reference.forbidden`).
"""

import numpy as np

from ...reference import reference


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


@reference
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


@reference
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


@reference
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


@reference
def sobel_gradients(gray):
    """``(gX, gY)`` with the 3×3 Sobel kernels, float64, reflect-101 border.

    Equal, bit for bit, to ``cv2.Sobel(gray, cv2.CV_64F, 1, 0)`` and ``(0, 1)``.
    """
    return _gradients(gray, SOBEL_X)


@reference
def scharr_gradients(gray):
    """``(gX, gY)`` with the Scharr kernels, float64, as ``cv2.Scharr(gray, cv2.CV_64F, ...)``."""
    return _gradients(gray, SCHARR_X)


@reference
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


# --- the investigation: how far off is each kernel's direction? ----------------------

#: The stripes of the angle-error exercise: ``GRATING_SIZE`` × ``GRATING_SIZE`` pixels, ``GRATING_WAVELENGTH`` apart.
GRATING_SIZE = 21
GRATING_WAVELENGTH = 5


_correlate = correlate.__wrapped__  # (by another name: a check may lend a student's namespace the name correlate)


def grating(angle, size=GRATING_SIZE, wavelength=GRATING_WAVELENGTH):
    """A float64 image of straight stripes whose intensity changes along ``angle`` degrees (y down).

    ``128 + 100 sin(2π (x cos a + y sin a) / wavelength)``, with ``(x, y)``
    counted from the centre pixel: there the true gradient points exactly at
    ``angle`` and is at its strongest.  No rounding to uint8, so the only
    error a kernel's direction shows is its own.
    """
    centre = size // 2
    y, x = np.mgrid[:size, :size] - centre
    a = np.radians(angle)
    return 128 + 100 * np.sin(2 * np.pi / wavelength * (x * np.cos(a) + y * np.sin(a)))


def measured_angles(kernel_x, angles, wavelength=GRATING_WAVELENGTH):
    """The orientation, in degrees, that ``kernel_x`` (x) and ``kernel_x.T`` (y) measure at the centre of each
    :func:`grating`: ``degrees(arctan2(Gy, Gx))``, one per angle."""
    kernel_x = np.asarray(kernel_x, dtype=np.float64)
    out = []
    for angle in np.atleast_1d(np.asarray(angles, dtype=np.float64)):
        image = grating(angle, wavelength=wavelength)
        centre = image.shape[0] // 2
        gx = _correlate(image, kernel_x)[centre, centre]
        gy = _correlate(image, kernel_x.T)[centre, centre]
        out.append(np.degrees(np.arctan2(gy, gx)))
    return np.array(out)


@reference
def angle_error(kernel_x, angles):
    """The worst angle error of a gradient kernel, in degrees: ``max |measured - angle|`` over ``angles``.

    For each angle, the kernel's orientation is measured at the centre pixel
    of :func:`grating` (``kernel_x`` for Gx, its transpose for Gy, then
    ``arctan2``).  Sobel's 1, 2, 1 are not quite rotationally symmetric and
    pull the direction towards the nearest axis; Scharr's 3, 10, 3 were chosen
    (Scharr, 2000) to keep that error small.
    """
    angles = np.asarray(angles, dtype=np.float64).ravel()
    return float(np.max(np.abs(measured_angles(kernel_x, angles) - angles)))
