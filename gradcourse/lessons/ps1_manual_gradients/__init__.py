"""ps1_manual_gradients (``manual_gradients.ipynb``): image gradients by hand.

A pixel's north, south, east and west neighbours; central differences Gx and
Gy (right for uint8 images); magnitude and orientation with ``arctan2``; then
the whole image at once, vectorised, with OpenCV's reflect-101 border; and an
investigation: how much of an image is edge (``edge_fraction``).  The lesson
draws its figures (``figures``) from the reference and has a pixel explorer
(``explorer``: sliders for x and y).
"""

from ...samples import Answers

IMAGES = ["coins"]  # the edge map at the top and the investigation
# (figures.photo: a drawn scene stands in where it is not, e.g. in a sandboxed grading kernel)

# What each sample student (gradcourse.samples.ROSTER) hands in.
SAMPLES = {
    "alice": Answers(),
    "le_binh": Answers(solved=False),
    "chris": Answers(
        wrong=(("pixel_gradient", "uint8-wraparound"),
               ("gradient_orientation", "radians"),
               ("image_gradients", "np-roll"),
               ("edge_fraction", "strict-threshold")),
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
