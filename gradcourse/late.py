"""A late penalty in percent of the score per started day.

:class:`PercentPerDay` is an nbgrader late-submission plugin
(``c.AssignLatePenalties.plugin_class``): ``nbgrader autograde`` asks it,
for each notebook of a submission handed in after its due date (extensions
included), how many points to take off, and records the answer in the
gradebook.  The grade exported is then ``max(0, score - penalty)``.

The penalty of a notebook scoring ``s`` points, ``t`` seconds late, is::

    penalty = min(s, s * percent_per_day / 100 * ceil(t / 86400))

so one second late is one day late, and ten days at 10 % leave nothing.
A notebook handed in on time has no penalty (``None``).

References
----------
nbgrader's plugin: https://nbgrader.readthedocs.io/en/stable/plugins/late-plugin.html
"""

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

DAY = 24 * 60 * 60


class PercentPerDay(LateSubmissionPlugin):
    """Take ``percent_per_day`` % of a late notebook's score for each day, or part of a day, it is late."""

    percent_per_day = Float(10, min=0, max=100,
                            help="Percent of the notebook's score taken off per started day late.").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        if total_seconds_late <= 0:
            return None
        days = math.ceil(total_seconds_late / DAY)
        penalty = min(score, score * self.percent_per_day / 100 * days)
        self.log.info("%s: %d day(s) late, %g%% a day: %g of %g points off",
                      student_id, days, self.percent_per_day, penalty, score)
        return penalty
