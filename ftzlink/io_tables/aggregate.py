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

    Every sector must be mapped exactly once; codes unknown to the table and empty targets
    raise FtzlinkError. Coarse sectors keep the order of their first fine sector.
    """
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

    Every block is summed over the fine sectors of each coarse sector (Z* = Cᵀ Z C etc.);
    sector names are dropped (give them separately), year and source are kept.
    """
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

