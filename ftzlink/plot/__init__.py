"""Publication figures and maps: CJK-ready style, heatmaps, zone maps, linkage networks, export.

Every plot function takes labelled pandas tables (an index matrix, the registry's zones and
industries tables), draws inside :func:`style` (journal sizes, 8 pt text, colour-blind-safe
palettes, a Chinese font that PDF viewers accept) and returns the figure; :func:`save` writes
it to PDF / PNG / SVG atomically, with identical bytes on every run. ``lang="zh"`` or ``"en"``
picks the registry's Chinese or English names.

>>> fig = index_heatmap(overlap(mat), load_zones(), lang="zh")  # doctest: +SKIP
>>> save(fig, "figures/overlap", formats=("pdf", "png"), dpi=300)  # doctest: +SKIP
"""

from typing import TYPE_CHECKING

from ftzlink.lazy import lazy_attributes

__all__ = [
    "CATEGORICAL", "DIVERGING", "SEQUENTIAL", "WIDTHS_MM", "boundaries", "cjk_family", "cjk_font_path",
    "figsize", "index_heatmap", "linkage_network", "lorenz_plot", "missing_chars", "positioning_plot", "structure_plot",
    "rc_params", "save", "specialisation_bars", "style", "zone_map",
    "lisa_map",
]

if TYPE_CHECKING:  # imported on first use at run time (ftzlink.lazy); read as they are by type checkers and the docs
    from ftzlink.plot.bars import specialisation_bars
    from ftzlink.plot.curves import lorenz_plot
    from ftzlink.plot.export import save
    from ftzlink.plot.fonts import cjk_family, cjk_font_path, missing_chars
    from ftzlink.plot.heatmap import index_heatmap
    from ftzlink.plot.lisa import lisa_map
    from ftzlink.plot.maps import boundaries, zone_map
    from ftzlink.plot.network import linkage_network
    from ftzlink.plot.positioning import positioning_plot
    from ftzlink.plot.structure import structure_plot
    from ftzlink.plot.theme import CATEGORICAL, DIVERGING, SEQUENTIAL, WIDTHS_MM, figsize, rc_params, style

__getattr__, __dir__ = lazy_attributes(__name__, __file__)
