"""`./course lab`, the README's first command, starts JupyterLab on the course."""

import json
import urllib.request

import pytest

from conftest import PS1, REPO, jupyter_lab

pytestmark = pytest.mark.slow


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with jupyter_lab([str(REPO / "course"), "lab"], tmp_path_factory.mktemp("lab") / "lab.log") as server:
        yield server


def test_lab_serves_the_course_folder(lab):
    base, token = lab
    listing = json.loads(get(f"{base}/api/contents/release/{PS1}?token={token}"))
    assert "manual_gradients.ipynb" in [item["name"] for item in listing["content"]]


def test_lab_has_the_nbgrader_extension(lab):
    base, token = lab
    assert "@jupyter/nbgrader" in get(f"{base}/lab?token={token}")
