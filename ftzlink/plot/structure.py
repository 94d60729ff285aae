"""Plans against structure: what zones target beside what their provinces are strong in.

One row per industry (division names read horizontally). The left block colours each
province's location quotient on a log scale centred on LQ = 1 (blue below, red above, the
value printed in the cell); the right block marks the industries each zone's plan targets,
zones grouped by province and kind under non-overlapping headers, with short zone names on
top (horizontal when they fit, else at 45°), as in :func:`ftzlink.plot.positioning_plot`. A reader sees at a glance whether targets sit in red rows (build
on strength) or in blue ones (plans that start from little).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap, LogNorm
from matplotlib.figure import Figure

from ftzlink.checks import check_ids, check_matrix
from ftzlink.errors import FtzlinkError
from ftzlink.plot._draw import column_headers, column_labels, label_height
from ftzlink.plot.labels import names, short_names
from ftzlink.plot.positioning import zone_bands, zone_order
from ftzlink.plot.theme import CATEGORICAL, DIVERGING, MM_PER_INCH, SMALL_SIZE, check_lang, figsize, style

ROW_MM = 3.6
FRAME_MM = 34.0
LQ_RANGE = (0.1, 10.0)
TITLES = {"zh": ("区位熵（省）", "规划定位（片区）", "区位熵"), "en": ("LQ (province)", "Targets (zone)", "Location quotient")}


def structure_plot(targets: pd.DataFrame, lq: pd.DataFrame, zones: pd.DataFrame, industries: pd.DataFrame,
                   provinces: pd.DataFrame, *, lang: str = "zh", width: str | float = "double",
                   font: str = "sans") -> Figure:
    """Draw provinces' location quotients beside zones' targeted industries, one row per industry.

    Parameters
    ----------
    targets : pandas.DataFrame
        Zone × industry 0/1 matrix of plan targets (zones as the index).
    lq : pandas.DataFrame
        Province × industry location quotients over the same industries (any order); NaN
        cells (not observed) are drawn blank. LQ is clipped to [0.1, 10] for the colours only.
    zones : pandas.DataFrame
        Zones table with ``name_<lang>`` and ``province_<lang>`` (e.g. ``load_zones()``).
    industries : pandas.DataFrame
        Industry (division) table with ``name_<lang>``, indexed by code.
    provinces : pandas.DataFrame
        Province table with ``name_<lang>``, indexed by the rows of ``lq``.
    lang : {"zh", "en"}
        Language of every label.
    width : {"single", "onehalf", "double"} or float
        Figure width; the height grows with the number of industries.
    font : {"sans", "serif"}
        CJK font kind.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes (LQ block, targets block) sharing the industry rows, and a colour bar.

    Raises
    ------
    FtzlinkError
        For industry labels that differ between ``targets`` and ``lq``, a non-binary
        ``targets``, negative LQ, or ids missing from the name tables.

    Examples
    --------
    >>> zones = pd.DataFrame({"name_en": ["Wuhan", "Ningbo"], "province_en": ["Hubei", "Zhejiang"]},
    ...                      index=["wh", "nb"])
    >>> inds = pd.DataFrame({"name_en": ["Autos", "Chemicals"]}, index=["36", "26"])
    >>> provs = pd.DataFrame({"name_en": ["Hubei", "Zhejiang"]}, index=["hubei", "zhejiang"])
    >>> lq = pd.DataFrame([[1.8, 0.6], [0.5, 1.4]], index=["hubei", "zhejiang"], columns=["36", "26"])
    >>> tg = pd.DataFrame([[1, 0], [0, 1]], index=["wh", "nb"], columns=["36", "26"])
    >>> fig = structure_plot(tg, lq, zones, inds, provs, lang="en")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Autos', 'Chemicals']
    >>> [t.get_text() for t in fig.axes[1].texts if t.get_gid() == "province"]
    ['Hubei', 'Zhejiang']
    >>> plt.close(fig)
    """
    targets = check_matrix(targets, "targets", binary=True)
    lq = check_matrix(lq.fillna(0.0), "lq").where(lq.notna())
    if set(targets.columns) != set(lq.columns):
        raise FtzlinkError("structure_plot: targets and lq must cover the same industries")
    inds = pd.Index(lq.columns)
    check_ids(inds, industries, "industries")
    order = zone_order(zones, targets.index, lang)
    grid = targets.loc[order, inds].T.to_numpy()
    values = lq.loc[:, inds].T.to_numpy(dtype=float)
    ind_labels = names(industries, inds, lang, name="industries").to_numpy()
    prov_labels = names(provinces, lq.index, lang, name="provinces").to_numpy()
    zone_labels = short_names(zones, order, lang).to_numpy()
    n_ind, n_prov, n_zone = len(inds), len(lq.index), len(order)
    titles = TITLES[check_lang(lang)]
    with style(font):
        fig = plt.figure(figsize=(figsize(width)[0], (n_ind * ROW_MM + FRAME_MM) / MM_PER_INCH))
        grid_spec = fig.add_gridspec(1, 3, width_ratios=[n_prov + 0.5, n_zone, 0.6], wspace=0.05)
        ax_lq, ax_t = fig.add_subplot(grid_spec[0]), fig.add_subplot(grid_spec[1])
        clipped = np.clip(values, *LQ_RANGE)
        mesh = ax_lq.pcolormesh(np.ma.masked_invalid(clipped), cmap=DIVERGING,
                                norm=LogNorm(*LQ_RANGE), edgecolors="#DDDDDD", linewidth=0.3)
        for (r, c), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax_lq.text(c + 0.5, r + 0.5, f"{v:.2f}", ha="center", va="center", fontsize=SMALL_SIZE - 1,
                           color="white" if abs(np.log10(max(v, 1e-3))) > 0.6 else "black",
                           in_layout=False)  # inside its cell: out of the layout, which need not measure it
        ax_lq.set_xlim(0, n_prov)
        ax_lq.set_ylim(n_ind, 0)
        ax_lq.set_yticks(np.arange(n_ind) + 0.5, labels=ind_labels)
        ax_t.pcolormesh(grid, cmap=ListedColormap(["white", CATEGORICAL[0]]), vmin=0, vmax=1,
                        edgecolors="#DDDDDD", linewidth=0.3)
        ax_t.set_xlim(0, n_zone)
        ax_t.set_ylim(n_ind, 0)
        ax_t.set_yticks([])
        bands = zone_bands(ax_t, zones, order, lang)
        for ax in (ax_lq, ax_t):
            ax.tick_params(length=0)
            ax.spines[:].set_visible(False)
        cbar = fig.colorbar(mesh, cax=fig.add_subplot(grid_spec[2]))
        cbar.set_label(titles[2])
        cbar.set_ticks([0.1, 0.5, 1, 2, 10], labels=["≤0.1", "0.5", "1", "2", "≥10"])
        column_labels(ax_lq, prov_labels, top=True)
        column_labels(ax_t, zone_labels, top=True)
        top = column_headers(ax_t, bands, base_pt=label_height(ax_t) + 3.0)
        pad = max(top, label_height(ax_lq)) + 4.0  # both titles above every header
        ax_lq.set_title(titles[0], fontsize=SMALL_SIZE + 1, pad=pad)
        ax_t.set_title(titles[1], fontsize=SMALL_SIZE + 1, pad=pad)
    return fig
