"""Reading, checking and filling in the course notebooks.

Every markdown cell of a lesson carries ``metadata.gradcourse.lang``
(``"en"`` or ``"vi"``) and ``metadata.gradcourse.pair``, a key shared by an
English cell and its Vietnamese partner.  Written answers (nbgrader's
manually graded markdown cells) are ``"any"``: students write in either
language.
"""

import re

# nbformat is imported where it is used: a lesson imports this module (through gradcourse.samples) in every
# student's kernel, and nbformat's jsonschema costs a second there (rfc3987-syntax builds a grammar).

SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.MULTILINE)
HIDDEN_TESTS = re.compile(r"^\s*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\s*$\n?", re.MULTILINE | re.DOTALL)


def read(path):
    import nbformat

    return nbformat.read(path, as_version=4)


def write(nb, path):
    import nbformat

    nbformat.write(nb, path)


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell):
    return nbgrader_meta(cell).get("grade_id")


def is_solution(cell):
    return bool(nbgrader_meta(cell).get("solution"))


def is_test(cell):
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def language(cell):
    return cell.get("metadata", {}).get("gradcourse", {}).get("lang")


def language_problems(nb):
    """Every way the notebook breaks the one-English-one-Vietnamese rule, as text."""
    problems = []
    pairs = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        meta = cell.get("metadata", {}).get("gradcourse", {})
        lang = meta.get("lang")
        if lang == "any" and is_solution(cell):
            continue
        if lang not in ("en", "vi"):
            problems.append(f"cell {index}: markdown cell without lang en/vi: {cell.source[:60]!r}")
            continue
        pairs.setdefault(meta.get("pair"), {}).setdefault(lang, []).append(index)
    for pair, langs in pairs.items():
        if pair is None:
            problems.append(f"cells {langs}: markdown cells without a pair key")
            continue
        if sorted(langs) != ["en", "vi"] or any(len(v) != 1 for v in langs.values()):
            problems.append(f"pair {pair!r}: expected one en and one vi cell, found {langs}")
        elif langs["vi"][0] != langs["en"][0] + 1:
            problems.append(f"pair {pair!r}: the Vietnamese cell does not follow its English partner")
    return problems


def solution_code(cell_source):
    """An instructor's solution cell as a student who solved it would submit it."""
    return SOLUTION_MARKERS.sub("", HIDDEN_TESTS.sub("", cell_source))


def solutions(source_nb):
    """``{grade_id: answer}`` for every solution cell of an instructor's notebook."""
    return {grade_id(c): solution_code(c.source) for c in source_nb.cells if is_solution(c)}


def fill_in(release_nb, answers):
    """A copy of a released notebook with some solution cells answered.

    ``answers`` maps a solution cell's ``grade_id`` to what the student wrote;
    cells not named keep the release's stub.
    """
    import nbformat

    nb = nbformat.from_dict(release_nb)
    unknown = set(answers) - {grade_id(c) for c in nb.cells if is_solution(c)}
    if unknown:
        raise KeyError(f"no solution cell with grade_id {sorted(unknown)}")
    for cell in nb.cells:
        if is_solution(cell) and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb
