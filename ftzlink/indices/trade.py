"""Trade indices as defined by the World Bank's WITS (World Integrated Trade Solution).

- :func:`trade_intensity`: exporter × importer intensity of bilateral trade;
- :func:`grubel_lloyd`: intra-industry trade by region and industry (or per region);
- :func:`export_market_penetration`: share of the importing markets a region's exports reach;
- :func:`trade_specialisation`: net-export (trade specialisation) index by region and industry.

Exports and imports are region × industry matrices (rows regions or countries, columns products
or industries, same labels in any order); bilateral flows are an exporter × importer matrix
(rows export to columns) or, with products, a long table. The trade complementarity index is
:func:`ftzlink.indices.trade_complementarity`. WITS formulas: wits.worldbank.org, "Trade
Indicators" (Online Help, "Trade Outcomes Indicators").

Examples below use::

    >>> exports = pd.DataFrame({"a": [10.0, 0.0], "b": [5.0, 20.0]}, index=["r1", "r2"])
    >>> imports = pd.DataFrame({"a": [10.0, 5.0], "b": [15.0, 0.0]}, index=["r1", "r2"])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_columns, check_flag, check_matrix, check_same_labels, preview
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import check_pairs


def _pair(exports: pd.DataFrame, imports: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    x = check_matrix(exports, "exports")
    check_matrix(imports, "imports")
    check_same_labels(exports, imports, "index", ("exports", "imports"))
    check_same_labels(exports, imports, "columns", ("exports", "imports"))
    m = check_matrix(imports, "imports").loc[exports.index, exports.columns]
    return x.to_numpy(), m.to_numpy()


def trade_intensity(flows: pd.DataFrame) -> pd.DataFrame:
    """Trade intensity index of every exporter–importer pair: TII_ij = (x_ij / X_i) / (x_wj / X_w).

    x_ij are i's exports to j, X_i = Σ_j x_ij i's total exports, x_wj = Σ_i x_ij the world's
    exports to j and X_w the world total, the world being the regions of ``flows``. TII > 1: i
    exports more to j than j's weight in world imports suggests.

    Parameters
    ----------
    flows : DataFrame
        Exporter × importer flows (same labels on both axes, any order); the diagonal (trade
        with oneself) is ignored.

    Returns
    -------
    DataFrame
        Exporter × importer, rows in ``flows`` order, diagonal NaN. Range [0, ∞).

    Zeros: an exporter without exports has a NaN row; an importer without imports a NaN column.
    Reference: Brown (1949); Kojima (1964) Economic Journal 74: 1–30; WITS "Trade Intensity
    Index".

    Examples
    --------
    >>> flows = pd.DataFrame([[0, 10, 30], [20, 0, 20], [10, 10, 0]], index=list("abc"), columns=list("abc"))
    >>> trade_intensity(flows).round(4).to_numpy().tolist()  # world imports (30, 20, 50) of 100
    [[nan, 1.25, 1.5], [1.6667, nan, 1.0], [1.6667, 2.5, nan]]
    """
    f = check_pairs(flows, "flows", min_size=2, finite=True, nonnegative=True).to_numpy(copy=True)
    np.fill_diagonal(f, 0.0)
    exports, imports, world = f.sum(axis=1), f.sum(axis=0), f.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        values = (f / exports[:, None]) / (imports[None, :] / world)
    values[~np.isfinite(values)] = np.nan
    np.fill_diagonal(values, np.nan)
    labels = flows.index
    return pd.DataFrame(values, index=labels.copy(), columns=labels.copy()).rename_axis(
        index="exporter", columns="importer")


def grubel_lloyd(exports: pd.DataFrame, imports: pd.DataFrame, aggregate: bool = False) -> pd.DataFrame | pd.Series:
    """Grubel–Lloyd index of intra-industry trade: GL_ri = 1 − |X_ri − M_ri| / (X_ri + M_ri).

    ``aggregate=True`` gives one value per region, GL_r = 1 − Σ_i |X_ri − M_ri| / Σ_i (X_ri + M_ri)
    (the trade-weighted mean of the industry indices). 1 = exports and imports match (all trade
    intra-industry), 0 = one-way trade.

    Parameters
    ----------
    exports, imports : DataFrame
        Region × industry exports and imports (same labels, any order).
    aggregate : bool, default False
        One value per region instead of per region and industry.

    Returns
    -------
    DataFrame or Series
        Region × industry (or a Series by region named "grubel_lloyd"). Range [0, 1].

    Zeros: a cell (region) without exports and imports gets NaN (0/0). The aggregate is not
    corrected for the overall trade imbalance (Aquino 1978).
    Reference: Grubel & Lloyd (1975) *Intra-Industry Trade*, Macmillan; WITS "Intra-Industry
    Trade (Grubel-Lloyd) Index".

    Examples
    --------
    >>> exports = pd.DataFrame({"a": [10.0, 0.0], "b": [5.0, 20.0]}, index=["r1", "r2"])
    >>> imports = pd.DataFrame({"a": [10.0, 5.0], "b": [15.0, 0.0]}, index=["r1", "r2"])
    >>> grubel_lloyd(exports, imports).to_numpy().tolist()
    [[1.0, 0.5], [0.0, 0.0]]
    >>> grubel_lloyd(exports, imports, aggregate=True).round(4).tolist()  # 1 − 10/40, 1 − 25/25
    [0.75, 0.0]
    """
    aggregate = check_flag(aggregate, "aggregate")
    x, m = _pair(exports, imports)
    with np.errstate(divide="ignore", invalid="ignore"):
        if aggregate:
            values = 1.0 - np.abs(x - m).sum(axis=1) / (x + m).sum(axis=1)
            return pd.Series(values, index=exports.index, name="grubel_lloyd")
        values = 1.0 - np.abs(x - m) / (x + m)
    return pd.DataFrame(values, index=exports.index, columns=exports.columns)


def trade_specialisation(exports: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    """Trade specialisation (net export) index: TSI_ri = (X_ri − M_ri) / (X_ri + M_ri).

    Positive: net exporter of the industry (1: exports only); negative: net importer (−1:
    imports only). Equal to sign(X − M) · (1 − GL) with GL the Grubel–Lloyd index.

    Parameters
    ----------
    exports, imports : DataFrame
        Region × industry exports and imports (same labels, any order).

    Returns
    -------
    DataFrame
        Region × industry. Range [−1, 1].

    Zeros: a cell without exports and imports gets NaN (0/0).
    Reference: Balassa (1986); WITS "Trade Specialization Index" (net export ratio).

    Examples
    --------
    >>> exports = pd.DataFrame({"a": [10.0, 0.0], "b": [5.0, 20.0]}, index=["r1", "r2"])
    >>> imports = pd.DataFrame({"a": [10.0, 5.0], "b": [15.0, 0.0]}, index=["r1", "r2"])
    >>> trade_specialisation(exports, imports).to_numpy().tolist()
    [[0.0, -0.5], [-1.0, 1.0]]
    """
    x, m = _pair(exports, imports)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = (x - m) / (x + m)
    return pd.DataFrame(values, index=exports.index, columns=exports.columns)


def export_market_penetration(flows: pd.DataFrame, exporter: str = "exporter", importer: str = "importer",
                              product: str | None = "product", value: str = "value") -> pd.DataFrame | pd.Series:
    """Export market penetration: share (%) of the markets importing a product that a region exports it to.

    EMP_ik = 100 · #{j : x_ijk > 0} / #{j : Σ_e x_ejk > 0}: the number of destinations j to which
    exporter i ships product k, over the number of destinations that import k from anyone in
    ``flows`` (WITS: "the number of countries to which the reporter exports a particular product
    divided by the number of countries that report importing the product that year").

    Parameters
    ----------
    flows : DataFrame
        Long table of bilateral flows, one row per (exporter, importer[, product]) with a
        non-negative value. Rows with exporter = importer are ignored.
    exporter, importer, product, value : str
        Column names; ``product=None`` for flows of a single product (or of total trade).

    Returns
    -------
    DataFrame or Series
        Exporter × product (sorted labels), or a Series by exporter named
        "export_market_penetration" when ``product`` is None. Range [0, 100].

    Zeros: zero flows do not count as markets; a product nobody imports gets NaN; an exporter
    that ships a product nowhere gets 0. The exporter's own imports of k count in the
    denominator, as in WITS.
    Reference: WITS "Export Market Penetration Index"; Brenton & Newfarmer (2007) World Bank
    Policy Research WP 4343.

    Examples
    --------
    >>> flows = pd.DataFrame({"exporter": ["a", "a", "b", "c"], "importer": ["b", "c", "c", "a"],
    ...                       "product": ["p", "p", "p", "q"], "value": [5.0, 1.0, 2.0, 3.0]})
    >>> export_market_penetration(flows).to_numpy().tolist()  # p imported by b and c, q by a
    [[100.0, 0.0], [50.0, 0.0], [0.0, 100.0]]
    """
    keys = [exporter, importer] + ([] if product is None else [product])
    check_columns(flows, keys + [value], "flows")
    if flows.empty:
        raise FtzlinkError("flows: the table has no rows")
    if len(set(keys + [value])) < len(keys) + 1:
        raise FtzlinkError("flows: exporter, importer, product and value must name different columns")
    v = pd.to_numeric(flows[value], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(v) | (v < 0)
    if bad.any():
        raise FtzlinkError(f"flows: {int(bad.sum())} missing, non-numeric, infinite or negative {value!r} value(s), "
                           f"first at row {preview(flows.index[bad], 1)}")
    for col in keys:
        if flows[col].isna().any():
            raise FtzlinkError(f"flows: missing {col!r} label(s) in {int(flows[col].isna().sum())} row(s)")
    ex_codes, exporters = pd.factorize(flows[exporter], sort=True)
    im_codes, importers = pd.factorize(flows[importer], sort=True)
    if product is None:
        pr_codes, products = np.zeros(len(flows), dtype=np.int64), pd.Index(["all"])
    else:
        pr_codes, products = pd.factorize(flows[product], sort=True)
    keep = (v > 0) & (flows[exporter].to_numpy() != flows[importer].to_numpy())
    n_p, n_m = len(products), len(importers)
    # markets: distinct (importer, product) with positive flows; reached: distinct (exporter, importer, product)
    market = np.unique(im_codes[keep] * n_p + pr_codes[keep])
    n_markets = np.bincount(market % n_p, minlength=n_p).astype(float)
    reached = np.unique((ex_codes[keep] * n_m + im_codes[keep]) * n_p + pr_codes[keep])
    cell = (reached // (n_m * n_p)) * n_p + reached % n_p
    counts = np.bincount(cell, minlength=len(exporters) * n_p).reshape(len(exporters), n_p)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = 100.0 * counts / n_markets
    if product is None:
        return pd.Series(values[:, 0], index=pd.Index(exporters, name=exporter), name="export_market_penetration")
    return pd.DataFrame(values, index=pd.Index(exporters, name=exporter), columns=pd.Index(products, name=product))


__all__ = ["export_market_penetration", "grubel_lloyd", "trade_intensity", "trade_specialisation"]
