"""Directional complementarity between regions: how well supplier r's structure meets buyer q's needs.

Every function returns a supplier × buyer DataFrame whose index is named ``supplier`` and whose
columns are named ``buyer``; cell [r, q] reads "r supplies, q demands". The matrices are not
symmetric in general ([r, q] ≠ [q, r]).

Zero handling, common to all: a supplier or buyer whose row is all zero has no structure, so its
row (or column) is NaN. Industry labels of the two inputs must be the same set (any order);
otherwise FtzlinkError names the labels found on one side only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_same_labels, preview
from ftzlink.errors import FtzlinkError
from ftzlink.indices._kernels import (
    as_array,
    reference_shares,
    row_shares,
    square_matrix,
)
from ftzlink.indices._pairwise_l1 import l1_distances
from ftzlink.indices.product_space import relatedness_density
from ftzlink.vocabulary import COMPLEMENTARITY_BASES


def _directional(values: np.ndarray, suppliers: pd.Index, buyers: pd.Index) -> pd.DataFrame:
    out = pd.DataFrame(values, index=suppliers.copy(), columns=buyers.copy(), copy=False)
    return out.rename_axis(index="supplier", columns="buyer")


def _aligned(exports: pd.DataFrame, imports: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    x = as_array(exports, "exports")
    m = as_array(imports, "imports")
    check_same_labels(exports, imports, "columns", ("exports", "imports"))
    m = m[:, imports.columns.get_indexer(exports.columns)]
    return x, m


def _share_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Σ_i |a_ri − b_qi| between the share vectors of every row of a and every row of b (NaN rows → NaN)."""
    sa, sb = row_shares(a), row_shares(b)
    bad_a, bad_b = np.isnan(sa).any(axis=1), np.isnan(sb).any(axis=1)
    d = l1_distances(np.nan_to_num(sa), np.nan_to_num(sb))
    d[bad_a, :] = np.nan
    d[:, bad_b] = np.nan
    return np.minimum(d, 2.0)


def trade_complementarity(exports: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    """Trade complementarity index TC_rq = 100 · (1 − ½ Σ_i |m_qi − x_ri|).

    ``exports``: supplier × industry exports (x_r = r's export shares); ``imports``: buyer ×
    industry imports (m_q = q's import shares). Rows may be the same regions or different ones.
    Range [0, 100]: 100 = r's export mix matches q's import mix exactly, 0 = no overlap.
    Zeros: a supplier without exports or a buyer without imports gives NaN.
    Reference: Michaely (1996); World Bank WITS "Trade Complementarity Index".

    >>> ex = pd.DataFrame([[2, 2, 0], [0, 1, 3]], index=["p", "q"], columns=["a", "b", "c"])
    >>> im = pd.DataFrame([[0, 2, 2], [4, 0, 0]], index=["p", "q"], columns=["a", "b", "c"])
    >>> trade_complementarity(ex, im).loc["p", "q"], trade_complementarity(ex, im).loc["q", "p"]
    (np.float64(50.0), np.float64(75.0))
    """
    x, m = _aligned(exports, imports)
    return _directional(100.0 * (1.0 - _share_distance(x, m) / 2.0), exports.index, imports.index)


def drysdale_complementarity(
    exports: pd.DataFrame, imports: pd.DataFrame, reference: pd.Series | None = None
) -> pd.DataFrame:
    """Drysdale complementarity C_rq = Σ_i RCAx_ri · RCAm_qi · W_i / W = Σ_i x_ri m_qi / w_i.

    RCAx_ri = x_ri / w_i (r's export share over the reference share), RCAm_qi = m_qi / w_i, with
    w_i = W_i / W the reference trade shares. ``reference``: a Series by industry of world (or
    national) trade; default W_i = total exports plus total imports of industry i in the two
    inputs (in a closed set of regions both totals are equal, so this is either of them).
    Range [0, ∞): 1 = the pair matches as well as two average traders would; > 1 = complementary.
    Zeros: industries with w_i = 0 contribute 0 when no supplier exports and no buyer imports them
    and raise FtzlinkError otherwise (their RCA would be infinite).
    Reference: Drysdale (1967); Drysdale & Garnaut (1982).

    >>> ex = pd.DataFrame([[2, 2, 0], [0, 1, 3]], index=["p", "q"], columns=["a", "b", "c"])
    >>> im = pd.DataFrame([[0, 2, 2], [4, 0, 0]], index=["p", "q"], columns=["a", "b", "c"])
    >>> drysdale_complementarity(ex, im).round(4).loc["p", "q"]  # (1/2 · 1) / (6/16)
    np.float64(1.3333)
    """
    x, m = _aligned(exports, imports)
    if reference is None:
        w = x.sum(axis=0) + m.sum(axis=0)
        w = w / w.sum()
    else:
        w = reference_shares(reference, exports.columns)
        traded = (x.sum(axis=0) + m.sum(axis=0)) > 0
        if (traded & (w == 0)).any():
            raise FtzlinkError(
                f"reference is zero for traded industry(ies): {preview(exports.columns[traded & (w == 0)])}; "
                "their revealed comparative advantage would be infinite"
            )
    inverse = np.divide(1.0, w, out=np.zeros_like(w), where=w > 0)
    values = (row_shares(x) * inverse) @ row_shares(m).T
    return _directional(values, exports.index, imports.index)


def io_complementarity(mat: pd.DataFrame, io_table) -> pd.DataFrame:
    """Input-output complementarity: how much of buyer q's intermediate-input needs r's structure covers.

    With A the technical-coefficient matrix (a_ij = input from sector i per unit of sector j's
    output) and s_q the sector shares of q: d_q = A s_q, normalised to shares, is the mix of
    inputs q's production needs, and IOC_rq = 1 − ½ Σ_i |s_ri − d_qi|. Range [0, 1]: 1 = r's
    structure is exactly q's input mix.

    ``io_table``: a square sector × sector DataFrame A whose labels are ``mat``'s columns (any
    order), or any object with an attribute ``A`` holding one (e.g. an IO-table object).

    Variant: of the two forms in methods.md this implements the input-requirement matching
    above, not the Ellison–Glaeser–Kerr link weighting Σ_i Σ_j s_ri o_ij s_qj. The chosen form
    needs only A (the output-coefficient shares o_ij need gross outputs or the transactions
    matrix as well), is bounded on [0, 1] like the trade complementarity index (TC / 100), and
    reads directly as a share of q's input needs met by r's structure.

    Zeros: an all-zero row of ``mat`` gives NaN for that supplier and buyer; a buyer whose sectors
    use no intermediate inputs (d_q = 0) also gives NaN.
    Reference: Leontief technical coefficients (Miller & Blair 2009); the distance form follows
    Michaely (1996).

    >>> a = pd.DataFrame([[0.1, 0.2, 0.0], [0.3, 0.0, 0.4], [0.0, 0.2, 0.1]],
    ...                  index=["a", "b", "c"], columns=["a", "b", "c"])
    >>> mat = pd.DataFrame([[1, 1, 0], [0, 0, 1]], index=["p", "q"], columns=["a", "b", "c"])
    >>> io_complementarity(mat, a).loc["p"].tolist()
    [0.75, 0.5]
    """
    table = getattr(io_table, "A", io_table)
    if not isinstance(table, pd.DataFrame):
        raise FtzlinkError(
            f"io_table: expected a technical-coefficient DataFrame or an object with attribute A, "
            f"got {type(io_table).__name__}"
        )
    x = as_array(mat, "mat")
    a = square_matrix(table, "io_table.A", mat.columns, "mat columns")
    needs = row_shares(x) @ a.T  # row q: d_q = A s_q
    return _directional(1.0 - _share_distance(x, needs) / 2.0, mat.index, mat.index)


def relatedness_complementarity(mat: pd.DataFrame, rel: pd.DataFrame) -> pd.DataFrame:
    """RC_rq = mean over i ∈ A_q \\ A_r of RD_ri / 100 (r supplies related capabilities to q).

    ``mat`` is a 0/1 region × industry matrix M (A_r = {i: M_ri = 1}), ``rel`` an industry ×
    industry relatedness matrix φ and RD = ``relatedness_density(mat, rel)`` (EconGeo: RD_ri =
    100 Σ_j M_rj φ_ij / Σ_j φ_ij). In matrix form RC = [(RD/100 ∘ (1 − M)) Mᵀ] ⊘ [(1 − M) Mᵀ].

    Range [0, 1]; directional (index 'supplier', columns 'buyer'); NaN where q develops nothing
    r lacks (A_q ⊆ A_r: nothing left to complement) and on the diagonal. Industries with NaN
    relatedness density (related to nothing) count as 0. This is ftzlink's own construction
    on EconGeo's relatedness density; report it as such.

    Zeros: an all-zero row (a region with no industry) gives NaN as supplier and buyer.
    Reference: relatedness density as in EconGeo's ``relatedness_density`` (Balland);
    Hidalgo, Klinger, Barabási & Hausmann (2007), *Science* 317, 482–487.

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]],
    ...                  index=["r1", "r2", "r3"], columns=["a", "b", "c", "d"])
    >>> from ftzlink.indices.product_space import co_occurrence, relatedness
    >>> rc = relatedness_complementarity(m, relatedness(co_occurrence(m), method="cosine"))
    >>> round(float(rc.loc["r1", "r3"]), 4)  # mean of RD_r1,c and RD_r1,d
    0.5738
    """
    m = as_array(mat, "mat", binary=True)
    rd = relatedness_density(mat, rel).to_numpy(dtype=float) / 100.0
    lacking = 1.0 - m
    num = np.nan_to_num(rd * lacking) @ m.T
    den = lacking @ m.T
    with np.errstate(invalid="ignore", divide="ignore"):
        rc = np.where(den > 0, num / den, np.nan)
    np.fill_diagonal(rc, np.nan)
    return pd.DataFrame(rc, index=pd.Index(mat.index, name="supplier"), columns=pd.Index(mat.index, name="buyer"))


def complementarity(mat: pd.DataFrame, basis: str = "io", *, io_table=None,
                    rel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Directional complementarity of regions on a stated basis (supplier × buyer).

    - ``basis="io"``: :func:`io_complementarity` — ``mat`` holds the regions' structure on the
      sectors of ``io_table`` (an IO-table object or its A matrix); rests on the input-output
      structure of the economy (who buys inputs from whom).
    - ``basis="relatedness"``: :func:`relatedness_complementarity` — ``mat`` is a 0/1 region ×
      industry matrix and ``rel`` an industry × industry relatedness matrix. Relatedness should
      come from outside the regions being compared (e.g. input-output relatedness from a
      national table, :func:`ftzlink.io_tables.io_relatedness`); relatedness estimated from the
      co-occurrence of the same regions' lists is exploratory (few regions make it coarse and
      circular).

    Returns the supplier × buyer DataFrame of the chosen index; ``result.attrs["basis"]`` names
    the basis. Range [0, 1] for both bases.

    Zeros: as in the chosen index — NaN where a supplier or buyer has no structure, where
    nothing is left to complement, and on the diagonal.

    Reference: see :func:`io_complementarity` and :func:`relatedness_complementarity`.

    >>> a = pd.DataFrame([[0.1, 0.2, 0.0], [0.3, 0.0, 0.4], [0.0, 0.2, 0.1]],
    ...                  index=["a", "b", "c"], columns=["a", "b", "c"])
    >>> mat = pd.DataFrame([[1, 1, 0], [0, 0, 1]], index=["p", "q"], columns=["a", "b", "c"])
    >>> c = complementarity(mat, "io", io_table=a)
    >>> round(float(c.loc["p", "q"]), 6), c.attrs["basis"]
    (0.5, 'io')
    """
    check_choice(basis, COMPLEMENTARITY_BASES, "complementarity: basis")
    if basis == "io":
        if io_table is None or rel is not None:
            raise FtzlinkError("complementarity: basis='io' needs io_table= (and no rel=)")
        out = io_complementarity(mat, io_table)
    else:
        if rel is None or io_table is not None:
            raise FtzlinkError("complementarity: basis='relatedness' needs rel= (and no io_table=)")
        out = relatedness_complementarity(mat, rel)
    out.attrs["basis"] = basis
    return out
