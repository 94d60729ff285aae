"""Directional complementarity of two portfolios through industry relatedness (no IO table).

When no input-output table is at hand, relatedness between industries (industries that tend to
be targeted together are related, Hidalgo et al. 2007) stands in for supply-chain links: zone r
complements zone q when the industries q develops and r does not are closely related to r's own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.indices.relatedness import relatedness_density
from ftzlink.indices._kernels import as_array
from ftzlink.checks import check_pairwise


def relatedness_complementarity(mat: pd.DataFrame, rel: pd.DataFrame) -> pd.DataFrame:
    """RC_rq = mean over i ∈ A_q \\ A_r of RD_ri / 100 (r supplies related capabilities to q).

    ``mat`` is a 0/1 region × industry matrix M (A_r = {i: M_ri = 1}), ``rel`` an industry ×
    industry relatedness matrix φ and RD = ``relatedness_density(mat, rel)`` (EconGeo: RD_ri =
    100 Σ_j M_rj φ_ij / Σ_j φ_ij). In matrix form RC = [(RD/100 ∘ (1 − M)) Mᵀ] ⊘ [(1 − M) Mᵀ].

    Range [0, 1]; directional (index 'supplier', columns 'buyer'); NaN where q develops nothing
    r lacks (A_q ⊆ A_r: nothing left to complement) and on the diagonal. Industries with NaN
    relatedness density (related to nothing) count as 0. This is ftzlink's own construction
    on EconGeo's relatedness density; report it as such.

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]],
    ...                  index=["r1", "r2", "r3"], columns=["a", "b", "c", "d"])
    >>> from ftzlink.indices.relatedness import co_occurrence, relatedness
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


def mutual_complementarity(comp: pd.DataFrame) -> pd.DataFrame:
    """Symmetric complementarity of each pair: (C_rq + C_qr) / 2, NaN counted as 0.

    Turns a directional matrix (supplier → buyer) into the undirected link strength a network
    or map draws; an undefined direction (nothing to complement) contributes no link. The
    diagonal is 0.

    >>> c = pd.DataFrame([[np.nan, 0.8], [np.nan, np.nan]], index=["a", "b"], columns=["a", "b"])
    >>> mutual_complementarity(c).loc["a", "b"]
    np.float64(0.4)
    """
    values = np.nan_to_num(check_pairwise(comp, "comp").to_numpy())
    np.fill_diagonal(values, 0.0)
    labels = pd.Index(comp.index, name="zone_id")
    return pd.DataFrame((values + values.T) / 2, index=labels, columns=labels.copy())
