"""The check machinery the lessons' checks are built on, and the messages they share.

A lesson's checks (``gradcourse/lessons/<assignment>/checks.py``) compare a
student's function with the lesson's reference implementation.  When the
answer is wrong they raise :class:`CheckFailure` (an ``AssertionError``)
whose message names the misconception, in English and in Vietnamese, with the
numbers that show it.  A misconception is recognised by running the lesson's
typical wrong answers (:mod:`gradcourse.misconceptions`) on the same input:
the one that alone reproduces the student's result is the diagnosis
(:func:`diagnose`).

Checks are quiet when the answer is right: the student's warnings and
``stderr`` are swallowed, because nbgrader gives 0 points to a test cell with
any ``stderr`` output, and a correct answer must keep its points.

This module names no exercise: a lesson adds its messages, its per-exercise
wording and the exercises it builds on with :func:`register`.
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
# dashboard can count misconceptions from nbgrader's stored outputs.  Here:
# what every lesson may say; a lesson adds its own with register().
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
    "xy-swapped": (
        "x and y are swapped: x is the column and y the row, so NumPy indexes a pixel as image[y, x]; "
        "Gx compares left and right (columns), Gy compares top and bottom (rows).",
        "x và y bị đổi chỗ: x là cột, y là hàng, nên NumPy truy cập điểm ảnh bằng image[y, x]; "
        "Gx so sánh trái và phải (các cột), Gy so sánh trên và dưới (các hàng).",
    ),
    "abs-sum": (
        "|Gx| + |Gy| is a cheap approximation, not the magnitude. The magnitude is sqrt(Gx² + Gy²).",
        "|Gx| + |Gy| chỉ là phép xấp xỉ rẻ, không phải độ lớn gradient. Độ lớn gradient là sqrt(Gx² + Gy²).",
    ),
    "radians": (
        "The angle is in radians. The lesson asks for degrees: multiply by 180/π (or use np.degrees).",
        "Góc đang tính bằng radian. Bài yêu cầu tính bằng độ: hãy nhân với 180/π (hoặc dùng np.degrees).",
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
    "ddepth-clipping": (
        "The output depth clips: with ddepth=-1 or cv2.CV_8U on a uint8 image OpenCV saturates to 0…255, "
        "so every negative slope (bright to dark) becomes 0 and half of the edges vanish. Use cv2.CV_64F.",
        "Độ sâu đầu ra bị cắt: với ddepth=-1 hoặc cv2.CV_8U trên ảnh uint8, OpenCV bão hoà kết quả về 0…255, "
        "nên mọi gradient âm (từ sáng sang tối) trở thành 0 và một nửa số biên biến mất. Hãy dùng cv2.CV_64F.",
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
    "mask-0-1": (
        "The mask must be 0 and 255 (uint8), OpenCV's convention, not 0 and 1: multiply by 255.",
        "Mặt nạ phải gồm 0 và 255 (uint8), theo quy ước của OpenCV, không phải 0 và 1: hãy nhân với 255.",
    ),
    "not-bool": (
        "The result must be boolean arrays (True/False), as a comparison such as `nms >= high` gives, "
        "but its dtype is {dtype}.",
        "Kết quả phải là các mảng boolean (True/False), như phép so sánh `nms >= high` trả về, "
        "nhưng lại có kiểu {dtype}.",
    ),
    "no-fold": (
        "The orientation is not folded: it must lie in [0°, 180°), theta = np.degrees(np.arctan2(gY, gX)) % 180. "
        "An edge and its opposite direction are one edge.",
        "Hướng gradient chưa được gập: nó phải nằm trong [0°, 180°), theta = np.degrees(np.arctan2(gY, gX)) % 180. "
        "Một biên và hướng ngược lại của nó là cùng một biên.",
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
}
# What happened to a submission while it was graded, rather than what a student misunderstood.
GRADING_MESSAGES = {
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
GRADING_KEYS = frozenset(GRADING_MESSAGES)
MESSAGES.update(GRADING_MESSAGES)
# The same misconception said the way one exercise needs it: (key, exercise) -> (English, Vietnamese).
IN_EXERCISE = {}
# An exercise that builds on earlier ones is graded on its own: while it runs,
# each earlier function's name in the student's namespace means the reference,
# so one mistake does not cost points twice.  exercise -> {name: reference}.
BUILDS_ON = {}
# Misconceptions whose message quotes the failing input's values: key -> (exercise, args, got, want) -> fields.
EXAMPLES = {}


def register(messages=None, in_exercise=None, builds_on=None, examples=None):
    """Add a lesson's messages, per-exercise wording, earlier exercises and examples to the shared tables.

    A key means one thing in the whole course (the dashboard counts it across
    lessons): giving an existing key another text is a lesson's bug.
    """
    for table, new in ((MESSAGES, messages), (IN_EXERCISE, in_exercise), (BUILDS_ON, builds_on),
                       (EXAMPLES, examples)):
        for key, value in (new or {}).items():
            if key in table and table[key] != value:
                raise LessonError(f"{key!r} is defined twice, differently / {key!r} được định nghĩa hai lần, khác nhau")
            table[key] = value


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
    """A profile hook that notes every call of a forbidden library function."""

    def __init__(self, cv2_functions, scipy):
        self.cv2_functions, self.scipy = cv2_functions, scipy
        self.called = []

    def __call__(self, frame, event, arg):
        if event == "c_call":
            name = self.cv2_functions.get(arg) if isinstance(arg, type(len)) else None
            if name:
                self.called.append(name)
        elif self.scipy and event == "call" and any(part in frame.f_code.co_filename for part in _SCIPY_FILTERS):
            self.called.append(f"scipy ({frame.f_code.co_name})")


@contextlib.contextmanager
def _library_filters_noted(by_hand):
    """``by_hand``: True forbids the library filters; a tuple of cv2 names forbids those functions only."""
    if not by_hand:
        yield None
        return
    if by_hand is True:
        hook = _LibraryFilterCalls(_CV2_FILTERS, scipy=True)
    else:
        hook = _LibraryFilterCalls({getattr(cv2, name): f"cv2.{name}" for name in by_hand}, scipy=False)
    previous = sys.getprofile()
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
    library filter (or, given a tuple of names, one of those cv2 functions)
    fails whatever it returns.
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


@contextlib.contextmanager
def _graded_alone(exercise, student):
    namespace = getattr(student, "__globals__", None)
    earlier = BUILDS_ON.get(exercise, {}) if isinstance(namespace, dict) else {}
    missing = object()
    saved = {name: namespace.get(name, missing) for name in earlier}
    for name, function in earlier.items():
        namespace[name] = function.__wrapped__
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def run_diagnosed(exercise, student, *args, by_hand=False):
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
            detail = f"{call_text(exercise, args, None)}\n{type(error).__name__}: {error}"
            raise CheckFailure(matches.pop(), detail=detail, exercise=exercise) from error
        raise


def _try_wrong(answer, *args):
    try:
        return _run(answer, *args)
    except Exception:
        return None


# --- turning results into comparable values ---------------------------------


def kind_of(value):
    return type(value).__name__


def as_number(value):
    """A student's scalar as a Python number, or a CheckFailure."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise CheckFailure("not-a-number", kind=kind_of(value))
    return value.item() if isinstance(value, np.generic) else value


def as_numbers(value, n):
    if isinstance(value, np.ndarray):
        value = tuple(value.tolist()) if value.ndim == 1 else value
    if not isinstance(value, (tuple, list)) or len(value) != n:
        raise CheckFailure("not-a-tuple", n=n, detail=f"got / nhận được: {value!r}")
    return tuple(as_number(v) for v in value)


def as_array(value, shape, exercise=None):
    if not isinstance(value, np.ndarray):
        raise CheckFailure("not-an-array", shape=shape, kind=kind_of(value))
    if value.shape != shape:
        raise CheckFailure("wrong-shape", expected=shape, got=value.shape)
    if value.dtype != np.float64:
        raise CheckFailure("wrong-dtype", dtype=value.dtype, exercise=exercise)
    return value


def show(value, limit=6):
    if isinstance(value, np.ndarray):
        if value.size <= limit * limit:
            return "\n" + np.array2string(value, precision=4, separator=", ")
        return f"array of shape {value.shape}"
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ")"
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)


def first_difference(got, expected, close):
    """Where the first wrong pixel is, as ``(x, y)`` text, for big arrays."""
    bad = np.argwhere(~close(got, expected))
    if len(bad) == 0:
        return ""
    if got.ndim != 2:
        i = tuple(bad[0])
        return (f"first wrong value / giá trị sai đầu tiên: at / tại {list(i)}: {got[i]:.6g} instead of / thay vì "
                f"{expected[i]:.6g} ({len(bad)} wrong / sai)")
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


def diagnose(exercise, args, got, same, detail, want):
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


def clearest(cases):
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


def call_text(exercise, args, seed):
    """How the exercise was called; a random case shows its seed (to rerun it) rather than its input arrays."""
    shown = []
    for a in args:
        if isinstance(a, np.ndarray) and (a.size > 36 or seed is not None):
            shown.append(f"<{a.dtype} array of shape {a.shape}>")
        else:
            shown.append(show(a).strip() if isinstance(a, np.ndarray) else repr(a))
    text = f"{exercise}({', '.join(shown)})"
    if seed is not None:
        text += f"  [random seed / seed ngẫu nhiên: {seed}]"
    return text


def lesson_agrees(expected, reference_value, exercise):
    if expected is None:
        return
    if not np.allclose(np.asarray(reference_value, dtype=float), np.asarray(expected, dtype=float),
                       atol=0.006, rtol=0):
        raise LessonError(f"{exercise}: the lesson says {expected}, the reference gives {reference_value}")


# --- comparing results ----------------------------------------------------------


def same_numbers(n):
    def same(got, expected):
        return as_numbers(got, n) == as_numbers(expected, n)

    return same


def same_floats(tolerance):
    def close(a, b):
        return np.isclose(a, b, rtol=tolerance, atol=tolerance)

    def same(got, expected):
        expected = np.asarray(expected)
        if expected.shape == ():
            return bool(close(as_number(got), expected[()]))
        got = as_array(got, expected.shape)
        return bool(np.all(close(got, expected)))

    return same, close


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


def seeded(seed):
    """``(seed, generator)``: the seed given, else the next one (:func:`_next_seed`)."""
    seed = _next_seed() if seed is None else seed
    return seed, np.random.default_rng(seed)


def _shown(value):
    """An argument as the student would type it in a cell: a function by its name, a check as checks.NAME."""
    name = getattr(value, "__name__", None)
    if callable(value) and name:
        module = getattr(value, "__module__", None) or ""
        return f"checks.{name}" if module == __name__ or module.endswith(".checks") else name
    return repr(value)


def rerunnable(generator):
    """A check on random inputs whose failure says how to rerun the very same case on one's own code.

    The seed is drawn here (the grader's cell seed, or a fresh one) and
    passed on, so the line added to the message, e.g.
    ``checks.random_NAME(answer, checks.NAME, count=40, seed=1234)``,
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
    return seeded(seed)[1]


def random_image(rng, shape, extremes=False):
    """A random uint8 image; with ``extremes`` only 0 and 255, the values that wrap."""
    if extremes:
        return (rng.integers(0, 2, shape) * 255).astype(np.uint8)
    return rng.integers(0, 256, shape, dtype=np.uint8)


def random_shape(rng, low=3, high=12):
    return tuple(int(v) for v in rng.integers(low, high, 2) | 1)  # odd sizes


THIN_SHAPES = [(1, 1), (1, 2), (2, 1), (1, 9), (9, 1), (2, 3), (3, 2)]


@rerunnable
def random_gradients(student, check, kind="odd", seed=None):
    """Run a check of a function of a gray image (e.g. a lesson's Sobel gradients) on random gray images.

    ``odd`` sizes, ``thin`` ones (1×1, 1×N, N×1, …) or uint8 ``extremes``.
    """
    seed, rng = seeded(seed)
    shapes = THIN_SHAPES if kind == "thin" else [random_shape(rng, 3, 40) for _ in range(4)] + [(5, 7)]
    for shape in shapes:
        check(student, random_image(rng, shape, extremes=(kind == "extremes")), seed=seed)


def as_arrays(value, count, shape):
    """A student's array (``count=None``) or tuple of ``count`` arrays, of ``shape``, any dtype."""
    values = (value,) if count is None else value
    if count is not None and (not isinstance(value, (tuple, list)) or len(value) != count):
        raise CheckFailure("not-a-tuple", n=count, detail=f"got / nhận được: {kind_of(value)}")
    for v in values:
        if not isinstance(v, np.ndarray):
            raise CheckFailure("not-an-array", shape=shape, kind=kind_of(v))
        if v.shape != shape:
            raise CheckFailure("wrong-shape", expected=shape, got=v.shape)
    return tuple(values)


DTYPE_KEYS = {np.dtype(np.float64): "not-float64", np.dtype(np.uint8): "not-uint8", np.dtype(np.bool_): "not-bool"}


def check_arrays(exercise, student, args, want, dtype, seed, by_hand=False, exact=True, near_miss=None,
                 names=None):
    """Compare an answer that returns an array, or a tuple of arrays, with ``want``.

    A wrong answer is named by the typical wrong answer with the same values
    (whatever their dtype: clipping to uint8 is a misconception, not a dtype
    slip); then a right value with the wrong dtype, the pixel-wise slip that
    ``near_miss(gots, wants)`` names, a wrong border, or a plain wrong value.
    """
    wants = want if isinstance(want, tuple) else (want,)
    count = len(want) if isinstance(want, tuple) else None
    shape = wants[0].shape
    got = run_diagnosed(exercise, student, *args, by_hand=by_hand)
    gots = as_arrays(got, count, shape)

    def close(a, b):
        return np.equal(a, b) if exact else np.isclose(a, b, rtol=1e-12, atol=1e-9)

    def equal(a, b):
        return bool(np.all(close(a, b)))

    if all(g.dtype == dtype and equal(g, w) for g, w in zip(gots, wants)):
        return
    names = names or (("gX", "gY") if count == 2 else ("result",))
    details = [call_text(exercise, args, seed)]
    for name, g, w in zip(names, gots, wants):
        if not equal(g, w):
            details.append(f"{name}: {first_difference(g.astype(np.float64), w, close)}")
            if g.size <= 36:
                details.append(f"{name} got / nhận được:{show(g)}\n{name} expected / đúng là:{show(w)}")
    detail = "\n".join(details)

    if all(equal(g, w) for g, w in zip(gots, wants)):  # the right values (CV_16S, CV_32F): only the dtype
        bad = next(g.dtype for g in gots if g.dtype != dtype)
        raise CheckFailure(DTYPE_KEYS[np.dtype(dtype)], dtype=bad, detail=detail)

    def same_values(student_result, theirs):
        return all(equal(g, t) for g, t in zip(as_arrays(student_result, count, shape),
                                                as_arrays(theirs, count, shape)))

    candidates = ()
    try:
        diagnose(exercise, args, got, same_values, detail, want)
    except CheckFailure as failure:
        if failure.key != "wrong-value":
            raise
        candidates = failure.candidates
    near = near_miss and near_miss(gots, wants)
    if near:  # a pixel-wise slip (e.g. a rounding) is that slip wherever the pixel lies, the border included
        raise CheckFailure(near, detail=detail)
    inside = (slice(1, -1), slice(1, -1))
    if min(shape) > 2 and all(equal(g[inside], w[inside]) for g, w in zip(gots, wants)):
        raise CheckFailure("wrong-border", detail=detail)
    raise CheckFailure("wrong-value", detail=detail, candidates=candidates)


# --- angles ---------------------------------------------------------------------

ANGLE_TOLERANCE = 1e-6  # degrees; float64 arctan2 is exact on the axes and diagonals


def angle_difference(a, b):
    """Circular distance of two angles on the folded circle [0, 180)."""
    return np.abs((np.asarray(a) - np.asarray(b) + 90.0) % 180.0 - 90.0)


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
