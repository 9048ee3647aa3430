"""The bundled sample class: who the sample students are and what they wrote.

Each submission is built from the committed release (what a student gets)
and filled in with the instructor's solutions, typical wrong answers from
:mod:`gradcourse.misconceptions`, or nothing.  ``gradcourse samples`` writes
them under ``samples/``; a test proves the committed files are what this
module builds today.
"""

import csv
import io
from dataclasses import dataclass, field

from . import misconceptions, notebook


@dataclass(frozen=True)
class Answers:
    solved: bool = True  # start from the instructor's solutions, or from the stubs
    wrong: tuple = ()  # (exercise, misconception key) pairs
    written: dict = field(default_factory=dict)  # grade_id -> answer text or code


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str
    last_name: str
    answers: dict  # assignment -> Answers


STUDENTS = [
    Student("alice", "Alice", "Martin", {"ps1_manual_gradients": Answers(), "ps2_sobel_scharr": Answers(),
                                         "ps3_orientation_masks": Answers()}),
    Student("le_binh", "Bình", "Lê", {"ps1_manual_gradients": Answers(solved=False),
                                      "ps2_sobel_scharr": Answers(solved=False),
                                      "ps3_orientation_masks": Answers(solved=False)}),
    Student("chris", "Chris", "Walker", {"ps1_manual_gradients": Answers(
        wrong=(("pixel_gradient", "uint8-wraparound"),
               ("gradient_orientation", "radians"),
               ("image_gradients", "np-roll")),
        written={
            "quiz_2": 'quiz_2 = "b"\n',
            "written_rim": "The disc is flat inside so nothing changes; the rim is an edge.",
        }),
        "ps2_sobel_scharr": Answers(
            wrong=(("kernels", "convolution"),
                   ("sobel_gradients", "ddepth-clipping"),
                   ("to_gray", "rgb-weights")),
            written={
                "quiz_3": 'quiz_3 = "b"\n',
                "written_brick": "Sobel-x subtracts the left column from the right one, so it sees vertical lines.",
            }),
        "ps3_orientation_masks": Answers(
            wrong=(("orientation_mask", "exclusive-bounds"),
                   ("orientation_histogram", "ignores-weighted")),
            written={
                "quiz_2": 'quiz_2 = "a"\n',
                "written_left_right": "On the left and right sides the edge is vertical, so the gradient is horizontal.",
            })}),
    Student("nguyen_van_duc", "Văn Đức", "Nguyễn", {"ps1_manual_gradients": Answers(
        wrong=(("gradient_magnitude", "abs-sum"),
               ("image_gradients", "python-loop")),
        written={
            "written_rim": "Bên trong hình tròn cường độ sáng không đổi nên gradient bằng 0; "
                           "ở mép cường độ sáng nhảy vọt nên độ lớn gradient lớn. "
                           "Bóng đổ cũng tạo ra một biên.",
            "written_arctan": "(−1, −1) cho 45° thay vì −135°; (0, 5) chia cho 0. "
                              "arctan2 xét dấu của cả gx và gy.",
        }),
        "ps2_sobel_scharr": Answers(
            wrong=(("correlate", "not-by-hand"),
                   ("sobel_combined", "convertscaleabs-skipped")),
            written={
                "written_uint8": "Với ddepth = -1 kết quả là uint8 nên Gx âm ở biên phải bị bão hoà về 0. "
                                 "Hãy dùng cv2.CV_64F rồi cv2.convertScaleAbs để hiển thị.",
            }),
        "ps3_orientation_masks": Answers(
            wrong=(("magnitude_orientation", "no-fold"),
                   ("orientation_mask", "no-wrap")),
            written={
                "written_background": "Nền phẳng có gX = gY = 0 nên theta = 0 và nằm trong khoảng 0–10; "
                                      "nhiễu cho các gradient nhỏ theo mọi hướng. "
                                      "Cần thêm ngưỡng độ lớn, ví dụ mag >= 100.",
            })}),
]


def wrong_answer(exercise, key):
    for wrong in misconceptions.for_exercise(exercise):
        if wrong.key == key:
            return wrong
    raise KeyError(f"no typical wrong answer {key!r} for {exercise!r}")


def submission(answers, source_nb, release_nb):
    """The notebook a student with these ``answers`` hands in."""
    filled = notebook.solutions(source_nb) if answers.solved else {}
    for exercise, key in answers.wrong:
        filled[exercise] = wrong_answer(exercise, key).source
    filled.update(answers.written)
    return notebook.fill_in(release_nb, filled)


def wrong_answer_notebooks(source_nb, release_nb):
    """Every typical wrong answer of an assignment, in as few notebooks as they fit: ``{"wrongK": notebook}``,
    notebook K carrying the K-th wrong answer of each exercise (the solution where an exercise has fewer)."""
    exercises = sorted(notebook.grade_id(c) for c in source_nb.cells if notebook.is_solution(c))
    per_exercise = [w for w in (misconceptions.for_exercise(e) for e in exercises) if w]
    notebooks = {}
    for k in range(max(len(w) for w in per_exercise)):
        filled = notebook.solutions(source_nb)
        filled.update({w[k].exercise: w[k].source for w in per_exercise if k < len(w)})
        notebooks[f"wrong{k + 1}"] = notebook.fill_in(release_nb, filled)
    return notebooks


def roster_csv(students=STUDENTS):
    """The roster in the CSV form ``nbgrader db student import`` reads."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "first_name", "last_name", "email"])
    for s in students:
        writer.writerow([s.id, s.first_name, s.last_name, ""])
    return out.getvalue()
