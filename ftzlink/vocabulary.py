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
