"""The course images: present, documented, loadable, and the pill is what its script draws."""

import cv2
import numpy as np
import pytest

from gradcourse import images
from conftest import REPO

SHIPPED = [(assignment, name) for assignment, names in images.assignment_images().items() for name in names]


@pytest.mark.parametrize("assignment, name", SHIPPED)
def test_each_image_is_shipped_with_its_source_and_licence(assignment, name):
    folder = REPO / "source" / assignment / "images"
    image = cv2.imread(str(folder / f"{name}.png"), cv2.IMREAD_UNCHANGED)
    assert image is not None and image.dtype == np.uint8 and min(image.shape[:2]) >= 200
    licence = (folder / "README.md").read_text(encoding="utf-8")
    assert licence == images.licence_text(images.assignment_images()[assignment])
    row = next(line for line in licence.splitlines() if f"`{name}.png`" in line)
    assert images.CATALOGUE[name].licence in row and images.CATALOGUE[name].source in row


def test_the_committed_pill_is_what_make_pill_draws():
    for assignment, name in SHIPPED:
        if name == "pill":
            committed = cv2.imread(str(REPO / "source" / assignment / "images" / "pill.png"), cv2.IMREAD_COLOR)
            assert np.array_equal(committed, images.make_pill()), "run `gradcourse images`"


def test_the_pills_imprint_line_shows_only_in_gy():
    gray = cv2.cvtColor(images.make_pill(), cv2.COLOR_BGR2GRAY)
    height, width = gray.shape
    band = (slice(height // 2 - 4, height // 2 + 5), slice(width // 2 - 40, width // 2 + 40))
    gx = np.abs(cv2.Sobel(gray, cv2.CV_64F, 1, 0))[band]
    gy = np.abs(cv2.Sobel(gray, cv2.CV_64F, 0, 1))[band]
    assert gy.max() > 150 and gx.max() < 0.3 * gy.max()


def test_load_gives_bgr_and_gray_and_a_bilingual_error(tmp_path, monkeypatch):
    assert images.load("pill").shape == (240, 320, 3)
    assert images.gray("brick").shape == (512, 512)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "brick.png").write_bytes(b"not a png")
    with pytest.raises(images.ImageNotFound, match="không phải là một ảnh"):
        images.load("brick")
    with pytest.raises(images.ImageNotFound, match="Không tìm thấy ảnh"):
        images.load("no-such-image")


def test_the_brick_wall_has_its_bricks_in_rows_as_the_lesson_says():
    """Long horizontal mortar lines: Sobel-y responds more than Sobel-x, yet Sobel-x still finds the joints."""
    gray = images.gray("brick")
    energy_x = np.abs(cv2.Sobel(gray, cv2.CV_64F, 1, 0)).sum()
    energy_y = np.abs(cv2.Sobel(gray, cv2.CV_64F, 0, 1)).sum()
    assert energy_y > 1.3 * energy_x > 0
