"""The notebooks are the product: bilingual, well formed, and release/ is what nbgrader makes."""

import ast
import inspect
import re

import nbformat
import pytest

from gradcourse import checks, grading, lessons, notebook
from conftest import PS1, PS2, PS3, PS4, REPO, source_notebook

SOURCES = sorted((REPO / "source").glob("*/*.ipynb"))
TEACHING = SOURCES + sorted((REPO / "notebooks").glob("*.ipynb"))  # the lessons and the lecture notebooks
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)

# The exercise API of COURSE_SPEC §2: hidden tests and students' muscle memory depend on it.
API = {
    PS1: {
        "neighbours": "(image, x, y)",
        "pixel_gradient": "(image, x, y)",
        "gradient_magnitude": "(gx, gy)",
        "gradient_orientation": "(gx, gy)",
        "image_gradients": "(image)",
        "edge_fraction": "(image, threshold)",
    },
    PS2: {
        "apply_kernel": "(neighbourhood, kernel)",
        "correlate": "(image, kernel)",
        "to_gray": "(image_bgr)",
        "sobel_gradients": "(gray)",
        "scharr_gradients": "(gray)",
        "sobel_combined": "(gray)",
        "angle_error": "(kernel_x, angles)",
    },
    PS3: {
        "magnitude_orientation": "(gray)",
        "orientation_mask": "(gray, lower, upper, min_magnitude=0)",
        "orientation_histogram": "(gray, bins=9, weighted=True)",
    },
    PS4: {
        "direction_bins": "(theta)",
        "non_max_suppression": "(mag, theta)",
        "double_threshold": "(nms, low, high)",
        "hysteresis": "(strong, weak)",
        "canny": "(gray, low, high)",
    },
}


def glossary():
    rows = []
    for line in (REPO / "GLOSSARY.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("English", "---"):
            rows.append((cells[0], cells[1], [a.strip() for a in cells[2].split(",") if a.strip()]))
    return rows


@pytest.fixture(scope="module", params=SOURCES, ids=lambda p: p.parent.name)
def source(request):
    nb = notebook.read(request.param)
    nb.metadata["assignment"] = request.param.parent.name  # (in memory only) which lesson's checks it calls
    return nb


@pytest.fixture(scope="module", params=TEACHING, ids=lambda p: p.stem)
def teaching(request):
    return notebook.read(request.param)


def test_there_is_a_source_notebook_for_each_assignment():
    assert (REPO / "source" / PS1 / "manual_gradients.ipynb").exists()
    assert (REPO / "source" / PS2 / "sobel_scharr.ipynb").exists()
    assert (REPO / "source" / PS3 / "orientation_masks.ipynb").exists()


def test_teaching_notebooks_have_no_outputs(teaching):
    for cell in teaching.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.id


def test_every_english_cell_has_its_vietnamese_partner(teaching):
    assert notebook.language_problems(teaching) == []


def test_vietnamese_cells_are_vietnamese_and_english_cells_english(teaching):
    for cell in teaching.cells:
        lang = notebook.language(cell)
        if lang == "vi":
            assert len(VIETNAMESE.findall(cell.source)) >= 3, cell.id
        elif lang == "en":  # inline code may quote the bilingual stubs
            assert not VIETNAMESE.search(re.sub(r"`[^`]*`", "", cell.source)), cell.id


def test_language_check_notices_a_missing_partner(teaching):
    broken = nbformat.from_dict(teaching)
    vi = next(i for i, c in enumerate(broken.cells) if notebook.language(c) == "vi")
    del broken.cells[vi]
    assert notebook.language_problems(broken)


def test_glossary_has_the_spec_terms():
    terms = {vi for _, vi, _ in glossary()}
    assert {"gradient", "độ lớn gradient", "hướng gradient", "biên", "nhân tích chập", "ảnh xám",
            "điểm ảnh"} <= terms


def _avoided_terms_in(text):
    found = []
    for english, vietnamese, avoid in glossary():
        for word in avoid:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
                found.append(f"{word!r} (glossary: {english} = {vietnamese})")
    return found


def test_vietnamese_text_uses_the_glossary_terms(teaching):
    for cell in teaching.cells:
        if notebook.language(cell) == "vi":
            assert _avoided_terms_in(cell.source) == [], cell.id


def test_check_messages_use_the_glossary_terms():
    for key, (_, vi) in checks.MESSAGES.items():
        assert _avoided_terms_in(vi) == [], key


def _test_cells(nb):
    return [c for c in nb.cells if notebook.is_test(c)]


def test_each_test_cell_opens_with_a_bilingual_docstring(source):
    for cell in _test_cells(source):
        tree = ast.parse(cell.source)
        first = tree.body[0]
        assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
            and isinstance(first.value.value, str), cell.id
        assert VIETNAMESE.search(first.value.value), f"{cell.id}: docstring has no Vietnamese"


def test_no_test_cell_ends_in_a_value(source):
    """nbgrader gives full marks to a test cell that shows a non-number: end in a statement or a check."""
    for cell in _test_cells(source):
        for code in (cell.source, notebook.HIDDEN_TESTS.sub("", cell.source)):
            last = ast.parse(code).body[-1]
            if isinstance(last, ast.Expr):
                call = last.value
                assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
                    and isinstance(call.func.value, ast.Name) and call.func.value.id == "checks", \
                    f"{cell.id} ends in an expression that may show a value"
                lesson_checks = lessons.load(source.metadata["assignment"]).checks
                assert inspect.isfunction(getattr(lesson_checks, call.func.attr)), cell.id


@pytest.mark.parametrize("assignment", API)
def test_each_function_has_several_test_cells_and_hidden_tests(assignment):
    nb = source_notebook(assignment)
    for name in API[assignment]:
        cells = [c for c in _test_cells(nb) if notebook.grade_id(c).startswith(f"test_{name}_")]
        assert len(cells) >= 3, name
        assert any("### BEGIN HIDDEN TESTS" in c.source for c in cells), name
        assert all(0 < notebook.nbgrader_meta(c)["points"] <= 2 for c in cells), name


@pytest.mark.parametrize("assignment", API)
def test_exercises_have_the_spec_signatures(assignment):
    nb = source_notebook(assignment)
    cells = {notebook.grade_id(c): c for c in nb.cells if notebook.is_solution(c)}
    for name, signature in API[assignment].items():
        assert f"def {name}{signature}:" in cells[name].source
        assert "### BEGIN SOLUTION" in cells[name].source
        assert signature == str(inspect.signature(getattr(lessons.load(assignment).reference, name)))


WORKED = {
    PS1: (("29", "−14", "32.20", "−33", "26", "42.01", "−255", "−90", "360.62", "135", "arctan2"),
          ("[[25, 50, 50],", "[[125, 130, 150],")),
    PS2: (("231", "141", "270.63", "31.4", "1373", "787", "CV_64F", "convertScaleAbs", "addWeighted",
           "cv2.Scharr", "ksize=-1", "COLOR_BGR2GRAY", "[[3, 0, −3], [10, 0, −10], [3, 0, −3]]"),
          ("N = np.array([[93, 139, 101],", "[26, 252, 196],", "[135, 230, 18]]")),
    PS3: (("% 180", "175°–180°", "170° → 10°", "lower > upper", "45.0", "min_magnitude", "HOG", "SIFT",
           "Dalal", "[80, 100)"),
          ("explorer = explore([\"coins\", \"pill\", \"brick\", \"camera\"])", "(170, 10, 100)", "min_magnitude=100")),
    PS4: (("22.5", "157.5", "(x+1, y+1)", "L2gradient=True", "99.8", "1986", "119", "canny.cpp"),
          ("cv2.Canny(", "figures.against_opencv(", "explore(")),
}


@pytest.mark.parametrize("assignment", WORKED)
def test_lessons_teach_their_worked_examples(assignment):
    nb = source_notebook(assignment)
    numbers, code_snippets = WORKED[assignment]
    for lang in ("en", "vi"):
        text = "\n".join(c.source for c in nb.cells if notebook.language(c) == lang).replace("−", "-")
        for number in numbers:
            assert number.replace("−", "-") in text, (lang, number)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert all(snippet in code for snippet in code_snippets)


def test_ps2_explains_the_brick_wall_and_the_pill():
    text = "\n".join(c.source for c in source_notebook(PS2).cells if notebook.language(c) == "en")
    assert "vertical mortar" in text and "horizontal mortar" in text and "imprint line" in text
    assert "Prewitt" in text and "Canny" in text and "2000" in text


def test_ps3_teaches_the_fold_the_ties_and_the_wrap_with_figures():
    text = "\n".join(c.source for c in source_notebook(PS3).cells if notebook.language(c) == "en")
    assert "left and right boundaries" in text and "inclusive" in text and "wrap" in text
    assert "cv2.phase" in text and "Canny" in text
    code = {notebook.grade_id(c): c.source for c in source_notebook(PS3).cells if c.cell_type == "code"}
    assert "show_masks(\"coins\", [(175, 180, 0)" in code["show_masks"]
    tests = [c.source for c in source_notebook(PS3).cells if notebook.is_test(c)]
    assert any('random_masks(orientation_mask, "ties")' in t for t in tests), "a hidden test built on exact ties"


def test_a_lesson_opens_with_objectives_and_ends_with_quiz_and_summary(source):
    keys = [c.metadata.get("gradcourse", {}).get("pair") for c in source.cells]
    keys = [k for k in keys if k]
    assert "objectives" in keys[:4]
    assert keys[-1] == "summary"
    assert any(k.startswith("quiz") for k in keys[-8:])
    assert any(notebook.is_solution(c) and c.cell_type == "markdown" for c in source.cells), "written answers"


def test_release_is_what_nbgrader_generates_from_source(tmp_path):
    course = grading.Course.scratch(tmp_path)
    for assignment in grading.assignments():
        course.generate(assignment)
        committed = sorted(p.relative_to(REPO / "release" / assignment)
                           for p in (REPO / "release" / assignment).rglob("*") if p.is_file())
        generated = sorted(p.relative_to(tmp_path / "release" / assignment)
                           for p in (tmp_path / "release" / assignment).rglob("*") if p.is_file())
        assert committed == generated, "regenerate release/ with nbgrader generate_assignment"
        for name in generated:
            assert (REPO / "release" / assignment / name).read_bytes() == \
                   (tmp_path / "release" / assignment / name).read_bytes(), \
                f"release/{assignment}/{name} differs from what nbgrader makes: regenerate it"


@pytest.mark.parametrize("assignment", API)
def test_release_keeps_the_bilingual_stubs_and_no_solutions(assignment):
    nb = notebook.read(REPO / "release" / assignment / grading.notebook_name(REPO, assignment))
    text = "\n".join(c.source for c in nb.cells)
    assert "### BEGIN SOLUTION" not in text and "### BEGIN HIDDEN TESTS" not in text
    assert "# YOUR CODE HERE / VIẾT CODE CỦA BẠN Ở ĐÂY" in text
    assert "YOUR ANSWER HERE / CÂU TRẢ LỜI CỦA BẠN Ở ĐÂY" in text
    for answer in notebook.solutions(source_notebook(assignment)).values():
        if answer.startswith("quiz_"):
            assert answer.strip() not in text


def test_samples_are_what_gradcourse_builds(tmp_path):
    written = grading.write_samples(out=tmp_path)
    for path in written:
        committed = REPO / "samples" / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), f"run `gradcourse samples`: {committed}"
