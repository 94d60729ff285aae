"""Supplier–buyer linkage between regions through the input-output structure.

For a region × sector matrix X (e.g. zone positioning on the 42 IO sectors) with row shares
s_ri = x_ri / Σ_k x_rk and a sector × sector link matrix W:

    S_rq = Σ_i Σ_j s_ri · w_ij · s_qj,   i.e.  S = s W sᵀ.

With W = A (technical coefficients, ``coefficients="technical"``), S_rq is the input from
r's sector mix needed per unit of output of q's sector mix: high when r specialises in what
q's industries buy. With W = O, o_ij = z_ij / Σ_k z_ik (``"sales"``), S_rq is the share of
r's intermediate sales that would go to q's industries — the supplier-side input-output
link of Ellison, Glaeser & Kerr (2010, AER 100(3)). S is directional (supplier r in rows,
buyer q in columns, not symmetric); the diagonal is the link of a region with itself.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ftzlink.checks import check_choice, check_flag, check_matrix, check_same_labels
from ftzlink.errors import FtzlinkError
from ftzlink.io_tables import iomath
from ftzlink.vocabulary import IO_COEFFICIENTS


def supplier_buyer_matrix(
    mat: pd.DataFrame,
    table,
    *,
    coefficients: Literal["technical", "sales"] = "technical",
    domestic: bool = False,
) -> pd.DataFrame:
    """Region × region supplier–buyer linkage S = s W sᵀ (see the module docstring).

    ``mat`` is a non-negative region × sector matrix whose columns are the table's sector
    codes (any order; every region needs some activity). ``table`` is an
    :class:`~ftzlink.io_tables.table.IOTable` or any object with ``A`` (technical) or ``Z``
    (sales) as a sector × sector DataFrame; ``domestic=True`` uses ``A_domestic`` /
    ``Z_domestic`` (imported inputs excluded). Returns a DataFrame with index ``supplier``
    and columns ``buyer``.

    >>> A = pd.DataFrame([[0.2, 0.15], [0.1, 0.2]], index=["01", "02"], columns=["01", "02"])
    >>> table = type("T", (), {"A": A})()
    >>> mat = pd.DataFrame([[3, 1], [0, 2]], index=["r", "q"], columns=["01", "02"])
    >>> round(float(supplier_buyer_matrix(mat, table).loc["r", "q"]), 12)  # 0.75·0.15 + 0.25·0.2
    0.1625
    """
    check_choice(coefficients, IO_COEFFICIENTS, "supplier_buyer_matrix: coefficients")
    domestic = check_flag(domestic, "supplier_buyer_matrix: domestic")
    attr = ("A" if coefficients == "technical" else "Z") + ("_domestic" if domestic else "")
    try:
        links = getattr(table, attr)
    except AttributeError:
        raise FtzlinkError(
            f"supplier_buyer_matrix: table has no attribute {attr!r} (needed for coefficients={coefficients!r})"
        ) from None
    if not isinstance(links, pd.DataFrame):
        raise FtzlinkError(f"supplier_buyer_matrix: table.{attr} must be a sector × sector DataFrame")
    W = links if coefficients == "technical" else iomath.intermediate_sales_shares(links)
    W_arr, sectors = iomath._square(W, f"table.{attr}")
    mat = check_matrix(mat, "mat", allow_zero_rows=False)
    check_same_labels(mat, W, "columns", ("mat", f"table.{attr}"))
    x = mat[sectors].to_numpy()
    s = x / x.sum(axis=1, keepdims=True)
    return pd.DataFrame(s @ W_arr @ s.T, index=mat.index.rename("supplier"), columns=mat.index.rename("buyer"))
