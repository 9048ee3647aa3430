"""ps4_edges (``edges.ipynb``): from gradients to edges, the Canny detector.

The capstone: each folded orientation to the nearest of four direction bins,
non-maximum suppression along the bin (inclusive, y axis down), a double
threshold, 8-connected hysteresis, and ``canny`` assembled from the student's
own steps, then held against ``cv2.Canny(..., L2gradient=True)``.
"""

from ...samples import Answers

IMAGES = ["coins", "pill", "brick", "camera"]

SAMPLES = {
    "alice": Answers(),
    "le_binh": Answers(solved=False),
    "chris": Answers(
        wrong=(("non_max_suppression", "strict-comparison"),
               ("hysteresis", "one-step-hysteresis")),
        written={
            "quiz_1": 'quiz_1 = "a"\n',
            "written_thin": "Suppression keeps the biggest magnitude, so the edge is thinner.",
        }),
    "nguyen_van_duc": Answers(
        wrong=(("direction_bins", "truncated-bins"),
               ("canny", "abs-sum")),
        written={
            "written_thresholds": "Ngưỡng cao quyết định điểm ảnh nào chắc chắn là biên; ngưỡng thấp cho phép "
                                  "biên kéo dài qua những đoạn yếu hơn. Ngưỡng thấp quá thấp thì nhiễu lọt vào; "
                                  "ngưỡng cao quá cao thì mất biên.",
        }),
}

from . import checks  # noqa: E402,F401  (registers the lesson's messages and wrong answers)
