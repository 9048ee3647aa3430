"""Grades out to an LMS: the CSV files Canvas's and Moodle's gradebook imports read.

Two nbgrader export plugins, run by ``nbgrader export --exporter
gradcourse.export.CanvasExport --to FILE`` (or ``gradcourse export --format
canvas``): one row per student in the gradebook, one column per assignment
(nbgrader's ``--student`` and ``--assignment`` lists restrict both).  Each
cell is the grade after the late penalty, as nbgrader's own CSV export
computes it::

    grade = max(0, score - late_submission_penalty)

and 0 for an assignment not handed in, as nbgrader's export has it: in both
LMSs an empty cell means "no grade", which is left out of a total and would
lift a student who handed nothing in.  Points have at most two decimals, as
Canvas's own export writes them.  The files are UTF-8, which both imports
read, so Vietnamese names come through intact.

:class:`CanvasExport` writes ``Student,ID,SIS User ID,SIS Login ID,Section``
then one column per assignment, and a second row ``Points Possible`` with
each assignment's points.  Student is the sortable name "Last, First", ID the
Canvas user id (the gradebook's ``lms_user_id``, empty when unknown), SIS
Login ID the nbgrader student id (the JupyterHub username); Canvas finds a
student by ID, then SIS User ID, then SIS Login ID, then name.  A column
named by an assignment makes a new Canvas assignment with those points; to
fill an existing one instead, rename the column ``Name (12345)``, the number
being the assignment's id in its Canvas address.

:class:`MoodleExport` writes the columns Moodle's own grade export writes,
``First name,Last name,ID number,Institution,Department,Email address``, then
one column per assignment.  ID number is the nbgrader student id.  On import
the instructor identifies users by "Email address" (to ``useremail``) or "ID
number" (to ``useridnumber``) and maps each assignment column to its grade
item.

References
----------
Canvas: "How do I import grades in the Gradebook?", Canvas Instructor Guide,
https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807;
the format as Canvas reads it, lib/gradebook_importer.rb in
https://github.com/instructure/canvas-lms (and writes it, lib/gradebook_exporter.rb).
Moodle: "Grade import", Moodle docs, https://docs.moodle.org/405/en/Grade_import;
the header as Moodle writes it, grade/import/csv/tests/load_data_test.php in
https://github.com/moodle/moodle.
nbgrader's export plugins: https://nbgrader.readthedocs.io/en/stable/plugins/export-plugin.html
"""

import csv

from nbgrader.plugins import ExportPlugin


def points(value):
    """``value`` with at most two decimals and no trailing zeros: 31.5, 35, 0."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


class LmsExport(ExportPlugin):
    """One row per student, one column per assignment; subclasses name the columns."""

    default_file = "grades.csv"
    identity_columns = []

    def identity(self, student):
        raise NotImplementedError

    def preamble(self, assignments):
        """Rows between the header and the students."""
        return []

    def students(self, gradebook):
        chosen = {str(sid) for sid in self.student}
        return [s for s in gradebook.students if not chosen or s.id in chosen]

    def export(self, gradebook):
        wanted = {str(name) for name in self.assignment}
        assignments = [a for a in gradebook.assignments if not wanted or a.name in wanted]
        students = self.students(gradebook)
        # one query per assignment, not one per student and assignment
        handed_in = {a.name: {sub.student_id: sub for sub in a.submissions} for a in assignments}
        path = self.to or self.default_file
        self.log.info("Exporting %d students, %d assignments to %s", len(students), len(assignments), path)
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(self.identity_columns + [a.name for a in assignments])
            writer.writerows(self.preamble(assignments))
            for student in students:
                grades = []
                for a in assignments:
                    sub = handed_in[a.name].get(student.id)
                    grades.append(points(max(0.0, sub.score - sub.late_submission_penalty) if sub else 0.0))
                writer.writerow(self.identity(student) + grades)


class CanvasExport(LmsExport):
    """The CSV of Canvas's gradebook import (Grades > Import)."""

    default_file = "canvas-grades.csv"
    identity_columns = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]

    def identity(self, student):
        name = ", ".join(part for part in (student.last_name, student.first_name) if part)
        return [name, student.lms_user_id or "", "", student.id, ""]

    def preamble(self, assignments):
        # Canvas reads the assignments' points from the row whose first cell holds "Points Possible"
        return [["Points Possible", "", "", "", ""] + [points(a.max_score) for a in assignments]]


class MoodleExport(LmsExport):
    """The CSV of Moodle's gradebook import (Grades > Import > CSV file)."""

    default_file = "moodle-grades.csv"
    identity_columns = ["First name", "Last name", "ID number", "Institution", "Department", "Email address"]

    def identity(self, student):
        return [student.first_name or "", student.last_name or "", student.id, "", "", student.email or ""]

    def export(self, gradebook):
        # Moodle does not look up a row whose identifier is empty: it keeps the previous row's user
        # (grade/import/csv/classes/load_data.php), so say so before anyone maps by e-mail
        missing = [s.id for s in self.students(gradebook) if not s.email]
        if missing:
            self.log.warning("No e-mail address for %s: in Moodle, identify users by ID number, not e-mail "
                             "/ Không có địa chỉ e-mail: trong Moodle, hãy nhận diện người dùng theo ID number",
                             ", ".join(missing))
        super().export(gradebook)
