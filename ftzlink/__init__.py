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

from ftzlink.errors import FtzlinkError
from ftzlink.indices import *  # noqa: F403  (every index function, listed in ftzlink.indices.__all__)
from ftzlink.indices import __all__ as _INDICES
from ftzlink.pairs import block_means, mutual_complementarity, pairs_to_long, same_group
from ftzlink.readers import read_table
from ftzlink.study.registry import (
    load_industries,
    load_positioning,
    load_zones,
    positioning_matrix,
)
from ftzlink.study.statistics import load_statistics, statistics_matrix
from ftzlink.tidy import to_long, to_matrix

__version__ = "0.2.0"

__all__ = [
    "FtzlinkError", "__version__",
    # data in and out
    "read_table", "to_long", "to_matrix", "pairs_to_long",
    # this study's curated data
    "load_industries", "load_positioning", "load_statistics", "load_zones", "positioning_matrix",
    "statistics_matrix",
    # zone pairs
    "block_means", "mutual_complementarity", "same_group",
]
__all__ += list(_INDICES)
