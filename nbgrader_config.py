"""nbgrader settings for the course Image Gradients / Gradient ảnh.

The course directory is the repository itself: source/, release/,
submitted/, autograded/, feedback/ and gradebook.db live at its top level.
"""

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "image-gradients"
# The default gradebook is SQLite in the course directory; a PostgreSQL
# gradebook is one line, e.g.:
# c.CourseDirectory.db_url = "postgresql+psycopg2://grader@localhost/image_gradients"

c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    ".DS_Store",
]

# What students see where an answer goes, in both languages.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE / VIẾT CODE CỦA BẠN Ở ĐÂY\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE / CÂU TRẢ LỜI CỦA BẠN Ở ĐÂY"

# A cell may take this long before it is interrupted (and scores 0).  The
# slowest test cell of a correct answer takes well under a second.
c.Execute.timeout = 60

# nbgrader gives 0 points to a test cell with any stderr output.  The checks
# already silence the student's warnings; this catches a warning printed from
# C code (OpenCV, NumPy) that bypasses Python's `warnings`, so a correct
# answer that warns keeps its points.  Errors are not stderr streams and are
# never hidden by this.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(?i)warning"

# Every way of autograding (plain `nbgrader autograde`, the formgrader's
# Autograde button, `gradcourse autograde`) goes through the same guards
# (gradcourse/guard.py): before the first student, the sandbox is checked and
# one sandboxed kernel must import what the notebooks need; broken
# submissions are mended in copies (intake/) and graded from there.
c.Autograde.exporter_class = "gradcourse.guard.GuardedRun"

# Student kernels run in bubblewrap (gradcourse/sandbox.py).  Where it cannot
# run, grading is refused: a student's code would otherwise run with your
# rights beside source/ and the gradebook.  To grade unsandboxed on purpose
# (with a warning), set this to False.
c.Sandbox.required = True

# Grading that survives a hostile or broken notebook (gradcourse/execute.py):
# nbgrader's Execute step, but a dead kernel or a cell past its timeout costs
# that cell only, the whole notebook has a time budget, and output is capped.
# A kernel that cannot start, or a setup cell that cannot import, stops that
# student's grading with a reason: nothing is recorded rather than zeros.
c.Autograde.autograde_preprocessors = [
    "gradcourse.execute.GuardedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GuardedExecute.notebook_timeout = 300

# The late penalty (gradcourse/late.py), applied by AssignLatePenalties above
# to a submission handed in after the assignment's due date in the gradebook:
# percent_per_day % of each notebook's score per started day late, never
# more than the score.  The exports (nbgrader export, gradcourse export) give
# score minus penalty.  Without a due date nobody is late.
# Điểm trừ khi nộp muộn (gradcourse/late.py): trừ percent_per_day % điểm của
# mỗi notebook cho mỗi ngày muộn (chưa trọn ngày cũng tính một ngày), không
# quá số điểm đạt được; chỉ áp dụng khi bài tập có hạn nộp trong sổ điểm.
c.AssignLatePenalties.plugin_class = "gradcourse.late.PercentPerDay"
c.PercentPerDay.percent_per_day = 10

# A graded cell deleted from a submission is put back (and graded), with a note.
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = (
    "This cell ({cell_id}) was missing from the submission; the grader put it back. "
    "/ Ô này ({cell_id}) bị thiếu trong bài nộp; hệ thống chấm đã đặt lại nó.\n\n"
)

# Feedback that gives nothing away (gradcourse/feedback.py): each test cell
# keeps its docstring, visible lines and points, each failure its bilingual
# message; no hidden test, no quiz answer, no traceback.  Set
# reveal_after_deadline to show hidden tests and answers in feedback made
# after the assignment's due date.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "gradcourse.feedback.DiscreetFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
c.DiscreetFeedback.reveal_after_deadline = False
