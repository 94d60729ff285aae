"""Drawing helpers shared by the plot functions."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes


def wrap(label: str | None, width: int = 30) -> str | None:
    """Break a long axis or legend title into lines of at most ``width`` characters (Chinese
    text, which has no spaces, is broken between characters)."""
    return None if label is None else "\n".join(textwrap.wrap(str(label), width)) or str(label)


def contrast_text(rgba: np.ndarray) -> np.ndarray:
    """Black or white for text on each RGBA colour (rows of ``rgba``), by Rec. 601 luma 0.5."""
    luma = rgba[:, :3] @ np.array([0.299, 0.587, 0.114])
    return np.where(luma > 0.5, "black", "white")


def scale(values: np.ndarray, lo: float, hi: float, domain: np.ndarray | None = None) -> np.ndarray:
    """Map ``values`` linearly onto [lo, hi], min(domain) → lo and max(domain) → hi
    (``domain`` defaults to ``values``; all ``hi`` when the domain is a single value)."""
    values = np.asarray(values, dtype=float)
    domain = values if domain is None else np.asarray(domain, dtype=float)
    vmin, vmax = float(np.min(domain)), float(np.max(domain))
    if vmax == vmin:
        return np.full(len(values), hi)
    return lo + (hi - lo) * (values - vmin) / (vmax - vmin)


def spread(xy: np.ndarray, radius: float) -> np.ndarray:
    """Move points that share a position onto a circle of ``radius`` around it, evenly spaced
    from the top (first point of the table on top); lone points stay where they are."""
    xy = np.asarray(xy, dtype=float)
    keys = pd.DataFrame(np.round(xy, 9), columns=["x", "y"])
    rank = keys.groupby(["x", "y"]).cumcount().to_numpy()
    size = keys.groupby(["x", "y"])["x"].transform("size").to_numpy()
    angle = np.pi / 2 + 2 * np.pi * rank / size
    offset = radius * np.c_[np.cos(angle), np.sin(angle)]
    return xy + np.where(size[:, None] > 1, offset, 0.0)


def mark_groups(ax: Axes, groups: pd.Series, axis: str, label: bool = True) -> None:
    """Separate consecutive runs of ``groups`` along ``axis`` (cell i spans [i, i + 1], as drawn
    by pcolormesh) with lines; if ``label``, name each run on the top ("x") or right ("y")."""
    codes = groups.to_numpy()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    for edge in starts[1:]:
        (ax.axvline if axis == "x" else ax.axhline)(edge, color="black", linewidth=0.8)
    if not label:
        return
    centres = (starts + ends) / 2
    if axis == "x":
        sec = ax.secondary_xaxis("top")
    else:
        sec = ax.secondary_yaxis("right")
    sec.set_ticks(centres, labels=codes[starts])
    sec.tick_params(length=0)
    sec.spines[:].set_visible(False)
