"""Index library: specialisation, similarity, complementarity, relatedness, complexity, dynamics,
inequality, shift-share and trade.

Pure index math on labelled pandas objects (region × industry DataFrames in; Series, region ×
region or industry × industry DataFrames out). Formulas, ranges, zero handling and references
are in each function's docstring; definitions follow the project's methods reference and the
peers named there (EconGeo, REAT, py-ecomplexity, Stata ``ecomplexity``, WITS); docs/peers.md
maps each peer function to ftzlink's and to the test that checks they agree.
"""

from typing import TYPE_CHECKING

from ftzlink.lazy import lazy_attributes

if TYPE_CHECKING:  # imported on first use at run time (ftzlink.lazy); read as they are by type checkers and the docs
    from ftzlink.indices.complementarity_indices import (
        complementarity,
        drysdale_complementarity,
        io_complementarity,
        relatedness_complementarity,
        trade_complementarity,
    )
    from ftzlink.indices.complexity_family import (
        cog,
        coi,
        ease_recombination,
        expy,
        inv_norm_ubiquity,
        modular_complexity,
        morc,
        mort,
        norm_ubiquity,
        prody,
        relatedness_density_ext,
        relatedness_density_ext_avg,
        relatedness_density_int,
        relatedness_density_int_avg,
        z_score,
    )
    from ftzlink.indices.dynamics import entry_list, entry_mat, exit_list, exit_mat, growth_list, growth_mat
    from ftzlink.indices.economic_complexity import Complexity, complexity
    from ftzlink.indices.fidelity import target_fidelity, untargeted_strengths, weak_targets
    from ftzlink.indices.inequality import (
        atkinson,
        beta_convergence,
        coefficient_of_variation,
        ellison_glaeser,
        gini_coefficient,
        hoover_curve,
        lorenz_curve,
        normalised_herfindahl,
        numbers_equivalent,
        plant_herfindahl,
        sigma_convergence,
        theil,
        theil_decomposition,
        williamson,
    )
    from ftzlink.indices.product_space import (
        co_occurrence,
        density,
        proximity,
        relatedness,
        relatedness_density,
    )
    from ftzlink.indices.shift_share_analysis import dynamic_shift_share, homothetic_employment, shift_share
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
    from ftzlink.indices.structural_similarity import overlap, similarity
    from ftzlink.indices.trade import (
        export_market_penetration,
        grubel_lloyd,
        trade_intensity,
        trade_specialisation,
    )

__all__ = [
    "Complexity",
    "atkinson",
    "beta_convergence",
    "co_occurrence",
    "coefficient_of_variation",
    "cog",
    "coi",
    "complementarity",
    "complexity",
    "density",
    "diversity",
    "drysdale_complementarity",
    "dynamic_shift_share",
    "ease_recombination",
    "ellison_glaeser",
    "entropy",
    "entry_list",
    "entry_mat",
    "exit_list",
    "exit_mat",
    "export_market_penetration",
    "expy",
    "gini",
    "gini_coefficient",
    "growth_list",
    "growth_mat",
    "grubel_lloyd",
    "hachman",
    "herfindahl",
    "homothetic_employment",
    "hoover_curve",
    "hoover_index",
    "inv_norm_ubiquity",
    "io_complementarity",
    "krugman_index",
    "location_quotient",
    "locational_gini",
    "lorenz_curve",
    "modular_complexity",
    "morc",
    "mort",
    "norm_ubiquity",
    "normalised_herfindahl",
    "numbers_equivalent",
    "overlap",
    "plant_herfindahl",
    "prody",
    "proximity",
    "relatedness",
    "relatedness_complementarity",
    "relatedness_density",
    "relatedness_density_ext",
    "relatedness_density_ext_avg",
    "relatedness_density_int",
    "relatedness_density_int_avg",
    "shift_share",
    "sigma_convergence",
    "similarity",
    "spec_coeff",
    "target_fidelity",
    "theil",
    "theil_decomposition",
    "trade_complementarity",
    "trade_intensity",
    "trade_specialisation",
    "ubiquity",
    "untargeted_strengths",
    "weak_targets",
    "williamson",
    "z_score",
]

__getattr__, __dir__ = lazy_attributes(__name__, __file__)
