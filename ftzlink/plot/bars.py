"""Horizontal bars of one value per zone or industry: specialisation indices, location quotients.

Bars are sorted, largest on top, and start at zero so their lengths compare honestly. With a
``reference`` (1 for a location quotient) a dashed line marks it and bars above / below take
the two ends of the diverging palette; with ``group`` (e.g. "province") bars take the
categorical colour of their group instead.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ftzlink.checks import check_number, check_series
from ftzlink.errors import FtzlinkError
from ftzlink.plot._draw import lay_out, wrap
from ftzlink.plot.labels import measure_label, names, province_colours
from ftzlink.plot.theme import CATEGORICAL, DIVERGING, MM_PER_INCH, figsize, style

ROW_MM = 4.2  # height of one bar row
FRAME_MM = 16.0


def specialisation_bars(
    values: pd.Series,
    table: pd.DataFrame,
    *,
    lang: str = "zh",
    reference: float | None = None,
    group: str | None = None,
    xlabel: str | None = None,
    width: str | float = "single",
    font: str = "sans",
) -> Figure:
    """Bar chart of ``values`` (a Series indexed by zone or industry ids).

    ``table`` supplies the labels (``name_zh`` / ``name_en``): the zones table for per-zone
    indices, the industries table for one zone's location quotients. ``group`` names a
    bilingual column of ``table`` (e.g. "province" for ``province_zh`` / ``province_en``) whose
    values colour the bars; ``reference`` draws the midpoint line (e.g. ``reference=1`` for LQ).

    Bars are horizontal, sorted with the largest on top, and start at zero. With ``reference``
    (and no ``group``) bars at or above it take the dark red end of the diverging palette,
    bars below the blue end.

    Parameters
    ----------
    values : pandas.Series
        One finite value per zone or industry id.
    table : pandas.DataFrame
        Zones or industries table indexed by id with ``name_<lang>`` (and ``<group>_<lang>``).
    lang : {"zh", "en"}, default "zh"
        Language of the labels.
    reference : float, optional
        Value of the dashed reference line.
    group : str, optional
        Bilingual column whose values colour the bars (at most 8 groups; provinces get their
        usual colours).
    xlabel : str, optional
        Title of the value axis; a measure id of ``ftzlink.plot.labels.MEASURES`` (``"lq"``,
        ``"rca"`` …) is replaced by its name in ``lang``.
    width : {"single", "onehalf", "double"} or float, default "single"
        Figure width (journal column widths, or millimetres); the height grows with the number
        of bars.
    font : {"sans", "serif"}, default "sans"
        CJK font kind of the figure style.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with a bar per value, labelled on the y axis.

    Raises
    ------
    FtzlinkError
        When ``values`` is not a non-empty Series with unique labels and finite numeric values;
        for an unknown ``lang``, an id missing from ``table`` or an empty name or group; when
        ``group`` has more than 8 values; for a bad ``width`` or ``font``.

    Examples
    --------
    Sorted largest first: 1.6 (Wuhan), 1.1 (Changsha), 0.7 (Xiangyang).

    >>> zones = pd.DataFrame({"name_en": ["Wuhan", "Xiangyang", "Changsha"],
    ...                       "province_en": ["Hubei", "Hubei", "Hunan"]}, index=["hb_wh", "hb_xy", "hn_cs"])
    >>> lq = pd.Series({"hb_wh": 1.6, "hb_xy": 0.7, "hn_cs": 1.1})
    >>> fig = specialisation_bars(lq, zones, lang="en", reference=1)
    >>> [tick.get_text() for tick in fig.axes[0].get_yticklabels()]
    ['Wuhan', 'Changsha', 'Xiangyang']
    >>> len(fig.axes[0].patches)
    3
    >>> plt.close(fig)
    """
    values = check_series(values, "values").sort_values(ascending=False, kind="stable")
    if reference is not None:
        reference = check_number(reference, "reference")
    labels = names(table, values.index, lang).to_numpy()
    if group is not None:
        groups = names(table, values.index, lang, column=group).to_numpy()
        if group == "province":
            palette = province_colours(table, lang)
        elif len(pd.unique(groups)) <= len(CATEGORICAL):
            palette = dict(zip(pd.unique(groups), CATEGORICAL))
        else:
            raise FtzlinkError(f"group {group!r}: more than {len(CATEGORICAL)} groups to colour")
        colours = [palette[g] for g in groups]
    elif reference is not None:
        low, high = colormaps[DIVERGING](np.array([0.15, 0.85]))
        colours = np.where((values.to_numpy() >= reference)[:, None], high, low)
    else:
        colours = CATEGORICAL[0]
    n = len(values)
    with style(font):
        fig, ax = plt.subplots(figsize=(figsize(width)[0], (n * ROW_MM + FRAME_MM) / MM_PER_INCH))
        ax.barh(np.arange(n), values.to_numpy(), color=colours, height=0.7)
        ax.set_yticks(np.arange(n), labels=labels)
        ax.set_ylim(n - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.axvline(0, color="black", linewidth=0.6)
        if reference is not None:
            ax.axvline(reference, color="black", linewidth=0.6, linestyle="--")
        if group is not None:
            ax.legend(handles=[Patch(color=palette[g], label=g) for g in pd.unique(groups)],
                      loc="lower right")
        ax.set_xlabel(wrap(measure_label(xlabel, lang), 50))
        lay_out(fig)
    return fig
