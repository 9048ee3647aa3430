"""The checks of ps4 (the Canny detector): the test cells call them as ``checks.NAME``.

Every step is exact: the bins and the suppression compare the numbers they
are given, the thresholds and hysteresis are boolean.  ``canny`` is compared
with :func:`.reference.canny` built on the same Sobel gradients, and is graded
on its own: while it runs, the student's four earlier functions mean the
reference (:data:`gradcourse.checks.BUILDS_ON`), so a mistake in one step
costs its own points once.
"""

import functools

import cv2
import numpy as np

from ... import checks as base
from ... import images
from ...checks import choice, quiz, rng  # noqa: F401 (the test cells call them as checks.NAME)
from . import misconceptions, reference  # noqa: F401 (importing the wrong answers registers them)

MESSAGES = {
    "truncated-bins": (
        "The angle is truncated to the bin below (θ // 45 · 45): 40° goes to 0 though 45 is nearer. Each angle "
        "goes to the NEAREST of 0, 45, 90 and 135: 45 for 22.5 <= θ < 67.5, 90 for 67.5 <= θ < 112.5, "
        "135 for 112.5 <= θ < 157.5, else 0.",
        "Góc bị cắt xuống ngăn phía dưới (θ // 45 · 45): 40° rơi vào ngăn 0 dù 45 gần hơn. Mỗi góc phải về ngăn "
        "GẦN NHẤT trong 0, 45, 90 và 135: 45 khi 22.5 <= θ < 67.5, 90 khi 67.5 <= θ < 112.5, "
        "135 khi 112.5 <= θ < 157.5, còn lại là 0.",
    ),
    "bins-180": (
        "Angles from 157.5° to 180° are nearest to 180°, and 180° is the same direction as 0°: their bin is 0, "
        "not 180. There are only four bins: 0, 45, 90 and 135.",
        "Các góc từ 157.5° đến 180° gần 180° nhất, mà 180° cùng phương với 0°: ngăn của chúng là 0, "
        "không phải 180. Chỉ có bốn ngăn: 0, 45, 90 và 135.",
    ),
    "bins-rounding": (
        "np.round rounds halves to the even number (22.5 / 45 = 0.5 becomes 0, 112.5 / 45 = 2.5 becomes 2), "
        "so an angle exactly on a bin's lower bound lands in the bin below. Each bin includes its lower bound: "
        "22.5° is in bin 45, 112.5° in bin 135; compare with the bounds instead.",
        "np.round làm tròn nửa về số chẵn (22.5 / 45 = 0.5 thành 0, 112.5 / 45 = 2.5 thành 2), nên một góc nằm "
        "đúng trên cận dưới của một ngăn bị rơi xuống ngăn bên dưới. Mỗi ngăn bao gồm cận dưới của nó: 22.5° "
        "thuộc ngăn 45, 112.5° thuộc ngăn 135; hãy so sánh với các cận thay vì làm tròn.",
    ),
    "y-up-diagonals": (
        "The diagonals are those of a y axis pointing up. In an image y points down: bin 45 compares "
        "(x+1, y+1) and (x-1, y-1), that is mag[y+1, x+1] and mag[y-1, x-1]; bin 135 compares (x-1, y+1) "
        "and (x+1, y-1).",
        "Các đường chéo đang theo trục y hướng lên. Trong ảnh, trục y hướng xuống dưới: ngăn 45 so sánh "
        "(x+1, y+1) và (x-1, y-1), tức là mag[y+1, x+1] và mag[y-1, x-1]; ngăn 135 so sánh (x-1, y+1) "
        "và (x+1, y-1).",
    ),
    "strict-comparison": (
        "The comparison is strict (>): where two neighbouring pixels have the same magnitude (a plateau, common "
        "on synthetic edges) both are removed and the edge breaks. Keep a pixel when it is >= both neighbours.",
        "Phép so sánh đang là so sánh chặt (>): khi hai điểm ảnh lân cận có cùng độ lớn gradient (đỉnh phẳng, "
        "rất hay gặp ở biên của ảnh tổng hợp) cả hai đều bị xoá và biên bị đứt. Hãy giữ một điểm ảnh khi nó "
        ">= cả hai điểm lân cận.",
    ),
    "border-kept": (
        "The first and last row and column must be 0: a border pixel has no neighbour on one side, so "
        "non-maximum suppression cannot say it is a maximum. Do not pad the image to compare them.",
        "Hàng và cột đầu tiên, cuối cùng phải bằng 0: điểm ảnh ở viền ảnh không có điểm lân cận ở một phía, "
        "nên triệt tiêu phi cực đại không thể khẳng định nó là cực đại. Đừng đệm ảnh để so sánh chúng.",
    ),
    "nms-xy-swapped": (
        "Bins 0 and 90 compare the wrong neighbours. The bin is the gradient's direction, across the edge: "
        "bin 0 (a horizontal gradient, a vertical edge) compares left and right, mag[y, x-1] and mag[y, x+1]; "
        "bin 90 compares above and below.",
        "Ngăn 0 và 90 đang so sánh sai điểm lân cận. Ngăn là hướng gradient, vuông góc với biên: ngăn 0 "
        "(gradient nằm ngang, biên thẳng đứng) so sánh trái và phải, mag[y, x-1] và mag[y, x+1]; ngăn 90 "
        "so sánh trên và dưới.",
    ),
    "exclusive-thresholds": (
        "The thresholds must be inclusive: strong = nms >= high, weak = (nms >= low) & ~strong. A pixel exactly "
        "on a threshold counts.",
        "Các ngưỡng phải bao gồm cả giá trị bằng ngưỡng: strong = nms >= high, weak = (nms >= low) & ~strong. "
        "Điểm ảnh có giá trị đúng bằng ngưỡng vẫn được tính.",
    ),
    "weak-includes-strong": (
        "weak must hold only the pixels between the thresholds: (nms >= low) & ~strong. Here the strong "
        "pixels are weak too.",
        "weak chỉ được chứa các điểm ảnh nằm giữa hai ngưỡng: (nms >= low) & ~strong. Ở đây các điểm ảnh "
        "mạnh cũng bị tính là yếu.",
    ),
    "4-connectivity": (
        "Hysteresis must follow 8-connected paths: a weak pixel that touches the chain only at a corner "
        "(diagonally) belongs to it. With 4-connectivity diagonal edges fall apart.",
        "Phân ngưỡng trễ phải đi theo các đường liên thông 8: một điểm ảnh yếu chỉ chạm vào chuỗi ở một góc "
        "(theo đường chéo) vẫn thuộc chuỗi đó. Với liên thông 4, các biên chéo bị vỡ ra.",
    ),
    "one-step-hysteresis": (
        "Only the weak pixels right next to a strong one are kept. Hysteresis follows a chain of weak pixels "
        "as far as it goes: repeat until nothing changes, or keep each connected group that holds a strong pixel.",
        "Chỉ các điểm ảnh yếu nằm kề một điểm ảnh mạnh được giữ lại. Phân ngưỡng trễ phải đi theo chuỗi "
        "điểm ảnh yếu đến hết: lặp lại cho đến khi không còn gì thay đổi, hoặc giữ mỗi nhóm liên thông có chứa "
        "một điểm ảnh mạnh.",
    ),
    "weak-dropped": (
        "Only the strong pixels are kept. Hysteresis also keeps every weak pixel joined to a strong one "
        "through weak pixels: that is what lets an edge fade without breaking.",
        "Chỉ các điểm ảnh mạnh được giữ lại. Phân ngưỡng trễ còn giữ mọi điểm ảnh yếu nối với một điểm ảnh mạnh "
        "qua các điểm ảnh yếu: nhờ vậy một biên có thể mờ dần mà không bị đứt.",
    ),
}
# The shared messages, said the way this lesson's exercises need them.
IN_EXERCISE = {
    ("not-by-hand", "canny"): (
        "canny must be built from your own steps, but the answer calls {name}. Use Sobel gradients, "
        "direction_bins, non_max_suppression, double_threshold and hysteresis.",
        "canny phải được ghép từ các bước của chính bạn, nhưng bài làm lại gọi {name}. Hãy dùng gradient Sobel, "
        "direction_bins, non_max_suppression, double_threshold và hysteresis.",
    ),
    ("abs-sum", "canny"): (
        "|Gx| + |Gy| is a cheap approximation, not the magnitude (cv2.Canny's default, L2gradient=False). "
        "This lesson's canny uses |G| = sqrt(Gx² + Gy²).",
        "|Gx| + |Gy| chỉ là phép xấp xỉ rẻ, không phải độ lớn gradient (mặc định của cv2.Canny, L2gradient=False). "
        "canny của bài này dùng |G| = sqrt(Gx² + Gy²).",
    ),
    ("no-fold", "canny"): (
        "The orientation is not folded: np.arctan2 gives (-180°, 180°], and every negative angle falls into "
        "bin 0. Fold it first, theta = np.degrees(np.arctan2(gy, gx)) % 180, as in ps3.",
        "Hướng gradient chưa được gập: np.arctan2 trả về (-180°, 180°], và mọi góc âm đều rơi vào ngăn 0. "
        "Hãy gập trước, theta = np.degrees(np.arctan2(gy, gx)) % 180, như ở ps3.",
    ),
    ("mask-0-1", "hysteresis"): (
        "The edge map must be 0 and 255 (uint8), OpenCV's convention, not 0 and 1: multiply by 255.",
        "Bản đồ biên phải gồm 0 và 255 (uint8), theo quy ước của OpenCV, không phải 0 và 1: hãy nhân với 255.",
    ),
}
base.register(MESSAGES, IN_EXERCISE, builds_on={
    "non_max_suppression": {"direction_bins": reference.direction_bins},
    "canny": {"direction_bins": reference.direction_bins, "non_max_suppression": reference.non_max_suppression,
              "double_threshold": reference.double_threshold, "hysteresis": reference.hysteresis},
})

BIN_EDGES = (0.0, 22.5, 45.0, 67.5, 90.0, 112.5, 135.0, 157.5)
PHOTOS = ("coins", "camera", "brick", "pill")


def direction_bins(student, theta, expected=None, seed=None):
    """``student(theta)`` gives each folded angle's bin, 0, 45, 90 or 135: uint8 for an array, exact."""
    want = reference.direction_bins(theta)
    base.lesson_agrees(expected, want, "direction_bins")
    if np.ndim(theta) == 0:  # a number in, a number out

        def same(got, expected):
            return base.as_number(got) == base.as_number(expected)

        got = base.run_diagnosed("direction_bins", student, theta)
        if same(got, want):
            return
        detail = (f"{base.call_text('direction_bins', (theta,), seed)}\n"
                  f"got / nhận được: {base.show(base.as_number(got))}; expected / đúng là: {int(want)}")
        base.diagnose("direction_bins", (theta,), got, same, detail, want)
    base.check_arrays("direction_bins", student, (np.asarray(theta, dtype=np.float64),), want, np.uint8, seed,
                      names=("bins",))


def non_max_suppression(student, mag, theta, seed=None):
    """``student(mag, theta)`` keeps a pixel's magnitude where it is >= both neighbours along its bin, else 0;
    float64, exact, the first and last row and column 0."""
    want = reference.non_max_suppression(mag, theta)
    base.check_arrays("non_max_suppression", student, (mag, theta), want, np.float64, seed, names=("nms",))


def double_threshold(student, nms, low, high, seed=None):
    """``student(nms, low, high)`` gives ``(strong, weak)``: boolean, nms >= high and low <= nms < high."""
    want = reference.double_threshold(nms, low, high)
    base.check_arrays("double_threshold", student, (nms, low, high), want, np.bool_, seed,
                      names=("strong", "weak"))


def hysteresis(student, strong, weak, seed=None):
    """``student(strong, weak)`` is the uint8 0/255 map of the strong pixels and the weak ones 8-connected to
    them through weak pixels."""
    want = reference.hysteresis(strong, weak)
    base.check_arrays("hysteresis", student, (strong, weak), want, np.uint8, seed, names=("edges",))


def _hypot_canny(gray, low, high):
    """The reference with |G| from np.hypot: it rounds sqrt(Gx² + Gy²) differently in the last bit for 0.6 %
    of integer gradients, which may break a tie; an answer that uses it is right too."""
    _, theta = reference.sobel_polar.__wrapped__(gray)
    gx = cv2.Sobel(gray, cv2.CV_64F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_64F, 0, 1, ksize=3)
    nms = reference.non_max_suppression.__wrapped__(np.hypot(gx, gy), theta)
    return reference.hysteresis.__wrapped__(*reference.double_threshold.__wrapped__(nms, low, high))


def canny(student, gray, low, high, seed=None):
    """``student(gray, low, high)`` equals the reference Canny edge map (uint8 0/255), without cv2.Canny."""
    want = reference.canny(gray, low, high)
    args = (gray, low, high)
    try:
        base.check_arrays("canny", student, args, want, np.uint8, seed, by_hand=("Canny",), names=("edges",))
    except base.CheckFailure as failure:
        if failure.key != "wrong-value":
            raise
        got = base._run(student, *args)  # right with the other rounding of the magnitude?
        alternative = _hypot_canny(gray, low, high)
        if not (isinstance(got, np.ndarray) and got.dtype == np.uint8 and np.array_equal(got, alternative)):
            raise


# --- random inputs for the hidden tests ----------------------------------------------------


def _angles(rng, shape):
    """Folded angles of a random gradient, with the bins' lower bounds and their neighbours among them."""
    theta = rng.uniform(0, 180, shape)
    flat = theta.reshape(-1)
    special = [e + d for e in BIN_EDGES for d in (0.0, -1e-6, 1e-6) if 0 <= e + d < 180] + [179.999999]
    positions = rng.choice(flat.size, size=min(flat.size, len(special)), replace=False)
    flat[positions] = np.array(special)[:len(positions)]
    return theta


@base.rerunnable
def random_direction_bins(student, seed=None):
    """``direction_bins`` on every bin's lower bound and a hair on either side, as numbers and as arrays."""
    seed, rng = base.seeded(seed)
    cases = [functools.partial(direction_bins, student, float(t), seed=seed)
             for t in (0.0, 22.5, 67.5, 112.5, 157.5, 179.5, 40.0, 100.0, 150.0)]
    cases += [functools.partial(direction_bins, student, _angles(rng, base.random_shape(rng, 5, 15)), seed=seed),
              functools.partial(direction_bins, student, _angles(rng, (1, 30)), seed=seed)]
    base.clearest(cases)


def _crop(rng, gray, size=24):
    height, width = gray.shape
    y, x = int(rng.integers(0, height - size)), int(rng.integers(0, width - size))
    return np.ascontiguousarray(gray[y:y + size, x:x + size])


@base.rerunnable
def random_non_max_suppression(student, kind="odd", seed=None):
    """``non_max_suppression`` on random magnitudes and angles: ``odd`` sizes (and a plateau), ``thin`` ones
    (all 0), ``plateaus`` (few distinct magnitudes, so neighbours tie), or ``photos`` (crops of the course
    photos' Sobel gradients)."""
    seed, rng = base.seeded(seed)
    if kind == "photos":
        cases = [reference.sobel_polar.__wrapped__(_crop(rng, images.gray(name))) for name in PHOTOS]
    else:
        shapes = base.THIN_SHAPES if kind == "thin" else [base.random_shape(rng, 5, 21) for _ in range(4)]
        cases = []
        for shape in shapes:
            if kind == "plateaus":
                mag = rng.integers(0, 3, shape).astype(np.float64) * 50
                theta = rng.choice([0.0, 45.0, 90.0, 135.0, 170.0], shape)
            else:
                mag = np.round(rng.uniform(0, 300, shape), 1)
                theta = _angles(rng, shape)
            cases.append((mag, theta))
        if kind == "odd":  # a plateau in every draw: whether a strict comparison is caught must not depend on luck
            plateau = np.tile([0.0, 50.0, 100.0, 100.0, 50.0, 0.0], (5, 1))
            cases.append((plateau, np.zeros(plateau.shape)))
    base.clearest([functools.partial(non_max_suppression, student, m, t, seed=seed) for m, t in cases])


@base.rerunnable
def random_double_threshold(student, kind="odd", seed=None):
    """``double_threshold`` on random suppressed magnitudes: ``odd`` thresholds (whole numbers, never equal to
    a value), or ``ties`` (thresholds equal to values in the image, which an inclusive comparison keeps)."""
    seed, rng = base.seeded(seed)
    cases = []
    for shape in [base.random_shape(rng, 3, 21) for _ in range(3)] + [(1, 1), (1, 7)]:
        nms = np.where(rng.random(shape) < 0.5, 0.0, np.round(rng.uniform(0, 300, shape), 1))
        if kind == "odd":  # values between the whole-number thresholds: ties are the "ties" kind's, never luck's
            nms = np.where(nms > 0, nms + 0.05, 0.0)
        if kind == "ties":
            low, high = sorted(float(v) for v in rng.choice(nms.reshape(-1), 2))
        else:
            low = float(rng.integers(10, 120))
            high = low + float(rng.integers(1, 150))
        cases.append((nms, low, high))
    base.clearest([functools.partial(double_threshold, student, *case, seed=seed) for case in cases])


def _chains(rng, shape, count=3):
    """Strong seeds, each at the end of a long weak chain that turns diagonally, and stray weak pixels."""
    strong, weak = np.zeros(shape, bool), np.zeros(shape, bool)
    height, width = shape
    for _ in range(count):
        y, x = int(rng.integers(0, height)), int(rng.integers(0, width))
        strong[y, x] = True
        for _ in range(int(rng.integers(6, 20))):
            dy, dx = [(1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (1, 0)][int(rng.integers(0, 6))]
            y, x = min(max(y + dy, 0), height - 1), min(max(x + dx, 0), width - 1)
            if not strong[y, x]:
                weak[y, x] = True
    weak |= (rng.random(shape) < 0.05) & ~strong
    return strong, weak


@base.rerunnable
def random_hysteresis(student, kind="odd", seed=None):
    """``hysteresis`` on random strong and weak pixels: ``odd`` scatters, long diagonal ``chains`` from a strong
    seed, or ``thin`` images (1×1, 1×N, N×1, …)."""
    seed, rng = base.seeded(seed)
    cases = []
    shapes = base.THIN_SHAPES if kind == "thin" else [base.random_shape(rng, 7, 31) for _ in range(4)]
    for shape in shapes:
        if kind == "chains":
            cases.append(_chains(rng, shape))
        else:
            strong = rng.random(shape) < 0.05
            cases.append((strong, (rng.random(shape) < 0.35) & ~strong))
    base.clearest([functools.partial(hysteresis, student, s, w, seed=seed) for s, w in cases])


@base.rerunnable
def random_canny(student, kind="odd", seed=None):
    """``canny`` on random images: ``odd`` sizes of blurred noise, ``thin`` ones, or the course ``photos``,
    each with random thresholds."""
    seed, rng = base.seeded(seed)
    if kind == "photos":
        grays = [images.gray(name) for name in PHOTOS]
    elif kind == "thin":
        grays = [base.random_image(rng, shape) for shape in base.THIN_SHAPES]
    else:  # blurred, so that edges run for a while and hysteresis has chains to follow
        grays = [cv2.GaussianBlur(base.random_image(rng, base.random_shape(rng, 15, 61)), (5, 5), 1.5)
                 for _ in range(3)]
    cases = []
    for gray in grays:
        low = float(rng.integers(20, 120))
        cases.append((gray, low, float(np.round(low * rng.uniform(1.5, 3.0)))))
    base.clearest([functools.partial(canny, student, *case, seed=seed) for case in cases])
