"""ps3 (orientation masks) as rewritten for issue 16: its numbers are what the code computes, its figures draw
from the reference, its check-yourself questions answer in both languages, and its investigation (IMPRINT, the
range and threshold that keep the pill's imprint line) grades fairly: sensible answers earn every point, the
typical wrong ones lose their own points with their own message, on the course's pill and on fresh ones."""

import ast
import re

import cv2
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from gradcourse import checks, images, misconceptions, notebook, selfcheck
from gradcourse.lessons.ps3_orientation_masks import checks as ps3_checks, figures, reference
from conftest import PS3, REPO, run_test_cells, source_notebook

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
IMPRINT_WRONG = [w for w in misconceptions.every() if w.exercise == "imprint"]
SECRETS = [bytes([k]) * 4 for k in range(1, 6)]


def text(lang, pair=None):
    return "\n".join(c.source for c in source_notebook(PS3).cells if c.cell_type == "markdown"
                     and notebook.language(c) == lang
                     and (pair is None or c.metadata["gradcourse"].get("pair") == pair))


def code_cell(grade_id):
    return next(c.source for c in source_notebook(PS3).cells if notebook.grade_id(c) == grade_id)


# --- grade ids and points ------------------------------------------------------------------------------

BEFORE = {  # every graded cell of ps3 before the rewrite, with its points: none may change
    "test_magnitude_orientation_fold": 1, "test_magnitude_orientation_coins": 1, "test_magnitude_orientation_random": 2,
    "test_orientation_mask_ties": 1, "test_orientation_mask_coins": 1, "test_orientation_mask_wrap": 1,
    "test_orientation_mask_random": 2, "test_orientation_histogram_brick": 1, "test_orientation_histogram_counts": 1,
    "test_orientation_histogram_random": 2, "written_left_right": 2, "written_background": 2,
    "test_quiz_1": 1, "test_quiz_2": 1, "test_quiz_3": 1, "test_quiz_4": 1,
}
ADDED = {"test_imprint_line": 1, "test_imprint_overlap": 2, "written_imprint": 1}


def test_every_graded_cell_keeps_its_points_and_the_investigation_adds_four():
    graded = {notebook.grade_id(c): notebook.nbgrader_meta(c)["points"] for c in source_notebook(PS3).cells
              if notebook.nbgrader_meta(c).get("grade")}
    assert graded == {**BEFORE, **ADDED}
    assert sum(graded.values()) == 25


# --- corrections: the numbers the lesson quotes ---------------------------------------------------------

def test_the_float32_angle_the_lesson_quotes_is_what_numpy_computes():
    """The pitfall cell quotes float32's 45° on the course's machine (NumPy 2.4.6: 44.999996), says another
    processor may give 45.0, and float64 gives exactly 45.0; the lesson's cell computes it the same way."""
    one = np.ones((1, 1))
    as_float32 = np.degrees(np.arctan2(one.astype(np.float32), one.astype(np.float32)))[0, 0]
    as_float64 = np.degrees(np.arctan2(one, one))[0, 0]
    assert as_float64 == 45.0 and str(as_float64) == "45.0"
    assert "np.arctan2(one.astype(np.float32), one.astype(np.float32))" in code_cell("float_pitfall")
    for lang in ("en", "vi"):
        pitfall = text(lang, "pitfall-float")
        assert f"({np.__version__})" in pitfall, "the NumPy version the lesson names is the course's"
        assert "44.999996" in pitfall and "45.0" in pitfall
        assert str(as_float32) in pitfall, f"float32 gives {as_float32} here: the lesson must say so"
    assert str(as_float32) in ("44.999996", "45.0")


def test_cv2_phase_is_as_approximate_as_the_lesson_says():
    one = np.ones((1, 1))
    assert f"{cv2.phase(one, one, angleInDegrees=True)[0, 0]:.2f}" == "44.99"
    assert cv2.phase(np.array([[1.0]]), np.array([[-1e-7]]), angleInDegrees=True)[0, 0] == 360.0
    rng = np.random.default_rng(0)
    gx, gy = (rng.integers(-500, 500, 100_000).astype(float) for _ in range(2))
    error = np.abs((cv2.phase(gx, gy, angleInDegrees=True).ravel() - np.degrees(np.arctan2(gy, gx)) + 180) % 360 - 180)
    assert 0.005 < error.max() <= 0.0105  # "off by up to about 0.01°"
    assert "0.01°" in text("en", "pitfall-float") and "0.01°" in text("vi", "pitfall-float")


def test_the_exact_ties_the_lesson_counts_are_those_of_the_photos():
    """About 10 % of the coins' pixels and almost 30 % of the brick wall's sit exactly on 0, 45, 90 or 135°."""
    def share(name):
        mag, theta = reference.magnitude_orientation(images.gray(name))
        return 100 * np.mean((mag > 0) & np.isin(theta, (0, 45, 90, 135)))

    assert round(share("coins")) == 10
    assert 25 <= share("brick") < 30
    for lang in ("en", "vi"):
        assert "10 %" in text(lang, "pitfall-ties") and "30 %" in text(lang, "pitfall-ties")


def test_the_brick_walls_histogram_is_as_the_lesson_describes():
    """A peak in [80, 100) with about three fifths of the magnitude; the first and last bins about a sixth."""
    values = reference.orientation_histogram(images.gray("brick"))
    share = values / values.sum()
    assert np.argmax(share) == 4 and 0.55 <= share[4] <= 0.65
    assert 0.14 <= share[0] + share[-1] <= 0.19
    assert "[80, 100)" in text("en", "histogram") and "[80, 100)" in text("vi", "histogram")


def test_the_corrections_of_the_issue():
    """'khoá học' for the course, the glossary's 'bao gồm cả hai cận' in the exclusive-bounds message, the language
    view in the title, ps4 next, and the credits and further reading, in both languages."""
    package = REPO / "gradcourse" / "lessons" / PS3
    sources = [p.read_text(encoding="utf-8") for p in package.glob("*.py")]
    assert "học phần" not in text("vi") and not any("học phần" in s for s in sources)
    assert "khoá học" in text("vi", "title")
    assert "bao gồm cả hai cận" in checks.MESSAGES["exclusive-bounds"][1]
    assert "EN / VI" in text("en", "title") and "EN / VI" in text("vi", "title")
    assert "followed by the same text in Vietnamese" not in text("en", "title")
    stub = re.search(r'"python": "(#[^"\\]*)', (REPO / "nbgrader_config.py").read_text(encoding="utf-8")).group(1)
    assert f"`{stub}`" in text("en", "title") and f"`{stub}`" in text("vi", "title"), "the stub as nbgrader writes it"
    for lang in ("en", "vi"):
        summary = text(lang, "summary")
        for needed in ("ps4", "edges.ipynb", "Canny", "PyImageSearch Gurus", "1.10.1", "Adrian Rosebrock", "Dalal",
                       "Triggs", "2005", "Lowe", "2004", "cv2.Sobel", "docs.opencv.org"):
            assert needed in summary, (lang, needed)


# --- the text hands over no solution ---------------------------------------------------------------------

def test_the_text_gives_neither_the_folding_line_nor_the_instructors_imprint():
    everything = text("en") + text("vi")
    assert "np.degrees(np.arctan2(gY, gX)) % 180" not in everything
    assert "(theta >= lower) & (theta <= upper)" not in everything
    assert "np.histogram(theta, bins=bins" not in everything
    namespace = {}
    exec(notebook.solutions(source_notebook(PS3))["imprint"], namespace)
    answer = tuple(namespace["IMPRINT"])
    assert str(answer) not in everything and f"IMPRINT = ({answer[0]}" not in everything


# --- figures ------------------------------------------------------------------------------------------------

FIGURES = {
    "gradients": lambda: figures.gradients("coins"),
    "wheel": figures.wheel,
    "ties": figures.ties,
    "masks": lambda: figures.masks("coins", [(175, 180, 0), (170, 10, 100)]),
    "threshold": lambda: figures.threshold("coins", 0, 10, min_magnitude=100),
    "histograms": figures.histograms,
    "hog_cells": figures.hog_cells,
    "imprint_target": figures.imprint_target,
    "imprint": lambda: figures.imprint((80, 100, 60)),
}


@pytest.mark.parametrize("name", FIGURES)
def test_each_figure_draws_with_titles_in_both_languages(name):
    fig = FIGURES[name]()
    try:
        assert isinstance(fig, Figure)
        fig.canvas.draw()
        titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
        assert titles and all(VIETNAMESE.search(t) for t in titles), titles
        assert all(not VIETNAMESE.search(t.split("\n")[0]) for t in titles if "\n" in t), "English first"
    finally:
        plt.close(fig)


def test_the_lesson_draws_at_least_eight_figures_from_the_lessons_figures():
    """Counted in the code (the slow test of tests/test_teaching.py counts the executed outputs)."""
    calls = [line for c in source_notebook(PS3).cells if c.cell_type == "code" and not notebook.is_test(c)
             for line in c.source.splitlines() if re.match(r"\s*(figures\.\w+|show_masks)\(.*\);\s*$", line)]
    assert len(calls) >= 10, calls


def test_the_mask_figure_paints_the_references_mask():
    fig = figures.masks("pill", [(170, 10, 30)])
    try:
        painted = np.all(fig.axes[1].images[0].get_array() == figures._colour(figures.MASKED), axis=-1)
        assert np.array_equal(painted, reference.orientation_mask(images.gray("pill"), 170, 10, 30) > 0)
    finally:
        plt.close(fig)


def test_the_orientation_colours_are_the_explorers():
    """The wheel's and the histograms' colours are those of gradcourse.explorer.orientation_colour."""
    from gradcourse.explorer import orientation_colour

    for angle in (0, 30, 90, 135, 179):
        bgr = orientation_colour(np.array([[1.0]]), np.array([[float(angle)]]))[0, 0]
        assert np.allclose(figures.hue(angle), bgr[::-1] / 255)
    assert figures.hue(180) == figures.hue(0)


# --- check-yourself questions -------------------------------------------------------------------------------

def questions():
    found = []
    for cell in source_notebook(PS3).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ask":
                args = [ast.literal_eval(a) for a in node.args]
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
                found.append((notebook.grade_id(cell), selfcheck.Question(*args, **kwargs)))
    return found


def test_three_check_yourself_questions_answer_at_once_in_both_languages():
    found = questions()
    assert len(found) >= 2 and len({gid for gid, _ in found}) == len(found)
    for _, question in found:
        assert VIETNAMESE.search(question.vi) and not VIETNAMESE.search(question.en)
        for letter in question.choices:
            verdict = question.verdict(letter)
            assert ("Right" in verdict) == (letter == question.answer)
            assert question.why[0] in verdict and question.why[1] in verdict
        check = selfcheck.SelfCheck(question)
        check.options.value = question.answer
        check.button.click()
        assert "Right" in check.answer.value and "Đúng" in check.answer.value


def test_the_check_yourself_answers_are_what_the_reference_computes():
    found = dict(questions())
    fold = found["check_fold"]
    mag, theta = reference.magnitude_orientation(np.array([[200, 200, 0, 0]] * 3, dtype=np.uint8))  # Gx < 0
    assert theta[1, 1] == 0 and fold.choices[fold.answer][0] == "0°"
    stripes = found["check_histogram"]
    image = np.tile(np.repeat(np.array([30, 220], np.uint8), 4), (16, 4))  # exactly vertical stripes
    values = reference.orientation_histogram(image)
    assert values[0] > 0 and not values[1:].any() and stripes.choices[stripes.answer][0] == "only [0, 20)"


# --- the investigation: IMPRINT ---------------------------------------------------------------------------

def imprint_cells(answer=None, secret=None):
    return run_test_cells(PS3, "imprint", answer, secret)


def lost(results):
    return {gid: getattr(e, "key", repr(e)) for gid, e in results.items() if e is not None}


def test_the_instructors_imprint_earns_every_point_under_every_secret():
    for secret in [None] + SECRETS:
        results = imprint_cells(secret=secret)
        assert set(results) == {"test_imprint_line", "test_imprint_overlap"}
        assert lost(results) == {}


FAIR = {
    "a list with a float": "IMPRINT = [84, 96, 70.0]\n",
    "a NumPy array": "IMPRINT = np.array([85, 95, 60])\n",
    "names first": "lower, upper = 82, 98\nmin_magnitude = 50\nIMPRINT = (lower, upper, min_magnitude)\n",
    "found by a search with the student's own mask": (
        "def orientation_mask_try(gray, lower, upper, m):\n"
        "    gX, gY = cv2.Sobel(gray, cv2.CV_64F, 1, 0), cv2.Sobel(gray, cv2.CV_64F, 0, 1)\n"
        "    theta = np.degrees(np.arctan2(gY, gX)) % 180\n"
        "    return (theta >= lower) & (theta <= upper) & (np.hypot(gX, gY) >= m)\n"
        "pill = images.gray('pill')\n"
        "kept = {m: orientation_mask_try(pill, 80, 100, m).mean() for m in range(0, 200, 10)}\n"
        "IMPRINT = (80, 100, min(m for m, share in kept.items() if share < 0.03))\n"),
}


@pytest.mark.parametrize("how", FAIR)
def test_a_right_imprint_written_differently_earns_every_point(how):
    for secret in (None, SECRETS[0]):
        assert lost(imprint_cells(FAIR[how], secret)) == {}


@pytest.mark.parametrize("wrong", IMPRINT_WRONG, ids=lambda w: w.key)
def test_each_typical_wrong_imprint_loses_its_points_with_its_own_message(wrong):
    """Named, in both languages, with the numbers; the same cells lost under every secret."""
    verdicts = set()
    for secret in [None] + SECRETS:
        results = imprint_cells(wrong.source, secret)
        failures = {gid: e for gid, e in results.items() if e is not None}
        assert failures and "test_imprint_overlap" in failures
        assert all(isinstance(e, AssertionError) and e.key == wrong.key for e in failures.values())
        verdicts.add(frozenset(failures))
    assert len(verdicts) == 1
    message = str(next(iter(failures.values())))
    assert f"[{wrong.key}]" in message and VIETNAMESE.search(message) and "IoU" in message


def test_the_typical_wrong_imprints_cover_the_issue():
    """The vertical-edge range instead of the line's, no magnitude threshold, a range too wide, a threshold too high."""
    assert {w.key for w in IMPRINT_WRONG} == {"imprint-vertical", "imprint-no-threshold", "imprint-too-wide",
                                             "imprint-threshold-high"}
    for w in IMPRINT_WRONG:
        assert w.key in checks.MESSAGES and VIETNAMESE.search(checks.MESSAGES[w.key][1])


SENSIBLE = [(80, 100, 60), (85, 95, 100), (75, 105, 80), (80, 100, 100), (82, 98, 50), (70, 110, 60), (80, 100, 40),
            (84, 96, 70), (85, 95, 60), (78, 102, 90)]
NOT_THE_LINE = {
    (0, 180, 0): "imprint-no-threshold",  # keep everything
    (90, 90, 10_000): "imprint-misses-line",  # keep nothing
    (170, 10, 60): "imprint-vertical",  # the wrong orientation: the pill's ends
    (0, 10, 100): "imprint-vertical",
    (40, 60, 60): "imprint-misses-line",
    (80, 100, 10): "imprint-no-threshold",
    (60, 120, 100): "imprint-too-wide",
    (0, 180, 150): "imprint-threshold-high",  # lowering it first, the line comes back (then: too wide)
    (88, 92, 60): "imprint-misses-line",
    (80, 100, 250): "imprint-threshold-high",
}


@pytest.mark.parametrize("settings", SENSIBLE)
def test_sensible_settings_pass_on_the_pill_and_on_fresh_pills(settings):
    ps3_checks.imprint_line(settings)
    ps3_checks.imprint_overlap(settings)
    for seed in (3, 17, 12345):
        ps3_checks.random_imprint(settings, ps3_checks.imprint_overlap, seed=seed)


@pytest.mark.parametrize("settings", NOT_THE_LINE)
def test_settings_that_do_not_keep_the_line_alone_fail_and_say_why(settings):
    with pytest.raises(checks.CheckFailure) as failure:
        ps3_checks.imprint_overlap(settings)
    assert failure.value.key == NOT_THE_LINE[settings]


def test_the_pass_marks_sit_well_between_right_and_wrong_answers():
    """On ten pills with fresh noise the instructor's answer overlaps by 0.6 or more and keeps 90 % of the line;
    the typical wrong answers stay below 0.45 (the pass mark is 0.5)."""
    for seed in range(100, 110):
        gray = ps3_checks.fresh_pill(seed)
        target = reference.imprint_target(gray)

        def measure(settings):
            mask = reference.orientation_mask(gray, *settings)
            return reference.mask_overlap(mask, target), reference.line_kept(mask, target)

        iou, kept = measure((80, 100, 60))
        assert iou >= 0.6 and kept >= 0.9
        for wrong in IMPRINT_WRONG:
            assert measure(wrong.answer())[0] <= 0.45, wrong.key


def test_what_the_written_answer_says_holds_even_the_best_settings_keep_the_outline():
    """Over a grid of ranges and thresholds the best overlap stays below 0.75, and what it keeps besides the line
    lies outside the band of the line (the outline at the top and bottom)."""
    gray = images.gray("pill")
    target = reference.imprint_target(gray)
    best = max((reference.mask_overlap(reference.orientation_mask(gray, lo, hi, m), target), (lo, hi, m))
               for lo in range(70, 90, 4) for hi in range(92, 112, 4) for m in range(30, 160, 15))
    assert best[0] < 0.75
    extra = (reference.orientation_mask(gray, *best[1]) > 0) & ~(target > 0)
    rows = np.nonzero(extra.any(axis=1))[0]
    assert np.mean(~reference.imprint_line(gray.shape)[extra]) > 0.8
    assert rows.min() < 80 and rows.max() > 160  # above and below the line, where the outline is


@pytest.mark.parametrize("value", ["80, 100, 60", (80, 100), (80, 100, 60, 1), (-5, 100, 60), (80, 200, 60),
                                   (80, 100, -1), (True, 100, 60), (80, float("nan"), 60), None])
def test_imprint_must_be_three_numbers_in_range(value):
    with pytest.raises(checks.CheckFailure) as failure:
        ps3_checks.imprint_line(value)
    assert failure.value.key == "imprint-format"


def test_an_unanswered_imprint_earns_nothing():
    """The release's stub raises NotImplementedError, so IMPRINT is never defined: both cells fail, hidden or not."""
    source = {notebook.grade_id(c): c.source for c in source_notebook(PS3).cells}
    for gid in ("test_imprint_line", "test_imprint_overlap"):
        for cell in (source[gid], notebook.HIDDEN_TESTS.sub("", source[gid])):
            with pytest.raises(NameError):
                exec(compile(cell, gid, "exec"), {"checks": ps3_checks})
