"""ps1_manual_gradients (``manual_gradients.ipynb``): image gradients by hand.

A pixel's north, south, east and west neighbours; central differences Gx and
Gy (right for uint8 images); magnitude and orientation with ``arctan2``; then
the whole image at once, vectorised, with OpenCV's reflect-101 border.
"""

from ...samples import Answers

IMAGES = []  # the lesson draws its own small arrays

# What each sample student (gradcourse.samples.ROSTER) hands in.
SAMPLES = {
    "alice": Answers(),
    "le_binh": Answers(solved=False),
    "chris": Answers(
        wrong=(("pixel_gradient", "uint8-wraparound"),
               ("gradient_orientation", "radians"),
               ("image_gradients", "np-roll")),
        written={
            "quiz_2": 'quiz_2 = "b"\n',
            "written_rim": "The disc is flat inside so nothing changes; the rim is an edge.",
        }),
    "nguyen_van_duc": Answers(
        wrong=(("gradient_magnitude", "abs-sum"),
               ("image_gradients", "python-loop")),
        written={
            "written_rim": "Bên trong hình tròn cường độ sáng không đổi nên gradient bằng 0; "
                           "ở mép cường độ sáng nhảy vọt nên độ lớn gradient lớn. "
                           "Bóng đổ cũng tạo ra một biên.",
            "written_arctan": "(−1, −1) cho 45° thay vì −135°; (0, 5) chia cho 0. "
                              "arctan2 xét dấu của cả gx và gy.",
        }),
}

from . import checks  # noqa: E402,F401  (registers the lesson's messages and wrong answers)
