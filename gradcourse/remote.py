"""The grader's second opinion: each test cell run again outside the student's kernel.

A test cell runs in the same process as the student's code, and nbgrader
counts it as passed when it shows no error.  A student cell can therefore
make a wrong answer pass without touching the test cells: replace
``np.array_equal`` or a function of :mod:`gradcourse.checks`, install an
exception handler that hides errors, or return an object that equals
anything.  So :class:`SecondOpinion` (driven by
:class:`gradcourse.execute.GuardedExecute`) runs every test cell that passed
once more in the grader's own process, with the course's own checks and the
instructor's lesson cells, where the student's answers are
:class:`RemoteFunction` stand-ins: each call sends its arguments to the
kernel and gets the student's result back as plain data (built-in scalars,
strings, tuples, lists and plain ``ndarray``s from ``np.load`` without
pickles), never as an object of the student's making.  A student cell can
still change what the kernel answers, but only a right answer, on inputs the
grader draws, passes.

What the second opinion cannot see is *how* the kernel found its answer: a
by-hand exercise answered by ``cv2.filter2D``, or the course's reference
called, once the student has switched off the kernel's own guards.  Switching
them off takes one of a few tools (:data:`TAMPERING`); a student's code cell
that uses one makes the notebook's tests count for nothing, with a message
that names it, for the instructor to review.
"""

import ast
import base64
import builtins
import contextlib
import io
import json
import re
import sys
import warnings

import numpy as np

# --- plain data both ways ------------------------------------------------------

_SCALARS = (bool, int, float, str, type(None))
# Exceptions a student's answer may raise that the checks tell apart (see checks._run_diagnosed)
_EXCEPTIONS = {name: getattr(builtins, name) for name in (
    "IndexError", "TypeError", "ValueError", "ZeroDivisionError", "KeyError", "AttributeError", "NameError",
    "NotImplementedError", "AssertionError", "MemoryError", "RecursionError", "OverflowError",
    "FloatingPointError", "UnboundLocalError")}


class RemoteError(RuntimeError):
    """Something came back from the kernel that is not a plain answer."""


FUNCTION = object()  # what the kernel's name stands for is a function: call it there


def encode(value):
    """``value`` as text: a JSON tree with arrays stored as ``.npy`` bytes (no pickles)."""
    arrays = []

    def tree(v):
        if isinstance(v, np.ndarray):
            buffer = io.BytesIO()
            np.save(buffer, np.asarray(v), allow_pickle=False)
            arrays.append(base64.b64encode(buffer.getvalue()).decode("ascii"))
            return {"array": len(arrays) - 1}
        if isinstance(v, np.generic):
            return {"scalar": v.dtype.str, "value": v.item()}
        if type(v) in _SCALARS:
            return {"float": repr(v)} if type(v) is float else {"plain": v}
        if type(v) in (tuple, list):
            return {type(v).__name__: [tree(x) for x in v]}
        raise TypeError(f"not plain data: {type(v).__name__}")

    return json.dumps({"tree": tree(value), "arrays": arrays})


def decode(text):
    """The value :func:`encode` wrote; anything else raises :class:`RemoteError`."""
    try:
        data = json.loads(text)
        arrays = data["arrays"]

        def value(node):
            if "scalar" in node:
                dtype = np.dtype(node["scalar"])
                if dtype.kind not in "biufc":
                    raise RemoteError("not a numeric scalar")
                return dtype.type(node["value"])
            (kind, content), = node.items()
            if kind == "array":
                array = np.load(io.BytesIO(base64.b64decode(arrays[content])), allow_pickle=False)
                if type(array) is not np.ndarray or array.dtype.kind not in "biufc":
                    raise RemoteError("not a numeric array")
                return array
            if kind == "float":
                return float(content)
            if kind == "plain":
                if type(content) not in _SCALARS or type(content) is float:
                    raise RemoteError("not a plain value")
                return content
            if kind in ("tuple", "list"):
                items = [value(x) for x in content]
                return tuple(items) if kind == "tuple" else items
            raise RemoteError(f"unknown kind {kind!r}")

        return value(data["tree"])
    except RemoteError:
        raise
    except Exception as error:  # noqa: BLE001 (whatever the kernel sent, it is not an answer)
        raise RemoteError(f"unreadable answer from the kernel ({type(error).__name__})") from None


# --- in the student's kernel -------------------------------------------------------


def serve_call(name, payload):
    """Call the student's ``name`` on the decoded arguments, as the checks would; return the encoded outcome."""
    from IPython import get_ipython

    from . import checks

    try:
        function = get_ipython().user_ns[name]
        args = decode(payload)
        with checks._graded_alone(name, function):
            result = checks._run(function, *args)
        return json.dumps({"ok": encode(result)})
    except checks.CheckFailure as failure:
        return json.dumps({"raise": "AssertionError", "message": str(failure)})
    except Exception as error:  # noqa: BLE001 (the student's exception is part of the answer)
        return json.dumps({"raise": type(error).__name__, "message": str(error)[:2000]})


def serve_value(name):
    """The student's value ``name`` (a quiz answer, a kernel), encoded."""
    from IPython import get_ipython

    try:
        value = get_ipython().user_ns[name]
        if callable(value):
            return json.dumps({"function": True})
        return json.dumps({"ok": encode(value)})
    except Exception as error:  # noqa: BLE001
        return json.dumps({"raise": type(error).__name__, "message": str(error)[:2000]})


def _outcome_text(text):
    if not isinstance(text, str):
        raise RemoteError("unreadable reply from the kernel")
    return text


def _outcome(text):
    try:
        reply = json.loads(text)
    except Exception:  # noqa: BLE001
        raise RemoteError("unreadable reply from the kernel") from None
    if not isinstance(reply, dict):
        raise RemoteError("unreadable reply from the kernel")
    if "ok" in reply and isinstance(reply["ok"], str):
        return decode(reply["ok"])
    if reply.get("function") is True:
        return FUNCTION
    exception = _EXCEPTIONS.get(reply.get("raise"), RemoteError)
    raise exception(str(reply.get("message", ""))[:2000])


# --- in the grader ---------------------------------------------------------------


def serve_calls(calls):
    """:func:`serve_call` for each ``[name, payload]`` of ``calls``, in order: one round trip for a test cell."""
    return json.dumps([serve_call(name, payload) for name, payload in calls])


class Calls:
    """The calls of the student's functions one test cell makes, asked of the kernel all at once.

    The cell runs here twice.  First *collecting*: each call is noted and
    answered by the course's reference (what a right answer returns), so the
    checks draw and try every case they would try with a right answer.  Then
    the kernel answers every noted call in one round trip, and the cell runs
    again on those answers; a call not noted (a wrong answer leads the checks
    elsewhere) goes to the kernel on its own: a lesson's some 300 round trips
    a notebook become about 25.
    """

    def __init__(self):
        self.collecting = False
        self.noted = []
        self.answers = {}


class RemoteFunction:
    """Stands for the student's function ``name``: a call runs it in the kernel, on plain data."""

    remote = True  # checks that time an answer leave it to the kernel, where it runs

    def __init__(self, name, evaluate, calls=None):
        self.__name__ = name
        self._evaluate = evaluate
        self._calls = calls or Calls()

    def __call__(self, *args):
        from . import reference

        payload = encode(list(args))
        calls = self._calls
        if calls.collecting:
            calls.noted.append((self.__name__, payload))
            right = reference.right_answer(self.__name__)
            if right is None:
                raise RemoteError("no reference to stand in while collecting")
            previous = sys.getprofile()  # the by-hand hook watches the student's code, not the reference
            sys.setprofile(None)
            try:
                return right(*args)
            finally:
                sys.setprofile(previous)
        if (self.__name__, payload) in calls.answers:
            return _outcome(calls.answers[self.__name__, payload])
        return _outcome(self._evaluate(f"__import__('gradcourse.remote').remote.serve_call({self.__name__!r}, "
                                       f"{payload!r})"))


def _tree(source):
    try:
        return ast.parse(source)
    except SyntaxError:  # IPython syntax: nothing this side can run
        return ast.Module(body=[], type_ignores=[])


def loaded_names(source):
    return {node.id for node in ast.walk(_tree(source)) if isinstance(node, ast.Name)}


def defined_names(source):
    """The names a cell binds: assigned, imported, defined by ``def`` or ``class``."""
    names = set()
    for node in ast.walk(_tree(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


class SecondOpinion:
    """The grader's namespace for one notebook: the lesson's cells as the instructor wrote them (run
    here only when a test needs what they define), and the student's answers fetched from the kernel
    for each test: functions as :class:`RemoteFunction` stand-ins, values as plain data."""

    def __init__(self, evaluate):
        self.evaluate = evaluate
        self.namespace = {"__name__": "__gradcourse_second_opinion__"}
        self.pending = []       # lesson cells not yet run here
        self.answers = set()    # names that only the student's kernel defines

    def lesson_cell(self, source):
        self.pending.append(source)

    def _quietly(self, source):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(source, "<second opinion>", "exec"), self.namespace)

    def _unknown(self, names):
        return {n for n in names if n not in self.answers and n not in self.namespace and not hasattr(builtins, n)}

    def _define(self, needed):
        """Run, in the notebook's order, the pending lesson cells that define what ``needed`` lacks, and
        those that define what they use in turn; the rest (figures, explanations) never run here."""
        wanted, chosen = self._unknown(needed), []
        for index in reversed(range(len(self.pending))):
            if wanted & defined_names(self.pending[index]):
                chosen.append(index)
                wanted |= self._unknown(loaded_names(self.pending[index]))
        for index in sorted(chosen):
            try:
                self._quietly(self.pending[index])
            except Exception:  # noqa: BLE001 (a lesson cell that fails here changes no grade)
                pass
        self.pending = [cell for index, cell in enumerate(self.pending) if index not in chosen]

    def test_cell(self, source):
        """Run a test cell here; return None when it passes, else the exception it raised."""
        needed = loaded_names(source)
        self._define(needed)
        self.answers |= self._unknown(needed)
        calls = Calls()
        try:
            for name in sorted(self.answers & needed):
                value = _outcome(self.evaluate(f"__import__('gradcourse.remote').remote.serve_value({name!r})"))
                self.namespace[name] = RemoteFunction(name, self.evaluate, calls) if value is FUNCTION else value
            self._ask_at_once(source, calls)
            self._quietly(source)
        except Exception as error:  # noqa: BLE001 (any failure of the test is the verdict)
            return error
        return None

    def _ask_at_once(self, source, calls):
        """Collect the cell's calls (see :class:`Calls`) and have the kernel answer them in one round trip."""
        from . import checks

        drawn = dict(checks._cell)  # the second run must draw the very same random inputs
        calls.collecting = True
        try:
            self._quietly(source)
        except Exception:  # noqa: BLE001 (collecting decides nothing: the run on the kernel's answers does)
            pass
        finally:
            calls.collecting = False
            checks._cell.update(drawn)
        noted = list(dict.fromkeys(calls.noted))
        if noted:
            replies = json.loads(_outcome_text(self.evaluate(
                f"__import__('gradcourse.remote').remote.serve_calls({[list(c) for c in noted]!r})")))
            if not isinstance(replies, list) or len(replies) != len(noted):
                raise RemoteError("unreadable reply from the kernel")
            calls.answers = dict(zip(noted, replies))


# --- tools for changing the grader from a student cell ------------------------------

# Names that no answer in this course needs and that reach into the interpreter, the
# kernel or the grader: imports, bare names (calls such as eval(...)), attributes.  Another
# process is out of the by-hand profile hook's sight, so the modules that start one are here too.
TAMPERING = {
    "import": {"gradcourse", "ctypes", "gc", "importlib", "builtins", "inspect", "marshal", "pickle",
               "IPython", "ipykernel", "subprocess", "multiprocessing", "concurrent"},
    "name": {"eval", "exec", "compile", "__import__", "globals", "vars", "get_ipython", "__builtins__",
             "setattr", "delattr"},
    "attribute": {"setprofile", "settrace", "modules", "__code__", "__globals__", "__builtins__", "__dict__",
                  "__subclasses__", "__closure__", "set_custom_exc", "showtraceback", "user_ns", "f_globals",
                  "f_locals", "f_back"},
}


# IPython magics: those whose argument is Python code run in the notebook (scanned like a cell), and
# those that only show or set something.  Any other magic (%run, %%writefile, %prun, %debug, …) and a
# shell command (!) can reach past the checks: another process, a file imported unseen, a profiler.
CODE_MAGICS = {"time", "timeit", "capture"}
HARMLESS_MAGICS = {"matplotlib", "config", "precision", "xmode", "env", "who", "whos", "who_ls", "pwd",
                   "pinfo", "pinfo2", "pdoc", "pdef", "psearch", "lsmagic", "magic", "history", "quickref",
                   "autosave", "pip", "conda", "html", "markdown", "latex", "svg"}
# %time / %timeit options before the code: -n 10 -r 3 -p 4 take a value, -t -c -q -o do not
_MAGIC_OPTIONS = re.compile(r"^\s*(?:-[nrp]\s*\d+\s+|-[tcqo]\s+)*")


def _magic_call(node):
    """``(method, [str args])`` when ``node`` is what IPython writes for a magic or a shell command:
    ``get_ipython().run_line_magic("time", "...")``, ``.run_cell_magic(...)``, ``.system(...)``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"run_line_magic", "run_cell_magic", "system", "getoutput"}):
        return None
    owner = node.func.value
    if not (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "get_ipython"
            and not owner.args and not owner.keywords and not node.keywords
            and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)):
        return None
    return node.func.attr, [a.value for a in node.args]


def _magic_tools(method, args):
    if method in {"system", "getoutput"}:
        return ["! (shell)"]
    name, line, *cell = args + [""] * (2 - len(args))
    prefix = "%" if method == "run_line_magic" else "%%"
    if name in HARMLESS_MAGICS:
        return []
    if name not in CODE_MAGICS:
        return [prefix + name]
    code = [] if name == "capture" else [_MAGIC_OPTIONS.sub("", line)]
    return [tool for part in code + cell for tool in tampering(part)]


def tampering(source):
    """The tampering tools a code cell uses, as ``["kind name", ...]`` (IPython syntax understood)."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return []  # it cannot run either
    found, magic = [], set()
    for node in ast.walk(tree):
        call = _magic_call(node)
        if call:
            magic.add(id(node.func.value.func))  # IPython's own get_ipython(), not the student's
            found += _magic_tools(*call)
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] in TAMPERING["import"]]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in TAMPERING["import"]:
            found.append(f"import {node.module}")
        elif isinstance(node, ast.Name) and node.id in TAMPERING["name"] and id(node) not in magic:
            found.append(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in TAMPERING["attribute"]:
            found.append(f".{node.attr}")
    return sorted(set(found))
