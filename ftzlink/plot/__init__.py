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

__all__ = [
    "CATEGORICAL", "DIVERGING", "SEQUENTIAL", "WIDTHS_MM", "boundaries", "cjk_family", "cjk_font_path",
    "figsize", "index_heatmap", "linkage_network", "lorenz_plot", "missing_chars", "positioning_plot", "structure_plot",
    "rc_params", "save", "specialisation_bars", "style", "zone_map",
    "lisa_map",
]

if TYPE_CHECKING:  # the names as type checkers and the API reference (static analysis) see them
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

#: Each public name by its module, imported on first use (PEP 562), as the block above imports
#: them: a module that needs one helper (the report's findings use :mod:`ftzlink.plot.labels`)
#: does not import pyplot, geopandas and every figure type with it.
_NAMES = {
    "specialisation_bars": "bars", "lorenz_plot": "curves", "save": "export", "cjk_family": "fonts",
    "cjk_font_path": "fonts", "missing_chars": "fonts", "index_heatmap": "heatmap", "lisa_map": "lisa",
    "boundaries": "maps", "zone_map": "maps", "linkage_network": "network", "positioning_plot": "positioning",
    "structure_plot": "structure", "CATEGORICAL": "theme", "DIVERGING": "theme", "SEQUENTIAL": "theme",
    "WIDTHS_MM": "theme", "figsize": "theme", "rc_params": "theme", "style": "theme",
}


def __getattr__(name: str):
    if name in _NAMES:
        import importlib

        return getattr(importlib.import_module(f"ftzlink.plot.{_NAMES[name]}"), name)
    raise AttributeError(f"module 'ftzlink.plot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
