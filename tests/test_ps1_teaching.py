"""ps1 teaches with pictures and makes students think (issue 16): its figures, the pixel explorer, the
investigation (edge_fraction) with its misconceptions and fair answers, the worked neighbourhoods in the tests,
the check-yourself questions, and the corrections of the text."""

import ast
import re

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from gradcourse import checks, images, misconceptions, notebook, selfcheck
from gradcourse.lessons.ps1_manual_gradients import checks as ps1_checks
from gradcourse.lessons.ps1_manual_gradients import explorer, figures, reference
from conftest import PS1, run_test_cells, source_notebook

VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE)
A = np.array([[25, 50, 50], [20, 40, 49], [22, 36, 36]], dtype=np.uint8)
WHITE_OVER_BLACK = np.array([[255, 255, 255], [255, 255, 255], [0, 0, 0]], dtype=np.uint8)
TRIANGLE = np.array([[0, 0, 0], [255, 255, 0], [255, 255, 255]], dtype=np.uint8)
DIAGONAL = np.array([[255, 255, 255], [0, 255, 255], [0, 0, 255]], dtype=np.uint8)
SECRETS = [s.to_bytes(4, "big") for s in (1, 2, 3, 11, 97)]


def nb():
    return source_notebook(PS1)


def cell(grade_id):
    return next(c for c in nb().cells if notebook.grade_id(c) == grade_id)


def text(lang):
    return "\n".join(c.source for c in nb().cells if notebook.language(c) == lang)


def titles(fig):
    found = [ax.get_title() for ax in fig.axes]
    found += [label.get_text() for label in (fig._suptitle, fig._supxlabel) if label is not None]
    return "\n".join(found)


def not_answered(*args):
    raise NotImplementedError()


# --- figures ---------------------------------------------------------------------------------------------

FIGURES = {
    "edge_map": lambda: figures.edge_map("coins", threshold=50),
    "compass": figures.compass,
    "neighbourhoods": lambda: figures.neighbourhoods(A, WHITE_OVER_BLACK, TRIANGLE, DIAGONAL),
    "vectors": lambda: figures.vectors((29, -14), (-33, 26), names=["A", "B"]),
    "arctan_pitfall": figures.arctan_pitfall,
    "reflect101": lambda: figures.reflect101([10, 20, 40, 30]),
    "gradients": lambda: figures.gradients(figures.shapes()),
    "quiver": figures.quiver,
    "fraction_curves": figures.fraction_curves,
}


@pytest.mark.parametrize("name", FIGURES)
def test_each_figure_draws_from_the_reference_with_bilingual_titles(name):
    """Before the student answers anything: a Figure that pyplot does not track (shown once), English / Vietnamese."""
    fig = FIGURES[name]()
    assert isinstance(fig, Figure) and fig.axes
    assert fig.number not in matplotlib.pyplot.get_fignums()
    words = titles(fig)
    assert VIETNAMESE.search(words) and re.search(r"[A-Za-z]{3}", words), words
    fig.canvas.draw()  # renders without error


def test_the_worked_neighbourhoods_figure_prints_the_lessons_numbers():
    words = titles(figures.neighbourhoods(A, WHITE_OVER_BLACK, TRIANGLE, DIAGONAL))
    for number in ("29", "−14", "32.20", "−25.77", "−255", "255.00", "−90.00", "360.62", "135.00", "−45.00"):
        assert number in words, number


def test_a_missing_photograph_is_replaced_by_a_drawn_scene(monkeypatch, capsys):
    """A sandboxed grading kernel sees only its folder: the lesson cell draws anyway, and says so."""
    def missing(name, folder=None):
        raise images.ImageNotFound(name)

    monkeypatch.setattr(images, "gray", missing)
    gray = figures.photo("coins")
    assert gray.dtype == np.uint8 and gray.shape == (303, 384)
    assert "not found" in capsys.readouterr().out
    assert isinstance(figures.edge_map("coins"), Figure)
    assert isinstance(figures.quiver(), Figure)


def test_the_gradients_figure_shows_the_students_function_or_says_it_shows_the_reference():
    shapes = figures.shapes()
    doubled = figures.gradients(shapes, lambda image: tuple(2 * g for g in reference.image_gradients.__wrapped__(image)))
    gx = reference.image_gradients.__wrapped__(shapes)[0]
    assert np.array_equal(doubled.axes[1].images[0].get_array(), 2 * gx)  # the student's own Gx
    assert "reference" not in titles(doubled)
    for answer, why in ((not_answered, "not answered yet"), (lambda image: image[500], "raised IndexError"),
                        (lambda image: 1, "does not return"), (lambda image: reference.image_gradients(image), "calls")):
        fig = figures.gradients(shapes, answer)
        assert np.array_equal(fig.axes[1].images[0].get_array(), gx)
        assert why in titles(fig) and "lời giải mẫu" in titles(fig)


def test_the_fraction_curves_use_the_students_function_or_say_they_use_the_reference():
    named = {"shapes / các hình": figures.shapes()}
    halved = figures.fraction_curves(lambda image, t: reference.edge_fraction.__wrapped__(image, t) / 2, named,
                                     thresholds=[1, 100])
    assert list(halved.axes[0].lines[0].get_ydata()) == pytest.approx([0.0256 / 2, 0.0256 / 2], abs=1e-4)
    fig = figures.fraction_curves(not_answered, named, thresholds=[1, 100])
    assert list(fig.axes[0].lines[0].get_ydata()) == pytest.approx([0.025625, 0.025625])
    assert "not answered yet" in titles(fig)
    slow = figures.fraction_curves(lambda image, t: reference.edge_fraction.__wrapped__(image, t), named, budget=0)
    assert "too slow" in titles(slow)  # a loop over the pixels does not hold the notebook up


def test_the_quiver_arrows_are_the_gradients_with_y_pointing_down():
    fig = figures.quiver()
    ax = fig.axes[0]
    bottom, top = ax.get_ylim()
    assert bottom > top  # y down, as in the image: +Gy is drawn downwards
    arrows = ax.collections[0]
    small = figures.small_scene()
    gx, gy = reference.image_gradients.__wrapped__(small)
    keep = np.hypot(gx, gy) > 0
    scale = 1.6 / np.hypot(gx, gy).max()
    assert np.allclose(arrows.U, gx[keep] * scale) and np.allclose(arrows.V, gy[keep] * scale)


# --- the pixel explorer --------------------------------------------------------------------------------------


def test_the_pixel_state_gives_the_references_numbers_at_every_interior_pixel():
    image = np.random.default_rng(5).integers(0, 256, (7, 9), dtype=np.uint8)
    state = explorer.PixelState(image)
    assert state.limits == ((1, 7), (1, 5))
    for y in range(1, 6):
        for x in range(1, 8):
            at = state.at(x, y)
            assert (at["north"], at["south"], at["east"], at["west"]) == reference.neighbours(image, x, y)
            assert (at["gx"], at["gy"]) == reference.pixel_gradient(image, x, y)
            assert at["magnitude"] == pytest.approx(float(reference.gradient_magnitude(at["gx"], at["gy"])))
            if at["gx"] or at["gy"]:
                assert at["angle"] == pytest.approx(float(reference.gradient_orientation(at["gx"], at["gy"])))
    assert state.at(0, 99)["x"] == 1 and state.at(0, 99)["y"] == 5  # a border pixel is moved inside


def test_the_pixel_state_draws_a_png_and_writes_both_languages():
    state = explorer.PixelState(figures.small_scene())
    flat = state.at(7, 8)  # inside the disc
    assert flat["angle"] is None and "undefined" in state.text(7, 8) and "không xác định" in state.text(7, 8)
    rim = state.text(2, 8)
    assert "Gx = east − west = 160" in rim and "đông − tây = 160" in rim and "θ = 0.00°" in rim
    data = state.render(2, 8)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    picture = state.picture(2, 8)
    assert picture.ndim == 3 and picture.shape[0] == 17 * state.cell
    assert explorer.PixelState(A).picture(1, 1).ndim == 3  # a 3×3 image is shorter than its zoom
    with pytest.raises(ValueError, match="3×3"):
        explorer.PixelState(np.zeros((2, 5), np.uint8))


def test_the_sliders_move_the_pixel_and_the_numbers_follow():
    view = explorer.PixelExplorer(TRIANGLE)
    assert (view.x.min, view.x.max, view.y.min, view.y.max) == (1, 1, 1, 1)
    assert "Gx = east − west = −255" in view.numbers.value and "135.00°" in view.numbers.value
    view = explorer.PixelExplorer()
    before = view.view.value
    view.x.value = 2
    assert view.view.value != before and "(x, y) = (2, 8)" in view.numbers.value


def test_when_graded_the_explorer_prints_one_line_and_builds_no_widget(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert explorer.explore() is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "JupyterLab" in out and "điểm ảnh" in out


# --- the investigation: edge_fraction -------------------------------------------------------------------------

EDGE_WRONG = [w for w in misconceptions.every() if w.exercise == "edge_fraction"]


def test_the_reference_counts_every_pixel_and_ties():
    step = np.zeros((5, 8), np.uint8)
    step[:, 4:] = 100
    assert reference.edge_fraction(step, 100) == 0.25  # the two columns beside the step, |G| = 100 exactly
    assert reference.edge_fraction(step, 100.5) == 0.0
    assert reference.edge_fraction(figures.shapes(), 0) == 1.0
    assert isinstance(reference.edge_fraction(step, 1), float)


@pytest.mark.parametrize("secret", SECRETS)
def test_the_solution_earns_every_point_of_edge_fraction(secret):
    results = run_test_cells(PS1, "edge_fraction", secret=secret)
    assert set(results) == {"test_edge_fraction_shapes", "test_edge_fraction_ties", "test_edge_fraction_random"}
    assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}


def test_the_typical_wrong_answers_of_the_investigation_are_the_issues():
    assert {w.key for w in EDGE_WRONG} == {"strict-threshold", "percent-not-fraction", "count-not-fraction", "abs-sum",
                                           "no-sqrt", "uint8-wraparound", "interior-only", "np-gradient"}


@pytest.mark.parametrize("wrong", EDGE_WRONG, ids=lambda w: w.key)
def test_each_wrong_edge_fraction_fails_with_its_own_bilingual_message(wrong):
    for secret in SECRETS[:3]:
        results = run_test_cells(PS1, "edge_fraction", wrong.source, secret=secret)
        failures = {gid: e for gid, e in results.items() if e is not None}
        assert failures and all(isinstance(e, AssertionError) for e in failures.values())
        assert wrong.key in {getattr(e, "key", None) for e in failures.values()}, (secret, failures)
        message = str(next(e for e in failures.values() if getattr(e, "key", None) == wrong.key))
        assert f"[{wrong.key}]" in message and VIETNAMESE.search(message)


def test_exact_ties_alone_catch_a_strict_threshold():
    strict = next(w for w in EDGE_WRONG if w.key == "strict-threshold")
    results = run_test_cells(PS1, "edge_fraction", strict.source)
    assert getattr(results["test_edge_fraction_ties"], "key", None) == "strict-threshold"
    assert results["test_edge_fraction_shapes"] is not None  # threshold 0 in the hidden part: every pixel counts


def test_the_uint8_message_quotes_a_difference_of_the_failing_image():
    wraps = next(w for w in EDGE_WRONG if w.key == "uint8-wraparound")
    with pytest.raises(checks.CheckFailure) as failure:
        ps1_checks.edge_fraction(wraps.answer, figures.shapes(), 100)
    assert "40 - 200 is not -160 but 96" in str(failure.value)


# Right answers written differently from the solution: each earns every point, ties included.
FAIR = {
    "np.mean of the comparison": (
        "def edge_fraction(image, threshold):\n"
        "    gx, gy = image_gradients(image)\n"
        "    return np.mean(gradient_magnitude(gx, gy) >= threshold)\n"),
    "squares against threshold squared, by cv2.filter2D": (
        "def edge_fraction(image, threshold):\n"
        "    f = image.astype(np.float64)\n"
        "    k = np.array([[-1.0, 0.0, 1.0]])\n"
        "    gx, gy = cv2.filter2D(f, cv2.CV_64F, k), cv2.filter2D(f, cv2.CV_64F, k.T)\n"
        "    return float((gx * gx + gy * gy >= threshold * threshold).sum()) / image.size\n"),
    "np.hypot and a percentage divided by 100": (
        "def edge_fraction(image, threshold):\n"
        "    gx, gy = image_gradients(image)\n"
        "    percent = 100.0 * np.count_nonzero(np.hypot(gx, gy) >= threshold) / gx.size\n"
        "    return percent / 100\n"),
    "np.abs of a complex number": (
        "def edge_fraction(image, threshold):\n"
        "    gx, gy = image_gradients(image)\n"
        "    return float(np.sum(np.abs(gx + 1j * gy) >= threshold) / gx.size)\n"),
    "cv2.magnitude, not below the threshold": (
        "def edge_fraction(image, threshold):\n"
        "    gx, gy = image_gradients(image)\n"
        "    below = cv2.magnitude(gx, gy) < threshold\n"
        "    return 1 - below.mean()\n"),
}


@pytest.mark.parametrize("how", FAIR)
def test_right_answers_written_differently_earn_every_point(how):
    for secret in SECRETS:
        results = run_test_cells(PS1, "edge_fraction", FAIR[how], secret=secret)
        assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}, (how, secret)


@pytest.mark.parametrize("earlier, key", [("image_gradients", "np-roll"), ("image_gradients", "uint8-wraparound"),
                                          ("gradient_magnitude", "abs-sum"), ("gradient_magnitude", "no-sqrt")])
def test_a_mistake_in_an_earlier_function_costs_the_investigation_nothing(earlier, key):
    """edge_fraction is graded on its own: the student's image_gradients and gradient_magnitude mean the course's."""
    wrong = next(w for w in misconceptions.for_exercise(earlier) if w.key == key)
    answer = wrong.source + notebook.solution_code(cell("edge_fraction").source)
    results = run_test_cells(PS1, "edge_fraction", answer)
    assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}


def test_the_investigation_has_hidden_tests_and_a_written_sentence_with_points():
    tests = [c for c in nb().cells if notebook.is_test(c) and notebook.grade_id(c).startswith("test_edge_fraction_")]
    assert len(tests) == 3 and all("### BEGIN HIDDEN TESTS" in c.source for c in tests)
    assert all(0 < notebook.nbgrader_meta(c)["points"] <= 2 for c in tests)
    written = cell("written_fraction")
    assert written.cell_type == "markdown" and notebook.is_solution(written)
    assert notebook.nbgrader_meta(written)["points"] == 2
    assert "def edge_fraction(image, threshold):" in cell("edge_fraction").source


# --- the worked neighbourhoods in the tests ----------------------------------------------------------------------


def test_the_minus_90_and_135_degree_examples_are_tested_on_their_neighbourhoods():
    """WHITE_OVER_BLACK and TRIANGLE are used: pixel_gradient on them, then the magnitude and the orientation."""
    tests = "\n".join(c.source for c in nb().cells if notebook.is_test(c))
    for name in ("WHITE_OVER_BLACK", "TRIANGLE", "DIAGONAL"):
        assert f"checks.pixel_gradient(pixel_gradient, {name}, 1, 1" in tests
        assert f"checks.orientation_of(gradient_orientation, {name}, 1, 1" in tests
    assert "checks.magnitude_of(gradient_magnitude, WHITE_OVER_BLACK, 1, 1, expected=255)" in tests
    assert "checks.magnitude_of(gradient_magnitude, TRIANGLE, 1, 1, expected=360.62)" in tests
    assert "WHITE_OVER_BLACK = np.array(" in cell("matrices").source


@pytest.mark.parametrize("exercise", ["pixel_gradient", "gradient_magnitude", "gradient_orientation"])
def test_the_solutions_pass_the_worked_neighbourhood_cells(exercise):
    results = run_test_cells(PS1, exercise)
    assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}


def test_a_wrong_pixel_gradient_costs_the_orientation_nothing_and_a_y_up_orientation_is_named():
    wraps = next(w for w in misconceptions.for_exercise("pixel_gradient") if w.key == "uint8-wraparound")
    results = run_test_cells(PS1, "pixel_gradient", wraps.source)
    assert getattr(results["test_pixel_gradient_edges"], "key", None) == "uint8-wraparound"
    y_up = next(w for w in misconceptions.for_exercise("gradient_orientation") if w.key == "y-up")
    results = run_test_cells(PS1, "gradient_orientation", y_up.source)
    failure = results["test_gradient_orientation_examples"]  # −90° → 90°: a y axis up, or a fold, says either
    assert failure.key == "y-up" or (failure.key == "wrong-value" and "y-up" in failure.candidates)
    assert getattr(results["test_gradient_orientation_random"], "key", None) == "y-up"
    with pytest.raises(checks.LessonError):  # the lesson's numbers are the reference's
        ps1_checks.orientation_of(reference.gradient_orientation.__wrapped__, WHITE_OVER_BLACK, 1, 1, expected=90)


ORIGINAL_POINTS = {  # grade ids and points before the rewrite: kept
    "test_neighbours_a": 1, "test_neighbours_not_square": 1, "test_neighbours_random": 1,
    "test_pixel_gradient_a": 1, "test_pixel_gradient_b": 1, "test_pixel_gradient_random": 2,
    "test_gradient_magnitude_examples": 1, "test_gradient_magnitude_arrays": 1, "test_gradient_magnitude_random": 1,
    "test_gradient_orientation_examples": 1, "test_gradient_orientation_quadrants": 1,
    "test_gradient_orientation_random": 2, "test_image_gradients_a": 1, "test_image_gradients_opencv": 1,
    "test_image_gradients_thin": 1, "test_image_gradients_random": 2, "test_image_gradients_vectorised": 1,
    "written_rim": 2, "written_arctan": 2, "test_quiz_1": 1, "test_quiz_2": 1, "test_quiz_3": 1, "test_quiz_4": 1,
}
NEW_POINTS = {"test_pixel_gradient_edges": 1, "test_edge_fraction_shapes": 1, "test_edge_fraction_ties": 1,
              "test_edge_fraction_random": 2, "written_fraction": 2}


def test_every_grade_id_keeps_its_points_and_the_new_ones_are_known():
    graded = {notebook.grade_id(c): notebook.nbgrader_meta(c)["points"] for c in nb().cells
              if notebook.nbgrader_meta(c).get("grade")}
    assert graded == {**ORIGINAL_POINTS, **NEW_POINTS}


# --- check yourself ------------------------------------------------------------------------------------------------


def asked():
    """Every ask(...) of the lesson's cells, evaluated with a stand-in that keeps the Question."""
    questions = []

    def ask(en, vi, choices, answer, why):
        questions.append(selfcheck.Question(en, vi, dict(choices), answer, tuple(why)))

    for c in nb().cells:
        if c.cell_type == "code" and "ask(" in c.source and not notebook.is_solution(c):
            exec(compile(c.source, notebook.grade_id(c), "exec"), {"ask": ask})
    return questions


def test_the_lesson_asks_check_yourself_questions_that_answer_in_both_languages():
    questions = asked()
    assert len(questions) >= 2
    for question in questions:
        assert VIETNAMESE.search(question.vi) and not VIETNAMESE.search(question.en)
        right = question.verdict(question.answer)
        assert right.startswith(selfcheck.LABELS["right"]) and question.why[0] in right and question.why[1] in right
        for letter in set(question.choices) - {question.answer}:
            assert question.verdict(letter).startswith(selfcheck.LABELS["wrong"])


def test_the_check_yourself_answers_are_right():
    """The reasons quote the numbers; they must be the reference's."""
    by_text = {q.en: q for q in asked()}
    quadrant = next(q for en, q in by_text.items() if "(−10, −10)" in en)
    assert quadrant.choices[quadrant.answer][0] == f"{reference.gradient_orientation(-10, -10):.0f}°".replace("-", "−")
    border = next(q for en, q in by_text.items() if "reflect-101" in en)
    padded = np.pad(np.array([10, 20, 40]), 1, mode="reflect")
    assert border.choices[border.answer][0] == f"{padded[0]} | 10 20 40 | {padded[-1]}"
    interior = next(q for en, q in by_text.items() if "shape (3, 5)" in en)
    x, y = (int(v) for v in interior.choices[interior.answer][0].strip("()").split(", "))
    assert reference.pixel_gradient(np.zeros((3, 5)), x, y) == (0, 0)  # all four neighbours exist


# --- the text ---------------------------------------------------------------------------------------------------------


def test_text_and_code_agree_the_gradient_figures_apply_the_students_function():
    assert "**your** `image_gradients`" in cell("see-it-en").source
    assert "`image_gradients` **của bạn**" in cell("see-it-vi").source
    for gid in ("figure", "photo_figure"):
        assert "figures.gradients(" in cell(gid).source and "image_gradients" in cell(gid).source
    lesson = [c for c in nb().cells if c.cell_type == "code" and not notebook.is_test(c)]
    assert not any("cv2.filter2D" in c.source for c in lesson if not notebook.is_solution(c))


def test_each_figure_cell_is_short():
    for c in nb().cells:
        if c.cell_type == "code" and "figures." in c.source and not notebook.is_test(c):
            code = [line for line in c.source.splitlines() if line.strip() and not line.startswith("#")]
            assert len(code) <= 3, notebook.grade_id(c)


def test_written_questions_show_their_points_in_both_languages():
    cells = nb().cells
    for i, c in enumerate(cells):
        if c.cell_type == "markdown" and notebook.is_solution(c):
            points = notebook.nbgrader_meta(c)["points"]
            en, vi = cells[i - 2], cells[i - 1]
            assert notebook.language(en) == "en" and f"({points:g} points)" in en.source, notebook.grade_id(c)
            assert notebook.language(vi) == "vi" and f"({points:g} điểm)" in vi.source, notebook.grade_id(c)


def test_the_quiz_says_validate_checks_only_the_format():
    assert "**Validate** checks only the answer's format" in cell("quiz-intro-en").source
    assert "**Validate** chỉ kiểm tra định dạng" in cell("quiz-intro-vi").source
    assert any(k.startswith("quiz") for k in [c.metadata.get("gradcourse", {}).get("pair") for c in nb().cells[-20:]])


def test_the_vietnamese_corrections():
    vi = text("vi")
    assert cell("title-vi").source.startswith("# Tính gradient ảnh bằng tay")
    assert "học phần" not in vi and "khoá học" in vi
    assert "cũng hai phép cắt mảng đó" not in vi and "chính hai phép cắt mảng đó" in vi


def test_the_title_describes_the_language_view_and_the_stub():
    en, vi = cell("title-en").source, cell("title-vi").source
    assert "followed by" not in en and "EN / VI" in en and "interface" in en
    assert "EN / VI" in vi and "giao diện" in vi
    for source in (en, vi):
        assert "`# YOUR CODE HERE / VIẾT CODE CỦA BẠN Ở ĐÂY`" in source and "/ # VIẾT" not in source


def test_the_summary_credits_pyimagesearch_and_gives_further_reading():
    for lang in ("en", "vi"):
        summary = cell(f"summary-{lang}").source
        assert "PyImageSearch Gurus" in summary and "1.10.1" in summary and "Adrian Rosebrock" in summary
        for anchor in ("gacea54f142e81b6758cb6f375ce782c8d", "gaa13106761eedf14798f37aa2d60404c9",
                       "ga04723e007ed888ddf11d9ba04e2232de"):  # Sobel, Scharr, Canny
            assert anchor in summary


def test_grading_detail_stands_in_pitfall_boxes():
    cells = nb().cells
    boxes = [(c, cells[i + 1]) for i, c in enumerate(cells[:-1])
             if notebook.language(c) == "en" and c.source.startswith("> **Pitfall")]
    assert len(boxes) >= 6
    for en, vi in boxes:
        assert vi.source.startswith("> **Cạm bẫy") and len(en.source.split()) <= 60, en.id
    pitfalls = " ".join(en.source for en, _ in boxes)
    for detail in ("wrap-around", "arctan", "np.gradient", "np.roll", "symmetric", "ties", "|G_x| + |G_y|"):
        assert detail in pitfalls, detail
