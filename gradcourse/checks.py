"""Bilingual checks called by the notebooks' test cells.

Each check compares a student's function with :mod:`gradcourse.reference`.
When the answer is wrong it raises :class:`CheckFailure` (an
``AssertionError``) whose message names the misconception, in English and in
Vietnamese, with the numbers that show it.  A misconception is recognised by
running the typical wrong answers of :mod:`gradcourse.misconceptions` on the
same input: the one that reproduces the student's result is the diagnosis.

Checks are quiet when the answer is right: the student's warnings and
``stderr`` are swallowed, because nbgrader gives 0 points to a test cell with
any ``stderr`` output, and a correct answer must keep its points.
"""

import contextlib
import functools
import inspect
import io
import numbers
import os
import secrets
import sys
import threading
import time
import warnings

import cv2
import numpy as np

from . import misconceptions, reference, tutor

# key -> (English, Vietnamese).  The key is printed in brackets, so the class
# dashboard can count misconceptions from nbgrader's stored outputs.
MESSAGES = {
    "wrong-value": (
        "The result is not the expected one.",
        "Kết quả không khớp với giá trị mong đợi.",
    ),
    "not-a-tuple": (
        "Return a tuple of {n} numbers, e.g. `return a, b`.",
        "Hãy trả về một tuple gồm {n} số, ví dụ `return a, b`.",
    ),
    "not-a-number": (
        "Each value must be a plain number (int or float), not {kind}.",
        "Mỗi giá trị phải là một số thông thường (int hoặc float), không phải {kind}.",
    ),
    "not-an-array": (
        "For array inputs, return a NumPy array of the same shape {shape}, not {kind}.",
        "Với đầu vào là mảng, hãy trả về một mảng NumPy cùng kích thước {shape}, không phải {kind}.",
    ),
    "wrong-shape": (
        "The result must have the image's shape {expected}, but has shape {got}. "
        "Keep the border pixels: the gradient has one value per pixel.",
        "Kết quả phải có cùng kích thước với ảnh {expected}, nhưng lại có kích thước {got}. "
        "Đừng bỏ các điểm ảnh ở viền ảnh: mỗi điểm ảnh có một giá trị gradient.",
    ),
    "wrong-dtype": (
        "The result must be float64, but its dtype is {dtype}. Convert it with `.astype(np.float64)` "
        "(or np.asarray(..., dtype=np.float64)).",
        "Kết quả phải có kiểu float64, nhưng lại là {dtype}. Hãy chuyển kiểu bằng `.astype(np.float64)` "
        "(hoặc np.asarray(..., dtype=np.float64)).",
    ),
    "uint8-wraparound": (
        "uint8 wrap-around: the image is uint8, where {a} - {b} is not {true} but {wrapped} (it wraps modulo 256). "
        "Convert the pixel values to int or float before subtracting.",
        "Tràn số uint8: ảnh có kiểu uint8, trong đó {a} - {b} không phải {true} mà là {wrapped} "
        "(quay vòng theo modulo 256). Hãy đổi giá trị điểm ảnh sang int hoặc float trước khi trừ.",
    ),
    "xy-swapped": (
        "x and y are swapped: x is the column and y the row, so NumPy indexes a pixel as image[y, x]; "
        "Gx compares left and right (columns), Gy compares top and bottom (rows).",
        "x và y bị đổi chỗ: x là cột, y là hàng, nên NumPy truy cập điểm ảnh bằng image[y, x]; "
        "Gx so sánh trái và phải (các cột), Gy so sánh trên và dưới (các hàng).",
    ),
    "y-up": (
        "The y axis points down in an image: north is the row above, y - 1, and Gy = bottom - top "
        "= I(x, y+1) - I(x, y-1). Your Gy has the opposite sign.",
        "Trục y của ảnh hướng xuống dưới: điểm lân cận phía bắc nằm ở hàng phía trên, y - 1, và Gy = dưới - trên "
        "= I(x, y+1) - I(x, y-1). Gy của bạn bị ngược dấu.",
    ),
    "forward-difference": (
        "This is a forward difference, I(x+1) - I(x). The lesson's gradient is the central difference "
        "I(x+1) - I(x-1): east minus west, south minus north.",
        "Đây là sai phân tiến, I(x+1) - I(x). Gradient trong bài là sai phân trung tâm "
        "I(x+1) - I(x-1): đông trừ tây, nam trừ bắc.",
    ),
    "np-gradient": (
        "This looks like np.gradient, which divides the central difference by 2 and uses one-sided "
        "differences at the border. The lesson (and OpenCV) uses I(x+1) - I(x-1), not halved, "
        "with reflect-101 borders.",
        "Kết quả giống np.gradient: hàm này chia sai phân trung tâm cho 2 và dùng sai phân một phía ở viền ảnh. "
        "Bài học (và OpenCV) dùng I(x+1) - I(x-1), không chia đôi, với viền ảnh kiểu reflect-101.",
    ),
    "abs-sum": (
        "|Gx| + |Gy| is a cheap approximation, not the magnitude. The magnitude is sqrt(Gx² + Gy²).",
        "|Gx| + |Gy| chỉ là phép xấp xỉ rẻ, không phải độ lớn gradient. Độ lớn gradient là sqrt(Gx² + Gy²).",
    ),
    "no-sqrt": (
        "Gx² + Gy² is the squared magnitude: take its square root.",
        "Gx² + Gy² là bình phương độ lớn gradient: hãy lấy căn bậc hai.",
    ),
    "radians": (
        "The angle is in radians. The lesson asks for degrees: multiply by 180/π (or use np.degrees).",
        "Góc đang tính bằng radian. Bài yêu cầu tính bằng độ: hãy nhân với 180/π (hoặc dùng np.degrees).",
    ),
    "arctan": (
        "np.arctan(gy / gx) loses the quadrant ((1, 1) and (-1, -1) give the same angle) and is undefined "
        "when gx = 0. Use np.arctan2(gy, gx), which looks at both signs.",
        "np.arctan(gy / gx) làm mất thông tin góc phần tư ((1, 1) và (-1, -1) cho cùng một góc) và không xác định "
        "khi gx = 0. Hãy dùng np.arctan2(gy, gx), hàm này xét dấu của cả hai thành phần.",
    ),
    "arctan2-arguments": (
        "np.arctan2 takes y first: np.arctan2(gy, gx), not np.arctan2(gx, gy).",
        "np.arctan2 nhận y trước: np.arctan2(gy, gx), không phải np.arctan2(gx, gy).",
    ),
    "folded": (
        "The orientation is folded into [0°, 180°) (with % 180, or by adding 180° to negative angles, as HOG "
        "code does). This exercise asks for the signed angle in (-180°, 180°] that np.arctan2 gives: keep its "
        "sign. Folding comes later, with the orientation masks.",
        "Hướng gradient đã bị gập về [0°, 180°) (bằng % 180, hoặc bằng cách cộng 180° vào các góc âm, như code HOG "
        "vẫn làm). Bài tập này yêu cầu góc có dấu trong (-180°, 180°] đúng như np.arctan2 trả về: hãy giữ nguyên "
        "dấu của nó. Việc gập góc sẽ học sau, ở phần mặt nạ hướng.",
    ),
    "range-0-360": (
        "The orientation must lie in (-180°, 180°], as np.arctan2 gives it; do not shift it to [0°, 360°).",
        "Hướng gradient phải nằm trong (-180°, 180°], đúng như np.arctan2 trả về; đừng chuyển sang [0°, 360°).",
    ),
    "np-roll": (
        "np.roll wraps the image around: the left border is compared with the right border. "
        "Borders must follow OpenCV's reflect-101 (np.pad(..., mode='reflect')), which makes the first "
        "and last column of Gx (row of Gy) exactly 0.",
        "np.roll cuộn ảnh vòng lại: viền trái bị so sánh với viền phải. "
        "Viền ảnh phải theo kiểu reflect-101 của OpenCV (np.pad(..., mode='reflect')), khi đó cột đầu "
        "và cột cuối của Gx (hàng đầu và hàng cuối của Gy) đúng bằng 0.",
    ),
    "zero-padding": (
        "Zero padding makes a bright border look like an edge. Borders must follow OpenCV's reflect-101 "
        "(np.pad(..., mode='reflect')), which makes the first and last column of Gx (row of Gy) exactly 0.",
        "Đệm bằng số 0 khiến viền ảnh sáng trông như một biên. Viền ảnh phải theo kiểu reflect-101 của OpenCV "
        "(np.pad(..., mode='reflect')), khi đó cột đầu và cột cuối của Gx (hàng đầu và hàng cuối của Gy) đúng bằng 0.",
    ),
    "wrong-border": (
        "The inside of the image is right but the border is not. Borders must follow OpenCV's reflect-101 "
        "(np.pad(..., mode='reflect')): the first and last column of Gx (row of Gy) are exactly 0.",
        "Phần bên trong ảnh đã đúng nhưng viền ảnh thì chưa. Viền ảnh phải theo kiểu reflect-101 của OpenCV "
        "(np.pad(..., mode='reflect')): cột đầu và cột cuối của Gx (hàng đầu và hàng cuối của Gy) đúng bằng 0.",
    ),
    "python-loop": (
        "The answer is {ratio:.0f}× slower than a vectorised version ({got:.3f} s against {ref:.4f} s on a "
        "{shape} image): it seems to loop over pixels in Python. Use array slicing (or np.pad and slicing) instead.",
        "Bài làm chậm hơn {ratio:.0f} lần so với cách vector hoá ({got:.3f} s so với {ref:.4f} s trên ảnh "
        "{shape}): có vẻ bạn duyệt từng điểm ảnh bằng vòng lặp Python. Hãy dùng cắt mảng (hoặc np.pad và cắt mảng).",
    ),
    "convolution": (
        "The kernel is flipped: this is convolution, which rotates the kernel by 180° and, for these "
        "derivative kernels, changes the sign of every gradient. OpenCV's filter2D, Sobel and Scharr "
        "compute a correlation: use the kernel as printed, right - left and bottom - top.",
        "Nhân tích chập bị lật: đây là phép tích chập, phép này xoay nhân tích chập 180° và, với các nhân "
        "đạo hàm này, làm đổi dấu mọi gradient. filter2D, Sobel và Scharr của OpenCV tính phép tương quan: "
        "hãy dùng nhân tích chập đúng như khi in ra, phải - trái và dưới - trên.",
    ),
    "scharr-sign": (
        "Scharr with the opposite sign: [[3, 0, -3], [10, 0, -10], [3, 0, -3]] is how texts that convolve "
        "print it. In OpenCV's correlation, Scharr-x is [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]]: with the "
        "printed kernel every gradient points the wrong way.",
        "Scharr bị ngược dấu: [[3, 0, -3], [10, 0, -10], [3, 0, -3]] là cách in của các tài liệu dùng tích chập. "
        "Với phép tương quan của OpenCV, Scharr-x là [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]]: nếu dùng nhân tích chập "
        "in ngược dấu, mọi gradient đều chỉ sai hướng.",
    ),
    "kernel-shape": (
        "{name} must be a 3×3 array of numbers, e.g. np.array([[...], [...], [...]]); got {got}.",
        "{name} phải là một mảng 3×3 gồm các số, ví dụ np.array([[...], [...], [...]]); nhận được {got}.",
    ),
    "ddepth-clipping": (
        "The output depth clips: with ddepth=-1 or cv2.CV_8U on a uint8 image OpenCV saturates to 0…255, "
        "so every negative slope (bright to dark) becomes 0 and half of the edges vanish. Use cv2.CV_64F.",
        "Độ sâu đầu ra bị cắt: với ddepth=-1 hoặc cv2.CV_8U trên ảnh uint8, OpenCV bão hoà kết quả về 0…255, "
        "nên mọi gradient âm (từ sáng sang tối) trở thành 0 và một nửa số biên biến mất. Hãy dùng cv2.CV_64F.",
    ),
    "convertscaleabs-skipped": (
        "Take cv2.convertScaleAbs of each gradient before combining them: averaging the signed gradients "
        "lets opposite slopes cancel, and negative values are lost.",
        "Hãy lấy cv2.convertScaleAbs của từng gradient trước khi kết hợp: lấy trung bình các gradient có dấu "
        "khiến các gradient ngược chiều triệt tiêu nhau, và các giá trị âm bị mất.",
    ),
    "rgb-weights": (
        "RGB weights on a BGR image: cv2.imread gives the channels in the order blue, green, red, so the "
        "conversion is cv2.COLOR_BGR2GRAY. With COLOR_RGB2GRAY the weights of red and blue are swapped.",
        "Dùng trọng số RGB cho ảnh BGR: cv2.imread trả về các kênh theo thứ tự xanh lam, xanh lục, đỏ, nên phép "
        "chuyển đổi là cv2.COLOR_BGR2GRAY. Với COLOR_RGB2GRAY, trọng số của kênh đỏ và kênh xanh lam bị đổi chỗ.",
    ),
    "gray-rounding": (
        "Almost: some pixels are off by 1. OpenCV computes the gray value in fixed point, with its own "
        "rounding; use cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).",
        "Gần đúng: một số điểm ảnh lệch 1 đơn vị. OpenCV tính giá trị xám bằng số học dấu phẩy tĩnh, với cách "
        "làm tròn riêng; hãy dùng cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).",
    ),
    "sobel-not-scharr": (
        "These are Sobel gradients (weights 1, 2, 1), not Scharr (3, 10, 3): use cv2.Scharr, or cv2.Sobel "
        "with ksize=-1.",
        "Đây là gradient Sobel (trọng số 1, 2, 1), không phải Scharr (3, 10, 3): hãy dùng cv2.Scharr, hoặc "
        "cv2.Sobel với ksize=-1.",
    ),
    "not-by-hand": (
        "This exercise is by hand, but the answer calls {name}. Write it with NumPy: np.pad and slicing.",
        "Bài tập này phải tự viết bằng tay, nhưng bài làm lại gọi {name}. Hãy viết bằng NumPy: np.pad và cắt mảng.",
    ),
    "not-float64": (
        "The result must be float64 (cv2.CV_64F), but its dtype is {dtype}.",
        "Kết quả phải có kiểu float64 (cv2.CV_64F), nhưng lại là {dtype}.",
    ),
    "not-uint8": (
        "The result must be a uint8 image, but its dtype is {dtype}.",
        "Kết quả phải là ảnh uint8, nhưng lại có kiểu {dtype}.",
    ),
    "no-fold": (
        "The orientation is not folded: it must lie in [0°, 180°), theta = np.degrees(np.arctan2(gY, gX)) % 180. "
        "An edge and its opposite direction are one edge.",
        "Hướng gradient chưa được gập: nó phải nằm trong [0°, 180°), theta = np.degrees(np.arctan2(gY, gX)) % 180. "
        "Một biên và hướng ngược lại của nó là cùng một biên.",
    ),
    "cv2-phase": (
        "cv2.phase / cv2.cartToPolar are accurate to about 0.01° only (45° comes out as 44.99°), which moves "
        "pixels across the bounds: use np.degrees(np.arctan2(gY, gX)) % 180, exact on 0, 45, 90 and 135°.",
        "cv2.phase / cv2.cartToPolar chỉ chính xác đến khoảng 0.01° (45° thành 44.99°), khiến các điểm ảnh bị đẩy "
        "qua các cận: hãy dùng np.degrees(np.arctan2(gY, gX)) % 180, chính xác tại 0, 45, 90 và 135°.",
    ),
    "exclusive-bounds": (
        "The bounds must be inclusive, lower <= theta <= upper: a pixel exactly on a bound (and many sit exactly "
        "on 0, 45, 90 or 135°) is inside the mask.",
        "Các cận phải được tính cả hai đầu, lower <= theta <= upper: điểm ảnh nằm đúng trên một cận (và rất nhiều "
        "điểm ảnh nằm đúng trên 0, 45, 90 hoặc 135°) thuộc mặt nạ.",
    ),
    "no-wrap": (
        "When lower > upper the range wraps through 180/0: keep theta >= lower OR theta <= upper "
        "(e.g. 170 → 10 keeps the near-vertical edges).",
        "Khi lower > upper, khoảng góc đi vòng qua 180/0: giữ theta >= lower HOẶC theta <= upper "
        "(ví dụ 170 → 10 giữ các biên gần như thẳng đứng).",
    ),
    "mask-0-1": (
        "The mask must be 0 and 255 (uint8), OpenCV's convention, not 0 and 1: multiply by 255.",
        "Mặt nạ phải gồm 0 và 255 (uint8), theo quy ước của OpenCV, không phải 0 và 1: hãy nhân với 255.",
    ),
    "ignores-weighted": (
        "The histogram ignores `weighted`: with weighted=True each pixel adds its magnitude, with "
        "weighted=False it adds 1.",
        "Histogram bỏ qua tham số `weighted`: với weighted=True mỗi điểm ảnh cộng thêm độ lớn gradient của nó, "
        "với weighted=False mỗi điểm ảnh cộng thêm 1.",
    ),
    "reference-called": (
        "The answer calls the course's reference implementation; write your own.",
        "Bài làm gọi lời giải mẫu của khoá học; hãy tự viết lời giải.",
    ),
    "quiz-format": (
        "Answer with one letter among {choices}, as a string, e.g. quiz_1 = \"a\".",
        "Hãy trả lời bằng một chữ cái trong {choices}, dưới dạng chuỗi, ví dụ quiz_1 = \"a\".",
    ),
    "quiz-wrong": (
        "Not this one: read that part of the lesson again.",
        "Chưa đúng: hãy đọc lại phần đó của bài học.",
    ),
    # --- grading: what happened to a submission, rather than a misconception ---
    "kernel-exited": (
        "The kernel stopped during this cell: it exited with code {code} (exit(), quit(), sys.exit() in a "
        "thread, or os._exit()). Earlier cells keep their results; grading went on from the next cell "
        "in a fresh kernel. Do not end the kernel in a submitted notebook.",
        "Kernel đã dừng trong ô này: nó thoát với mã {code} (exit(), quit(), sys.exit() trong một luồng, hoặc "
        "os._exit()). Các ô trước giữ nguyên kết quả; việc chấm tiếp tục từ ô sau trong một kernel mới. "
        "Đừng kết thúc kernel trong notebook nộp bài.",
    ),
    "kernel-crashed": (
        "The kernel crashed during this cell (a segmentation fault: invalid memory access from C code, "
        "ctypes or a corrupted array). Earlier cells keep their results; grading went on from the next "
        "cell in a fresh kernel.",
        "Kernel bị sập trong ô này (lỗi phân đoạn — segmentation fault: truy cập bộ nhớ không hợp lệ từ code C, "
        "ctypes hoặc một mảng bị hỏng). Các ô trước giữ nguyên kết quả; việc chấm tiếp tục từ ô sau trong "
        "một kernel mới.",
    ),
    "kernel-cpu": (
        "The kernel used up its CPU time during this cell. Earlier cells keep their results; grading went "
        "on from the next cell in a fresh kernel.",
        "Kernel đã dùng hết thời gian CPU trong ô này. Các ô trước giữ nguyên kết quả; việc chấm tiếp tục "
        "từ ô sau trong một kernel mới.",
    ),
    "kernel-killed": (
        "The kernel was killed during this cell ({signal}), most often for using more memory than grading "
        "allows. Earlier cells keep their results; grading went on from the next cell in a fresh kernel.",
        "Kernel bị buộc dừng trong ô này ({signal}), thường là vì dùng nhiều bộ nhớ hơn mức cho phép khi chấm. "
        "Các ô trước giữ nguyên kết quả; việc chấm tiếp tục từ ô sau trong một kernel mới.",
    ),
    "kernel-lost": (
        "The kernel stopped answering during this cell. Earlier cells keep their results; grading went on "
        "from the next cell in a fresh kernel.",
        "Kernel ngừng phản hồi trong ô này. Các ô trước giữ nguyên kết quả; việc chấm tiếp tục từ ô sau "
        "trong một kernel mới.",
    ),
    "cell-timeout": (
        "This cell ran for more than {seconds} s and was stopped (an endless loop, or far too slow). It "
        "scores 0; grading went on from the next cell in a fresh kernel.",
        "Ô này chạy quá {seconds} giây nên bị dừng (vòng lặp vô hạn, hoặc quá chậm). Ô này được 0 điểm; "
        "việc chấm tiếp tục từ ô sau trong một kernel mới.",
    ),
    "not-run-time": (
        "Not run: the notebook used up its {seconds} s of grading time before this cell.",
        "Không chạy: notebook đã dùng hết {seconds} giây dành cho việc chấm trước khi đến ô này.",
    ),
    "not-run-restarts": (
        "Not run: the kernel was lost {count} times in this notebook, so grading stopped here.",
        "Không chạy: kernel đã bị mất {count} lần trong notebook này, nên việc chấm dừng ở đây.",
    ),
    "not-run-replay": (
        "Not run: after a restart, cell {cell} could not be run again, so grading stopped here.",
        "Không chạy: sau khi khởi động lại, không chạy lại được ô {cell}, nên việc chấm dừng ở đây.",
    ),
    "output-truncated": (
        "Output cut: this cell printed more than {kb} kB; the rest was dropped (the cell still counts).",
        "Đầu ra đã bị cắt: ô này in ra hơn {kb} kB; phần còn lại bị bỏ (ô này vẫn được tính).",
    ),
    "unreadable": (
        "{name} could not be read as a notebook ({error}), so nothing in it could be graded: it scores 0. "
        "Your submission is kept as it was; ask your instructor, and check the file opens in JupyterLab.",
        "Không đọc được {name} như một notebook ({error}), nên không chấm được gì trong đó: bài được 0 điểm. "
        "Bài nộp của bạn vẫn được giữ nguyên; hãy hỏi giảng viên và kiểm tra tệp có mở được trong JupyterLab không.",
    ),
    "renamed": (
        "Your notebook was named {got}; it was graded as {name}. Keep the notebook's name next time.",
        "Notebook của bạn có tên {got}; nó đã được chấm như {name}. Lần sau hãy giữ nguyên tên notebook.",
    ),
    "missing-notebook": (
        "No {name} was submitted (found: {got}), so nothing could be graded: it scores 0.",
        "Không có tệp {name} trong bài nộp (tìm thấy: {got}), nên không chấm được gì: bài được 0 điểm.",
    ),
    "wrong-assignment": (
        "The submitted {name} is not this assignment's notebook (it looks like {other}'s), so it scores 0 "
        "here. Submit each notebook to its own assignment.",
        "Tệp {name} đã nộp không phải notebook của bài này (có vẻ là của {other}), nên ở đây được 0 điểm. "
        "Hãy nộp mỗi notebook vào đúng bài của nó.",
    ),
    "duplicated-cells": (
        "Graded cells were duplicated ({ids}): only the first copy of each was graded; the others ran as "
        "plain cells.",
        "Các ô được chấm điểm bị nhân đôi ({ids}): chỉ bản đầu tiên của mỗi ô được chấm; các bản còn lại "
        "chạy như ô thường.",
    ),
    "grading-failed": (
        "The grader could not grade this notebook ({error}), so it scores 0 for now; your instructor has "
        "been told and your submission is kept as it was.",
        "Hệ thống chấm không chấm được notebook này ({error}), nên tạm thời bài được 0 điểm; giảng viên đã được "
        "báo và bài nộp của bạn vẫn được giữ nguyên.",
    ),
    "second-opinion": (
        "Your kernel showed this test as passed, but the grader ran it again outside your kernel, on your "
        "answers, and it failed there:\n{error}",
        "Kernel của bạn cho thấy bài kiểm tra này đạt, nhưng hệ thống chấm đã chạy lại nó bên ngoài kernel "
        "của bạn, trên các câu trả lời của bạn, và nó không đạt ở đó (chi tiết ở trên).",
    ),
    "tampering": (
        "This notebook's own code uses tools that can change how it is graded (cell: tools — {cells}), so "
        "its tests count for nothing. If that was not your intent, talk to your instructor, who can review it.",
        "Code của chính notebook này dùng những công cụ có thể thay đổi cách chấm (ô: công cụ — {cells}), nên "
        "các bài kiểm tra của nó không được tính. Nếu bạn không có ý đó, hãy trao đổi với giảng viên để được "
        "xem xét lại.",
    ),
    "not-answered": (
        "Not answered yet: write your code where it says YOUR CODE HERE, and delete the line "
        "raise NotImplementedError().",
        "Chưa trả lời: hãy viết code của bạn ở chỗ có dòng VIẾT CODE CỦA BẠN Ở ĐÂY, rồi xoá dòng "
        "raise NotImplementedError().",
    ),
}
# The same misconception said the way one exercise needs it: (key, exercise) -> (English, Vietnamese).
IN_EXERCISE = {
    ("y-up", "neighbours"): (
        "The y axis points down in an image: north is the row above, image[y - 1, x], and south the row below, "
        "image[y + 1, x]. Your north and south are swapped.",
        "Trục y của ảnh hướng xuống dưới: điểm lân cận phía bắc nằm ở hàng phía trên, image[y - 1, x], còn phía "
        "nam ở hàng phía dưới, image[y + 1, x]. Bắc và nam của bạn bị đổi chỗ.",
    ),
    ("y-up", "gradient_orientation"): (
        "The y axis points down in an image, and gy is already bottom - top: the angle is "
        "np.degrees(np.arctan2(gy, gx)). Negating gy, as for a y axis pointing up, flips the angle's sign.",
        "Trục y của ảnh hướng xuống dưới, và gy đã là dưới - trên: góc là np.degrees(np.arctan2(gy, gx)). "
        "Đổi dấu gy, như khi trục y hướng lên, làm góc bị đổi dấu.",
    ),
    ("wrong-dtype", "image_gradients"): (
        "The result must be float64, but its dtype is {dtype}. Convert the image with `.astype(np.float64)` "
        "before subtracting, so negative slopes and fractions survive.",
        "Kết quả phải có kiểu float64, nhưng lại là {dtype}. Hãy chuyển kiểu ảnh bằng `.astype(np.float64)` "
        "trước khi trừ để giữ được giá trị âm và phần thập phân.",
    ),
}
# What happened to a submission while it was graded, rather than what a student misunderstood.
GRADING_KEYS = frozenset(list(MESSAGES)[list(MESSAGES).index("kernel-exited"):])


class CheckFailure(AssertionError):
    """A wrong answer, explained in English and Vietnamese."""

    def __init__(self, key, detail="", exercise=None, candidates=(), **fields):
        en, vi = IN_EXERCISE.get((key, exercise), MESSAGES[key])
        self.key = key
        # misconceptions that all give this result: none is named, and the random drivers look on for a clearer case
        self.candidates = tuple(candidates)
        text = [f"[{key}] " + en.format(**fields), "       " + vi.format(**fields)]
        if detail:
            text.append(detail)
        super().__init__("\n".join(text))

    def _render_traceback_(self):
        """What IPython shows for it: the message alone, no frame of the course's package."""
        return str(self).splitlines()


class LessonError(Exception):
    """The lesson's own numbers disagree with the reference (an instructor's bug)."""


# --- running a student's function -------------------------------------------


# Library filters that a by-hand answer may not call.  cv2's functions are
# builtins without a __module__, so they are recognised by identity; SciPy's
# are Python functions, recognised by their file (imported at any time).
_CV2_FILTERS = {getattr(cv2, name): f"cv2.{name}" for name in
                ("filter2D", "sepFilter2D", "Sobel", "Scharr", "Laplacian", "spatialGradient")}
_SCIPY_FILTERS = tuple(os.sep + os.path.join("scipy", part) + os.sep for part in ("ndimage", "signal"))


class _LibraryFilterCalls:
    """A profile hook that notes every call of a library filter."""

    def __init__(self):
        self.called = []

    def __call__(self, frame, event, arg):
        if event == "c_call":
            name = _CV2_FILTERS.get(arg) if isinstance(arg, type(len)) else None
            if name:
                self.called.append(name)
        elif event == "call" and any(part in frame.f_code.co_filename for part in _SCIPY_FILTERS):
            self.called.append(f"scipy ({frame.f_code.co_name})")


@contextlib.contextmanager
def _library_filters_noted(enabled):
    if not enabled:
        yield None
        return
    hook, previous = _LibraryFilterCalls(), sys.getprofile()
    sys.setprofile(hook)
    threading.setprofile(hook)
    try:
        yield hook
    finally:
        sys.setprofile(previous)
        threading.setprofile(None)


def _run(func, *args, by_hand=False):
    """Call a student's function quietly, with the reference out of reach.

    Inputs are copied so an answer that writes into its input cannot change
    what the check compares with.  With ``by_hand``, an answer that calls a
    library filter fails whatever it returns.
    """
    args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    sink = io.StringIO()
    with warnings.catch_warnings(), np.errstate(all="ignore"), \
            contextlib.redirect_stderr(sink), reference.forbidden():
        warnings.simplefilter("ignore")
        try:
            with _library_filters_noted(by_hand) as calls:
                result = func(*args)
        except reference.ReferenceCalledError:
            raise CheckFailure("reference-called") from None
        except NotImplementedError as error:
            if error.args:  # the stub raises it bare; one with a message is the student's own
                raise
            raise CheckFailure("not-answered") from None
    if calls is not None and calls.called:
        raise CheckFailure("not-by-hand", name=calls.called[0])
    return result


# An exercise that builds on an earlier one is graded on its own: while it
# runs, the earlier function's name in the student's namespace means the
# reference, so one mistake does not cost points twice.
BUILDS_ON = {
    "orientation_mask": ("magnitude_orientation",),
    "orientation_histogram": ("magnitude_orientation",),
}


@contextlib.contextmanager
def _graded_alone(exercise, student):
    namespace = getattr(student, "__globals__", None)
    names = BUILDS_ON.get(exercise, ()) if isinstance(namespace, dict) else ()
    missing = object()
    saved = {name: namespace.get(name, missing) for name in names}
    for name in names:
        namespace[name] = getattr(reference, name).__wrapped__
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def _run_diagnosed(exercise, student, *args, by_hand=False):
    """Run the answer (on its own, see BUILDS_ON); an exception that a typical wrong answer also raises is named."""
    try:
        with _graded_alone(exercise, student):
            return _run(student, *args, by_hand=by_hand)
    except (IndexError, ZeroDivisionError, TypeError, ValueError) as error:
        matches = set()
        for wrong in misconceptions.for_exercise(exercise):
            try:
                _run(wrong.answer, *args)
            except Exception as theirs:
                if type(theirs) is type(error) and str(theirs) == str(error):
                    matches.add(wrong.key)
        if len(matches) == 1:
            detail = f"{_call_text(exercise, args, None)}\n{type(error).__name__}: {error}"
            raise CheckFailure(matches.pop(), detail=detail, exercise=exercise) from error
        raise


def _try_wrong(answer, *args):
    try:
        return _run(answer, *args)
    except Exception:
        return None


# --- turning results into comparable values ---------------------------------


def _kind(value):
    return type(value).__name__


def _number(value):
    """A student's scalar as a Python number, or a CheckFailure."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise CheckFailure("not-a-number", kind=_kind(value))
    return value.item() if isinstance(value, np.generic) else value


def _numbers(value, n):
    if isinstance(value, np.ndarray):
        value = tuple(value.tolist()) if value.ndim == 1 else value
    if not isinstance(value, (tuple, list)) or len(value) != n:
        raise CheckFailure("not-a-tuple", n=n, detail=f"got / nhận được: {value!r}")
    return tuple(_number(v) for v in value)


def _array(value, shape, exercise=None):
    if not isinstance(value, np.ndarray):
        raise CheckFailure("not-an-array", shape=shape, kind=_kind(value))
    if value.shape != shape:
        raise CheckFailure("wrong-shape", expected=shape, got=value.shape)
    if value.dtype != np.float64:
        raise CheckFailure("wrong-dtype", dtype=value.dtype, exercise=exercise)
    return value


def _show(value, limit=6):
    if isinstance(value, np.ndarray):
        if value.size <= limit * limit:
            return "\n" + np.array2string(value, precision=4, separator=", ")
        return f"array of shape {value.shape}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)


def _first_difference(got, expected, close):
    """Where the first wrong pixel is, as ``(x, y)`` text, for big arrays."""
    bad = np.argwhere(~close(got, expected))
    if len(bad) == 0:
        return ""
    y, x = bad[0]
    return (f"first wrong pixel / điểm ảnh sai đầu tiên: (x={x}, y={y}): "
            f"{got[y, x]:.6g} instead of / thay vì {expected[y, x]:.6g} ({len(bad)} wrong / điểm sai)")


def _explains(same, got, theirs, want):
    """A typical wrong answer explains ``got`` when it gives ``got`` and not the right result on this input."""
    try:
        if not same(got, theirs):
            return False
    except CheckFailure:
        return False
    try:
        return not same(theirs, want)
    except CheckFailure:  # not even of the right kind: certainly not the right result
        return True


def _diagnose(exercise, args, got, same, detail, want):
    """Raise the message of the typical wrong answer that gives ``got``, when it is the only one.

    A misconception is named only when it is the one explanation of what the
    student returned: on this input it gives the student's result, and not
    the right one (on a 1×1 image most wrong answers are right).  When two
    agree (a y axis pointing up and uint8 wrap-around both turn -128 into
    128) the values are said to differ, and the random drivers look on for an
    input that tells them apart.
    """
    matches = []
    for wrong in misconceptions.for_exercise(exercise):
        theirs = _try_wrong(wrong.answer, *args)
        if theirs is not None and wrong.key not in matches and _explains(same, got, theirs, want):
            matches.append(wrong.key)
    if len(matches) == 1:
        (key,) = matches
        fields = EXAMPLES[key](exercise, args, got, want) if key in EXAMPLES else {}
        raise CheckFailure(key, detail=detail, exercise=exercise, **fields)
    raise CheckFailure("wrong-value", detail=detail, candidates=matches)


def _wrapped_difference(exercise, args, got, want):
    """The uint8 subtraction that wrapped, with the failing input's own pixels: {a} - {b} gave {wrapped}."""
    image = args[0].astype(np.int64)
    if exercise == "pixel_gradient":
        _, x, y = args
        pairs = [(image[y, x + 1], image[y, x - 1]), (image[y + 1, x], image[y - 1, x])]
        component = next(i for i in range(2) if _number(_numbers(got, 2)[i]) != want[i])
        a, b = pairs[component]
    else:  # image_gradients: the first wrong pixel, with OpenCV's reflect-101 border
        padded = np.pad(image, 1, mode="reflect")
        for axis, (g, w) in enumerate(zip(_numbers_pair(got, image.shape), want)):
            bad = np.argwhere(g != w)
            if len(bad):
                y, x = bad[0]
                a, b = (padded[y + 1, x + 2], padded[y + 1, x]) if axis == 0 else (padded[y + 2, x + 1], padded[y, x + 1])
                break
    return {"a": int(a), "b": int(b), "true": int(a) - int(b), "wrapped": (int(a) - int(b)) % 256}


# Misconceptions whose message quotes the failing input's values: key -> (exercise, args, got, want) -> fields.
EXAMPLES = {"uint8-wraparound": _wrapped_difference}


def _clearest(cases):
    """Run each check in ``cases``; a failure two misconceptions explain waits for a clearer one."""
    ambiguous = None
    for case in cases:
        try:
            case()
        except CheckFailure as failure:
            if not failure.candidates:
                raise
            ambiguous = ambiguous or failure
    if ambiguous is not None:
        raise ambiguous


def _call_text(exercise, args, seed):
    """How the exercise was called; a random case shows its seed (to rerun it) rather than its input arrays."""
    shown = []
    for a in args:
        if isinstance(a, np.ndarray) and (a.size > 36 or seed is not None):
            shown.append(f"<{a.dtype} array of shape {a.shape}>")
        else:
            shown.append(_show(a).strip() if isinstance(a, np.ndarray) else repr(a))
    text = f"{exercise}({', '.join(shown)})"
    if seed is not None:
        text += f"  [random seed / hạt giống ngẫu nhiên: {seed}]"
    return text


def _lesson_agrees(expected, reference_value, exercise):
    if expected is None:
        return
    if not np.allclose(np.asarray(reference_value, dtype=float), np.asarray(expected, dtype=float),
                       atol=0.006, rtol=0):
        raise LessonError(f"{exercise}: the lesson says {expected}, the reference gives {reference_value}")


# --- per-exercise comparison -------------------------------------------------


def _same_numbers(n):
    def same(got, expected):
        return _numbers(got, n) == _numbers(expected, n)

    return same


def _same_floats(tolerance):
    def close(a, b):
        return np.isclose(a, b, rtol=tolerance, atol=tolerance)

    def same(got, expected):
        expected = np.asarray(expected)
        if expected.shape == ():
            return bool(close(_number(got), expected[()]))
        got = _array(got, expected.shape)
        return bool(np.all(close(got, expected)))

    return same, close


def _same_orientation(gx, gy):
    """Angles agree where the gradient is not zero (the angle is undefined there)."""
    defined = (np.asarray(gx) != 0) | (np.asarray(gy) != 0)

    def close(a, b):
        return np.isclose(a, b, rtol=0, atol=1e-7) | ~defined

    def same(got, expected):
        expected = np.asarray(expected)
        if expected.shape == ():
            got = _number(got)
            return bool(close(np.float64(got), expected))
        got = _array(got, expected.shape)
        return bool(np.all(close(got, expected)))

    return same, close


def _same_gradients(shape):
    def same(got, expected):
        got = _numbers_pair(got, shape)
        return all(np.array_equal(g, e) for g, e in zip(got, expected))

    return same


def _numbers_pair(value, shape):
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise CheckFailure("not-a-tuple", n=2, detail=f"got / nhận được: {_kind(value)}")
    return tuple(_array(v, shape, exercise="image_gradients") for v in value)


# --- checks for ps1 ------------------------------------------------------------


def neighbours(student, image, x, y, expected=None, seed=None):
    """``student(image, x, y)`` gives the reference's (north, south, east, west)."""
    want = reference.neighbours(image, x, y)
    _lesson_agrees(expected, want, "neighbours")
    got = _run_diagnosed("neighbours", student, image, x, y)
    same = _same_numbers(4)
    if same(got, want):
        return
    detail = (f"{_call_text('neighbours', (image, x, y), seed)}\n"
              f"got / nhận được: {_show(_numbers(got, 4))}; expected / đúng là: {_show(want)}")
    _diagnose("neighbours", (image, x, y), got, same, detail, want)


def pixel_gradient(student, image, x, y, expected=None, seed=None):
    """``student(image, x, y)`` gives the reference's central differences (gx, gy)."""
    want = reference.pixel_gradient(image, x, y)
    _lesson_agrees(expected, want, "pixel_gradient")
    got = _run_diagnosed("pixel_gradient", student, image, x, y)
    same = _same_numbers(2)
    if same(got, want):
        return
    detail = (f"{_call_text('pixel_gradient', (image, x, y), seed)}\n"
              f"got / nhận được: {_show(_numbers(got, 2))}; expected / đúng là: {_show(want)}")
    _diagnose("pixel_gradient", (image, x, y), got, same, detail, want)


def _elementwise(exercise, student, gx, gy, expected, seed, want, same, close):
    _lesson_agrees(expected, want, exercise)
    got = _run_diagnosed(exercise, student, gx, gy)
    if same(got, want):
        return
    where = ""
    if isinstance(want, np.ndarray) and want.ndim == 2:
        where = "\n" + _first_difference(np.asarray(got, dtype=float), want, close)
    shown = _show(_number(got)) if np.ndim(want) == 0 else _show(np.asarray(got))
    detail = (f"{_call_text(exercise, (gx, gy), seed)}\n"
              f"got / nhận được: {shown}; expected / đúng là: {_show(want)}{where}")
    _diagnose(exercise, (gx, gy), got, same, detail, want)


def gradient_magnitude(student, gx, gy, expected=None, seed=None):
    """``student(gx, gy)`` gives sqrt(gx² + gy²), for numbers and arrays (float64)."""
    same, close = _same_floats(1e-12)
    want = reference.gradient_magnitude(gx, gy)
    _elementwise("gradient_magnitude", student, gx, gy, expected, seed, want, same, close)


def gradient_orientation(student, gx, gy, expected=None, seed=None):
    """``student(gx, gy)`` gives arctan2(gy, gx) in degrees, in (-180, 180]."""
    same, close = _same_orientation(gx, gy)
    want = reference.gradient_orientation(gx, gy)
    _elementwise("gradient_orientation", student, gx, gy, expected, seed, want, same, close)


def image_gradients(student, image, seed=None):
    """``student(image)`` equals the reference (Gx, Gy) bit for bit: float64, same shape."""
    want = reference.image_gradients(image)
    got = _run_diagnosed("image_gradients", student, image)
    same = _same_gradients(image.shape)
    if same(got, want):
        return
    call = _call_text("image_gradients", (image,), seed)
    got_gx, got_gy = _numbers_pair(got, image.shape)
    details = [call]
    for name, g, w in (("Gx", got_gx, want[0]), ("Gy", got_gy, want[1])):
        if not np.array_equal(g, w):
            details.append(f"{name}: {_first_difference(g, w, np.equal)}")
            if image.size <= 36:
                details.append(f"{name} got / nhận được: {_show(g)}\n{name} expected / đúng là: {_show(w)}")
    detail = "\n".join(details)
    try:
        _diagnose("image_gradients", (image,), got, same, detail, want)
    except CheckFailure as failure:
        if failure.key != "wrong-value":
            raise
        candidates = failure.candidates
    inside = (slice(1, -1), slice(1, -1))
    if min(image.shape) > 2 and all(np.array_equal(g[inside], w[inside]) for g, w in zip((got_gx, got_gy), want)):
        raise CheckFailure("wrong-border", detail=detail)  # (a thin image has no inside to be right about)
    raise CheckFailure("wrong-value", detail=detail, candidates=candidates)


def image_gradients_vectorised(student, shape=(480, 640), ratio=20.0, floor=0.05):
    """``student`` is vectorised: not ``ratio`` times slower than the reference.

    Judged by time, not by reading the source: a Python loop over 300,000
    pixels is hundreds of times slower than slicing, so a generous ratio and
    an absolute floor keep a slow machine from failing a vectorised answer.
    """
    if getattr(student, "remote", False):
        return  # the grader's stand-in for an answer in the kernel, where it was timed (gradcourse.remote)
    image = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    ref = min(_seconds(reference.image_gradients, image) for _ in range(5))
    for _ in range(2):  # a slow first call may be a pause of the machine, not a loop
        got = _seconds(lambda im: _run(student, im), image)
        if got <= max(floor, ratio * ref):
            return
    raise CheckFailure("python-loop", ratio=got / ref, got=got, ref=ref, shape=f"{shape[1]}×{shape[0]}")


def _seconds(call, image):
    start = time.perf_counter()
    call(image)
    return time.perf_counter() - start


# --- random inputs for the hidden tests ---------------------------------------


# Set by the grader before each test cell (seed_cell): the cell's draws follow from it, one after another.
_cell = {"seed": None, "draws": 0}


def seed_cell(seed):
    """Make the next test cell's random inputs follow from ``seed`` (the grader calls this; see
    :mod:`gradcourse.seeds`).  ``None``: fresh inputs at every run, as on a student's machine."""
    _cell["seed"], _cell["draws"] = seed, 0


def _next_seed():
    """The cell's next seed when the grader set one (:func:`seed_cell`), else a fresh one."""
    if _cell["seed"] is None:
        return secrets.randbits(32)
    _cell["draws"] += 1
    return int(np.random.SeedSequence([_cell["seed"], _cell["draws"] - 1]).generate_state(1)[0])


def _rng(seed):
    """``(seed, generator)``: the seed given, else the next one (:func:`_next_seed`)."""
    seed = _next_seed() if seed is None else seed
    return seed, np.random.default_rng(seed)


def _shown(value):
    """An argument as the student would type it in a cell: a function by its name, a check as checks.NAME."""
    name = getattr(value, "__name__", None)
    if callable(value) and name:
        return f"checks.{name}" if getattr(value, "__module__", None) == __name__ else name
    return repr(value)


def rerunnable(generator):
    """A check on random inputs whose failure says how to rerun the very same case on one's own code.

    The seed is drawn here (the grader's cell seed, or a fresh one) and
    passed on, so the line added to the message, e.g.
    ``checks.random_pixels(pixel_gradient, checks.pixel_gradient, count=40, seed=1234)``,
    draws the same inputs again; the seed tells nothing of the course's secret.
    """
    signature = inspect.signature(generator)

    @functools.wraps(generator)
    def run(*args, seed=None, **kwargs):
        seed = _next_seed() if seed is None else seed
        try:
            return generator(*args, seed=seed, **kwargs)
        except CheckFailure as failure:
            bound = signature.bind(*args, seed=seed, **kwargs)
            shown = [_shown(v) if n in ("student", "check") else f"{n}={v!r}" for n, v in bound.arguments.items()]
            failure.args = (f"{failure}\nto rerun this case / để chạy lại trường hợp này: "
                            f"checks.{generator.__name__}({', '.join(shown)})",)
            raise
    return run


def rng(seed=None):
    """A random generator for a test cell's own draws, seeded like the checks' (see :func:`seed_cell`)."""
    return _rng(seed)[1]


def random_image(rng, shape, extremes=False):
    """A random uint8 image; with ``extremes`` only 0 and 255, the values that wrap."""
    if extremes:
        return (rng.integers(0, 2, shape) * 255).astype(np.uint8)
    return rng.integers(0, 256, shape, dtype=np.uint8)


def _random_shape(rng, low=3, high=12):
    return tuple(int(v) for v in rng.integers(low, high, 2) | 1)  # odd sizes


@rerunnable
def random_pixels(student, check, count=30, extremes=False, seed=None):
    """Run a pixel check (``neighbours`` or ``pixel_gradient``) at random interior pixels."""
    seed, rng = _rng(seed)
    cases = []
    for _ in range(count):
        height, width = _random_shape(rng)
        image = random_image(rng, (height, width), extremes)
        x, y = int(rng.integers(1, width - 1)), int(rng.integers(1, height - 1))
        cases.append(functools.partial(check, student, image, x, y, seed=seed))
    _clearest(cases)


@rerunnable
def random_elementwise(student, check, seed=None):
    """Run ``gradient_magnitude`` or ``gradient_orientation`` on random numbers and arrays.

    The inputs are what a gradient can be on a uint8 image (-255 … 255), with
    zeros, the axes and the diagonals among them, as scalars and as arrays.
    """
    seed, rng = _rng(seed)
    special = [(0, 5), (5, 0), (0, -5), (-5, 0), (7, 7), (-7, -7), (-7, 7), (7, -7), (-255, 0), (0, 0)]
    pairs = special + [tuple(int(v) for v in rng.integers(-255, 256, 2)) for _ in range(10)]
    shape = _random_shape(rng)
    gx = rng.integers(-255, 256, shape).astype(np.float64)
    gy = rng.integers(-255, 256, shape).astype(np.float64)
    gx[0, :3], gy[0, :3] = (0, 4, -4), (-3, 0, 4)
    _clearest([functools.partial(check, student, a, b, seed=seed) for a, b in pairs + [(gx, gy)]])


THIN_SHAPES = [(1, 1), (1, 2), (2, 1), (1, 9), (9, 1), (2, 3), (3, 2)]


@rerunnable
def random_image_gradients(student, kind="odd", seed=None):
    """Run ``image_gradients`` on random images: ``odd`` sizes, ``thin`` ones, or uint8 ``extremes``."""
    seed, rng = _rng(seed)
    if kind == "thin":
        shapes = THIN_SHAPES
    else:
        shapes = [_random_shape(rng, 3, 40) for _ in range(4)] + [(5, 7)]
    for shape in shapes:
        image_gradients(student, random_image(rng, shape, extremes=(kind == "extremes")), seed=seed)


# --- checks for ps2 ------------------------------------------------------------

KERNELS = {"SOBEL_X": reference.SOBEL_X, "SOBEL_Y": reference.SOBEL_Y,
           "SCHARR_X": reference.SCHARR_X, "SCHARR_Y": reference.SCHARR_Y}


def _kernel(kernel):
    """A kernel given by its name in the lesson, or as an array: a fresh float64 copy."""
    return np.array(KERNELS[kernel] if isinstance(kernel, str) else kernel, dtype=np.float64)


def kernel(value, name):
    """``value`` is the lesson's kernel ``name`` (e.g. ``"SOBEL_X"``): 3×3, same numbers, any numeric dtype."""
    want = KERNELS[name]
    try:
        got = np.array(value)
        numeric = got.dtype.kind in "iuf"
    except Exception:
        numeric = False
    if not numeric or got.shape != (3, 3):
        raise CheckFailure("kernel-shape", name=name,
                           got=f"{_kind(value)} {getattr(got, 'shape', '')}" if numeric else _kind(value))
    got = got.astype(np.float64)
    if np.array_equal(got, want):
        return
    detail = f"{name} ={_show(got)}\nexpected / đúng là:{_show(np.asarray(want))}"
    names = [n.strip() for n in misconceptions.KERNEL_NAMES.split(",")]
    for wrong in misconceptions.for_exercise("kernels"):
        theirs = dict(zip(names, wrong.answer()))[name]
        if np.array_equal(np.asarray(theirs, dtype=np.float64), got):
            raise CheckFailure(wrong.key, detail=detail)
    raise CheckFailure("wrong-value", detail=detail)


def apply_kernel(student, neighbourhood, kernel, expected=None, seed=None):
    """``student(neighbourhood, kernel)`` is the correlation sum(N * K), a number, by hand."""
    kernel = _kernel(kernel)
    want = reference.apply_kernel(neighbourhood, kernel)
    _lesson_agrees(expected, want, "apply_kernel")
    args = (neighbourhood, kernel)
    got = _run_diagnosed("apply_kernel", student, *args, by_hand=True)
    same, _ = _same_floats(1e-9)
    if same(got, want):
        return
    detail = f"{_call_text('apply_kernel', args, seed)}\ngot / nhận được: {_show(_number(got))}; " \
             f"expected / đúng là: {_show(want)}"
    _diagnose("apply_kernel", args, got, same, detail, want)


def _arrays(value, count, shape):
    """A student's array (``count=None``) or tuple of ``count`` arrays, of ``shape``, any dtype."""
    values = (value,) if count is None else value
    if count is not None and (not isinstance(value, (tuple, list)) or len(value) != count):
        raise CheckFailure("not-a-tuple", n=count, detail=f"got / nhận được: {_kind(value)}")
    for v in values:
        if not isinstance(v, np.ndarray):
            raise CheckFailure("not-an-array", shape=shape, kind=_kind(v))
        if v.shape != shape:
            raise CheckFailure("wrong-shape", expected=shape, got=v.shape)
    return tuple(values)


def _check_arrays(exercise, student, args, want, dtype, seed, by_hand=False, exact=True, near_miss=None):
    """Compare an answer that returns an array, or a tuple of arrays, with ``want``.

    A wrong answer is named by the typical wrong answer with the same values
    (whatever their dtype: clipping to uint8 is a misconception, not a dtype
    slip); then a right value with the wrong dtype, the pixel-wise slip that
    ``near_miss(gots, wants)`` names, a wrong border, or a plain wrong value.
    """
    wants = want if isinstance(want, tuple) else (want,)
    count = len(want) if isinstance(want, tuple) else None
    shape = wants[0].shape
    got = _run_diagnosed(exercise, student, *args, by_hand=by_hand)
    gots = _arrays(got, count, shape)

    def close(a, b):
        return np.equal(a, b) if exact else np.isclose(a, b, rtol=1e-12, atol=1e-9)

    def equal(a, b):
        return bool(np.all(close(a, b)))

    if all(g.dtype == dtype and equal(g, w) for g, w in zip(gots, wants)):
        return
    names = ("gX", "gY") if count == 2 else ("result",)
    details = [_call_text(exercise, args, seed)]
    for name, g, w in zip(names, gots, wants):
        if not equal(g, w):
            details.append(f"{name}: {_first_difference(g.astype(np.float64), w, close)}")
            if g.size <= 36:
                details.append(f"{name} got / nhận được:{_show(g)}\n{name} expected / đúng là:{_show(w)}")
    detail = "\n".join(details)

    if all(equal(g, w) for g, w in zip(gots, wants)):  # the right values (CV_16S, CV_32F): only the dtype
        bad = next(g.dtype for g in gots if g.dtype != dtype)
        raise CheckFailure("not-float64" if dtype == np.float64 else "not-uint8", dtype=bad, detail=detail)

    def same_values(student_result, theirs):
        return all(equal(g, t) for g, t in zip(_arrays(student_result, count, shape),
                                                _arrays(theirs, count, shape)))

    candidates = ()
    try:
        _diagnose(exercise, args, got, same_values, detail, want)
    except CheckFailure as failure:
        if failure.key != "wrong-value":
            raise
        candidates = failure.candidates
    near = near_miss and near_miss(gots, wants)
    if near:  # a pixel-wise slip (to_gray's rounding) is that slip wherever the pixel lies, the border included
        raise CheckFailure(near, detail=detail)
    inside = (slice(1, -1), slice(1, -1))
    if min(shape) > 2 and all(equal(g[inside], w[inside]) for g, w in zip(gots, wants)):
        raise CheckFailure("wrong-border", detail=detail)
    raise CheckFailure("wrong-value", detail=detail, candidates=candidates)


def correlate(student, image, kernel, seed=None):
    """``student(image, kernel)`` equals cv2.filter2D(image as float64, CV_64F, kernel), by hand.

    Bit for bit when the kernel has integer weights (every sum is exact),
    to 1e-12 otherwise (the order of a floating-point sum may differ).
    """
    kernel = _kernel(kernel)
    want = reference.correlate(image, kernel)
    exact = bool(np.all(kernel == np.round(kernel)))
    _check_arrays("correlate", student, (image, kernel), want, np.float64, seed, by_hand=True, exact=exact)


def to_gray(student, image_bgr, seed=None):
    """``student(image_bgr)`` equals cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY): uint8, exact."""
    want = reference.to_gray(image_bgr)
    _check_arrays("to_gray", student, (image_bgr,), want, np.uint8, seed, near_miss=_off_by_one)


def _off_by_one(gots, wants):
    """Every pixel within 1 of OpenCV's: the weights are right, the rounding is not."""
    (got,), (want,) = gots, wants
    return "gray-rounding" if np.all(np.abs(got.astype(np.float64) - want) <= 1) else None


def _gradient_check(exercise, reference_function, dtype):
    def check(student, gray, seed=None):
        want = reference_function(gray)
        _check_arrays(exercise, student, (gray,), want, dtype, seed)

    check.__name__ = exercise
    return check


sobel_gradients = _gradient_check("sobel_gradients", reference.sobel_gradients, np.float64)
sobel_gradients.__doc__ = "``student(gray)`` equals (cv2.Sobel(gray, CV_64F, 1, 0), cv2.Sobel(gray, CV_64F, 0, 1))."
scharr_gradients = _gradient_check("scharr_gradients", reference.scharr_gradients, np.float64)
scharr_gradients.__doc__ = "``student(gray)`` equals (cv2.Scharr(gray, CV_64F, 1, 0), cv2.Scharr(gray, CV_64F, 0, 1))."
sobel_combined = _gradient_check("sobel_combined", reference.sobel_combined, np.uint8)
sobel_combined.__doc__ = "``student(gray)`` equals addWeighted(convertScaleAbs(gX), 0.5, convertScaleAbs(gY), 0.5, 0)."


# --- random inputs for the ps2 hidden tests -------------------------------------


def _random_kernel(rng, shape=(3, 3), integer=True):
    if integer:
        return rng.integers(-9, 10, shape).astype(np.float64)
    return np.round(rng.normal(0, 1, shape), 3)


@rerunnable
def random_apply_kernel(student, seed=None):
    """``apply_kernel`` on random neighbourhoods (some only 0 and 255) and kernels, lopsided ones included."""
    seed, rng = _rng(seed)
    for extremes in (False, True):
        for name in KERNELS:
            apply_kernel(student, random_image(rng, (3, 3), extremes), name, seed=seed)
        for integer in (True, True, False):
            apply_kernel(student, random_image(rng, (3, 3), extremes), _random_kernel(rng, integer=integer), seed=seed)


@rerunnable
def random_correlate(student, kind="odd", seed=None):
    """``correlate`` on random images: ``odd`` sizes, ``thin`` ones, other ``kernels``, or uint8 ``extremes``."""
    seed, rng = _rng(seed)
    if kind == "thin":
        cases = [(shape, (3, 3)) for shape in THIN_SHAPES] + [((2, 2), (5, 5)), ((1, 4), (3, 5))]
    elif kind == "kernels":
        cases = [(_random_shape(rng, 5, 25), k) for k in ((1, 3), (3, 1), (5, 5), (3, 5), (1, 1))]
    else:
        cases = [(_random_shape(rng, 3, 40), (3, 3)) for _ in range(4)]
    for shape, kernel_shape in cases:
        image = random_image(rng, shape, extremes=(kind == "extremes"))
        correlate(student, image, _random_kernel(rng, kernel_shape), seed=seed)
    if kind == "kernels":
        correlate(student, random_image(rng, _random_shape(rng)), _random_kernel(rng, integer=False), seed=seed)


def _rounding_colours():
    """Colours whose gray value a float formula rounds differently from OpenCV."""
    colours = np.random.default_rng(0).integers(0, 256, (20000, 3), dtype=np.uint8)[None]
    b, g, r = (colours[..., c].astype(np.float64) for c in range(3))
    by_formula = np.rint(0.114 * b + 0.587 * g + 0.299 * r)
    tricky = colours[0, by_formula[0] != reference.to_gray.__wrapped__(colours)[0]]
    return np.ascontiguousarray(tricky[:16].reshape(4, 4, 3))


@rerunnable
def random_to_gray(student, seed=None):
    """``to_gray`` on random colour images of odd and thin shapes, and on colours that round differently."""
    seed, rng = _rng(seed)
    shapes = [_random_shape(rng, 3, 40) for _ in range(3)] + [(1, 1), (1, 7), (7, 1)]
    for shape in shapes:
        to_gray(student, rng.integers(0, 256, (*shape, 3), dtype=np.uint8), seed=seed)
    to_gray(student, _rounding_colours(), seed=seed)


@rerunnable
def random_gradients(student, check, kind="odd", seed=None):
    """Run ``sobel_gradients``, ``scharr_gradients`` or ``sobel_combined`` on random gray images.

    ``odd`` sizes, ``thin`` ones (1×1, 1×N, N×1, …) or uint8 ``extremes``.
    """
    seed, rng = _rng(seed)
    shapes = THIN_SHAPES if kind == "thin" else [_random_shape(rng, 3, 40) for _ in range(4)] + [(5, 7)]
    for shape in shapes:
        check(student, random_image(rng, shape, extremes=(kind == "extremes")), seed=seed)


# --- checks for ps3 ------------------------------------------------------------

ANGLE_TOLERANCE = 1e-6  # degrees; float64 arctan2 is exact on the axes and diagonals


def _angle_difference(a, b):
    """Circular distance of two angles on the folded circle [0, 180)."""
    return np.abs((np.asarray(a) - np.asarray(b) + 90.0) % 180.0 - 90.0)


def magnitude_orientation(student, gray, seed=None):
    """``student(gray)`` gives (mag, theta): Sobel magnitude, and orientation folded to [0, 180).

    Magnitudes to 1e-12; angles to 1e-6° circularly (179.9999999 and 0 agree), where the gradient is not zero.
    """
    want_mag, want_theta = reference.magnitude_orientation(gray)
    args = (gray,)
    got = _run_diagnosed("magnitude_orientation", student, *args)
    mag, theta = _arrays(got, 2, gray.shape)
    defined = want_mag > 0
    detail = _call_text("magnitude_orientation", args, seed)
    folded = bool(np.all((theta >= 0) & (theta < 180)))
    mag_ok = bool(np.all(np.isclose(mag, want_mag, rtol=1e-12, atol=1e-9)))
    theta_ok = folded and bool(np.all(_angle_difference(theta, want_theta)[defined] <= ANGLE_TOLERANCE))
    if mag_ok and theta_ok and mag.dtype == theta.dtype == np.float64:
        return
    if mag_ok and theta_ok:
        raise CheckFailure("not-float64", dtype=f"{mag.dtype}, {theta.dtype}", detail=detail)
    if not theta_ok:
        where = np.argwhere(~((_angle_difference(theta, want_theta) <= ANGLE_TOLERANCE) | ~defined)
                            | (theta < 0) | (theta >= 180))
        y, x = where[0]
        detail += (f"\ntheta at (x={x}, y={y}): {theta[y, x]:.6g} instead of / thay vì {want_theta[y, x]:.6g}"
                   f" ({len(where)} wrong / điểm sai)")
    else:
        detail += "\n" + _first_difference(mag, want_mag, lambda a, b: np.isclose(a, b, rtol=1e-12, atol=1e-9))

    def same(student_result, theirs):
        (m1, t1), (m2, t2) = _arrays(student_result, 2, gray.shape), _arrays(theirs, 2, gray.shape)
        return bool(np.allclose(m1, m2, rtol=1e-9) and np.allclose(t1, t2, rtol=0, atol=1e-9))

    _diagnose("magnitude_orientation", args, got, same, detail, (want_mag, want_theta))


def orientation_mask(student, gray, lower, upper, min_magnitude=0, seed=None):
    """``student(gray, lower, upper, min_magnitude)`` is the uint8 0/255 mask of lower <= theta <= upper.

    Inclusive bounds, wrap-around when lower > upper, ``mag >= min_magnitude``.
    Exact ties on a bound count (they are inside); only pixels within
    1e-6° of a bound (or of the magnitude threshold) but not on it may go
    either way.
    """
    mag, theta = reference.magnitude_orientation(gray)
    want = reference.orientation_mask(gray, lower, upper, min_magnitude)
    args = (gray, lower, upper, min_magnitude)
    got = _run_diagnosed("orientation_mask", student, *args)
    (mask,) = _arrays(got, None, gray.shape)
    near = np.zeros(gray.shape, bool)
    for bound in (lower, upper):
        distance = _angle_difference(theta, bound)
        near |= (distance <= ANGLE_TOLERANCE) & (theta != bound)
    near |= np.isclose(mag, min_magnitude, rtol=1e-12, atol=1e-9) & (mag != min_magnitude)
    agree = (mask == want) | near
    if mask.dtype == np.uint8 and bool(np.all(agree)):
        return
    detail = _call_text("orientation_mask", args, seed)
    bad = np.argwhere(~agree)
    if len(bad):
        y, x = bad[0]
        detail += (f"\nfirst wrong pixel / điểm ảnh sai đầu tiên: (x={x}, y={y}), theta = {theta[y, x]:.6g}°, "
                   f"|G| = {mag[y, x]:.6g}: {mask[y, x]} instead of / thay vì {want[y, x]} "
                   f"({len(bad)} wrong / điểm sai)")

    def same(student_result, theirs):
        return bool(np.all((np.asarray(student_result) == np.asarray(theirs)) | near))

    try:
        _diagnose("orientation_mask", args, got, same, detail, want)
    except CheckFailure as failure:
        if failure.key != "wrong-value":
            raise
    if bool(np.all(agree)):
        raise CheckFailure("not-uint8", dtype=mask.dtype, detail=detail)
    raise CheckFailure("wrong-value", detail=detail)


def orientation_histogram(student, gray, bins=9, weighted=True, seed=None):
    """``student(gray, bins, weighted)`` counts (or weighs by magnitude) the orientations in ``bins`` bins over [0, 180)."""
    mag, theta = reference.magnitude_orientation(gray)
    want = reference.orientation_histogram(gray, bins, weighted)
    args = (gray, bins, weighted)
    got = _run_diagnosed("orientation_histogram", student, *args)
    (hist,) = _arrays(got, None, (bins,))
    # A pixel a hair's breadth from a bin edge may land on either side; so may
    # one exactly on an inner edge when the bin width is not a whole number of
    # degrees (90 // (180 / 14) is 6, though 90 is the edge of bin 7).
    edges = np.linspace(0, 180, bins + 1)
    distance = np.min(np.abs(theta[..., None] - edges), axis=-1)
    either_side = (distance <= 1e-9) & ~np.isin(theta, edges)
    if 180 % bins:
        either_side |= np.isin(theta, edges[1:-1])
    slack = np.sum(np.where(either_side, mag if weighted else 1.0, 0.0))
    ok = bool(np.all(np.abs(hist - want) <= slack + 1e-9 * max(1.0, float(np.abs(want).max()))))
    if ok and hist.dtype == np.float64:
        return
    detail = (f"{_call_text('orientation_histogram', args, seed)}\n"
              f"got / nhận được: {_show(np.asarray(hist))}\nexpected / đúng là: {_show(want)}")
    if ok:
        raise CheckFailure("not-float64", dtype=hist.dtype, detail=detail)

    def same(student_result, theirs):
        return bool(np.allclose(np.asarray(student_result, dtype=float), np.asarray(theirs, dtype=float),
                                rtol=1e-9, atol=1e-9))

    _diagnose("orientation_histogram", args, got, same, detail, want)


# --- random inputs for the ps3 hidden tests -------------------------------------

EXACT_TIE_BOUNDS = [(45, 90), (90, 135), (0, 45), (135, 180), (135, 45)]


@rerunnable
def random_masks(student, kind="odd", seed=None):
    """``orientation_mask`` on random images and bounds: ``odd`` sizes, ``ties`` (bounds on 0/45/90/135, where
    many pixels sit exactly), ``wrap`` (lower > upper), ``thin`` images, or ``extremes`` (only 0 and 255)."""
    seed, rng = _rng(seed)
    shapes = THIN_SHAPES if kind == "thin" else [_random_shape(rng, 5, 41) for _ in range(4)]
    for shape in shapes:
        image = random_image(rng, shape, extremes=(kind in ("extremes", "ties")))
        if kind == "ties":
            bounds = EXACT_TIE_BOUNDS
        elif kind == "wrap":
            bounds = [(int(rng.integers(120, 180)), int(rng.integers(0, 60))) for _ in range(3)]
        else:
            bounds = [tuple(sorted(int(v) for v in rng.integers(0, 181, 2))) for _ in range(3)]
        for lower, upper in bounds:
            threshold = float(rng.choice([0, 0, 50, 200]))
            orientation_mask(student, image, lower, upper, threshold, seed=seed)


@rerunnable
def random_histograms(student, seed=None):
    """``orientation_histogram`` on random images, for several bin counts, weighted and not."""
    seed, rng = _rng(seed)
    for shape in [_random_shape(rng, 5, 41) for _ in range(3)] + [(1, 1), (1, 9)]:
        image = random_image(rng, shape)
        for bins in (9, 4, int(rng.integers(1, 19))):
            for weighted in (True, False):
                orientation_histogram(student, image, bins, weighted, seed=seed)


# --- quizzes ---------------------------------------------------------------------


def choice(answer, choices="abcd"):
    """The answer is one of the letters in ``choices`` (any case, spaces ignored)."""
    _letter(answer, choices)


def _letter(answer, choices):
    letter = answer.strip().lower() if isinstance(answer, str) else None
    if letter is None or len(letter) != 1 or letter not in choices:
        raise CheckFailure("quiz-format", choices=", ".join(choices),
                           detail=f"got / nhận được: {answer!r}")
    return letter


def quiz(answer, correct, why="", why_vi="", choices="abcd"):
    """The answer is the letter ``correct``.

    The message gives neither the answer nor ``why``: they stand in the
    hidden test, which the feedback shows only if the instructor reveals it
    after the deadline (:class:`gradcourse.feedback.DiscreetFeedback`).
    """
    if _letter(answer, choices) != correct:
        raise CheckFailure("quiz-wrong")


tutor.install()  # the notebook's setup cell imports this module: from here on, failures read like a tutor
