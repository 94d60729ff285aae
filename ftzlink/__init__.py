"""ftzlink: industry-linkage analytics for China's pilot free trade zones.

The package has two layers. The **library** is reusable regional-economics analytics on
labelled pandas objects, knowing nothing of zones, files or reports:
:mod:`ftzlink.indices` (specialisation, similarity, complementarity, relatedness, complexity,
plans against structure), :mod:`ftzlink.io_tables` (input-output tables and their math),
:mod:`ftzlink.stats` (inference, resampling, multiple testing, gravity, spatial statistics),
:mod:`ftzlink.pairs` (zone-pair matrices), :mod:`ftzlink.plot` (publication figures), with
:mod:`ftzlink.readers` and :mod:`ftzlink.tidy` for tables in and out. The **application**
is this study: :mod:`ftzlink.study` (zone registry, positioning, curated statistics) and
:mod:`ftzlink.report` (report context, runner, the ``ftzlink`` command).

Bad input raises :class:`FtzlinkError`, naming what is wrong.
"""

from ftzlink.errors import FtzlinkError as FtzlinkError  # re-exported (the lazy __all__ lists it)

__version__ = "0.2.0"

#: Public names outside :mod:`ftzlink.indices`, by the module defining them. Imported on first
#: use (PEP 562), with every index function: ``import ftzlink`` itself stays light, so the
#: ``ftzlink`` command starts its report kernels without first importing SciPy and the indices.
_NAMES = {
    # data in and out
    "read_table": "ftzlink.readers", "to_long": "ftzlink.tidy", "to_matrix": "ftzlink.tidy",
    "pairs_to_long": "ftzlink.pairs",
    # this study's curated data
    "load_industries": "ftzlink.study.registry", "load_positioning": "ftzlink.study.registry",
    "load_zones": "ftzlink.study.registry", "positioning_matrix": "ftzlink.study.registry",
    "load_statistics": "ftzlink.study.statistics", "statistics_matrix": "ftzlink.study.statistics",
    # zone pairs
    "block_means": "ftzlink.pairs", "mutual_complementarity": "ftzlink.pairs", "same_group": "ftzlink.pairs",
}


def __getattr__(name: str):
    import importlib

    if name == "__all__":
        from ftzlink.indices import __all__ as indices

        return ["FtzlinkError", "__version__", *_NAMES, *indices]
    if name in _NAMES:
        return getattr(importlib.import_module(_NAMES[name]), name)
    if not name.startswith("_"):
        indices = importlib.import_module("ftzlink.indices")
        if name in indices.__all__:
            return getattr(indices, name)
        try:                                   # a subpackage used as an attribute: ftzlink.stats
            return importlib.import_module(f"ftzlink.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"ftzlink.{name}":
                raise
    raise AttributeError(f"module 'ftzlink' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__getattr__("__all__")))
