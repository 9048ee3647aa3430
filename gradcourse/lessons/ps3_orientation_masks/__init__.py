"""ps3_orientation_masks (``orientation_masks.ipynb``): where the edges point.

Sobel magnitude and orientation folded to [0°, 180°), masks of an
orientation range (inclusive bounds, wrapping through 180°/0°) with a
magnitude threshold and the angle explorer, and the orientation histogram
that HOG and SIFT build on.
"""

from ...samples import Answers

IMAGES = ["coins", "pill", "brick", "camera"]

SAMPLES = {
    "alice": Answers(),
    "le_binh": Answers(solved=False),
    "chris": Answers(
        wrong=(("orientation_mask", "exclusive-bounds"),
               ("orientation_histogram", "ignores-weighted")),
        written={
            "quiz_2": 'quiz_2 = "a"\n',
            "written_left_right": "On the left and right sides the edge is vertical, so the gradient is horizontal.",
        }),
    "nguyen_van_duc": Answers(
        wrong=(("magnitude_orientation", "no-fold"),
               ("orientation_mask", "no-wrap")),
        written={
            "written_background": "Nền phẳng có gX = gY = 0 nên theta = 0 và nằm trong khoảng 0–10; "
                                  "nhiễu cho các gradient nhỏ theo mọi hướng. "
                                  "Cần thêm ngưỡng độ lớn, ví dụ mag >= 100.",
        }),
}

from . import checks  # noqa: E402,F401  (registers the lesson's messages and wrong answers)
