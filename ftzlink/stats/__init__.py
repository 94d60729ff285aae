"""Inference and econometrics for zone indices and zone-pair matrices.

- Uncertainty of indices: :func:`bootstrap_ci` (resampling industries or units),
  :func:`permutation_pvalues` (row-shuffling null), :func:`overlap_pvalue` and
  :func:`overlap_pvalue_matrix` (exact hypergeometric null for positioning overlap).
- Zone-pair matrices: :func:`qap_correlation`, :func:`mrqap`, :func:`mantel`.
- Linkage: :func:`great_circle_km`, :func:`gravity_strength` (修正引力模型),
  :func:`ppml_gravity` (PPML, statsmodels GLM Poisson).
- Coordination: :func:`entropy_weights`, :func:`subsystem_scores` (熵值法),
  :func:`coupling_coordination` (耦合协调度).
- Multiple testing: :func:`bh_qvalues`, :func:`pair_qvalues` (Benjamini–Hochberg q-values).
- Networks and robustness: :func:`network_measures` (graph from :func:`ftzlink.pairs.linkage_graph`),
  :func:`agreement_table` (Mantel agreement of alternative index matrices with a baseline).
- Spatial dependence: :func:`distance_weights`, :func:`morans_i` (esda / libpysal); through esda
  :func:`local_moran` (LISA clusters), :func:`gearys_c`, :func:`getis_ord_g`, :func:`local_g`
  (hot and cold spots), :func:`bivariate_moran`, :func:`join_counts`; spatial lag, error and
  Durbin models through spreg: :func:`spatial_regression`.
- Methods of the Chinese literature: :func:`grey_relational_grades` and
  :func:`grey_relational_coefficients` (灰色关联度), :func:`topsis` (熵权TOPSIS), :func:`concor`
  (CONCOR 块模型) and :func:`core_periphery` (核心—边缘结构).

Randomised functions take ``seed`` (int, ``numpy.random.Generator`` or None) and draw from
``numpy.random.default_rng(seed)``: the same seed gives identical output. The esda wrappers of
:mod:`ftzlink.stats.spatial_local` hand an integer seed to esda instead (same seed, same output).
"""

from ftzlink.stats.block_model import concor, core_periphery
from ftzlink.stats.bootstrap import bootstrap_ci
from ftzlink.stats.centrality import network_measures
from ftzlink.stats.coupling import coupling_coordination
from ftzlink.stats.distance import great_circle_km
from ftzlink.stats.entropy_method import entropy_weights, subsystem_scores
from ftzlink.stats.gravity import gravity_strength
from ftzlink.stats.grey_relational import grey_relational_coefficients, grey_relational_grades
from ftzlink.stats.hypergeometric import overlap_pvalue, overlap_pvalue_matrix
from ftzlink.stats.mantel_test import mantel
from ftzlink.stats.mrqap_regression import mrqap
from ftzlink.stats.multiple_testing import bh_qvalues, pair_qvalues
from ftzlink.stats.permutation import permutation_pvalues
from ftzlink.stats.ppml import ppml_gravity
from ftzlink.stats.qap import qap_correlation
from ftzlink.stats.result import InferenceResult
from ftzlink.stats.robustness import agreement_table
from ftzlink.stats.spatial import distance_weights, morans_i
from ftzlink.stats.spatial_local import (
    bivariate_moran,
    gearys_c,
    getis_ord_g,
    join_counts,
    local_g,
    local_moran,
)
from ftzlink.stats.spatial_models import spatial_regression
from ftzlink.stats.topsis_method import topsis

__all__ = [
    "InferenceResult",
    "agreement_table",
    "network_measures",
    "bh_qvalues",
    "bootstrap_ci",
    "coupling_coordination",
    "distance_weights",
    "entropy_weights",
    "great_circle_km",
    "gravity_strength",
    "mantel",
    "morans_i",
    "mrqap",
    "overlap_pvalue",
    "overlap_pvalue_matrix",
    "pair_qvalues",
    "permutation_pvalues",
    "ppml_gravity",
    "qap_correlation",
    "subsystem_scores",
    "bivariate_moran",
    "concor",
    "core_periphery",
    "gearys_c",
    "getis_ord_g",
    "grey_relational_coefficients",
    "grey_relational_grades",
    "join_counts",
    "local_g",
    "local_moran",
    "spatial_regression",
    "topsis",
]
