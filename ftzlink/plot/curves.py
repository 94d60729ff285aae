"""Inequality curves: the Lorenz curve of a regional distribution against the line of equality.

The coordinates come from :func:`ftzlink.indices.lorenz_curve` (the same numbers a table would
report); the legend states each curve's Gini coefficient (:func:`ftzlink.indices.gini_coefficient`).
The axes are square and run from 0 to 1, so the area between curve and diagonal reads directly.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ftzlink.errors import FtzlinkError
from ftzlink.indices.inequality import gini_coefficient, lorenz_curve
from ftzlink.plot._draw import lay_out, wrap
from ftzlink.plot.theme import CATEGORICAL, NEUTRAL, check_lang, figsize, style

AXIS_LABELS = {
    "zh": ("地区累计份额", "人口累计份额", "累计份额"),
    "en": ("Cumulative share of regions", "Cumulative share of population", "Cumulative share of the value"),
}
EQUALITY = {"zh": "均等线", "en": "Equality"}


def lorenz_plot(
    values: pd.Series | pd.DataFrame,
    weights: pd.Series | None = None,
    *,
    lang: str = "zh",
    xlabel: str | None = None,
    ylabel: str | None = None,
    width: str | float = "single",
    font: str = "sans",
) -> Figure:
    """Lorenz curve(s) of a regional distribution, with the line of equality and the Gini coefficient.

    Parameters
    ----------
    values : pandas.Series or pandas.DataFrame
        Non-negative measure by region; a DataFrame draws one curve per column (e.g. per year,
        at most 8).
    weights : pandas.Series, optional
        Weights by region (population); the x axis then shows the cumulative population share.
    lang : {"zh", "en"}, default "zh"
        Language of the axis labels.
    xlabel, ylabel : str, optional
        Axis titles replacing the defaults.
    width : {"single", "onehalf", "double"} or float, default "single"
        Figure width (journal column widths, or millimetres); the axes are square.
    font : {"sans", "serif"}, default "sans"
        CJK font kind of the figure style.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: a line per curve (legend: name and Gini) and the dashed diagonal.

    Raises
    ------
    FtzlinkError
        For values that :func:`ftzlink.indices.lorenz_curve` refuses (negative, missing,
        mismatched weights), more than 8 columns, an unknown ``lang``, a bad ``width`` or ``font``.

    Examples
    --------
    >>> gdp = pd.DataFrame({"2010": [1.0, 2.0, 3.0, 6.0], "2020": [2.0, 3.0, 3.0, 4.0]}, index=list("abcd"))
    >>> fig = lorenz_plot(gdp, lang="en")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Equality', '2010 (G = 0.333)', '2020 (G = 0.125)']
    >>> fig.axes[0].lines[1].get_ydata().round(4).tolist()  # the 2010 curve
    [0.0, 0.0833, 0.25, 0.5, 1.0]
    >>> plt.close(fig)
    """
    lang = check_lang(lang)
    if isinstance(values, pd.Series):
        frame = values.to_frame(values.name if values.name is not None else "values")
    elif isinstance(values, pd.DataFrame):
        frame = values
    else:
        raise FtzlinkError(f"values: expected a pandas Series or DataFrame by region, got {type(values).__name__}")
    if frame.shape[1] > len(CATEGORICAL):
        raise FtzlinkError(f"values: at most {len(CATEGORICAL)} curves (columns), got {frame.shape[1]}")
    curves = {name: lorenz_curve(frame[name], weights) for name in frame.columns}  # one curve per column
    ginis = gini_coefficient(frame, weights)
    x_default = AXIS_LABELS[lang][0 if weights is None else 1]
    with style(font):
        fig, ax = plt.subplots(figsize=figsize(width, aspect=1.0))
        ax.plot([0, 1], [0, 1], color=NEUTRAL, linestyle="--", linewidth=0.8, label=EQUALITY[lang])
        for colour, (name, curve) in zip(CATEGORICAL, curves.items()):
            ax.plot(curve["cum_population"].to_numpy(), curve["cum_value"].to_numpy(), color=colour,
                    label=f"{name} (G = {ginis[name]:.3f})")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ticks = np.linspace(0, 1, 6)
        ax.set_xticks(ticks)
        ax.set_yticks(ticks)
        ax.set_xlabel(wrap(xlabel or x_default, 40))
        ax.set_ylabel(wrap(ylabel or AXIS_LABELS[lang][2], 40))
        ax.legend(loc="upper left")
        lay_out(fig)
    return fig


__all__ = ["lorenz_plot"]
