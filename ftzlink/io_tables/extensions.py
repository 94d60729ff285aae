"""Input-output extensions on arrays: accounts, satellite multipliers, demand shocks, extraction.

A pure module like :mod:`ftzlink.io_tables.iomath` (and, like it, after pymrio's ``iomath``):
functions take NumPy arrays or labelled pandas objects and return the same kind with the labels
kept. Notation: ``Z`` intermediate flows (row i supplies column j), ``x`` gross output, ``f``
final demand, ``A = Z x̂⁻¹``, ``L = (I − A)⁻¹``, ``B = x̂⁻¹ Z``, ``G = (I − B)⁻¹``, ``F`` a
satellite account (stressors × sectors, e.g. employment or emissions) and ``S = F x̂⁻¹`` its
intensities.

- Accounts: :func:`gross_output` (x = Z·1 + f), :func:`intermediate_flows` (Z = A x̂);
- satellite accounts: :func:`satellite_coefficients` (S = F x̂⁻¹),
  :func:`satellite_multipliers` (M = S L), :func:`downstream_multipliers` (S (Gᵀ − I));
- demand shocks: :func:`demand_impact` (x = L f, Δx = L Δf);
- linkages by the hypothetical extraction method: :func:`hypothetical_extraction`.

Reference: Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions*, 2nd ed., Cambridge University Press (ch. 2 accounts, ch. 6 multipliers, ch. 12
Ghosh model and extraction). Stadler, K. (2021). Pymrio – a Python based multi-regional
input-output analysis toolbox. *Journal of Open Research Software* 9(1), 8.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ftzlink.checks import check_flag, check_labelled_numeric, preview
from ftzlink.errors import FtzlinkError
from ftzlink.io_tables.iomath import Matrix, Vector, _check_inverse, _square, _vector, _wrap

Block = np.ndarray | pd.Series | pd.DataFrame


def _block(values: Block, labels: pd.Index | None, n: int, name: str, sector_axis: int
           ) -> tuple[np.ndarray, tuple]:
    """A finite 2-D float array with the n sectors on ``sector_axis`` (aligned to ``labels``).

    Returns the array and how to wrap a result alike: (kind, sector labels, other labels, name)
    with kind "array1", "array2", "series" or "frame".
    """
    if isinstance(values, pd.Series | pd.DataFrame):
        kind = "series" if isinstance(values, pd.Series) else "frame"
        frame = values.to_frame() if kind == "series" else values
        if sector_axis == 1 and kind == "frame":
            frame = frame.T
        check_labelled_numeric(frame, name, ("sector", "column"), "sectors × columns")
        bools = [c for c, dtype in frame.dtypes.items() if pd.api.types.is_bool_dtype(dtype)]
        if bools:
            raise FtzlinkError(f"{name}: boolean values in {preview(bools)}; expected numbers")
        if labels is not None:
            only, missing = frame.index.difference(labels), labels.difference(frame.index)
            if len(only) or len(missing):
                raise FtzlinkError(f"{name}: sector labels differ from the matrix sectors: only in {name}: "
                                   f"[{preview(only)}]; missing: [{preview(missing)}]")
            frame = frame.reindex(index=labels)
        arr = frame.to_numpy(dtype=float)
        wrap = (kind, frame.index, frame.columns, getattr(values, "name", None))
    else:
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError) as exc:
            raise FtzlinkError(f"{name}: non-numeric entries ({exc})") from None
        wrap = ("array1" if arr.ndim == 1 else "array2", None, None, None)
        if arr.ndim == 2 and sector_axis == 1:
            arr = arr.T
        elif arr.ndim == 1:
            arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[0] != n or arr.size == 0:
        raise FtzlinkError(f"{name}: expected {n} values per column (one per sector), got shape {np.shape(values)}")
    bad = ~np.isfinite(arr)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        where = labels[r] if labels is not None else r
        raise FtzlinkError(f"{name}: missing or infinite value for sector {where!r}; ftzlink does not fill gaps")
    return arr, wrap


def _rewrap(arr: np.ndarray, wrap: tuple, sector_axis: int):
    """Wrap ``arr`` (sectors × columns) like the input described by ``wrap`` (see :func:`_block`)."""
    kind, sectors, other, name = wrap
    if kind == "array1":
        return arr.reshape(-1)
    if kind == "array2":
        return arr if sector_axis == 0 else arr.T
    if kind == "series":
        return pd.Series(arr.reshape(-1), index=sectors.copy(), name=name)
    frame = pd.DataFrame(arr, index=sectors.copy(), columns=other.copy())
    return frame if sector_axis == 0 else frame.T


def gross_output(Z: Matrix, final_demand: Block) -> Vector:
    """Gross output from the row side of the table, x = Z·1 + f.

    x_i = Σ_j z_ij + Σ_c f_ic: what sector i sells to intermediate use plus final demand,
    summed over the final-demand components c (consumption, investment, exports, …; net
    exports or inventory changes may be negative). Range: x ≥ 0 (checked).

    Zeros: a sector with neither intermediate sales nor final demand has x_i = 0; a negative
    sum raises FtzlinkError naming the sector.

    Parameters
    ----------
    Z : numpy.ndarray or pandas.DataFrame
        Intermediate flows (n × n, non-negative), the same sector labels on both axes.
    final_demand : numpy.ndarray, pandas.Series or pandas.DataFrame
        Final demand by sector: one vector (n values) or a sectors × components table. Labelled
        input is aligned to Z's sectors by label.

    Returns
    -------
    numpy.ndarray or pandas.Series
        x (n values); a Series named ``gross_output`` indexed by sector for a labelled ``Z``.

    Raises
    ------
    FtzlinkError
        For an invalid ``Z`` (see :func:`~ftzlink.io_tables.iomath.leontief_inverse`), final
        demand of the wrong shape, other sector labels, missing or infinite values, and a
        negative gross output.

    References
    ----------
    Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., eq. (2.1); pymrio ``calc_x``.

    Examples
    --------
    Z = [[20, 30], [10, 40]] with final demand 50 and 150: x = (20 + 30 + 50, 10 + 40 + 150).

    >>> gross_output(np.array([[20.0, 30.0], [10.0, 40.0]]), np.array([50.0, 150.0])).tolist()
    [100.0, 200.0]
    >>> s = ["agri", "manu"]
    >>> Z = pd.DataFrame([[20.0, 30.0], [10.0, 40.0]], index=s, columns=s)
    >>> fd = pd.DataFrame({"consumption": [40.0, 100.0], "exports": [10.0, 50.0]}, index=s)
    >>> gross_output(Z, fd).to_dict()
    {'agri': 100.0, 'manu': 200.0}
    """
    Z_, labels = _square(Z, "Z")
    f, _ = _block(final_demand, labels, Z_.shape[0], "final_demand", 0)
    x = Z_.sum(axis=1) + f.sum(axis=1)
    if (x < 0).any():
        k = int(np.argmax(x < 0))
        where = labels[k] if labels is not None else k
        raise FtzlinkError(f"final_demand: gross output of sector {where!r} would be {x[k]:g} < 0; "
                           f"check the signs of the final-demand components")
    return x if labels is None else pd.Series(x, index=labels.copy(), name="gross_output")


def intermediate_flows(A: Matrix, x: Vector) -> Matrix:
    """Intermediate flows from coefficients and output, Z = A x̂, i.e. z_ij = a_ij x_j.

    The inverse of :func:`~ftzlink.io_tables.iomath.technical_coefficients`; used to rebuild a
    table after a change in A or x. Range: z_ij ≥ 0.

    Zeros: a sector with zero output gets a zero column.

    Parameters
    ----------
    A : numpy.ndarray or pandas.DataFrame
        Technical coefficients (n × n, non-negative).
    x : numpy.ndarray or pandas.Series
        Gross output (n values, non-negative), aligned to A's labels when both are labelled.

    Returns
    -------
    numpy.ndarray or pandas.DataFrame
        Z (n × n), of the same kind as ``A``.

    Raises
    ------
    FtzlinkError
        For an invalid ``A`` or ``x`` (shape, labels, missing, infinite or negative values).

    References
    ----------
    Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., eq. (2.4); pymrio ``calc_Z``.

    Examples
    --------
    >>> intermediate_flows(np.array([[0.2, 0.15], [0.1, 0.2]]), np.array([100.0, 200.0])).round(6).tolist()
    [[20.0, 30.0], [10.0, 40.0]]
    """
    A_, labels = _square(A, "A")
    x_ = _vector(x, labels, A_.shape[0], "x")
    return _wrap(A_ * x_[None, :], labels)


def satellite_coefficients(F: Block, x: Vector) -> Block:
    """Satellite intensities S = F x̂⁻¹, i.e. s_kj = f_kj / x_j (e.g. jobs per unit of output).

    ``F`` holds satellite accounts by sector (stressors × sectors: employment, energy use,
    emissions, …). Range: the sign and units of F per unit of output.

    Zeros: a sector with zero output gets zero intensities (as in pymrio); zero output with a
    non-zero account raises FtzlinkError naming the sector.

    Parameters
    ----------
    F : numpy.ndarray, pandas.Series or pandas.DataFrame
        Satellite accounts: one account (n values, a Series by sector) or stressors × sectors.
    x : numpy.ndarray or pandas.Series
        Gross output (n values, non-negative). A labelled ``x`` fixes the sector order and
        labelled ``F`` is aligned to it.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        S, of the same kind and shape as ``F``.

    Raises
    ------
    FtzlinkError
        For accounts of the wrong shape, other sector labels, missing or infinite values, an
        invalid ``x``, and an account in a sector without output.

    References
    ----------
    Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., section 10.1 (environmental and
    employment extensions); pymrio ``calc_S``.

    Examples
    --------
    Jobs (12, 30) in sectors with output (100, 200): 0.12 and 0.15 jobs per unit.

    >>> s = ["agri", "manu"]
    >>> jobs = pd.DataFrame([[12.0, 30.0]], index=["employment"], columns=s)
    >>> satellite_coefficients(jobs, pd.Series([100.0, 200.0], index=s)).round(6).loc["employment"].tolist()
    [0.12, 0.15]
    """
    labels = x.index if isinstance(x, pd.Series) else None
    n = len(x) if labels is not None else np.asarray(x).reshape(-1).size
    x_ = _vector(x, labels, n, "x")
    f, wrap = _block(F, labels, n, "F", 1)
    zero = x_ == 0
    bad = zero & (f != 0).any(axis=1)
    if bad.any():
        k = int(np.argmax(bad))
        where = labels[k] if labels is not None else k
        raise FtzlinkError(f"satellite_coefficients: sector {where!r} has zero gross output but a non-zero account")
    return _rewrap(f / np.where(zero, 1.0, x_)[:, None], wrap, 1)


def _multiply(S: Block, M: Matrix, name: str, transform) -> Block:
    M_, labels = _square(M, name)
    s, wrap = _block(S, labels, M_.shape[0], "S", 1)          # sectors × stressors
    _check_inverse(M_, labels, name)
    return _rewrap(transform(M_).T @ s, wrap, 1)


def satellite_multipliers(S: Block, L: Matrix) -> Block:
    """Satellite (e.g. employment) multipliers M = S L.

    m_kj = Σ_i s_ki l_ij: the stressor k generated in all sectors, directly and indirectly, per
    unit of final demand for sector j (e.g. jobs per million yuan of final demand). M ≥ S for
    non-negative S, since L ≥ I.

    Zeros: a sector with zero intensities everywhere upstream has a zero multiplier.

    Parameters
    ----------
    S : numpy.ndarray, pandas.Series or pandas.DataFrame
        Intensities (stressors × sectors or one account by sector), e.g. from
        :func:`satellite_coefficients`.
    L : numpy.ndarray or pandas.DataFrame
        Leontief inverse (n × n, non-negative), e.g. from
        :func:`~ftzlink.io_tables.iomath.leontief_inverse`; labelled ``S`` is aligned to it.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        M, of the same kind and shape as ``S``.

    Raises
    ------
    FtzlinkError
        For an invalid ``L`` (see :func:`~ftzlink.io_tables.iomath.output_multipliers`: also a
        diagonal below 1, which no inverse has), or ``S`` of the wrong shape, other labels,
        boolean, missing or infinite values.

    References
    ----------
    Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., section 6.3 (income and
    employment multipliers); pymrio ``calc_M``.

    Examples
    --------
    L = [[1.28, 0.24], [0.16, 1.28]], S = (0.12, 0.15) jobs per unit:
    M = (0.12·1.28 + 0.15·0.16, 0.12·0.24 + 0.15·1.28) = (0.1776, 0.2208).

    >>> satellite_multipliers(np.array([0.12, 0.15]), np.array([[1.28, 0.24], [0.16, 1.28]])).round(6).tolist()
    [0.1776, 0.2208]
    """
    return _multiply(S, L, "L", lambda m: m)


def downstream_multipliers(S: Block, G: Matrix) -> Block:
    """Downstream (Ghosh, supply-side) satellite multipliers S (Gᵀ − I), as pymrio ``calc_M_down``.

    The (k, i) entry Σ_{j} s_kj (g_ij − δ_ij) is the stressor k in the sectors j that use, directly
    and indirectly, the output enabled by one unit of primary input in sector i, leaving out
    sector i's own direct intensity. Range: ≥ 0 for non-negative S.

    Zeros: a sector whose output nobody uses (a zero row of B) has a zero multiplier.

    Parameters
    ----------
    S : numpy.ndarray, pandas.Series or pandas.DataFrame
        Intensities (stressors × sectors or one account by sector).
    G : numpy.ndarray or pandas.DataFrame
        Ghosh inverse (n × n, non-negative), e.g. from
        :func:`~ftzlink.io_tables.iomath.ghosh_inverse`.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        The multipliers, of the same kind and shape as ``S``.

    Raises
    ------
    FtzlinkError
        For an invalid ``G`` (as ``L`` in :func:`~ftzlink.io_tables.iomath.output_multipliers`),
        or ``S`` of the wrong shape, other labels, boolean, missing or infinite values.

    References
    ----------
    Ghosh, A. (1958), Input-output approach in an allocation system, *Economica* 25(97), 58–64.
    Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., section 12.1; pymrio ``calc_M_down``.

    Examples
    --------
    G = [[1.28, 0.48], [0.08, 1.28]], S = (0.12, 0.15): Gᵀ − I = [[0.28, 0.08], [0.48, 0.28]],
    so the multipliers are (0.12·0.28 + 0.15·0.48, 0.12·0.08 + 0.15·0.28) = (0.1056, 0.0516).

    >>> downstream_multipliers(np.array([0.12, 0.15]), np.array([[1.28, 0.48], [0.08, 1.28]])).round(6).tolist()
    [0.1056, 0.0516]
    """
    return _multiply(S, G, "G", lambda m: m.T - np.eye(m.shape[0]))


def demand_impact(L: Matrix, demand: Block) -> Block:
    """Output needed for a final demand, x = L f, or the output change of a demand shock, Δx = L Δf.

    Linear in the demand, so the same call gives levels (f) and impacts of a change (Δf, which
    may be negative). Several scenarios are columns of a sectors × scenarios table.

    Zeros: a zero demand vector gives zero output.

    Parameters
    ----------
    L : numpy.ndarray or pandas.DataFrame
        Leontief inverse (n × n, non-negative).
    demand : numpy.ndarray, pandas.Series or pandas.DataFrame
        Final demand or its change by sector (n values), or sectors × scenarios; labelled input
        is aligned to L's sectors.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        x or Δx, of the same kind and shape as ``demand``, indexed by L's sectors.

    Raises
    ------
    FtzlinkError
        For an invalid ``L`` (see :func:`~ftzlink.io_tables.iomath.output_multipliers`), or a
        demand of the wrong shape, other labels, boolean, missing or infinite values.

    References
    ----------
    Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., section 2.3 (impact analysis);
    pymrio ``calc_x_from_L``.

    Examples
    --------
    L = [[1.28, 0.24], [0.16, 1.28]]; 10 more final demand for manufacturing raises output by
    (2.4, 12.8):

    >>> s = ["agri", "manu"]
    >>> L = pd.DataFrame([[1.28, 0.24], [0.16, 1.28]], index=s, columns=s)
    >>> demand_impact(L, pd.Series({"manu": 10.0, "agri": 0.0})).round(6).to_dict()
    {'agri': 2.4, 'manu': 12.8}
    """
    L_, labels = _square(L, "L")
    f, wrap = _block(demand, labels, L_.shape[0], "demand", 0)
    _check_inverse(L_, labels, "L")
    return _rewrap(L_ @ f, wrap, 0)


def _groups(groups, labels: pd.Index | None, n: int) -> dict:
    """Extracted sets as {group: positions}; None gives every sector on its own."""
    names = labels if labels is not None else pd.RangeIndex(n)
    if groups is None:
        return {name: np.array([k]) for k, name in enumerate(names)}
    if isinstance(groups, Mapping):
        groups = pd.Series(groups, dtype=object)
    if not isinstance(groups, pd.Series):
        raise FtzlinkError(f"groups: expected a Series or mapping sector → group, got {type(groups).__name__}")
    if groups.index.has_duplicates:
        raise FtzlinkError(f"groups: sector(s) listed twice: {preview(groups.index[groups.index.duplicated()])}")
    unknown = groups.index.difference(names)
    if len(unknown):
        hint = ("; Z is an array without sector labels: give positions 0..n−1 or pass Z as a DataFrame"
                if labels is None else "")
        raise FtzlinkError(f"groups: unknown sector(s) {preview(unknown)}{hint}")
    groups = groups.dropna()
    if groups.empty:
        raise FtzlinkError("groups: no sector is assigned to a group")
    return {name: names.get_indexer(members) for name, members in groups.groupby(groups, sort=False).groups.items()}


def hypothetical_extraction(Z: Matrix, x: Vector, groups: pd.Series | Mapping | None = None, *,
                            keep_within: bool = False) -> pd.DataFrame:
    """Backward, forward and total linkages of sectors by the hypothetical extraction method.

    The economy is recomputed without the intermediate links of an extracted sector (or set of
    sectors) E, and the loss of total output measures how much the rest depends on it:

    - backward (column extraction, demand-driven): Ā = A with the columns of E set to 0,
      x̄ = (I − Ā)⁻¹ f, loss 1ᵀ(x − x̄) — E no longer buys intermediate inputs;
    - forward (row extraction, supply-driven Ghosh model): B̄ = B with the rows of E set to 0,
      x̄ᵀ = vᵀ (I − B̄)⁻¹, loss 1ᵀ(x − x̄) — E no longer sells to intermediate use;
    - total (rows and columns, demand-driven): Ā = A with rows and columns of E set to 0,
      x̄ = (I − Ā)⁻¹ f, loss 1ᵀ(x − x̄).

    Final demand f = x − Z·1 and primary inputs vᵀ = xᵀ − 1ᵀZ are those of the table, so the
    unextracted model reproduces x exactly. The ``*_share`` columns divide each loss by total
    output 1ᵀx. Range: losses in [0, 1ᵀx], shares in [0, 1]; total ≥ backward. With
    ``keep_within`` the flows among the members of a set are kept and only its links with
    the rest are cut (the regional extraction of Dietzenbacher, van der Linden & Steenge 1993);
    for single sectors it changes nothing but the diagonal cell, which is then kept.

    Zeros: a sector without intermediate purchases has no backward loss, one without
    intermediate sales no forward loss; zero-output sectors are allowed (zero rows of B).

    Parameters
    ----------
    Z : numpy.ndarray or pandas.DataFrame
        Intermediate flows (n × n, non-negative), e.g. ``IOTable.Z``.
    x : numpy.ndarray or pandas.Series
        Gross output (n values, non-negative), aligned to Z by label.
    groups : Series or mapping sector → group, optional
        The group of each sector to extract (labels for a labelled Z, positions for arrays);
        the sectors of a group are extracted jointly, sectors left out (or NaN) are not
        extracted, e.g. ``{"C13": "manufacturing", "C14": "manufacturing"}``; default every
        sector on its own.
    keep_within : bool, default False
        Keep the flows among the members of an extracted set.

    Returns
    -------
    pandas.DataFrame
        One row per extracted sector or set (index ``extracted``, or the sector levels of a
        labelled MultiIndex when every sector is extracted), columns ``backward``,
        ``forward``, ``total`` (output lost, in the units of x) and ``backward_share``,
        ``forward_share``, ``total_share`` (as a share of total output).

    Raises
    ------
    FtzlinkError
        For invalid Z or x (see :func:`~ftzlink.io_tables.iomath.technical_coefficients`),
        negative final demand or primary inputs implied by the table, unknown or repeated
        sectors in ``groups`` and a non-boolean ``keep_within``.

    References
    ----------
    Dietzenbacher, E., van der Linden, J. A. & Steenge, A. E. (1993), The regional extraction
    method: EC input-output comparisons, *Economic Systems Research* 5(2), 185–206. Miller,
    R. E. & Lahr, M. L. (2001), A taxonomy of extractions, in Lahr & Miller (eds.), *Regional
    Science Perspectives in Economic Analysis*, Elsevier, 407–441. Miller & Blair (2009),
    *Input-Output Analysis*, 2nd ed., section 12.2.5.

    Examples
    --------
    Z = [[20, 30], [10, 40]], x = (100, 200): A = [[0.2, 0.15], [0.1, 0.2]], f = (50, 150),
    B = [[0.2, 0.3], [0.05, 0.2]], v = (70, 130). Extracting agri's column gives
    x̄ = (50 + 0.15 · 187.5, 150 / 0.8) = (78.125, 187.5), a loss of 300 − 265.625 = 34.375;
    its row (Ghosh) x̄ = (70 + 0.05 · 162.5, 130 / 0.8) = (78.125, 162.5), a loss of 59.375;
    both: x̄ = (50, 187.5), a loss of 62.5.

    >>> s = ["agri", "manu"]
    >>> Z = pd.DataFrame([[20.0, 30.0], [10.0, 40.0]], index=s, columns=s)
    >>> out = hypothetical_extraction(Z, pd.Series([100.0, 200.0], index=s))
    >>> out.loc["agri", ["backward", "forward", "total"]].round(6).tolist()
    [34.375, 59.375, 62.5]
    >>> round(float(out.loc["agri", "total_share"]), 6)
    0.208333

    Both sectors as one group: only final demand is left, the loss is all intermediate use, 100:

    >>> both = hypothetical_extraction(Z, pd.Series([100.0, 200.0], index=s), {"agri": "all", "manu": "all"})
    >>> both.loc["all", ["backward", "forward", "total"]].round(6).tolist()
    [100.0, 100.0, 100.0]
    """
    Z_, labels = _square(Z, "Z")
    n = Z_.shape[0]
    x_ = _vector(x, labels, n, "x")
    keep_within = check_flag(keep_within, "keep_within")
    sets = _groups(groups, labels, n)
    safe = np.where(x_ == 0, 1.0, x_)
    for axis, what in ((0, "inputs"), (1, "sales")):
        bad = (x_ == 0) & (Z_ != 0).any(axis=axis)
        if bad.any():
            k = int(np.argmax(bad))
            raise FtzlinkError(f"hypothetical_extraction: sector {labels[k] if labels is not None else k!r} has "
                               f"zero gross output but non-zero {what}")
    A, B = Z_ / safe[None, :], Z_ / safe[:, None]
    f, v = x_ - Z_.sum(axis=1), x_ - Z_.sum(axis=0)
    tol = 1e-9 * max(1.0, float(np.abs(x_).max()))
    for vec, what in ((f, "final demand x − Z·1"), (v, "primary inputs x − 1ᵀZ")):
        if (vec < -tol).any():
            k = int(np.argmax(vec < -tol))
            raise FtzlinkError(f"hypothetical_extraction: {what} is negative ({vec[k]:g}) for sector "
                               f"{labels[k] if labels is not None else k!r}; x must be the table's gross output")
    member = np.zeros((len(sets), n), dtype=bool)
    for g, positions in enumerate(sets.values()):
        member[g, positions] = True
    inside = member[:, :, None] & member[:, None, :]              # (g, n, n): flows within the set
    rows, cols = member[:, :, None], member[:, None, :]
    keep = inside if keep_within else np.zeros_like(inside)
    eye = np.eye(n)
    back = np.linalg.solve(eye - A[None] * (~cols | keep), np.broadcast_to(f, (len(sets), n))[..., None])[..., 0]
    fwd = np.linalg.solve(np.swapaxes(eye - B[None] * (~rows | keep), 1, 2),
                          np.broadcast_to(v, (len(sets), n))[..., None])[..., 0]
    tot = np.linalg.solve(eye - A[None] * ((~rows & ~cols) | keep),
                          np.broadcast_to(f, (len(sets), n))[..., None])[..., 0]
    total_output = x_.sum()
    losses = {"backward": total_output - back.sum(axis=1), "forward": total_output - fwd.sum(axis=1),
              "total": total_output - tot.sum(axis=1)}
    if groups is None and isinstance(labels, pd.MultiIndex):
        index = labels.copy()                         # (region, sector) levels keep their names
    else:
        index = pd.Index(list(sets), name="extracted", tupleize_cols=False)
    out = pd.DataFrame(losses, index=index)
    for name in losses:
        out[f"{name}_share"] = out[name] / total_output if total_output > 0 else np.nan
    return out
