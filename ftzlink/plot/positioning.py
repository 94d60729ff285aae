"""Zone × industry positioning matrix: which industries each zone's plan assigns to it.

Industries are rows (long names read horizontally), zones columns grouped by province.
Industries follow the industries table's ``group`` column when it has one (then the table
order), so related industries sit together; each row ends with the number of zones listing
the industry (its ubiquity).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ftzlink.checks import check_ids, check_matrix
from ftzlink.errors import FtzlinkError
from ftzlink.plot._draw import mark_groups
from ftzlink.plot.labels import by_province, names
from ftzlink.plot.theme import CATEGORICAL, MM_PER_INCH, SMALL_SIZE, figsize, style

ROW_MM = 3.6  # height of one industry row
FRAME_MM = 32.0  # room for the zone labels and margins


def positioning_plot(
    matrix: pd.DataFrame,
    zones: pd.DataFrame,
    industries: pd.DataFrame,
    *,
    lang: str = "zh",
    drop_empty: bool = True,
    width: str | float = "single",
    font: str = "sans",
) -> Figure:
    """Draw a 0/1 zone × industry ``matrix`` (``positioning_matrix()``) as filled cells.

    ``zones`` and ``industries`` are the registry tables giving names (``lang`` picks zh or
    en) and provinces. ``drop_empty`` leaves out industries no zone lists. The height grows
    with the number of industries (``ROW_MM`` per row).

    Industries are the rows, in ``industries``' ``group`` order (then table order) when the
    table has a ``group`` column, else in matrix order; zones are the columns, grouped by
    province. Each row ends with the number of zones listing the industry (its ubiquity).

    Parameters
    ----------
    matrix : pandas.DataFrame
        Binary zone × industry matrix (zones as the index).
    zones : pandas.DataFrame
        Zones table indexed by zone id with ``name_<lang>`` and ``province_<lang>``.
    industries : pandas.DataFrame
        Industries table indexed by industry id with ``name_<lang>`` and optionally ``group``.
    lang : {"zh", "en"}, default "zh"
        Language of the names.
    drop_empty : bool, default True
        Leave out industries that no zone lists.
    width : {"single", "onehalf", "double"} or float, default "single"
        Figure width (journal column widths, or millimetres).
    font : {"sans", "serif"}, default "sans"
        CJK font kind of the figure style.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: industries as rows (y tick labels), zones as columns.

    Raises
    ------
    FtzlinkError
        When ``matrix`` is not a valid binary matrix (duplicate labels, non-numeric, missing or
        values other than 0 and 1); when no industry is listed and ``drop_empty`` is set; for
        an unknown ``lang``, a zone or industry missing from its table or an empty name; for a
        bad ``width`` or ``font``.

    Examples
    --------
    Chips is listed by no zone and dropped; automobiles by all three zones, biomedicine by one:

    >>> zones = pd.DataFrame({"name_en": ["Wuhan", "Xiangyang", "Changsha"],
    ...                       "province_en": ["Hubei", "Hubei", "Hunan"]}, index=["hb_wh", "hb_xy", "hn_cs"])
    >>> industries = pd.DataFrame({"name_en": ["Automobiles", "Biomedicine", "Chips"]},
    ...                           index=["auto", "bio", "chips"])
    >>> mat = pd.DataFrame([[1, 1, 0], [1, 0, 0], [1, 0, 0]], index=zones.index, columns=industries.index)
    >>> fig = positioning_plot(mat, zones, industries, lang="en")
    >>> [tick.get_text() for tick in fig.axes[0].get_yticklabels()]
    ['Automobiles', 'Biomedicine']
    >>> [count.get_text() for count in fig.axes[0].texts]
    ['3', '1']
    >>> plt.close(fig)
    """
    matrix = check_matrix(matrix, "positioning matrix", binary=True)
    if drop_empty:
        matrix = matrix.loc[:, matrix.sum(axis=0) > 0]
        if matrix.empty:
            raise FtzlinkError("positioning matrix: no industry is listed by any zone")
    groups = by_province(zones, matrix.index, lang)
    inds = matrix.columns
    if "group" in industries.columns:
        check_ids(inds, industries, "industries")
        group_rank = {g: i for i, g in enumerate(pd.unique(industries["group"]))}
        key = industries["group"].map(group_rank) * len(industries) + np.arange(len(industries))
        inds = key.loc[inds].sort_values(kind="stable").index
    grid = matrix.loc[groups.index, inds].T.to_numpy()
    ind_labels = names(industries, inds, lang, name="industries").to_numpy()
    zone_labels = names(zones, groups.index, lang, name="zones").to_numpy()
    n_ind, n_zone = grid.shape
    fig_width = figsize(width)[0]
    with style(font):
        fig, ax = plt.subplots(figsize=(fig_width, (n_ind * ROW_MM + FRAME_MM) / MM_PER_INCH))
        ax.pcolormesh(grid, cmap=ListedColormap(["white", CATEGORICAL[0]]), vmin=0, vmax=1,
                      edgecolors="#DDDDDD", linewidth=0.3)
        ax.set_xlim(0, n_zone)
        ax.set_ylim(n_ind, 0)
        ax.set_xticks(np.arange(n_zone) + 0.5, labels=zone_labels, rotation=90)
        ax.set_yticks(np.arange(n_ind) + 0.5, labels=ind_labels)
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        mark_groups(ax, groups, "x")
        counts = grid.sum(axis=1).astype(int)
        for row, count in enumerate(counts):  # one label per industry row
            ax.text(n_zone + 0.3, row + 0.5, str(count), va="center", fontsize=SMALL_SIZE)
        fig.draw_without_rendering()
    return fig
