"""`./course lab`, the README's first command, starts JupyterLab on the course."""

import json
import os
import signal
import subprocess
import time
import urllib.request

import pytest

from conftest import PS1, REPO, free_port

pytestmark = pytest.mark.slow


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


@pytest.fixture(scope="module")
def lab():
    port, token = free_port(), "gradcourse-test"
    process = subprocess.Popen(
        [str(REPO / "course"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # may install the environment first
        while True:
            try:
                get(f"{base}/api/status?token={token}")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stdout.read().decode(errors="replace")[-3000:])
                time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_lab_serves_the_course_folder(lab):
    base, token = lab
    listing = json.loads(get(f"{base}/api/contents/release/{PS1}?token={token}"))
    assert "manual_gradients.ipynb" in [item["name"] for item in listing["content"]]


def test_lab_has_the_nbgrader_extension(lab):
    base, token = lab
    assert "@jupyter/nbgrader" in get(f"{base}/lab?token={token}")
