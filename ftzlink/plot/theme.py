"""Publication style: journal figure sizes, font sizes, colour-blind-safe palettes, rc settings.

Widths follow the artwork guidelines of Elsevier journals (single column 90 mm, 1.5 columns
140 mm, double column 190 mm); Chinese journals with narrower columns (e.g. 80 / 170 mm) pass
a width in millimetres instead. Text is 8 pt (tick labels 7 pt, cell annotations 6 pt), the
range journals ask for at print size, so figures are meant to be placed at 100 % width.

Palettes (all readable with the common colour-vision deficiencies):

- ``SEQUENTIAL`` = "YlGnBu" for similarity / overlap indices: light for low values, dark for
  high, monotonic in lightness so it survives greyscale printing;
- ``DIVERGING`` = "RdBu_r" for indices with a natural midpoint (LQ = 1, correlation = 0);
  both are ColorBrewer schemes marked colour-blind safe (Harrower & Brewer 2003,
  Cartographic Journal 40: 27–37);
- ``CATEGORICAL`` = Okabe–Ito colours (Okabe & Ito 2008) for provinces and zone kinds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np

from ftzlink.checks import check_choice
from ftzlink.errors import FtzlinkError
from ftzlink.plot.fonts import cjk_family
from ftzlink.vocabulary import LANGUAGES

MM_PER_INCH = 25.4
WIDTHS_MM = {"single": 90.0, "onehalf": 140.0, "double": 190.0}
FONT_SIZE, TICK_SIZE, SMALL_SIZE = 8.0, 7.0, 6.0
SEQUENTIAL = "YlGnBu"
DIVERGING = "RdBu_r"
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
NEUTRAL = "#BBBBBB"
SALT = "ftzlink"  # fixed SVG id salt, so clip-path ids are identical on every run


def figsize(width: str | float = "single", aspect: float = 0.75) -> tuple[float, float]:
    """Figure size in inches: ``width`` is "single", "onehalf", "double" or millimetres;
    height = width × ``aspect``.

    >>> figsize(127.0, aspect=0.6)  # 127 mm = 5 in
    (5.0, 3.0)
    >>> [round(x, 2) for x in figsize("single")]  # 90 mm wide, 3/4 as tall
    [3.54, 2.66]
    """
    if isinstance(width, str):
        if width not in WIDTHS_MM:
            raise FtzlinkError(f"width must be one of {list(WIDTHS_MM)} or millimetres, got {width!r}")
        width = WIDTHS_MM[width]
    for name, number in (("width", width), ("aspect", aspect)):
        if isinstance(number, bool) or not isinstance(number, (int, float, np.integer, np.floating)):
            raise FtzlinkError(f"{name} must be one of {list(WIDTHS_MM)} or millimetres, got {number!r}"
                               if name == "width" else f"aspect must be a positive number, got {number!r}")
    if not (width > 0 and aspect > 0):
        raise FtzlinkError(f"width and aspect must be positive, got width={width!r}, aspect={aspect!r}")
    inches = float(width) / MM_PER_INCH
    return inches, inches * aspect


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is "zh" or "en", else raise FtzlinkError."""
    check_choice(lang, LANGUAGES, "lang")
    return lang


def rc_params(font: str = "sans") -> dict:
    """Matplotlib rc settings of the ftzlink style; ``font`` is "sans" or "serif" (CJK SC family).

    The CJK font draws Latin text too (one consistent typeface); DejaVu Sans is the fallback
    for the few symbols it lacks. PDF fonts are embedded as Type 42, SVG text as paths.

    Text is 8 pt (tick labels and legends 7 pt), lines 0.6–1 pt, top and right spines off,
    colours cycle through ``CATEGORICAL`` and images default to ``SEQUENTIAL``; constrained
    layout is on and the SVG id salt is fixed (``SALT``) so exports are reproducible.

    Parameters
    ----------
    font : {"sans", "serif"}, default "sans"
        Kind of the Noto CJK SC font (see :func:`ftzlink.plot.fonts.cjk_family`).

    Returns
    -------
    dict
        rc settings for ``matplotlib.rc_context`` (used by :func:`style`).

    Raises
    ------
    FtzlinkError
        For an unknown ``font``; when no CJK font is available or ``FTZLINK_CJK_FONT`` names a
        missing file.

    References
    ----------
    Harrower, M. & Brewer, C. A. (2003), ColorBrewer.org: an online tool for selecting colour
    schemes for maps, *The Cartographic Journal* 40(1), 27–37. Okabe, M. & Ito, K. (2008),
    *Color Universal Design (CUD): how to make figures and presentations that are friendly to
    colorblind people*, J*FLY.

    Examples
    --------
    >>> rc = rc_params()
    >>> rc["font.family"] == [cjk_family(), "DejaVu Sans"]
    True
    >>> rc["font.size"], rc["pdf.fonttype"], rc["svg.fonttype"]
    (8.0, 42, 'path')
    >>> with mpl.rc_context(rc):
    ...     mpl.rcParams["xtick.labelsize"]
    7.0
    """
    family = cjk_family(font)
    return {
        "font.family": [family, "DejaVu Sans"],
        "font.size": FONT_SIZE,
        "axes.titlesize": FONT_SIZE,
        "axes.labelsize": FONT_SIZE,
        "xtick.labelsize": TICK_SIZE,
        "ytick.labelsize": TICK_SIZE,
        "legend.fontsize": TICK_SIZE,
        "legend.title_fontsize": TICK_SIZE,
        "figure.titlesize": FONT_SIZE,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "xtick.major.size": 2.5,
        "ytick.major.size": 2.5,
        "lines.linewidth": 1.0,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": mpl.cycler(color=CATEGORICAL),
        "image.cmap": SEQUENTIAL,
        "legend.frameon": False,
        "figure.dpi": 100,
        "figure.constrained_layout.use": True,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": SALT,
        "path.simplify": True,
    }


@contextmanager
def style(font: str = "sans") -> Iterator[None]:
    """Context manager applying :func:`rc_params`; plot functions create their figures inside it.

    >>> with style():
    ...     fig, ax = plt.subplots(figsize=figsize("single"))  # doctest: +SKIP
    """
    with mpl.rc_context(rc_params(font)):
        yield
