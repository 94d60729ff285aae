"""Input-output relatedness between sectors from a national input-output table (sector × sector).

Two sectors are related when a large part of what one buys or sells passes through the other.
The measures here turn the intermediate flows z_ij (product i used by sector j) and gross
outputs x of one table into a symmetric, size-normalised sector × sector matrix, suitable as
the industry relatedness φ of :func:`ftzlink.indices.relatedness_density` or of
``complementarity(..., basis="relatedness")``. Relatedness taken from a national table is
external to the zones being compared, unlike co-occurrence relatedness estimated from the
zones' own lists.

Reference: Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis*, 2nd ed., ch. 2 and
12.1 (input and output coefficients); the measures and their sources are in
:func:`io_relatedness`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import (
    check_choice,
    check_flag,
    check_matrix,
    check_same_labels,
    check_series,
    preview,
)
from ftzlink.errors import FtzlinkError
from ftzlink.io_tables.table import IOTable
from ftzlink.vocabulary import IO_RELATEDNESS_METHODS


def _flows(table_or_Z, x, domestic: bool) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Z and x as float arrays in one sector order, plus the sector labels."""
    if isinstance(table_or_Z, IOTable):
        if x is not None:
            raise FtzlinkError("x: an IOTable carries its own gross output; pass x only with a Z DataFrame")
        Z = table_or_Z.Z_domestic if domestic else table_or_Z.Z
        return Z.to_numpy(dtype=float), table_or_Z.x.to_numpy(dtype=float), table_or_Z.sectors
    if not isinstance(table_or_Z, pd.DataFrame):
        raise FtzlinkError(
            f"table_or_Z: expected an IOTable or a sector × sector DataFrame Z, got {type(table_or_Z).__name__}"
        )
    if domestic:
        raise FtzlinkError("domestic: only with an IOTable (pass the domestic flows as Z instead)")
    if x is None:
        raise FtzlinkError("x: gross output by sector is required with a Z DataFrame")
    bools = [c for c, dtype in table_or_Z.dtypes.items() if pd.api.types.is_bool_dtype(dtype)]
    if bools:
        raise FtzlinkError(f"Z: boolean column(s) {preview(bools)}; expected intermediate flows")
    Z = check_matrix(table_or_Z, "Z")
    rows, cols = pd.Series(index=Z.index, dtype=float), pd.Series(index=Z.columns, dtype=float)
    check_same_labels(rows, cols, "index", ("Z rows", "Z columns"))
    if isinstance(x, pd.Series):
        check_same_labels(x, rows, "index", ("x", "Z sectors"))
    x_values = check_series(x, "x", Z.index, nonnegative=True).to_numpy()
    return Z.loc[:, Z.index].to_numpy(dtype=float), x_values, Z.index


def io_relatedness(table_or_Z, x: pd.Series | None = None, method: str = "max_share", *,
                   domestic: bool = False) -> pd.DataFrame:
    """Input-output relatedness of every pair of sectors (symmetric sector × sector DataFrame).

    Parameters
    ----------
    table_or_Z : IOTable or pandas.DataFrame
        An :class:`ftzlink.io_tables.IOTable`, or the intermediate-flow matrix Z (z_ij = product
        i used by sector j) with the same sector labels on both axes (any column order).
    x : pandas.Series, optional
        Gross output by sector; required with a Z DataFrame, refused with an IOTable.
    method : {"max_share", "flow_intensity"}, default "max_share"
        With input coefficients a_ij = z_ij / x_j and output (allocation) coefficients
        b_ij = z_ij / x_i:

        - ``max_share``: φ_ij = max(a_ij, a_ji, b_ij, b_ji), the largest share of either
          sector's output that the flow between them represents, whichever way it runs. A pair
          is related when either sector depends heavily on the other as supplier or customer,
          however different their sizes. This is the max-of-four-coefficients rule of Czamanski
          (1974) and Czamanski & Ablas (1979) for grouping industries by input-output links
          (reviewed in Feser & Bergman 2000); a_ij and a_ji are the two directional vertical
          relatedness coefficients of Fan & Lang (2000), and taking the stronger direction
          follows Ellison, Glaeser & Kerr (2010).
        - ``flow_intensity``: φ_ij = (z_ij + z_ji) / (x_i + x_j), the two-way intermediate flow
          per unit of the pair's joint output; equal to the output-weighted mean
          (x_j a_ij + x_i a_ji) / (x_i + x_j) of Fan & Lang's two coefficients, so a small
          sector's link to a large one is diluted by the large sector's size.
    domestic : bool, default False
        With an IOTable, use the domestic flows Z − Z_imports (non-competitive tables only), so
        that imported inputs do not relate domestic sectors.

    Returns
    -------
    pandas.DataFrame
        Sector × sector, labelled by the table's sectors on both axes (in Z's row order),
        exactly symmetric, diagonal 0 (a sector is not related to itself, as in
        :func:`ftzlink.indices.product_space`).

    Notes
    -----
    Range: φ ≥ 0. ``flow_intensity`` ≤ 1 whenever each sector's intermediate inputs do not
    exceed its gross output (any table with non-negative value added); ``max_share`` ≤ 1 when,
    in addition, each sector's intermediate sales do not exceed its gross output, which can fail
    for a product largely imported in a competitive-import table (use ``domestic=True`` with a
    non-competitive table). Values are not clipped. Both measures are unchanged when Z and x are
    multiplied by the same positive factor (units or price level do not matter).

    Zeros: a pair with no flow in either direction has φ = 0. A sector with zero gross output
    has undefined coefficients and raises FtzlinkError naming it (drop or aggregate it first).
    Raises FtzlinkError too for a non-square Z, missing, infinite, negative, non-numeric or
    boolean flows, x labels that differ from Z's, an unknown ``method``, ``x`` given with an
    IOTable and ``domestic`` without one.

    References
    ----------
    Czamanski, S. (1974), *Study of Clustering of Industries*, Dalhousie University;
    Czamanski, S. & Ablas, L. A. de Q. (1979), *Urban Studies* 16(1), 61–80;
    Fan, J. P. H. & Lang, L. H. P. (2000), The measurement of relatedness, *Journal of
    Business* 73(4), 629–660; Feser, E. J. & Bergman, E. M. (2000), *Regional Studies* 34(1),
    1–19; Ellison, G., Glaeser, E. L. & Kerr, W. R. (2010), *American Economic Review* 100(3),
    1195–1213.

    Examples
    --------
    Sector b buys 30 from a and sells 40 to it; x = (100, 200). a_ab = 40/200, a_ba = 30/100,
    b_ab = 40/100, b_ba = 30/200, so max_share = 0.4 and flow_intensity = 70/300.

    >>> z = pd.DataFrame([[10, 40], [30, 20]], index=["a", "b"], columns=["a", "b"])
    >>> x = pd.Series({"a": 100, "b": 200})
    >>> io_relatedness(z, x).round(6).loc["a"].tolist()
    [0.0, 0.4]
    >>> io_relatedness(z, x, "flow_intensity").round(6).loc["b"].tolist()
    [0.233333, 0.0]
    """
    check_choice(method, IO_RELATEDNESS_METHODS, "io_relatedness: method")
    domestic = check_flag(domestic, "domestic")
    Z, x_values, sectors = _flows(table_or_Z, x, domestic)
    zero = x_values == 0
    if zero.any():
        raise FtzlinkError(
            f"x: zero gross output for sector(s) {preview(sectors[zero])}; their input and output coefficients "
            f"are undefined — drop or aggregate them before computing relatedness"
        )
    if method == "max_share":
        a = Z / x_values[None, :]  # a_ij = z_ij / x_j: input coefficients
        b = Z / x_values[:, None]  # b_ij = z_ij / x_i: output (allocation) coefficients
        phi = np.maximum(np.maximum(a, a.T), np.maximum(b, b.T))
    else:
        phi = (Z + Z.T) / (x_values[:, None] + x_values[None, :])
    np.fill_diagonal(phi, 0.0)
    return pd.DataFrame(phi, index=sectors.copy(), columns=sectors.copy())


__all__ = ["io_relatedness"]
