"""The checks of ps2 (Sobel and Scharr): the test cells call them as ``checks.NAME``."""

import functools

import numpy as np

from ... import checks as base
from ...checks import choice, quiz, random_gradients, rng  # noqa: F401 (the test cells call them as checks.NAME)
from ...misconceptions import for_exercise
from . import misconceptions, reference

MESSAGES = {
    "convolution": (
        "The kernel is flipped: this is convolution, which rotates the kernel by 180° and, for these "
        "derivative kernels, changes the sign of every gradient. OpenCV's filter2D, Sobel and Scharr "
        "compute a correlation: use the kernel as printed, right - left and bottom - top.",
        "Nhân (kernel) bị lật: đây là phép tích chập, phép này xoay nhân 180° và, với các nhân đạo hàm này, "
        "làm đổi dấu mọi gradient. filter2D, Sobel và Scharr của OpenCV tính phép tương quan: hãy dùng nhân "
        "giữ nguyên như ma trận được viết, phải - trái và dưới - trên.",
    ),
    "scharr-sign": (
        "Scharr with the opposite sign: [[3, 0, -3], [10, 0, -10], [3, 0, -3]] is how texts that convolve "
        "print it. In OpenCV's correlation, Scharr-x is [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]]: with the "
        "printed kernel every gradient points the wrong way.",
        "Scharr bị ngược dấu: [[3, 0, -3], [10, 0, -10], [3, 0, -3]] là cách in của các tài liệu dùng tích chập. "
        "Với phép tương quan của OpenCV, Scharr-x là [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]]: nếu dùng nhân in "
        "ngược dấu, mọi gradient đều chỉ sai hướng.",
    ),
    "kernel-shape": (
        "{name} must be a 3×3 array of numbers, e.g. np.array([[...], [...], [...]]); got {got}.",
        "{name} phải là một mảng 3×3 gồm các số, ví dụ np.array([[...], [...], [...]]); nhận được {got}.",
    ),
    "convertscaleabs-skipped": (
        "Take cv2.convertScaleAbs of each gradient before combining them: averaging the signed gradients "
        "lets opposite slopes cancel, and negative values are lost.",
        "Hãy lấy cv2.convertScaleAbs của từng gradient trước khi kết hợp: lấy trung bình các gradient có dấu "
        "khiến các gradient ngược chiều triệt tiêu nhau, và các giá trị âm bị mất.",
    ),
    "rgb-weights": (
        "RGB weights on a BGR image: cv2.imread gives the channels in the order blue, green, red, so the "
        "conversion is cv2.COLOR_BGR2GRAY. With COLOR_RGB2GRAY the weights of red and blue are swapped.",
        "Dùng trọng số RGB cho ảnh BGR: cv2.imread trả về các kênh theo thứ tự xanh lam, xanh lục, đỏ, nên phép "
        "chuyển đổi là cv2.COLOR_BGR2GRAY. Với COLOR_RGB2GRAY, trọng số của kênh đỏ và kênh xanh lam bị đổi chỗ.",
    ),
    "gray-rounding": (
        "Almost: some pixels are off by 1. OpenCV computes the gray value in fixed point, with its own "
        "rounding; use cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).",
        "Gần đúng: một số điểm ảnh lệch 1 đơn vị. OpenCV tính giá trị xám bằng số học dấu phẩy tĩnh, với cách "
        "làm tròn riêng; hãy dùng cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).",
    ),
    "sobel-not-scharr": (
        "These are Sobel gradients (weights 1, 2, 1), not Scharr (3, 10, 3): use cv2.Scharr, or cv2.Sobel "
        "with ksize=-1.",
        "Đây là gradient Sobel (trọng số 1, 2, 1), không phải Scharr (3, 10, 3): hãy dùng cv2.Scharr, hoặc "
        "cv2.Sobel với ksize=-1.",
    ),
    "signed-angle-error": (
        "An error is a distance: take |measured - true| for each angle, then the largest. Without the absolute "
        "value, a kernel that turns the direction the other way (a negative difference) looks perfect.",
        "Sai số là một khoảng cách: hãy lấy |đo được - thực| cho từng góc, rồi lấy giá trị lớn nhất. Không có giá "
        "trị tuyệt đối, một nhân tích chập làm lệch hướng về phía ngược lại (hiệu âm) trông như không có sai số.",
    ),
    "mean-angle-error": (
        "This is the mean error over the angles; the exercise asks for the worst one, the largest "
        "|measured - true|: a kernel is judged by the direction it gets most wrong.",
        "Đây là sai số trung bình trên các góc; bài tập yêu cầu sai số lớn nhất, tức |đo được - thực| lớn nhất: "
        "một nhân tích chập được đánh giá theo hướng mà nó đo sai nhiều nhất.",
    ),
    "rot90-for-y": (
        "np.rot90 does not give the y kernel: a quarter turn puts the positive weights on the top row (top - "
        "bottom), so every measured angle has the wrong sign. The y kernel is the transpose, kernel_x.T: "
        "bottom - top, because the y axis points down.",
        "np.rot90 không cho ra nhân tích chập theo y: xoay một phần tư vòng đặt các trọng số dương lên hàng trên "
        "cùng (trên - dưới), nên mọi góc đo được đều sai dấu. Nhân tích chập theo y là chuyển vị, kernel_x.T: "
        "dưới - trên, vì trục y hướng xuống dưới.",
    ),
}
IN_EXERCISE = {
    ("radians", "angle_error"): (
        "The error is in radians: the angles are given in degrees, so turn the measured orientation into "
        "degrees too (np.degrees of arctan2) before comparing.",
        "Sai số đang tính bằng radian: các góc được cho bằng độ, nên hãy đổi cả hướng gradient đo được sang độ "
        "(np.degrees của arctan2) trước khi so sánh.",
    ),
    ("xy-swapped", "angle_error"): (
        "x and y are swapped: Gx comes from kernel_x, Gy from its transpose kernel_x.T, and arctan2 takes y "
        "first: np.arctan2(Gy, Gx).",
        "x và y bị đổi chỗ: Gx tính bằng kernel_x, Gy bằng chuyển vị kernel_x.T của nó, và arctan2 nhận y "
        "trước: np.arctan2(Gy, Gx).",
    ),
}
base.register(MESSAGES, IN_EXERCISE,
              builds_on={"angle_error": {"correlate": reference.correlate, "apply_kernel": reference.apply_kernel}})


# --- checks for ps2 ------------------------------------------------------------

KERNELS = {"SOBEL_X": reference.SOBEL_X, "SOBEL_Y": reference.SOBEL_Y,
           "SCHARR_X": reference.SCHARR_X, "SCHARR_Y": reference.SCHARR_Y}


def _kernel(kernel):
    """A kernel given by its name in the lesson, or as an array: a fresh float64 copy."""
    return np.array(KERNELS[kernel] if isinstance(kernel, str) else kernel, dtype=np.float64)


def kernel(value, name):
    """``value`` is the lesson's kernel ``name`` (e.g. ``"SOBEL_X"``): 3×3, same numbers, any numeric dtype."""
    want = KERNELS[name]
    try:
        got = np.array(value)
        numeric = got.dtype.kind in "iuf"
    except Exception:
        numeric = False
    if not numeric or got.shape != (3, 3):
        raise base.CheckFailure("kernel-shape", name=name,
                           got=f"{base.kind_of(value)} {getattr(got, 'shape', '')}" if numeric else base.kind_of(value))
    got = got.astype(np.float64)
    if np.array_equal(got, want):
        return
    detail = f"{name} ={base.show(got)}\nexpected / đúng là:{base.show(np.asarray(want))}"
    names = [n.strip() for n in misconceptions.KERNEL_NAMES.split(",")]
    for wrong in for_exercise("kernels"):
        theirs = dict(zip(names, wrong.answer()))[name]
        if np.array_equal(np.asarray(theirs, dtype=np.float64), got):
            raise base.CheckFailure(wrong.key, detail=detail)
    raise base.CheckFailure("wrong-value", detail=detail)


def apply_kernel(student, neighbourhood, kernel, expected=None, seed=None):
    """``student(neighbourhood, kernel)`` is the correlation sum(N * K), a number, by hand."""
    kernel = _kernel(kernel)
    want = reference.apply_kernel(neighbourhood, kernel)
    base.lesson_agrees(expected, want, "apply_kernel")
    args = (neighbourhood, kernel)
    got = base.run_diagnosed("apply_kernel", student, *args, by_hand=True)
    same, _ = base.same_floats(1e-9)
    if same(got, want):
        return
    detail = f"{base.call_text('apply_kernel', args, seed)}\ngot / nhận được: {base.show(base.as_number(got))}; " \
             f"expected / đúng là: {base.show(want)}"
    base.diagnose("apply_kernel", args, got, same, detail, want)


def correlate(student, image, kernel, seed=None):
    """``student(image, kernel)`` equals cv2.filter2D(image as float64, CV_64F, kernel), by hand.

    Bit for bit when the kernel has integer weights (every sum is exact),
    to 1e-12 otherwise (the order of a floating-point sum may differ).
    """
    kernel = _kernel(kernel)
    want = reference.correlate(image, kernel)
    exact = bool(np.all(kernel == np.round(kernel)))
    base.check_arrays("correlate", student, (image, kernel), want, np.float64, seed, by_hand=True, exact=exact)


def to_gray(student, image_bgr, seed=None):
    """``student(image_bgr)`` equals cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY): uint8, exact."""
    want = reference.to_gray(image_bgr)
    base.check_arrays("to_gray", student, (image_bgr,), want, np.uint8, seed, near_miss=_off_by_one)


def _off_by_one(gots, wants):
    """Every pixel within 1 of OpenCV's: the weights are right, the rounding is not."""
    (got,), (want,) = gots, wants
    return "gray-rounding" if np.all(np.abs(got.astype(np.float64) - want) <= 1) else None


def _gradient_check(exercise, reference_function, dtype):
    def check(student, gray, seed=None):
        want = reference_function(gray)
        base.check_arrays(exercise, student, (gray,), want, dtype, seed)

    check.__name__ = exercise
    return check


sobel_gradients = _gradient_check("sobel_gradients", reference.sobel_gradients, np.float64)
sobel_gradients.__doc__ = "``student(gray)`` equals (cv2.Sobel(gray, CV_64F, 1, 0), cv2.Sobel(gray, CV_64F, 0, 1))."
scharr_gradients = _gradient_check("scharr_gradients", reference.scharr_gradients, np.float64)
scharr_gradients.__doc__ = "``student(gray)`` equals (cv2.Scharr(gray, CV_64F, 1, 0), cv2.Scharr(gray, CV_64F, 0, 1))."
sobel_combined = _gradient_check("sobel_combined", reference.sobel_combined, np.uint8)
sobel_combined.__doc__ = "``student(gray)`` equals addWeighted(convertScaleAbs(gX), 0.5, convertScaleAbs(gY), 0.5, 0)."


# --- random inputs for the ps2 hidden tests -------------------------------------


def _random_kernel(rng, shape=(3, 3), integer=True):
    if integer:
        return rng.integers(-9, 10, shape).astype(np.float64)
    return np.round(rng.normal(0, 1, shape), 3)


@base.rerunnable
def random_apply_kernel(student, seed=None):
    """``apply_kernel`` on random neighbourhoods (some only 0 and 255) and kernels, lopsided ones included."""
    seed, rng = base.seeded(seed)
    for extremes in (False, True):
        for name in KERNELS:
            apply_kernel(student, base.random_image(rng, (3, 3), extremes), name, seed=seed)
        for integer in (True, True, False):
            apply_kernel(student, base.random_image(rng, (3, 3), extremes), _random_kernel(rng, integer=integer), seed=seed)


@base.rerunnable
def random_correlate(student, kind="odd", seed=None):
    """``correlate`` on random images: ``odd`` sizes, ``thin`` ones, other ``kernels``, or uint8 ``extremes``."""
    seed, rng = base.seeded(seed)
    if kind == "thin":
        cases = [(shape, (3, 3)) for shape in base.THIN_SHAPES] + [((2, 2), (5, 5)), ((1, 4), (3, 5))]
    elif kind == "kernels":
        cases = [(base.random_shape(rng, 5, 25), k) for k in ((1, 3), (3, 1), (5, 5), (3, 5), (1, 1))]
    else:
        cases = [(base.random_shape(rng, 3, 40), (3, 3)) for _ in range(4)]
    for shape, kernel_shape in cases:
        image = base.random_image(rng, shape, extremes=(kind == "extremes"))
        correlate(student, image, _random_kernel(rng, kernel_shape), seed=seed)
    if kind == "kernels":
        correlate(student, base.random_image(rng, base.random_shape(rng)), _random_kernel(rng, integer=False), seed=seed)


def _rounding_colours():
    """Colours whose gray value a float formula rounds differently from OpenCV."""
    colours = np.random.default_rng(0).integers(0, 256, (20000, 3), dtype=np.uint8)[None]
    b, g, r = (colours[..., c].astype(np.float64) for c in range(3))
    by_formula = np.rint(0.114 * b + 0.587 * g + 0.299 * r)
    tricky = colours[0, by_formula[0] != reference.to_gray.__wrapped__(colours)[0]]
    return np.ascontiguousarray(tricky[:16].reshape(4, 4, 3))


@base.rerunnable
def random_to_gray(student, seed=None):
    """``to_gray`` on random colour images of odd and thin shapes, and on colours that round differently."""
    seed, rng = base.seeded(seed)
    shapes = [base.random_shape(rng, 3, 40) for _ in range(3)] + [(1, 1), (1, 7), (7, 1)]
    for shape in shapes:
        to_gray(student, rng.integers(0, 256, (*shape, 3), dtype=np.uint8), seed=seed)
    to_gray(student, _rounding_colours(), seed=seed)




# --- the investigation: how far off is each kernel's direction? ----------------------

#: Kernels the hidden tests measure besides random ones: x kernels, each used with its transpose for y.
ANGLE_KERNELS = {
    "SOBEL_X": reference.SOBEL_X,
    "SCHARR_X": reference.SCHARR_X,
    "PREWITT_X": np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=np.float64),
    "CENTRAL_X": np.array([[0, 0, 0], [-1, 0, 1], [0, 0, 0]], dtype=np.float64),
}
#: Degrees: float64 differs from another right way of computing by 1e-12°; rounding the stripes to uint8, by 0.1°.
ANGLE_TOLERANCE = 1e-3


def _angle_kernel(kernel):
    if isinstance(kernel, str):
        return np.array(ANGLE_KERNELS.get(kernel, KERNELS.get(kernel)), dtype=np.float64)
    return np.array(kernel, dtype=np.float64)


def angle_error(student, kernel_x, angles, expected=None, seed=None):
    """``student(kernel_x, angles)`` is the worst |measured - true| orientation, in degrees, on the stripes.

    Compared with the reference to ``ANGLE_TOLERANCE`` degrees; a wrong value
    names the typical wrong answer that gives it (signed or mean error,
    radians, x and y swapped, np.rot90 for y).
    """
    kernel_x = _angle_kernel(kernel_x)
    angles = np.array(angles, dtype=np.float64).ravel()
    want = reference.angle_error(kernel_x, angles)
    base.lesson_agrees(expected, want, "angle_error")
    args = (kernel_x, angles)
    got = base.run_diagnosed("angle_error", student, *args)

    def same(got, expected):
        return abs(base.as_number(got) - float(expected)) <= ANGLE_TOLERANCE

    if same(got, want):
        return
    errors = np.abs(reference.measured_angles(kernel_x, angles) - angles)
    detail = (f"{base.call_text('angle_error', args, seed)}\ngot / nhận được: {base.show(base.as_number(got))}°; "
              f"expected / đúng là: {want:.4f}° (at / tại θ = {angles[np.argmax(errors)]:g}°)")
    base.diagnose("angle_error", args, got, same, detail, want)


@base.rerunnable
def random_angle_error(student, seed=None):
    """``angle_error`` on random angles in [0°, 90°] (one, a few, many), with Sobel, Scharr, Prewitt, the
    central difference and kernels of random smoothing weights [a, b, a]."""
    seed, rng = base.seeded(seed)
    kernels = list(ANGLE_KERNELS.values())
    kernels += [np.outer([a, b, a], [-1, 0, 1]).astype(np.float64) for a, b in rng.integers(1, 10, (2, 2))]
    cases = []
    for kernel in kernels:
        for count in (1, 4, 12):
            angles = np.round(rng.uniform(0, 90, count), 2)
            cases.append(functools.partial(angle_error, student, kernel, angles, seed=seed))
    base.clearest(cases)
