"""The lesson's figures of Sobel and Scharr, drawn from the reference and OpenCV.

They work before the student has answered anything.  Each function returns
a :class:`matplotlib.figure.Figure` and leaves it open in pyplot, so that
JupyterLab's inline backend shows it once, at the end of the cell: a lesson
cell calls it with a trailing semicolon, ``figures.kernels();`` (without
the semicolon the cell's value would show it a second time).  Titles are
"English / Tiếng Việt" with the terms of GLOSSARY.md; coordinates are the
course's, y pointing down.
"""

import cv2
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ... import images
from ...explorer import figure
from . import reference as ref

#: The x kernels the lesson compares; each is used with its transpose for y.
X_KERNELS = {
    "central difference / sai phân trung tâm": np.array([[0, 0, 0], [-1, 0, 1], [0, 0, 0]], dtype=np.float64),
    "Prewitt": np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=np.float64),
    "Sobel": np.asarray(ref.SOBEL_X),
    "Scharr": np.asarray(ref.SCHARR_X),
}
#: One colour per kernel (Okabe-Ito, readable with colour blindness).
COLOURS = {"central difference / sai phân trung tâm": "#999999", "Prewitt": "#E69F00", "Sobel": "#0072B2",
           "Scharr": "#D55E00"}
SIGNED = "RdBu_r"  # blue negative, white 0, red positive


#: Dots per inch of the figures: photos at screen size, so that a figure's PNG stays a few hundred KB
#: (nbgrader keeps at most 1 MB of output per cell, 8 MB per notebook).
DPI = 72


def _figure(columns, width=2.6, height=2.9, rows=1):
    fig, axes = plt.subplots(rows, columns, figsize=(width * columns, height * rows), squeeze=False,
                             layout="constrained", dpi=DPI)
    return fig, list(axes.ravel())


def _title(ax, text, size=9):
    ax.set_title(text.replace(" / ", "\n"), fontsize=size)


def _show(ax, image, title, **imshow):
    imshow.setdefault("cmap", "gray")
    # small arrays pixel by pixel; photos smoothed as they shrink (sharper to the eye, and a smaller PNG)
    imshow.setdefault("interpolation", "nearest" if max(np.shape(image)[:2]) <= 64 else "antialiased")
    ax.imshow(image, **imshow)
    _title(ax, title)
    ax.set_xticks([])
    ax.set_yticks([])


def _signed(ax, values, title, limit=None):
    """A signed array: blue below 0, white at 0, red above, symmetric limits."""
    limit = limit or (np.max(np.abs(values)) or 1.0)
    _show(ax, values, title, cmap=SIGNED, vmin=-limit, vmax=limit)


def _numbers(ax, values, fmt="{:g}", dark=None):
    """Write each value of a small array in its square."""
    values = np.asarray(values)
    dark = dark if dark is not None else (lambda v: False)
    for (row, col), value in np.ndenumerate(values):
        ax.text(col, row, fmt.format(value), ha="center", va="center", fontsize=9,
                color="white" if dark(value) else "black")


def _weights(ax, kernel, title):
    kernel = np.asarray(kernel, dtype=np.float64)
    limit = np.max(np.abs(kernel)) or 1.0
    _signed(ax, kernel, title, limit)
    _numbers(ax, kernel, dark=lambda v: abs(v) > 0.6 * limit)


@figure
def kernels():
    """Each kernel's weights as a small picture: the central difference, Prewitt, Sobel and Scharr, in x and y."""
    shown = [("central difference x / sai phân trung tâm x", X_KERNELS["central difference / sai phân trung tâm"]),
             ("Prewitt x", X_KERNELS["Prewitt"]),
             ("Sobel x: right − left / Sobel x: phải − trái", ref.SOBEL_X),
             ("Sobel y: bottom − top / Sobel y: dưới − trên", ref.SOBEL_Y),
             ("Scharr x", ref.SCHARR_X), ("Scharr y", ref.SCHARR_Y)]
    fig, axes = _figure(len(shown), width=2.2, height=2.6)
    for ax, (title, kernel) in zip(axes, shown):
        _weights(ax, kernel, title)
    fig.suptitle("weights: red positive, blue negative / trọng số: đỏ là dương, xanh là âm", fontsize=10)
    return fig


@figure
def worked_example(neighbourhood):
    """The worked example as pictures: N, then N × Sobel x and N × Sobel y element-wise, with their sums."""
    n = np.asarray(neighbourhood, dtype=np.float64)
    fig, axes = _figure(5, width=2.3, height=2.8)
    _show(axes[0], n, "neighbourhood N / vùng lân cận N", vmin=0, vmax=255)
    _numbers(axes[0], n, "{:.0f}", dark=lambda v: v < 128)
    for ax, kernel, name in ((axes[1], ref.SOBEL_X, "Sobel x"), (axes[3], ref.SOBEL_Y, "Sobel y")):
        _weights(ax, kernel, name)
    for ax, kernel, g in ((axes[2], ref.SOBEL_X, "Gx"), (axes[4], ref.SOBEL_Y, "Gy")):
        products = n * kernel
        limit = np.max(np.abs(products)) or 1.0
        _signed(ax, products, f"N × kernel: sum {g} = {ref.apply_kernel(n, kernel):.0f} / "
                              f"N × nhân: tổng {g} = {ref.apply_kernel(n, kernel):.0f}", limit)
        _numbers(ax, products, "{:.0f}", dark=lambda v: abs(v) > 0.6 * limit)
    return fig


def _step(width=9, height=5):
    step = np.zeros((height, width))
    step[:, width // 2:] = 200  # dark on the left, bright on the right
    return step


@figure
def flip():
    """Correlation uses the kernel as written; convolution flips it by 180°: on a dark-to-bright step, +Gx and −Gx."""
    step = _step()
    flipped = np.flip(np.asarray(ref.SOBEL_X))
    fig, axes = _figure(5, width=2.5, height=2.7)
    _weights(axes[0], ref.SOBEL_X, "the kernel as written / nhân như ma trận được viết")
    _weights(axes[1], flipped, "flipped 180° by convolution / bị tích chập lật 180°")
    _show(axes[2], step, "image: dark → bright / ảnh: tối → sáng", vmin=0, vmax=255)
    correlation = ref.correlate(step, ref.SOBEL_X)
    convolution = ref.correlate(step, flipped)
    limit = np.max(np.abs(correlation))
    _signed(axes[3], correlation, f"correlation: Gx = +{correlation.max():.0f} / tương quan: Gx = +{correlation.max():.0f}",
            limit)
    _signed(axes[4], convolution, f"convolution: Gx = {convolution.min():.0f} / tích chập: Gx = {convolution.min():.0f}",
            limit)
    return fig


@figure
def padding(name="camera", corner=40):
    """Why reflect-101 and not zeros: zero padding draws a frame of false edges round a bright picture.

    |G| (Sobel) of the top-left corner, ``corner`` pixels square, with each border.
    """
    gray = images.gray(name).astype(np.float64)
    fig, axes = _figure(3, width=3.2, height=3.5)
    _show(axes[0], gray, "image / ảnh", vmin=0, vmax=255)
    axes[0].add_patch(Rectangle((-0.5, -0.5), corner, corner, fill=False, edgecolor="#D55E00", lw=2))
    views = {}
    for border, label in ((cv2.BORDER_CONSTANT, "zero padding: false edges / đệm bằng 0: biên giả"),
                          (cv2.BORDER_REFLECT_101, "reflect-101: no false edge / reflect-101: không có biên giả")):
        gx = cv2.filter2D(gray, cv2.CV_64F, np.asarray(ref.SOBEL_X), borderType=border)
        gy = cv2.filter2D(gray, cv2.CV_64F, np.asarray(ref.SOBEL_Y), borderType=border)
        views[label] = np.hypot(gx, gy)[:corner, :corner]
    top = max(v.max() for v in views.values())
    for ax, (label, mag) in zip(axes[1:], views.items()):
        en, vi = label.split(" / ")
        _show(ax, mag, f"corner |G|, {en} / |G| ở góc ảnh, {vi}", cmap="inferno", vmin=0, vmax=top)
    return fig


@figure
def grating(angles=(0, 23, 67)):
    """The stripes of the angle-error exercise at a few angles, with the true gradient direction at the centre."""
    fig, axes = _figure(len(angles), width=2.8, height=3.1)
    for ax, angle in zip(axes, angles):
        image = ref.grating(angle)
        centre = image.shape[0] // 2
        _show(ax, image, f"grating({angle}): true θ = {angle}° / hướng thực θ = {angle}°", vmin=0, vmax=255)
        ax.add_patch(Rectangle((centre - 1.5, centre - 1.5), 3, 3, fill=False, edgecolor="#D55E00", lw=1.5))
        a = np.radians(angle)
        ax.annotate("", xy=(centre + 6 * np.cos(a), centre + 6 * np.sin(a)), xytext=(centre, centre),
                    arrowprops=dict(arrowstyle="->", color="#D55E00", lw=2))
    return fig


@figure
def angle_errors(wavelengths=(3, 4, 5, 6, 8, 10, 12)):
    """Each kernel's angle error on the stripes: signed, against the angle (wavelength 5), and the worst against
    the wavelength."""
    angles = np.arange(0, 91)
    fig, axes = _figure(2, width=5.6, height=3.8)
    for label, kernel in X_KERNELS.items():
        errors = ref.measured_angles(kernel, angles) - angles
        axes[0].plot(angles, errors, color=COLOURS[label], lw=2,
                     label=f"{label.split(' / ')[0]}: worst {np.max(np.abs(errors)):.2f}°")
        worst = [np.max(np.abs(ref.measured_angles(kernel, angles, wavelength=w) - angles)) for w in wavelengths]
        axes[1].plot(wavelengths, worst, "o-", color=COLOURS[label], lw=2, label=label.split(" / ")[0])
    axes[0].axhline(0, color="black", lw=0.8)
    axes[0].set(xlabel="true angle θ (°) / hướng thực θ (°)", ylabel="measured − true (°) / đo được − thực (°)",
                xticks=range(0, 91, 15))
    _title(axes[0], f"stripes {ref.GRATING_WAVELENGTH} pixels apart / các sọc cách nhau {ref.GRATING_WAVELENGTH} "
                    "điểm ảnh")
    axes[0].legend(fontsize=7)
    axes[1].set(xlabel="wavelength (pixels) / bước sóng (điểm ảnh)", ylabel="worst error (°) / sai số lớn nhất (°)",
                yscale="log")
    _title(axes[1], "finer stripes, larger errors / sọc càng mảnh, sai số càng lớn")
    axes[1].legend(fontsize=7)
    for ax in axes:
        ax.grid(alpha=0.3)
    return fig


@figure
def gray_conversion(name="pill"):
    """The drawn pill in colour, in gray with COLOR_BGR2GRAY, and with COLOR_RGB2GRAY (red and blue swapped)."""
    bgr = images.load(name)
    right = ref.to_gray(bgr)
    swapped = cv2.cvtColor(bgr, cv2.COLOR_RGB2GRAY)
    fig, axes = _figure(4, width=3.0, height=2.9)
    _show(axes[0], cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), "drawn by the course, BGR / do khoá học vẽ, BGR")
    _show(axes[1], right, "COLOR_BGR2GRAY", vmin=0, vmax=255)
    _show(axes[2], swapped, "COLOR_RGB2GRAY on BGR: wrong / trên ảnh BGR: sai", vmin=0, vmax=255)
    difference = swapped.astype(np.int16) - right.astype(np.int16)
    _signed(axes[3], difference, f"difference, up to {np.max(np.abs(difference))} / chênh lệch, tới "
                                 f"{np.max(np.abs(difference))}")
    return fig


def square(size=15, side=7):
    """A white square on a black background, uint8 (the lesson's ddepth example, larger)."""
    image = np.zeros((size, size), dtype=np.uint8)
    start = (size - side) // 2
    image[start:start + side, start:start + side] = 255
    return image


@figure
def ddepth_clipping():
    """Sobel x of a white square: saturated to uint8 (ddepth=-1) the right edge vanishes; CV_64F keeps its sign."""
    image = square()
    clipped = cv2.Sobel(image, -1, 1, 0)
    signed = cv2.Sobel(image, cv2.CV_64F, 1, 0)
    fig, axes = _figure(4, width=2.9, height=3.2)
    _show(axes[0], image, "white square / hình vuông trắng", vmin=0, vmax=255)
    _show(axes[1], clipped, "ddepth=-1 (uint8): right edge lost / mất biên phải", vmin=0, vmax=255)
    _signed(axes[2], signed, f"CV_64F: {signed.min():.0f} … +{signed.max():.0f}")
    _show(axes[3], cv2.convertScaleAbs(signed), "convertScaleAbs(CV_64F): both edges / cả hai biên", vmin=0, vmax=255)
    return fig


@figure
def display_steps(name="coins"):
    """From signed gradients to one display image: convertScaleAbs of each, then addWeighted(0.5, 0.5, 0)."""
    gray = images.gray(name)
    gx, gy = ref.sobel_gradients(gray)
    abs_x, abs_y = cv2.convertScaleAbs(gx), cv2.convertScaleAbs(gy)
    fig, axes = _figure(5, width=2.9, height=2.9)
    limit = np.percentile(np.abs(np.concatenate([gx, gy])), 99.5)
    _signed(axes[0], gx, "gX, CV_64F (signed / có dấu)", limit)
    _show(axes[1], abs_x, "convertScaleAbs(gX)", vmin=0, vmax=255)
    _signed(axes[2], gy, "gY, CV_64F (signed / có dấu)", limit)
    _show(axes[3], abs_y, "convertScaleAbs(gY)", vmin=0, vmax=255)
    _show(axes[4], cv2.addWeighted(abs_x, 0.5, abs_y, 0.5, 0), "addWeighted(…, 0.5, …, 0.5, 0)", vmin=0, vmax=255)
    return fig


@figure
def brick_pill():
    """The brick wall and the pill: image, Sobel x, Sobel y and the two combined (as the exercises compute them)."""
    fig, axes = _figure(4, width=3.0, height=3.0, rows=2)
    for row, name in enumerate(("brick", "pill")):
        colour = images.load(name)
        gray = ref.to_gray(colour)
        gx, gy = ref.sobel_gradients(gray)
        abs_x, abs_y = cv2.convertScaleAbs(gx), cv2.convertScaleAbs(gy)
        panels = [(cv2.cvtColor(colour, cv2.COLOR_BGR2RGB), "image / ảnh"),
                  (abs_x, "Sobel x: vertical lines / Sobel x: các đường đứng"),
                  (abs_y, "Sobel y: horizontal lines / Sobel y: các đường ngang"),
                  (ref.sobel_combined(gray), "combined / kết hợp")]
        for ax, (image, title) in zip(axes[4 * row:4 * row + 4], panels):
            _show(ax, image, title, vmin=0, vmax=255)
    return fig


def noisy(gray, sigma, seed=0):
    """``gray`` with Gaussian noise of standard deviation ``sigma``, rounded and clipped to uint8 as a camera would."""
    noise = np.random.default_rng(seed).normal(0, sigma, np.shape(gray))
    return np.clip(np.rint(np.asarray(gray, dtype=np.float64) + noise), 0, 255).astype(np.uint8)


@figure
def noise_blur_gradient(name="coins", sigma=20):
    """Noise, then blur, then gradient: |G| (Sobel) of the clean image, the noisy one and the noisy one blurred."""
    clean = images.gray(name)
    grainy = noisy(clean, sigma)
    blurred = cv2.GaussianBlur(grainy, (5, 5), 1.4)
    mags = [np.hypot(*ref.sobel_gradients(image)) for image in (clean, grainy, blurred)]
    top = np.percentile(mags[0], 99)
    fig, axes = _figure(5, width=2.9, height=2.8)
    _show(axes[0], mags[0], "|G| of the image / |G| của ảnh", vmin=0, vmax=top)
    _show(axes[1], grainy, f"+ noise σ = {sigma} / + nhiễu σ = {sigma}", vmin=0, vmax=255)
    _show(axes[2], mags[1], "|G|: the noise lights up / |G|: nhiễu sáng lên", vmin=0, vmax=top)
    _show(axes[3], blurred, "GaussianBlur 5×5, σ = 1.4 / làm mịn Gauss", vmin=0, vmax=255)
    _show(axes[4], mags[2], "|G| after the blur / |G| sau khi làm mịn", vmin=0, vmax=top)
    return fig
