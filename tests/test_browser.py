"""The course in a real browser: JupyterLab in Debian's Chromium, driven by Playwright.

Work in progress (issue 6): the server and browser fixtures, the Vietnamese
interface, and the first student flow.  Screenshots go to
``test-artifacts/browser/``.
"""

import json
import os
import shutil
import sys
import urllib.request

import nbformat

import pytest

from conftest import PS1, REPO, jupyter_lab

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
# as root in a container Chromium's own sandbox cannot start; the rest keeps it off this closed network
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]
ARTIFACTS = REPO / "test-artifacts" / "browser"


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def student_lab(tmp_path_factory):
    """JupyterLab on a student's copy of the released assignments, with its own settings."""
    home = tmp_path_factory.mktemp("student")
    shutil.copytree(REPO / "release", home / "course", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={home / 'course'}"]
    with jupyter_lab(command, home / "lab.log", env=env) as (base, token):
        # every cell in the page (JupyterLab 4 renders only the visible ones by default), no news pop-up
        set_setting(base, token, "@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})
        set_setting(base, token, "@jupyterlab/apputils-extension:notification", {"fetchNews": "false"})
        yield base, token, home / "course"


def set_setting(base, token, plugin, values):
    """What the *Settings* editor does: a plugin's user settings, through the server."""
    body = json.dumps({"raw": json.dumps(values)}).encode()
    request = urllib.request.Request(f"{base}/lab/api/settings/{plugin}?token={token}",
                                     data=body, method="PUT", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10):
        pass


def set_language(base, token, locale):
    """What *Settings → Language* does."""
    set_setting(base, token, "@jupyterlab/translation-extension:plugin", {"locale": locale})


def test_the_interface_speaks_vietnamese_once_switched(browser, student_lab):
    base, token, _ = student_lab
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        set_language(base, token, "vi_VN")
        page.goto(f"{base}/lab?token={token}")
        page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=60000)
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        page.screenshot(path=ARTIFACTS / "interface-vi.png")
        assert "Tệp" in menus and "Chỉnh sửa" in menus, menus
    finally:
        set_language(base, token, "en")
        page.close()


def test_a_released_notebook_runs_until_the_first_stub(browser, student_lab):
    """Run All in the browser, save, and read what the browser's kernel left in the file."""
    base, token, course = student_lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/{PS1}/manual_gradients.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60000)
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        page.wait_for_selector(".jp-OutputArea-output:has-text('NotImplementedError')", timeout=120000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60000)
        page.screenshot(path=ARTIFACTS / "student-run-all.png")
        page.keyboard.press("Control+s")
        page.wait_for_selector(".jp-mod-dirty", state="detached", timeout=20000)
    finally:
        page.close()
    nb = nbformat.read(course / PS1 / "manual_gradients.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    ran = [c for c in code if c.execution_count]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert [o.ename for o in errors] == ["NotImplementedError"]
    assert len(ran) >= 3 and ran[-1].outputs[-1].output_type == "error", "stops at the first stub"
