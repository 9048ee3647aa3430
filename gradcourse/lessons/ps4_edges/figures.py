"""The lesson's figures of the Canny detector, drawn from the reference.

They work before the student has answered anything.  Each function draws a
pyplot figure and returns it: the notebook's inline backend shows it at the
end of the cell, so a cell ends with ``figures.pipeline(coins, 50, 150);``
(the semicolon keeps the returned figure from being shown a second time).  Titles are "English / Tiếng Việt" with
the terms of GLOSSARY.md; coordinates are the course's, y pointing down.
"""

import cv2
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch, Rectangle, Wedge

from ...explorer import figure
from . import reference as ref

#: One colour per direction bin (Okabe-Ito, readable with colour blindness).
BIN_COLOURS = {0: "#E69F00", 45: "#56B4E9", 90: "#009E73", 135: "#CC79A7"}
STRONG, WEAK, JOINED = "#D55E00", "#0072B2", "#F0E442"
#: Where each bin's sector lies, in folded degrees (bin 0 also covers 157.5-180).
SECTORS = {0: [(0, 22.5), (157.5, 180)], 45: [(22.5, 67.5)], 90: [(67.5, 112.5)], 135: [(112.5, 157.5)]}


def _figure(columns, width=3.2, height=3.4, ratios=None):
    """A row of ``columns`` axes, in a pyplot figure (the inline backend shows it at the end of the cell)."""
    ratios = ratios or [1] * columns
    fig, axes = plt.subplots(1, columns, figsize=(width * sum(ratios), height), squeeze=False,
                             layout="constrained", width_ratios=ratios)
    return fig, list(axes[0])


def _show(ax, image, title, **imshow):
    ax.imshow(image, interpolation="nearest", **imshow)
    ax.set_title(title.replace(" / ", "\n"), fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])


def _paint(shape, layers, background="#000000"):
    """An RGB picture: each ``(mask, colour)`` painted over the background, later ones on top."""
    rgb = np.empty(shape + (3,))
    rgb[...] = _rgb(background)
    for mask, colour in layers:
        rgb[np.asarray(mask, dtype=bool)] = _rgb(colour)
    return rgb


def _rgb(colour):
    return np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])


def _legend(ax, entries, **kwargs):
    handles = [Patch(facecolor=colour, edgecolor="0.5", label=label) for label, colour in entries]
    ax.legend(handles=handles, fontsize=7, framealpha=0.9, **kwargs)


def _scaled(mag):
    """A magnitude for display: the 99th percentile is white, so one bright pixel does not darken the rest."""
    return np.clip(mag / (np.percentile(mag, 99) or 1.0), 0, 1)


@figure
def pipeline(gray, low, high):
    """The whole detector in one row: image, |G|, direction bins, NMS, strong and weak pixels, edges."""
    mag, theta = ref.sobel_polar(gray)
    bins = ref.direction_bins(theta)
    nms = ref.non_max_suppression(mag, theta)
    strong, weak = ref.double_threshold(nms, low, high)
    fig, axes = _figure(6)
    _show(axes[0], gray, "image / ảnh", cmap="gray", vmin=0, vmax=255)
    _show(axes[1], _scaled(mag), "gradient magnitude |G| / độ lớn gradient |G|", cmap="gray")
    edge = mag >= low  # below the low threshold the direction is mostly noise: leave it black
    _show(axes[2], _paint(gray.shape, [(edge & (bins == b), c) for b, c in BIN_COLOURS.items()]),
          f"direction bins, |G| ≥ {low} / ngăn hướng gradient, |G| ≥ {low}")
    _legend(axes[2], [(f"{b}°", c) for b, c in BIN_COLOURS.items()], loc="lower right", ncols=2)
    _show(axes[3], _scaled(nms), "non-maximum suppression / triệt tiêu phi cực đại", cmap="gray")
    _show(axes[4], _paint(gray.shape, [(weak, WEAK), (strong, STRONG)]),
          f"double threshold {low}, {high} / ngưỡng kép {low}, {high}")
    _legend(axes[4], [(f"strong ≥ {high} / mạnh", STRONG), (f"weak ≥ {low} / yếu", WEAK)], loc="lower right")
    _show(axes[5], ref.hysteresis(strong, weak), "edge map / bản đồ biên", cmap="gray", vmin=0, vmax=255)
    return fig


@figure
def direction_sectors():
    """The half circle [0°, 180°) in four bins, and on a 3×3 grid (y down) the two neighbours each bin compares."""
    fig, axes = _figure(5, width=2.4, height=3.0, ratios=[2, 1, 1, 1, 1])
    circle = axes[0]
    for b, spans in SECTORS.items():
        for start, stop in spans:
            circle.add_patch(Wedge((0, 0), 1, start, stop, facecolor=BIN_COLOURS[b], edgecolor="white"))
            middle = np.radians((start + stop) / 2)
            circle.text(0.7 * np.cos(middle), 0.7 * np.sin(middle), f"{b}°", ha="center", va="center", fontsize=9)
    for bound in (22.5, 67.5, 112.5, 157.5):
        circle.text(1.12 * np.cos(np.radians(bound)), 1.12 * np.sin(np.radians(bound)), f"{bound}°",
                    ha="center", va="center", fontsize=7)
    circle.set(xlim=(-1.3, 1.3), ylim=(1.3, -0.3), aspect="equal")  # y down: 90° points down, as in an image
    circle.set_axis_off()
    circle.set_title("θ folded to [0°, 180°), y down /\nθ gập về [0°, 180°), trục y hướng xuống",
                     fontsize=9)
    for ax, (b, pair) in zip(axes[1:], ref.NEIGHBOURS.items()):
        for row in range(3):
            for col in range(3):
                dy, dx = row - 1, col - 1
                colour = BIN_COLOURS[b] if (dy, dx) in pair else ("0.35" if (dy, dx) == (0, 0) else "0.93")
                ax.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, facecolor=colour, edgecolor="0.6"))
        angle = np.radians(b)
        ax.annotate("", xy=(1 + 0.9 * np.cos(angle), 1 + 0.9 * np.sin(angle)), xytext=(1, 1),
                    arrowprops=dict(arrowstyle="->", color="black", lw=1.5))
        ax.set(xlim=(-0.5, 2.5), ylim=(2.5, -0.5), aspect="equal")
        ax.set_axis_off()
        ax.set_title(f"bin {b}°: compare / ngăn {b}°: so sánh\n"
                     + " & ".join(f"(x{dx:+d}, y{dy:+d})" for dy, dx in pair), fontsize=8)
    return fig


@figure
def nms_zoom(mag, theta, x, y, size=7):
    """The magnitudes around pixel (x, y), its gradient direction and the two neighbours it is compared with."""
    mag, theta = np.asarray(mag, dtype=np.float64), np.asarray(theta, dtype=np.float64)
    half = size // 2
    top, left = max(y - half, 0), max(x - half, 0)
    window = mag[top:y + half + 1, left:x + half + 1]
    b = int(ref.direction_bins(theta[y, x]))
    kept = ref.non_max_suppression(mag, theta)[y, x] > 0
    fig, (ax,) = _figure(1, width=0.75 * size + 1, height=0.75 * size + 1)
    _show(ax, window, f"(x, y) = ({x}, {y}): θ = {theta[y, x]:.1f}° → {b}°, "
                      f"{'kept / được giữ lại' if kept else 'suppressed / bị triệt tiêu'}",
          cmap="gray", vmin=0, vmax=max(window.max(), 1))
    for (row, col), value in np.ndenumerate(window):
        ax.text(col, row, f"{value:.0f}", ha="center", va="center", fontsize=8,
                color="black" if value > 0.6 * window.max() else "white")
    cx, cy = x - left, y - top
    for dy, dx in ref.NEIGHBOURS[b]:
        ax.add_patch(Rectangle((cx + dx - 0.5, cy + dy - 0.5), 1, 1, fill=False, edgecolor=BIN_COLOURS[b], lw=3))
    ax.add_patch(Rectangle((cx - 0.5, cy - 0.5), 1, 1, fill=False, edgecolor=STRONG, lw=3))
    angle = np.radians(theta[y, x])
    ax.annotate("", xy=(cx + 1.4 * np.cos(angle), cy + 1.4 * np.sin(angle)), xytext=(cx, cy),
                arrowprops=dict(arrowstyle="->", color=STRONG, lw=2))
    return fig


@figure
def hysteresis_steps(strong, weak):
    """Hysteresis in three panels: strong, weak, and what is kept (the weak pixels joined in a third colour)."""
    strong, weak = np.asarray(strong, dtype=bool), np.asarray(weak, dtype=bool)
    joined = (ref.hysteresis(strong, weak) > 0) & weak
    fig, axes = _figure(3, width=3.6, height=3.8)
    _show(axes[0], _paint(strong.shape, [(strong, STRONG)]), "strong pixels / điểm ảnh mạnh")
    _show(axes[1], _paint(strong.shape, [(weak, WEAK)]), "weak pixels / điểm ảnh yếu")
    _show(axes[2], _paint(strong.shape, [(weak, "#203040"), (joined, JOINED), (strong, STRONG)]),
          "hysteresis thresholding / phân ngưỡng trễ")
    _legend(axes[2], [("strong / mạnh", STRONG), ("weak, joined / yếu, được nối", JOINED),
                      ("weak, dropped / yếu, bị bỏ", "#203040")], loc="lower right")
    return fig


@figure
def one_threshold(gray, thresholds=(50, 150)):
    """What a single threshold on |G| gives, before any suppression: thick edges (low) or broken ones (high)."""
    mag, _ = ref.sobel_polar(gray)
    fig, axes = _figure(len(thresholds) + 1, width=3.6, height=3.4)
    _show(axes[0], gray, "image / ảnh", cmap="gray")
    for ax, t in zip(axes[1:], thresholds):
        _show(ax, (mag >= t).astype(np.uint8) * 255, f"|G| ≥ {t}: one threshold / một ngưỡng", cmap="gray")
    return fig


def thresholds(gray, low, high):
    """The double threshold on a photo after non-maximum suppression, then hysteresis (:func:`hysteresis_steps`)."""
    mag, theta = ref.sobel_polar(gray)
    return hysteresis_steps(*ref.double_threshold(ref.non_max_suppression(mag, theta), low, high))


@figure
def against_opencv(gray, low, high):
    """The course's canny beside ``cv2.Canny(L2gradient=True)``, and where they differ."""
    ours = ref.canny(gray, low, high) > 0
    theirs = cv2.Canny(gray, low, high, L2gradient=True) > 0
    agree = 100.0 * np.mean(ours == theirs)
    fig, axes = _figure(3, width=4.0, height=4.2)
    _show(axes[0], ours, "our canny / canny của khoá học", cmap="gray")
    _show(axes[1], theirs, "cv2.Canny(L2gradient=True)", cmap="gray")
    grown = np.ones((3, 3), np.uint8)  # one pixel alone would vanish at screen size
    only_ours, only_theirs = (cv2.dilate(m.view(np.uint8), grown) > 0 for m in (ours & ~theirs, theirs & ~ours))
    _show(axes[2], _paint(gray.shape, [(only_ours, STRONG), (only_theirs, JOINED)]),
          f"{agree:.2f} % of the pixels agree (differences enlarged) / "
          f"{agree:.2f} % số điểm ảnh trùng khớp (chỗ khác được phóng to)")
    _legend(axes[2], [("only ours / chỉ của khoá học", STRONG), ("only OpenCV / chỉ OpenCV", JOINED)],
            loc="lower right")
    return fig
