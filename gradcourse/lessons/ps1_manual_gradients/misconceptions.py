"""Typical wrong answers to ps1 (manual gradients), each written the way a student would write it.

A check that finds a wrong result runs these on the same input; when one
alone gives the student's result, the check names that misconception.  The
end-to-end tests and the sample class put the same functions into notebooks
(:attr:`gradcourse.misconceptions.WrongAnswer.source`).
"""

import cv2
import numpy as np

from ...misconceptions import wrong


# --- neighbours -------------------------------------------------------------


@wrong("xy-swapped", "neighbours")
def neighbours_xy_swapped(image, x, y):
    return image[x - 1, y], image[x + 1, y], image[x, y + 1], image[x, y - 1]


@wrong("y-up", "neighbours")
def neighbours_y_up(image, x, y):
    return image[y + 1, x], image[y - 1, x], image[y, x + 1], image[y, x - 1]


# --- pixel_gradient ---------------------------------------------------------


@wrong("uint8-wraparound", "pixel_gradient")
def pixel_gradient_uint8(image, x, y):
    return image[y, x + 1] - image[y, x - 1], image[y + 1, x] - image[y - 1, x]


@wrong("xy-swapped", "pixel_gradient")
def pixel_gradient_xy_swapped(image, x, y):
    gx = int(image[x + 1, y]) - int(image[x - 1, y])
    gy = int(image[x, y + 1]) - int(image[x, y - 1])
    return gx, gy


@wrong("y-up", "pixel_gradient")
def pixel_gradient_y_up(image, x, y):
    gx = int(image[y, x + 1]) - int(image[y, x - 1])
    gy = int(image[y - 1, x]) - int(image[y + 1, x])
    return gx, gy


@wrong("forward-difference", "pixel_gradient")
def pixel_gradient_forward(image, x, y):
    gx = int(image[y, x + 1]) - int(image[y, x])
    gy = int(image[y + 1, x]) - int(image[y, x])
    return gx, gy


@wrong("np-gradient", "pixel_gradient")
def pixel_gradient_halved(image, x, y):
    gx = (int(image[y, x + 1]) - int(image[y, x - 1])) / 2
    gy = (int(image[y + 1, x]) - int(image[y - 1, x])) / 2
    return gx, gy


# --- gradient_magnitude -----------------------------------------------------


@wrong("abs-sum", "gradient_magnitude")
def gradient_magnitude_abs_sum(gx, gy):
    return np.abs(gx) + np.abs(gy) * 1.0


@wrong("no-sqrt", "gradient_magnitude")
def gradient_magnitude_no_sqrt(gx, gy):
    return np.asarray(gx, dtype=np.float64) ** 2 + np.asarray(gy, dtype=np.float64) ** 2


# --- gradient_orientation ---------------------------------------------------


@wrong("radians", "gradient_orientation")
def gradient_orientation_radians(gx, gy):
    return np.arctan2(gy, gx)


@wrong("arctan", "gradient_orientation")
def gradient_orientation_arctan(gx, gy):
    return np.degrees(np.arctan(np.asarray(gy, dtype=np.float64) / gx))


@wrong("arctan2-arguments", "gradient_orientation")
def gradient_orientation_swapped_arguments(gx, gy):
    return np.degrees(np.arctan2(gx, gy))


@wrong("y-up", "gradient_orientation")
def gradient_orientation_y_up(gx, gy):
    return np.degrees(np.arctan2(-np.asarray(gy), gx))


@wrong("folded", "gradient_orientation")
def gradient_orientation_folded(gx, gy):
    return np.degrees(np.arctan2(gy, gx)) % 180


@wrong("folded", "gradient_orientation")
def gradient_orientation_made_positive(gx, gy):
    theta = np.degrees(np.arctan2(gy, gx))
    return np.where(theta < 0, theta + 180, theta)  # as HOG code does


@wrong("range-0-360", "gradient_orientation")
def gradient_orientation_0_360(gx, gy):
    return np.degrees(np.arctan2(gy, gx)) % 360


# --- image_gradients --------------------------------------------------------


@wrong("uint8-wraparound", "image_gradients")
def image_gradients_uint8(image):
    padded = np.pad(image, 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return gx.astype(np.float64), gy.astype(np.float64)


@wrong("xy-swapped", "image_gradients")
def image_gradients_xy_swapped(image):
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    gx = padded[2:, 1:-1] - padded[:-2, 1:-1]
    gy = padded[1:-1, 2:] - padded[1:-1, :-2]
    return gx, gy


@wrong("y-up", "image_gradients")
def image_gradients_y_up(image):
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[:-2, 1:-1] - padded[2:, 1:-1]
    return gx, gy


@wrong("np-gradient", "image_gradients")
def image_gradients_np_gradient(image):
    gy, gx = np.gradient(image.astype(np.float64))  # on a 1-pixel-wide image it raises, as np.gradient does
    return gx, gy


@wrong("forward-difference", "image_gradients")
def image_gradients_forward(image):
    image = image.astype(np.float64)
    gx = np.diff(image, axis=1, append=image[:, -1:])
    gy = np.diff(image, axis=0, append=image[-1:, :])
    return gx, gy


@wrong("np-roll", "image_gradients")
def image_gradients_roll(image):
    image = image.astype(np.float64)
    gx = np.roll(image, -1, axis=1) - np.roll(image, 1, axis=1)
    gy = np.roll(image, -1, axis=0) - np.roll(image, 1, axis=0)
    return gx, gy


@wrong("zero-padding", "image_gradients")
def image_gradients_zero_padding(image):
    padded = np.pad(image.astype(np.float64), 1, mode="constant")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return gx, gy


@wrong("python-loop", "image_gradients")
def image_gradients_loop(image):
    height, width = image.shape
    gx = np.zeros((height, width))
    gy = np.zeros((height, width))
    for y in range(height):
        for x in range(width):
            # reflect-101: the neighbour beyond the border is the one inside
            left = x - 1 if x > 0 else min(1, width - 1)
            right = x + 1 if x < width - 1 else max(width - 2, 0)
            up = y - 1 if y > 0 else min(1, height - 1)
            down = y + 1 if y < height - 1 else max(height - 2, 0)
            gx[y, x] = float(image[y, right]) - float(image[y, left])
            gy[y, x] = float(image[down, x]) - float(image[up, x])
    return gx, gy



# --- edge_fraction (the investigation) ----------------------------------------
# Each computes the gradients itself, as a self-contained cell must (no call to another exercise).


@wrong("strict-threshold", "edge_fraction")
def edge_fraction_strict(image, threshold):
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return np.mean(np.sqrt(gx ** 2 + gy ** 2) > threshold)


@wrong("percent-not-fraction", "edge_fraction")
def edge_fraction_percent(image, threshold):
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return 100 * np.mean(np.sqrt(gx ** 2 + gy ** 2) >= threshold)


@wrong("count-not-fraction", "edge_fraction")
def edge_fraction_count(image, threshold):
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return np.count_nonzero(np.sqrt(gx ** 2 + gy ** 2) >= threshold)


@wrong("abs-sum", "edge_fraction")
def edge_fraction_abs_sum(image, threshold):
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return np.mean(np.abs(gx) + np.abs(gy) >= threshold)


@wrong("no-sqrt", "edge_fraction")
def edge_fraction_no_sqrt(image, threshold):
    padded = np.pad(image.astype(np.float64), 1, mode="reflect")
    gx = padded[1:-1, 2:] - padded[1:-1, :-2]
    gy = padded[2:, 1:-1] - padded[:-2, 1:-1]
    return np.mean(gx ** 2 + gy ** 2 >= threshold)


@wrong("uint8-wraparound", "edge_fraction")
def edge_fraction_uint8(image, threshold):
    padded = np.pad(image, 1, mode="reflect")
    gx = (padded[1:-1, 2:] - padded[1:-1, :-2]).astype(np.float64)
    gy = (padded[2:, 1:-1] - padded[:-2, 1:-1]).astype(np.float64)
    return np.mean(np.sqrt(gx ** 2 + gy ** 2) >= threshold)


@wrong("interior-only", "edge_fraction")
def edge_fraction_interior(image, threshold):
    image = image.astype(np.float64)
    gx = image[1:-1, 2:] - image[1:-1, :-2]
    gy = image[2:, 1:-1] - image[:-2, 1:-1]
    return np.mean(np.sqrt(gx ** 2 + gy ** 2) >= threshold)


@wrong("np-gradient", "edge_fraction")
def edge_fraction_np_gradient(image, threshold):
    gy, gx = np.gradient(image.astype(np.float64))  # on a 1-pixel-wide image it raises, as np.gradient does
    return np.mean(np.sqrt(gx ** 2 + gy ** 2) >= threshold)
