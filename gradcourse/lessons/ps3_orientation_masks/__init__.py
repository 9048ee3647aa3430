"""ps3_orientation_masks (``orientation_masks.ipynb``): where the edges point.

Sobel magnitude and orientation folded to [0°, 180°), masks of an
orientation range (inclusive bounds, wrapping through 180°/0°) with a
magnitude threshold and the angle explorer, an investigation (the range and
threshold that keep the pill's imprint line, scored by overlap with the
instructor's mask), and the orientation histogram that HOG and SIFT build on.
The lesson's pictures are in :mod:`.figures`.
"""

from ...samples import Answers

IMAGES = ["coins", "pill", "brick", "camera"]

SAMPLES = {
    "alice": Answers(),
    "le_binh": Answers(solved=False),
    "chris": Answers(
        wrong=(("orientation_mask", "exclusive-bounds"),
               ("imprint", "imprint-no-threshold"),
               ("orientation_histogram", "ignores-weighted")),
        written={
            "quiz_2": 'quiz_2 = "a"\n',
            "written_left_right": "On the left and right sides the edge is vertical, so the gradient is horizontal.",
            "written_imprint": "Without a threshold the table's noise shows up everywhere, so I raised it.",
        }),
    "nguyen_van_duc": Answers(
        wrong=(("magnitude_orientation", "no-fold"),
               ("orientation_mask", "no-wrap"),
               ("imprint", "imprint-vertical")),
        written={
            "written_background": "Nền phẳng có gX = gY = 0 nên theta = 0 và nằm trong khoảng 0–10; "
                                  "nhiễu cho các gradient nhỏ theo mọi hướng. "
                                  "Cần thêm ngưỡng độ lớn, ví dụ mag >= 100.",
        }),
}

from . import checks  # noqa: E402,F401  (registers the lesson's messages and wrong answers)
