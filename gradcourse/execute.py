"""nbgrader's Execute step, made to survive a hostile or broken notebook.

Plain ``nbgrader autograde`` loses a whole submission when the kernel dies
(``os._exit``, a segfault, a memory or CPU limit), and a cell that ignores
the interrupt after its timeout makes every later cell wait for its own
timeout.  :class:`GuardedExecute` replaces nbgrader's ``Execute`` in
``Autograde.autograde_preprocessors``:

* a cell that kills the kernel or runs past its timeout gets an error output
  that says so in both languages (a test cell then scores 0), the kernel is
  started again, the cells before it run again in the fresh kernel (their
  outputs are kept from the first run), and grading goes on with the next
  cell; after ``max_restarts`` such cells the rest is not run;
* the whole notebook has ``notebook_timeout`` seconds; cells left when they
  are spent are not run, and say so;
* what a cell prints is kept up to ``cell_output_limit`` bytes, and the
  notebook's outputs up to ``notebook_output_limit`` bytes: a flood of output
  costs the grader neither memory nor disk.

A cell that is not run gets an error output, never silence: nbgrader counts a
test cell without an error as passed.

Each kernel runs in the bubblewrap sandbox (:class:`gradcourse.sandbox.Sandbox`
says whether, and whether grading may go on without it).  When grading fails
for the grader's reasons rather than the student's (no kernel could be
started, or an instructor's setup cell failed on an import or a file before
any student code ran), :class:`GradingStopped` is raised: nbgrader then
records nothing for that student, rather than zeros.
"""

import ast
import copy
import json
import math
import os
import signal
import time

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_markdown_cell, new_output
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from . import checks, notebook, remote, seeds
from . import sandbox as sandboxing
from .checks import CheckFailure

NOTES_HEADING = "### Grading notes / Ghi chú khi chấm"


def grading_error(key, **fields):
    """An error output carrying a bilingual grading message; its ``evalue`` starts with ``[key]``."""
    text = str(CheckFailure(key, **fields))
    return new_output("error", ename="GradingError", evalue=text, traceback=text.splitlines())


def note_line(key, **fields):
    """One bilingual line of the "Grading notes" cell."""
    en, vi = str(CheckFailure(key, **fields)).split("\n")[:2]
    return f"{en.strip()}<br>{vi.strip()}"


def add_notes(nb, lines):
    """List ``lines`` in the "Grading notes" cell at the top of ``nb`` (made when missing)."""
    if not lines:
        return nb
    body = "\n".join(f"- {line}" for line in lines)
    if nb.cells and nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(NOTES_HEADING):
        nb.cells[0].source += "\n" + body
    else:
        nb.cells.insert(0, new_markdown_cell(f"{NOTES_HEADING}\n\n{body}"))
    return nb


def how_it_stopped(returncode):
    """The key that names why a kernel process ended, from its exit status (bubblewrap reports 128 + signal)."""
    if returncode is None:
        return "kernel-lost", {}
    signum = -returncode if returncode < 0 else returncode - 128 if returncode > 128 else 0
    if signum == signal.SIGSEGV or signum == signal.SIGBUS:
        return "kernel-crashed", {}
    if signum == signal.SIGXCPU:
        return "kernel-cpu", {}
    if signum:
        return "kernel-killed", {"signal": signal.Signals(signum).name if signum in signal.Signals._value2member_map_
                                  else signum}
    return "kernel-exited", {"code": returncode}


def _first_lines(error, count=12):
    text = str(error) if isinstance(error, AssertionError) and str(error) else f"{type(error).__name__}: {error}"
    return "\n".join(text.splitlines()[:count])


def instructor_cells(info):
    """``{grade_id: ("test" | "lesson", source)}`` from the gradebook: the instructor's own code, never the
    student's copy of it (a student may add cells with any metadata)."""
    from nbgrader.api import Gradebook

    with Gradebook(info["db_url"]) as gb:
        nb = gb.find_notebook(info["notebook"], info["assignment"])
        solutions = {c.name for c in nb.solution_cells}
        tests = {c.name for c in nb.grade_cells if c.cell_type == "code"} - solutions
        cells = {}
        for c in nb.source_cells:
            if c.cell_type != "code" or c.name in solutions:
                continue
            if c.name in tests:
                cells[c.name] = ("test", c.source)
            elif c.locked:
                cells[c.name] = ("lesson", c.source)
        return cells


# an instructor's cell failing with one of these before any student code ran is the grader's failure
SETUP_ERRORS = ("ModuleNotFoundError", "ImportError", "PermissionError", "FileNotFoundError")
STOPPED_TAG = "[grading-stopped]"


class GradingStopped(RuntimeError):
    """This student's grading cannot go on, and it is not the student's doing: record nothing."""

    def __init__(self, reason):
        super().__init__(
            f"{STOPPED_TAG} Grading of this submission stopped for the grader's reasons, not the student's: "
            f"{reason}. Nothing was recorded for it; fix the cause and grade it again.\n"
            f"Việc chấm bài nộp này đã dừng vì lý do của hệ thống chấm, không phải của sinh viên: {reason}. "
            f"Chưa ghi điểm nào cho bài này; hãy sửa nguyên nhân rồi chấm lại.")


class GuardedExecute(Execute):
    """nbgrader's Execute, with recovery from dead kernels and bounds on time and output."""

    notebook_timeout = Integer(300, help="seconds for the whole notebook, restarts included").tag(config=True)
    max_restarts = Integer(3, help="kernels that may be lost before the rest of the notebook is not run").tag(
        config=True)
    cell_output_limit = Integer(1_000_000, help="bytes of output kept per cell").tag(config=True)
    notebook_output_limit = Integer(8_000_000, help="bytes of output kept per notebook").tag(config=True)
    second_opinion = Bool(True, help="run each passed test cell again in the grader's process "
                                     "(gradcourse.remote)").tag(config=True)
    # ipykernel flushes stdout on a timer, so one print may arrive as one stream output or two, and
    # stdout may come before or after stderr: the same code must leave the same feedback notebook.
    coalesce_streams = Bool(True, help="merge each cell's stream outputs, stdout then stderr").tag(config=True)
    reproducible = Bool(True, help="draw each test cell's random inputs from a seed made of the course's "
                                   "secret and the cell (gradcourse.seeds), not from the clock").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._deadline = time.monotonic() + self.notebook_timeout
        self._cell_timeout = self.timeout
        self._ran = []            # code cells whose effects a fresh kernel must replay
        self._lost = 0
        self._stopped = None      # why the remaining cells are not run
        self._notes = []
        self._output_bytes = {}
        self._total_output = 0
        self._truncated = set()
        self._replaying = False
        self._asked_exit = False
        self._opinion, self._instructor = None, {}
        info = (resources or {}).get("nbgrader", {})
        if info.get("db_url"):
            self._instructor = instructor_cells(info)
            if self.second_opinion:
                self._opinion = remote.SecondOpinion(self._evaluate)
        self._seeds = self._cell_seeds(info)
        self._tampering = self._find_tampering(nb) if self._opinion is not None else []
        self._student_ran = False  # has any code of the student's run yet?
        if km is None and self.km is None:
            try:
                chosen = sandboxing.Sandbox(parent=self).kernel_manager_class()
            except sandboxing.SandboxUnavailable as error:
                raise GradingStopped(str(error).splitlines()[0]) from None
            if chosen is not None:
                self.kernel_manager_class = chosen
        nb, resources = super().preprocess(nb, resources, km)
        return add_notes(nb, self._notes), resources

    async def async_start_new_kernel(self, **kwargs):
        try:
            return await super().async_start_new_kernel(**kwargs)
        except Exception as error:  # noqa: BLE001 (no kernel at all is never the student's doing)
            if self._ran:
                raise  # a restart: the student's code may be why
            raise GradingStopped(f"no kernel could be started ({type(error).__name__}: "
                                 f"{str(error).strip()[:300]})") from error

    def _find_tampering(self, nb):
        """Student code cells (not the instructor's, restored by nbgrader) that use a tampering tool."""
        found = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and notebook.grade_id(cell) not in self._instructor:
                tools = remote.tampering(cell.source)
                if tools:
                    found.append(f"{index + 1}: {', '.join(tools)}")
        if found:
            self._note(0, "tampering", cells="; ".join(found))
        return found

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._stopped is None and self._remaining() <= 0:
            self._stop(index, "not-run-time", seconds=self.notebook_timeout)
        if self._stopped:
            key, fields = self._stopped
            cell.outputs = [grading_error(key, **fields)]
            return cell, resources
        self.timeout = max(1, min(self._cell_timeout, math.ceil(self._remaining())))
        try:
            self._seed_kernel(self._seeds.get(notebook.grade_id(cell)))
            cell, resources = super().preprocess_cell(cell, resources, index)
        except (DeadKernelError, CellTimeoutError) as error:
            self._kernel_lost(cell, index, error)
            return cell, resources
        if self._asked_exit:  # exit() or quit(): ipykernel replies, then ends
            self._asked_exit = False
            self._lost_in(cell, index, "kernel-exited", {"code": 0})
            return cell, resources
        if any(o.output_type == "error" and o.get("ename") == self.error_on_timeout["ename"] for o in cell.outputs):
            # nbclient has interrupted it, but whether the kernel listened is unknown: start afresh
            self._lost_in(cell, index, "cell-timeout", {"seconds": self.timeout})
            return cell, resources
        self._check_setup(cell, index)
        self._ran.append(index)
        try:
            self._second_opinion(cell)
        except (DeadKernelError, CellTimeoutError) as error:
            self._kernel_lost(cell, index, error)
        return cell, resources

    # --- reproducible random inputs -------------------------------------------------

    def _cell_seeds(self, info):
        """``{grade_id: seed}`` for the instructor's test cells (empty outside autograding)."""
        if not (self.reproducible and info.get("assignment") and self._instructor):
            return {}
        secret = seeds.course_secret(CourseDirectory(config=self.config).root)
        return {gid: seeds.cell_seed(secret, info["assignment"], gid)
                for gid, (kind, _) in self._instructor.items() if kind == "test"}

    def _seed_kernel(self, seed):
        """Tell the kernel's checks the seed of the test cell about to run (nothing for any other cell)."""
        if seed is None:
            return
        msg_id = self.kc.execute(f"__import__('gradcourse.checks').checks.seed_cell({seed})", silent=True,
                                 store_history=False)
        if self.wait_for_reply(msg_id) is None:
            raise CellTimeoutError("no answer from the kernel in time")

    def _check_setup(self, cell, index):
        """An instructor's cell that fails to import or open a file before any student code ran: the grader's fault."""
        kind, _ = self._instructor.get(notebook.grade_id(cell), (None, None))
        if kind is None:
            self._student_ran = True
            return
        if self._student_ran:
            return
        for output in cell.outputs:
            if output.output_type == "error" and output.get("ename") in SETUP_ERRORS and not self._shadowed():
                raise GradingStopped(f"the instructor's cell {index + 1} ({notebook.grade_id(cell)}) failed before "
                                     f"any student code ran: {output.get('ename')}: {output.get('evalue', '')[:300]}")

    def _shadowed(self):
        """Whether the student's folder holds Python modules of its own (a cv2.py, a numpy/ package, a
        secrets.py that the course's package would import): then a failing import may be the student's
        doing, and is graded as such rather than excused."""
        folder = (getattr(self, "resources", None) or {}).get("metadata", {}).get("path") or "."
        try:
            entries = os.listdir(folder)
        except OSError:
            return True
        return any(entry.endswith((".py", ".pyc", ".so", ".pth")) or
                   os.path.exists(os.path.join(folder, entry, "__init__.py")) for entry in entries)

    def _kernel_lost(self, cell, index, error):
        """The kernel died, or stopped answering, during this cell (or its second opinion)."""
        if isinstance(error, DeadKernelError):
            key, fields = how_it_stopped(self._exit_status())
        else:  # the reply came, but its output never finished arriving
            key, fields = "cell-timeout", {"seconds": self.timeout}
        self._lost_in(cell, index, key, fields)

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        payload = kwargs["execute_reply"]["content"].get("payload") or []
        self._asked_exit = self._asked_exit or any(p.get("source") == "ask_exit" for p in payload)

    # --- the second opinion ------------------------------------------------------

    def _second_opinion(self, cell):
        """Lesson cells are noted; a test cell that passed in the kernel is run again here."""
        kind, source = self._instructor.get(notebook.grade_id(cell), (None, None))
        if self._opinion is None or kind is None:
            return
        if kind == "test" and self._tampering:
            cell.outputs.append(grading_error("tampering", cells="; ".join(self._tampering)))
        elif kind == "lesson":
            self._opinion.lesson_cell(source)
        elif kind == "test" and not any(o.output_type == "error" for o in cell.outputs):
            checks.seed_cell(self._seeds.get(notebook.grade_id(cell)))  # the very inputs the kernel drew
            try:
                verdict = self._opinion.test_cell(source)
            finally:
                checks.seed_cell(None)
            if isinstance(verdict, (DeadKernelError, CellTimeoutError)):
                raise verdict
            if verdict is not None:
                cell.outputs.append(grading_error("second-opinion", error=_first_lines(verdict)))

    def _evaluate(self, expression):
        """``expression`` evaluated in the student's kernel, as the text of its value."""
        msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"r": expression})
        reply = self.wait_for_reply(msg_id)
        if reply is None:
            raise CellTimeoutError("no answer from the kernel in time")
        result = reply["content"].get("user_expressions", {}).get("r", {})
        if result.get("status") != "ok":
            raise remote.RemoteError(f"the kernel could not answer ({result.get('ename', '?')})")
        try:
            return ast.literal_eval(result["data"]["text/plain"])
        except Exception:  # noqa: BLE001
            raise remote.RemoteError("unreadable answer from the kernel") from None

    # --- output ---------------------------------------------------------------

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if self._replaying or out is None or not outs or outs[-1] is not out:
            return out
        size = len(json.dumps(out, ensure_ascii=False))
        used = self._output_bytes.get(cell_index, 0)
        if used + size > self.cell_output_limit or self._total_output + size > self.notebook_output_limit:
            outs.pop()
            if cell_index not in self._truncated:
                self._truncated.add(cell_index)
                text = str(CheckFailure("output-truncated", kb=self.cell_output_limit // 1000))
                outs.append(new_output("stream", name="stdout", text=f"\n{text}\n"))
                self._note(cell_index, "output-truncated", kb=self.cell_output_limit // 1000)
            return None
        self._output_bytes[cell_index] = used + size
        self._total_output += size
        return out

    # --- recovery --------------------------------------------------------------

    def _remaining(self):
        return self._deadline - time.monotonic()

    def _exit_status(self):
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is None:
            return None
        for _ in range(20):  # the process may still be on its way out
            if process.poll() is not None:
                return process.returncode
            time.sleep(0.05)
        return None

    def _note(self, index, key, **fields):
        where = f"cell {index + 1} / ô {index + 1}: " if index else ""
        self._notes.append(where + note_line(key, **fields))

    def _stop(self, index, key, **fields):
        """From ``index`` on, no cell runs; each says why."""
        self._stopped = (key, fields)
        self._note(index, key, **fields)
        self.log.warning("Cells from %d on are not run: %s", index + 1, key)

    def _lost_in(self, cell, index, key, fields):
        """Record why ``cell`` failed, then carry on in a fresh kernel (or stop, when too many were lost)."""
        if not self._student_ran and notebook.grade_id(cell) in self._instructor and not self._shadowed():
            raise GradingStopped(f"the kernel was lost in the instructor's cell {index + 1} "
                                 f"({notebook.grade_id(cell)}) before any student code ran: [{key}]")
        cell.outputs.append(grading_error(key, **fields))
        self._note(index, key, **fields)
        self.log.warning("Cell %d: %s", index + 1, key)
        self._lost += 1
        if self._lost > self.max_restarts:
            return self._stop(index + 1, "not-run-restarts", count=self._lost)
        try:
            self._restart()
        except Exception as error:  # noqa: BLE001 (whatever stops a fresh kernel, the rest is not run)
            self.log.error("No fresh kernel: %s", error)
            return self._stop(index + 1, "not-run-restarts", count=self._lost)
        self._replaying = True
        try:
            for earlier in list(self._ran):
                if self._remaining() <= 0:
                    return self._stop(index + 1, "not-run-time", seconds=self.notebook_timeout)
                self.timeout = max(1, min(self._cell_timeout, math.ceil(self._remaining())))
                replay = copy.deepcopy(self.nb.cells[earlier])
                try:
                    self.execute_cell(replay, earlier, store_history=True)
                except (DeadKernelError, CellTimeoutError):
                    return self._stop(index + 1, "not-run-replay", cell=earlier + 1)
        finally:
            self._replaying = False

    def _restart(self):
        """Throw the kernel away and start a new one, as nbclient's ``setup_kernel`` would."""
        self._cleanup_kernel()
        self.km = self.create_kernel_manager()
        self.start_new_kernel()
        self.start_new_kernel_client()
