"""The angle explorer: orientation masks that follow the sliders while they move.

Magnitude and orientation are computed once per image (and per kernel);
a slider move only compares two precomputed arrays with the new bounds and
encodes the mask as a bilevel PNG into an ``ipywidgets.Image``: a few
milliseconds on a megapixel photo.  Masks are never JPEG (it smears the
two levels).  Without a front end (``nbgrader autograde``/``validate``) the
explorer prints a note and builds no widget, so grading neither hangs nor
loses points.
"""

import functools
import os

import cv2
import numpy as np

from . import images
from .lessons.ps3_orientation_masks.reference import in_range

KERNELS = {
    # name: (x kernel, label)
    "sobel": (np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64), "Sobel"),
    "scharr": (np.array([[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]], dtype=np.float64), "Scharr"),
    "central": (np.array([[-1, 0, 1]], dtype=np.float64), "central difference / sai phân trung tâm"),
}

LABELS = {
    "image": "image / ảnh",
    "upload": "your photo / ảnh của bạn",
    "kernel": "kernel / nhân tích chập",
    "angles": "θ (°)",
    "wrap": "wrap through 180/0: keep θ ≥ right handle or θ ≤ left handle / "
            "vòng qua 180/0: giữ θ ≥ nút kéo phải hoặc θ ≤ nút kéo trái",
    "magnitude": "|G| ≥",
    "kept": "{percent:.1f} % of the pixels kept / giữ lại {percent:.1f} % số điểm ảnh",
    "headless": "The angle explorer needs a live JupyterLab; it is not shown here. / "
                "Công cụ khám phá góc cần JupyterLab đang chạy; ở đây nó không được hiển thị.",
    "not-drawn": "(figure drawn in JupyterLab, not when graded / hình được vẽ trong JupyterLab, không vẽ khi chấm)",
    "bad-upload": "Could not read that file as an image. / Không đọc được tệp này thành ảnh.",
    "gx": "Gx (grey = 0, bright = positive) / Gx (xám = 0, sáng = dương)",
    "gy": "Gy (grey = 0, bright = positive) / Gy (xám = 0, sáng = dương)",
    "magnitude-view": "|G|: magnitude / độ lớn gradient",
    "colour": "orientation: colour = θ, brightness = |G| / hướng gradient: màu = θ, độ sáng = |G|",
    "legend": "colours of θ / màu của θ",
    "mask": "mask / mặt nạ",
}


def gradients(gray, kernel="sobel"):
    """``(gx, gy)`` of a gray image with one of :data:`KERNELS`, float64, OpenCV's default border."""
    kx = KERNELS[kernel][0]
    as_float = np.asarray(gray, dtype=np.float64)
    return cv2.filter2D(as_float, cv2.CV_64F, kx), cv2.filter2D(as_float, cv2.CV_64F, kx.T)


def polar(gray, kernel="sobel"):
    """``(magnitude, theta)`` with theta folded to [0, 180) degrees."""
    return _polar(*gradients(gray, kernel))


def _polar(gx, gy):
    return np.sqrt(gx * gx + gy * gy), np.degrees(np.arctan2(gy, gx)) % 180


def png(image, bilevel=False):
    """PNG bytes of a uint8 image (bilevel for 0/255 masks: half the encoding time)."""
    params = [cv2.IMWRITE_PNG_BILEVEL, 1] if bilevel else [cv2.IMWRITE_PNG_COMPRESSION, 1]
    ok, data = cv2.imencode(".png", image, params)
    if not ok:
        raise ValueError("PNG encoding failed")
    return data.tobytes()


def orientation_colour(magnitude, theta):
    """Orientation as hue and magnitude as brightness, BGR uint8 (OpenCV's hue range is 0…180)."""
    hue = np.minimum(theta, 179.0).astype(np.uint8)
    hsv = np.dstack([hue, np.full_like(hue, 255), magnitude_view(magnitude)])
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)


def signed_view(g):
    """A signed gradient for display: 128 is zero, brighter is positive."""
    scale = np.percentile(np.abs(g), 99) or 1.0
    return np.clip(128 + g * (127.0 / scale), 0, 255).astype(np.uint8)


class MaskState:
    """The precomputed part of the explorer, and the per-move work (what the benchmark times)."""

    def __init__(self, gray, kernel="sobel"):
        self.gray = np.asarray(gray)
        self.gx, self.gy = gradients(self.gray, kernel)
        self.magnitude, self.theta = _polar(self.gx, self.gy)

    def mask(self, lower, upper, min_magnitude=0.0):
        keep = in_range(self.theta, lower, upper)
        if min_magnitude > 0:
            keep &= self.magnitude >= min_magnitude
        return keep.view(np.uint8) * np.uint8(255)

    def render(self, lower, upper, min_magnitude=0.0):
        """New slider values to PNG bytes of the mask."""
        return png(self.mask(lower, upper, min_magnitude), bilevel=True)


def headless():
    """True when the notebook runs without a front end (nbgrader's autograde or validate)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


class NotDrawn:
    """What a lesson figure is when graded: one line in place of the picture."""

    def __repr__(self):
        return LABELS["not-drawn"]


def figure(draw):
    """A lesson's figure function, drawn only where someone looks at it.

    Under nbgrader (autograde, validate) it returns :class:`NotDrawn`: the
    figures cost grading a few seconds of every submission (and the second
    opinion's calls of the student's functions), change no grade, and would
    make each feedback file megabytes of pictures the student already has.
    """
    @functools.wraps(draw)
    def drawn(*args, **kwargs):
        return NotDrawn() if headless() else draw(*args, **kwargs)

    return drawn


class AngleExplorer:
    """Image picker, angle range slider, magnitude slider, and the live mask beside the image."""

    def __init__(self, names=None, kernel="sobel", lower=175, upper=180, kernels=False):
        import ipywidgets as w

        self.names = list(names or images.available())
        self.kernel = kernel
        self._states = {}
        self.uploaded = None
        layout = w.Layout(width="95%")
        self.picker = w.Dropdown(options=self.names, value=self.names[0], description=LABELS["image"])
        self.upload = w.FileUpload(accept="image/*", multiple=False, description=LABELS["upload"],
                                   layout=w.Layout(width="auto"))
        self.kernel_picker = w.Dropdown(options=[(label, key) for key, (_, label) in KERNELS.items()],
                                        value=kernel, description=LABELS["kernel"])
        self.angles = w.IntRangeSlider(value=(lower, upper), min=0, max=180, step=1, continuous_update=True,
                                       description=LABELS["angles"], layout=layout)
        self.wrap = w.Checkbox(value=False, description=LABELS["wrap"], indent=False, layout=w.Layout(width="auto"))
        self.magnitude = w.IntSlider(value=0, min=0, max=1000, step=1, continuous_update=True,
                                     description=LABELS["magnitude"], layout=layout)
        # side by side at any size: a large photo at its natural width would push the mask out of sight
        self.original = w.Image(format="png", layout=w.Layout(max_width="50%", height="auto"))
        self.mask_view = w.Image(format="png", layout=w.Layout(max_width="50%", height="auto"))
        self.status = w.Label()
        for control in (self.angles, self.wrap, self.magnitude):
            control.observe(self._update, names="value")
        self.picker.observe(self._new_image, names="value")
        self.kernel_picker.observe(self._new_image, names="value")
        self.upload.observe(self._uploaded, names="value")
        controls = [self.picker, self.upload] + ([self.kernel_picker] if kernels else [])
        self.widget = w.VBox([w.HBox(controls), self.angles, self.wrap, self.magnitude,
                              w.HBox([self.original, self.mask_view]), self.status])
        self._new_image()

    # state ----------------------------------------------------------------
    def _gray(self):
        if self.picker.value == LABELS["upload"] and self.uploaded is not None:
            return self.uploaded
        return images.gray(self.picker.value)

    def state(self):
        key = (self.picker.value, self.kernel_picker.value)
        if key not in self._states:  # magnitude and orientation: once per image and kernel
            self._states[key] = MaskState(self._gray(), self.kernel_picker.value)
        return self._states[key]

    def bounds(self):
        low, high = self.angles.value
        return (high, low) if self.wrap.value else (low, high)

    # events -----------------------------------------------------------------
    def _new_image(self, change=None):
        state = self.state()
        self.original.value = png(state.gray)
        self.magnitude.max = int(np.ceil(state.magnitude.max())) or 1
        self._update()

    def _uploaded(self, change):
        files = change["new"]
        if not files:
            return
        data = np.frombuffer(bytes(files[0]["content"]), dtype=np.uint8)
        gray = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
        if gray is None:
            self.status.value = LABELS["bad-upload"]
            return
        self.uploaded = gray
        self._states = {k: v for k, v in self._states.items() if k[0] != LABELS["upload"]}
        if LABELS["upload"] not in self.picker.options:
            self.picker.options = list(self.picker.options) + [LABELS["upload"]]
        if self.picker.value == LABELS["upload"]:
            self._new_image()
        else:
            self.picker.value = LABELS["upload"]

    def _update(self, change=None):
        lower, upper = self.bounds()
        state = self.state()
        mask = state.mask(lower, upper, self.magnitude.value)
        self.mask_view.value = png(mask, bilevel=True)
        self.status.value = LABELS["kept"].format(percent=100.0 * np.count_nonzero(mask) / mask.size)


def orientation_legend(size=121):
    """What each colour of :func:`orientation_colour` means: a disc whose gradient turns all the way round."""
    yy, xx = np.mgrid[:size, :size] - size // 2
    radius = np.hypot(xx, yy)
    theta = np.degrees(np.arctan2(yy, xx)) % 180
    colour = orientation_colour(np.where(radius <= size // 2, radius, 0.0), theta)
    colour[radius > size // 2] = 255
    return colour


class GradientExplorer(AngleExplorer):
    """The lecture explorer: the angle explorer with a kernel picker, and Gx, Gy, |G| and orientation as colour."""

    VIEWS = ("gx", "gy", "magnitude-view", "colour")

    def __init__(self, names=None, kernel="sobel", lower=175, upper=180):
        import ipywidgets as w

        panel = w.Layout(width="24%")
        self.views = {key: w.Image(format="png", layout=w.Layout(width="100%")) for key in self.VIEWS}
        super().__init__(names, kernel, lower, upper, kernels=True)
        legend = w.Image(value=png(orientation_legend()), format="png", layout=w.Layout(width="80px"))
        boxes = [w.VBox([w.Label(LABELS[key]), self.views[key]], layout=panel) for key in self.VIEWS]
        masks = w.HBox([w.VBox([w.Label(LABELS["image"]), self.original], layout=panel),
                        w.VBox([w.Label(LABELS["mask"]), self.mask_view], layout=panel),
                        w.VBox([w.Label(LABELS["legend"]), legend])])
        controls, angles, wrap, magnitude, _, status = self.widget.children
        self.widget.children = (controls, w.HBox(boxes), angles, wrap, magnitude, masks, status)

    def _new_image(self, change=None):
        super()._new_image(change)
        state = self.state()
        views = {"gx": signed_view(state.gx), "gy": signed_view(state.gy),
                 "magnitude-view": magnitude_view(state.magnitude),
                 "colour": orientation_colour(state.magnitude, state.theta)}
        for key, image in views.items():
            self.views[key].value = png(image)


def magnitude_view(magnitude):
    """The magnitude for display, scaled so the 99th percentile is white."""
    scale = np.percentile(magnitude, 99) or 1.0
    return np.clip(magnitude * (255.0 / scale), 0, 255).astype(np.uint8)


def show(kind, note, *args):
    """Build the widget ``kind(*args)`` and display it; without a front end print ``note`` alone and build
    nothing, so grading neither waits nor loses points.  Every lesson's explorer is shown this way."""
    if headless():
        print(note)
        return None
    from IPython.display import display

    explorer = kind(*args)
    display(explorer.widget)
    return explorer


def _show(kind, *args):
    return show(kind, LABELS["headless"], *args)


def explore(names=None, kernel="sobel", lower=175, upper=180, kernels=False):
    """Show the angle explorer, or a one-line note when there is no front end."""
    return _show(AngleExplorer, names, kernel, lower, upper, kernels)


def lecture(names=None, kernel="sobel", lower=175, upper=180):
    """Show the lecture explorer (:class:`GradientExplorer`), or a one-line note when there is no front end."""
    return _show(GradientExplorer, names, kernel, lower, upper)


def gradient_figure(name, kernels=("central", "sobel", "scharr")):
    """A matplotlib figure for slides: one row per kernel, with Gx, Gy, |G| and orientation as colour."""
    import matplotlib.pyplot as plt

    gray = images.gray(name)
    fig, axes = plt.subplots(len(kernels), 4, figsize=(16, 3.6 * len(kernels)), squeeze=False, layout="constrained")
    for row, kernel in zip(axes, kernels):
        state = MaskState(gray, kernel)
        views = [signed_view(state.gx), signed_view(state.gy), magnitude_view(state.magnitude),
                 cv2.cvtColor(orientation_colour(state.magnitude, state.theta), cv2.COLOR_BGR2RGB)]
        for ax, key, view in zip(row, GradientExplorer.VIEWS, views):
            ax.imshow(view, cmap="gray", vmin=0, vmax=255)
            ax.set_title(KERNELS[kernel][1] + "\n" + LABELS[key].replace(" / ", "\n"), fontsize=9)
            ax.axis("off")
    return fig
