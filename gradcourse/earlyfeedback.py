"""Feedback before the deadline, rate-limited: the hidden tests' verdict on a student's current work.

nbgrader has no such thing (jupyter/nbgrader#988).  This is a JupyterHub
service, run by the hub as the instructor (:mod:`gradcourse.hub`): a student's
kernel posts the saved notebook (:func:`ask`); the service grades it as
``gradcourse autograde`` does (sandboxed, second opinion on) in a scratch copy
of the course, thrown away afterwards, so the score counts nowhere; and it
answers with each test cell's verdict: its docstring, its points and, for a
failure, the check's bilingual message, never a line of a hidden test.

A student may ask ``EarlyFeedback.per_day`` times per UTC day (a course
setting in ``nbgrader_config.py``, default 3); the next ask is refused, in
both languages, with the time of the next try.  Every ask is recorded in
``early-feedback.sqlite`` in the course folder; ``GET report`` (the instructor
only) lists who asked, how often and when last.
"""

import argparse
import ast
import asyncio
import contextlib
import datetime
import json
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from traitlets import Integer
from traitlets.config import Configurable

from . import grading, notebook, tutor

DATABASE = "early-feedback.sqlite"
LIMIT_BYTES = 20_000_000


class EarlyFeedback(Configurable):
    per_day = Integer(3, help="early-feedback asks a student may make per day (UTC)").tag(config=True)


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


class Limit:
    """How many asks each student has made today, kept in SQLite; ``clock`` returns an aware datetime."""

    def __init__(self, path, per_day, clock=utc_now):
        self.path, self.per_day, self.clock = Path(path), per_day, clock
        with self._db() as db:
            db.execute("CREATE TABLE IF NOT EXISTS asks (student TEXT, assignment TEXT, at TEXT)")

    @contextlib.contextmanager
    def _db(self):
        """One write transaction, begun before the first read: two asks at once cannot both take the last."""
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    def take(self, student, assignment):
        """Record an ask if today's are not used up: ``(True, used, None)`` or ``(False, used, next try)``."""
        now = self.clock().astimezone(datetime.timezone.utc)
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        with self._db() as db:
            used = db.execute("SELECT COUNT(*) FROM asks WHERE student = ? AND at >= ?",
                              (student, today.isoformat())).fetchone()[0]
            if used >= self.per_day:
                return False, used, today + datetime.timedelta(days=1)
            db.execute("INSERT INTO asks VALUES (?, ?, ?)", (student, assignment, now.isoformat()))
        return True, used + 1, None

    def give_back(self, student):
        """Return the latest ask: the grader, not the student, failed."""
        with self._db() as db:
            db.execute("DELETE FROM asks WHERE rowid = (SELECT MAX(rowid) FROM asks WHERE student = ?)", (student,))

    def report(self):
        """``[(student, assignment, asks, last)]``, the most asked first."""
        with self._db() as db:
            return db.execute("SELECT student, assignment, COUNT(*), MAX(at) FROM asks GROUP BY student, assignment "
                              "ORDER BY COUNT(*) DESC, student").fetchall()


def refusal(per_day, next_try):
    when = next_try.strftime("%Y-%m-%d %H:%M UTC")
    return (f"You have used today's {per_day} early-feedback asks; the next one is possible from {when}. "
            f"Your work is saved: keep going with Validate in the meantime.\n"
            f"Bạn đã dùng hết {per_day} lượt xin phản hồi sớm hôm nay; lượt tiếp theo có từ {when}. "
            f"Bài của bạn vẫn được lưu: trong lúc chờ, hãy tiếp tục dùng Validate.")


class Grader:
    """Grades one notebook at a time in a throw-away copy of the instructor's course."""

    def __init__(self, course_root):
        self.course_root = Path(course_root)
        self.templates = {}  # assignment -> a scratch course with the assignment generated
        self.work = Path(tempfile.mkdtemp(prefix="early-feedback-"))

    def template(self, assignment):
        if assignment not in self.templates:
            course = grading.Course.scratch(self.work / f"template-{assignment}", repo=self.course_root)
            course.generate(assignment)
            self.templates[assignment] = course.root
        return self.templates[assignment]

    def verdict(self, assignment, student, nb):
        """``[{cell, points, score, passed, what, message}]`` for each test cell of ``nb``, graded now."""
        folder = Path(tempfile.mkdtemp(dir=self.work))
        try:
            course = grading.Course(shutil.copytree(self.template(assignment), folder / "course"))
            course.submit(assignment, student, nb, timestamp=utc_now().strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
            notes = course.autograde(assignment, student)
            if "grading-stopped" in notes.get(student, []):
                raise RuntimeError("grading stopped")
            results = course.cell_results(assignment, student)
            graded = notebook.read(course.root / "autograded" / student / assignment /
                                   grading.notebook_name(course.root, assignment))
            return [cell_verdict(cell, results[notebook.grade_id(cell)]) for cell in graded.cells
                    if notebook.is_test(cell) and notebook.grade_id(cell) in results]
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def cell_verdict(cell, result):
    """What a student may see of a graded test cell: never its lines, which may be hidden tests."""
    from .feedback import tutor_remark

    try:
        docstring = ast.get_docstring(ast.parse(cell.source)) or ""
    except SyntaxError:  # a test cell with a magic
        docstring = ""
    errors = [tutor_remark(dict(o), cell.get("execution_count")) for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    message = "\n".join(tutor.plain(line) for error in errors for line in error["traceback"])
    passed = (result.score or 0) >= result.max_score
    return {"cell": result.grade_id, "what": docstring, "points": result.max_score, "score": result.score or 0,
            "passed": passed, "message": "" if passed else message}


def make_app(course_root, instructor, per_day=None, clock=utc_now, prefix="/"):
    """The service's tornado application (its handlers need JupyterHub's service environment)."""
    import nbformat
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from tornado import web

    if per_day is None:
        per_day = EarlyFeedback(config=grading.Course(course_root).config()).per_day
    limit = Limit(Path(course_root) / DATABASE, per_day, clock)
    grader = Grader(course_root)
    one_at_a_time = asyncio.Semaphore(1)  # a grading takes both of a small machine's cores for seconds

    class Handler(HubOAuthenticated, web.RequestHandler):  # a token (the kernel) or the hub's login (a browser)
        def user_name(self):
            user = self.get_current_user()
            if not user:
                raise web.HTTPError(403, "no JupyterHub user / không có người dùng JupyterHub")
            return user["name"]

        def answer(self, status, body):
            self.set_status(status)
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(json.dumps(body, ensure_ascii=False))

    class Ask(Handler):
        def check_xsrf_cookie(self):
            pass  # token-authenticated API calls from the student's kernel

        async def post(self):
            student = self.user_name()
            if len(self.request.body) > LIMIT_BYTES:
                return self.answer(413, {"error": "notebook too large / notebook quá lớn"})
            try:
                body = json.loads(self.request.body)
                assignment, nb = str(body["assignment"]), nbformat.reads(json.dumps(body["notebook"]), as_version=4)
            except (ValueError, KeyError, TypeError):
                return self.answer(400, {"error": "send {assignment, notebook} / hãy gửi {assignment, notebook}"})
            if assignment not in grading.assignments(course_root):  # a name, never a path (".." included)
                return self.answer(404, {"error": f"no assignment {assignment!r} / không có bài {assignment!r}"})
            ok, used, next_try = limit.take(student, assignment)
            if not ok:
                return self.answer(429, {"error": refusal(per_day, next_try), "used": used, "per_day": per_day,
                                         "next_try": next_try.isoformat()})
            try:
                async with one_at_a_time:
                    cells = await asyncio.to_thread(grader.verdict, assignment, student, nb)
            except Exception as error:  # noqa: BLE001 (the grader's failure costs the student no ask)
                limit.give_back(student)
                return self.answer(503, {"error": "The grader could not grade this now; the ask was not counted. "
                                                  "/ Hệ thống chấm chưa chấm được lúc này; lượt này không bị tính.",
                                         "detail": type(error).__name__})
            self.answer(200, {"cells": cells, "used": used, "per_day": per_day})

    class Report(Handler):
        @web.authenticated  # a browser without the service's cookie goes through the hub's login
        def get(self):
            if self.user_name() != instructor:
                raise web.HTTPError(403, "the instructor's page / trang của giảng viên")
            self.answer(200, {"asks": [{"student": s, "assignment": a, "asks": n, "last": last}
                                       for s, a, n, last in limit.report()], "per_day": per_day})

    class About(web.RequestHandler):
        def get(self):
            self.finish({"service": "early feedback / phản hồi sớm", "per_day": per_day,
                         "ask": "from a notebook: from gradcourse.earlyfeedback import ask; ask()"})

    return web.Application([(prefix, About), (prefix + "ask", Ask), (prefix + "report", Report),
                            (prefix + "oauth_callback", HubOAuthCallbackHandler)],
                           grader=grader, cookie_secret=os.urandom(32))


def ask(path=None, assignment=None, url=None):
    """Ask the course's hub for the hidden tests' verdict on this notebook as last saved; print it.

    Run it in a cell of the assignment's notebook (save first: Ctrl+S).  It does not count toward the grade.
    """
    url = url or os.environ.get("GRADCOURSE_EARLY_FEEDBACK")
    token = os.environ.get("JUPYTERHUB_API_TOKEN")
    if not url or not token:
        print("Early feedback works on the course's JupyterHub only. / Phản hồi sớm chỉ có trên JupyterHub "
              "của khoá học.")
        return None
    path = Path(path or os.environ.get("JPY_SESSION_NAME", ""))
    if not path.is_absolute():
        path = Path.home() / path
    assignment = assignment or path.parent.name
    request = urllib.request.Request(
        url + "ask", method="POST", headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
        data=json.dumps({"assignment": assignment, "notebook": json.loads(path.read_text(encoding="utf-8"))}).encode())
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        answer = json.load(error)
        print(answer.get("error", error))
        return answer
    print(f"Early feedback on {path.name}, not counted ({answer['used']}/{answer['per_day']} today) / "
          f"Phản hồi sớm cho {path.name}, không tính điểm ({answer['used']}/{answer['per_day']} hôm nay)")
    for cell in answer["cells"]:
        mark = "✓" if cell["passed"] else "✗"
        print(f"{mark} {cell['what'] or cell['cell']} ({cell['score']:g}/{cell['points']:g})")
        if cell["message"]:
            print("    " + cell["message"].replace("\n", "\n    "))
    return answer


def main(argv=None):
    from tornado import ioloop

    parser = argparse.ArgumentParser(prog="python -m gradcourse.earlyfeedback")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--course", required=True, help="the instructor's course folder")
    parser.add_argument("--instructor", default=os.environ.get("USER", "instructor"))
    args = parser.parse_args(argv)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    app = make_app(args.course, args.instructor, prefix=prefix)
    app.listen(args.port, "127.0.0.1")
    loop = ioloop.IOLoop.current()
    for sig in (signal.SIGINT, signal.SIGTERM):  # the hub stops its services with SIGINT, then SIGTERM
        signal.signal(sig, lambda *_: loop.add_callback_from_signal(loop.stop))
    print(f"early feedback on 127.0.0.1:{args.port}{prefix}", flush=True)
    loop.start()
    shutil.rmtree(app.settings["grader"].work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
