"""Allowed values of ftzlink's choice arguments: one definition each.

The library functions check their arguments against these tuples (with
:func:`ftzlink.checks.check_choice`), and the report's parameter validation and the CLI
derive their choices from them, so the lists cannot drift apart. The argument glossary
(which name means what) is in ``docs/glossary.md``.
"""

#: ``similarity(mat, method=...)``: pairwise structural similarity of regions.
SIMILARITY_METHODS = ("cosine", "krugman", "finger_kreinin", "jaccard", "pearson")
#: ``relatedness(cooc, method=...)``: normalisation of an industry co-occurrence matrix.
RELATEDNESS_METHODS = ("prob", "association", "cosine", "jaccard")
#: ``io_relatedness(table, method=...)``: relatedness of sectors from input-output flows.
IO_RELATEDNESS_METHODS = ("flow_intensity", "max_share")
#: ``complementarity(..., basis=...)``: what complementarity between regions rests on.
COMPLEMENTARITY_BASES = ("io", "relatedness")
#: ``supplier_buyer_matrix(coefficients=...)``: technical (input) or sales (output) coefficients.
IO_COEFFICIENTS = ("technical", "sales")
#: ``IOTable.linkages(forward=...)``: forward linkages from the Leontief or the Ghosh inverse.
FORWARD_LINKAGES = ("leontief", "ghosh")
#: ``read_table(layout=...)`` and ``read_io_table(layout=...)``.
TABLE_LAYOUTS = ("auto", "long", "wide")
IO_LAYOUTS = ("auto", "nbs", "tidy")
#: Correlation of two zone-pair matrices (QAP, Mantel).
CORRELATION_METHODS = ("pearson", "spearman")
#: MRQAP null: double semi-partialling or permutation of y.
MRQAP_METHODS = ("dsp", "y")
#: Tail of a test: every inference table states it in its ``alternative`` column.
ALTERNATIVES = ("two-sided", "greater", "less")
#: ``bootstrap_ci(resample=...)``.
RESAMPLE_SCHEMES = ("industries", "units")
#: Cells of a zone-pair matrix that enter a statistic: all off-diagonal, or above the diagonal.
PAIR_CELLS = ("offdiag", "upper")
#: ``distance_weights(method=...)`` and PySAL's weight transformations.
SPATIAL_WEIGHT_METHODS = ("inverse", "band", "knn")
WEIGHT_TRANSFORMATIONS = ("r", "b", "o")
#: Figures: export formats and label languages.
FIGURE_FORMATS = ("pdf", "png", "svg")
LANGUAGES = ("zh", "en")
#: ``complexity(presence=...)`` and the complexity family: presence by RCA, by population-normalised
#: RCA (RPOP) or by either.
PRESENCE_TESTS = ("rca", "rpop", "both")
#: ``growth_list(level=...)``: growth of each cell, of each region's total or of each industry's total.
GROWTH_LEVELS = ("cell", "region", "industry")
#: ``shift_share(method=...)`` and ``dynamic_shift_share``: classic (Dunn) or Esteban-Marquillas.
SHIFT_SHARE_METHODS = ("classic", "esteban_marquillas")
#: ``theil(index=...)``: Theil's T (GE(1)) or L (mean log deviation, GE(0)).
THEIL_INDICES = ("T", "L")
#: ``sigma_convergence(measure=...)``: dispersion measure of (log) values across regions.
DISPERSION_MEASURES = ("sd", "var", "cv")
#: ``local_moran`` cluster classes (quadrant of value and spatial lag, or not significant).
LISA_CLUSTERS = ("HH", "LH", "LL", "HL", "ns")
#: ``local_g`` spot classes: hot spot, cold spot, not significant.
G_SPOTS = ("hot", "cold", "ns")
#: ``spatial_regression(model=..., method=...)``: spatial lag or error model, ML or GMM/IV (spreg).
SPATIAL_MODELS = ("lag", "error")
SPATIAL_ESTIMATORS = ("ml", "gm")
#: ``grey_relational_grades(normalisation=...)``: operator applied to each sequence (初值化, 均值化, 区间化).
GREY_NORMALISATIONS = ("initial", "mean", "minmax", "none")
#: ``topsis(normalisation=...)``: vector (Hwang & Yoon) or min–max normalisation of the indicators.
TOPSIS_NORMALISATIONS = ("vector", "minmax")
#: ``core_periphery(model=...)``: Borgatti & Everett's continuous or discrete model.
CORE_PERIPHERY_MODELS = ("continuous", "discrete")
#: Firm measures of the microdata schema, summed by ``aggregate_firms(measure=...)`` (besides
#: counts of firms).
FIRM_MEASURES = ("registered_capital", "employment", "output")
