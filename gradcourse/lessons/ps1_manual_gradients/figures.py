"""The lesson's figures of image gradients by hand, drawn from the reference.

They work before the student has answered anything.  Each function returns a
:class:`matplotlib.figure.Figure` that pyplot no longer tracks: a notebook
shows it once, as the cell's last expression (``figures.compass()``, without a
semicolon) or with ``display(fig)``.  Titles are "English / Tiếng Việt" with
the terms of GLOSSARY.md; coordinates are the course's: ``x`` is the column,
``y`` the row, the y axis points down, so a positive angle turns clockwise.

A figure that shows what the student's own function gives (:func:`gradients`,
:func:`fraction_curves`) takes it as an argument and falls back to the
reference, saying so in its title, while the function is not answered yet or
fails.  A photograph that cannot be found (a sandboxed grading kernel sees
only its own folder) is replaced by a drawn scene, with a note: a lesson cell
never fails for a missing file.
"""

import textwrap
import time

import cv2
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Arc, FancyArrowPatch, Rectangle

from ... import checks as base
from ... import images
from ...explorer import figure
from . import reference as ref

#: Okabe-Ito colours, readable with colour blindness: north, south, east, west, and the gradient arrow.
NEIGHBOUR_COLOURS = {"N": "#0072B2", "S": "#009E73", "E": "#E69F00", "W": "#CC79A7"}
ARROW = "#D55E00"
WORDS_VI = {"N": "bắc", "S": "nam", "E": "đông", "W": "tây"}  # north, south, east, west

#: Where :func:`quiver` looks in the photograph: 20×20 pixels on the upper left rim of the first coin.
RIM = (slice(33, 53), slice(22, 42))

FALLBACK_NOTE = ("(the course's reference: your {name} {why})\n(lời giải mẫu của khoá học: hàm {name} của bạn {why_vi})")


# --- images -------------------------------------------------------------------


def scene(height=303, width=384, seed=1):
    """A drawn stand-in for a photograph: lit discs on a shaded table, blurred, with sensor noise (uint8)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    image = 70 + 50 * xx / width + 20 * yy / height
    for cx, cy, r, v in ((44, 53, 22, 200), (150, 50, 24, 170), (320, 55, 30, 215), (60, 125, 21, 190),
                         (180, 120, 22, 180), (300, 190, 32, 175), (90, 255, 28, 185), (220, 255, 27, 165)):
        inside = (xx - cx) ** 2 + (yy - cy) ** 2 <= r * r
        image[inside] = v - 25 * ((xx[inside] - cx + yy[inside] - cy) / (2 * r))
    image = cv2.GaussianBlur(image, (0, 0), 1.2) + rng.normal(0, 3, image.shape)
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def photo(name="coins"):
    """The course photograph ``name`` in grayscale, or :func:`scene` (with a printed note) when it is not found."""
    try:
        return images.gray(name)
    except (images.ImageNotFound, OSError, cv2.error):
        print(f"({name}.png not found: a drawn scene stands in for it / "
              f"không tìm thấy {name}.png: một cảnh vẽ sẵn được dùng thay)")
        return scene()


def shapes():
    """The lesson's synthetic image: a bright disc (200) and a square (160) on a dark background (40), 160×240."""
    yy, xx = np.mgrid[0:160, 0:240]
    image = np.full((160, 240), 40, dtype=np.uint8)
    image[(xx - 70) ** 2 + (yy - 80) ** 2 < 45 ** 2] = 200
    image[50:110, 150:210] = 160
    return image


def small_scene():
    """A small image for the arrows and the pixel explorer: a bright disc, and a ramp brightening to the right."""
    yy, xx = np.mgrid[0:17, 0:27]
    image = np.full((17, 27), 40.0)
    image[(xx - 7) ** 2 + (yy - 8) ** 2 <= 5.5 ** 2] = 200
    ramp = xx >= 16
    image[ramp] = 40 + 16 * (xx[ramp] - 15)
    return np.clip(image, 0, 255).astype(np.uint8)


# --- plumbing -------------------------------------------------------------------


def _figure(columns, width=3.2, height=3.4, ratios=None):
    """A row of ``columns`` axes; closed in pyplot so that a notebook shows it once, when it is displayed."""
    ratios = ratios or [1] * columns
    fig, axes = plt.subplots(1, columns, figsize=(width * sum(ratios), height), squeeze=False,
                             layout="constrained", width_ratios=ratios)
    plt.close(fig)
    return fig, list(axes[0])


def _title(ax, text, size=9, width=50):
    """English above Vietnamese: split at the one " / " (or at the line breaks given), each part wrapped."""
    parts = text.split(" / ") if text.count(" / ") == 1 and "\n" not in text else text.split("\n")
    ax.set_title("\n".join(textwrap.fill(part, width) for part in parts), fontsize=size)


def _show(ax, image, title, **imshow):
    shown = ax.imshow(image, interpolation="nearest", **imshow)
    _title(ax, title)
    ax.set_xticks([])
    ax.set_yticks([])
    return shown


def _minus(value, digits=0):
    """A number as the lesson prints it, with a real minus sign."""
    text = f"{value:.{digits}f}"
    return text.replace("-", "−")


def _students(function, name, *args):
    """The student's result, or ``(None, why)`` when it is not answered yet or fails."""
    try:
        return base._run(function, *args), None
    except base.CheckFailure as failure:
        if failure.key == "not-answered":
            return None, ("is not answered yet", "chưa được viết")
        return None, ("calls what it may not", "gọi đến thứ không được phép")
    except Exception as error:  # noqa: BLE001 (any failure of a student's function: show the reference)
        return None, (f"raised {type(error).__name__}", f"báo lỗi {type(error).__name__}")


def _note(name, why):
    return FALLBACK_NOTE.format(name=name, why=why[0], why_vi=why[1])


def _gradients(image, student=None):
    """``(gx, gy, note)``: the student's ``image_gradients`` when it works on ``image``, else the reference's."""
    if student is not None:
        got, why = _students(student, "image_gradients", image)
        if why is None:
            try:
                gx, gy = (np.asarray(g, dtype=np.float64) for g in got)
                if gx.shape == gy.shape == image.shape:
                    return gx, gy, ""
                why = ("gives the wrong shape", "cho kết quả sai kích thước")
            except (TypeError, ValueError):
                why = ("does not return (Gx, Gy)", "không trả về (Gx, Gy)")
        gx, gy = ref.image_gradients.__wrapped__(image)
        return gx, gy, _note("image_gradients", why)
    gx, gy = ref.image_gradients.__wrapped__(image)
    return gx, gy, ""


def _arrow(ax, start, end, colour=ARROW, width=2.0, **kwargs):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color=colour, lw=width,
                                 shrinkA=0, shrinkB=0, **kwargs))


# --- why gradients ----------------------------------------------------------------


@figure
def edge_map(name="coins", threshold=50):
    """Why gradients matter: a photograph, its gradient magnitude, and the edge map |G| ≥ threshold."""
    gray = photo(name)
    gx, gy = ref.image_gradients.__wrapped__(gray)
    magnitude = ref.gradient_magnitude.__wrapped__(gx, gy)
    fig, axes = _figure(3, width=3.6, height=3.4)
    _show(axes[0], gray, "photograph / ảnh chụp", cmap="gray", vmin=0, vmax=255)
    _show(axes[1], np.clip(magnitude / np.percentile(magnitude, 99), 0, 1),
          "gradient magnitude |G| (bright = strong change) / độ lớn gradient |G| (sáng = thay đổi mạnh)", cmap="gray")
    _show(axes[2], magnitude >= threshold, f"edge map: |G| ≥ {threshold} / bản đồ biên: |G| ≥ {threshold}",
          cmap="gray")
    return fig


# --- coordinates and angles ---------------------------------------------------------


@figure
def compass():
    """The axes (x right, y down, image[y, x]), the four neighbours, and the angles: positive turns clockwise."""
    fig, (grid, circle) = _figure(2, width=3.8, height=4.0)
    for row in range(3):
        for col in range(3):
            dy, dx = row - 1, col - 1
            name = {(-1, 0): "N", (1, 0): "S", (0, 1): "E", (0, -1): "W"}.get((dy, dx))
            colour = NEIGHBOUR_COLOURS[name] if name else ("0.35" if (dy, dx) == (0, 0) else "0.95")
            grid.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, facecolor=colour, edgecolor="0.6",
                                     alpha=0.85 if name else 1))
            if name:
                label = f"{name} ({WORDS_VI[name]})\n(x{'%+d' % dx if dx else ''}, y{'%+d' % dy if dy else ''})"
                grid.text(col, row, label.replace("+", " + ").replace("-", " − "), ha="center", va="center",
                          fontsize=8, color="white")
            elif (dy, dx) == (0, 0):
                grid.text(col, row, "(x, y)", ha="center", va="center", fontsize=9, color="white")
    _arrow(grid, (-0.5, -0.85), (2.6, -0.85), colour="black", width=1.2)
    grid.text(2.65, -0.85, "x", va="center", fontsize=11)
    _arrow(grid, (-0.85, -0.5), (-0.85, 2.6), colour="black", width=1.2)
    grid.text(-0.85, 2.75, "y", ha="center", va="top", fontsize=11)
    grid.set(xlim=(-1.1, 2.9), ylim=(2.95, -1.1), aspect="equal")
    grid.set_axis_off()
    _title(grid, "x = column (→), y = row (↓): the pixel is image[y, x] / "
                 "x = cột (→), y = hàng (↓): điểm ảnh là image[y, x]", width=60)

    for angle in (0, 45, 90, 135, 180, -135, -90, -45):
        rad = np.radians(angle)
        end = (np.cos(rad), np.sin(rad))  # y down: the axes below are inverted
        _arrow(circle, (0, 0), (0.8 * end[0], 0.8 * end[1]), colour=ARROW if angle in (45, -90) else "0.45",
               width=1.4)
        circle.text(1.08 * end[0], 1.08 * end[1], _minus(angle) + "°", ha="center", va="center", fontsize=9)
    circle.add_patch(Arc((0, 0), 0.9, 0.9, theta1=0, theta2=45, color=ARROW, lw=1.5))
    circle.text(0.62, 0.2, "+", color=ARROW, fontsize=12, ha="center", va="center")
    circle.set(xlim=(-1.3, 1.3), ylim=(1.3, -1.3), aspect="equal")  # y down, as in an image
    circle.set_axis_off()
    _title(circle, "θ = 0° points east; y points down, so positive angles turn clockwise (90° points down) / "
                   "θ = 0° chỉ hướng đông; trục y hướng xuống nên góc dương quay theo chiều kim đồng hồ "
                   "(90° chỉ xuống dưới)")
    return fig


# --- neighbourhoods and their gradient -------------------------------------------------


@figure
def neighbourhoods(*matrices, names=None):
    """Each 3×3 neighbourhood with its values, its four neighbours, its gradient arrow, Gx, Gy, |G| and θ."""
    names = names or [""] * len(matrices)
    fig, axes = _figure(len(matrices), width=3.1, height=4.2)
    for ax, matrix, name in zip(axes, matrices, names):
        matrix = np.asarray(matrix)
        gx, gy = ref.pixel_gradient.__wrapped__(matrix, 1, 1)
        magnitude = float(ref.gradient_magnitude.__wrapped__(gx, gy))
        theta = float(ref.gradient_orientation.__wrapped__(gx, gy))
        ax.imshow(matrix, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
        places = {"N": (0, 1), "S": (2, 1), "E": (1, 2), "W": (1, 0)}
        for key, (row, col) in places.items():
            ax.add_patch(Rectangle((col - 0.45, row - 0.45), 0.9, 0.9, fill=False,
                                   edgecolor=NEIGHBOUR_COLOURS[key], lw=3))
        for (row, col), value in np.ndenumerate(matrix):
            label = next((k for k, p in places.items() if p == (row, col)), "")
            text = f"{value}" + (f"\n{label} ({WORDS_VI[label]})" if label else "")
            ax.text(col, row, text, ha="center", va="center", fontsize=10 if not label else 9,
                    fontweight="bold" if (row, col) == (1, 1) else "normal",
                    color="black" if value > 127 else "white")
        if magnitude > 0:
            length = 1.25
            _arrow(ax, (1, 1), (1 + length * gx / magnitude, 1 + length * gy / magnitude), width=3)
        ax.set(xlim=(-0.5, 2.5), ylim=(2.5, -0.5))
        ax.set_xticks([])
        ax.set_yticks([])
        east, west, south, north = matrix[1, 2], matrix[1, 0], matrix[2, 1], matrix[0, 1]
        head = f"{name}\n" if name else ""
        ax.set_title(f"{head}Gx = E − W = {east} − {west} = {_minus(gx)}\nGy = S − N = {south} − {north} = {_minus(gy)}\n"
                     f"|G| = {magnitude:.2f}, θ = {_minus(theta, 2)}°", fontsize=9)
    fig.supxlabel("the four neighbours are outlined; the arrow is the gradient, towards the bright side\n"
                  "bốn điểm lân cận được đóng khung; mũi tên là gradient, chỉ về phía vùng sáng", fontsize=9)
    return fig


@figure
def vectors(*pairs, names=None):
    """The gradient (Gx, Gy) as a vector, y down: its legs Gx and Gy, its length |G| and its angle θ."""
    names = names or [""] * len(pairs)
    fig, axes = _figure(len(pairs), width=3.4, height=3.6)
    for ax, (gx, gy), name in zip(axes, pairs, names):
        magnitude = float(ref.gradient_magnitude.__wrapped__(gx, gy))
        theta = float(ref.gradient_orientation.__wrapped__(gx, gy))
        span = 1.3 * max(abs(gx), abs(gy))
        ax.axhline(0, color="0.8", lw=1)
        ax.axvline(0, color="0.8", lw=1)
        ax.plot([0, gx], [0, 0], color=NEIGHBOUR_COLOURS["E"], lw=2, ls="--")
        ax.plot([gx, gx], [0, gy], color=NEIGHBOUR_COLOURS["S"], lw=2, ls="--")
        _arrow(ax, (0, 0), (gx, gy), width=2.5)
        side = -np.sign(gy or 1)  # the Gx label on the side of the axis away from the triangle
        ax.text(gx / 2, 0.06 * span * side, f"Gx = {_minus(gx)}", ha="center", va="top" if side > 0 else "bottom",
                color=NEIGHBOUR_COLOURS["E"], fontsize=9)
        ax.text(gx + 0.05 * span * np.sign(gx or 1), gy / 2, f"Gy = {_minus(gy)}", ha="left" if gx > 0 else "right",
                va="center", color=NEIGHBOUR_COLOURS["S"], fontsize=9)
        away = np.array([-gx / 2, gy / 2]) / (magnitude / 2)  # from the right angle (gx, 0) to the arrow's middle
        middle = np.array([gx, gy]) / 2 + 0.16 * span * away
        ax.text(middle[0], middle[1], f"|G| = {magnitude:.2f}", color=ARROW, fontsize=9, ha="center", va="center",
                rotation=0)
        diameter = 0.6 * magnitude
        ax.add_patch(Arc((0, 0), diameter, diameter, theta1=min(0, theta), theta2=max(0, theta), color="black", lw=1))
        ax.text(-0.06 * span * np.sign(gx or 1), 0.06 * span * np.sign(gy or 1), f"θ = {_minus(theta, 2)}°",
                fontsize=9, ha="right" if gx > 0 else "left", va="center")  # beside the arc, clear of the arrow
        ax.set(xlim=(-span, span), ylim=(span, -span), aspect="equal")  # y down
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("x →", fontsize=9)
        ax.set_ylabel("↓ y", fontsize=9)
        head = f"{name}: " if name else ""
        ax.set_title(f"{head}(Gx, Gy) = ({_minus(gx)}, {_minus(gy)})", fontsize=9)
    fig.suptitle("|G| = √(Gx² + Gy²) is the length, θ = arctan2(Gy, Gx) the angle\n"
                 "|G| = √(Gx² + Gy²) là độ dài, θ = arctan2(Gy, Gx) là góc", fontsize=9)
    return fig


@figure
def arctan_pitfall():
    """Why arctan2: (1, 1) and (−1, −1) point opposite ways, but arctan(gy / gx) gives both 45°; (0, 5) divides by 0."""
    pairs = [(1, 1), (-1, -1), (0, 1)]
    fig, axes = _figure(2, width=3.6, height=3.8)
    for ax, which in zip(axes, ("arctan2", "arctan")):
        for (gx, gy), colour in zip(pairs, (NEIGHBOUR_COLOURS["E"], NEIGHBOUR_COLOURS["N"], NEIGHBOUR_COLOURS["S"])):
            if which == "arctan2":
                theta = np.degrees(np.arctan2(gy, gx))
                label = f"({_minus(gx)}, {_minus(gy)}) → {_minus(theta)}°"
            elif gx == 0:
                ax.text(0.05, 1.15, "(0, 1): gy / gx = 1 / 0 ✘", color=colour, fontsize=9)
                continue
            else:
                theta = np.degrees(np.arctan(gy / gx))
                label = f"({_minus(gx)}, {_minus(gy)}) → {_minus(theta)}° ✘" if gx < 0 else \
                    f"({_minus(gx)}, {_minus(gy)}) → {_minus(theta)}°"
            rad = np.radians(theta)
            _arrow(ax, (0, 0), (np.cos(rad), np.sin(rad)), colour=colour, width=2.2)
            ax.text(1.05 * np.cos(rad), 1.05 * np.sin(rad) + (0.18 if gx < 0 and which == "arctan" else 0), label,
                    color=colour, fontsize=9, ha="center", va="center")
        ax.axhline(0, color="0.85", lw=1)
        ax.axvline(0, color="0.85", lw=1)
        ax.set(xlim=(-1.6, 1.6), ylim=(1.6, -1.6), aspect="equal")  # y down
        ax.set_xticks([])
        ax.set_yticks([])
    _title(axes[0], "np.arctan2(gy, gx): each direction its own angle\nnp.arctan2(gy, gx): mỗi hướng một góc riêng")
    _title(axes[1], "np.arctan(gy / gx): (1, 1) and (−1, −1) both give 45°\n"
                    "np.arctan(gy / gx): (1, 1) và (−1, −1) đều cho 45°")
    return fig


# --- the whole image --------------------------------------------------------------------


@figure
def reflect101(row=(10, 20, 40, 30)):
    """One row, padded the reflect-101 way, its east and west neighbours side by side, and Gx = east − west."""
    row = np.asarray(row, dtype=np.int64)
    padded = np.pad(row, 1, mode="reflect")
    lines = [
        ("padded (reflect-101) / đã đệm (reflect-101)", padded, 0),
        ("east neighbour of each pixel / điểm lân cận phía đông của mỗi điểm ảnh", padded[2:], 1),
        ("west neighbour of each pixel / điểm lân cận phía tây của mỗi điểm ảnh", padded[:-2], 1),
        ("Gx = east − west / Gx = đông − tây", padded[2:] - padded[:-2], 1),
    ]
    fig, (ax,) = _figure(1, width=7.6, height=3.6)
    colours = ["0.85", NEIGHBOUR_COLOURS["E"], NEIGHBOUR_COLOURS["W"], ARROW]
    for k, ((label, values, start), colour) in enumerate(zip(lines, colours)):
        y = -1.3 * k
        for i, value in enumerate(values):
            x = start + i
            added = k == 0 and (i == 0 or i == len(values) - 1)
            ax.add_patch(Rectangle((x, y), 0.95, 0.95, facecolor="white" if added else colour, edgecolor=colour,
                                   lw=2, ls="--" if added else "-", alpha=1 if added else 0.6))
            ax.text(x + 0.47, y + 0.47, _minus(value), ha="center", va="center", fontsize=11)
        ax.text(len(padded) + 0.3, y + 0.47, label.replace(" / ", "\n"), va="center", fontsize=8)
    ax.plot([0.975, 0.975], [-4.1, 1.2], color="0.5", lw=1, ls=":")
    ax.plot([len(padded) - 1 - 0.025, len(padded) - 1 - 0.025], [-4.1, 1.2], color="0.5", lw=1, ls=":")
    ax.set(xlim=(-0.3, len(padded) + 4.2), ylim=(-4.2, 1.4), aspect="equal")
    ax.set_axis_off()
    _title(ax, "Shift, then subtract: the border copies its inner neighbour, so the first and last Gx are 0 / "
               "Dịch rồi trừ: viền ảnh chép điểm lân cận bên trong, nên Gx đầu tiên và cuối cùng bằng 0")
    return fig


@figure
def gradients(image, image_gradients=None, title=""):
    """The image, Gx, Gy (blue negative, red positive) and |G| side by side; the student's function when given."""
    image = np.asarray(image)
    gx, gy, note = _gradients(image, image_gradients)
    magnitude = ref.gradient_magnitude.__wrapped__(gx, gy)
    limit = max(np.percentile(np.abs(np.concatenate([gx.ravel(), gy.ravel()])), 99.5), 1.0)
    fig, axes = _figure(4, width=3.1, height=3.0)
    _show(axes[0], image, title or "image / ảnh", cmap="gray", vmin=0, vmax=255)
    for ax, g, name in ((axes[1], gx, "Gx"), (axes[2], gy, "Gy")):
        shown = _show(ax, g, f"{name}: red > 0, blue < 0 / {name}: đỏ > 0, xanh < 0", cmap="coolwarm",
                      vmin=-limit, vmax=limit)
        fig.colorbar(shown, ax=ax, fraction=0.046, shrink=0.8)
    shown = _show(axes[3], magnitude, "|G| / độ lớn gradient", cmap="gray", vmin=0,
                  vmax=max(np.percentile(magnitude, 99.5), 1.0))
    fig.colorbar(shown, ax=axes[3], fraction=0.046, shrink=0.8)
    if note:
        fig.suptitle(note, fontsize=9, color=ARROW)
    return fig


@figure
def quiver(image=None, crop=None, step=1):
    """Gradient arrows (a quiver plot) over a small image, and over the rim of a disc in a photograph."""
    small = small_scene() if image is None else np.asarray(image)
    if crop is None:  # the upper left rim of the first coin (of the drawn scene's first disc when it stands in)
        crop = photo("coins")[RIM]
    fig, axes = _figure(2, width=4.2, height=3.9, ratios=[27 / 17 * 0.9, 1])
    for ax, picture, title in ((axes[0], small, ("a disc and a ramp", "một hình tròn và một dải sáng dần")),
                               (axes[1], np.asarray(crop), ("the rim of a coin, 20×20 pixels",
                                                            "mép một đồng xu, 20×20 điểm ảnh"))):
        gx, gy = ref.image_gradients.__wrapped__(picture)
        magnitude = np.hypot(gx, gy)
        ax.imshow(picture, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
        rows, cols = np.mgrid[0:picture.shape[0]:step, 0:picture.shape[1]:step]
        u, v = gx[::step, ::step], gy[::step, ::step]
        keep = magnitude[::step, ::step] > 0
        scale = 1.6 / max(magnitude.max(), 1.0)  # the longest arrow is 1.6 pixels long
        ax.quiver(cols[keep], rows[keep], u[keep] * scale, v[keep] * scale, color=ARROW, angles="xy",
                  scale_units="xy", scale=1, width=0.006)  # angles in data units: +Gy points down
        _title(ax, f"{title[0]}: arrows (Gx, Gy) point to the bright side\n"
                   f"{title[1]}: mũi tên (Gx, Gy) chỉ về phía sáng hơn", width=60)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


# --- how much of an image is edge -------------------------------------------------------


def _fractions(image, thresholds):
    """The reference's edge fraction at each threshold, the magnitude computed once."""
    magnitude = ref.gradient_magnitude.__wrapped__(*ref.image_gradients.__wrapped__(image))
    return [float(np.mean(magnitude >= t)) for t in thresholds]


@figure
def fraction_curves(edge_fraction=None, named=None, thresholds=range(1, 301, 3), budget=3.0):
    """The fraction of pixels with |G| ≥ threshold against the threshold, one curve per image (log scale).

    ``named`` is ``{label: image}`` (by default the shapes and the coins).  The
    student's ``edge_fraction`` draws the curves when it works on every point
    within ``budget`` seconds in all (a loop over the pixels would hold the
    notebook up); otherwise every curve is the reference's, with a note saying why.
    """
    named = named or {"shapes / các hình": shapes(), "coins / các đồng xu": photo("coins")}
    thresholds = list(thresholds)
    curves, note = None, ""
    if edge_fraction is not None:
        curves, why = {}, None
        deadline = time.perf_counter() + budget
        for label, image in named.items():
            values = []
            for t in thresholds:
                value, why = _students(edge_fraction, "edge_fraction", image, t)
                if why is None and not isinstance(value, (int, float, np.number)):
                    why = ("does not return a number", "không trả về một số")
                elif why is None and time.perf_counter() > deadline:
                    why = ("is too slow for this figure", "quá chậm cho hình này")
                if why is not None:
                    break
                values.append(float(value))
            if why is not None:
                curves, note = None, _note("edge_fraction", why)
                break
            curves[label] = values
    if curves is None:
        curves = {label: _fractions(image, thresholds) for label, image in named.items()}
    fig, (ax,) = _figure(1, width=6.4, height=3.6)
    for (label, values), colour in zip(curves.items(), (NEIGHBOUR_COLOURS["N"], ARROW, NEIGHBOUR_COLOURS["S"])):
        ax.plot(thresholds, values, color=colour, lw=2, label=label)
    ax.set_xlabel("threshold / ngưỡng", fontsize=9)
    ax.set_ylabel("fraction with |G| ≥ threshold /\ntỉ lệ có |G| ≥ ngưỡng", fontsize=8)
    ax.set_yscale("log")  # the shapes' few edge pixels would hug the axis on a linear scale
    ax.set_ylim(1e-4, 1.5)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    _title(ax, "How much of the image is edge?\nBao nhiêu phần của ảnh là biên?" + (f"\n{note}" if note else ""),
           width=90)
    return fig
