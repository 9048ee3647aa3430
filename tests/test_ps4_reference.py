"""ps4 (the Canny detector): the reference on hand-made cases and against cv2.Canny, the wrong answers,
the figures and the edge explorer."""

import io
from pathlib import Path

import cv2
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from gradcourse import images
from gradcourse.lessons.ps4_edges import explorer, figures
from gradcourse.lessons.ps4_edges import misconceptions  # importing it registers the wrong answers
from gradcourse.lessons.ps4_edges import reference as ref
from gradcourse.misconceptions import WRONG_ANSWERS
from gradcourse.reference import ReferenceCalledError, forbidden

matplotlib.use("Agg")

IMAGES = Path(__file__).resolve().parent.parent / "source" / "ps4_edges" / "images"
PHOTOS = ["coins", "camera", "brick", "pill"]
#: Threshold pairs on which the course's canny agrees with cv2.Canny on > 99.8 % of every photo's pixels
#: (measured: FIELD_NOTES.md, "Canny against cv2.Canny"); below low = 25 coins and camera fall under it.
AGREEING_PAIRS = [(30, 90), (50, 100), (50, 150), (75, 150), (100, 200), (100, 300), (150, 300)]


def gray(name):
    return images.gray(name, folder=IMAGES)


# --- direction_bins -----------------------------------------------------------


def test_direction_bins_at_and_beside_every_bound():
    """Each bin holds its lower bound and not its upper one; 157.5 up to 180 is bin 0; the result is uint8."""
    theta = np.array([0, 22.4999, 22.5, 45, 67.4999, 67.5, 90, 112.4999, 112.5, 135, 157.4999, 157.5, 179.9])
    want = np.array([0, 0, 45, 45, 45, 90, 90, 90, 135, 135, 135, 0, 0])
    got = ref.direction_bins(theta)
    assert got.dtype == np.uint8 and np.array_equal(got, want)


def test_direction_bins_keeps_the_shape_and_gives_a_uint8_scalar_for_a_scalar():
    """A 2-D array gives a 2-D array; a Python float gives a NumPy uint8 scalar."""
    assert ref.direction_bins(np.full((2, 3), 100.0)).shape == (2, 3)
    scalar = ref.direction_bins(22.5)
    assert isinstance(scalar, np.uint8) and scalar == 45


# --- non_max_suppression ------------------------------------------------------

#: The two neighbours each bin compares, written out as (x, y) offsets with the y axis pointing down.
COMPARED = {0: {(-1, 0), (1, 0)}, 45: {(1, 1), (-1, -1)}, 90: {(0, -1), (0, 1)}, 135: {(-1, 1), (1, -1)}}


@pytest.mark.parametrize("direction", [0, 45, 90, 135])
def test_each_bin_compares_exactly_its_two_neighbours_with_y_down(direction):
    """A larger neighbour suppresses the centre of a 3×3 patch exactly when it is one of the bin's pair."""
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            if dx == dy == 0:
                continue
            mag = np.full((3, 3), 1.0)
            mag[1, 1], mag[1 + dy, 1 + dx] = 5.0, 9.0
            kept = ref.non_max_suppression(mag, np.full((3, 3), float(direction)))[1, 1]
            assert kept == (0.0 if (dx, dy) in COMPARED[direction] else 5.0), (direction, dx, dy)


RIDGES = {  # a ridge across each gradient direction, on a 7×7 grid, as a mask of (row, column)
    0: lambda y, x: x == 3,  # gradient to the right: the ridge is a column
    90: lambda y, x: y == 3,  # gradient down: a row
    45: lambda y, x: x + y == 6,  # gradient down-right (y down): the ridge runs up-right
    135: lambda y, x: x == y,  # gradient down-left: the ridge runs down-right
}


@pytest.mark.parametrize("direction", [0, 45, 90, 135])
def test_a_ridge_that_rises_along_its_length_survives_whole(direction):
    """Across the ridge it is the maximum, so every interior ridge pixel is kept, however it grows along itself;
    comparing along the ridge (y up, or x and y swapped) would keep one pixel."""
    y, x = np.mgrid[:7, :7]
    ridge = RIDGES[direction](y, x)
    mag = np.where(ridge, 10.0 + x + 2 * y, 0.0)
    got = ref.non_max_suppression(mag, np.full((7, 7), float(direction)))
    interior = np.zeros((7, 7), bool)
    interior[1:-1, 1:-1] = True
    assert np.array_equal(got, np.where(ridge & interior, mag, 0.0))


def test_a_plateau_across_the_gradient_is_kept_whole():
    """Two equal columns side by side, gradient horizontal: the comparison is inclusive, both stay."""
    mag = np.zeros((5, 6))
    mag[:, 2:4] = 7.0
    got = ref.non_max_suppression(mag, np.zeros((5, 6)))
    assert np.array_equal(got[1:-1, 2:4], np.full((3, 2), 7.0)) and got.sum() == 7.0 * 6


def test_the_border_is_zero_and_the_result_float64():
    """The first and last row and column have no neighbour on one side: they are 0; the dtype is float64."""
    rng = np.random.default_rng(4)
    mag = rng.integers(0, 5, (6, 8)).astype(np.uint8)
    got = ref.non_max_suppression(mag, rng.choice([0.0, 45.0, 90.0, 135.0], (6, 8)))
    assert got.dtype == np.float64 and got.shape == (6, 8)
    assert not got[0].any() and not got[-1].any() and not got[:, 0].any() and not got[:, -1].any()
    assert got[1:-1, 1:-1].any()


@pytest.mark.parametrize("shape", [(1, 1), (1, 6), (6, 1), (2, 2), (2, 5), (5, 2)])
def test_thin_shapes_are_all_zero(shape):
    """Fewer than 3 rows or columns: no pixel has both neighbours, so all is 0, in the same shape."""
    got = ref.non_max_suppression(np.full(shape, 3.0), np.zeros(shape))
    assert got.shape == shape and got.dtype == np.float64 and not got.any()


def test_a_3x3_patch_can_only_keep_its_centre():
    """On 3×3 only the centre is interior: the ring is 0 even where it is larger than its neighbours."""
    mag = np.array([[1.0, 2, 8], [2, 9, 2], [1, 2, 1]])
    got = ref.non_max_suppression(mag, np.full((3, 3), 45.0))
    assert np.array_equal(got, np.array([[0.0, 0, 0], [0, 9, 0], [0, 0, 0]]))


# --- double_threshold ---------------------------------------------------------


def test_double_threshold_ties_at_low_and_high():
    """Both thresholds are inclusive; weak and strong never overlap; both are boolean."""
    nms = np.array([[0, 49.9, 50, 100, 149.9, 150, 200]])
    strong, weak = ref.double_threshold(nms, 50, 150)
    assert strong.dtype == weak.dtype == np.bool_
    assert strong.tolist() == [[False] * 5 + [True] * 2]
    assert weak.tolist() == [[False, False, True, True, True, False, False]]
    assert not (strong & weak).any()


# --- hysteresis ---------------------------------------------------------------


def test_a_diagonal_chain_is_joined_8_connected():
    """Weak pixels touching only at corners still join the strong one (8-connectivity, not 4)."""
    strong, weak = np.zeros((4, 4), bool), np.zeros((4, 4), bool)
    strong[0, 0] = True
    weak[[1, 2, 3], [1, 2, 3]] = True
    assert np.array_equal(ref.hysteresis(strong, weak), (strong | weak) * np.uint8(255))


def test_a_long_weak_chain_is_followed_to_its_end_and_a_lone_weak_pixel_dropped():
    """A winding chain of weak pixels 40 steps from its strong seed is kept; weak pixels apart from it are not."""
    strong, weak = np.zeros((9, 12), bool), np.zeros((9, 12), bool)
    strong[0, 0] = True
    weak[0, 1:], weak[1:4, 11], weak[4, :12], weak[5:8, 0], weak[8, 0:11] = True, True, True, True, True
    lone = (2, 5)
    weak[lone] = True
    got = ref.hysteresis(strong, weak)
    assert got.dtype == np.uint8 and set(np.unique(got)) == {0, 255}
    assert got[8, 10] == 255 and got[lone] == 0
    assert np.count_nonzero(got) == np.count_nonzero(strong | weak) - 1


def test_without_a_strong_pixel_nothing_is_an_edge():
    """Weak pixels alone never become edges; strong pixels need no weak ones."""
    weak = np.ones((3, 4), bool)
    assert not ref.hysteresis(np.zeros((3, 4), bool), weak).any()
    strong = np.zeros((3, 4), bool)
    strong[1, 2] = True
    assert np.array_equal(ref.hysteresis(strong, np.zeros((3, 4), bool)), strong * np.uint8(255))


# --- canny --------------------------------------------------------------------


def test_canny_chains_the_steps():
    """canny is Sobel CV_64F, the fold, NMS, the double threshold and hysteresis, in that order."""
    image = gray("coins")
    gx, gy = cv2.Sobel(image, cv2.CV_64F, 1, 0), cv2.Sobel(image, cv2.CV_64F, 0, 1)
    nms = ref.non_max_suppression(np.sqrt(gx ** 2 + gy ** 2), np.degrees(np.arctan2(gy, gx)) % 180)
    assert np.array_equal(ref.canny(image, 50, 150), ref.hysteresis(*ref.double_threshold(nms, 50, 150)))


@pytest.mark.parametrize("shape", [(1, 1), (1, 9), (9, 1), (2, 2)])
def test_canny_on_thin_images_is_empty(shape):
    """An image without interior pixels has no edges (and no error)."""
    got = ref.canny(np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8), 10, 20)
    assert got.shape == shape and got.dtype == np.uint8 and not got.any()


def test_the_reference_refuses_to_run_inside_an_answer():
    """While a student's answer is checked, every reference function raises."""
    with forbidden(), pytest.raises(ReferenceCalledError):
        ref.canny(np.zeros((4, 4), np.uint8), 1, 2)


@pytest.mark.parametrize("low, high", AGREEING_PAIRS)
@pytest.mark.parametrize("name", PHOTOS)
def test_canny_agrees_with_opencv_on_more_than_99_8_percent_of_the_pixels(name, low, high):
    """The lesson's claim: on the course photos canny and cv2.Canny(L2gradient=True) agree on > 99.8 %."""
    image = gray(name)
    agree = np.mean(ref.canny(image, low, high) == cv2.Canny(image, low, high, L2gradient=True))
    assert agree > 0.998, f"{name} ({low}, {high}): {100 * agree:.3f} %"


def opencv_canny_in_numpy(gray_image, low, high, *, opencv=True):
    """cv2.Canny(L2gradient=True) written out from canny.cpp; ``opencv=False`` swaps in the course's choices.

    The sectors stay OpenCV's fixed-point ones in both modes: the next test but one shows they are the
    course's bins for every Sobel gradient.
    """
    border = cv2.BORDER_REPLICATE if opencv else cv2.BORDER_REFLECT_101
    gx = cv2.Sobel(gray_image, cv2.CV_16S, 1, 0, borderType=border).astype(np.int64)
    gy = cv2.Sobel(gray_image, cv2.CV_16S, 0, 1, borderType=border).astype(np.int64)
    m = gx * gx + gy * gy  # squared: thresholds are squared too
    above = np.greater if opencv else np.greater_equal
    candidate, strong = above(m, np.floor(low * low)), above(m, np.floor(high * high))
    ax, ay = np.abs(gx), np.abs(gy) << 15
    horizontal = ay < ax * 13573  # tan(22.5°) in 15-bit fixed point
    vertical = ~horizontal & (ay > ax * (13573 + (1 << 16)))
    p = np.pad(m, 1)  # outside the image the magnitude is 0
    same_sign = (gx ^ gy) >= 0
    first = np.select([horizontal, vertical, same_sign], [p[1:-1, :-2], p[:-2, 1:-1], p[:-2, :-2]], p[:-2, 2:])
    second = np.select([horizontal, vertical, same_sign], [p[1:-1, 2:], p[2:, 1:-1], p[2:, 2:]], p[2:, :-2])
    diagonal = ~horizontal & ~vertical
    keep = candidate & above(m, first) & np.where(diagonal & opencv, m > second, m >= second)
    if not opencv:
        keep[[0, -1]], keep[:, [0, -1]] = False, False
    return ref.hysteresis(keep & strong, keep & ~strong)


@pytest.mark.parametrize("name", PHOTOS)
def test_the_differences_from_opencv_are_exactly_the_documented_ones(name):
    """canny.cpp rewritten in NumPy equals cv2.Canny bit for bit, and switching its replicate border, its NMS on
    the outer ring and its strict '>' comparisons to the course's choices gives the course's canny, bit for bit:
    nothing else separates the two."""
    image = gray(name)
    for low, high in [(20, 60), (50, 150)]:
        assert np.array_equal(opencv_canny_in_numpy(image, low, high), cv2.Canny(image, low, high, L2gradient=True))
        assert np.array_equal(opencv_canny_in_numpy(image, low, high, opencv=False), ref.canny(image, low, high))


def test_opencvs_fixed_point_sectors_equal_the_course_bins_for_every_sobel_gradient():
    """For every integer pair |Gx|, |Gy| <= 1020 (3×3 Sobel on uint8), TG22 = 13573 / 2**15 picks the same
    horizontal / vertical / diagonal sector as the course's bins of the folded angle, in all four quadrants."""
    gx, gy = np.meshgrid(np.arange(-1020, 1021), np.arange(0, 1021))
    bins = ref.direction_bins(np.degrees(np.arctan2(gy, gx)) % 180)
    ax, ay = np.abs(gx), np.abs(gy) << 15
    horizontal = ay < ax * 13573
    vertical = ~horizontal & (ay > ax * (13573 + (1 << 16)))
    moving = (gx != 0) | (gy != 0)
    assert np.array_equal((bins == 0)[moving], horizontal[moving])
    assert np.array_equal((bins == 90)[moving], vertical[moving])


def test_sobel_gx_and_gy_have_the_same_parity_so_an_odd_threshold_never_ties():
    """3×3 Sobel: Gx ≡ Gy (mod 2) (both are a + c + g + i mod 2), so |G|² is even and never the square of an odd
    threshold: with odd thresholds OpenCV's strict '>' and the course's '>=' cannot disagree."""
    image = np.random.default_rng(3).integers(0, 256, (64, 64), dtype=np.uint8)
    for border in (cv2.BORDER_REFLECT_101, cv2.BORDER_REPLICATE):
        gx = cv2.Sobel(image, cv2.CV_64F, 1, 0, borderType=border).astype(np.int64)
        gy = cv2.Sobel(image, cv2.CV_64F, 0, 1, borderType=border).astype(np.int64)
        assert not ((gx - gy) % 2).any() and not ((gx * gx + gy * gy) % 2).any()


# --- the wrong answers ----------------------------------------------------------

MINE = [w for w in WRONG_ANSWERS if w.answer.__module__ == misconceptions.__name__]


def _probes():
    rng = np.random.default_rng(7)
    mag = rng.integers(0, 4, (9, 9)).astype(np.float64)  # small integers: plenty of ties
    theta = rng.choice([0.0, 10.0, 30.0, 45.0, 60.0, 90.0, 120.0, 135.0, 150.0, 170.0], (9, 9))
    strong, weak = np.zeros((6, 8), bool), np.zeros((6, 8), bool)
    strong[0, 0] = True
    weak[[1, 2, 3], [1, 2, 3]] = True  # a diagonal chain, three steps long
    weak[3, 4:] = True
    line_strong, line_weak = np.zeros((3, 6), bool), np.zeros((3, 6), bool)
    line_strong[1, 0] = True
    line_weak[1, 1:] = True  # a straight chain: 4-connected as well
    disk = np.full((16, 16), 40, np.uint8)
    cv2.circle(disk, (7, 8), 5, 200, -1)
    step = np.zeros((10, 10), np.uint8)
    step[:, :5] = 220  # bright on the left: Gx < 0; the edge touches the top and bottom rows
    y, x = np.mgrid[:12, :12]
    faint = np.where(x + y >= 12, 130, 100).astype(np.uint8)  # diagonal: |G| = 127, |Gx| + |Gy| = 180
    return {
        "direction_bins": [(np.array([0, 10, 22.5, 40, 67.5, 100, 112.5, 150, 157.5, 170, 179.9]),)],
        "non_max_suppression": [(mag, theta)],
        "double_threshold": [(np.array([[0.0, 30, 50, 80, 150, 151]]), 50, 150)],
        "hysteresis": [(strong, weak), (line_strong, line_weak)],
        "canny": [(disk, 50, 150), (step, 50, 150), (faint, 50, 150)],
    }


PROBES = _probes()


def _same(a, b):
    if isinstance(a, tuple) or isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b)


def test_every_exercise_has_its_wrong_answers():
    """The lesson's keys, as the checks will name them."""
    keys = {(w.exercise, w.key) for w in MINE}
    assert keys >= {("direction_bins", k) for k in ("truncated-bins", "bins-180")}
    assert keys >= {("non_max_suppression", k)
                    for k in ("y-up-diagonals", "strict-comparison", "border-kept", "nms-xy-swapped")}
    assert keys >= {("double_threshold", k) for k in ("exclusive-thresholds", "weak-includes-strong")}
    assert keys >= {("hysteresis", k) for k in ("4-connectivity", "one-step-hysteresis", "weak-dropped")}
    assert keys >= {("canny", k) for k in ("abs-sum", "no-fold", "not-by-hand", "ddepth-clipping")}


@pytest.mark.parametrize("wrong", MINE, ids=lambda w: f"{w.exercise}-{w.key}")
def test_each_wrong_answer_differs_from_the_reference(wrong):
    """On one of the exercise's small fixed inputs the wrong answer gives another result than the reference."""
    right = getattr(ref, wrong.exercise)
    assert any(not _same(wrong.answer(*args), right(*args)) for args in PROBES[wrong.exercise])


@pytest.mark.parametrize("wrong", MINE, ids=lambda w: f"{w.exercise}-{w.key}")
def test_each_wrong_answer_is_a_self_contained_cell(wrong):
    """Run as a notebook cell alone (only np and cv2 imported), it defines the exercise and gives the same results."""
    namespace = {}
    exec(compile(wrong.source, f"<{wrong.key}>", "exec"), namespace)
    for args in PROBES[wrong.exercise]:
        assert _same(namespace[wrong.exercise](*args), wrong.answer(*args))


@pytest.mark.parametrize("exercise", sorted(PROBES))
def test_the_wrong_answers_of_one_exercise_tell_each_other_apart(exercise):
    """Two misconceptions of one exercise never give the same results on every probe (a check could not name them)."""
    answers = [w for w in MINE if w.exercise == exercise]
    for i, one in enumerate(answers):
        for other in answers[i + 1:]:
            assert any(not _same(one.answer(*args), other.answer(*args)) for args in PROBES[exercise]), \
                (one.key, other.key)


# --- figures and explorer -------------------------------------------------------


def _rendered(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_figures_build_from_the_reference():
    """Each figure function returns a Figure that renders, with its panels and bilingual titles."""
    image = gray("coins")[:120, :160]
    mag, theta = ref.sobel_polar(image)
    strong, weak = ref.double_threshold(ref.non_max_suppression(mag, theta), 50, 150)
    y, x = np.argwhere(strong)[0]
    built = {
        "pipeline": (figures.pipeline(image, 50, 150), 6),
        "direction_sectors": (figures.direction_sectors(), 5),
        "nms_zoom": (figures.nms_zoom(mag, theta, int(x), int(y)), 1),
        "nms_zoom at a corner": (figures.nms_zoom(mag, theta, 0, 0, size=5), 1),
        "hysteresis_steps": (figures.hysteresis_steps(strong, weak), 3),
        "against_opencv": (figures.against_opencv(image, 50, 150), 3),
    }
    for name, (fig, panels) in built.items():
        assert isinstance(fig, matplotlib.figure.Figure) and len(fig.axes) == panels, name
        assert _rendered(fig), name
        titles = [ax.get_title() for ax in fig.axes if ax.get_title() and "cv2" not in ax.get_title()]
        assert titles and all("\n" in t for t in titles), (name, titles)  # English line, Vietnamese line
        plt.close(fig)


def test_the_opencv_figure_states_the_agreement():
    """The difference panel's title gives the fraction of pixels on which canny and cv2.Canny agree."""
    image = gray("camera")
    agree = 100 * np.mean(ref.canny(image, 50, 150) == cv2.Canny(image, 50, 150, L2gradient=True))
    assert f"{agree:.2f} %" in figures.against_opencv(image, 50, 150).axes[2].get_title()


def test_edge_state_gives_the_reference_canny():
    """The explorer's precomputed state, thresholded per move, equals canny for any thresholds."""
    image = gray("brick")
    state = explorer.EdgeState(image)
    for low, high in [(0, 0), (30, 90), (50, 150), (150, 100), (500, 500)]:
        assert np.array_equal(state.edges(low, high), ref.canny(image, low, high)), (low, high)
    assert state.render(50, 150)[:4] == b"\x89PNG"


def test_the_explorer_follows_the_slider_and_computes_nms_once_per_image(monkeypatch):
    """Moving the thresholds redraws the edges without recomputing NMS; a new image computes it once."""
    want = explorer.png(ref.canny(gray("coins"), 100, 300), bilevel=True)
    calls = []
    nms = ref.non_max_suppression
    monkeypatch.setattr(ref, "non_max_suppression", lambda *a: calls.append(1) or nms(*a))
    view = explorer.EdgeExplorer(["coins", "pill"])
    first = view.edge_view.value
    view.thresholds.value = (100, 300)
    assert view.edge_view.value != first and "%" in view.status.value
    assert view.edge_view.value == want
    view.picker.value = "pill"
    view.thresholds.value = (20, 60)
    view.picker.value = "coins"
    assert len(calls) == 2


def test_without_a_front_end_the_explorer_only_prints_a_note(monkeypatch, capsys):
    """Under nbgrader (NBGRADER_EXECUTION set) explore builds no widget and says why, in both languages."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert explorer.explore(["coins"]) is None
    assert capsys.readouterr().out.strip() == explorer.LABELS["headless"]
