"""Hidden tests' random inputs as a function of the course, not of the clock.

When the instructor grades, each test cell's random inputs come from the
cell's seed: ``HMAC-SHA256(course secret, "assignment/grade_id")``, the same
for every student and at every regrade, so the same notebook earns the same
grade.  The secret is a file in the instructor's course folder
(:data:`SECRET_FILE`, made on first use, readable by its owner only, ignored
by git, never inside ``source/`` or ``release/``, so neither released nor in
any feedback) and never reaches a student's kernel: the grader hands the
kernel only the cell's seed, and a check prints only the seed of the one
random case that failed, from which the secret cannot be recovered.  A
student can rerun that case on their own code by passing ``seed=`` to the
call.  On a student's machine (Validate) there is no secret, and each run
draws inputs of its own.

Delete the file to rotate the secret for a new term: the next grading makes
a new one, and with it new hidden inputs.
"""

import hashlib
import hmac
import os
import secrets
from pathlib import Path

SECRET_FILE = ".gradcourse-secret"


def course_secret(root):
    """The course's secret (bytes), made on first use in ``root/.gradcourse-secret``."""
    path = Path(root) / SECRET_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    try:  # O_EXCL: two graders starting at once agree on one secret
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def cell_seed(secret, assignment, grade_id):
    """The seed of one test cell's random inputs: 32 bits of an HMAC of the cell's name under the secret."""
    digest = hmac.new(secret, f"{assignment}/{grade_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")
