"""Image Gradients / Gradient ảnh: the course's own package.

Modules:
    reference      the reference implementations the autograder compares with
    checks         the bilingual checks that the notebooks' test cells call
    misconceptions typical wrong answers, used to name a student's mistake
    notebook       reading and writing the course notebooks (languages, cells)
    grading        the instructor pipeline around the real nbgrader
    cli            the ``gradcourse`` command
"""

__version__ = "0.1.0"
