"""The result object of the inference and estimation functions in :mod:`ftzlink.stats`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class InferenceResult:
    """The one result type of ftzlink's inference functions: a tidy table plus what produced it.

    Every table names its point estimate ``estimate``; tests add ``p_value`` (for the tail in
    the ``alternative`` column: "two-sided", "greater" or "less") and the one-sided
    ``p_greater`` and ``p_less``; intervals add ``lower`` and ``upper``.

    Attributes
    ----------
    table : DataFrame
        One row per statistic or model term (labelled index), one column per quantity
        (estimate, p-values, …); ``table.reset_index()`` gives a flat tidy table.
    model : object or None
        The underlying result object where one exists: a statsmodels results instance
        (``mrqap``, ``ppml_gravity``) or esda ``Moran`` objects (``morans_i``).
    null : ndarray or None
        The permutation or bootstrap distribution, shape (replicates, len(table)), in table
        row order. ``bootstrap_ci`` and ``permutation_pvalues`` summarise their replicates as
        they go (:class:`ftzlink.resampling.ReplicateSummary`) and keep them only when they
        hold at most :data:`ftzlink.resampling.NULL_CELLS_KEPT` values (e.g. 499 replicates of
        a 90 × 90 pair matrix); above that ``null`` is None. The tests of zone-pair matrices
        and spatial statistics (one row per statistic or term) always keep theirs.

    Example
    -------
    >>> InferenceResult(table=pd.DataFrame({"estimate": [0.5]})).null is None
    True
    """

    table: pd.DataFrame
    model: Any = None
    null: np.ndarray | None = None
