"""The same notebook earns the same grade: hidden inputs follow from the course's secret, never the clock,
and every typical wrong answer loses the same cells whatever the secret (gradcourse.seeds)."""

import functools

import pytest

from gradcourse import checks, grading, misconceptions, notebook, seeds
from conftest import REPO, run_test_cells, source_notebook

# Many courses' secrets: a wrong answer must lose the same cells under each of them.
SECRETS = [seeds.cell_seed(b"secrets for the tests", "term", str(i)).to_bytes(4, "big") for i in range(20)]


@functools.lru_cache(maxsize=None)
def assignment_of(exercise):
    """The assignment whose notebook has the exercise's solution cell."""
    for assignment in grading.assignments(REPO):
        if any(notebook.is_solution(c) and notebook.grade_id(c) == exercise
               for c in source_notebook(assignment).cells):
            return assignment
    raise LookupError(exercise)


def lost(wrong, secret):
    results = run_test_cells(assignment_of(wrong.exercise), wrong.exercise, wrong.source, secret)
    return frozenset(gid for gid, error in results.items() if error is not None)


@pytest.mark.parametrize("wrong", misconceptions.every(),
                         ids=lambda w: f"{w.exercise}-{w.key}-{w.answer.__name__}")
def test_a_typical_wrong_answer_loses_the_same_cells_under_every_secret(wrong):
    verdicts = {secret.hex(): lost(wrong, secret) for secret in SECRETS}
    assert len(set(verdicts.values())) == 1, verdicts
    assert next(iter(verdicts.values())), "the misconception must lose points"


@pytest.mark.parametrize("exercise", sorted({w.exercise for w in misconceptions.every()}))
def test_the_solutions_earn_every_point_under_every_secret(exercise):
    for secret in SECRETS:
        results = run_test_cells(assignment_of(exercise), exercise, secret=secret)
        assert {gid: repr(e) for gid, e in results.items() if e is not None} == {}, secret.hex()


def test_a_cells_draws_follow_from_its_seed_and_the_printed_seed_reruns_the_case():
    checks.seed_cell(1234)
    first = [checks.seeded(None) for _ in range(3)]
    checks.seed_cell(1234)
    again = [checks.seeded(None) for _ in range(3)]
    checks.seed_cell(None)
    assert [s for s, _ in first] == [s for s, _ in again] and len({s for s, _ in first}) == 3
    for (seed, generator), (_, rerun) in zip(first, [checks.seeded(s) for s, _ in first]):
        assert generator.integers(0, 2**32, 8).tolist() == rerun.integers(0, 2**32, 8).tolist()
    assert checks.seeded(None)[0] != checks.seeded(None)[0]  # no grader, no seed: fresh inputs at each run


def test_the_course_secret_is_made_once_private_and_rotated_by_deleting_it(tmp_path):
    secret = seeds.course_secret(tmp_path)
    path = tmp_path / seeds.SECRET_FILE
    assert len(secret) == 32 and oct(path.stat().st_mode & 0o777) == "0o600"
    assert seeds.course_secret(tmp_path) == secret
    path.unlink()
    assert seeds.course_secret(tmp_path) != secret
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert seeds.SECRET_FILE in ignored


def test_a_cells_seed_depends_on_the_secret_the_assignment_and_the_cell():
    a = seeds.cell_seed(b"x" * 32, "ps1", "test_neighbours_random")
    assert a == seeds.cell_seed(b"x" * 32, "ps1", "test_neighbours_random")
    assert len({a, seeds.cell_seed(b"y" * 32, "ps1", "test_neighbours_random"),
                seeds.cell_seed(b"x" * 32, "ps2", "test_neighbours_random"),
                seeds.cell_seed(b"x" * 32, "ps1", "test_neighbours_a")}) == 4


# --- with real nbgrader ------------------------------------------------------------------

COPIES = 2  # with the fresh course's: three gradings of every notebook, under two secrets


def scores(course, assignment, students):
    return {s: tuple(sorted((r.grade_id, r.score) for r in course.cell_results(assignment, s).values()))
            for s in students}


@pytest.fixture(scope="module", params=grading.assignments(REPO))
def graded_copies(request, tmp_path_factory):
    from conftest import new_course

    assignment = request.param
    course = new_course(tmp_path_factory.mktemp(f"copies-{assignment}"), assignment)
    students = grading.copies_class(assignment, COPIES)
    for student, (_, nb) in students.items():
        course.submit(assignment, student, nb)
    course.autograde(assignment, jobs=2)
    gradings = [scores(course, assignment, students)]
    fresh = new_course(tmp_path_factory.mktemp(f"fresh-{assignment}"), assignment)  # a new course, a new secret
    originals = {original: nb for original, nb in students.values()}
    for original, nb in originals.items():
        fresh.submit(assignment, original, nb)
    fresh.autograde(assignment, jobs=2)
    secrets = {c.root.joinpath(seeds.SECRET_FILE).read_bytes() for c in (course, fresh)}
    return assignment, students, gradings, scores(fresh, assignment, originals), secrets


@pytest.mark.slow
def test_every_copy_earns_the_same_score(graded_copies):
    assignment, students, gradings, _, _ = graded_copies
    by_original = {}
    for grading_scores in gradings:
        for student, (original, _) in students.items():
            by_original.setdefault(original, set()).add(grading_scores[student])
    spread = {original: sorted(sum(s for _, s in cells) for cells in seen)
              for original, seen in by_original.items() if len(seen) > 1}
    assert spread == {}, spread
    assert len(by_original) == len(students) // COPIES


@pytest.mark.slow
def test_a_fresh_course_with_a_new_secret_grades_every_notebook_alike(graded_copies):
    assignment, students, gradings, fresh, secrets = graded_copies
    assert len(secrets) == 2  # each course made its own secret
    first = {original: gradings[0][student] for student, (original, _) in students.items()}
    assert fresh == first
    best = max(sum(s for _, s in cells) for cells in first.values())
    assert sum(s for _, s in first["alice"]) == best  # the right answers keep every point
    for original, cells in first.items():
        if original.startswith("wrong"):
            assert sum(s for _, s in cells) < best, original  # every misconception still loses points
