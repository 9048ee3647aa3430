"""The checks of ps1 (manual gradients): the test cells call them as ``checks.NAME``.

Each compares a student's function with :mod:`.reference`; a wrong result is
named by the typical wrong answers of :mod:`.misconceptions` that alone
reproduce it (:func:`gradcourse.checks.diagnose`).
"""

import functools
import time

import numpy as np

from ... import checks as base
from ...checks import choice, quiz, rng  # noqa: F401 (the test cells call them as checks.NAME)
from . import misconceptions, reference

MESSAGES = {
    "uint8-wraparound": (
        "uint8 wrap-around: the image is uint8, where {a} - {b} is not {true} but {wrapped} (it wraps modulo 256). "
        "Convert the pixel values to int or float before subtracting.",
        "Tràn số uint8: ảnh có kiểu uint8, trong đó {a} - {b} không phải {true} mà là {wrapped} "
        "(quay vòng theo modulo 256). Hãy đổi giá trị điểm ảnh sang int hoặc float trước khi trừ.",
    ),
    "y-up": (
        "The y axis points down in an image: north is the row above, y - 1, and Gy = bottom - top "
        "= I(x, y+1) - I(x, y-1). Your Gy has the opposite sign.",
        "Trục y của ảnh hướng xuống dưới: điểm lân cận phía bắc nằm ở hàng phía trên, y - 1, và Gy = dưới - trên "
        "= I(x, y+1) - I(x, y-1). Gy của bạn bị ngược dấu.",
    ),
    "forward-difference": (
        "This is a forward difference, I(x+1) - I(x). The lesson's gradient is the central difference "
        "I(x+1) - I(x-1): east minus west, south minus north.",
        "Đây là sai phân tiến, I(x+1) - I(x). Gradient trong bài là sai phân trung tâm "
        "I(x+1) - I(x-1): đông trừ tây, nam trừ bắc.",
    ),
    "np-gradient": (
        "This looks like np.gradient, which divides the central difference by 2 and uses one-sided "
        "differences at the border. The lesson (and OpenCV) uses I(x+1) - I(x-1), not halved, "
        "with reflect-101 borders.",
        "Kết quả giống np.gradient: hàm này chia sai phân trung tâm cho 2 và dùng sai phân một phía ở viền ảnh. "
        "Bài học (và OpenCV) dùng I(x+1) - I(x-1), không chia đôi, với viền ảnh kiểu reflect-101.",
    ),
    "no-sqrt": (
        "Gx² + Gy² is the squared magnitude: take its square root.",
        "Gx² + Gy² là bình phương độ lớn gradient: hãy lấy căn bậc hai.",
    ),
    "arctan": (
        "np.arctan(gy / gx) loses the quadrant ((1, 1) and (-1, -1) give the same angle) and is undefined "
        "when gx = 0. Use np.arctan2(gy, gx), which looks at both signs.",
        "np.arctan(gy / gx) làm mất thông tin góc phần tư ((1, 1) và (-1, -1) cho cùng một góc) và không xác định "
        "khi gx = 0. Hãy dùng np.arctan2(gy, gx), hàm này xét dấu của cả hai thành phần.",
    ),
    "arctan2-arguments": (
        "np.arctan2 takes y first: np.arctan2(gy, gx), not np.arctan2(gx, gy).",
        "np.arctan2 nhận y trước: np.arctan2(gy, gx), không phải np.arctan2(gx, gy).",
    ),
    "folded": (
        "The orientation is folded into [0°, 180°) (with % 180, or by adding 180° to negative angles, as HOG "
        "code does). This exercise asks for the signed angle in (-180°, 180°] that np.arctan2 gives: keep its "
        "sign. Folding comes later, with the orientation masks.",
        "Hướng gradient đã bị gập về [0°, 180°) (bằng % 180, hoặc bằng cách cộng 180° vào các góc âm, như code HOG "
        "vẫn làm). Bài tập này yêu cầu góc có dấu trong (-180°, 180°] đúng như np.arctan2 trả về: hãy giữ nguyên "
        "dấu của nó. Việc gập góc sẽ học sau, ở phần mặt nạ hướng.",
    ),
    "range-0-360": (
        "The orientation must lie in (-180°, 180°], as np.arctan2 gives it; do not shift it to [0°, 360°).",
        "Hướng gradient phải nằm trong (-180°, 180°], đúng như np.arctan2 trả về; đừng chuyển sang [0°, 360°).",
    ),
    "np-roll": (
        "np.roll wraps the image around: the left border is compared with the right border. "
        "Borders must follow OpenCV's reflect-101 (np.pad(..., mode='reflect')), which makes the first "
        "and last column of Gx (row of Gy) exactly 0.",
        "np.roll cuộn ảnh vòng lại: viền trái bị so sánh với viền phải. "
        "Viền ảnh phải theo kiểu reflect-101 của OpenCV (np.pad(..., mode='reflect')), khi đó cột đầu "
        "và cột cuối của Gx (hàng đầu và hàng cuối của Gy) đúng bằng 0.",
    ),
    "python-loop": (
        "The answer is {ratio:.0f}× slower than a vectorised version ({got:.3f} s against {ref:.4f} s on a "
        "{shape} image): it seems to loop over pixels in Python. Use array slicing (or np.pad and slicing) instead.",
        "Bài làm chậm hơn {ratio:.0f} lần so với cách vector hoá ({got:.3f} s so với {ref:.4f} s trên ảnh "
        "{shape}): có vẻ bạn duyệt từng điểm ảnh bằng vòng lặp Python. Hãy dùng cắt mảng (hoặc np.pad và cắt mảng).",
    ),
    "strict-threshold": (
        "A pixel exactly on the threshold is an edge too: keep |G| >= threshold, not |G| > threshold. "
        "Exact ties are common: a step of 100 between two flat regions gives |G| = 100 exactly.",
        "Điểm ảnh có độ lớn gradient đúng bằng ngưỡng cũng là biên: hãy giữ |G| >= ngưỡng, không phải |G| > ngưỡng. "
        "Giá trị trùng cận rất hay gặp: một bậc 100 giữa hai vùng đồng nhất cho |G| đúng bằng 100.",
    ),
    "percent-not-fraction": (
        "The answer is a percentage (0 to 100). Return the fraction, between 0 and 1: the number of edge "
        "pixels divided by the number of pixels.",
        "Bài làm trả về phần trăm (0 đến 100). Hãy trả về tỉ lệ, từ 0 đến 1: số điểm ảnh là biên chia cho "
        "tổng số điểm ảnh.",
    ),
    "count-not-fraction": (
        "The answer is the number of edge pixels. Return the fraction, between 0 and 1: divide by the number "
        "of pixels of the image (image.size).",
        "Bài làm trả về số điểm ảnh là biên. Hãy trả về tỉ lệ, từ 0 đến 1: chia cho tổng số điểm ảnh của ảnh "
        "(image.size).",
    ),
    "interior-only": (
        "Only the interior pixels were counted. Every pixel has a gradient, the border included (image_gradients, "
        "with OpenCV's reflect-101 border): count the edge pixels among all of them and divide by image.size.",
        "Bài làm chỉ đếm các điểm ảnh bên trong. Mọi điểm ảnh đều có gradient, kể cả ở viền ảnh (image_gradients, "
        "với viền ảnh reflect-101 của OpenCV): hãy đếm điểm ảnh là biên trong tất cả các điểm ảnh và chia cho "
        "image.size.",
    ),
}
IN_EXERCISE = {
    ("y-up", "neighbours"): (
        "The y axis points down in an image: north is the row above, image[y - 1, x], and south the row below, "
        "image[y + 1, x]. Your north and south are swapped.",
        "Trục y của ảnh hướng xuống dưới: điểm lân cận phía bắc nằm ở hàng phía trên, image[y - 1, x], còn phía "
        "nam ở hàng phía dưới, image[y + 1, x]. Bắc và nam của bạn bị đổi chỗ.",
    ),
    ("y-up", "gradient_orientation"): (
        "The y axis points down in an image, and gy is already bottom - top: the angle is "
        "np.degrees(np.arctan2(gy, gx)). Negating gy, as for a y axis pointing up, flips the angle's sign.",
        "Trục y của ảnh hướng xuống dưới, và gy đã là dưới - trên: góc là np.degrees(np.arctan2(gy, gx)). "
        "Đổi dấu gy, như khi trục y hướng lên, làm góc bị đổi dấu.",
    ),
    ("no-sqrt", "edge_fraction"): (
        "Gx² + Gy² is the squared magnitude: compare its square root with the threshold (or compare Gx² + Gy² "
        "with threshold²).",
        "Gx² + Gy² là bình phương độ lớn gradient: hãy so sánh căn bậc hai của nó với ngưỡng (hoặc so sánh "
        "Gx² + Gy² với bình phương của ngưỡng).",
    ),
    ("wrong-dtype", "image_gradients"): (
        "The result must be float64, but its dtype is {dtype}. Convert the image with `.astype(np.float64)` "
        "before subtracting, so negative slopes and fractions survive.",
        "Kết quả phải có kiểu float64, nhưng lại là {dtype}. Hãy chuyển kiểu ảnh bằng `.astype(np.float64)` "
        "trước khi trừ để giữ được giá trị âm và phần thập phân.",
    ),
}
# What happened to a submission while it was graded, rather than what a student misunderstood.


def _wrapped_difference(exercise, args, got, want):
    """The uint8 subtraction that wrapped, with the failing input's own pixels: {a} - {b} gave {wrapped}."""
    image = args[0].astype(np.int64)
    if exercise == "edge_fraction":  # the first pixel whose east - west (or south - north) is negative
        padded = np.pad(image, 1, mode="reflect")
        a, b = 0, 1  # (an image that never gets darker cannot wrap; the message then quotes 0 - 1)
        for later, earlier in ((padded[1:-1, 2:], padded[1:-1, :-2]), (padded[2:, 1:-1], padded[:-2, 1:-1])):
            darker = np.argwhere(later < earlier)
            if len(darker):
                y, x = darker[0]
                a, b = later[y, x], earlier[y, x]
                break
    elif exercise == "pixel_gradient":
        _, x, y = args
        pairs = [(image[y, x + 1], image[y, x - 1]), (image[y + 1, x], image[y - 1, x])]
        component = next(i for i in range(2) if base.as_number(base.as_numbers(got, 2)[i]) != want[i])
        a, b = pairs[component]
    else:  # image_gradients: the first wrong pixel, with OpenCV's reflect-101 border
        padded = np.pad(image, 1, mode="reflect")
        for axis, (g, w) in enumerate(zip(_numbers_pair(got, image.shape), want)):
            bad = np.argwhere(g != w)
            if len(bad):
                y, x = bad[0]
                a, b = (padded[y + 1, x + 2], padded[y + 1, x]) if axis == 0 else (padded[y + 2, x + 1], padded[y, x + 1])
                break
    return {"a": int(a), "b": int(b), "true": int(a) - int(b), "wrapped": (int(a) - int(b)) % 256}


# Misconceptions whose message quotes the failing input's values: key -> (exercise, args, got, want) -> fields.


base.register(MESSAGES, IN_EXERCISE, examples={"uint8-wraparound": _wrapped_difference}, builds_on={
    # the investigation is graded on its own: while it runs, the student's earlier functions mean the reference
    "edge_fraction": {"image_gradients": reference.image_gradients,
                      "gradient_magnitude": reference.gradient_magnitude},
})


def _same_orientation(gx, gy):
    """Angles agree where the gradient is not zero (the angle is undefined there)."""
    defined = (np.asarray(gx) != 0) | (np.asarray(gy) != 0)

    def close(a, b):
        return np.isclose(a, b, rtol=0, atol=1e-7) | ~defined

    def same(got, expected):
        expected = np.asarray(expected)
        if expected.shape == ():
            got = base.as_number(got)
            return bool(close(np.float64(got), expected))
        got = base.as_array(got, expected.shape)
        return bool(np.all(close(got, expected)))

    return same, close


def _same_gradients(shape):
    def same(got, expected):
        got = _numbers_pair(got, shape)
        return all(np.array_equal(g, e) for g, e in zip(got, expected))

    return same


def _numbers_pair(value, shape):
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise base.CheckFailure("not-a-tuple", n=2, detail=f"got / nhận được: {base.kind_of(value)}")
    return tuple(base.as_array(v, shape, exercise="image_gradients") for v in value)


# --- checks for ps1 ------------------------------------------------------------


def neighbours(student, image, x, y, expected=None, seed=None):
    """``student(image, x, y)`` gives the reference's (north, south, east, west)."""
    want = reference.neighbours(image, x, y)
    base.lesson_agrees(expected, want, "neighbours")
    got = base.run_diagnosed("neighbours", student, image, x, y)
    same = base.same_numbers(4)
    if same(got, want):
        return
    detail = (f"{base.call_text('neighbours', (image, x, y), seed)}\n"
              f"got / nhận được: {base.show(base.as_numbers(got, 4))}; expected / đúng là: {base.show(want)}")
    base.diagnose("neighbours", (image, x, y), got, same, detail, want)


def pixel_gradient(student, image, x, y, expected=None, seed=None):
    """``student(image, x, y)`` gives the reference's central differences (gx, gy)."""
    want = reference.pixel_gradient(image, x, y)
    base.lesson_agrees(expected, want, "pixel_gradient")
    got = base.run_diagnosed("pixel_gradient", student, image, x, y)
    same = base.same_numbers(2)
    if same(got, want):
        return
    detail = (f"{base.call_text('pixel_gradient', (image, x, y), seed)}\n"
              f"got / nhận được: {base.show(base.as_numbers(got, 2))}; expected / đúng là: {base.show(want)}")
    base.diagnose("pixel_gradient", (image, x, y), got, same, detail, want)


def _elementwise(exercise, student, gx, gy, expected, seed, want, same, close):
    base.lesson_agrees(expected, want, exercise)
    got = base.run_diagnosed(exercise, student, gx, gy)
    if same(got, want):
        return
    where = ""
    if isinstance(want, np.ndarray) and want.ndim == 2:
        where = "\n" + base.first_difference(np.asarray(got, dtype=float), want, close)
    shown = base.show(base.as_number(got)) if np.ndim(want) == 0 else base.show(np.asarray(got))
    detail = (f"{base.call_text(exercise, (gx, gy), seed)}\n"
              f"got / nhận được: {shown}; expected / đúng là: {base.show(want)}{where}")
    base.diagnose(exercise, (gx, gy), got, same, detail, want)


def gradient_magnitude(student, gx, gy, expected=None, seed=None):
    """``student(gx, gy)`` gives sqrt(gx² + gy²), for numbers and arrays (float64)."""
    same, close = base.same_floats(1e-12)
    want = reference.gradient_magnitude(gx, gy)
    _elementwise("gradient_magnitude", student, gx, gy, expected, seed, want, same, close)


def gradient_orientation(student, gx, gy, expected=None, seed=None):
    """``student(gx, gy)`` gives arctan2(gy, gx) in degrees, in (-180, 180]."""
    same, close = _same_orientation(gx, gy)
    want = reference.gradient_orientation(gx, gy)
    _elementwise("gradient_orientation", student, gx, gy, expected, seed, want, same, close)


def magnitude_of(student, image, x, y, expected=None):
    """``student(gx, gy)`` on the gradient of ``image`` at pixel (x, y) (the reference's central differences)."""
    gx, gy = reference.pixel_gradient(image, x, y)
    gradient_magnitude(student, gx, gy, expected=expected)


def orientation_of(student, image, x, y, expected=None):
    """``student(gx, gy)`` on the gradient of ``image`` at pixel (x, y): the angle of a worked neighbourhood."""
    gx, gy = reference.pixel_gradient(image, x, y)
    gradient_orientation(student, gx, gy, expected=expected)


def image_gradients(student, image, seed=None):
    """``student(image)`` equals the reference (Gx, Gy) bit for bit: float64, same shape."""
    want = reference.image_gradients(image)
    got = base.run_diagnosed("image_gradients", student, image)
    same = _same_gradients(image.shape)
    if same(got, want):
        return
    call = base.call_text("image_gradients", (image,), seed)
    got_gx, got_gy = _numbers_pair(got, image.shape)
    details = [call]
    for name, g, w in (("Gx", got_gx, want[0]), ("Gy", got_gy, want[1])):
        if not np.array_equal(g, w):
            details.append(f"{name}: {base.first_difference(g, w, np.equal)}")
            if image.size <= 36:
                details.append(f"{name} got / nhận được: {base.show(g)}\n{name} expected / đúng là: {base.show(w)}")
    detail = "\n".join(details)
    try:
        base.diagnose("image_gradients", (image,), got, same, detail, want)
    except base.CheckFailure as failure:
        if failure.key != "wrong-value":
            raise
        candidates = failure.candidates
    inside = (slice(1, -1), slice(1, -1))
    if min(image.shape) > 2 and all(np.array_equal(g[inside], w[inside]) for g, w in zip((got_gx, got_gy), want)):
        raise base.CheckFailure("wrong-border", detail=detail)  # (a thin image has no inside to be right about)
    raise base.CheckFailure("wrong-value", detail=detail, candidates=candidates)


def image_gradients_vectorised(student, shape=(480, 640), ratio=20.0, floor=0.05):
    """``student`` is vectorised: not ``ratio`` times slower than the reference.

    Judged by time, not by reading the source: a Python loop over 300,000
    pixels is hundreds of times slower than slicing, so a generous ratio and
    an absolute floor keep a slow machine from failing a vectorised answer.
    """
    if getattr(student, "remote", False):
        return  # the grader's stand-in for an answer in the kernel, where it was timed (gradcourse.remote)
    image = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    ref = min(_seconds(reference.image_gradients, image) for _ in range(5))
    for _ in range(2):  # a slow first call may be a pause of the machine, not a loop
        got = _seconds(lambda im: base._run(student, im), image)
        if got <= max(floor, ratio * ref):
            return
    raise base.CheckFailure("python-loop", ratio=got / ref, got=got, ref=ref, shape=f"{shape[1]}×{shape[0]}")


def _seconds(call, image):
    start = time.perf_counter()
    call(image)
    return time.perf_counter() - start


@base.rerunnable
def random_pixels(student, check, count=30, extremes=False, seed=None):
    """Run a pixel check (``neighbours`` or ``pixel_gradient``) at random interior pixels."""
    seed, rng = base.seeded(seed)
    cases = []
    for _ in range(count):
        height, width = base.random_shape(rng)
        image = base.random_image(rng, (height, width), extremes)
        x, y = int(rng.integers(1, width - 1)), int(rng.integers(1, height - 1))
        cases.append(functools.partial(check, student, image, x, y, seed=seed))
    base.clearest(cases)


@base.rerunnable
def random_elementwise(student, check, seed=None):
    """Run ``gradient_magnitude`` or ``gradient_orientation`` on random numbers and arrays.

    The inputs are what a gradient can be on a uint8 image (-255 … 255), with
    zeros, the axes and the diagonals among them, as scalars and as arrays.
    """
    seed, rng = base.seeded(seed)
    special = [(0, 5), (5, 0), (0, -5), (-5, 0), (7, 7), (-7, -7), (-7, 7), (7, -7), (-255, 0), (0, 0)]
    pairs = special + [tuple(int(v) for v in rng.integers(-255, 256, 2)) for _ in range(10)]
    shape = base.random_shape(rng)
    gx = rng.integers(-255, 256, shape).astype(np.float64)
    gy = rng.integers(-255, 256, shape).astype(np.float64)
    gx[0, :3], gy[0, :3] = (0, 4, -4), (-3, 0, 4)
    base.clearest([functools.partial(check, student, a, b, seed=seed) for a, b in pairs + [(gx, gy)]])


@base.rerunnable
def random_image_gradients(student, kind="odd", seed=None):
    """Run ``image_gradients`` on random images: ``odd`` sizes, ``thin`` ones, or uint8 ``extremes``."""
    seed, rng = base.seeded(seed)
    if kind == "thin":
        shapes = base.THIN_SHAPES
    else:
        shapes = [base.random_shape(rng, 3, 40) for _ in range(4)] + [(5, 7)]
    for shape in shapes:
        image_gradients(student, base.random_image(rng, shape, extremes=(kind == "extremes")), seed=seed)


# --- the investigation: how much of an image is edge ------------------------------------

FRACTION_TOLERANCE = 1e-9  # a fraction of pixels: count / size, however it is written


def edge_fraction(student, image, threshold, expected=None, seed=None):
    """``student(image, threshold)`` is the fraction of pixels with |G| >= threshold (a number in [0, 1])."""
    want = float(reference.edge_fraction(image, threshold))
    base.lesson_agrees(expected, want, "edge_fraction")
    got = base.run_diagnosed("edge_fraction", student, image, threshold)
    same, _ = base.same_floats(FRACTION_TOLERANCE)
    if same(got, want):
        return
    detail = (f"{base.call_text('edge_fraction', (image, threshold), seed)}\n"
              f"got / nhận được: {base.show(base.as_number(got))}; expected / đúng là: {base.show(want)}")
    base.diagnose("edge_fraction", (image, threshold), got, same, detail, want)


TIES = (100.0, 200.0, 260.0)  # 20·5, 20·10, 20·13: every way of writing |G| gives them exactly (sqrt, hypot,
# cv2.magnitude, norm, np.abs of a complex), which is not so of every Pythagorean magnitude (|70 + 240j| misses 250)


def _blocks(rng, shape):
    """A random image of flat blocks whose steps are multiples of 20: |G| = 20·√(m² + n²), often exactly 100 or 200."""
    height, width = shape
    coarse = rng.integers(0, 13, ((height + 2) // 3, (width + 2) // 3)) * 20
    return np.kron(coarse, np.ones((3, 3), dtype=np.int64))[:height, :width].astype(np.uint8)


@base.rerunnable
def random_fractions(student, kind="odd", seed=None):
    """Run ``edge_fraction`` on random images: ``odd`` sizes, ``thin`` ones, uint8 ``extremes``, or exact ``ties``.

    ``ties`` images are flat blocks with steps of multiples of 20, and the
    threshold is a magnitude they reach exactly (100, 200 or 260: the
    Pythagorean 60-80-100 and its kin), so an answer with ``>`` loses them,
    and every right way of writing |G| (sqrt, hypot, squares) keeps them.
    """
    seed, rng = base.seeded(seed)
    cases = []
    if kind == "ties":
        for _ in range(6):
            for _attempt in range(20):
                image = _blocks(rng, base.random_shape(rng, 7, 40))
                magnitude = reference.gradient_magnitude.__wrapped__(*reference.image_gradients.__wrapped__(image))
                reached = [t for t in TIES if np.any(magnitude == t)]
                if reached:
                    break
            else:  # (never seen) a step of 100 ties for sure
                image = np.zeros_like(image)
                image[:, image.shape[1] // 2:] = 100
                reached = [100.0]
            cases.append((image, float(rng.choice(reached))))
    else:
        shapes = base.THIN_SHAPES if kind == "thin" else [base.random_shape(rng, 3, 40) for _ in range(4)] + [(5, 7)]
        for shape in shapes:
            image = base.random_image(rng, shape, extremes=(kind == "extremes"))
            # no ties here but 255 on 0/255 images (exact every way): a random integer threshold could tie with a
            # Pythagorean |G| that some right ways of writing it (np.abs of a complex) miss by one ulp
            threshold = 255.0 if kind == "extremes" else float(rng.integers(0, 300)) + 0.5
            cases.append((image, threshold))
    base.clearest([functools.partial(edge_fraction, student, image, threshold, seed=seed)
                   for image, threshold in cases])
