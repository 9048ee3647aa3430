"""The pixel explorer: move one pixel over a small image and read its neighbours, Gx, Gy, |G| and θ.

Two sliders choose an interior pixel ``(x, y)`` (all four neighbours exist,
as in ``pixel_gradient``); the picture shows the image enlarged with the pixel,
its north, south, east and west neighbours and its gradient arrow, and beside
it the 3×3 neighbourhood with its values.  :class:`PixelState` does the work
without widgets (a test calls it); a move draws with OpenCV and encodes a PNG,
a few milliseconds.  Without a front end (``nbgrader autograde``/``validate``)
:func:`explore` prints one line and builds no widget, like the angle explorer.
Not graded.
"""

import cv2
import numpy as np

from ...explorer import png, show
from . import reference as ref

LABELS = {
    "x": "x (column / cột)",
    "y": "y (row / hàng)",
    "headless": "The pixel explorer needs a live JupyterLab; it is not shown here. / "
                "Công cụ khám phá điểm ảnh cần JupyterLab đang chạy; ở đây nó không được hiển thị.",
    "too-small": "The pixel explorer needs an image of at least 3×3 pixels. / "
                 "Công cụ khám phá điểm ảnh cần một ảnh có ít nhất 3×3 điểm ảnh.",
    "neighbours": "(x, y) = ({x}, {y}): north {north}, south {south}, east {east}, west {west} / "
                  "bắc {north}, nam {south}, đông {east}, tây {west}",
    "gradient": "Gx = east − west = {gx}, Gy = south − north = {gy}, |G| = {magnitude:.2f}, θ = {angle} / "
                "Gx = đông − tây = {gx}, Gy = nam − bắc = {gy}, |G| = {magnitude:.2f}, θ = {angle_vi}",
    "no-angle": ("undefined: the gradient is 0", "không xác định: gradient bằng 0"),
}

# BGR (OpenCV) of the figures' Okabe-Ito colours: north, south, east, west, the pixel and its arrow.
COLOURS = {"N": (178, 114, 0), "S": (115, 158, 0), "E": (0, 159, 230), "W": (167, 121, 204), "pixel": (0, 94, 213)}
PLACES = {"N": (0, -1), "S": (0, 1), "E": (1, 0), "W": (-1, 0)}  # (dx, dy), the y axis pointing down


def default_image():
    """The small image the explorer opens with: a bright disc and a ramp (see ``figures.small_scene``)."""
    from .figures import small_scene

    return small_scene()


class PixelState:
    """One image, and what the explorer shows for a pixel: the numbers and the picture."""

    def __init__(self, image, cell=None):
        self.image = np.asarray(image)
        if self.image.ndim != 2 or min(self.image.shape) < 3:
            raise ValueError(LABELS["too-small"])
        height, width = self.image.shape
        self.cell = cell or int(max(12, min(32, 560 // width, 420 // height)))  # pixels on screen per image pixel
        self.magnitude_max = max(float(np.max(ref.gradient_magnitude.__wrapped__(
            *ref.image_gradients.__wrapped__(self.image)))), 1.0)

    @property
    def limits(self):
        """The interior pixels: ``((1, width - 2), (1, height - 2))``."""
        height, width = self.image.shape
        return (1, width - 2), (1, height - 2)

    def clamp(self, x, y):
        (x0, x1), (y0, y1) = self.limits
        return int(min(max(x, x0), x1)), int(min(max(y, y0), y1))

    def at(self, x, y):
        """The pixel's neighbours, Gx, Gy, magnitude and angle (``None`` where the gradient is 0), from the reference."""
        x, y = self.clamp(x, y)
        north, south, east, west = ref.neighbours.__wrapped__(self.image, x, y)
        gx, gy = ref.pixel_gradient.__wrapped__(self.image, x, y)
        magnitude = float(ref.gradient_magnitude.__wrapped__(gx, gy))
        angle = float(ref.gradient_orientation.__wrapped__(gx, gy)) if (gx or gy) else None
        return {"x": x, "y": y, "north": north, "south": south, "east": east, "west": west,
                "gx": gx, "gy": gy, "magnitude": magnitude, "angle": angle}

    def text(self, x, y):
        """Two lines, each in English / Vietnamese: the neighbours, then the gradient."""
        values = self.at(x, y)
        angle = (f"{values['angle']:.2f}°".replace("-", "−"),) * 2 if values["angle"] is not None else LABELS["no-angle"]
        fields = dict(values, angle=angle[0], angle_vi=angle[1])
        for key in ("gx", "gy"):
            fields[key] = f"{values[key]}".replace("-", "−")
        return LABELS["neighbours"].format(**fields) + "\n" + LABELS["gradient"].format(**fields)

    def picture(self, x, y):
        """BGR uint8: the image enlarged with the pixel, its neighbours and its arrow; the 3×3 values beside it."""
        values = self.at(x, y)
        x, y, c = values["x"], values["y"], self.cell
        gray = np.clip(self.image, 0, 255).astype(np.uint8)
        big = cv2.cvtColor(cv2.resize(gray, None, fx=c, fy=c, interpolation=cv2.INTER_NEAREST), cv2.COLOR_GRAY2BGR)
        for name, (dx, dy) in PLACES.items():
            top_left = ((x + dx) * c + 1, (y + dy) * c + 1)
            cv2.rectangle(big, top_left, ((x + dx + 1) * c - 2, (y + dy + 1) * c - 2), COLOURS[name], 2)
        cv2.rectangle(big, (x * c + 1, y * c + 1), ((x + 1) * c - 2, (y + 1) * c - 2), COLOURS["pixel"], 2)
        centre = np.array([(x + 0.5) * c, (y + 0.5) * c])
        if values["magnitude"] > 0:  # longest arrow: three pixels of the image
            end = centre + 3 * c * np.array([values["gx"], values["gy"]]) / self.magnitude_max
            cv2.arrowedLine(big, tuple(int(v) for v in centre), tuple(int(v) for v in end), COLOURS["pixel"], 2,
                            cv2.LINE_AA, tipLength=0.25)
        zoom = self._zoom(x, y, big.shape[0])
        height = max(big.shape[0], zoom.shape[0])  # a tiny image is shorter than its 3×3 zoom

        def padded(part):
            return np.vstack([part, np.full((height - part.shape[0],) + part.shape[1:], 255, np.uint8)])

        gap = np.full((height, 12, 3), 255, np.uint8)
        return np.hstack([padded(big), gap, padded(zoom)])

    def _zoom(self, x, y, height):
        """The 3×3 neighbourhood, each value written in its cell, N/S/E/W outlined (at most ``height`` tall)."""
        size = max(40, min(90, height // 3))
        zoom = np.full((max(height, 3 * size), 3 * size, 3), 255, np.uint8)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                value = int(self.image[y + dy, x + dx])
                top, left = (dy + 1) * size, (dx + 1) * size
                shade = int(np.clip(value, 0, 255))
                zoom[top:top + size, left:left + size] = shade
                name = next((k for k, p in PLACES.items() if p == (dx, dy)), None)
                colour = COLOURS[name] if name else (COLOURS["pixel"] if (dx, dy) == (0, 0) else (160, 160, 160))
                cv2.rectangle(zoom, (left + 1, top + 1), (left + size - 2, top + size - 2), colour, 3 if name else 1)
                ink = (0, 0, 0) if shade > 127 else (255, 255, 255)
                text = str(value)
                (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.5, 1)
                cv2.putText(zoom, text, (left + (size - w) // 2, top + (size + h) // 2), cv2.FONT_HERSHEY_SIMPLEX,
                            0.5, ink, 1, cv2.LINE_AA)
                if name:
                    cv2.putText(zoom, name, (left + 4, top + 14), cv2.FONT_HERSHEY_SIMPLEX, 0.4, colour, 1, cv2.LINE_AA)
        return zoom

    def render(self, x, y):
        """New slider values to PNG bytes of :meth:`picture`."""
        return png(self.picture(x, y))


class PixelExplorer:
    """Sliders for x and y, the picture, and the numbers under it."""

    def __init__(self, image=None, x=None, y=None):
        import ipywidgets as w

        self.state = PixelState(default_image() if image is None else image)
        (x0, x1), (y0, y1) = self.state.limits
        x, y = self.state.clamp(x if x is not None else x0 + 4, y if y is not None else (y0 + y1) // 2)
        layout = w.Layout(width="60%")
        style = {"description_width": "initial"}
        self.x = w.IntSlider(value=x, min=x0, max=x1, description=LABELS["x"], continuous_update=True,
                             layout=layout, style=style)
        self.y = w.IntSlider(value=y, min=y0, max=y1, description=LABELS["y"], continuous_update=True,
                             layout=layout, style=style)
        self.view = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        self.numbers = w.HTML()
        for slider in (self.x, self.y):
            slider.observe(self._update, names="value")
        self.widget = w.VBox([self.x, self.y, self.view, self.numbers])
        self._update()

    def _update(self, change=None):
        self.view.value = self.state.render(self.x.value, self.y.value)
        lines = self.state.text(self.x.value, self.y.value).splitlines()
        self.numbers.value = "<br>".join(f"<code>{line}</code>" for line in lines)


def explore(image=None, x=None, y=None):
    """Show the pixel explorer on ``image`` (by default a small disc and a ramp), or one line without a front end."""
    return show(PixelExplorer, LABELS["headless"], image, x, y)
