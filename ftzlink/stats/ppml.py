"""PPML gravity estimation of zone-to-zone flows (Poisson pseudo-maximum likelihood).

For directed flows F_rq (r ≠ q: trade, investment, firm links …),

    E[F_rq | x] = exp(β_0 + Σ_k β_k x_k,rq [+ α_r + γ_q]),

estimated by a Poisson GLM with heteroskedasticity-robust standard errors. Zero flows stay in
the sample and the estimates are consistent under heteroskedasticity, unlike OLS on log F.
Covariates enter as given: pass logs yourself (log distance, log GDP) so that β reads as an
elasticity. ``fixed_effects=True`` adds origin and destination dummies (multilateral
resistance); zone-level covariates are then absorbed and not allowed.

Reference: Santos Silva, J. M. C. & Tenreyro, S. (2006). The log of gravity. *Review of
Economics and Statistics* 88(4), 641–658.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM

from ftzlink.checks import check_choice, check_flag, check_series, preview
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import align_pairs, check_pairs, pair_cells
from ftzlink.stats.result import InferenceResult

#: Covariance types of ``GLM.fit`` that ppml_gravity passes on.
COV_TYPES = ("HC0", "HC1", "HC2", "HC3", "nonrobust", "cluster")


def _covariates(value, name: str) -> dict:
    """A mapping name → covariate (None for none), as a dict."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise FtzlinkError(f"{name}: expected a mapping covariate name → values, got {type(value).__name__}")
    bad = [k for k in value if not isinstance(k, str)]
    if bad:
        raise FtzlinkError(f"{name}: covariate names must be text, got {preview(map(repr, bad))}")
    return dict(value)


def ppml_gravity(flows: pd.DataFrame, pair: Mapping[str, pd.DataFrame] | None = None, *,
                 origin: Mapping[str, pd.Series] | None = None,
                 destination: Mapping[str, pd.Series] | None = None,
                 fixed_effects: bool = False, cov_type: str = "HC1",
                 cov_kwds: dict | None = None) -> InferenceResult:
    """Fit a PPML gravity model to a zone × zone flow matrix with statsmodels GLM Poisson.

    Parameters
    ----------
    flows : DataFrame
        Square origin × destination matrix of non-negative flows; the diagonal (flows within a
        zone) is left out.
    pair : mapping name → DataFrame
        Pair covariates over the same zones, e.g. ``{"log_distance": np.log(dist),
        "same_province": same}``.
    origin, destination : mapping name → Series
        Zone covariates of the origin r and of the destination q, e.g.
        ``origin={"log_gdp_o": np.log(gdp)}``, ``destination={"log_gdp_d": np.log(gdp)}``.
    fixed_effects : bool
        Add origin and destination dummies (first zone of each as reference).
    cov_type, cov_kwds
        Passed to ``GLM.fit``: ``"HC1"`` (default; statsmodels scales HC0 by m / (m − k)),
        ``"HC0"``, ``"HC2"``, ``"HC3"``, ``"nonrobust"``, or ``"cluster"`` with
        ``cov_kwds={"groups": ...}`` in dyad order; statsmodels' refusal of ``cov_kwds`` is
        raised as FtzlinkError.

    Returns
    -------
    InferenceResult
        ``table`` indexed by term (``const`` and the covariates; fixed-effect dummies are only
        in the model): ``estimate`` (the coefficient), ``se``, ``z``, ``p_value``, ``ci_lower``, ``ci_upper`` (95 %);
        ``model`` the statsmodels GLM results, whose ``model.data.orig_exog`` is the design
        matrix indexed by (origin, destination).

    Reference: Santos Silva & Tenreyro (2006), *Review of Economics and Statistics* 88, 641–658.

    Example
    -------
    >>> z = ["a", "b", "c"]
    >>> f = pd.DataFrame([[0, 2, 1], [2, 0, 4], [1, 4, 0]], z, z)
    >>> res = ppml_gravity(f)        # intercept only: exp(const) = mean flow = 14/6
    >>> round(float(np.exp(res.table.loc["const", "estimate"])), 6)
    2.333333
    """
    pair, origin, destination = (_covariates(v, n) for v, n in ((pair, "pair"), (origin, "origin"),
                                                                 (destination, "destination")))
    fixed_effects = check_flag(fixed_effects, "fixed_effects")
    check_choice(cov_type, COV_TYPES, "cov_type")
    if cov_kwds is not None and not isinstance(cov_kwds, dict):
        raise FtzlinkError(f"cov_kwds: expected a dict of GLM.fit options, got {type(cov_kwds).__name__}")
    names = [*pair, *origin, *destination]
    clash = {n for n in names if names.count(n) > 1} | ({"flows", "const"} & set(names))
    if clash:
        raise FtzlinkError(f"covariate name(s) used twice or reserved ('flows', 'const'): {preview(sorted(clash))}")
    if fixed_effects and (origin or destination):
        raise FtzlinkError("origin/destination covariates are absorbed by fixed_effects=True; pass one or the other")
    check_pairs(flows, "flows", nonnegative=True, finite=True)
    labels, arrays = align_pairs({"flows": flows, **pair})
    rows, cols = pair_cells(len(labels), "offdiag")
    y = arrays["flows"][rows, cols]
    if y.sum() == 0:
        raise FtzlinkError("flows: all off-diagonal flows are zero; nothing to fit")
    data = {"const": np.ones(len(rows))}
    data.update({name: arrays[name][rows, cols] for name in pair})
    data.update({name: check_series(vec, name, labels, against="flows").to_numpy()[rows] for name, vec in origin.items()})
    data.update({name: check_series(vec, name, labels, against="flows").to_numpy()[cols] for name, vec in destination.items()})
    dyads = pd.MultiIndex.from_arrays([labels[rows], labels[cols]], names=["origin", "destination"])
    exog = pd.DataFrame(data, index=dyads)
    if fixed_effects:
        for side, codes in (("origin", rows), ("destination", cols)):
            dummies = (codes[:, None] == np.arange(1, len(labels))[None, :]).astype(float)
            exog[[f"{side}[{lab}]" for lab in labels[1:]]] = dummies
    if np.linalg.matrix_rank(exog.to_numpy()) < exog.shape[1]:
        const = [c for c in names if np.ptp(exog[c].to_numpy()) == 0]
        detail = f"constant covariate(s): {', '.join(const)}" if const else "covariates are collinear"
        raise FtzlinkError(f"ppml_gravity: design matrix is rank-deficient ({detail}); drop or combine covariates")
    try:
        model = GLM(pd.Series(y, index=dyads, name="flows"), exog, family=Poisson()).fit(
            cov_type=cov_type, cov_kwds=cov_kwds)
    except (ValueError, KeyError, TypeError) as exc:
        raise FtzlinkError(f"ppml_gravity: statsmodels refused cov_type={cov_type!r} with cov_kwds={cov_kwds!r}: "
                           f"{exc}") from None
    terms = ["const", *names]
    ci = model.conf_int().loc[terms]
    table = pd.DataFrame({"estimate": model.params[terms], "se": model.bse[terms], "z": model.tvalues[terms],
                          "p_value": model.pvalues[terms], "ci_lower": ci[0], "ci_upper": ci[1]})
    table.index.name = "term"
    return InferenceResult(table=table, model=model)
