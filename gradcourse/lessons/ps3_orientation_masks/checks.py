"""The checks of ps3 (orientation masks): the test cells call them as ``checks.NAME``."""

import functools

import cv2
import numpy as np

from ... import checks as base
from ... import images
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
        "Khoảng phải bao gồm cả hai cận, lower <= theta <= upper: điểm ảnh nằm đúng trên một cận (và rất nhiều "
        "điểm ảnh nằm đúng trên 0, 45, 90 hoặc 135°) thuộc mặt nạ.",
    ),
    "no-wrap": (
        "When lower > upper the range wraps through 180/0: keep theta >= lower OR theta <= upper "
        "(e.g. 170 → 10 keeps the near-vertical edges).",
        "Khi lower > upper, khoảng vòng qua 180/0: giữ theta >= lower HOẶC theta <= upper "
        "(ví dụ 170 → 10 giữ các biên gần như thẳng đứng).",
    ),
    "ignores-weighted": (
        "The histogram ignores `weighted`: with weighted=True each pixel adds its magnitude, with "
        "weighted=False it adds 1.",
        "Histogram bỏ qua tham số `weighted`: với weighted=True mỗi điểm ảnh cộng thêm độ lớn gradient của nó, "
        "với weighted=False mỗi điểm ảnh cộng thêm 1.",
    ),
    # the investigation: IMPRINT = (lower, upper, min_magnitude) for the pill's imprint line
    "imprint-format": (
        "IMPRINT must be three numbers, (lower, upper, min_magnitude): two angles from 0 to 180 degrees and a "
        "magnitude threshold of 0 or more.",
        "IMPRINT phải là ba con số, (lower, upper, min_magnitude): hai góc từ 0 đến 180 độ và một ngưỡng độ lớn "
        "từ 0 trở lên.",
    ),
    "imprint-vertical": (
        "This range keeps near-vertical edges (θ near 0°/180°), such as the two ends of the pill. The imprint line "
        "is horizontal: its gradient points up or down, so its θ is near 90°.",
        "Khoảng này giữ các biên gần thẳng đứng (θ gần 0°/180°), như hai đầu viên thuốc. Vạch khắc nằm ngang: "
        "gradient của nó hướng lên hoặc xuống, nên θ của nó gần 90°.",
    ),
    "imprint-threshold-high": (
        "The range suits the line, but the magnitude threshold is so high that the weaker rows of the imprint line "
        "drop out: lower min_magnitude until the line is whole again.",
        "Khoảng đã hợp với vạch khắc, nhưng ngưỡng độ lớn cao đến mức các hàng yếu hơn của vạch khắc bị mất: "
        "hãy giảm min_magnitude cho đến khi vạch khắc liền lại.",
    ),
    "imprint-misses-line": (
        "The mask keeps too little of the imprint line. Which way does the gradient of a horizontal line point, "
        "and is your range wide enough for a line that is neither perfectly straight nor perfectly sharp?",
        "Mặt nạ giữ lại quá ít vạch khắc. Gradient của một đường nằm ngang hướng về đâu, và khoảng của bạn có đủ "
        "rộng cho một vạch không hoàn toàn thẳng và không hoàn toàn sắc nét không?",
    ),
    "imprint-no-threshold": (
        "The mask keeps the line, but also the noise of the table and of the tablet: small gradients point every "
        "way, so some fall in any range. Raise min_magnitude until the speckles are gone.",
        "Mặt nạ giữ được vạch khắc, nhưng cũng giữ cả nhiễu của mặt bàn và của viên thuốc: các gradient nhỏ "
        "hướng về mọi phía, nên khoảng nào cũng có một phần trong số đó. Hãy tăng min_magnitude cho đến khi "
        "các đốm lấm tấm biến mất.",
    ),
    "imprint-too-wide": (
        "The range is too wide: besides the line it keeps the outline of the tablet, whose gradient is near-vertical "
        "at the top and at the bottom too. Narrow the range around the line's own orientation.",
        "Khoảng quá rộng: ngoài vạch khắc, nó còn giữ đường bao của viên thuốc, nơi gradient ở phía trên và phía "
        "dưới cũng gần thẳng đứng. Hãy thu hẹp khoảng quanh hướng của chính vạch khắc.",
    ),
    "imprint-low-overlap": (
        "The mask does not match the imprint line well enough yet: look at the pill in the angle explorer, see "
        "what shows besides the line, and adjust the range and the threshold.",
        "Mặt nạ chưa khớp đủ với vạch khắc: hãy xem viên thuốc trong công cụ khám phá góc, để ý những gì hiện ra "
        "ngoài vạch khắc, rồi điều chỉnh khoảng và ngưỡng.",
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




# --- the investigation: IMPRINT, the settings that keep the pill's imprint line -------

#: The instructor's mask must be at least this much in the student's (the line is kept) ...
LINE_KEPT = 0.6
#: ... and the two masks must overlap this much (intersection over union: little else is kept).
OVERLAP = 0.5


def _imprint_values(value):
    """``(lower, upper, min_magnitude)`` as numbers, or the ``imprint-format`` failure."""
    try:
        values = tuple(value.tolist() if isinstance(value, np.ndarray) else value)
    except TypeError:
        values = ()
    numbers = len(values) == 3 and all(isinstance(v, (int, float, np.integer, np.floating))
                                       and not isinstance(v, (bool, np.bool_)) and np.isfinite(v) for v in values)
    if not numbers or not (0 <= values[0] <= 180 and 0 <= values[1] <= 180 and values[2] >= 0):
        raise base.CheckFailure("imprint-format", detail=f"IMPRINT = {value!r}")
    return tuple(float(v) for v in values)


def _width(lower, upper):
    """How many degrees the range spans (through 180/0 when lower > upper)."""
    return upper - lower if lower <= upper else 180 - lower + upper


def _imprint_measure(value, gray):
    lower, upper, min_magnitude = _imprint_values(value)
    gray = images.gray("pill") if gray is None else gray
    mask = reference.orientation_mask(gray, lower, upper, min_magnitude)
    target = reference.imprint_target(gray)
    kept, iou = reference.line_kept(mask, target), reference.mask_overlap(mask, target)
    detail = (f"IMPRINT = {value!r}: {100 * np.count_nonzero(mask) / mask.size:.1f} % of the pixels kept / "
              f"giữ lại {100 * np.count_nonzero(mask) / mask.size:.1f} % số điểm ảnh; "
              f"{100 * kept:.0f} % of the imprint line / {100 * kept:.0f} % vạch khắc "
              f"(needs / cần ≥ {100 * LINE_KEPT:.0f} %); "
              f"overlap (IoU) / độ trùng khớp (IoU): {iou:.2f} (needs / cần ≥ {OVERLAP:.2f})")
    return (lower, upper, min_magnitude), gray, kept, iou, detail


def _line_diagnosis(values, gray, detail):
    """Why too little of the line is kept: the vertical-edge range, a threshold too high, or a range that misses."""
    lower, upper, min_magnitude = values
    if not reference.in_range(90.0, lower, upper) and (reference.in_range(0.0, lower, upper)
                                                      or reference.in_range(180.0, lower, upper)):
        raise base.CheckFailure("imprint-vertical", detail=detail)
    moderate = reference.orientation_mask(gray, lower, upper, min(min_magnitude, reference.IMPRINT_MARKING[2]))
    if reference.line_kept(moderate, reference.imprint_target(gray)) >= LINE_KEPT:
        raise base.CheckFailure("imprint-threshold-high", detail=detail)
    raise base.CheckFailure("imprint-misses-line", detail=detail)


def imprint_line(value, gray=None, seed=None):
    """IMPRINT keeps the pill's imprint line: its mask (the course's orientation_mask) holds at least 60 % of the
    instructor's mask of the line.  ``gray`` is the course's pill unless given (a fresh one, in the hidden tests)."""
    values, gray, kept, _, detail = _imprint_measure(value, gray)
    if kept < LINE_KEPT:
        _line_diagnosis(values, gray, detail)


def imprint_overlap(value, gray=None, seed=None):
    """IMPRINT keeps the imprint line and little else: its mask and the instructor's overlap (IoU) at least 0.5."""
    values, gray, kept, iou, detail = _imprint_measure(value, gray)
    if iou >= OVERLAP:
        return
    if kept < LINE_KEPT:
        _line_diagnosis(values, gray, detail)
    lower, upper, min_magnitude = values
    if min_magnitude < 30:
        raise base.CheckFailure("imprint-no-threshold", detail=detail)
    if _width(lower, upper) > 30:
        raise base.CheckFailure("imprint-too-wide", detail=detail)
    raise base.CheckFailure("imprint-low-overlap", detail=detail)


def fresh_pill(seed):
    """The course's pill drawn again with other sensor noise (``gradcourse.images.make_pill``), in gray."""
    return cv2.cvtColor(images.make_pill(seed=seed), cv2.COLOR_BGR2GRAY)


@base.rerunnable
def random_imprint(student, check, seed=None):
    """``check`` (imprint_line or imprint_overlap) of the settings ``student`` on pills with fresh noise: settings
    that fit one picture's noise by luck, rather than the line, do not pass."""
    seed, rng = base.seeded(seed)
    for _ in range(3):
        check(student, fresh_pill(int(rng.integers(3, 2 ** 31))), seed=seed)
