"""ftzlink: industry-linkage analytics for China's pilot free trade zones.

Data: :func:`load_zones`, :func:`load_positioning`, :func:`positioning_matrix`,
:func:`read_table`, :func:`to_matrix`, :func:`to_long`. Indices: specialisation, similarity
and overlap, complementarity, relatedness and complexity (see :mod:`ftzlink.indices`).
Input-output tables: :mod:`ftzlink.io_tables`; inference: :mod:`ftzlink.stats`; figures:
:mod:`ftzlink.plot`; report runs: :mod:`ftzlink.report`. Bad input raises
:class:`FtzlinkError`.
"""

from ftzlink.readers import read_table
from ftzlink.study.registry import load_industries, load_positioning, load_zones, positioning_matrix
from ftzlink.study.statistics import load_statistics, statistics_matrix
from ftzlink.tidy import pairs_to_long, to_long, to_matrix
from ftzlink.errors import FtzlinkError
from ftzlink.indices import (
    co_occurrence,
    complexity,
    density,
    diversity,
    drysdale_complementarity,
    entropy,
    gini,
    hachman,
    herfindahl,
    hoover_index,
    io_complementarity,
    krugman_index,
    location_quotient,
    locational_gini,
    overlap,
    proximity,
    relatedness,
    relatedness_density,
    similarity,
    spec_coeff,
    trade_complementarity,
    ubiquity,
)
from ftzlink.indices.groups import block_means
from ftzlink.indices.portfolio import mutual_complementarity, relatedness_complementarity

__version__ = "0.1.0"

__all__ = [
    "FtzlinkError", "__version__",
    "load_industries", "load_positioning", "load_statistics", "load_zones", "pairs_to_long",
    "positioning_matrix", "read_table", "statistics_matrix", "to_long", "to_matrix",
    "block_means", "co_occurrence", "complexity", "density", "diversity", "drysdale_complementarity",
    "entropy", "gini", "hachman", "herfindahl", "hoover_index", "io_complementarity", "krugman_index",
    "location_quotient", "locational_gini", "mutual_complementarity", "overlap", "proximity", "relatedness",
    "relatedness_complementarity", "relatedness_density", "similarity", "spec_coeff",
    "trade_complementarity", "ubiquity",
]
