"""Zone × industry positioning matrix: which industries each zone's plan assigns to it.

Laid out for 15+ zones × 50+ industries at two-column width (190 mm) in either language:
industries are rows (long names read horizontally), grouped under a shaded header row per
industry group when the industries table has a ``group`` column (named in the figure's
language, :func:`ftzlink.plot.labels.industry_groups`); zones are columns, grouped by province
and, when the zones table has a ``kind``, by kind (pilot areas, linkage zones …) within it, so
the column labels can be short (the city: "武汉", "Ningbo"; :func:`ftzlink.plot.labels.short_names`)
— horizontal when they fit, else at 45°. Province and kind headers are rules spanning their
columns with the name above; when a name is wider than its columns the band is abbreviated
("湖北省" → "湖北", "Pilot areas" → "Pilot") and a name still too wide moves up a level instead
of running into its neighbour. Each row ends with the number of zones listing the industry
(its ubiquity).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ftzlink.checks import check_flag, check_ids, check_matrix
from ftzlink.errors import FtzlinkError
from ftzlink.plot._draw import column_headers, column_labels, label_height, mark_groups, runs
from ftzlink.plot.labels import (
    KIND_SUFFIXES,
    abbreviate_province,
    by_province,
    industry_groups,
    names,
    province_rank,
    short_names,
    text,
)
from ftzlink.plot.theme import CATEGORICAL, FONT_SIZE, MM_PER_INCH, SMALL_SIZE, TICK_SIZE, figsize, style

ROW_MM = 3.2  # height of one industry row (and of one group header row)
FRAME_MM = 30.0  # room for the column labels, the kind and province headers and margins
HEADER_FILL = "#EFEFEF"


def zone_order(zones: pd.DataFrame, ids, lang: str) -> pd.Index:
    """Zone ids by province (table order), then by kind (pilot areas, linkage zones, coordination
    areas, others) when ``zones`` has a ``kind`` column, then in table order.

    >>> z = pd.DataFrame({"province_en": ["Zhejiang", "Zhejiang", "Zhejiang"],
    ...                   "kind": ["linkage_zone", "pilot_area", "linkage_zone"]}, index=["a", "b", "c"])
    >>> zone_order(z, ["a", "b", "c"], "en").tolist()
    ['b', 'a', 'c']
    """
    provinces = by_province(zones, ids, lang)
    if "kind" not in zones.columns:
        return provinces.index
    kinds = zones.loc[provinces.index, "kind"].astype(str)
    known = {k: i for i, k in enumerate(KIND_SUFFIXES)}
    others = {k: len(known) + i for i, k in enumerate(pd.unique(kinds[~kinds.isin(known)]))}
    rank = province_rank(zones, lang)
    key = pd.DataFrame({"province": provinces.map(rank).to_numpy(),
                        "kind": kinds.map({**known, **others}).to_numpy(),
                        "row": zones.index.get_indexer(provinces.index)}, index=provinces.index)
    return key.sort_values(["province", "kind", "row"], kind="stable").index


def zone_bands(ax, zones: pd.DataFrame, order: pd.Index, lang: str) -> list[tuple[str, list, list, float]]:
    """Separate the zone columns of ``ax`` (in ``order``, see :func:`zone_order`) by province (solid
    lines) and kind (dashed) and return the header bands for
    :func:`ftzlink.plot._draw.column_headers`: kinds (when ``zones`` has a ``kind`` column), then
    provinces."""
    provinces = by_province(zones, order, lang).loc[order]
    mark_groups(ax, provinces, "x", label=False)
    bands = []
    if "kind" in zones.columns:  # a kind header per (province, kind) run
        kinds = zones.loc[order, "kind"].astype(str).to_numpy()
        keys = list(zip(provinces.to_numpy(), kinds))
        province_edges = {a for a, _, _ in runs(provinces.to_numpy())}
        for edge, _, _ in runs(keys)[1:]:
            if edge not in province_edges:
                ax.axvline(edge, color="black", linewidth=0.5, linestyle=(0, (2, 2)))
        labels = [text(f"{k}_plural", lang) if k in KIND_SUFFIXES else k for k in kinds]
        short = [text(f"{k}_short", lang) if k in KIND_SUFFIXES else k for k in kinds]
        bands.append(("kind", keys, labels, TICK_SIZE, short))
    names_ = list(provinces.to_numpy())
    bands.append(("province", names_, names_, FONT_SIZE, [abbreviate_province(p, lang) for p in names_]))
    return bands


def positioning_plot(
    matrix: pd.DataFrame,
    zones: pd.DataFrame,
    industries: pd.DataFrame,
    *,
    lang: str = "zh",
    drop_empty: bool = True,
    width: str | float = "double",
    font: str = "sans",
) -> Figure:
    """Draw a 0/1 zone × industry ``matrix`` (``positioning_matrix()``) as filled cells.

    ``zones`` and ``industries`` are the registry tables giving names (``lang`` picks zh or
    en) and provinces. ``drop_empty`` leaves out industries no zone lists. The height grows
    with the number of industries (``ROW_MM`` per row); the width is a journal's two columns by
    default, room for 15+ zones and 50+ industries in either language.

    Industries are the rows (y tick labels), in ``industries``' ``group`` order (then table
    order) when the table has a ``group`` column, each group under a shaded header row naming
    it in ``lang``; else in matrix order. Zones are the columns, ordered and headed by province
    and, when ``zones`` has a ``kind`` column, by kind within the province (:func:`zone_order`);
    the column labels (on top) are then the short names (:func:`ftzlink.plot.labels.short_names`),
    horizontal when the widest fits its column, else at 45°. Header rules span their columns; a
    header wider than its columns is abbreviated ("湖北省" → "湖北", "Pilot areas" → "Pilot")
    or else moved up a level, so province headers never overlap.
    Each row ends with the number of zones listing the industry (its ubiquity), under the
    header "Zones" / "片区数".

    Parameters
    ----------
    matrix : pandas.DataFrame
        Binary zone × industry matrix (zones as the index).
    zones : pandas.DataFrame
        Zones table indexed by zone id with ``name_<lang>`` (or ``name``), optionally
        ``province_<lang>`` (or another grouping column), ``kind`` and ``short_name_<lang>``.
    industries : pandas.DataFrame
        Industries table indexed by industry id with ``name_<lang>`` and optionally ``group``
        (ids named through ``INDUSTRY_GROUPS``) or ``group_<lang>``.
    lang : {"zh", "en"}, default "zh"
        Language of every label.
    drop_empty : bool, default True
        Leave out industries that no zone lists.
    width : {"single", "onehalf", "double"} or float, default "double"
        Figure width (journal column widths, or millimetres).
    font : {"sans", "serif"}, default "sans"
        CJK font kind of the figure style.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: industries as rows (y tick labels), zones as columns (x tick labels on top).
        Header texts carry a ``gid``: ``"province"``, ``"kind"``, ``"industry-group"``, and the
        ubiquity counts ``"n-zones"``.

    Raises
    ------
    FtzlinkError
        When ``matrix`` is not a valid binary matrix (duplicate labels, non-numeric, missing or
        values other than 0 and 1); when no industry is listed and ``drop_empty`` is set; when
        ``drop_empty`` is not a bool; for an unknown ``lang``, a zone or industry missing from
        its table or an empty name; for a bad ``width`` or ``font``.

    Examples
    --------
    Chips is listed by no zone and dropped; automobiles by all three zones, biomedicine by one:

    >>> zones = pd.DataFrame({"name_en": ["Wuhan", "Xiangyang", "Changsha"],
    ...                       "province_en": ["Hubei", "Hubei", "Hunan"]}, index=["hb_wh", "hb_xy", "hn_cs"])
    >>> industries = pd.DataFrame({"name_en": ["Automobiles", "Biomedicine", "Chips"]},
    ...                           index=["auto", "bio", "chips"])
    >>> mat = pd.DataFrame([[1, 1, 0], [1, 0, 0], [1, 0, 0]], index=zones.index, columns=industries.index)
    >>> fig = positioning_plot(mat, zones, industries, lang="en")
    >>> ax = fig.axes[0]
    >>> [tick.get_text() for tick in ax.get_yticklabels()]
    ['Automobiles', 'Biomedicine']
    >>> [t.get_text() for t in ax.get_xticklabels()], [t.get_rotation() for t in ax.get_xticklabels()]
    (['Wuhan', 'Xiangyang', 'Changsha'], [0.0, 0.0, 0.0])
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "n-zones"]
    ['3', '1']
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "province"]
    ['Hubei', 'Hunan']
    >>> plt.close(fig)
    """
    matrix = check_matrix(matrix, "positioning matrix", binary=True)
    if check_flag(drop_empty, "drop_empty"):
        matrix = matrix.loc[:, matrix.sum(axis=0) > 0]
        if matrix.empty:
            raise FtzlinkError("positioning matrix: no industry is listed by any zone")
    order = zone_order(zones, matrix.index, lang)
    inds = matrix.columns
    grouped = "group" in industries.columns or f"group_{lang}" in industries.columns
    if grouped:
        check_ids(inds, industries, "industries")
        group_ids = industries["group"] if "group" in industries.columns else industries[f"group_{lang}"]
        group_rank = {g: i for i, g in enumerate(pd.unique(group_ids))}
        key = group_ids.map(group_rank) * len(industries) + np.arange(len(industries))
        inds = key.loc[inds].sort_values(kind="stable").index
    values = matrix.loc[order, inds].T.to_numpy(dtype=float)
    ind_labels = names(industries, inds, lang, name="industries").to_numpy()
    zone_labels = short_names(zones, order, lang).to_numpy()
    # rows: industries, each group preceded by a header row (blank cells)
    group_runs = runs(industry_groups(industries, inds, lang).to_numpy()) if grouped else [(0, len(inds), "")]
    rows, headers = [], []
    for start, end, label in group_runs:
        if grouped:
            headers.append((len(rows), label))
            rows.append(None)
        rows.extend(range(start, end))
    grid = np.full((len(rows), len(order)), np.nan)
    industry_rows = np.array([i for i, r in enumerate(rows) if r is not None])
    grid[industry_rows] = values
    n_rows, n_zone = grid.shape
    with style(font):
        fig, ax = plt.subplots(figsize=(figsize(width)[0], (n_rows * ROW_MM + FRAME_MM) / MM_PER_INCH))
        for row, _ in headers:
            ax.axhspan(row, row + 1, color=HEADER_FILL, linewidth=0, zorder=0)
        ax.pcolormesh(np.ma.masked_invalid(grid), cmap=ListedColormap(["white", CATEGORICAL[0]]), vmin=0, vmax=1,
                      edgecolors="#DDDDDD", linewidth=0.3)
        ax.set_xlim(0, n_zone)
        ax.set_ylim(n_rows, 0)
        ax.set_yticks(industry_rows + 0.5, labels=ind_labels)
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        for row, label in headers:  # one header per industry group
            ax.text(0.15, row + 0.55, label, ha="left", va="center", fontsize=TICK_SIZE, gid="industry-group",
                    bbox={"facecolor": HEADER_FILL, "edgecolor": "none", "pad": 0.6})
        counts = np.nansum(grid, axis=1).astype(int)
        for row in industry_rows:  # one count per industry row
            ax.text(n_zone + 0.3, row + 0.5, str(counts[row]), va="center", fontsize=SMALL_SIZE, gid="n-zones")
        bands = zone_bands(ax, zones, order, lang)
        rotation = column_labels(ax, zone_labels, top=True)
        ax.text(n_zone + 0.3, 1.0, text("n_zones", lang), fontsize=SMALL_SIZE, ha="left", va="bottom",
                rotation=rotation, rotation_mode="anchor", gid="n-zones-header",
                transform=transforms.offset_copy(ax.get_xaxis_transform(), fig=fig, y=3.5, units="points"))
        column_headers(ax, bands, base_pt=label_height(ax, top=True) + 3.0)  # lays the figure out
    return fig

