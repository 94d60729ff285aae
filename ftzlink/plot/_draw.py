"""Drawing helpers shared by the plot functions."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

HEADER_GAP_PT = 4.0  # least horizontal room between two headers of one band (points)
#: Spots tried for a point's label, as (x, y) offset in points, horizontal and vertical
#: alignment, in order of preference for a label east of its point (mirrored for one to the west).
LABEL_SPOTS = ((4, 0, "left", "center"), (3, 3, "left", "bottom"), (3, -3, "left", "top"),
               (0, 5, "center", "bottom"), (0, -5, "center", "top"),
               (-4, 0, "right", "center"), (-3, 3, "right", "bottom"), (-3, -3, "right", "top"))
LABEL_PAD_PT = 1.5  # room kept around a label and a point marker (points)


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


def runs(codes) -> list[tuple[int, int, object]]:
    """(start, end, code) of each run of equal consecutive ``codes`` (end exclusive); codes may be
    any comparable values (strings, tuples).

    >>> runs(["a", "a", "b", "a"])
    [(0, 2, 'a'), (2, 3, 'b'), (3, 4, 'a')]
    """
    codes = list(codes)
    starts = [i for i in range(len(codes)) if i == 0 or codes[i] != codes[i - 1]]
    return [(a, b, codes[a]) for a, b in zip(starts, [*starts[1:], len(codes)])]


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


def _points(fig, pixels: float) -> float:
    return pixels * 72.0 / fig.dpi


def lay_out(fig: Figure) -> None:
    """Place the axes of ``fig`` where its next draw will put them, without drawing anything.

    Runs the figure's layout engine (constrained layout), which measures text with the figure's
    own renderer, then shrinks axes of fixed aspect to it, as a draw does first (axes placed by a
    locator, such as colour bars and insets, are placed anew whenever they are measured or
    drawn). Extents measured afterwards (``get_window_extent``) are those of a draw: the plot
    functions call this instead of ``fig.draw_without_rendering()``, which also walks every
    artist of the figure. Called inside :func:`ftzlink.plot.theme.style`, it also makes the ticks
    that matplotlib creates lazily in the style's sizes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to lay out (in place).
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    for ax in fig.axes:
        if ax.get_axes_locator() is None:
            ax.apply_aspect()


def column_labels(ax: Axes, labels, *, top: bool = True) -> float:
    """Name the columns of ``ax`` (cell i spans [i, i + 1]) with ``labels``, on top or below.

    The labels are horizontal when the widest fits its column, else at 45°, never steeper. The
    figure is laid out (:func:`lay_out`) to measure the column width, so call this once the axes
    and every other label are in place. Returns the rotation chosen (0 or 45).
    """
    n = len(labels)
    ax.set_xticks(np.arange(n) + 0.5, labels=list(labels))
    if top:
        ax.xaxis.tick_top()
    lay_out(ax.figure)
    column = ax.get_window_extent().width / max(n, 1)
    widest = max((t.get_window_extent().width for t in ax.get_xticklabels()), default=0.0)
    if widest <= 0.92 * column:
        return 0.0
    ax.set_xticks(np.arange(n) + 0.5, labels=list(labels), rotation=45, rotation_mode="anchor",
                  ha="left" if top else "right", va="bottom" if top else "top")
    return 45.0


def label_height(ax: Axes, top: bool = True) -> float:
    """How far (points) the x tick labels of ``ax`` reach above its top edge (``top``) or below its
    bottom edge; 0 without labels."""
    box = ax.get_window_extent()
    labels = [t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()]
    if not labels:
        return 0.0
    reach = max(b.y1 for b in labels) - box.y1 if top else box.y0 - min(b.y0 for b in labels)
    return max(_points(ax.figure, reach), 0.0)


def column_headers(ax: Axes, bands: list[tuple], base_pt: float = 2.0) -> float:
    """Group headers above the columns of ``ax``: one band per ``(gid, keys, labels, fontsize)``
    or ``(gid, keys, labels, fontsize, abbreviations)``, bottom up.

    ``keys`` holds one group key per column and ``labels`` its label; each run of equal keys (so
    two neighbouring groups with the same label stay apart) gets a rule spanning its columns (a
    little short of both ends, so neighbouring groups stay apart) with its label centred above.
    When a label is wider than its rule, every label of the band is replaced by its
    abbreviation (when the band has them, so the band stays consistent); a label still wider
    that would touch a neighbour of the same band is moved up a level (greedy, left to right),
    so headers never collide, whatever the language or the number of columns. Empty labels get
    no header. Texts carry ``gid`` (e.g. ``"province"``).

    The bands start ``base_pt`` points above the axes' top edge. The figure is laid out
    (:func:`lay_out`) to measure, before and after the headers are placed; call this after
    :func:`column_labels`. Returns the height (points above the top edge) that the highest
    header reaches.
    """
    fig = ax.figure
    for _ in range(3):  # placing headers may shrink the axes (constrained layout): check, re-place
        artists, top = _place_headers(ax, bands, base_pt)
        lay_out(fig)
        if not _headers_collide(artists):
            return top
        for artist in artists:
            artist.remove()
    artists, top = _place_headers(ax, bands, base_pt, spare=2.0)
    lay_out(fig)
    return top


def _place_headers(ax: Axes, bands, base_pt: float, spare: float = 1.0) -> tuple[list, float]:
    fig = ax.figure
    lay_out(fig)
    lo, hi = ax.get_xlim()
    column = _points(fig, ax.get_window_extent().width) / (hi - lo)  # points per data unit
    trim = min(0.25, HEADER_GAP_PT / 2 / column)  # rules stop short of the run's ends (data units)
    base, artists = base_pt, []
    for gid, keys, labels, size, *more in bands:
        short = more[0] if more else labels
        step = size * 1.5 + 3.0  # rule, gap, text (CJK line height ≈ 1.45 em)
        levels: list[list[tuple[float, float]]] = []
        spans = [(start, end) for start, end, _ in runs(keys) if str(labels[start])]
        texts = [ax.text((a + b) / 2, 1.0, str(labels[a]), fontsize=size, ha="center", va="bottom", gid=gid)
                 for a, b in spans]
        widths = [_points(fig, t.get_window_extent().width) * spare for t in texts]
        if any(w > (b - a - 2 * trim) * column for w, (a, b) in zip(widths, spans)):  # abbreviate the band
            for t, (a, _) in zip(texts, spans):
                t.set_text(str(short[a]))
            widths = [_points(fig, t.get_window_extent().width) * spare for t in texts]
        placed = []
        for label, width, (start, end) in zip(texts, widths, spans):
            centre = (start + end) / 2
            left = min((start - lo + trim) * column, (centre - lo) * column - width / 2)
            right = max((end - lo - trim) * column, (centre - lo) * column + width / 2)
            level = next((i for i, used in enumerate(levels)
                          if all(right + HEADER_GAP_PT <= a + 0.01 or left + 0.01 >= b + HEADER_GAP_PT
                                 for a, b in used)),
                         len(levels))
            if level == len(levels):
                levels.append([])
            levels[level].append((left, right))
            placed.append((label, start, end, level))
        for label, start, end, level in placed:
            y = base + level * step
            rule = Line2D([start + trim, end - trim], [1.0, 1.0], color="black", linewidth=0.6, clip_on=False,
                          transform=transforms.offset_copy(ax.get_xaxis_transform(), fig=fig, y=y,
                                                           units="points"))
            ax.add_line(rule)
            label.set_transform(transforms.offset_copy(ax.get_xaxis_transform(), fig=fig, y=y + 1.5,
                                                       units="points"))
            artists += [rule, label]
        base += len(levels) * step
    return artists, base


def _headers_collide(artists) -> bool:
    boxes = [a.get_window_extent() for a in artists if hasattr(a, "get_text")]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def _overlap(box, others) -> float:
    """Summed area (display units²) by which ``box`` overlaps the boxes ``others``."""
    if not len(others):
        return 0.0
    w = np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0])
    h = np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def place_point_labels(ax: Axes, labels, east, marker_pt: float, avoid=()) -> None:
    """Put each label of a point where it hides no other label, point marker or ``avoid`` artist.

    Each annotation of ``labels`` (text offset from its point in points, ``textcoords="offset
    points"``) takes the first of :data:`LABEL_SPOTS` (mirrored where ``east`` is false) that
    keeps it inside the axes and overlaps none of the labels placed before it, the markers
    (``marker_pt`` across, centred on the annotated points) and the extents of ``avoid``
    (legends, inset axes); where no spot is free, the one with the least overlapped area. A
    greedy placement in the order of ``labels``, on the laid-out figure (:func:`lay_out`): the
    labels are taken out of the layout, which then stays as measured.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes holding the annotations.
    labels : sequence of matplotlib.text.Annotation
        The point labels, in order of priority.
    east : sequence of bool
        Whether each label prefers the east side of its point.
    marker_pt : float
        Width of the point markers (points).
    avoid : sequence of artists
        Other artists the labels must not cover.

    Examples
    --------
    Two points 8 pt apart: the east spot of A's label would cover B, so it goes above A.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 2), dpi=72)
    >>> _ = ax.set_xlim(-1, 1), ax.set_ylim(-1, 1)
    >>> labels = [ax.annotate(n, (x, 0), xytext=(4, 0), textcoords="offset points")
    ...           for n, x in [("A", 0), ("B", 0.1)]]
    >>> place_point_labels(ax, labels, [True, True], marker_pt=6)
    >>> [lab.xyann for lab in labels]
    [(0, 5), (4, 0)]
    >>> plt.close(fig)
    """
    fig = ax.figure
    for label in labels:
        label.set_in_layout(False)
    lay_out(fig)
    points_px = fig.dpi / 72
    frame = ax.get_window_extent()
    pad = LABEL_PAD_PT * points_px
    taken = [np.array(a.get_window_extent().extents) for a in avoid]
    centres = ax.transData.transform(np.array([label.xy for label in labels], dtype=float).reshape(-1, 2))
    half = marker_pt / 2 * points_px
    markers = np.c_[centres - half, centres + half] if len(labels) else np.empty((0, 4))
    for i, (label, prefer_east) in enumerate(zip(labels, east)):
        others = np.array([*taken, *np.delete(markers, i, axis=0)]).reshape(-1, 4)
        best = None
        for dx, dy, ha, va in LABEL_SPOTS:
            if not prefer_east:
                dx, ha = -dx, {"left": "right", "right": "left"}.get(ha, ha)
            label.xyann = (dx, dy)
            label.set_horizontalalignment(ha)
            label.set_verticalalignment(va)
            box = np.array(label.get_window_extent().extents) + [-pad, -pad, pad, pad]
            inside = box[0] >= frame.x0 and box[1] >= frame.y0 and box[2] <= frame.x1 and box[3] <= frame.y1
            cost = _overlap(box, others) + (0.0 if inside else np.inf)
            if best is None or cost < best[0]:
                best = (cost, (dx, dy), ha, va, box)
            if cost == 0:
                break
        _, offset, ha, va, box = best
        label.xyann = offset
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        taken.append(box)

