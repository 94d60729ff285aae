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
- Spatial dependence: :func:`distance_weights`, :func:`morans_i` (esda / libpysal).

Randomised functions take ``seed`` (int, ``numpy.random.Generator`` or None) and draw from
``numpy.random.default_rng(seed)``: the same seed gives identical output.
"""

from ftzlink.stats.bootstrap import bootstrap_ci
from ftzlink.stats.centrality import network_measures
from ftzlink.stats.coupling import coupling_coordination
from ftzlink.stats.distance import great_circle_km
from ftzlink.stats.entropy_weights import entropy_weights, subsystem_scores
from ftzlink.stats.gravity import gravity_strength
from ftzlink.stats.hypergeometric import overlap_pvalue, overlap_pvalue_matrix
from ftzlink.stats.mantel import mantel
from ftzlink.stats.mrqap import mrqap
from ftzlink.stats.multiple_testing import bh_qvalues, pair_qvalues
from ftzlink.stats.permutation import permutation_pvalues
from ftzlink.stats.ppml import ppml_gravity
from ftzlink.stats.qap import qap_correlation
from ftzlink.stats.result import InferenceResult
from ftzlink.stats.robustness import agreement_table
from ftzlink.stats.spatial import distance_weights, morans_i

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
]
