"""The edge explorer: the Canny edge map following a two-threshold slider while it moves.

Magnitude, orientation and non-maximum suppression do not depend on the
thresholds, so :class:`EdgeState` computes them once per image; a slider
move only splits the thinned magnitude into strong and weak pixels, runs the
hysteresis and encodes a bilevel PNG.  Without a front end (``nbgrader
autograde``/``validate``) :func:`explore` prints a note and builds no widget,
as the angle explorer does.
"""

import numpy as np

from ... import images
from ...explorer import png, show
from . import reference as ref

LABELS = {
    "image": "image / ảnh",
    "thresholds": "thresholds / ngưỡng",
    "help": "weak: |G| ≥ left handle, strong: |G| ≥ right handle (after non-maximum suppression) / "
            "yếu: |G| ≥ nút kéo trái, mạnh: |G| ≥ nút kéo phải (sau triệt tiêu phi cực đại)",
    "edges": "{percent:.1f} % of the pixels are edges / {percent:.1f} % số điểm ảnh là biên",
    "headless": "The edge explorer needs a live JupyterLab; it is not shown here. / "
                "Công cụ khám phá ngưỡng cần JupyterLab đang chạy; ở đây nó không được hiển thị.",
}


class EdgeState:
    """One image's threshold-free work (|G|, θ, NMS), and the per-move work (what a benchmark times)."""

    def __init__(self, gray):
        self.gray = np.asarray(gray)
        self.magnitude, self.theta = ref.sobel_polar(self.gray)
        self.nms = ref.non_max_suppression(self.magnitude, self.theta)

    def edges(self, low, high):
        """The edge map for these thresholds, equal to ``reference.canny(gray, low, high)``."""
        return ref.hysteresis(*ref.double_threshold(self.nms, low, high))

    def render(self, low, high):
        """New slider values to PNG bytes of the edge map."""
        return png(self.edges(low, high), bilevel=True)


class EdgeExplorer:
    """Image picker, a (low, high) threshold slider, and the live edge map beside the image."""

    def __init__(self, names=None, low=50, high=150):
        import ipywidgets as w

        self.names = list(names or images.available())
        self._states = {}
        self.picker = w.Dropdown(options=self.names, value=self.names[0], description=LABELS["image"])
        self.thresholds = w.IntRangeSlider(value=(low, high), min=0, max=500, step=1, continuous_update=True,
                                           description=LABELS["thresholds"], style={"description_width": "initial"},
                                           layout=w.Layout(width="95%"))
        self.original = w.Image(format="png", layout=w.Layout(max_width="50%", height="auto"))
        self.edge_view = w.Image(format="png", layout=w.Layout(max_width="50%", height="auto"))
        self.status = w.Label()
        self.thresholds.observe(self._update, names="value")
        self.picker.observe(self._new_image, names="value")
        self.widget = w.VBox([self.picker, self.thresholds, w.Label(LABELS["help"]),
                              w.HBox([self.original, self.edge_view]), self.status])
        self._new_image()

    def state(self):
        if self.picker.value not in self._states:  # gradients and NMS: once per image
            self._states[self.picker.value] = EdgeState(images.gray(self.picker.value))
        return self._states[self.picker.value]

    def _new_image(self, change=None):
        self.original.value = png(self.state().gray)
        self._update()

    def _update(self, change=None):
        edges = self.state().edges(*self.thresholds.value)
        self.edge_view.value = png(edges, bilevel=True)
        self.status.value = LABELS["edges"].format(percent=100.0 * np.count_nonzero(edges) / edges.size)


def explore(names=None, low=50, high=150):
    """Show the edge explorer, or a one-line note when there is no front end."""
    return show(EdgeExplorer, LABELS["headless"], names, low, high)
