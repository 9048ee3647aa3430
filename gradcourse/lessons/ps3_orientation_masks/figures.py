"""The lesson's figures of orientation masks, drawn from the reference.

They work before the student has answered anything.  Each function draws a
pyplot figure and returns it: the notebook's inline backend shows it at the
end of the cell, so a cell ends with ``figures.wheel();`` (the semicolon
keeps the returned figure from being shown a second time).  Titles are
"English / Tiếng Việt" with the terms of GLOSSARY.md; coordinates are the
course's, x to the right and y pointing down.  Colours of orientation are the
angle explorer's (:func:`gradcourse.explorer.orientation_colour`).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from ... import images
from ...explorer import figure, magnitude_view, orientation_colour, orientation_legend
from . import reference as ref

NAMES = {"coins": "coins / các đồng xu", "pill": "pill / viên thuốc", "brick": "brick wall / tường gạch",
         "camera": "cameraman / người chụp ảnh"}
TIES = (0, 45, 90, 135)
# Okabe-Ito, readable with colour blindness: the line kept, kept besides it, and missed.
KEPT, EXTRA, MISSED = "#009E73", "#E69F00", "#0072B2"
MASKED = "#F0E442"  # a mask's pixels over the dimmed image
#: The part of an image the mask figures zoom on (rows, columns): six coins are enough to see which pieces light up.
ZOOM = {"coins": (slice(0, 160), slice(0, 200))}
#: The six gradients of the lesson's folding table, (Gx, Gy).
FOLD_EXAMPLES = ((100, 0), (-100, 0), (0, 100), (0, -100), (-50, 50), (50, -50))


def _gray(image):
    return images.gray(image) if isinstance(image, str) else np.asarray(image)


def _name(image):
    return NAMES.get(image, image) if isinstance(image, str) else "image / ảnh"


def _titled(image, en, vi):
    """``"<name>: en / <tên>: vi"`` for an image's panel."""
    name = _name(image).split(" / ")
    return f"{name[0]}: {en} / {name[-1]}: {vi}"


def _figure(rows, columns, width=3.2, height=3.2, ratios=None):
    """A grid of axes in a pyplot figure (the inline backend shows it at the end of the cell)."""
    fig, axes = plt.subplots(rows, columns, figsize=(width * sum(ratios or [1] * columns), height * rows),
                             squeeze=False, layout="constrained", width_ratios=ratios)
    return fig, axes


def _show(ax, image, title, **imshow):
    ax.imshow(image, interpolation="nearest", **imshow)
    ax.set_title(title.replace(" / ", "\n"), fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])


def _rgb(magnitude, theta):
    """Orientation as colour (the explorer's), brightness the magnitude, as RGB for matplotlib."""
    return orientation_colour(magnitude, theta)[..., ::-1]


def hue(theta):
    """The explorer's colour of the folded angle ``theta``, at full brightness, as an RGB triple in 0…1."""
    return tuple(_rgb(np.array([[1.0]]), np.array([[float(theta) % 180]]))[0, 0] / 255.0)


def _colour(hex_colour):
    return [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]


def _overlay(gray, layers, dim=0.35):
    """The image dimmed to grey, each ``(mask, colour)`` painted over it, later ones on top (RGB, 0…1)."""
    picture = np.repeat((dim * np.asarray(gray) / 255.0)[..., None], 3, axis=2)
    for mask, colour in layers:
        picture[np.asarray(mask) > 0] = _colour(colour) if isinstance(colour, str) else colour
    return picture


def _legend(ax, entries, **kwargs):
    handles = [Patch(facecolor=colour, edgecolor="0.5", label=label) for label, colour in entries]
    ax.legend(handles=handles, fontsize=7, framealpha=0.9, **kwargs)


def _range(lower, upper, min_magnitude=0):
    text = f"{lower:g}° → {upper:g}°"
    return text + (f", |G| ≥ {min_magnitude:g}" if min_magnitude else "")


@figure
def gradients(image="coins"):
    """The image, its Sobel magnitude, and its orientation as colour (brightness = magnitude), with the legend."""
    gray = _gray(image)
    mag, theta = ref.magnitude_orientation(gray)
    fig, axes = _figure(1, 4, ratios=[1, 1, 1, 0.5])
    row = axes[0]
    _show(row[0], gray, _name(image), cmap="gray", vmin=0, vmax=255)
    _show(row[1], magnitude_view(mag), "gradient magnitude |G| / độ lớn gradient |G|", cmap="gray", vmin=0, vmax=255)
    _show(row[2], _rgb(mag, theta), "orientation: colour = θ, brightness = |G| / "
                                    "hướng gradient: màu = θ, độ sáng = |G|")
    legend = orientation_legend()[..., ::-1]
    _show(row[3], legend, "colours of θ / màu của θ")
    half = legend.shape[0] // 2
    for angle in TIES:  # where each angle's colour sits on the disc (y down: 90° points down)
        x, y = half + 0.8 * half * np.cos(np.radians(angle)), half + 0.8 * half * np.sin(np.radians(angle))
        row[3].text(x, y, f"{angle}°", ha="center", va="center", fontsize=7,
                    bbox=dict(boxstyle="round,pad=0.1", facecolor="white", alpha=0.8, linewidth=0))
    return fig


def _disc(size, folded):
    """The colour disc of orientations (y down); the half [0°, 180°) only when ``folded``."""
    yy, xx = (np.mgrid[:size, :size] - size // 2) / (size // 2)
    radius = np.hypot(xx, yy)
    angle = np.degrees(np.arctan2(yy, xx))
    inside = (radius <= 1) & (radius >= 0.35) & ((yy >= 0) if folded else True)
    colour = _rgb(inside.astype(float), angle % 180).copy()
    colour[~inside] = 255
    return colour


@figure
def wheel():
    """The orientation wheel: arctan2's full circle, where opposite directions share a colour, and the folded
    half circle [0°, 180°) with the edge each orientation belongs to; the lesson's six example gradients."""
    fig, axes = _figure(1, 2, width=4.6, height=4.4)
    extent = (-1, 1, 1, -1)  # x right, y down, as in an image
    full, half = axes[0]
    full.imshow(_disc(301, folded=False), extent=extent)
    for gx, gy in FOLD_EXAMPLES:
        tip = np.array([gx, gy]) / np.hypot(gx, gy)
        full.annotate("", xy=0.95 * tip, xytext=(0, 0), arrowprops=dict(arrowstyle="->", lw=1.6, color="black"))
        full.text(*(1.27 * tip), f"({gx}, {gy})\n{np.degrees(np.arctan2(gy, gx)):g}°", ha="center", va="center",
                  fontsize=7)
    full.set(xlim=(-1.5, 1.5), ylim=(1.5, -1.5), aspect="equal")
    full.set_axis_off()
    full.set_title("arctan2 of (Gx, Gy): θ in (−180°, 180°], y down /\n"
                   "arctan2 của (Gx, Gy): θ trong (−180°, 180°], trục y hướng xuống", fontsize=9)
    half.imshow(_disc(301, folded=True), extent=extent)
    edges = {0: ("vertical edge", "biên thẳng đứng"), 45: ("diagonal edge", "biên chéo"),
             90: ("horizontal edge", "biên nằm ngang"), 135: ("diagonal edge", "biên chéo")}
    landed = {}
    for gx, gy in FOLD_EXAMPLES:
        landed.setdefault(np.degrees(np.arctan2(gy, gx)) % 180, []).append(f"({gx}, {gy})")
    for angle in TIES:
        direction = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
        across = np.array([-direction[1], direction[0]])  # the edge runs at right angles to its gradient
        centre = 0.8 * direction
        half.plot(*np.transpose([centre - 0.13 * across, centre + 0.13 * across]), color="black", lw=3)
        label = f"{angle}°: {edges[angle][0]}\n{edges[angle][1]}"
        if angle in landed:
            half.annotate("", xy=0.58 * direction, xytext=(0, 0),
                          arrowprops=dict(arrowstyle="->", lw=1.4, color="black"))
            label += "\n← " + ", ".join(landed[angle])
        half.text(*(np.array([1.38, 1.25]) * direction + [0, 0.08]), label, ha="center", va="center", fontsize=7)
    half.set(xlim=(-1.75, 1.75), ylim=(1.55, -0.45), aspect="equal")
    half.set_axis_off()
    half.set_title("folded, θ % 180: one number per edge, in [0°, 180°) /\n"
                   "đã gập, θ % 180: mỗi biên một con số, trong [0°, 180°)", fontsize=9)
    return fig


@figure
def ties(names=("coins", "pill", "brick", "camera")):
    """Exact ties counted: where θ is exactly 0°, 45°, 90° or 135° on the first image, and how many on each."""
    fig, axes = _figure(1, 2, width=4.4, height=3.8, ratios=[1, 1.3])
    shares = {}
    for name in names:
        mag, theta = ref.magnitude_orientation(_gray(name))
        shares[name] = [100 * np.mean((mag > 0) & (theta == angle)) for angle in TIES]
        if name == names[0]:
            first = (_gray(name), mag, theta)
    gray, mag, theta = first
    picture = _overlay(gray, [((mag > 0) & (theta == angle), hue(angle)) for angle in TIES])
    _show(axes[0, 0], picture,
          _titled(names[0], "θ exactly 0°, 45°, 90° or 135°", "θ đúng bằng 0°, 45°, 90° hoặc 135°"))
    _legend(axes[0, 0], [(f"{a}°", hue(a)) for a in TIES], loc="lower right", ncols=4)
    bars = axes[0, 1]
    width = 0.2
    for k, angle in enumerate(TIES):
        bars.bar(np.arange(len(names)) + (k - 1.5) * width, [shares[n][k] for n in names], width,
                 color=hue(angle), edgecolor="0.3", label=f"{angle}°")
    for i, name in enumerate(names):
        bars.text(i, max(shares[name]) + 0.4, f"{sum(shares[name]):.0f} %", ha="center", fontsize=8)
    bars.set_xticks(range(len(names)), [_name(n).replace(" / ", "\n") for n in names], fontsize=7)
    bars.set_ylabel("% of the pixels / % số điểm ảnh", fontsize=8)
    bars.set_ylim(0, max(max(s) for s in shares.values()) + 2)
    bars.legend(fontsize=7, ncols=4, loc="upper left")
    bars.set_title("exact ties: total over the four angles /\ngiá trị trùng cận: tổng trên bốn góc", fontsize=9)
    return fig


@figure
def masks(image, settings, zoom=True):
    """The image, then its orientation mask for each ``(lower, upper, min_magnitude)`` in ``settings``, painted
    over the dimmed image; on the coins, zoomed on six of them (``zoom=False``: the whole image)."""
    gray = _gray(image)
    region = ZOOM.get(image, (slice(None), slice(None))) if zoom and isinstance(image, str) else (slice(None),) * 2
    shown = gray[region]
    panels = len(settings) + 1
    columns = 2 if panels == 4 else min(panels, 3)
    rows = -(-panels // columns)
    fig, axes = _figure(rows, columns, width=9.6 / columns,
                        height=9.6 / columns * shown.shape[0] / shown.shape[1] + 0.5)
    axes = list(axes.ravel())
    _show(axes[0], shown, _name(image), cmap="gray", vmin=0, vmax=255)
    for ax, (lower, upper, min_magnitude) in zip(axes[1:], settings):
        mask = ref.orientation_mask(gray, lower, upper, min_magnitude)
        kept = 100 * np.count_nonzero(mask) / mask.size
        _show(ax, _overlay(shown, [(mask[region], MASKED)]),
              f"{_range(lower, upper, min_magnitude)}: {kept:.1f} % of the image kept / "
              f"{_range(lower, upper, min_magnitude)}: giữ lại {kept:.1f} % ảnh")
    for ax in axes[panels:]:
        ax.set_axis_off()
    return fig


@figure
def threshold(image="coins", lower=0, upper=10, min_magnitude=100):
    """A range without and with a magnitude threshold, and under them the magnitudes of the range's pixels."""
    gray = _gray(image)
    mag, theta = ref.magnitude_orientation(gray)
    height = 4.8 * gray.shape[0] / gray.shape[1] + 0.5
    fig, axes = plt.subplot_mosaic("AB;CC", figsize=(9.6, height + 2.6), layout="constrained",
                                   height_ratios=[height, 2.6])
    _show(axes["A"], _overlay(gray, [(ref.orientation_mask(gray, lower, upper), MASKED)]),
          f"{_range(lower, upper)}: no threshold / {_range(lower, upper)}: không có ngưỡng")
    with_threshold = _range(lower, upper, min_magnitude)
    _show(axes["B"], _overlay(gray, [(ref.orientation_mask(gray, lower, upper, min_magnitude), MASKED)]),
          f"{with_threshold}: with the threshold / {with_threshold}: có ngưỡng")
    inside = ref.in_range(theta, lower, upper)
    plot = axes["C"]
    top = max(float(np.percentile(mag, 99.9)), 1.5 * min_magnitude)
    bins = np.linspace(0, top, 81)
    plot.hist(np.clip(mag[inside], 0, top), bins=bins, color="0.55", log=True,
              label="dropped by the threshold / bị ngưỡng loại bỏ")
    plot.hist(np.clip(mag[inside & (mag >= min_magnitude)], 0, top), bins=bins, color=KEPT, log=True,
              label="kept / được giữ lại")
    plot.axvline(min_magnitude, color="black", ls="--", lw=1)
    plot.text(min_magnitude, plot.get_ylim()[1] * 0.5, f"  min_magnitude = {min_magnitude:g}", fontsize=8)
    plot.legend(fontsize=7, loc="upper right")
    plot.set_xlabel("|G|", fontsize=8)
    plot.set_ylabel("pixels (log scale) /\nsố điểm ảnh (thang log)", fontsize=8)
    plot.set_title(f"|G| of the pixels in {lower}°–{upper}° / |G| của các điểm ảnh trong {lower}°–{upper}°",
                   fontsize=9)
    return fig


@figure
def histograms(names=("brick", "coins", "pill"), bins=9):
    """Each image beside its magnitude-weighted orientation histogram: the share of |G| in each bin."""
    fig, axes = _figure(len(names), 2, width=3.6, height=2.5, ratios=[1, 1.6])
    edges = np.linspace(0, 180, bins + 1)
    for row, name in zip(axes, names):
        gray = _gray(name)
        _show(row[0], gray, _name(name), cmap="gray", vmin=0, vmax=255)
        values = ref.orientation_histogram(gray, bins)
        share = 100 * values / (values.sum() or 1)
        centres = (edges[:-1] + edges[1:]) / 2
        row[1].bar(edges[:-1], share, width=np.diff(edges), align="edge", color=[hue(c) for c in centres],
                   edgecolor="0.3")
        best = int(np.argmax(share))
        row[1].text(centres[best], share[best], f"[{edges[best]:g}, {edges[best + 1]:g})\n{share[best]:.0f} %",
                    ha="center", va="bottom", fontsize=7)
        row[1].set_xticks(edges)
        row[1].tick_params(labelsize=7)
        row[1].set_ylim(0, share.max() * 1.35)
        row[1].set_xlabel("θ (°)", fontsize=8)
        row[1].set_ylabel("% of Σ|G| / % của Σ|G|", fontsize=8)
        row[1].set_title(_titled(name, "share of |G| per bin", "tỉ lệ |G| theo từng ngăn").replace(" / ", "\n"),
                         fontsize=9)
    return fig


def cell_histograms(gray, cell=8, bins=9):
    """The weighted orientation histogram of each ``cell``×``cell`` cell: shape (rows, columns, bins)."""
    mag, theta = ref.magnitude_orientation(gray)
    rows, columns = gray.shape[0] // cell, gray.shape[1] // cell
    out = np.zeros((rows, columns, bins))
    for r in range(rows):
        for c in range(columns):
            window = (slice(r * cell, (r + 1) * cell), slice(c * cell, (c + 1) * cell))
            out[r, c], _ = np.histogram(theta[window], bins=bins, range=(0, 180), weights=mag[window])
    return out


@figure
def hog_cells(image="camera", cell=8, bins=9, crop=(slice(64, 192), slice(192, 320))):
    """HOG's first step on a crop: the cell grid over the image, and each cell's histogram drawn as edges."""
    gray = _gray(image)[crop] if crop is not None else _gray(image)
    values = cell_histograms(gray, cell, bins)
    fig, axes = _figure(1, 2, width=4.0, height=4.3)
    grid, glyphs = axes[0]
    _show(grid, gray, _titled(image, f"cells of {cell}×{cell}", f"ô lưới {cell}×{cell}"), cmap="gray",
          vmin=0, vmax=255)
    for k in range(0, gray.shape[0] + 1, cell):
        grid.axhline(k - 0.5, color="#F0E442", lw=0.5)
    for k in range(0, gray.shape[1] + 1, cell):
        grid.axvline(k - 0.5, color="#F0E442", lw=0.5)
    glyphs.set_facecolor("black")
    scale = float(np.percentile(values, 99)) or 1.0  # a few very strong cells would make the others vanish
    centres = (np.arange(bins) + 0.5) * 180 / bins
    for (r, c), _ in np.ndenumerate(values[..., 0]):
        cy, cx = (r + 0.5) * cell - 0.5, (c + 0.5) * cell - 0.5
        for b, angle in enumerate(centres):
            strength = min(values[r, c, b] / scale, 1.0)
            if strength < 0.03:
                continue
            edge = np.radians(angle + 90)  # each bin drawn as the edge it stands for, across its gradient
            dx, dy = 0.5 * cell * strength ** 0.5 * np.cos(edge), 0.5 * cell * strength ** 0.5 * np.sin(edge)
            glyphs.plot([cx - dx, cx + dx], [cy - dy, cy + dy], color=hue(angle), lw=1.2, alpha=min(1, 0.4 + strength))
    glyphs.set(xlim=(-0.5, gray.shape[1] - 0.5), ylim=(gray.shape[0] - 0.5, -0.5), aspect="equal")
    glyphs.set_xticks([])
    glyphs.set_yticks([])
    glyphs.set_title(f"a {bins}-bin histogram per cell, bins drawn as edges /\n"
                     f"mỗi ô lưới một histogram {bins} ngăn, vẽ thành biên", fontsize=9)
    return fig


@figure
def imprint_target(image="pill"):
    """The pill and the instructor's mask of its imprint line: what the investigation aims for."""
    gray = _gray(image)
    target = ref.imprint_target(gray)
    fig, axes = _figure(1, 2, width=4.0, height=3.3)
    _show(axes[0, 0], gray, _name(image), cmap="gray", vmin=0, vmax=255)
    _show(axes[0, 1], target, f"the instructor's mask: the imprint line ({np.count_nonzero(target)} pixels) / "
                              f"mặt nạ của giảng viên: vạch khắc ({np.count_nonzero(target)} điểm ảnh)",
          cmap="gray", vmin=0, vmax=255)
    return fig


@figure
def imprint(settings, image="pill"):
    """``settings = (lower, upper, min_magnitude)`` on the pill: the mask, and how it overlaps the instructor's."""
    gray = _gray(image)
    lower, upper, min_magnitude = (float(v) for v in settings)
    mask = ref.orientation_mask(gray, lower, upper, min_magnitude) > 0
    target = ref.imprint_target(gray) > 0
    iou, kept = ref.mask_overlap(mask, target), ref.line_kept(mask, target)
    fig, axes = _figure(1, 2, width=4.0, height=3.4)
    _show(axes[0, 0], mask, f"your mask: {_range(lower, upper, min_magnitude)} / "
                            f"mặt nạ của bạn: {_range(lower, upper, min_magnitude)}", cmap="gray")
    picture = _overlay(gray, [(mask & ~target, EXTRA), (target & ~mask, MISSED), (mask & target, KEPT)], dim=0.3)
    _show(axes[0, 1], picture, f"overlap (IoU) {iou:.2f}, {100 * kept:.0f} % of the line kept / "
                               f"độ trùng khớp (IoU) {iou:.2f}, giữ lại {100 * kept:.0f} % vạch khắc")
    _legend(axes[0, 1], [("line, kept / vạch khắc, được giữ", KEPT), ("kept besides / giữ thêm", EXTRA),
                         ("line, missed / vạch khắc, bị bỏ sót", MISSED)], loc="lower right")
    return fig
