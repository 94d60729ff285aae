"""Spatial lag, error and Durbin regressions of zone or province data through PySAL spreg.

A thin wrapper: the zone-labelled outcome, regressors and weights are aligned by label, the
weights transformed (row-standardised by default) and spreg estimates the model; ftzlink
returns a tidy coefficient table. Models (y outcome, X regressors with a constant, W weights):

- lag (SAR): y = ρ W y + X β + ε;
- error (SEM): y = X β + u, u = λ W u + ε;
- Durbin (``durbin=True``, spreg's ``slx_lags=1``): W X is added to the regressors — the
  spatial Durbin model (SDM) for the lag model, the spatial Durbin error model (SDEM) for the
  error model.

Estimators: maximum likelihood (``ML_Lag``, ``ML_Error``) or GMM / spatial two-stage least
squares (``GM_Lag``, ``GM_Error``). Coefficients of a lag model are not marginal effects: the
direct and indirect (spillover) impacts are in the spreg model (``model.sp_multipliers`` and
its summary).

References: Anselin, L. (1988). *Spatial Econometrics: Methods and Models*, Kluwer. LeSage, J.
& Pace, R. K. (2009). *Introduction to Spatial Econometrics*, CRC Press. Kelejian, H. H. &
Prucha, I. R. (1998). A generalized spatial two-stage least squares procedure for estimating a
spatial autoregressive model with autoregressive disturbances. *Journal of Real Estate Finance
and Economics* 17(1), 99–121. Rey, S. J. & Anselin, L. (2007). PySAL. *Review of Regional
Studies* 37(1), 5–27.
"""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ftzlink.checks import check_choice, check_flag, check_labelled_numeric, check_same_labels, check_series, preview
from ftzlink.errors import FtzlinkError
from ftzlink.stats.result import InferenceResult
from ftzlink.stats.spatial import _no_islands, _weight_frame
from ftzlink.vocabulary import SPATIAL_ESTIMATORS, SPATIAL_MODELS, WEIGHT_TRANSFORMATIONS


def spatial_regression(y: pd.Series, X: pd.DataFrame, weights, model: str = "lag", method: str = "ml", *,
                       durbin: bool = False, transformation: str = "r") -> InferenceResult:
    """Spatial lag or error regression (optionally Durbin) of a zone attribute, via spreg.

    Lag: y = ρ W y + X β + ε; error: y = X β + u with u = λ W u + ε; ``durbin`` adds W X
    (spreg ``slx_lags=1``). A constant is added by spreg (term ``CONSTANT``); the spatial
    terms are named as spreg names them: ``W_<y>`` for ρ, ``lambda`` for λ, ``W_<x>`` for the
    lagged regressors. Range: |ρ|, |λ| < 1 for row-standardised weights.

    Zeros: a zone without neighbours is refused (its spatial lag is undefined), and so is a
    regressor that is constant across zones (collinear with the constant).

    Parameters
    ----------
    y : Series
        The outcome per zone (or province); its name names the outcome.
    X : DataFrame
        Regressors per zone (columns), without a constant.
    weights : DataFrame or libpysal W
        Zone × zone weights over the same zones (diagonal ignored).
    model : "lag" or "error"
        Spatial lag (SAR) or spatial error (SEM) model.
    method : "ml" or "gm"
        Maximum likelihood (spreg ``ML_Lag`` / ``ML_Error``) or GMM / spatial 2SLS
        (``GM_Lag`` / ``GM_Error``).
    durbin : bool
        Add the spatially lagged regressors W X (SDM / SDEM).
    transformation : "r", "b" or "o"
        Weight transformation before estimation; spreg expects row-standardised weights.

    Returns
    -------
    InferenceResult
        ``table`` indexed by ``term``: ``estimate``, ``se``, ``z``, ``p_value`` (two-sided, from
        spreg), ``p_greater`` and ``p_less`` (one-sided normal tails of z), ``alternative``
        (``"two-sided"``); ``se``, ``z`` and the p-values are NaN where spreg gives none (λ of
        ``GM_Error``); ``model`` the spreg object (log-likelihood, AIC, pseudo-R², impacts,
        ``summary``).

    Raises
    ------
    FtzlinkError
        For a ``y`` that is not a numeric zone-labelled Series or an ``X`` that is not a numeric
        DataFrame; zones that differ between y, X and the weights; missing values; a constant
        regressor; fewer zones than coefficients + 2; zones without neighbours; an unknown
        ``model``, ``method`` or ``transformation``.

    References
    ----------
    Anselin, L. (1988), *Spatial Econometrics: Methods and Models*, Kluwer, ch. 6 and 12;
    LeSage & Pace (2009), *Introduction to Spatial Econometrics*, ch. 2; Kelejian & Prucha
    (1998, 1999); spreg ``ML_Lag``, ``ML_Error``, ``GM_Lag``, ``GM_Error``.

    Examples
    --------
    Six zones in a ring, y = 1 + 2x + noise; the table names its terms as spreg does:

    >>> zones = list("abcdef")
    >>> ring = np.roll(np.eye(6), 1, axis=1) + np.roll(np.eye(6), -1, axis=1)
    >>> w = pd.DataFrame(ring, index=zones, columns=zones)
    >>> X = pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]}, index=zones)
    >>> y = pd.Series([1.1, 2.9, 5.2, 6.8, 9.1, 11.0], index=zones, name="y")
    >>> res = spatial_regression(y, X, w, model="error", method="gm")
    >>> res.table.index.tolist()
    ['CONSTANT', 'x', 'lambda']
    >>> bool(abs(res.table.loc["x", "estimate"] - 2) < 0.1)
    True
    """
    check_choice(model, SPATIAL_MODELS, "model")
    check_choice(method, SPATIAL_ESTIMATORS, "method")
    check_choice(transformation, WEIGHT_TRANSFORMATIONS, "transformation")
    durbin = check_flag(durbin, "durbin")
    if not isinstance(y, pd.Series):
        raise FtzlinkError(f"y: expected a pandas Series labelled by zone, got {type(y).__name__}")
    check_labelled_numeric(X, "X", ("zone", "regressor"), "zones × regressors")
    if X.shape[1] == 0:
        raise FtzlinkError("X: needs at least one regressor column (spreg adds the constant)")
    wf = _weight_frame(weights)
    labels = wf.index
    y = check_series(y, "y", labels, against="weights")
    check_same_labels(X, wf, "index", ("X", "weights"))
    X = X.reindex(labels).astype(float)
    bad = ~np.isfinite(X.to_numpy())
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FtzlinkError(f"X: missing or infinite value for zone {labels[r]!r}, regressor {X.columns[c]!r}")
    flat = X.columns[np.ptp(X.to_numpy(), axis=0) == 0]
    if len(flat):
        raise FtzlinkError(f"X: regressor(s) {preview(flat)} constant across zones (collinear with the constant)")
    k = X.shape[1] * (2 if durbin else 1) + 2
    if len(labels) < k + 2:
        raise FtzlinkError(f"y: {len(labels)} zones are too few for {k} coefficients")
    w = wf.to_numpy(copy=True)
    np.fill_diagonal(w, 0.0)
    _no_islands(w, labels)

    try:
        import spreg
    except ImportError:
        raise FtzlinkError("spatial_regression needs PySAL's spreg: pip install 'spreg>=1.8'") from None
    from libpysal.weights import full2W

    W = full2W(w, ids=list(labels), silence_warnings=True)
    W.transform = transformation
    name_y = str(y.name) if y.name is not None else "y"
    names = {"name_y": name_y, "name_x": [str(c) for c in X.columns], "name_w": "weights"}
    lags = 1 if durbin else 0
    yy, xx = y.to_numpy()[:, None], X.to_numpy()
    estimator = {("lag", "ml"): spreg.ML_Lag, ("lag", "gm"): spreg.GM_Lag,
                 ("error", "ml"): spreg.ML_Error, ("error", "gm"): spreg.GM_Error}[model, method]
    # spreg 1.9 prints the class name while building its summary and warns from its own
    # pandas and scipy calls; neither concerns the estimates.
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"spreg(\.|$)")
        fit = estimator(yy, xx, w=W, slx_lags=lags, **names)
    terms = list(fit.name_z if hasattr(fit, "name_z") and model == "lag" else fit.name_x)
    estimate = np.asarray(fit.betas, dtype=float).reshape(-1)
    z = np.full(len(terms), np.nan)
    p = np.full(len(terms), np.nan)
    se = np.full(len(terms), np.nan)
    k_se = len(fit.std_err)
    se[:k_se] = np.asarray(fit.std_err, dtype=float)
    z[:len(fit.z_stat)] = [float(t[0]) for t in fit.z_stat]
    p[:len(fit.z_stat)] = [float(t[1]) for t in fit.z_stat]
    table = pd.DataFrame({"estimate": estimate, "se": se, "z": z, "p_value": p, "p_greater": stats.norm.sf(z),
                          "p_less": stats.norm.cdf(z), "alternative": "two-sided"},
                         index=pd.Index(terms, name="term"))
    return InferenceResult(table=table, model=fit)
