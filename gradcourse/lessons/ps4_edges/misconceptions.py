"""Typical wrong answers to ps4 (the Canny detector), each written the way a student would write it.

A check that finds a wrong result runs these on the same input; when one
alone gives the student's result, the check names that misconception.  The
end-to-end tests and the sample class put the same functions into notebooks
(:attr:`gradcourse.misconceptions.WrongAnswer.source`), so each one is a
whole cell: it uses only ``np`` and ``cv2`` and calls no other exercise.
"""

import cv2
import numpy as np

from ...misconceptions import wrong

# --- direction_bins -----------------------------------------------------------


@wrong("truncated-bins", "direction_bins")
def direction_bins_truncated(theta):
    theta = np.asarray(theta, dtype=np.float64)
    return (theta // 45 * 45).astype(np.uint8)  # 40° lands in 0, not in the nearest bin 45


@wrong("bins-180", "direction_bins")
def direction_bins_180(theta):
    theta = np.asarray(theta, dtype=np.float64)
    bins = np.zeros(theta.shape, dtype=np.uint8)
    bins[(theta >= 22.5) & (theta < 67.5)] = 45
    bins[(theta >= 67.5) & (theta < 112.5)] = 90
    bins[(theta >= 112.5) & (theta < 157.5)] = 135
    bins[theta >= 157.5] = 180
    return bins


@wrong("bins-rounding", "direction_bins")
def direction_bins_rounded(theta):
    theta = np.asarray(theta, dtype=np.float64)
    return (np.round(theta / 45) * 45 % 180).astype(np.uint8)  # np.round: 22.5 -> 0, 112.5 -> 90


# --- non_max_suppression ------------------------------------------------------


@wrong("y-up-diagonals", "non_max_suppression")
def non_max_suppression_y_up(mag, theta):
    mag = np.asarray(mag, dtype=np.float64)
    theta = np.asarray(theta, dtype=np.float64)
    out = np.zeros_like(mag)
    if mag.shape[0] < 3 or mag.shape[1] < 3:
        return out
    bins = np.zeros(theta.shape, dtype=np.uint8)
    bins[(theta >= 22.5) & (theta < 67.5)] = 45
    bins[(theta >= 67.5) & (theta < 112.5)] = 90
    bins[(theta >= 112.5) & (theta < 157.5)] = 135
    c, b = mag[1:-1, 1:-1], bins[1:-1, 1:-1]
    # 45° points up and to the right, as on paper
    keep = (((b == 0) & (c >= mag[1:-1, :-2]) & (c >= mag[1:-1, 2:]))
            | ((b == 45) & (c >= mag[:-2, 2:]) & (c >= mag[2:, :-2]))
            | ((b == 90) & (c >= mag[:-2, 1:-1]) & (c >= mag[2:, 1:-1]))
            | ((b == 135) & (c >= mag[:-2, :-2]) & (c >= mag[2:, 2:])))
    out[1:-1, 1:-1] = np.where(keep, c, 0)
    return out


@wrong("strict-comparison", "non_max_suppression")
def non_max_suppression_strict(mag, theta):
    mag = np.asarray(mag, dtype=np.float64)
    theta = np.asarray(theta, dtype=np.float64)
    out = np.zeros_like(mag)
    if mag.shape[0] < 3 or mag.shape[1] < 3:
        return out
    bins = np.zeros(theta.shape, dtype=np.uint8)
    bins[(theta >= 22.5) & (theta < 67.5)] = 45
    bins[(theta >= 67.5) & (theta < 112.5)] = 90
    bins[(theta >= 112.5) & (theta < 157.5)] = 135
    c, b = mag[1:-1, 1:-1], bins[1:-1, 1:-1]
    keep = (((b == 0) & (c > mag[1:-1, :-2]) & (c > mag[1:-1, 2:]))
            | ((b == 45) & (c > mag[2:, 2:]) & (c > mag[:-2, :-2]))
            | ((b == 90) & (c > mag[:-2, 1:-1]) & (c > mag[2:, 1:-1]))
            | ((b == 135) & (c > mag[2:, :-2]) & (c > mag[:-2, 2:])))
    out[1:-1, 1:-1] = np.where(keep, c, 0)
    return out


@wrong("border-kept", "non_max_suppression")
def non_max_suppression_border_kept(mag, theta):
    mag = np.asarray(mag, dtype=np.float64)
    theta = np.asarray(theta, dtype=np.float64)
    bins = np.zeros(theta.shape, dtype=np.uint8)
    bins[(theta >= 22.5) & (theta < 67.5)] = 45
    bins[(theta >= 67.5) & (theta < 112.5)] = 90
    bins[(theta >= 112.5) & (theta < 157.5)] = 135
    p = np.pad(mag, 1, mode="reflect")  # as in ps1: every pixel gets its neighbours
    h, w = mag.shape
    keep = (((bins == 0) & (mag >= p[1:h + 1, 0:w]) & (mag >= p[1:h + 1, 2:w + 2]))
            | ((bins == 45) & (mag >= p[2:h + 2, 2:w + 2]) & (mag >= p[0:h, 0:w]))
            | ((bins == 90) & (mag >= p[0:h, 1:w + 1]) & (mag >= p[2:h + 2, 1:w + 1]))
            | ((bins == 135) & (mag >= p[2:h + 2, 0:w]) & (mag >= p[0:h, 2:w + 2])))
    return np.where(keep, mag, 0.0)


@wrong("nms-xy-swapped", "non_max_suppression")
def non_max_suppression_xy_swapped(mag, theta):
    mag = np.asarray(mag, dtype=np.float64)
    theta = np.asarray(theta, dtype=np.float64)
    out = np.zeros_like(mag)
    if mag.shape[0] < 3 or mag.shape[1] < 3:
        return out
    bins = np.zeros(theta.shape, dtype=np.uint8)
    bins[(theta >= 22.5) & (theta < 67.5)] = 45
    bins[(theta >= 67.5) & (theta < 112.5)] = 90
    bins[(theta >= 112.5) & (theta < 157.5)] = 135
    c, b = mag[1:-1, 1:-1], bins[1:-1, 1:-1]
    # an edge at 0° is a vertical line, so (wrongly) compare along the line
    keep = (((b == 0) & (c >= mag[:-2, 1:-1]) & (c >= mag[2:, 1:-1]))
            | ((b == 45) & (c >= mag[2:, 2:]) & (c >= mag[:-2, :-2]))
            | ((b == 90) & (c >= mag[1:-1, :-2]) & (c >= mag[1:-1, 2:]))
            | ((b == 135) & (c >= mag[2:, :-2]) & (c >= mag[:-2, 2:])))
    out[1:-1, 1:-1] = np.where(keep, c, 0)
    return out


# --- double_threshold ---------------------------------------------------------


@wrong("exclusive-thresholds", "double_threshold")
def double_threshold_exclusive(nms, low, high):
    strong = nms > high
    weak = (nms > low) & ~strong
    return strong, weak


@wrong("weak-includes-strong", "double_threshold")
def double_threshold_overlapping(nms, low, high):
    strong = nms >= high
    weak = nms >= low
    return strong, weak


# --- hysteresis ---------------------------------------------------------------


@wrong("4-connectivity", "hysteresis")
def hysteresis_4_connected(strong, weak):
    candidates = (strong | weak).astype(np.uint8)
    _, labels = cv2.connectedComponents(candidates, connectivity=4)
    keep = np.isin(labels, labels[strong]) & (candidates > 0)
    return keep.astype(np.uint8) * 255


@wrong("one-step-hysteresis", "hysteresis")
def hysteresis_one_step(strong, weak):
    near_strong = cv2.dilate(strong.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    keep = strong | (weak & near_strong)
    return keep.astype(np.uint8) * 255


@wrong("weak-dropped", "hysteresis")
def hysteresis_strong_only(strong, weak):
    return strong.astype(np.uint8) * 255


@wrong("mask-0-1", "hysteresis")
def hysteresis_zero_one(strong, weak):
    candidates = (strong | weak).astype(np.uint8)
    _, labels = cv2.connectedComponents(candidates, connectivity=8)
    keep = np.isin(labels, labels[strong]) & (candidates > 0)
    return keep.astype(np.uint8)


# --- canny --------------------------------------------------------------------


@wrong("abs-sum", "canny")
def canny_abs_sum(gray, low, high):
    gx = cv2.Sobel(gray, cv2.CV_64F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_64F, 0, 1, ksize=3)
    mag = np.abs(gx) + np.abs(gy)  # faster than a square root
    theta = np.degrees(np.arctan2(gy, gx)) % 180
    bins = np.zeros(theta.shape, dtype=np.uint8)
    bins[(theta >= 22.5) & (theta < 67.5)] = 45
    bins[(theta >= 67.5) & (theta < 112.5)] = 90
    bins[(theta >= 112.5) & (theta < 157.5)] = 135
    nms = np.zeros_like(mag)
    c, b = mag[1:-1, 1:-1], bins[1:-1, 1:-1]
    keep = (((b == 0) & (c >= mag[1:-1, :-2]) & (c >= mag[1:-1, 2:]))
            | ((b == 45) & (c >= mag[2:, 2:]) & (c >= mag[:-2, :-2]))
            | ((b == 90) & (c >= mag[:-2, 1:-1]) & (c >= mag[2:, 1:-1]))
            | ((b == 135) & (c >= mag[2:, :-2]) & (c >= mag[:-2, 2:])))
    nms[1:-1, 1:-1] = np.where(keep, c, 0)
    strong = nms >= high
    weak = (nms >= low) & ~strong
    _, labels = cv2.connectedComponents((strong | weak).astype(np.uint8), connectivity=8)
    edges = np.isin(labels, labels[strong]) & (strong | weak)
    return edges.astype(np.uint8) * 255


@wrong("no-fold", "canny")
def canny_not_folded(gray, low, high):
    gx = cv2.Sobel(gray, cv2.CV_64F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_64F, 0, 1, ksize=3)
    mag = np.sqrt(gx ** 2 + gy ** 2)
    theta = np.degrees(np.arctan2(gy, gx))  # -180..180: negative angles all fall into bin 0
    bins = np.zeros(theta.shape, dtype=np.uint8)
    bins[(theta >= 22.5) & (theta < 67.5)] = 45
    bins[(theta >= 67.5) & (theta < 112.5)] = 90
    bins[(theta >= 112.5) & (theta < 157.5)] = 135
    nms = np.zeros_like(mag)
    c, b = mag[1:-1, 1:-1], bins[1:-1, 1:-1]
    keep = (((b == 0) & (c >= mag[1:-1, :-2]) & (c >= mag[1:-1, 2:]))
            | ((b == 45) & (c >= mag[2:, 2:]) & (c >= mag[:-2, :-2]))
            | ((b == 90) & (c >= mag[:-2, 1:-1]) & (c >= mag[2:, 1:-1]))
            | ((b == 135) & (c >= mag[2:, :-2]) & (c >= mag[:-2, 2:])))
    nms[1:-1, 1:-1] = np.where(keep, c, 0)
    strong = nms >= high
    weak = (nms >= low) & ~strong
    _, labels = cv2.connectedComponents((strong | weak).astype(np.uint8), connectivity=8)
    edges = np.isin(labels, labels[strong]) & (strong | weak)
    return edges.astype(np.uint8) * 255


@wrong("not-by-hand", "canny")
def canny_opencv(gray, low, high):
    return cv2.Canny(gray, low, high, L2gradient=True)


@wrong("ddepth-clipping", "canny")
def canny_uint8_sobel(gray, low, high):
    gx = cv2.Sobel(gray, -1, 1, 0, ksize=3).astype(np.float64)  # -1: same depth as gray, uint8
    gy = cv2.Sobel(gray, -1, 0, 1, ksize=3).astype(np.float64)
    mag = np.sqrt(gx ** 2 + gy ** 2)
    theta = np.degrees(np.arctan2(gy, gx)) % 180
    bins = np.zeros(theta.shape, dtype=np.uint8)
    bins[(theta >= 22.5) & (theta < 67.5)] = 45
    bins[(theta >= 67.5) & (theta < 112.5)] = 90
    bins[(theta >= 112.5) & (theta < 157.5)] = 135
    nms = np.zeros_like(mag)
    c, b = mag[1:-1, 1:-1], bins[1:-1, 1:-1]
    keep = (((b == 0) & (c >= mag[1:-1, :-2]) & (c >= mag[1:-1, 2:]))
            | ((b == 45) & (c >= mag[2:, 2:]) & (c >= mag[:-2, :-2]))
            | ((b == 90) & (c >= mag[:-2, 1:-1]) & (c >= mag[2:, 1:-1]))
            | ((b == 135) & (c >= mag[2:, :-2]) & (c >= mag[:-2, 2:])))
    nms[1:-1, 1:-1] = np.where(keep, c, 0)
    strong = nms >= high
    weak = (nms >= low) & ~strong
    _, labels = cv2.connectedComponents((strong | weak).astype(np.uint8), connectivity=8)
    edges = np.isin(labels, labels[strong]) & (strong | weak)
    return edges.astype(np.uint8) * 255
