"""Aggregate an input-output table to a coarser sector list through a concordance.

With C the n × k concordance matrix (c_ik = 1 when fine sector i belongs to coarse sector k):
Z* = Cᵀ Z C, x* = Cᵀ x, F* = Cᵀ F, V* = V C, m* = Cᵀ m. Flows are summed, so the aggregated
table balances whenever the fine one does (Miller & Blair 2009, ch. 4, aggregation).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.io_tables.table import IOTable


def concordance_matrix(sectors: pd.Index, concordance: Mapping | pd.Series) -> pd.DataFrame:
    """The 0/1 fine × coarse matrix C of a many-to-one concordance (fine code → coarse code).

    c_ik = 1 when fine sector i belongs to coarse sector k, else 0, so each row holds exactly
    one 1 and Cᵀ Z C, Cᵀ x sum a table over the fine sectors of each coarse sector. Every
    sector must be mapped exactly once. Coarse sectors keep the order of their first fine
    sector.

    Parameters
    ----------
    sectors : pandas.Index
        The fine sector codes, in table order (e.g. ``IOTable.sectors``).
    concordance : mapping or pandas.Series
        Fine code → coarse code, covering exactly the codes of ``sectors``.

    Returns
    -------
    pandas.DataFrame
        C, fine sectors × coarse sectors, float 0/1; the rows are ``sectors`` and the columns
        the coarse codes (named like ``sectors``).

    Raises
    ------
    FtzlinkError
        When ``sectors`` is not a pandas Index; when ``concordance`` is neither a mapping nor a
        Series; when a fine code is mapped more
        than once; when a sector is unmapped or the concordance names codes the table does not
        have; when a coarse code is missing or blank.

    References
    ----------
    Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis: Foundations and Extensions*,
    2nd ed., Cambridge University Press, ch. 4 (aggregation).

    Examples
    --------
    >>> C = concordance_matrix(pd.Index(["01", "02", "03"], name="sector"), {"01": "A", "02": "B", "03": "A"})
    >>> C.columns.tolist()
    ['A', 'B']
    >>> C.to_numpy().tolist()
    [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
    >>> concordance_matrix(pd.Index(["01", "02"]), {"01": "A"})
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: concordance does not match the table's sectors: unmapped ['02'], not in the table []
    """
    if not isinstance(sectors, pd.Index):
        raise FtzlinkError(f"sectors: expected a pandas Index of sector codes (e.g. IOTable.sectors), "
                           f"got {type(sectors).__name__}")
    mapping = pd.Series(concordance, dtype=object) if isinstance(concordance, Mapping) else concordance
    if not isinstance(mapping, pd.Series):
        raise FtzlinkError(
            f"concordance: expected a mapping or Series fine code → coarse code, got {type(concordance).__name__}"
        )
    if mapping.index.has_duplicates:
        dup = list(mapping.index[mapping.index.duplicated()])[:5]
        raise FtzlinkError(f"concordance: fine code(s) mapped more than once: {dup}")
    unmapped, unknown = sectors.difference(mapping.index), mapping.index.difference(sectors)
    if len(unmapped) or len(unknown):
        raise FtzlinkError(
            f"concordance does not match the table's sectors: unmapped {list(unmapped)[:5]}, "
            f"not in the table {list(unknown)[:5]}"
        )
    target = mapping.reindex(sectors)
    empty = target.isna() | (target.astype(str).str.strip() == "")
    if empty.any():
        raise FtzlinkError(f"concordance: empty coarse code for sector(s) {list(sectors[empty.to_numpy()])[:5]}")
    coarse = pd.Index(pd.unique(target.to_numpy()), name=sectors.name)
    return pd.DataFrame((target.to_numpy()[:, None] == coarse.to_numpy()[None, :]).astype(float),
                        index=sectors, columns=coarse)


def aggregate(table: IOTable, concordance: Mapping | pd.Series) -> IOTable:
    """Aggregate ``table`` to the coarse sectors of ``concordance`` (fine code → coarse code).

    Every block is summed over the fine sectors of each coarse sector, with C from
    :func:`concordance_matrix`: Z* = Cᵀ Z C, x* = Cᵀ x, F* = Cᵀ F, V* = V C, m* = Cᵀ m (and the
    same for the imported blocks). Flows are summed, so the aggregated table balances whenever
    the fine one does. Sector names are dropped (give them separately); year and source are
    kept.

    Parameters
    ----------
    table : IOTable
        The fine table.
    concordance : mapping or pandas.Series
        Fine code → coarse code, covering exactly ``table.sectors``.

    Returns
    -------
    IOTable
        The table over the coarse sectors, in the order of their first fine sector.

    Raises
    ------
    FtzlinkError
        When ``table`` is not an IOTable; for a concordance that :func:`concordance_matrix`
        refuses: not a mapping or Series, a fine code mapped twice, unmapped sectors or unknown
        codes, a missing or blank coarse code.

    References
    ----------
    Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis: Foundations and Extensions*,
    2nd ed., Cambridge University Press, ch. 4 (aggregation).

    Examples
    --------
    Merging sectors 01 and 03 into A: z_AA = z_11 + z_13 + z_31 + z_33 = 1 + 3 + 7 + 9,
    z_AB = 2 + 8, z_BA = 4 + 6, z_BB = 5 and x_A = 20 + 40.

    >>> s = pd.Index(["01", "02", "03"], name="sector")
    >>> Z = pd.DataFrame([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], index=s, columns=s)
    >>> fine = IOTable(Z=Z, x=pd.Series([20.0, 30.0, 40.0], index=s), year=2020)
    >>> coarse = aggregate(fine, {"01": "A", "02": "B", "03": "A"})
    >>> coarse.Z.to_numpy().tolist()
    [[20.0, 10.0], [10.0, 5.0]]
    >>> coarse.x.to_dict(), coarse.year
    ({'A': 60.0, 'B': 30.0}, 2020)
    """
    if not isinstance(table, IOTable):
        raise FtzlinkError(f"table: expected an IOTable, got {type(table).__name__}")
    C = concordance_matrix(table.sectors, concordance)
    c, coarse = C.to_numpy(), C.columns

    def rows(frame: pd.DataFrame | pd.Series | None):
        if frame is None:
            return None
        if isinstance(frame, pd.Series):
            return pd.Series(c.T @ frame.to_numpy(), index=coarse, name=frame.name)
        return pd.DataFrame(c.T @ frame.to_numpy(), index=coarse, columns=frame.columns)

    def both(frame: pd.DataFrame | None):
        return None if frame is None else pd.DataFrame(c.T @ frame.to_numpy() @ c, index=coarse, columns=coarse)

    return IOTable(
        Z=both(table.Z),
        x=rows(table.x),
        final_demand=rows(table.final_demand),
        value_added=None if table.value_added is None else pd.DataFrame(
            table.value_added.to_numpy() @ c, index=table.value_added.index, columns=coarse),
        imports=rows(table.imports),
        Z_imports=both(table.Z_imports),
        final_demand_imports=rows(table.final_demand_imports),
        year=table.year,
        source=table.source,
    )

