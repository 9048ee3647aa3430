"""The bilingual checks: the reference passes, every typical wrong answer is named."""

import re
import sys
import warnings

import cv2
import numpy as np
import pytest

from gradcourse import checks, grading, misconceptions, notebook
from gradcourse.lessons.ps1_manual_gradients import checks as ps1_checks, reference as ps1_reference
from gradcourse.lessons.ps2_sobel_scharr import checks as ps2_checks, reference as ps2_reference
from gradcourse.lessons.ps3_orientation_masks import checks as ps3_checks
from conftest import PS1, PS2, PS3, PS4, run_test_cells, source_notebook

A = np.array([[25, 50, 50], [20, 40, 49], [22, 36, 36]], dtype=np.uint8)
B = np.array([[125, 130, 150], [200, 190, 167], [222, 156, 236]], dtype=np.uint8)
VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")


PS1_EXERCISES = ["neighbours", "pixel_gradient", "gradient_magnitude", "gradient_orientation", "image_gradients"]
PS1_WRONG = [w for w in misconceptions.every() if w.exercise in PS1_EXERCISES]


def solutions():
    """The reference, unwrapped: the tests call it as a student's answer would be called."""
    return {name: getattr(ps1_reference, name).__wrapped__ for name in PS1_EXERCISES}


def run_every_check(exercise, answer, seed=7):
    """All the checks the notebook runs for one exercise, visible and hidden."""
    if exercise == "neighbours":
        ps1_checks.neighbours(answer, A, 1, 1, expected=(50, 36, 49, 20))
        ps1_checks.neighbours(answer, np.arange(15, dtype=np.uint8).reshape(3, 5), 3, 1, expected=(3, 13, 9, 7))
        ps1_checks.random_pixels(answer, ps1_checks.neighbours, count=40, seed=seed)
        ps1_checks.random_pixels(answer, ps1_checks.neighbours, count=20, extremes=True, seed=seed)
    elif exercise == "pixel_gradient":
        ps1_checks.pixel_gradient(answer, A, 1, 1, expected=(29, -14))
        ps1_checks.pixel_gradient(answer, B, 1, 1, expected=(-33, 26))
        ps1_checks.random_pixels(answer, ps1_checks.pixel_gradient, count=40, seed=seed)
        ps1_checks.random_pixels(answer, ps1_checks.pixel_gradient, count=40, extremes=True, seed=seed)
    elif exercise == "gradient_magnitude":
        ps1_checks.gradient_magnitude(answer, 29, -14, expected=32.20)
        ps1_checks.random_elementwise(answer, ps1_checks.gradient_magnitude, seed=seed)
    elif exercise == "gradient_orientation":
        ps1_checks.gradient_orientation(answer, 0, -255, expected=-90)
        ps1_checks.gradient_orientation(answer, -255, 255, expected=135)
        ps1_checks.random_elementwise(answer, ps1_checks.gradient_orientation, seed=seed)
    elif exercise == "image_gradients":
        ps1_checks.image_gradients(answer, A)
        for kind in ("thin", "odd", "extremes"):
            ps1_checks.random_image_gradients(answer, kind, seed=seed)
        ps1_checks.image_gradients_vectorised(answer)
    else:
        raise ValueError(exercise)


@pytest.mark.parametrize("exercise", PS1_EXERCISES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_reference_passes_every_check(exercise, seed):
    run_every_check(exercise, solutions()[exercise], seed)


@pytest.mark.parametrize("wrong", PS1_WRONG, ids=lambda w: f"{w.exercise}-{w.key}")
def test_each_typical_wrong_answer_is_rejected_with_its_own_message(wrong):
    """Named when it is the one explanation; a visible example two misconceptions explain names neither."""
    with pytest.raises(checks.CheckFailure) as failure:
        run_every_check(wrong.exercise, wrong.answer)
    assert failure.value.key == wrong.key or (failure.value.key == "wrong-value"
                                              and wrong.key in failure.value.candidates)
    assert isinstance(failure.value, AssertionError)  # nbgrader sees a failed test


WRONG_VALUES = [w for w in PS1_WRONG if w.key != "python-loop"]  # a loop is right, only slow


@pytest.mark.parametrize("wrong", WRONG_VALUES, ids=lambda w: f"{w.exercise}-{w.key}")
def test_hidden_random_tests_alone_catch_each_wrong_answer(wrong):
    """Not only the visible worked examples: fresh random inputs catch it too."""
    with pytest.raises(checks.CheckFailure) as failure:
        if wrong.exercise in ("neighbours", "pixel_gradient"):
            check = getattr(ps1_checks, wrong.exercise)
            ps1_checks.random_pixels(wrong.answer, check, count=40)
            ps1_checks.random_pixels(wrong.answer, check, count=40, extremes=True)
        elif wrong.exercise == "image_gradients":
            for kind in ("odd", "thin", "extremes"):
                ps1_checks.random_image_gradients(wrong.answer, kind)
        else:
            ps1_checks.random_elementwise(wrong.answer, getattr(ps1_checks, wrong.exercise))
    assert failure.value.key in (wrong.key, "wrong-value", "wrong-border")


def test_a_result_two_misconceptions_explain_names_neither_and_the_drivers_look_for_a_clearer_one():
    """Gy = -128: a y axis pointing up and uint8 wrap-around both answer 128."""
    y_up = next(w.answer for w in PS1_WRONG if (w.exercise, w.key) == ("pixel_gradient", "y-up"))
    image = np.zeros((3, 3), np.uint8)
    image[0, 1] = 128  # north 128, south 0: Gy = south - north = -128
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.pixel_gradient(y_up, image, 1, 1)
    assert failure.value.key == "wrong-value"
    assert set(failure.value.candidates) == {"y-up", "uint8-wraparound"}
    assert "[uint8-wraparound]" not in str(failure.value) and "[y-up]" not in str(failure.value)
    assert "(0, 128)" in str(failure.value) and "(0, -128)" in str(failure.value)  # where they differ
    for extremes in (False, True):  # this seed once drew such a pixel first
        with pytest.raises(checks.CheckFailure) as failure:
            ps1_checks.random_pixels(y_up, ps1_checks.pixel_gradient, count=40, extremes=extremes, seed=3431939609)
        assert failure.value.key == "y-up" and not failure.value.candidates


def test_every_misconception_the_spec_names_has_a_wrong_answer():
    keys = {w.key for w in misconceptions.every()}
    assert {"uint8-wraparound", "xy-swapped", "radians", "arctan", "np-gradient", "forward-difference",
            "y-up", "abs-sum", "np-roll", "python-loop"} <= keys


@pytest.mark.parametrize("key", sorted(checks.MESSAGES))
def test_every_message_is_in_english_and_vietnamese(key):
    en, vi = checks.MESSAGES[key]
    assert en and vi and en != vi
    assert VIETNAMESE.search(vi.lower()), f"{key}: the Vietnamese text has no Vietnamese letters"
    assert not VIETNAMESE.search(en.lower()), f"{key}: Vietnamese letters in the English text"


def test_a_failure_message_shows_both_languages_and_the_numbers():
    def uint8_answer(image, x, y):
        return image[y, x + 1] - image[y, x - 1], image[y + 1, x] - image[y - 1, x]

    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.pixel_gradient(uint8_answer, A, 1, 1)
    text = str(failure.value)
    assert text.startswith("[uint8-wraparound] ")
    assert "wrap-around" in text and "Tràn số" in text
    assert "(29, 242)" in text and "(29, -14)" in text


def test_a_correct_answer_that_warns_is_quiet():
    def noisy(gx, gy):
        warnings.warn("this is fine", UserWarning)
        np.float64(1) / np.float64(0)  # RuntimeWarning from NumPy
        print("debug", file=sys.stderr)
        return np.degrees(np.arctan2(gy, gx))

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning that escaped the check would raise here
        ps1_checks.gradient_orientation(noisy, -33, 26, expected=141.77)


def test_an_answer_that_calls_the_reference_earns_nothing():
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.image_gradients(lambda image: ps1_reference.image_gradients(image), A)
    assert failure.value.key == "reference-called"


def test_an_answer_cannot_change_the_input_the_check_compares_with():
    def vandal(image):
        image[...] = 0
        return ps1_reference.image_gradients.__wrapped__(image)

    with pytest.raises(checks.CheckFailure):
        ps1_checks.image_gradients(vandal, A.copy())


@pytest.mark.parametrize("answer, key", [
    (lambda image: ps1_reference.image_gradients.__wrapped__(image)[0], "not-a-tuple"),
    (lambda image: tuple(g.astype(np.float32) for g in ps1_reference.image_gradients.__wrapped__(image)), "wrong-dtype"),
    (lambda image: tuple(g[1:-1, 1:-1] for g in ps1_reference.image_gradients.__wrapped__(image)), "wrong-shape"),
    (lambda image: tuple(g.tolist() for g in ps1_reference.image_gradients.__wrapped__(image)), "not-an-array"),
    (lambda image: tuple(np.pad(image.astype(float), 1, mode="edge")[s] - np.pad(image.astype(float), 1, mode="edge")[t]
                         for s, t in (((slice(1, -1), slice(2, None)), (slice(1, -1), slice(None, -2))),
                                      ((slice(2, None), slice(1, -1)), (slice(None, -2), slice(1, -1))))),
     "wrong-border"),
])
def test_malformed_whole_image_answers_get_a_precise_message(answer, key):
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.image_gradients(answer, np.random.default_rng(0).integers(0, 256, (5, 7), dtype=np.uint8))
    assert failure.value.key == key


def test_scalar_answers_must_be_numbers():
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.gradient_magnitude(lambda gx, gy: "32.2", 29, -14)
    assert failure.value.key == "not-a-number"
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.pixel_gradient(lambda image, x, y: 29, A, 1, 1)
    assert failure.value.key == "not-a-tuple"


def test_the_lessons_numbers_are_checked_against_the_reference():
    with pytest.raises(checks.LessonError):
        ps1_checks.pixel_gradient(solutions()["pixel_gradient"], A, 1, 1, expected=(29, 14))


def test_orientation_is_not_judged_where_it_is_undefined():
    def nan_at_zero(gx, gy):
        gx, gy = np.asarray(gx, float), np.asarray(gy, float)
        return np.where((gx == 0) & (gy == 0), np.nan, np.degrees(np.arctan2(gy, gx)))[()]

    ps1_checks.random_elementwise(nan_at_zero, ps1_checks.gradient_orientation, seed=3)


@pytest.mark.parametrize("answer, ok", [("b", True), (" B ", True), ("c", False), ("bb", False), (2, False), (None, False)])
def test_quiz(answer, ok):
    if ok:
        checks.quiz(answer, "b")
        return
    with pytest.raises(checks.CheckFailure) as failure:
        checks.quiz(answer, "b", why="Because.", why_vi="Vì.")
    assert failure.value.key in ("quiz-wrong", "quiz-format")


def test_checks_return_nothing_so_a_test_cell_never_ends_in_a_value():
    """nbgrader counts a test cell whose last expression shows a non-number as full marks."""
    answers = solutions()
    assert ps1_checks.neighbours(answers["neighbours"], A, 1, 1) is None
    assert ps1_checks.image_gradients(answers["image_gradients"], A) is None
    assert checks.choice("a") is None
    assert checks.quiz("a", "a") is None
    assert ps1_checks.random_image_gradients(answers["image_gradients"], "thin") is None


def test_wrong_answer_sources_define_the_exercise():
    for wrong in misconceptions.every():
        namespace = {}
        exec(wrong.source, namespace)
        if wrong.exercise == "kernels":
            assert all(namespace[name].shape == (3, 3) for name in wrong.binds.split(", ")), wrong
        elif wrong.binds:  # a constant the student sets, e.g. ps3's IMPRINT
            assert all(not callable(namespace[name]) for name in wrong.binds.split(", ")), wrong
        else:
            assert callable(namespace[wrong.exercise]), wrong


# --- assignments 2 and 3: the notebooks' own test cells, run in-process -----------

PS2_EXERCISES = ["kernels", "apply_kernel", "correlate", "to_gray", "sobel_gradients", "scharr_gradients",
                 "sobel_combined", "angle_error"]
PS3_EXERCISES = ["magnitude_orientation", "orientation_mask", "orientation_histogram", "imprint"]
PS4_EXERCISES = ["direction_bins", "non_max_suppression", "double_threshold", "hysteresis", "canny"]
IN_NOTEBOOK = {PS1: ["edge_fraction"], PS2: PS2_EXERCISES, PS3: PS3_EXERCISES, PS4: PS4_EXERCISES}
# A lesson added later is tested the same way, found by looking (ps1 has its own driver, run_every_check).
IN_NOTEBOOK.update({a: [notebook.grade_id(c) for c in source_notebook(a).cells if notebook.is_solution(c)
                        and c.cell_type == "code" and not notebook.grade_id(c).startswith("quiz_")]
                    for a in grading.assignments() if a not in IN_NOTEBOOK and a != PS1})
PS2_WRONG = [w for w in misconceptions.every() if w.exercise in PS2_EXERCISES]
PS3_WRONG = [w for w in misconceptions.every() if w.exercise in PS3_EXERCISES]
PS4_WRONG = [w for w in misconceptions.every() if w.exercise in PS4_EXERCISES]


@pytest.mark.parametrize("assignment, exercise", [(a, e) for a, es in IN_NOTEBOOK.items() for e in es])
def test_solutions_pass_their_test_cells(assignment, exercise):
    results = run_test_cells(assignment, exercise)
    assert len(results) >= 2
    assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}


@pytest.mark.parametrize("assignment, wrong", [(a, w) for a, exercises in IN_NOTEBOOK.items()
                                               for w in misconceptions.every() if w.exercise in exercises],
                         ids=lambda v: v if isinstance(v, str) else f"{v.exercise}-{v.key}-{v.answer.__name__}")
def test_each_misconception_fails_with_its_own_message(assignment, wrong):
    results = run_test_cells(assignment, wrong.exercise, wrong.source)
    failures = {gid: e for gid, e in results.items() if e is not None}
    assert failures, "the misconception must lose points"
    assert all(isinstance(e, AssertionError) for e in failures.values())
    assert wrong.key in {getattr(e, "key", None) for e in failures.values()}
    message = str(next(e for e in failures.values() if getattr(e, "key", None) == wrong.key))
    assert VIETNAMESE.search(message) and f"[{wrong.key}]" in message


def test_the_ps2_issue_list_of_misconceptions_is_covered():
    keys = {w.key for w in PS2_WRONG}
    assert {"scharr-sign", "convolution", "zero-padding", "ddepth-clipping", "convertscaleabs-skipped",
            "rgb-weights", "xy-swapped", "not-by-hand"} <= keys


def test_the_ps3_issue_list_of_misconceptions_is_covered():
    keys = {(w.exercise, w.key) for w in PS3_WRONG}
    assert {("magnitude_orientation", "no-fold"), ("orientation_mask", "no-fold"),
            ("orientation_mask", "exclusive-bounds"), ("orientation_mask", "no-wrap"),
            ("orientation_mask", "mask-0-1"), ("orientation_histogram", "ignores-weighted")} <= keys


def test_exact_ties_alone_catch_exclusive_bounds():
    """The ties test cell fails an exclusive answer even without the other cells, visible part included."""
    exclusive = next(w for w in PS3_WRONG if w.key == "exclusive-bounds")
    results = run_test_cells(PS3, "orientation_mask", exclusive.source)
    assert getattr(results["test_orientation_mask_ties"], "key", None) == "exclusive-bounds"
    ramp = (np.add.outer(np.arange(7), np.arange(9)) * 15).astype(np.uint8)
    with pytest.raises(checks.CheckFailure) as failure:
        ps3_checks.orientation_mask(exclusive.answer, ramp, 45, 90)
    assert failure.value.key == "exclusive-bounds"


def test_a_mistake_in_magnitude_orientation_is_not_counted_again_in_the_mask_and_histogram():
    """The mask and histogram cells grade those functions on their own, then give the student's function back."""
    no_fold = next(w for w in PS3_WRONG if (w.exercise, w.key) == ("magnitude_orientation", "no-fold"))
    for exercise in ("orientation_mask", "orientation_histogram"):
        results = run_test_cells(PS3, exercise, no_fold.source)
        assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}
    assert any(e is not None for e in run_test_cells(PS3, "magnitude_orientation", no_fold.source).values())
    namespace = {}
    exec(no_fold.source + "def orientation_mask(gray, lower, upper, min_magnitude=0):\n"
                          "    mag, theta = magnitude_orientation(gray)\n"
                          "    return (((theta >= lower) & (theta <= upper)) * 255).astype(np.uint8)\n", namespace)
    bright_to_dark = np.zeros((5, 6), np.uint8)
    bright_to_dark[:, :3] = 200  # unfolded, theta is 180 on the edge
    ps3_checks.orientation_mask(namespace["orientation_mask"], bright_to_dark, 175, 180)
    assert namespace["magnitude_orientation"].__name__ == no_fold.answer.__name__


# Right answers written differently from the reference: none may lose a point on a tie,
# a bin edge or a pixel a hair from a bound.
FAIR_PS3 = {
    "degrees by 180/pi, fold by where": (
        "magnitude_orientation",
        "def magnitude_orientation(gray):\n"
        "    gX, gY = cv2.Sobel(gray, cv2.CV_64F, 1, 0), cv2.Sobel(gray, cv2.CV_64F, 0, 1)\n"
        "    theta = np.arctan2(gY, gX) * 180 / np.pi\n"
        "    theta = np.where(theta < 0, theta + 180, theta)\n"
        "    theta[theta >= 180] -= 180\n"
        "    return np.hypot(gX, gY), theta\n"),
    "cv2.magnitude and % 180 on degrees + 180": (
        "magnitude_orientation",
        "def magnitude_orientation(gray):\n"
        "    gX, gY = cv2.Sobel(gray, cv2.CV_64F, 1, 0), cv2.Sobel(gray, cv2.CV_64F, 0, 1)\n"
        "    return cv2.magnitude(gX, gY), (np.degrees(np.arctan2(gY, gX)) + 180) % 180\n"),
    "cv2.inRange": (
        "orientation_mask",
        "def orientation_mask(gray, lower, upper, min_magnitude=0):\n"
        "    mag, theta = magnitude_orientation(gray)\n"
        "    if lower <= upper:\n"
        "        keep = cv2.inRange(theta, lower, upper)\n"
        "    else:\n"
        "        keep = cv2.bitwise_or(cv2.inRange(theta, lower, 180), cv2.inRange(theta, 0, upper))\n"
        "    strong = cv2.inRange(mag, min_magnitude, np.inf)\n"
        "    return cv2.bitwise_and(keep, strong)\n"),
    "np.where and logical_or": (
        "orientation_mask",
        "def orientation_mask(gray, lower, upper, min_magnitude=0):\n"
        "    mag, theta = magnitude_orientation(gray)\n"
        "    inside = np.logical_and(theta >= lower, theta <= upper)\n"
        "    if lower > upper:\n"
        "        inside = np.logical_or(theta >= lower, theta <= upper)\n"
        "    return np.where(inside & (mag >= min_magnitude), 255, 0).astype(np.uint8)\n"),
    "bins by floor division": (
        "orientation_histogram",
        "def orientation_histogram(gray, bins=9, weighted=True):\n"
        "    mag, theta = magnitude_orientation(gray)\n"
        "    index = np.minimum((theta // (180 / bins)).astype(int), bins - 1)\n"
        "    weights = mag if weighted else np.ones_like(mag)\n"
        "    return np.bincount(index.ravel(), weights.ravel(), minlength=bins).astype(np.float64)\n"),
    "a loop over the bins": (
        "orientation_histogram",
        "def orientation_histogram(gray, bins=9, weighted=True):\n"
        "    mag, theta = magnitude_orientation(gray)\n"
        "    width = 180 / bins\n"
        "    out = np.zeros(bins)\n"
        "    for b in range(bins):\n"
        "        inside = (theta >= b * width) & (theta < (b + 1) * width)\n"
        "        out[b] = mag[inside].sum() if weighted else inside.sum()\n"
        "    return out\n"),
}


@pytest.mark.parametrize("how", FAIR_PS3)
def test_right_answers_written_differently_earn_every_point(how):
    exercise, source = FAIR_PS3[how]
    results = run_test_cells(PS3, exercise, source)
    assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}


# ps4: the Canny steps written the other ways students write them.
FAIR_PS4 = {
    "bins by shifted floor division": (
        "direction_bins",
        "def direction_bins(theta):\n"
        "    theta = np.asarray(theta, dtype=np.float64)\n"
        "    return (((theta + 22.5) // 45) % 4 * 45).astype(np.uint8)\n"),
    "bins by np.digitize": (
        "direction_bins",
        "def direction_bins(theta):\n"
        "    index = np.digitize(theta, [22.5, 67.5, 112.5, 157.5])\n"
        "    return np.array([0, 45, 90, 135, 0], dtype=np.uint8)[index]\n"),
    "suppression with np.roll and a zeroed frame": (
        "non_max_suppression",
        "def non_max_suppression(mag, theta):\n"
        "    bins = direction_bins(theta)\n"
        "    out = np.zeros_like(mag, dtype=np.float64)\n"
        "    for b, (dy, dx) in {0: (0, 1), 45: (1, 1), 90: (1, 0), 135: (1, -1)}.items():\n"
        "        ahead = np.roll(mag, (-dy, -dx), axis=(0, 1))\n"
        "        behind = np.roll(mag, (dy, dx), axis=(0, 1))\n"
        "        keep = (bins == b) & (mag >= ahead) & (mag >= behind)\n"
        "        out[keep] = mag[keep]\n"
        "    out[0, :] = out[-1, :] = 0\n"
        "    out[:, 0] = out[:, -1] = 0\n"
        "    return out\n"),
    "hysteresis by repeated dilation": (
        "hysteresis",
        "def hysteresis(strong, weak):\n"
        "    kept = strong.copy()\n"
        "    while True:\n"
        "        grown = cv2.dilate(kept.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & (weak | strong)\n"
        "        if (grown == kept).all():\n"
        "            return kept.astype(np.uint8) * 255\n"
        "        kept = grown\n"),
    "canny with np.hypot": (
        "canny",
        "def canny(gray, low, high):\n"
        "    gx = cv2.Sobel(gray, cv2.CV_64F, 1, 0)\n"
        "    gy = cv2.Sobel(gray, cv2.CV_64F, 0, 1)\n"
        "    theta = np.rad2deg(np.arctan2(gy, gx))\n"
        "    theta[theta < 0] += 180\n"
        "    strong, weak = double_threshold(non_max_suppression(np.hypot(gx, gy), theta), low, high)\n"
        "    return hysteresis(strong, weak)\n"),
}


@pytest.mark.parametrize("how", FAIR_PS4)
def test_right_canny_steps_written_differently_earn_every_point(how):
    exercise, source = FAIR_PS4[how]
    results = run_test_cells(PS4, exercise, source)
    assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}


def test_canny_is_graded_on_its_own_and_never_by_cv2_canny():
    """A canny assembled from a wrong suppression keeps its points (the steps mean the reference while it is
    checked); cv2.Canny under another name earns nothing."""
    strict = next(w for w in PS4_WRONG if w.key == "strict-comparison")
    assembled = strict.source + (
        "def canny(gray, low, high):\n"
        "    gx, gy = cv2.Sobel(gray, cv2.CV_64F, 1, 0), cv2.Sobel(gray, cv2.CV_64F, 0, 1)\n"
        "    nms = non_max_suppression(np.sqrt(gx * gx + gy * gy), np.degrees(np.arctan2(gy, gx)) % 180)\n"
        "    return hysteresis(*double_threshold(nms, low, high))\n")
    assert {gid: repr(e) for gid, e in run_test_cells(PS4, "canny", assembled).items() if e is not None} == {}
    alias = "from cv2 import Canny as edges\ndef canny(gray, low, high):\n    return edges(gray, low, high, L2gradient=True)\n"
    results = run_test_cells(PS4, "canny", alias)
    assert results and {getattr(e, "key", None) for e in results.values()} == {"not-by-hand"}


BY_HAND = {
    "cv2.filter2D": "import cv2\ndef correlate(image, kernel):\n"
                    "    return cv2.filter2D(image.astype(float), cv2.CV_64F, np.asarray(kernel, float))\n",
    "an alias of cv2.filter2D": "from cv2 import filter2D as f\nimport cv2\ndef correlate(image, kernel):\n"
                                "    return f(image.astype(float), cv2.CV_64F, np.asarray(kernel, float))\n",
    "scipy.ndimage": "def correlate(image, kernel):\n    import scipy.ndimage\n"
                     "    return scipy.ndimage.correlate(image.astype(float), np.asarray(kernel, float), mode='mirror')\n",
    "the course's reference": "from gradcourse.lessons.ps2_sobel_scharr import reference\n"
                              "def correlate(image, kernel):\n    return reference.correlate(image, kernel)\n",
    "cv2.filter2D in a thread": "import cv2, concurrent.futures\ndef correlate(image, kernel):\n"
                                "    with concurrent.futures.ThreadPoolExecutor() as pool:\n"
                                "        return pool.submit(cv2.filter2D, image.astype(float), cv2.CV_64F,\n"
                                "                           np.asarray(kernel, float)).result()\n",
}


@pytest.mark.parametrize("how", BY_HAND)
def test_a_by_hand_correlate_that_calls_a_library_filter_earns_nothing(how):
    results = run_test_cells(PS2, "correlate", BY_HAND[how])
    assert all(e is not None for e in results.values()), "every correlate test cell fails"
    assert {getattr(e, "key", None) for e in results.values()} <= {"not-by-hand", "reference-called"}


def test_a_by_hand_correlate_with_sliding_windows_passes():
    answer = ("from numpy.lib.stride_tricks import sliding_window_view\n"
              "def correlate(image, kernel):\n"
              "    kernel = np.asarray(kernel, dtype=np.float64)\n"
              "    kh, kw = kernel.shape\n"
              "    padded = np.pad(image.astype(np.float64), ((kh // 2, kh // 2), (kw // 2, kw // 2)), mode='reflect')\n"
              "    return np.einsum('ijkl,kl->ij', sliding_window_view(padded, kernel.shape), kernel)\n")
    assert all(e is None for e in run_test_cells(PS2, "correlate", answer).values())


def test_a_gray_conversion_by_formula_is_told_to_use_cvtcolor():
    answer = ("def to_gray(image_bgr):\n"
              "    b, g, r = (image_bgr[..., c].astype(float) for c in range(3))\n"
              "    return (0.114 * b + 0.587 * g + 0.299 * r + 0.5).astype(np.uint8)\n")
    for secret in range(60):  # wherever the one wrong pixel falls, the border included
        results = run_test_cells(PS2, "to_gray", answer, secret=secret.to_bytes(4, "big"))
        assert {getattr(e, "key", None) for e in results.values() if e} == {"gray-rounding"}, secret


def test_kernels_may_be_lists_or_floats_but_not_the_wrong_shape():
    ps2_checks.kernel([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], "SOBEL_X")
    ps2_checks.kernel(np.array(ps2_reference.SCHARR_Y, dtype=np.float32), "SCHARR_Y")
    for bad in ([[-1, 0, 1]], "sobel", None, np.ones((3, 3), bool)):
        with pytest.raises(checks.CheckFailure) as failure:
            ps2_checks.kernel(bad, "SOBEL_X")
        assert failure.value.key in ("kernel-shape", "wrong-value")


# --- misdiagnoses found with answers written outside this project, each as it was written -------------


def sobel_in_16s(gray):
    return cv2.Sobel(gray, cv2.CV_16S, 1, 0), cv2.Sobel(gray, cv2.CV_16S, 0, 1)


def sobel_in_32f(gray):
    return cv2.Sobel(gray, cv2.CV_32F, 1, 0), cv2.Sobel(gray, cv2.CV_32F, 0, 1)


def scharr_in_16s(gray):
    return cv2.Scharr(gray, cv2.CV_16S, 1, 0), cv2.Scharr(gray, cv2.CV_16S, 0, 1)


@pytest.mark.parametrize("answer, check", [(sobel_in_16s, ps2_checks.sobel_gradients), (sobel_in_32f, ps2_checks.sobel_gradients),
                                           (scharr_in_16s, ps2_checks.scharr_gradients)], ids=["sobel-16s", "sobel-32f", "scharr-16s"])
@pytest.mark.parametrize("kind", ["thin", "odd", "extremes"])
def test_exact_values_in_the_wrong_dtype_are_told_the_dtype_not_a_border(answer, check, kind):
    """On a 1×1 image every wrong answer is right: none may be named there, least of all zero padding."""
    with pytest.raises(checks.CheckFailure) as failure:
        ps2_checks.random_gradients(answer, check, kind, seed=11)
    assert failure.value.key == "not-float64", str(failure.value)
    assert "int16" in str(failure.value) or "float32" in str(failure.value)


def orientation_mod_180(gx, gy):
    return np.degrees(np.arctan2(gy, gx)) % 180


def orientation_as_hog_code_does(gx, gy):
    theta = np.degrees(np.arctan2(gy, gx))
    if np.ndim(theta) == 0:
        return theta + 180 if theta < 0 else theta
    theta[theta < 0] += 180
    return theta


@pytest.mark.parametrize("answer", [orientation_mod_180, orientation_as_hog_code_does])
def test_a_ps1_orientation_folded_to_0_180_is_told_folded_not_y_up(answer):
    for seed in (1, 2, 3):
        with pytest.raises(checks.CheckFailure) as failure:
            ps1_checks.random_elementwise(answer, ps1_checks.gradient_orientation, seed=seed)
        assert failure.value.key == "folded", str(failure.value)
        assert "(-180°, 180°]" in str(failure.value) and "HOG" in str(failure.value)
    with pytest.raises(checks.CheckFailure) as failure:  # (0, -255): y-up and folding both give 90
        ps1_checks.gradient_orientation(answer, 0, -255, expected=-90)
    assert failure.value.key == "wrong-value" and "[y-up]" not in str(failure.value)


def gradients_wrapped_then_border_zeroed(image):
    img = image.astype(np.float64)
    gx = np.roll(img, -1, axis=1) - np.roll(img, 1, axis=1)
    gy = np.roll(img, -1, axis=0) - np.roll(img, 1, axis=0)
    for g in (gx, gy):
        g[0, :] = 0
        g[-1, :] = 0
        g[:, 0] = 0
        g[:, -1] = 0
    return gx, gy


def test_on_thin_images_a_wrap_plus_zeroed_border_answer_is_not_told_np_gradient():
    """np.gradient raises on a 1-pixel-wide image: returning zeros there is not what it does."""
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.random_image_gradients(gradients_wrapped_then_border_zeroed, "thin", seed=5)
    assert failure.value.key == "wrong-value", str(failure.value)
    assert "first wrong pixel" in str(failure.value)
    with pytest.raises(checks.CheckFailure) as failure:  # on a real image its inside is right
        ps1_checks.random_image_gradients(gradients_wrapped_then_border_zeroed, "odd", seed=5)
    assert failure.value.key == "wrong-border"


def test_np_gradient_that_fails_on_a_thin_image_is_still_named():
    def with_np_gradient(image):
        gy, gx = np.gradient(image.astype(np.float64))
        return gx, gy

    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.image_gradients(with_np_gradient, np.array([[1, 5, 9]], dtype=np.uint8))
    assert failure.value.key == "np-gradient"


def correlate_zero_padded_uint8(image, kernel):
    kh, kw = kernel.shape
    padded = np.pad(image, ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    out = np.zeros(image.shape, dtype=np.uint8)
    for y in range(image.shape[0]):
        for x in range(image.shape[1]):
            out[y, x] = np.sum(padded[y:y + kh, x:x + kw] * kernel)
    return out.astype(np.float64)


@pytest.mark.parametrize("kind", ["thin", "odd", "kernels", "extremes"])
def test_a_zero_padded_uint8_correlation_is_not_told_convolution(kind):
    with pytest.raises(checks.CheckFailure) as failure:
        ps2_checks.random_correlate(correlate_zero_padded_uint8, kind, seed=2)
    assert failure.value.key == "wrong-value", str(failure.value)
    assert "first wrong pixel" in str(failure.value)


def test_a_misconception_that_gives_the_right_result_on_an_input_is_not_named_there():
    """On a 1×1 image the Sobel x/y swap, the flipped kernel and zero padding all give 0, as the reference does."""
    def clipped(gray):
        return cv2.Sobel(gray, -1, 1, 0), cv2.Sobel(gray, -1, 0, 1)

    with pytest.raises(checks.CheckFailure) as failure:
        ps2_checks.sobel_gradients(clipped, np.array([[0, 0, 0], [0, 0, 255], [0, 0, 0]], dtype=np.uint8))
    assert failure.value.key == "ddepth-clipping"  # one explanation: named
    with pytest.raises(checks.CheckFailure) as failure:  # on 1×1 its values are right: only the dtype is wrong
        ps2_checks.sobel_gradients(clipped, np.array([[7]], dtype=np.uint8))
    assert failure.value.key == "not-float64"


# --- messages that fit their exercise and quote the failing input -------------------------------------


def test_uint8_wraparound_quotes_the_failing_pixels_own_values():
    def uint8_answer(image, x, y):
        return image[y, x + 1] - image[y, x - 1], image[y + 1, x] - image[y - 1, x]

    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.pixel_gradient(uint8_answer, B, 1, 1)  # Gx = 167 - 200 = -33, which wraps to 223
    text = str(failure.value)
    assert "167 - 200 is not -33 but 223" in text and "167 - 200 không phải -33 mà là 223" in text
    assert "36 - 50" not in text


def test_uint8_wraparound_in_a_whole_image_quotes_a_pixel_of_that_image():
    image = np.array([[10, 200, 30, 0]], dtype=np.uint8)  # Gx at x=2: 0 - 200 = -200, wraps to 56
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.image_gradients(next(w.answer for w in PS1_WRONG if (w.exercise, w.key) == (
            "image_gradients", "uint8-wraparound")), image)
    assert failure.value.key == "uint8-wraparound"
    assert "30 - 10 is not 20" not in str(failure.value)
    assert "0 - 200 is not -200 but 56" in str(failure.value)


def test_y_up_in_neighbours_speaks_of_north_and_south_not_of_gy():
    y_up = next(w.answer for w in PS1_WRONG if (w.exercise, w.key) == ("neighbours", "y-up"))
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.neighbours(y_up, A, 1, 1)
    assert failure.value.key == "y-up"
    assert "north" in str(failure.value) and "Gy" not in str(failure.value)


def test_a_wrong_dtype_in_magnitude_says_nothing_of_subtracting():
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.gradient_magnitude(lambda gx, gy: np.hypot(gx, gy).astype(np.float32), np.ones((2, 2)), np.ones((2, 2)))
    assert failure.value.key == "wrong-dtype" and "subtract" not in str(failure.value)
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.image_gradients(lambda image: (image.astype(np.int16), image.astype(np.int16)), A)
    assert failure.value.key == "wrong-dtype" and "before subtracting" in str(failure.value)


def test_the_timing_check_hedges_in_both_languages():
    en, vi = checks.MESSAGES["python-loop"]
    assert "seems" in en and "có vẻ" in vi


def test_an_exercise_not_answered_says_so_and_fails():
    def stub(image, x, y):
        raise NotImplementedError()

    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.pixel_gradient(stub, A, 1, 1)
    assert failure.value.key == "not-answered"
    assert "Not answered yet" in str(failure.value) and "Chưa trả lời" in str(failure.value)
