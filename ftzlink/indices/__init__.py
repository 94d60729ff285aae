"""Index library: specialisation, similarity, complementarity, relatedness and complexity.

Pure index math on labelled pandas objects (region × industry DataFrames in; Series, region ×
region or industry × industry DataFrames out). Formulas, ranges, zero handling and references
are in each function's docstring; definitions follow the project's methods reference and the
peers named there (EconGeo, py-ecomplexity).
"""

from ftzlink.indices.complementarity import (
    complementarity,
    drysdale_complementarity,
    io_complementarity,
    relatedness_complementarity,
    trade_complementarity,
)
from ftzlink.indices.economic_complexity import Complexity, complexity
from ftzlink.indices.fidelity import target_fidelity, untargeted_strengths, weak_targets
from ftzlink.indices.relatedness import (
    co_occurrence,
    density,
    proximity,
    relatedness,
    relatedness_density,
)
from ftzlink.indices.similarity import overlap, similarity
from ftzlink.indices.specialisation import (
    diversity,
    entropy,
    gini,
    hachman,
    herfindahl,
    hoover_index,
    krugman_index,
    location_quotient,
    locational_gini,
    spec_coeff,
    ubiquity,
)

__all__ = [
    "Complexity",
    "co_occurrence",
    "complementarity",
    "complexity",
    "density",
    "diversity",
    "drysdale_complementarity",
    "entropy",
    "gini",
    "hachman",
    "herfindahl",
    "hoover_index",
    "io_complementarity",
    "krugman_index",
    "location_quotient",
    "locational_gini",
    "overlap",
    "proximity",
    "relatedness",
    "relatedness_complementarity",
    "relatedness_density",
    "similarity",
    "spec_coeff",
    "target_fidelity",
    "trade_complementarity",
    "ubiquity",
    "untargeted_strengths",
    "weak_targets",
]
