import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gradcourse import grading

REPO = grading.REPO
PS1 = "ps1_manual_gradients"


@pytest.fixture(scope="session")
def repo():
    return REPO


def run_nbgrader_in(course_dir, *args):
    """The real nbgrader CLI, in a course directory (the same call the pipeline makes)."""
    return grading.Course(course_dir).nbgrader(*args, check=False)
