"""Failures that read like a tutor's remark, in the notebook, in Validate's report and in the feedback.

IPython shows an exception as a traceback: a check that fails would show
five or six frames through this package before its message, and an exercise
not yet answered a ``NotImplementedError``.  :func:`install` (run when the
notebook imports :mod:`gradcourse.checks`) gives the kernel a custom
exception handler (``InteractiveShell.set_custom_exc``) that shows

- a failed check (:class:`gradcourse.checks.CheckFailure`): its bilingual
  message alone, ``[key]`` first (the class dashboard counts it);
- the stub's ``raise NotImplementedError()``: "not answered yet", in both
  languages;
- a name not defined yet, in a test cell: what to do about it;
- any other error: IPython's own traceback, without the frames of this
  package, so an ``IndexError`` in the student's function points at the
  student's line.

Only the error output's ``traceback`` changes: its ``ename`` and ``evalue``
are the exception's own, so nbgrader scores the cell as before.  nbgrader's
Validate and the feedback HTML show what the kernel wrote.
"""

import os
import re
import sys
import types

PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep

NOT_DEFINED = (
    "{name} is not defined yet. Run the cells above this one first; "
    "if {name} is yours to write, answer it where it says YOUR CODE HERE.",
    "{name} chưa được định nghĩa. Hãy chạy các ô phía trên ô này trước; "
    "nếu {name} là phần bạn phải viết, hãy trả lời ở chỗ có dòng VIẾT CODE CỦA BẠN Ở ĐÂY.",
)


def _in_package(frame):
    return frame.f_code.co_filename.startswith(PACKAGE)


def _in_library(frame):
    """Installed code (the standard library, NumPy, IPython, ...), not a notebook cell."""
    filename = frame.f_code.co_filename
    return filename.startswith((sys.prefix, sys.base_prefix, PACKAGE)) and "ipykernel_" not in filename


def without_course_frames(tb):
    """``tb`` without the frames of this package (the first, IPython's own entry frame, stays)."""
    kept = []
    first = True
    while tb is not None:
        if first or not _in_package(tb.tb_frame):
            kept.append(tb)
        first = False
        tb = tb.tb_next
    rebuilt = None
    for entry in reversed(kept):
        rebuilt = types.TracebackType(rebuilt, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return rebuilt


def _last_frame(tb):
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame if tb is not None else None


def is_stub(value, tb):
    """The solution stub's own ``raise NotImplementedError()``, raised in a notebook cell."""
    frame = _last_frame(tb)
    return (type(value) is NotImplementedError and not value.args
            and frame is not None and not _in_library(frame))


def remark(shell, etype, value, tb, tb_offset=None):
    """The lines the kernel shows for an exception (an IPython structured traceback)."""
    render = getattr(value, "_render_traceback_", None)
    if render is not None:
        return render()
    if is_stub(value, tb):
        from .checks import CheckFailure

        return CheckFailure("not-answered")._render_traceback_()
    frame = _last_frame(tb)
    if etype is NameError and getattr(value, "name", None) and frame is not None and not _in_library(frame) \
            and frame.f_code.co_name == "<module>":
        return [f"NameError: {value}"] + [
            ("       " if i else "") + text.format(name=value.name) for i, text in enumerate(NOT_DEFINED)]
    chained = value
    seen = set()
    while chained is not None and id(chained) not in seen:  # "During handling of ..." shows these too
        seen.add(id(chained))
        if chained is not value and chained.__traceback__ is not None:
            chained.__traceback__ = without_course_frames(chained.__traceback__)
        chained = chained.__cause__ or chained.__context__
    return shell.InteractiveTB.structured_traceback(etype, value, without_course_frames(tb), tb_offset=tb_offset)


def _handler(shell, etype, value, tb, tb_offset=None):
    # IPython discards what a custom handler returns (run_code calls it for its effect): show it here
    shell._showtraceback(etype, value, remark(shell, etype, value, tb, tb_offset))
    return []


def install():
    """Make the running IPython kernel show failures as :mod:`gradcourse.tutor` says; outside IPython, nothing."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc((Exception,), _handler)
    return True


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(line):
    """A traceback line without its terminal colours."""
    return ANSI.sub("", line)
