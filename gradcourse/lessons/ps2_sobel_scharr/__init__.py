"""ps2_sobel_scharr (``sobel_scharr.ipynb``): gradients with kernels.

Sobel and Scharr kernels in OpenCV's correlation convention (and why
convolution texts print them flipped), a kernel applied by hand, correlation
over a whole image with reflect-101 borders, the investigation of each
kernel's angle error on rotated stripes (Sobel's 2.00° against Scharr's
0.31°), then OpenCV's ``Sobel``, ``Scharr``, ``convertScaleAbs`` and
``addWeighted``.  ``figures`` draws the lesson's pictures, ``explorer`` the
kernel-and-noise sliders.
"""

from ...samples import Answers

IMAGES = ["brick", "coins", "camera", "pill"]

SAMPLES = {
    "alice": Answers(),
    "le_binh": Answers(solved=False),
    "chris": Answers(
        wrong=(("kernels", "convolution"),
               ("sobel_gradients", "ddepth-clipping"),
               ("to_gray", "rgb-weights")),
        written={
            "quiz_3": 'quiz_3 = "b"\n',
            "written_brick": "Sobel-x subtracts the left column from the right one, so it sees vertical lines.",
            "written_angle": "Scharr is better than Sobel.",
        }),
    "nguyen_van_duc": Answers(
        wrong=(("correlate", "not-by-hand"),
               ("sobel_combined", "convertscaleabs-skipped"),
               ("angle_error", "signed-angle-error")),
        written={
            "written_uint8": "Với ddepth = -1 kết quả là uint8 nên Gx âm ở biên phải bị bão hoà về 0. "
                             "Hãy dùng cv2.CV_64F rồi cv2.convertScaleAbs để hiển thị.",
        }),
}

from . import checks  # noqa: E402,F401  (registers the lesson's messages and wrong answers)
