"""ps2 (Sobel and Scharr) as a lesson that teaches (issue 16): the angle-error investigation, its checks and
wrong answers, right answers written differently, the figures, the noise explorer, the check-yourself
questions, and the corrections of the careful reading."""

import inspect
import re
import subprocess
import sys

import cv2
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from gradcourse import checks as base, images, misconceptions, notebook, selfcheck
from gradcourse.lessons.ps2_sobel_scharr import checks, explorer, figures, reference
from conftest import PS2, run_test_cells, source_notebook

matplotlib.use("Agg")

ANGLES = np.arange(0, 91)
PREWITT_X = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=np.float64)
CENTRAL_X = np.array([[0, 0, 0], [-1, 0, 1], [0, 0, 0]], dtype=np.float64)
ANGLE_WRONG = [w for w in misconceptions.every() if w.exercise == "angle_error"]
SECRET = b"ps2 teaching test secret"
VI = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def cells():
    return source_notebook(PS2).cells


def text(lang):
    return "\n".join(c.source for c in cells() if notebook.language(c) == lang)


def code_cell(grade_id):
    return next(c.source for c in cells() if notebook.grade_id(c) == grade_id)


# --- the investigation: what the lesson says is what the reference measures -------------------------------


def worst(kernel, wavelength=reference.GRATING_WAVELENGTH):
    errors = np.abs(reference.measured_angles(kernel, ANGLES, wavelength=wavelength) - ANGLES)
    return errors.max(), ANGLES[errors.argmax()]


def test_the_angle_errors_the_lesson_states_are_the_ones_measured():
    """Sobel 2.00° at 23° (and 67°), Scharr 0.31°, Prewitt 4.41°, central difference 4.27° on stripes 5 pixels
    apart; Sobel 0.75° at 8 pixels, 3.24° at 4; Scharr at most 0.31° from 4 pixels up: in both languages."""
    measured = {
        "2.00°": worst(reference.SOBEL_X)[0], "0.31°": worst(reference.SCHARR_X)[0],
        "4.41°": worst(PREWITT_X)[0], "4.27°": worst(CENTRAL_X)[0],
        "0.75°": worst(reference.SOBEL_X, 8)[0], "3.24°": worst(reference.SOBEL_X, 4)[0],
    }
    for shown, value in measured.items():
        assert f"{value:.2f}°" == shown
        for lang in ("en", "vi"):
            assert shown in text(lang), (lang, shown)
    assert worst(reference.SOBEL_X)[1] in (23, 67)
    assert np.isclose(worst(reference.SOBEL_X)[0], np.abs(reference.measured_angles(reference.SOBEL_X, [67]) - 67)[0],
                      atol=1e-3)
    assert max(worst(reference.SCHARR_X, w)[0] for w in range(4, 13)) < 0.31 + 0.005
    assert round(worst(reference.SOBEL_X)[0] / worst(reference.SCHARR_X)[0]) == 6  # "six times less"
    for exact in (0, 45, 90):  # "every kernel is exact at 0°, 45° and 90°"
        for kernel in (reference.SOBEL_X, reference.SCHARR_X, PREWITT_X, CENTRAL_X):
            assert abs(reference.measured_angles(kernel, [exact])[0] - exact) < 1e-9
    # Sobel pulls towards the nearest axis (below 45°: measured < true), the central difference towards 45°
    assert (reference.measured_angles(reference.SOBEL_X, [20])[0] < 20
            < reference.measured_angles(CENTRAL_X, [20])[0])


def test_the_notebooks_stripes_are_the_references():
    namespace = {"np": np}
    exec(code_cell("grating"), namespace)
    for angle in (0, 17.5, 23, 45, 90):
        assert np.array_equal(namespace["grating"](angle), reference.grating(angle))
    assert np.array_equal(namespace["ANGLES"], ANGLES)
    image = reference.grating(30)
    centre = image.shape[0] // 2
    assert image.shape == (21, 21) and image.dtype == np.float64 and image[centre, centre] == 128
    # at the centre the sine is at its steepest, along the angle: a tiny central difference points there
    fine = reference.grating(30, size=21, wavelength=2000)
    gx, gy = fine[centre, centre + 1] - fine[centre, centre - 1], fine[centre + 1, centre] - fine[centre - 1, centre]
    assert np.isclose(np.degrees(np.arctan2(gy, gx)), 30, atol=1e-3)


# --- the exercise's checks -----------------------------------------------------------------------------------------


def test_the_solution_earns_every_angle_error_point_with_fresh_and_seeded_inputs():
    for secret in (None, SECRET):
        results = run_test_cells(PS2, "angle_error", secret=secret)
        assert set(results) == {"test_angle_error_sobel", "test_angle_error_scharr", "test_angle_error_random"}
        assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}


def test_the_new_exercise_has_hidden_tests_and_its_points():
    points = {notebook.grade_id(c): notebook.nbgrader_meta(c)["points"] for c in cells() if notebook.is_test(c)
              and notebook.grade_id(c).startswith("test_angle_error_")}
    assert points == {"test_angle_error_sobel": 1, "test_angle_error_scharr": 1, "test_angle_error_random": 2}
    assert "### BEGIN HIDDEN TESTS" in code_cell("test_angle_error_random")
    written = next(c for c in cells() if notebook.grade_id(c) == "written_angle")
    assert written.cell_type == "markdown" and notebook.is_solution(written)
    assert notebook.nbgrader_meta(written)["points"] == 1
    assert "def angle_error(kernel_x, angles):" in code_cell("angle_error")
    assert str(inspect.signature(reference.angle_error)) == "(kernel_x, angles)"


def test_the_typical_wrong_answers_are_the_ones_expected():
    assert sorted(w.key for w in ANGLE_WRONG) == ["mean-angle-error", "radians", "rot90-for-y",
                                                   "signed-angle-error", "xy-swapped"]
    for key in ("signed-angle-error", "mean-angle-error", "rot90-for-y"):
        assert key in checks.MESSAGES  # the lesson's own keys
    for key in ("radians", "xy-swapped"):  # shared keys keep their base text, said the exercise's way here
        en, vi = base.IN_EXERCISE[(key, "angle_error")]
        assert en != vi and re.search(r"[ăâđêôơư]", vi) and "°" not in en


@pytest.mark.parametrize("wrong", ANGLE_WRONG, ids=lambda w: w.key)
def test_each_angle_error_misconception_fails_with_its_own_message(wrong):
    results = run_test_cells(PS2, "angle_error", wrong.source)
    failures = {gid: e for gid, e in results.items() if e is not None}
    assert failures, "the misconception must lose points"
    assert all(isinstance(e, AssertionError) for e in failures.values())
    named = [e for e in failures.values() if getattr(e, "key", None) == wrong.key]
    assert named, {gid: getattr(e, "key", repr(e)) for gid, e in failures.items()}
    message = str(named[0])
    assert f"[{wrong.key}]" in message and re.search(r"[ăâđêôơư]", message)


@pytest.mark.parametrize("wrong", ANGLE_WRONG, ids=lambda w: w.key)
def test_the_hidden_random_tests_alone_catch_each_wrong_answer(wrong):
    for seed in (1, 2, 3):
        with pytest.raises(base.CheckFailure) as failure:
            checks.random_angle_error(wrong.answer, seed=seed)
        assert failure.value.key in (wrong.key, "wrong-value")


def test_a_signed_error_passes_on_0_to_90_by_symmetry_and_is_caught_on_0_to_45():
    """Why the visible test measures Sobel on 0°…45° too: its error is antisymmetric about 45°."""
    signed = next(w.answer for w in ANGLE_WRONG if w.key == "signed-angle-error")
    checks.angle_error(signed, "SOBEL_X", ANGLES)
    with pytest.raises(base.CheckFailure) as failure:
        checks.angle_error(signed, "SOBEL_X", ANGLES[:46])
    assert failure.value.key == "signed-angle-error"
    assert "23°" in str(failure.value)  # where the worst error is: a hint, not the code


# Right answers written as students write them: each earns every point of the exercise.
FAIR = {
    "apply_kernel on the centre neighbourhood, arctan of the ratio": (
        "def angle_error(kernel_x, angles):\n"
        "    errors = []\n"
        "    for angle in angles:\n"
        "        patch = grating(angle)[9:12, 9:12]\n"
        "        gx = np.sum(patch * np.asarray(kernel_x))\n"
        "        gy = np.sum(patch * np.asarray(kernel_x).T)\n"
        "        errors.append(abs(np.rad2deg(np.arctan(gy / gx)) - angle))\n"
        "    return max(errors)\n"),
    "vectorised over the angles with cv2.filter2D, a NumPy float": (
        "def angle_error(kernel_x, angles):\n"
        "    k = np.float64(kernel_x)\n"
        "    images = [grating(a) for a in angles]\n"
        "    gx = np.array([cv2.filter2D(i, cv2.CV_64F, k)[10, 10] for i in images])\n"
        "    gy = np.array([cv2.filter2D(i, cv2.CV_64F, k.T)[10, 10] for i in images])\n"
        "    return np.max(np.abs(np.arctan2(gy, gx) * 180 / np.pi - np.asarray(angles)))\n"),
    "their own apply_kernel, float32 on the way": (
        "def angle_error(kernel_x, angles):\n"
        "    worst = 0\n"
        "    for angle in angles:\n"
        "        n = grating(angle)[9:12, 9:12]\n"
        "        gx = np.float32(apply_kernel(n, kernel_x))\n"
        "        gy = np.float32(apply_kernel(n, np.transpose(kernel_x)))\n"
        "        worst = max(worst, float(np.abs(np.degrees(np.arctan2(gy, gx)) - angle)))\n"
        "    return worst\n"),
}


@pytest.mark.parametrize("how", FAIR)
def test_right_answers_written_differently_earn_every_point(how):
    results = run_test_cells(PS2, "angle_error", FAIR[how], secret=SECRET)
    assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}


def test_a_mistake_in_correlate_is_not_counted_again_in_angle_error():
    """angle_error is graded on its own: while it runs, the student's correlate means the reference."""
    flipped = next(w for w in misconceptions.for_exercise("correlate") if w.key == "convolution")
    results = run_test_cells(PS2, "angle_error", flipped.source + "\n" + notebook.solution_code(code_cell("angle_error")))
    assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}
    assert any(e is not None for e in run_test_cells(PS2, "correlate", flipped.source).values())


def test_an_answer_that_calls_the_reference_earns_nothing():
    results = run_test_cells(PS2, "angle_error", "from gradcourse.lessons.ps2_sobel_scharr import reference\n"
                                                 "def angle_error(kernel_x, angles):\n"
                                                 "    return reference.angle_error(kernel_x, angles)\n")
    assert results and all(getattr(e, "key", None) == "reference-called" for e in results.values())


def test_the_lessons_number_is_checked_against_the_reference():
    with pytest.raises(base.LessonError):
        checks.angle_error(reference.angle_error.__wrapped__, "SOBEL_X", ANGLES, expected=2.9)


# --- the text: no solution line, pitfalls, corrections -------------------------------------------------------------


def test_the_exercise_text_gives_no_line_of_the_angle_error_solution():
    solution = notebook.solution_code(code_cell("angle_error"))
    markdown = " ".join(" ".join(c.source.split()) for c in cells() if c.cell_type == "markdown")
    for line in solution.splitlines():
        code = " ".join(line.split("#")[0].split())
        if len(code) >= 12 and not code.startswith(("def ", "return ", '"""')):
            assert code not in markdown, code


def test_grading_detail_stands_in_pitfall_boxes_in_both_languages():
    pitfalls = [c.source for c in cells() if c.metadata.get("gradcourse", {}).get("pair", "").startswith("pitfall")]
    en = [s for s in pitfalls if s.startswith("> **Pitfall.**")]
    vi = [s for s in pitfalls if s.startswith("> **Cạm bẫy.**")]
    assert len(en) == len(vi) >= 4
    assert any("CV_16S" in s for s in en) and any("fixed-point" in s for s in en)
    assert all(len(s.split()) <= 60 for s in en), "a pitfall box is short"


def test_the_corrections_of_the_careful_reading():
    vi, en = text("vi"), text("en")
    assert vi.startswith("# Toán tử Sobel và Scharr")
    for stale in ("đúng như khi in ra", "phép cắt mảng đã dịch chuyển", "số học số nguyên dấu phẩy tĩnh",
                  "học phần"):
        assert stale not in vi, stale
    assert "phần mảng đã dịch" in vi and "số học dấu phẩy tĩnh" in vi and "giữ nguyên như ma trận được viết" in vi
    assert "là tên của ma trận trọng số, dù phép toán dùng nó là tương quan hay tích chập" in vi
    assert "photograph of the pill" not in en and "colour photograph" not in en
    docstrings = " ".join(c.source for c in cells() if notebook.is_test(c))
    assert "photograph of the pill" not in docstrings and "colour picture the course draws" in docstrings
    assert "not a photograph" in en and "không phải ảnh chụp" in vi
    for lang, switch in (("en", "EN / VI"), ("vi", "EN / VI")):
        assert switch in text(lang)
    assert "Each text cell is given in English, followed by" not in en
    for t in (en, vi):
        assert "Optimale Operatoren in der digitalen Bildverarbeitung" in t and "Heidelberg" in t
        assert "PyImageSearch Gurus" in t and "1.10.1" in t and "Adrian Rosebrock" in t
        assert "docs.opencv.org" in t and "cv::Sobel" in t and "cv::Scharr" in t
    for key in ("convolution", "scharr-sign"):  # the messages say it too
        assert "nhân tích chập" not in checks.MESSAGES[key][1]
    assert "giữ nguyên như ma trận được viết" in checks.MESSAGES["convolution"][1]


# The graded cells before the rewrite (issue 16) and their points: 37, 4 of them written.
BEFORE = {
    "kernels": None, "test_kernels_sobel_x": 1, "test_kernels_sobel_y": 1, "test_kernels_scharr_x": 1,
    "test_kernels_scharr_y": 1, "apply_kernel": None, "test_apply_kernel_sobel": 1, "test_apply_kernel_scharr": 1,
    "test_apply_kernel_random": 2, "correlate": None, "test_correlate_worked": 1, "test_correlate_opencv": 1,
    "test_correlate_thin": 1, "test_correlate_random": 2, "to_gray": None, "test_to_gray_channels": 1,
    "test_to_gray_pill": 1, "test_to_gray_random": 1, "sobel_gradients": None, "test_sobel_gradients_worked": 1,
    "test_sobel_gradients_square": 1, "test_sobel_gradients_brick": 1, "test_sobel_gradients_random": 2,
    "scharr_gradients": None, "test_scharr_gradients_worked": 1, "test_scharr_gradients_coins": 1,
    "test_scharr_gradients_random": 2, "sobel_combined": None, "test_sobel_combined_square": 1,
    "test_sobel_combined_brick": 1, "test_sobel_combined_random": 2, "written_brick": 2, "written_uint8": 2,
    "quiz_1": None, "test_quiz_1": 1, "quiz_2": None, "test_quiz_2": 1, "quiz_3": None, "test_quiz_3": 1,
    "quiz_4": None, "test_quiz_4": 1,
}
NEW = {"angle_error": None, "test_angle_error_sobel": 1, "test_angle_error_scharr": 1, "test_angle_error_random": 2,
       "written_angle": 1}


def test_every_grade_id_and_its_points_are_kept():
    """Every graded cell of before the rewrite remains, with its points; the new ones are the investigation's."""
    now = {notebook.grade_id(c): notebook.nbgrader_meta(c).get("points") for c in cells()
           if notebook.nbgrader_meta(c).get("grade") or notebook.is_solution(c)}
    assert now == {**BEFORE, **NEW}
    assert sum(p or 0 for p in now.values()) == 37 + 5


# --- the figures ---------------------------------------------------------------------------------------------------

FIGURES = {"kernels": (), "worked_example": (np.array([[93, 139, 101], [26, 252, 196], [135, 230, 18]]),),
           "flip": (), "padding": (), "grating": (), "angle_errors": (), "gray_conversion": (),
           "ddepth_clipping": (), "display_steps": (), "brick_pill": (), "noise_blur_gradient": ()}


@pytest.mark.parametrize("name", FIGURES)
def test_each_figure_draws_with_bilingual_titles_from_the_reference(name):
    """Drawn from the reference (no student code), left to pyplot so that the inline backend shows it once."""
    fig = getattr(figures, name)(*FIGURES[name])
    try:
        assert isinstance(fig, matplotlib.figure.Figure) and plt.fignum_exists(fig.number)
        titles = [ax.get_title() for ax in fig.axes] + [fig._suptitle.get_text() if fig._suptitle else ""]
        # "English / Tiếng Việt" (drawn on two lines)
        assert any("\n" in t and VI.search(t.split("\n", 1)[1]) for t in titles), titles
    finally:
        plt.close(fig)


def test_the_lesson_calls_every_figure_in_short_cells():
    calls = [c.source for c in cells() if c.cell_type == "code" and "figures." in c.source
             and notebook.grade_id(c) != "setup"]
    called = {m for source in calls for m in re.findall(r"figures\.(\w+)\(", source)}
    assert called == set(FIGURES)
    for source in calls:
        code = [line for line in source.splitlines() if not line.startswith("#")]
        assert len(code) == 1 and code[0].endswith(");"), source  # shown once, by the inline backend


def test_the_brick_wall_figure_shows_what_the_text_says():
    """Sobel x is strong on the vertical mortar lines, Sobel y on the horizontal ones (energy per direction)."""
    gray = images.gray("brick")
    gx, gy = reference.sobel_gradients(gray)
    assert np.abs(gy).sum() > 1.5 * np.abs(gx).sum()  # the rows' long horizontal lines dominate
    pill = images.gray("pill")
    px, py = reference.sobel_gradients(pill)
    line = (slice(115, 125), slice(90, 230))  # the imprint line, away from the outline's ends
    assert np.abs(py[line]).max() > 5 * np.abs(px[line]).max()


# --- the noise explorer ------------------------------------------------------------------------------------------


def test_the_noise_explorer_state_measures_noise_as_the_text_says():
    state = explorer.NoiseState(images.gray("coins"))
    levels = {k: state.noise_level(k, 20) for k in explorer.KERNELS}
    assert levels["central"] > levels["sobel"] and levels["scharr"] > levels["sobel"]  # "Scharr ... slightly noisier"
    assert state.noise_level("sobel", 20, blur=True) < levels["sobel"] / 2
    assert state.noise_level("sobel", 0) < state.noise_level("sobel", 10) < levels["sobel"]
    edges = state.edges("scharr", 15, blur=True)
    assert edges.shape == state.gray.shape and edges.dtype == np.uint8
    clean = state.magnitude("sobel", 0)
    assert np.allclose(clean, np.hypot(*reference.sobel_gradients(images.gray("coins"))) / 4)
    for kernel in explorer.KERNELS:  # the gain makes a step of 100 read 100 with every kernel
        step = np.zeros((9, 9))
        step[:, 5:] = 100
        kx = explorer.KERNELS[kernel][0]
        assert np.isclose(cv2.filter2D(step, cv2.CV_64F, kx)[4, 4:6].max() / explorer.gain(kx), 100)
    noisy, shown = state.render("sobel", 20)
    assert noisy[:8] == shown[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_noise_explorer_follows_its_controls():
    view = explorer.NoiseExplorer(["coins", "pill"], kernel="central", sigma=0)
    first = view.edge_view.value
    view.sigma.value = 30
    assert view.edge_view.value != first and "σ" not in view.status.value and "nhiễu" in view.status.value
    noisy = view.state().noise_level("central", 30)
    view.kernel.value = "sobel"
    assert f"{view.state().noise_level('sobel', 30):.1f}" in view.status.value
    assert view.state().noise_level("sobel", 30) < noisy
    view.blur.value = True
    view.picker.value = "pill"
    assert view.state().gray.shape == images.gray("pill").shape


@pytest.mark.parametrize("mode, shown", [("autograde", False), ("validate", False)])
def test_graded_the_noise_explorer_prints_one_line(mode, shown):
    code = (f"import os\nos.environ['NBGRADER_EXECUTION'] = {mode!r}\n"
            "from gradcourse.lessons.ps2_sobel_scharr.explorer import explore\nprint(explore(['coins']) is None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [explorer.LABELS["headless"], "True"]


# --- check yourself -------------------------------------------------------------------------------------------


def test_the_check_yourself_questions_answer_at_once_in_both_languages(monkeypatch):
    asked = []
    sources = [c.source for c in cells() if c.cell_type == "code" and re.search(r"\bask\(", c.source)
               and notebook.grade_id(c) != "setup"]
    assert len(sources) >= 4
    for source in sources:
        exec(source, {"ask": lambda *a, **k: asked.append(selfcheck.Question(*a, **{**k, "why": tuple(k["why"])}))})
    assert len(asked) == len(sources)
    for question in asked:
        wrong = next(letter for letter in question.choices if letter != question.answer)
        right, no = question.verdict(question.answer), question.verdict(wrong)
        assert right.startswith(selfcheck.LABELS["right"]) and no.startswith(selfcheck.LABELS["wrong"])
        assert question.why[0] in right and question.why[1] in right
        assert re.search(r"[ăâđêôơư]", question.vi + question.why[1])
        widget = selfcheck.SelfCheck(question)
        widget.options.value = question.answer
        widget.button.click()
        assert "Right" in widget.answer.value
    # their numbers are the course's: (255 + 100) / 2 rounds to 178, as addWeighted does
    combined = cv2.addWeighted(np.array([[255]], np.uint8), 0.5, np.array([[100]], np.uint8), 0.5, 0)
    assert combined[0, 0] == 178
    assert cv2.convertScaleAbs(np.array([[300.0, -100.0]])).tolist() == [[255, 100]]
