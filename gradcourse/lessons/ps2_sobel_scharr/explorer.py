"""The noise explorer: a kernel picker and a noise slider, and the edges (|G|) that follow them while they move.

:class:`NoiseState` holds one image and one fixed field of Gaussian noise
(drawn once, so moving the slider scales the same grain rather than drawing
a new one); a move adds the scaled noise, optionally blurs, correlates with
the chosen kernel and its transpose, and encodes a PNG.  |G| is divided by
the kernel's gain (the sum of its positive weights: 1, 3, 4, 16), so every
kernel shows a step of the same height equally bright and only the noise
differs.  Without a front end (``nbgrader autograde``/``validate``)
:func:`explore` prints one line and builds no widget, as the angle explorer
does.
"""

import cv2
import numpy as np

from ... import images
from ...explorer import png, show
from . import figures

#: name -> (x kernel, label); y uses the transpose.
KERNELS = {
    "central": (figures.X_KERNELS["central difference / sai phân trung tâm"], "central difference / sai phân trung tâm"),
    "prewitt": (figures.X_KERNELS["Prewitt"], "Prewitt"),
    "sobel": (figures.X_KERNELS["Sobel"], "Sobel"),
    "scharr": (figures.X_KERNELS["Scharr"], "Scharr"),
}
BLUR = ((5, 5), 1.4)  # the Gaussian of the lesson's noise figure (and of Canny's usual first step)
#: |G| / gain at or above this is white: a step of 128 gray levels.
WHITE = 128.0

LABELS = {
    "image": "image / ảnh",
    "kernel": "kernel / nhân tích chập",
    "noise": "noise σ / nhiễu σ",
    "blur": "blur first (Gaussian 5×5, σ = 1.4) / làm mịn trước (Gauss 5×5, σ = 1.4)",
    "noisy": "image with noise / ảnh có nhiễu",
    "edges": "|G| ÷ the kernel's positive weights / |G| ÷ tổng trọng số dương của nhân",
    "status": "noise: on the tenth of the pixels where the clean image changes least, this |G| "
              "averages {flat:.1f} / nhiễu: trên một phần mười số điểm ảnh mà ảnh gốc thay đổi ít nhất, "
              "|G| này trung bình là {flat:.1f}",
    "headless": "The noise explorer needs a live JupyterLab; it is not shown here. / "
                "Công cụ khám phá nhiễu cần JupyterLab đang chạy; ở đây nó không được hiển thị.",
}


def gain(kernel_x):
    """The sum of a kernel's positive weights: its answer to a step of height 1 (|G| ÷ gain is in gray levels)."""
    kernel_x = np.asarray(kernel_x, dtype=np.float64)
    return float(kernel_x[kernel_x > 0].sum())


class NoiseState:
    """One image, its fixed noise field, and the per-move work (what a benchmark times)."""

    def __init__(self, gray, seed=0):
        self.gray = np.asarray(gray, dtype=np.float64)
        self.noise = np.random.default_rng(seed).standard_normal(self.gray.shape)
        # the tenth of the pixels where the clean image changes least (smallest Sobel |G|): there |G| is noise
        clean = self.magnitude("sobel", 0)
        self.flat = clean <= np.percentile(clean, 10)

    def noisy(self, sigma):
        """The image with noise of standard deviation ``sigma``, rounded and clipped to uint8 as a camera would."""
        return np.clip(np.rint(self.gray + sigma * self.noise), 0, 255).astype(np.uint8)

    def magnitude(self, kernel, sigma, blur=False):
        """|G| ÷ gain of the noisy image (blurred first with ``blur``), float64."""
        image = self.noisy(sigma).astype(np.float64)
        if blur:
            image = cv2.GaussianBlur(image, *BLUR)
        kx = KERNELS[kernel][0]
        gx = cv2.filter2D(image, cv2.CV_64F, kx)
        gy = cv2.filter2D(image, cv2.CV_64F, kx.T)
        return np.hypot(gx, gy) / gain(kx)

    def edges(self, kernel, sigma, blur=False):
        """The picture shown: |G| ÷ gain, uint8, white from :data:`WHITE` up."""
        mag = self.magnitude(kernel, sigma, blur)
        return np.clip(mag * (255.0 / WHITE), 0, 255).astype(np.uint8)

    def noise_level(self, kernel, sigma, blur=False):
        """The mean |G| ÷ gain where the clean image changes least (a tenth of its pixels): the noise in the edges."""
        return float(self.magnitude(kernel, sigma, blur)[self.flat].mean())

    def render(self, kernel, sigma, blur=False):
        """New control values to PNG bytes of the noisy image and of the edges."""
        return png(self.noisy(sigma)), png(self.edges(kernel, sigma, blur))


class NoiseExplorer:
    """Image picker, kernel picker, noise slider and blur switch; the noisy image and its edges side by side."""

    def __init__(self, names=None, kernel="sobel", sigma=0, blur=False):
        import ipywidgets as w

        self.names = list(names or images.available())
        self._states = {}
        self.picker = w.Dropdown(options=self.names, value=self.names[0], description=LABELS["image"])
        self.kernel = w.Dropdown(options=[(label, key) for key, (_, label) in KERNELS.items()], value=kernel,
                                 description=LABELS["kernel"], style={"description_width": "initial"})
        self.sigma = w.IntSlider(value=sigma, min=0, max=60, step=1, continuous_update=True,
                                 description=LABELS["noise"], style={"description_width": "initial"},
                                 layout=w.Layout(width="95%"))
        self.blur = w.Checkbox(value=blur, description=LABELS["blur"], indent=False, layout=w.Layout(width="auto"))
        self.noisy_view = w.Image(format="png", layout=w.Layout(max_width="50%", height="auto"))
        self.edge_view = w.Image(format="png", layout=w.Layout(max_width="50%", height="auto"))
        self.status = w.Label()
        for control in (self.kernel, self.sigma, self.blur):
            control.observe(self._update, names="value")
        self.picker.observe(self._update, names="value")
        self.widget = w.VBox([w.HBox([self.picker, self.kernel]), self.sigma, self.blur,
                              w.HBox([w.VBox([w.Label(LABELS["noisy"]), self.noisy_view]),
                                      w.VBox([w.Label(LABELS["edges"]), self.edge_view])]),
                              self.status])
        self._update()

    def state(self):
        if self.picker.value not in self._states:  # the noise field: once per image
            self._states[self.picker.value] = NoiseState(images.gray(self.picker.value))
        return self._states[self.picker.value]

    def _update(self, change=None):
        state = self.state()
        values = (self.kernel.value, self.sigma.value, self.blur.value)
        self.noisy_view.value, self.edge_view.value = state.render(*values)
        self.status.value = LABELS["status"].format(flat=state.noise_level(*values))


def explore(names=None, kernel="sobel", sigma=0, blur=False):
    """Show the noise explorer, or a one-line note when there is no front end."""
    return show(NoiseExplorer, LABELS["headless"], names, kernel, sigma, blur)
