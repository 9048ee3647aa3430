"""A course that grows one lesson at a time: each lesson in its package, an engine that names none."""

import io
import re
import tokenize
from pathlib import Path

import pytest

from gradcourse import checks, lessons, misconceptions, notebook, samples
from conftest import REPO

LESSONS = lessons.load_all()
# Lesson-side modules of the shared package that are not the grading engine: the slider widgets and the
# course images (explorer.py builds on ps3's orientation range; images.py lists image files, not exercises).
NOT_ENGINE = {"explorer"}
ENGINE = sorted(p for p in (REPO / "gradcourse").glob("*.py") if p.stem not in NOT_ENGINE)


def exercise_names():
    """Every name a lesson owns: its reference functions and constants and its solution cells' grade ids."""
    names = set()
    for lesson in LESSONS.values():
        ref = lesson.reference
        names |= {n for n, v in vars(ref).items() if not n.startswith("_")
                  and (n.isupper() or getattr(v, "__module__", None) == ref.__name__)}
    for path in (REPO / "source").glob("*/*.ipynb"):
        names |= {notebook.grade_id(c) for c in notebook.read(path).cells if notebook.is_solution(c)
                  and not re.fullmatch(r"quiz_\d+", notebook.grade_id(c))}  # the quizzes follow one convention
    return names


def test_every_source_assignment_is_a_lesson_found_by_looking():
    """Each assignment in source/ has its lesson package, and lessons.names() lists them without a table."""
    assignments = sorted(p.parent.name for p in (REPO / "source").glob("*/*.ipynb"))
    assert lessons.names() == assignments
    assert lessons.load("no_such_lesson") is None


@pytest.mark.parametrize("assignment", sorted(LESSONS))
def test_a_lesson_holds_its_reference_checks_wrong_answers_and_sample_students(assignment):
    """reference.py, checks.py, misconceptions.py; IMAGES that exist; SAMPLES for every sample student."""
    lesson = LESSONS[assignment]
    folder = Path(lesson.__file__).parent
    for part in ("reference.py", "checks.py", "misconceptions.py"):
        assert (folder / part).is_file(), part
    assert lesson.__doc__ and lesson.__doc__.startswith(assignment)
    for name in lesson.IMAGES:
        assert (REPO / "source" / assignment / "images" / f"{name}.png").is_file(), name
    assert set(lesson.SAMPLES) == {sid for sid, _, _ in samples.ROSTER}
    source = notebook.read(next((REPO / "source" / assignment).glob("*.ipynb")))
    exercises = {notebook.grade_id(c) for c in source.cells if notebook.is_solution(c) and c.cell_type == "code"}
    for answers in lesson.SAMPLES.values():
        for exercise, key in answers.wrong:
            assert exercise in exercises
            wrong = samples.wrong_answer(exercise, key)
            assert wrong.answer.__module__ == lesson.misconceptions.__name__, "a lesson's students use its own"


def test_every_wrong_answer_has_a_message_and_belongs_to_one_lesson():
    """Each typical wrong answer's key has a bilingual message; an exercise's wrong answers live in one lesson."""
    owners = {}
    for wrong in misconceptions.every():
        assert wrong.key in checks.MESSAGES, wrong.key
        owners.setdefault(wrong.exercise, set()).add(wrong.answer.__module__.rsplit(".", 1)[0])
    assert all(len(o) == 1 for o in owners.values()), owners


def test_a_message_key_means_one_thing_in_the_whole_course():
    """register() accepts a key again with the same text and refuses it with another (the dashboard counts keys)."""
    key = next(iter(LESSONS["ps3_orientation_masks"].checks.MESSAGES))
    checks.register({key: checks.MESSAGES[key]})
    with pytest.raises(checks.LessonError):
        checks.register({key: ("Another text.", "Một nội dung khác.")})
    assert checks.MESSAGES[key] == LESSONS["ps3_orientation_masks"].checks.MESSAGES[key]


def test_an_exercise_name_belongs_to_one_lesson():
    """A second lesson registering wrong answers to an existing exercise is told to name its exercise differently."""
    def elsewhere(image, x, y):
        return 0, 0, 0, 0

    elsewhere.__module__ = "gradcourse.lessons.another_lesson.misconceptions"
    with pytest.raises(ValueError, match="name the exercise"):
        misconceptions.wrong("xy-swapped", "neighbours")(elsewhere)


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: p.stem)
def test_no_engine_module_names_an_exercise(path):
    """The engine (intake, execution, sandbox, second opinion, grading, dashboard, CLI, the shared base of the
    checks) holds no assignment's name, and no exercise's name in its code, strings or comments."""
    source = path.read_text(encoding="utf-8")
    for assignment in LESSONS:
        assert assignment not in source, f"{path.name} names {assignment}"
    assert not re.search(r"\bps\d+\b", source), f"{path.name} names an assignment by number"
    names = exercise_names()
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and token.string in names:
            found.append((token.start[0], token.string))
        elif token.type in (tokenize.STRING, tokenize.COMMENT):
            # in prose, only the names no English sentence uses (pixel_gradient, SOBEL_X), not "neighbours"
            found += [(token.start[0], w) for w in re.findall(r"\w+", token.string)
                      if w in names and ("_" in w)]
    assert not found, f"{path.name} names exercises: {found}"
