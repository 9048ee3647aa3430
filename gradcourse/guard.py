"""The same guards on every door to autograding.

An instructor may grade with ``gradcourse autograde``, with plain
``nbgrader autograde`` in the course folder (as nbgrader's documentation
teaches) or with the formgrader's Autograde button (nbgrader's API).  The
last two read only ``nbgrader_config.py``, so what must happen before
anyone is graded happens in :class:`GuardedRun`, the exporter that
nbgrader's ``Autograde`` converter builds once per run, after it has found
the submissions and before it grades the first one
(``c.Autograde.exporter_class``):

1. the sandbox: where bubblewrap cannot run, grading is refused
   (``c.Sandbox.required``, the default) or goes on with a loud warning;
2. the preflight (:func:`preflight`): one sandboxed kernel, started as a
   student's would be, imports what the notebooks import and opens the
   assignment's files; if it cannot, grading stops before anyone is graded,
   with a message naming the path the kernel could not read;
3. the intake (:mod:`gradcourse.intake`): every submission is read and
   mended in a copy, and the run grades the copies.

Each student's kernel then runs in the sandbox with
:class:`gradcourse.execute.GuardedExecute`, which nbgrader's configuration
names too.
"""

import ast
import functools
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbgrader.converters import Autograde
from nbgrader.converters.base import NbGraderException
from nbgrader.coursedir import CourseDirectory
from traitlets import Bool

from . import faster, intake, notebook

faster.apply()
from . import sandbox as sandboxing

# What every lesson's kernel imports, whatever its cells say.
ALWAYS = ("gradcourse", "gradcourse.checks", "numpy", "cv2", "matplotlib", "matplotlib.pyplot")

# Run in the sandbox with -I -S, so it starts even where the environment cannot be read:
# the first step on the way to each path that this user cannot see, enter or read.
DIAGNOSE = r"""
import json, os, sys
found = {}
for path in json.loads(sys.argv[1]):
    step = "/"
    for part in path.strip("/").split("/"):
        step = os.path.join(step, part)
        if not os.path.lexists(step):
            found[path] = [step, "missing"]
            break
        need = os.R_OK | (os.X_OK if os.path.isdir(step) else 0)
        if not os.access(step, need):
            found[path] = [step, "unreadable"]
            break
print(json.dumps(found))
"""

# Run in a sandboxed kernel: import each module, open each file.
PROBE = r"""
import importlib as _i, json as _j
_failed = {}
for _name in %(modules)r:
    try:
        _i.import_module(_name)
    except BaseException as _e:
        _failed[_name] = f"{type(_e).__name__}: {_e}"
for _path in %(files)r:
    try:
        open(_path, "rb").close()
    except OSError as _e:
        _failed[_path] = f"{type(_e).__name__}: {_e}"
print("PREFLIGHT", _j.dumps(_failed))
"""


class PreflightFailed(RuntimeError):
    """The sandbox cannot grade this course as it is kept: nothing may be graded."""


def _who():
    return "nobody" if os.geteuid() == 0 else f"uid {os.geteuid()}"


def _modules(nb):
    """Top-level modules imported by a notebook's instructor cells (the student's own imports are theirs)."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type != "code" or notebook.is_solution(cell):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue  # IPython syntax: the always-needed modules still stand
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return names


def _where(module):
    """Where ``module`` lives for the grader: the file (or folder) a kernel must read to import it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    return spec.origin if spec.origin not in (None, "built-in", "frozen") else \
        next(iter(spec.submodule_search_locations or []), None)


def _diagnose(paths, workdir, sockets):
    """``{path: (blocked step, "missing" | "unreadable")}`` as the sandboxed user sees them."""
    as_nobody = os.geteuid() == 0
    cmd = sandboxing.command([sys.executable, "-I", "-S", "-c", DIAGNOSE, json.dumps(sorted(paths))],
                             workdir, sockets, as_nobody=as_nobody)
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    try:
        return {path: tuple(found) for path, found in json.loads(result.stdout.strip().splitlines()[-1]).items()}
    except (ValueError, IndexError):
        return {sys.executable: (sys.executable, f"cannot run ({result.stderr.strip()[-300:]})")}


def _message(what, what_vi, blocked):
    """The instructor's bilingual message: what failed, and which path the sandbox could not read."""
    lines_en = [f"Grading stopped before any student was graded: a sandboxed kernel (run as {_who()}, "
                f"as every student's is) could not {what}."]
    lines_vi = [f"Việc chấm đã dừng trước khi chấm bất kỳ sinh viên nào: một kernel trong sandbox (chạy với "
                f"quyền {_who()}, như kernel của mọi sinh viên) không thể {what_vi}."]
    for step, why in sorted(set(blocked.values())):
        if why == "unreadable":
            try:
                info = os.stat(step)
                mode = f"mode {info.st_mode & 0o7777:04o}, owner uid {info.st_uid}"
            except OSError:
                mode = "?"
            lines_en.append(f"It cannot read {step} ({mode}). Make it readable by every user "
                            f"(e.g. chmod -R a+rX {step}), or keep the course and its Python environment "
                            "where other users can read them, then grade again.")
            lines_vi.append(f"Nó không đọc được {step} ({mode}). Hãy cho mọi người dùng quyền đọc "
                            f"(ví dụ chmod -R a+rX {step}), hoặc đặt khoá học và môi trường Python của nó ở nơi "
                            "người dùng khác đọc được, rồi chấm lại.")
        else:
            lines_en.append(f"{step} is not inside the sandbox ({why}): install what the notebooks import into "
                            f"the course's Python environment ({sys.prefix}), then grade again.")
            lines_vi.append(f"{step} không có trong sandbox ({why}): hãy cài những gì notebook cần vào môi trường "
                            f"Python của khoá học ({sys.prefix}), rồi chấm lại.")
    if not blocked:
        lines_en.append(f"Install what the notebooks import into the course's Python environment ({sys.prefix}), "
                        "or correct the import, then grade again.")
        lines_vi.append(f"Hãy cài những gì notebook import vào môi trường Python của khoá học ({sys.prefix}), "
                        "hoặc sửa lệnh import, rồi chấm lại.")
    lines_en.append("Nothing was graded or recorded.")
    lines_vi.append("Chưa bài nào được chấm hay ghi điểm.")
    return "\n".join(lines_en + lines_vi)


def _probe(modules, files, workdir):
    """Start one sandboxed kernel in ``workdir``; return ``(failures, None)`` or ``(None, start error)``."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE % {"modules": sorted(modules),
                                                                             "files": sorted(files)})])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(nb, timeout=120, kernel_manager_class=sandboxing.SandboxedKernelManager,
                            resources={"metadata": {"path": str(workdir)}}, allow_errors=True)
    try:
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # the kernel's banner is noise
    except Exception as error:  # noqa: BLE001 (whatever stops a kernel from starting is reported)
        return None, f"{type(error).__name__}: {str(error).strip()[:300]}"
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    for line in text.splitlines():
        if line.startswith("PREFLIGHT "):
            return json.loads(line[len("PREFLIGHT "):]), None
    errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in nb.cells[0].outputs if o.output_type == "error"]
    return {"kernel": "; ".join(errors) or "no answer"}, None


def preflight(root, assignment):
    """Start one sandboxed kernel as a student's would start, in the course's ``autograded/`` folder, and
    have it import what ``assignment``'s notebooks import and open the assignment's files.

    Raises :class:`PreflightFailed` with a bilingual message naming what
    could not be read.  Run it only where the sandbox runs.
    """
    root = Path(root)
    source = root / "source" / assignment
    modules = set(ALWAYS)
    for path in source.glob("*.ipynb"):
        modules |= _modules(notebook.read(path))
    parent = root / "autograded"
    parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".preflight-", dir=parent))  # hidden: nbgrader's globs skip it
    sockets = tempfile.mkdtemp(prefix="gradcourse-preflight-")
    try:
        files = []
        for path in sorted(source.rglob("*")):  # copied as nbgrader copies them into each student's folder
            relative = path.relative_to(source)
            if path.is_file() and path.suffix != ".ipynb" and not any(
                    part in (".ipynb_checkpoints", "__pycache__") for part in relative.parts):
                (workdir / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, workdir / relative)
                files.append(str(relative))
        failed, start_error = _probe(modules, files, workdir)
        if start_error is None and not failed:
            return
        if start_error is not None:
            what, what_vi = f"start ({start_error})", f"khởi động ({start_error})"
            paths = {sys.executable, sys.prefix, *filter(os.path.isdir, sys.path)}
        else:
            listed = "; ".join(f"{name} ({error})" for name, error in sorted(failed.items()))
            what, what_vi = f"import or open {listed}", f"import hoặc mở {listed}"
            paths = {p for p in map(_where, (n for n in failed if not n.startswith(tuple(files)))) if p}
            paths |= {str(workdir / f) for f in failed if f in files}
        blocked = _diagnose(paths, str(workdir), sockets) if paths else {}
        raise PreflightFailed(_message(what, what_vi, blocked))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(sockets, ignore_errors=True)


@functools.lru_cache(maxsize=None)
def _checked(root, assignment):
    """A preflight once per process for a course and assignment (the formgrader grades one student a click)."""
    preflight(root, assignment)


def before_grading(root, assignment, config=None, log=None):
    """What every door does before the first student: the sandbox's policy, then the preflight.

    Returns whether the students' kernels will be sandboxed; raises
    :class:`PreflightFailed` or :class:`gradcourse.sandbox.SandboxUnavailable`.
    """
    policy = sandboxing.Sandbox(config=config) if config is not None else sandboxing.Sandbox()
    if policy.kernel_manager_class() is None:
        return False
    _checked(str(Path(root).resolve()), assignment)
    return True


class GuardedRun(NotebookExporter):
    """nbgrader's notebook exporter, with the run's guards before the first student (``c.Autograde.exporter_class``).

    ``c.GuardedRun.preflight`` and ``c.GuardedRun.intake`` switch those steps
    off (``gradcourse autograde`` has done them itself before it calls nbgrader).
    """

    preflight = Bool(True, help="start one sandboxed kernel and import what the notebooks need "
                                "before grading anyone").tag(config=True)
    intake = Bool(True, help="grade mended copies of the submissions (gradcourse.intake)").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        converter = self.parent
        if isinstance(converter, Autograde) and converter._sanitizing:
            self._guard(converter)

    def _guard(self, converter):
        coursedir = converter.coursedir
        assignments = sorted({Path(folder).name for folder in converter.assignments} or {coursedir.assignment_id})
        policy = sandboxing.Sandbox(config=self.config)
        try:
            if self.preflight:
                sandboxed = all([before_grading(coursedir.root, assignment, self.config)
                                 for assignment in assignments])
            else:
                sandboxed = policy.kernel_manager_class() is not None
        except (PreflightFailed, sandboxing.SandboxUnavailable) as error:
            for line in str(error).splitlines():
                converter.log.error(line)
            raise NbGraderException(str(error)) from None
        if not sandboxed:  # in nbgrader's log too: the formgrader shows it to the instructor
            for line in policy.warning.splitlines():
                converter.log.warning(line)
        if self.intake and Path(coursedir.submitted_directory).name == "submitted":
            self._stage(converter)

    def _stage(self, converter):
        """Grade mended copies: stage every matching submission in ``intake/`` and point the run there."""
        coursedir = converter.coursedir
        pattern = coursedir.format_path(coursedir.submitted_directory, coursedir.student_id, coursedir.assignment_id)
        staged = []
        for folder in sorted(Path(p) for p in glob.glob(pattern)):
            if folder.is_dir():
                student, assignment = folder.parent.name, folder.name
                if (Path(coursedir.root) / "source" / assignment).is_dir():
                    intake.stage_one(coursedir.root, assignment, student)
                    staged.append(student)
        if not staged:
            return
        values = {name: getattr(coursedir, name) for name in coursedir.trait_names(config=True)}
        values["submitted_directory"] = intake.DIRECTORY
        # a copy: the formgrader's own CourseDirectory must keep reading submitted/
        converter.coursedir = CourseDirectory(config=coursedir.config, **values)
        converter.init_notebooks()
