"""Image Gradients / Gradient ảnh: the course's own package.

Modules:
    lessons        one package per assignment: its reference, checks, wrong answers, sample students
    checks         the check machinery the lessons' checks are built on, and the shared messages
    reference      what makes a function a reference implementation (refused inside a check)
    misconceptions the register of typical wrong answers, used to name a student's mistake
    samples        the sample class
    notebook       reading and writing the course notebooks (languages, cells)
    grading        the instructor pipeline around the real nbgrader
    cli            the ``gradcourse`` command
"""

__version__ = "0.1.0"
