"""Modified gravity model of linkage strength (修正引力模型).

For zones (or their host cities) r and q with population P, economic size G (e.g. GDP) and
distance d,

    R_rq = k_rq · sqrt(P_r G_r) · sqrt(P_q G_q) / d_rq^b,   k_rq = G_r / (G_r + G_q),

so R_rq ≠ R_qr: k_rq is r's share of the pair's economic mass (its contribution to the
linkage). b is the distance-decay exponent (b = 2 is the usual choice). Units carry into R;
studies typically use P in 10⁴ persons, G in 10⁸ yuan and d in km — state the units used.

Reference: the form used widely in Chinese regional-linkage studies (ftzlink methods table,
"modified gravity linkage"); the underlying gravity hypothesis is Zipf, G. K. (1946). The
P1 P2/D hypothesis: on the intercity movement of persons. *American Sociological Review* 11(6),
677–686.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_number, check_vector
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import check_pairs


def gravity_strength(population: pd.Series, gdp: pd.Series, distance: pd.DataFrame, b: float = 2.0
                     ) -> pd.DataFrame:
    """Directed zone × zone linkage strength R_rq of the modified gravity model.

    Parameters
    ----------
    population, gdp : Series
        Size P and economic mass G per zone (same labels as ``distance``), non-negative.
    distance : DataFrame
        Zone × zone distances, e.g. :func:`ftzlink.stats.great_circle_km`; off-diagonal cells
        must be positive (two zones at the same point raise, naming the pair).
    b : float
        Distance-decay exponent (> 0).

    Returns
    -------
    DataFrame
        R_rq with rows r (the contributing zone) and columns q, in the order of
        ``distance``; the diagonal is 0 (no self-linkage), so ``R.sum(axis=1)`` is each
        zone's total linkage.

    Example
    -------
    P = (1, 4), G = (1, 3), d = 2, b = 2: sqrt(1·1)·sqrt(4·3)/4 = sqrt(12)/4 ≈ 0.866;
    R_12 = 1/4 · 0.866 = 0.2165, R_21 = 3/4 · 0.866 = 0.6495.

    >>> d = pd.DataFrame([[0.0, 2.0], [2.0, 0.0]], index=["x", "y"], columns=["x", "y"])
    >>> r = gravity_strength(pd.Series({"x": 1.0, "y": 4.0}), pd.Series({"x": 1.0, "y": 3.0}), d)
    >>> round(float(r.loc["x", "y"]), 4), round(float(r.loc["y", "x"]), 4)
    (0.2165, 0.6495)
    """
    b = check_number(b, "b (the distance-decay exponent)", 0, open_low=True)
    dist = check_pairs(distance, "distance", nonnegative=True, finite=True)
    labels = dist.index
    p = check_vector(population, labels, "population", "distance labels")
    g = check_vector(gdp, labels, "gdp", "distance labels")
    d = dist.to_numpy(copy=True)
    np.fill_diagonal(d, np.inf)
    if (d == 0).any():
        r, c = np.argwhere(d == 0)[0]
        raise FtzlinkError(f"distance: zero distance between {labels[r]!r} and {labels[c]!r}; the gravity "
                           f"model needs distinct points (merge the zones or give them their own points)")
    pair_mass = g[:, None] + g[None, :]
    if (pair_mass == 0).any():
        r, c = np.argwhere(pair_mass == 0)[0]
        raise FtzlinkError(f"gdp: zero for both {labels[r]!r} and {labels[c]!r}; k_rq = G_r/(G_r+G_q) is undefined")
    # Each input is divided by its largest value first and the scale is put back as one factor
    # (in logs), so that neither P·G nor d^b overflows or underflows for data near 1e±308.
    scales = [float(v.max()) if v.max() > 0 else 1.0 for v in (p, g, d[np.isfinite(d)])]
    p, g, d = p / scales[0], g / scales[1], d / scales[2]
    mass = np.sqrt(p * g)
    with np.errstate(over="ignore", under="ignore"):
        factor = np.exp(np.log(scales[0]) + np.log(scales[1]) - b * np.log(scales[2]))
        strength = (g[:, None] / (g[:, None] + g[None, :])) * mass[:, None] * mass[None, :] / d ** b * factor
    if not np.isfinite(strength).all():
        raise FtzlinkError("gravity_strength: the strengths overflow float64; rescale population, gdp or distance")
    return pd.DataFrame(strength, index=labels, columns=labels)
