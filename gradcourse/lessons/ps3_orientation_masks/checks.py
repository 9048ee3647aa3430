"""The checks of ps3 (orientation masks): the test cells call them as ``checks.NAME``."""

import functools

import numpy as np

from ... import checks as base
from ...checks import choice, quiz, random_gradients, rng  # noqa: F401 (the test cells call them as checks.NAME)
from . import misconceptions, reference

MESSAGES = {
    "cv2-phase": (
        "cv2.phase / cv2.cartToPolar are accurate to about 0.01° only (45° comes out as 44.99°), which moves "
        "pixels across the bounds: use np.degrees(np.arctan2(gY, gX)) % 180, exact on 0, 45, 90 and 135°.",
        "cv2.phase / cv2.cartToPolar chỉ chính xác đến khoảng 0.01° (45° thành 44.99°), khiến các điểm ảnh bị đẩy "
        "qua các cận: hãy dùng np.degrees(np.arctan2(gY, gX)) % 180, chính xác tại 0, 45, 90 và 135°.",
    ),
    "exclusive-bounds": (
        "The bounds must be inclusive, lower <= theta <= upper: a pixel exactly on a bound (and many sit exactly "
        "on 0, 45, 90 or 135°) is inside the mask.",
        "Các cận phải được tính cả hai đầu, lower <= theta <= upper: điểm ảnh nằm đúng trên một cận (và rất nhiều "
        "điểm ảnh nằm đúng trên 0, 45, 90 hoặc 135°) thuộc mặt nạ.",
    ),
    "no-wrap": (
        "When lower > upper the range wraps through 180/0: keep theta >= lower OR theta <= upper "
        "(e.g. 170 → 10 keeps the near-vertical edges).",
        "Khi lower > upper, khoảng góc đi vòng qua 180/0: giữ theta >= lower HOẶC theta <= upper "
        "(ví dụ 170 → 10 giữ các biên gần như thẳng đứng).",
    ),
    "ignores-weighted": (
        "The histogram ignores `weighted`: with weighted=True each pixel adds its magnitude, with "
        "weighted=False it adds 1.",
        "Histogram bỏ qua tham số `weighted`: với weighted=True mỗi điểm ảnh cộng thêm độ lớn gradient của nó, "
        "với weighted=False mỗi điểm ảnh cộng thêm 1.",
    ),
}
base.register(MESSAGES, builds_on={
    "orientation_mask": {"magnitude_orientation": reference.magnitude_orientation},
    "orientation_histogram": {"magnitude_orientation": reference.magnitude_orientation},
})


def magnitude_orientation(student, gray, seed=None):
    """``student(gray)`` gives (mag, theta): Sobel magnitude, and orientation folded to [0, 180).

    Magnitudes to 1e-12; angles to 1e-6° circularly (179.9999999 and 0 agree), where the gradient is not zero.
    """
    want_mag, want_theta = reference.magnitude_orientation(gray)
    args = (gray,)
    got = base.run_diagnosed("magnitude_orientation", student, *args)
    mag, theta = base.as_arrays(got, 2, gray.shape)
    defined = want_mag > 0
    detail = base.call_text("magnitude_orientation", args, seed)
    folded = bool(np.all((theta >= 0) & (theta < 180)))
    mag_ok = bool(np.all(np.isclose(mag, want_mag, rtol=1e-12, atol=1e-9)))
    theta_ok = folded and bool(np.all(base.angle_difference(theta, want_theta)[defined] <= base.ANGLE_TOLERANCE))
    if mag_ok and theta_ok and mag.dtype == theta.dtype == np.float64:
        return
    if mag_ok and theta_ok:
        raise base.CheckFailure("not-float64", dtype=f"{mag.dtype}, {theta.dtype}", detail=detail)
    if not theta_ok:
        where = np.argwhere(~((base.angle_difference(theta, want_theta) <= base.ANGLE_TOLERANCE) | ~defined)
                            | (theta < 0) | (theta >= 180))
        y, x = where[0]
        detail += (f"\ntheta at (x={x}, y={y}): {theta[y, x]:.6g} instead of / thay vì {want_theta[y, x]:.6g}"
                   f" ({len(where)} wrong / điểm sai)")
    else:
        detail += "\n" + base.first_difference(mag, want_mag, lambda a, b: np.isclose(a, b, rtol=1e-12, atol=1e-9))

    def same(student_result, theirs):
        (m1, t1), (m2, t2) = base.as_arrays(student_result, 2, gray.shape), base.as_arrays(theirs, 2, gray.shape)
        return bool(np.allclose(m1, m2, rtol=1e-9) and np.allclose(t1, t2, rtol=0, atol=1e-9))

    base.diagnose("magnitude_orientation", args, got, same, detail, (want_mag, want_theta))


def orientation_mask(student, gray, lower, upper, min_magnitude=0, seed=None):
    """``student(gray, lower, upper, min_magnitude)`` is the uint8 0/255 mask of lower <= theta <= upper.

    Inclusive bounds, wrap-around when lower > upper, ``mag >= min_magnitude``.
    Exact ties on a bound count (they are inside); only pixels within
    1e-6° of a bound (or of the magnitude threshold) but not on it may go
    either way.
    """
    mag, theta = reference.magnitude_orientation(gray)
    want = reference.orientation_mask(gray, lower, upper, min_magnitude)
    args = (gray, lower, upper, min_magnitude)
    got = base.run_diagnosed("orientation_mask", student, *args)
    (mask,) = base.as_arrays(got, None, gray.shape)
    near = np.zeros(gray.shape, bool)
    for bound in (lower, upper):
        distance = base.angle_difference(theta, bound)
        near |= (distance <= base.ANGLE_TOLERANCE) & (theta != bound)
    near |= np.isclose(mag, min_magnitude, rtol=1e-12, atol=1e-9) & (mag != min_magnitude)
    agree = (mask == want) | near
    if mask.dtype == np.uint8 and bool(np.all(agree)):
        return
    detail = base.call_text("orientation_mask", args, seed)
    bad = np.argwhere(~agree)
    if len(bad):
        y, x = bad[0]
        detail += (f"\nfirst wrong pixel / điểm ảnh sai đầu tiên: (x={x}, y={y}), theta = {theta[y, x]:.6g}°, "
                   f"|G| = {mag[y, x]:.6g}: {mask[y, x]} instead of / thay vì {want[y, x]} "
                   f"({len(bad)} wrong / điểm sai)")

    def same(student_result, theirs):
        return bool(np.all((np.asarray(student_result) == np.asarray(theirs)) | near))

    try:
        base.diagnose("orientation_mask", args, got, same, detail, want)
    except base.CheckFailure as failure:
        if failure.key != "wrong-value":
            raise
    if bool(np.all(agree)):
        raise base.CheckFailure("not-uint8", dtype=mask.dtype, detail=detail)
    raise base.CheckFailure("wrong-value", detail=detail)


def orientation_histogram(student, gray, bins=9, weighted=True, seed=None):
    """``student(gray, bins, weighted)`` counts (or weighs by magnitude) the orientations in ``bins`` bins over [0, 180)."""
    mag, theta = reference.magnitude_orientation(gray)
    want = reference.orientation_histogram(gray, bins, weighted)
    args = (gray, bins, weighted)
    got = base.run_diagnosed("orientation_histogram", student, *args)
    (hist,) = base.as_arrays(got, None, (bins,))
    # A pixel a hair's breadth from a bin edge may land on either side; so may
    # one exactly on an inner edge when the bin width is not a whole number of
    # degrees (90 // (180 / 14) is 6, though 90 is the edge of bin 7).
    edges = np.linspace(0, 180, bins + 1)
    distance = np.min(np.abs(theta[..., None] - edges), axis=-1)
    either_side = (distance <= 1e-9) & ~np.isin(theta, edges)
    if 180 % bins:
        either_side |= np.isin(theta, edges[1:-1])
    slack = np.sum(np.where(either_side, mag if weighted else 1.0, 0.0))
    ok = bool(np.all(np.abs(hist - want) <= slack + 1e-9 * max(1.0, float(np.abs(want).max()))))
    if ok and hist.dtype == np.float64:
        return
    detail = (f"{base.call_text('orientation_histogram', args, seed)}\n"
              f"got / nhận được: {base.show(np.asarray(hist))}\nexpected / đúng là: {base.show(want)}")
    if ok:
        raise base.CheckFailure("not-float64", dtype=hist.dtype, detail=detail)

    def same(student_result, theirs):
        return bool(np.allclose(np.asarray(student_result, dtype=float), np.asarray(theirs, dtype=float),
                                rtol=1e-9, atol=1e-9))

    base.diagnose("orientation_histogram", args, got, same, detail, want)


# --- random inputs for the ps3 hidden tests -------------------------------------

EXACT_TIE_BOUNDS = [(45, 90), (90, 135), (0, 45), (135, 180), (135, 45)]


@base.rerunnable
def random_masks(student, kind="odd", seed=None):
    """``orientation_mask`` on random images and bounds: ``odd`` sizes, ``ties`` (bounds on 0/45/90/135, where
    many pixels sit exactly), ``wrap`` (lower > upper), ``thin`` images, or ``extremes`` (only 0 and 255)."""
    seed, rng = base.seeded(seed)
    shapes = base.THIN_SHAPES if kind == "thin" else [base.random_shape(rng, 5, 41) for _ in range(4)]
    for shape in shapes:
        image = base.random_image(rng, shape, extremes=(kind in ("extremes", "ties")))
        if kind == "ties":
            bounds = EXACT_TIE_BOUNDS
        elif kind == "wrap":
            bounds = [(int(rng.integers(120, 180)), int(rng.integers(0, 60))) for _ in range(3)]
        else:
            bounds = [tuple(sorted(int(v) for v in rng.integers(0, 181, 2))) for _ in range(3)]
        for lower, upper in bounds:
            threshold = float(rng.choice([0, 0, 50, 200]))
            orientation_mask(student, image, lower, upper, threshold, seed=seed)


@base.rerunnable
def random_histograms(student, seed=None):
    """``orientation_histogram`` on random images, for several bin counts, weighted and not."""
    seed, rng = base.seeded(seed)
    for shape in [base.random_shape(rng, 5, 41) for _ in range(3)] + [(1, 1), (1, 9)]:
        image = base.random_image(rng, shape)
        for bins in (9, 4, int(rng.integers(1, 19))):
            for weighted in (True, False):
                orientation_histogram(student, image, bins, weighted, seed=seed)


