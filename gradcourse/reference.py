"""What makes a function a reference implementation, the one a check compares answers with.

Each lesson's ``reference.py`` marks its functions with :func:`reference`.
While a check runs a student's function, every one of them refuses to run
(:func:`forbidden`): an answer that merely calls the reference earns nothing.
"""

import contextlib
import functools

_forbidden_depth = 0
_by_name = {}  # function name -> the reference functions of that name, unguarded


class ReferenceCalledError(RuntimeError):
    """A student's answer called the course's reference implementation."""


@contextlib.contextmanager
def forbidden():
    """Make every reference function raise while the block runs."""
    global _forbidden_depth
    _forbidden_depth += 1
    try:
        yield
    finally:
        _forbidden_depth -= 1


def reference(func):
    """Mark ``func`` as a reference implementation: it refuses to run inside :func:`forbidden`."""
    _by_name.setdefault(func.__name__, set()).add(func)

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        if _forbidden_depth:
            raise ReferenceCalledError(
                f"{func.__module__}.{func.__name__} may not be called from an answer.\n"
                f"Không được gọi {func.__module__}.{func.__name__} trong bài làm."
            )
        return func(*args, **kwargs)

    return guarded


def right_answer(name):
    """The one reference function called ``name``, unguarded, or None (none, or several lessons have one)."""
    found = _by_name.get(name, set())
    return next(iter(found)) if len(found) == 1 else None
