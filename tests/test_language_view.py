"""The language view (labextension/) in a real JupyterLab, in Debian's Chromium, driven by Playwright.

Two servers on copies of ``release/``: one with the extension as ``./course`` installs it, one with it
disabled in JupyterLab's page config.  The view follows the interface's language, its toolbar switch
flips every open notebook at once and is kept in the user's settings, the table of contents follows it,
the notebook file and nbgrader's Validate report stay as they are, and code is drawn in the bundled
font; the installed extension is the committed build.  Screenshots go to ``test-artifacts/browser/``
(copies of both views are committed in ``docs/screenshots/``).
"""

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import json5
import nbformat
import pytest

from conftest import PS1, PS2, REPO, jupyter_lab
from test_browser import ACTIVE, ARTIFACTS, artifacts, menu, open_notebook, save, set_setting  # noqa: F401

pytestmark = pytest.mark.slow

EXTENSION = "@gradcourse/language-view"
PLUGIN = f"{EXTENSION}:plugin"
LOCALE = "@jupyterlab/translation-extension:plugin"
FONT = "Noto Sans Mono"
PS1_NOTEBOOK = f"{PS1}/manual_gradients.ipynb"
PS2_NOTEBOOK = f"{PS2}/sobel_scharr.ipynb"
SWITCH = f"{ACTIVE} .gc-language-switch select"
DIRTY = ".lm-TabBar-tab.jp-mod-dirty"

# Which cells of the notebook in front the page draws, in order (display:none has no client rects).
DRAWN = f"() => [...document.querySelectorAll('{ACTIVE} .jp-Cell')].map(cell => cell.getClientRects().length > 0)"
SHOWS = f"(expected) => JSON.stringify(({DRAWN})()) === JSON.stringify(expected)"
ACTIVE_CELL = f"() => [...document.querySelectorAll('{ACTIVE} .jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"
TOC = ".jp-TableOfContents-content .jp-tocItem-content"
TOC_SHOWS = f"(expected) => JSON.stringify([...document.querySelectorAll('{TOC}')].map(e => e.innerText)) === " \
            "JSON.stringify(expected)"


@contextlib.contextmanager
def lab_on_release(home, disabled=()):
    """JupyterLab on a student's copy of ``release/``, its own settings, workspaces and Jupyter config dir;
    ``disabled`` extensions are switched off in that config's ``labconfig/page_config.json``."""
    shutil.copytree(REPO / "release", home / "course", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    config = home / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in disabled}}), encoding="utf-8")
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), JUPYTER_CONFIG_DIR=str(config))
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={home / 'course'}"]
    with jupyter_lab(command, home / "lab.log", env=env) as (base, token):
        set_setting(base, token, "@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})
        set_setting(base, token, "@jupyterlab/apputils-extension:notification", {"fetchNews": "false"})
        yield base, token, home


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with lab_on_release(tmp_path_factory.mktemp("language-view")) as server:
        yield server


@pytest.fixture(scope="module")
def plain_lab(tmp_path_factory):
    with lab_on_release(tmp_path_factory.mktemp("no-language-view"), disabled=[EXTENSION]) as server:
        yield server


@pytest.fixture
def page(browser):  # noqa: F811 (the browser fixture, imported)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    yield page
    page.close()


def interface(server, locale="en", view=None):
    """Settings → Language, and the view's own setting (none: its default, "auto")."""
    base, token, _ = server
    set_setting(base, token, LOCALE, {"locale": locale})
    set_setting(base, token, PLUGIN, {} if view is None else {"view": view})


def release(path):
    return nbformat.read(REPO / "release" / path, as_version=4)


def lang(cell):
    return cell.metadata.get("gradcourse", {}).get("lang")


def shown_cells(nb, shown):
    """The spec: code cells, "any" cells and cells without a language always show; text cells of the
    other language do not."""
    return [cell.cell_type == "code" or lang(cell) not in ("en", "vi") or shown in ("both", lang(cell))
            for cell in nb.cells]


def headings(nb, languages, depth=4):
    """The Markdown headings of the text cells in ``languages`` (and "any"), as the ToC lists them
    (JupyterLab's default maximal depth is 4)."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown" or lang(cell) not in (*languages, "any", None):
            continue
        fenced = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            match = re.match(r"(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if match and not fenced and len(match[1]) <= depth:
                found.append(match[2])
    return found


def open_release(page, server, path=PS1_NOTEBOOK):
    base, token, _ = server
    open_notebook(page, base, token, path)
    # windowingMode "none": every cell is in the page
    page.wait_for_function(f"(n) => document.querySelectorAll('{ACTIVE} .jp-Cell').length === n",
                           arg=len(release(path).cells), timeout=30000)


def wait_shows(page, expected, timeout=10000):
    page.wait_for_function(SHOWS, arg=expected, timeout=timeout)


@pytest.mark.parametrize("locale, shown", [("vi_VN", "vi"), ("en", "en")])
def test_the_interface_language_chooses_the_text_cells(page, lab, locale, shown):
    interface(lab, locale)
    nb = release(PS1_NOTEBOOK)
    expected = shown_cells(nb, shown)
    open_release(page, lab)
    try:
        wait_shows(page, expected)
    finally:
        page.screenshot(path=ARTIFACTS / f"language-view-{shown}.png")
    drawn = page.evaluate(DRAWN)
    other = {"vi": "en", "en": "vi"}[shown]
    kinds = lambda which: [c for c, d in zip(nb.cells, drawn) if d == which]  # noqa: E731
    assert [c for c in kinds(True) if lang(c) == other] == [], f"no {other} text cell shows"
    assert len([c for c in kinds(True) if lang(c) == shown]) == len([c for c in nb.cells if lang(c) == shown])
    assert len([c for c in kinds(True) if lang(c) == "any"]) == len([c for c in nb.cells if lang(c) == "any"]) > 0
    assert len([c for c in kinds(True) if c.cell_type == "code"]) == len([c for c in nb.cells if c.cell_type == "code"])
    assert page.locator(SWITCH).input_value() == "auto"


def test_the_switch_flips_every_open_notebook_at_once_and_a_reload_keeps_the_choice(page, lab):
    base, token, home = lab
    interface(lab, "en")
    ps1, ps2 = release(PS1_NOTEBOOK), release(PS2_NOTEBOOK)
    files = {path: (home / "course" / path).read_bytes() for path in (PS1_NOTEBOOK, PS2_NOTEBOOK)}
    open_release(page, lab, PS2_NOTEBOOK)
    # ps1 beside it, in a second tab
    menu(page, "File", "Open from Path…")
    page.fill(".jp-Dialog input", PS1_NOTEBOOK)
    page.keyboard.press("Enter")
    page.wait_for_function(f"(n) => document.querySelectorAll('{ACTIVE} .jp-Cell').length === n",
                           arg=len(ps1.cells), timeout=60000)
    page.wait_for_selector(".lm-TabBar-tab:has-text('sobel_scharr.ipynb')")
    wait_shows(page, shown_cells(ps1, "en"))

    for view, shown in [("vi", "vi"), ("both", "both"), ("en", "en"), ("vi", "vi")]:
        active = ps1.cells[page.evaluate(ACTIVE_CELL)]
        start = time.monotonic()
        page.select_option(SWITCH, view)
        wait_shows(page, shown_cells(ps1, shown), timeout=2000)  # at once: no reload, no save
        print(f"{view}: shown after {1000 * (time.monotonic() - start):.0f} ms")
        if shown != "both" and lang(active) in ("en", "vi") and lang(active) != shown:  # hid: its partner is active
            now = ps1.cells[page.evaluate(ACTIVE_CELL)]
            assert (lang(now), now.metadata["gradcourse"]["pair"]) == (shown, active.metadata["gradcourse"]["pair"])
    assert sum(page.evaluate(DRAWN)) < len(ps1.cells)
    page.locator(f"{ACTIVE} .jp-NotebookPanel-toolbar").screenshot(path=ARTIFACTS / "language-view-switch.png")

    page.click(".lm-TabBar-tab:has-text('sobel_scharr.ipynb')")
    wait_shows(page, shown_cells(ps2, "vi"), timeout=5000)
    assert page.locator(SWITCH).input_value() == "vi", "the other notebook's switch follows"

    page.reload()
    page.wait_for_function(f"(n) => document.querySelectorAll('{ACTIVE} .jp-Cell').length === n",
                           arg=len(ps2.cells), timeout=60000)
    wait_shows(page, shown_cells(ps2, "vi"))
    assert page.locator(SWITCH).input_value() == "vi"

    # kept per user, in JupyterLab's settings; the notebooks are the files they were
    with urllib.request.urlopen(f"{base}/lab/api/settings/{PLUGIN}?token={token}", timeout=10) as response:
        assert json.load(response)["settings"] == {"view": "vi"}
    stored = home / "settings" / EXTENSION / "plugin.jupyterlab-settings"  # JSON5, with the schema's comments
    assert json5.loads(stored.read_text(encoding="utf-8")) == {"view": "vi"}
    assert {path: (home / "course" / path).read_bytes() for path in files} == files


def test_the_table_of_contents_lists_the_headings_of_the_language_shown(page, lab):
    interface(lab, "en")
    nb = release(PS1_NOTEBOOK)
    english, vietnamese = headings(nb, ["en"]), headings(nb, ["vi"])
    assert len(english) == len(vietnamese) > 10 and not set(english) & set(vietnamese)
    open_release(page, lab)
    page.click(".jp-SideBar .lm-TabBar-tab[data-id='table-of-contents']")
    page.wait_for_function(TOC_SHOWS, arg=english, timeout=10000)
    for view, expected in [("vi", vietnamese), ("both", headings(nb, ["en", "vi"])), ("en", english)]:
        page.select_option(SWITCH, view)
        page.wait_for_function(TOC_SHOWS, arg=expected, timeout=5000)
    page.select_option(SWITCH, "vi")
    page.wait_for_function(TOC_SHOWS, arg=vietnamese, timeout=5000)
    page.screenshot(path=ARTIFACTS / "language-view-toc-vi.png")


def read_once_saved(path, before, timeout=30):
    """The notebook once the server has written it again: Jupyter's atomic writing keeps a backup
    but writes the file in place, so a read can meet it half written."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stamp = path.stat().st_mtime_ns
        if stamp != before:
            time.sleep(0.5)
            if path.stat().st_mtime_ns == stamp:
                try:
                    return nbformat.read(path, as_version=4)
                except nbformat.reader.NotJSONError:
                    pass
        time.sleep(0.1)
    raise AssertionError(f"{path} was not saved")


def test_switching_never_changes_the_notebook(page, lab):
    base, token, home = lab
    interface(lab, "en")
    path = home / "course" / PS1_NOTEBOOK
    original = release(PS1_NOTEBOOK)
    open_release(page, lab)
    # the kernel's language_info is written into the notebook's metadata on connecting, which marks
    # the notebook changed before any switching: saved first, so the switching starts from a clean tab
    save(page)
    saved = nbformat.read(path, as_version=4)
    assert saved.cells == original.cells
    assert {k: v for k, v in saved.metadata.items() if k != "language_info"} == \
           {k: v for k, v in original.metadata.items() if k != "language_info"}
    before = path.stat().st_mtime_ns

    for view in ["vi", "both", "en", "auto", "vi"]:
        page.select_option(SWITCH, view)
        wait_shows(page, shown_cells(original, {"auto": "en"}.get(view, view)), timeout=2000)
        page.wait_for_timeout(300)  # a change to the model would mark the tab within a frame or two
        assert page.locator(DIRTY).count() == 0, f"dirty after switching to {view}"

    menu(page, "File", "Save Notebook")
    after = read_once_saved(path, before)
    assert after.cells == original.cells  # no jupyter.source_hidden, no view of ours, in any cell
    assert after.metadata == saved.metadata


def validate_report(page, server):
    interface(server, "en")
    open_release(page, server)
    page.locator(f"{ACTIVE} .jp-NotebookPanel-toolbar .jp-Toolbar-item:has-text('Validate')").first.click()
    dialog = page.wait_for_selector(".jp-Dialog", timeout=120000)
    page.wait_for_function("() => !document.querySelector('.jp-Dialog').innerText.includes('Validating')",
                           timeout=120000)
    text = dialog.inner_text()
    page.keyboard.press("Escape")
    return text


def unseeded(report):
    """A random check's failure names its seed, drawn afresh on each run outside the instructor's grading."""
    return re.sub(r"seed=\d+", "seed=…", report)


def test_without_the_extension_both_languages_show_and_validate_reports_the_same(page, lab, plain_lab):
    nb = release(PS1_NOTEBOOK)
    with_view = validate_report(page, lab)
    assert page.locator(SWITCH).count() == 1
    without = validate_report(page, plain_lab)
    assert page.evaluate(DRAWN) == [True] * len(nb.cells), "both languages, every cell"
    assert page.locator(".gc-language-switch").count() == 0
    (ARTIFACTS / "validate-with-language-view.txt").write_text(with_view, encoding="utf-8")
    (ARTIFACTS / "validate-without-language-view.txt").write_text(without, encoding="utf-8")
    assert unseeded(with_view) == unseeded(without)
    assert "NotImplementedError" in with_view or "fail" in with_view.lower(), with_view[:500]


# The first code cell stubbed for an answer, and what the page draws it with.
STUB_LINE = f"""() => [...document.querySelectorAll('{ACTIVE} .jp-CodeCell .cm-line')]
    .find(line => line.innerText.includes('VIẾT CODE CỦA BẠN'))"""
CODE_FONT = f"() => getComputedStyle(({STUB_LINE})()).fontFamily"
FONT_READY = f"""async () => {{ await document.fonts.load('16px "{FONT}"', 'VIẾT CỦA'); await document.fonts.ready;
    return document.fonts.check('16px "{FONT}"', 'VIẾT CỦA'); }}"""


@contextlib.contextmanager
def zoomed(browser, server):  # noqa: F811
    """ps1 at three device pixels per CSS pixel, where a mark drawn apart from its letter shows."""
    page = browser.new_page(viewport={"width": 1100, "height": 800}, device_scale_factor=3)
    try:
        open_release(page, server)
        yield page
    finally:
        page.close()


def stub_screenshot(page, name):
    page.evaluate(f"() => ({STUB_LINE})().scrollIntoView({{block: 'center'}})")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_timeout(300)
    page.evaluate_handle(STUB_LINE).as_element().screenshot(path=ARTIFACTS / name)


def test_code_is_drawn_in_the_bundled_font_with_vietnamese_and_the_users_font_still_wins(browser, lab,  # noqa: F811
                                                                                       plain_lab):
    interface(plain_lab, "en")
    with zoomed(browser, plain_lab) as page:  # what Debian's Chromium drew before
        before = page.evaluate(CODE_FONT)
        stub_screenshot(page, "code-font-before.png")
    assert not before.startswith(f'"{FONT}"'), before

    base, token, _ = lab
    interface(lab, "en")
    themes = "@jupyterlab/apputils-extension:themes"
    with zoomed(browser, lab) as page:
        family = page.evaluate(CODE_FONT)
        assert family.startswith(f'"{FONT}"'), family
        assert page.evaluate(FONT_READY) is True
        stub_screenshot(page, "code-font-after.png")
        # Settings → Theme → code font family is the user's, and wins over ours
        try:
            set_setting(base, token, themes, {"overrides": {"code-font-family": "monospace"}})
            page.reload()
            page.wait_for_function(f"() => ({STUB_LINE})() !== undefined", timeout=60000)
            assert page.evaluate(CODE_FONT) == "monospace"
        finally:
            set_setting(base, token, themes, {})


def test_the_prebuilt_extension_is_installed_enabled_and_built_from_this_source():
    listing = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True,
                             text=True, check=True)
    line = next((l for l in (listing.stdout + listing.stderr).splitlines() if EXTENSION in l), "")
    assert "enabled" in line and "OK" in line and "gradcourse-language" in line, listing.stdout + listing.stderr
    source = REPO / "labextension"
    built = source / "gradcourse_language" / "labextension"
    installed = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / EXTENSION
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert files(installed) == {**files(built), Path("install.json"): (source / "install.json").read_bytes()}, \
        "./course reinstalls the extension when its files change"
    # a schema or version edited without `npm run build` would ship the old one
    assert json.loads((built / "schemas" / EXTENSION / "plugin.json").read_text(encoding="utf-8")) == \
           json.loads((source / "schema" / "plugin.json").read_text(encoding="utf-8"))
    assert json.loads((built / "package.json").read_text(encoding="utf-8"))["version"] == \
           json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
