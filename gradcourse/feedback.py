"""Feedback that gives nothing away.

nbgrader's feedback HTML is the autograded notebook, and the autograded
notebook holds the instructor's test cells whole: every hidden test, the
quiz's answer key, and the traceback of each failure through those lines
(by design: jupyter/nbgrader#917).  :class:`DiscreetFeedback` runs in
``nbgrader generate_feedback`` (``c.GenerateFeedback.preprocessors``) and
leaves each test cell its docstring (what it checks), its visible lines and
its points, and each failure what the student's kernel showed
(:mod:`gradcourse.tutor`): a check's bilingual remark alone, or an error's
frames in the student's own code, never the test cell's lines.  The instructor's own views (the formgrader,
``autograded/``) keep everything.

With ``c.DiscreetFeedback.reveal_after_deadline = True`` the hidden tests
and the quiz's answers are shown once the assignment's due date (in the
gradebook) has passed.
"""

import datetime

from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearHiddenTests
from traitlets import Bool

from . import tutor


def tutor_remark(output, execution_count=None):
    """An error output as a tutor would put it: a check's message alone; any other error with the frames of
    the student's own code, without the test cell's (its lines may be hidden tests) or the course's."""
    message = output.get("evalue", "")
    if output.get("ename") in ("CheckFailure", "AssertionError", "GradingError") and message.startswith("["):
        output["traceback"] = message.splitlines()  # the course's own bilingual message
        return output
    own = f"In[{execution_count}]" if execution_count else None
    kept = [line for line in output.get("traceback") or []
            if not (own and own in tutor.plain(line)) and tutor.PACKAGE not in tutor.plain(line)]
    output["traceback"] = kept or [f"{output.get('ename', 'Error')}: {message}"]
    return output


class DiscreetFeedback(ClearHiddenTests):
    """Hidden tests out of the test cells, tracebacks out of the failures (``c.GenerateFeedback.preprocessors``)."""

    reveal_after_deadline = Bool(False, help="show the hidden tests and the quiz's answers in feedback made "
                                             "after the assignment's due date").tag(config=True)

    def preprocess(self, nb, resources):
        self._reveal = self.reveal_after_deadline and self._past_deadline(resources.get("nbgrader", {}))
        return super().preprocess(nb, resources)

    def _past_deadline(self, info):
        try:
            with Gradebook(info["db_url"]) as gb:
                due = gb.find_assignment(info["assignment"]).duedate
        except (KeyError, MissingEntry):
            return False
        if due is None:
            self.log.warning("No due date for %s: hidden tests stay hidden", info.get("assignment"))
            return False
        return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) > due

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if not self._reveal and utils.is_grade(cell) and not utils.is_solution(cell):
            self._remove_hidden_test_region(cell)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                tutor_remark(output, cell.get("execution_count"))
        return cell, resources
