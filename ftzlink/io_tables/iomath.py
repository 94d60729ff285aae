"""Input-output arithmetic on arrays: coefficients, inverses, multipliers, linkages.

A pure module (after pymrio's ``iomath``): functions take NumPy arrays or labelled pandas
objects, return the same kind with the labels kept, and know nothing of files or table
objects. Notation: ``Z`` intermediate flows (row i supplies column j), ``x`` gross output.

Reference: Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions*, 2nd ed., Cambridge University Press (ch. 2: A and L; ch. 6: multipliers;
ch. 12: Ghosh model and linkages).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.errors import FtzlinkError

Matrix = np.ndarray | pd.DataFrame
Vector = np.ndarray | pd.Series

SECTOR_CLASSES = ("key", "backward", "forward", "weak")


def _position(flat: int, shape: tuple[int, int], labels: pd.Index | None) -> str:
    r, c = np.unravel_index(flat, shape)
    if labels is None:
        return f"row {r}, column {c}"
    return f"row {labels[r]!r}, column {labels[c]!r}"


def _square(M: Matrix, name: str, *, nonnegative: bool = True) -> tuple[np.ndarray, pd.Index | None]:
    """Return a finite square matrix as float array plus its sector labels (None for arrays)."""
    labels = None
    if isinstance(M, pd.DataFrame):
        if not M.index.equals(M.columns):
            raise FtzlinkError(f"{name}: row and column labels must be the same sectors in the same order")
        if M.index.has_duplicates:
            raise FtzlinkError(f"{name}: duplicate sector label(s): {list(M.index[M.index.duplicated()])[:5]}")
        labels = M.index
    try:
        arr = np.asarray(M.to_numpy(dtype=float) if labels is not None else M, dtype=float)
    except (TypeError, ValueError) as exc:
        raise FtzlinkError(f"{name}: non-numeric entries ({exc})") from None
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.size == 0:
        raise FtzlinkError(f"{name}: expected a non-empty square matrix, got shape {arr.shape}")
    bad = ~np.isfinite(arr)
    if bad.any():
        raise FtzlinkError(f"{name}: missing or infinite value at {_position(int(bad.argmax()), arr.shape, labels)}")
    if nonnegative and (arr < 0).any():
        k = int((arr < 0).argmax())
        raise FtzlinkError(
            f"{name}: negative value {arr.flat[k]:g} at {_position(k, arr.shape, labels)}; "
            f"input-output flows and coefficients must be non-negative"
        )
    return arr, labels


def _vector(v: Vector, labels: pd.Index | None, n: int, name: str, *, nonnegative: bool = True) -> np.ndarray:
    """Return ``v`` as a finite (non-negative) float array aligned to ``labels``.

    A vector is a Series, a one-column DataFrame (aligned by its index, as pymrio's ``x``), a
    1-D array, an n × 1 or 1 × n array, or a list; wider tables, scalars, text and booleans raise.
    """
    if isinstance(v, pd.DataFrame) and v.shape[1] == 1:
        v = v.iloc[:, 0]
    elif isinstance(v, np.ndarray) and v.ndim == 2 and 1 in v.shape:
        v = v.reshape(-1)
    if isinstance(v, pd.DataFrame) or isinstance(v, (str, bytes, dict)) or np.ndim(v) != 1:
        raise FtzlinkError(f"{name}: expected a vector of {n} values (a Series by sector or a 1-D array), "
                           f"got {type(v).__name__}")
    if pd.api.types.is_bool_dtype(np.asarray(v).dtype if not isinstance(v, pd.Series) else v.dtype):
        raise FtzlinkError(f"{name}: boolean values; expected numbers (one per sector)")
    if isinstance(v, pd.Series) and labels is not None:
        if v.index.has_duplicates or set(v.index) != set(labels):
            raise FtzlinkError(
                f"{name}: labels differ from the matrix sectors: only in {name}: "
                f"{sorted(map(str, set(v.index) - set(labels)))[:5]}, missing: "
                f"{sorted(map(str, set(labels) - set(v.index)))[:5]}"
            )
        v = v.reindex(labels)
    try:
        arr = np.asarray(v, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise FtzlinkError(f"{name}: non-numeric entries ({exc})") from None
    if arr.shape != (n,) or n == 0:
        raise FtzlinkError(f"{name}: expected {n} values (one per sector), got {arr.size}")
    bad = ~np.isfinite(arr) | ((arr < 0) if nonnegative else False)
    if bad.any():
        k = int(bad.argmax())
        where = labels[k] if labels is not None else k
        raise FtzlinkError(f"{name}: value {arr[k]:g} for sector {where!r}; must be finite"
                           f"{' and non-negative' if nonnegative else ''}")
    return arr


def _inverse(M: Matrix, name: str) -> tuple[np.ndarray, pd.Index | None]:
    """A Leontief or Ghosh inverse (see :func:`_square` and :func:`_check_inverse`)."""
    M_, labels = _square(M, name)
    _check_inverse(M_, labels, name)
    return M_, labels


def _check_inverse(M_: np.ndarray, labels: pd.Index | None, name: str) -> None:
    """Raise unless ``M_`` can be an inverse (I − A)⁻¹ of non-negative A, which is at least I.

    A zero matrix, or coefficients passed instead of their inverse, have a diagonal below 1.
    """
    if M_.sum() == 0:
        raise FtzlinkError(f"{name}: the matrix sums to zero; pass a Leontief (Ghosh) inverse, whose diagonal is ≥ 1")
    low = np.diag(M_) < 1.0 - 1e-9
    if low.any():
        k = int(low.argmax())
        where = labels[k] if labels is not None else k
        raise FtzlinkError(f"{name}: diagonal entry {M_[k, k]:g} for sector {where!r} is below 1, so this is not an "
                           f"inverse (I − A)⁻¹ of non-negative coefficients (which is at least I); pass the inverse, "
                           f"not the coefficients")


def _wrap(arr: np.ndarray, labels: pd.Index | None) -> Matrix:
    return arr if labels is None else pd.DataFrame(arr, index=labels.copy(), columns=labels.copy())


def _scale_columns(Z: Matrix, x: Vector, name: str, axis: int) -> Matrix:
    Z_, labels = _square(Z, "Z")
    x_ = _vector(x, labels, Z_.shape[0], "x")
    zero = x_ == 0
    bad = zero & (Z_ != 0).any(axis=0 if axis == 1 else 1)
    if bad.any():
        k = int(bad.argmax())
        where = labels[k] if labels is not None else k
        raise FtzlinkError(
            f"{name}: sector {where!r} has zero gross output but non-zero {'inputs' if axis == 1 else 'sales'}"
        )
    safe = np.where(zero, 1.0, x_)
    if axis == 1:
        over = Z_.sum(axis=0) > x_ * (1 + 1e-9)
        if over.any():
            k = int(over.argmax())
            where = labels[k] if labels is not None else k
            raise FtzlinkError(f"{name}: sector {where!r} uses more intermediate inputs ({Z_[:, k].sum():g}) than "
                               f"its gross output ({x_[k]:g}); check the units of Z and x")
    return _wrap(Z_ / safe[None, :] if axis == 1 else Z_ / safe[:, None], labels)


def technical_coefficients(Z: Matrix, x: Vector) -> Matrix:
    """Technical (input) coefficients A = Z x̂⁻¹, i.e. a_ij = z_ij / x_j.

    a_ij is the input from sector i per unit of sector j's output. Sectors with zero output
    get a zero column (as in pymrio); zero output with non-zero inputs raises FtzlinkError.

    Parameters
    ----------
    Z : numpy.ndarray or pandas.DataFrame
        Intermediate flows, n × n, non-negative; z_ij is what sector i supplies to sector j. A
        DataFrame carries the same sector labels, in the same order, on both axes.
    x : numpy.ndarray or pandas.Series
        Gross output by sector, n finite non-negative values. A Series given with a labelled
        ``Z`` must carry exactly Z's sectors (any order: it is aligned by label).

    Returns
    -------
    numpy.ndarray or pandas.DataFrame
        A (n × n), of the same kind as ``Z``, with Z's labels.

    Raises
    ------
    FtzlinkError
        When ``Z`` is empty or not square, its row and column labels differ or repeat, or it
        holds non-numeric, missing, infinite or negative entries; when ``x`` has the wrong
        length, other labels than ``Z``, or missing, infinite or negative values; when a sector
        has zero gross output but non-zero inputs (its column of ``Z``), or more intermediate
        inputs than gross output (a column of A summing above 1: wrong units or a broken table).

    References
    ----------
    Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis: Foundations and Extensions*,
    2nd ed., Cambridge University Press, ch. 2.

    Examples
    --------
    >>> technical_coefficients(np.array([[20.0, 30.0], [10.0, 40.0]]), np.array([100.0, 200.0]))
    array([[0.2 , 0.15],
           [0.1 , 0.2 ]])

    Labelled input stays labelled; x is aligned to Z by label. Column manu: 30/200, 40/200.

    >>> s = ["agri", "manu"]
    >>> Z = pd.DataFrame([[20.0, 30.0], [10.0, 40.0]], index=s, columns=s)
    >>> A = technical_coefficients(Z, pd.Series({"manu": 200.0, "agri": 100.0}))
    >>> A["manu"].round(6).tolist()
    [0.15, 0.2]

    A sector without output cannot have inputs:

    >>> technical_coefficients(np.array([[0.0, 5.0], [0.0, 0.0]]), np.array([10.0, 0.0]))
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: technical_coefficients: sector 1 has zero gross output but non-zero inputs
    """
    return _scale_columns(Z, x, "technical_coefficients", axis=1)


def allocation_coefficients(Z: Matrix, x: Vector) -> Matrix:
    """Allocation (output) coefficients B = x̂⁻¹ Z, i.e. b_ij = z_ij / x_i (Ghosh 1958).

    b_ij is the share of sector i's output sold to sector j as intermediate input. Sectors with
    zero output get a zero row; zero output with non-zero intermediate sales raises
    FtzlinkError.

    Parameters
    ----------
    Z : numpy.ndarray or pandas.DataFrame
        Intermediate flows, n × n, non-negative; z_ij is what sector i supplies to sector j. A
        DataFrame carries the same sector labels, in the same order, on both axes.
    x : numpy.ndarray or pandas.Series
        Gross output by sector, n finite non-negative values. A Series given with a labelled
        ``Z`` must carry exactly Z's sectors (any order: it is aligned by label).

    Returns
    -------
    numpy.ndarray or pandas.DataFrame
        B (n × n), of the same kind as ``Z``, with Z's labels.

    Raises
    ------
    FtzlinkError
        When ``Z`` is empty or not square, its row and column labels differ or repeat, or it
        holds non-numeric, missing, infinite or negative entries; when ``x`` has the wrong
        length, other labels than ``Z``, or missing, infinite or negative values; when a sector
        has zero gross output but non-zero sales (its row of ``Z``).

    References
    ----------
    Ghosh, A. (1958), Input-output approach in an allocation system, *Economica* 25(97), 58–64.
    Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis*, 2nd ed., section 12.1.

    Examples
    --------
    Rows divided by x = (100, 200): (20, 30) / 100 and (10, 40) / 200.

    >>> allocation_coefficients(np.array([[20.0, 30.0], [10.0, 40.0]]), np.array([100.0, 200.0])).round(6).tolist()
    [[0.2, 0.3], [0.05, 0.2]]

    A sector with neither output nor sales gets a zero row:

    >>> s = ["agri", "manu", "idle"]
    >>> Z = pd.DataFrame([[20.0, 30.0, 0.0], [10.0, 40.0, 0.0], [0.0, 0.0, 0.0]], index=s, columns=s)
    >>> B = allocation_coefficients(Z, pd.Series([100.0, 200.0, 0.0], index=s))
    >>> B.loc["idle"].tolist()
    [0.0, 0.0, 0.0]
    """
    return _scale_columns(Z, x, "allocation_coefficients", axis=0)


def _inverse_of_identity_minus(M: Matrix, name: str) -> Matrix:
    M_, labels = _square(M, name)
    eye = np.eye(M_.shape[0])
    try:
        inv = np.linalg.solve(eye - M_, eye)
    except np.linalg.LinAlgError:
        raise FtzlinkError(f"{name}: I − {name} is singular; the table has no inverse") from None
    if (inv < -1e-9 * np.abs(inv).max()).any():
        raise FtzlinkError(
            f"{name}: (I − {name})⁻¹ has negative entries, so the spectral radius of {name} is ≥ 1 "
            f"(Hawkins–Simon condition fails); check that coefficients are per unit of gross output"
        )
    return _wrap(inv, labels)


def leontief_inverse(A: Matrix) -> Matrix:
    """Leontief inverse L = (I − A)⁻¹, so that x = L f for final demand f.

    l_ij is the output of sector i needed, directly and indirectly, per unit of final demand
    for sector j. Solved with ``np.linalg.solve``; a singular I − A or a non-productive A
    (negative inverse) raises FtzlinkError.

    Parameters
    ----------
    A : numpy.ndarray or pandas.DataFrame
        Technical coefficients (n × n, non-negative, per unit of gross output), e.g. from
        :func:`technical_coefficients`. A DataFrame carries the same sector labels, in the same
        order, on both axes.

    Returns
    -------
    numpy.ndarray or pandas.DataFrame
        L (n × n), of the same kind as ``A``, with A's labels.

    Raises
    ------
    FtzlinkError
        When ``A`` is empty or not square, its row and column labels differ or repeat, or it
        holds non-numeric, missing, infinite or negative entries; when I − A is singular; when
        (I − A)⁻¹ has negative entries, i.e. the spectral radius of A is at least 1 (the
        Hawkins–Simon condition fails, typically because coefficients are not per unit of gross
        output).

    References
    ----------
    Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis: Foundations and Extensions*,
    2nd ed., Cambridge University Press, ch. 2. Hawkins, D. & Simon, H. A. (1949), Note: some
    conditions of macroeconomic stability, *Econometrica* 17(3/4), 245–248.

    Examples
    --------
    I − A = [[0.8, −0.15], [−0.1, 0.8]] has determinant 0.64 − 0.015 = 0.625, so
    L = [[0.8, 0.15], [0.1, 0.8]] / 0.625.

    >>> leontief_inverse(np.array([[0.2, 0.15], [0.1, 0.2]])).round(6)
    array([[1.28, 0.24],
           [0.16, 1.28]])

    The final demand f = x − Z·1 = (100 − 50, 200 − 50) of the table behind A gives back its
    gross output x = L f = (1.28·50 + 0.24·150, 0.16·50 + 1.28·150):

    >>> s = ["agri", "manu"]
    >>> L = leontief_inverse(pd.DataFrame([[0.2, 0.15], [0.1, 0.2]], index=s, columns=s))
    >>> (L @ pd.Series([50.0, 150.0], index=s)).round(6).to_dict()
    {'agri': 100.0, 'manu': 200.0}

    Coefficients whose column sums exceed 1 describe no productive economy:

    >>> leontief_inverse(np.array([[0.5, 0.6], [0.6, 0.5]]))
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: A: (I − A)⁻¹ has negative entries, so the spectral radius of A is ≥ 1 ...
    """
    return _inverse_of_identity_minus(A, "A")


def ghosh_inverse(B: Matrix) -> Matrix:
    """Ghosh inverse G = (I − B)⁻¹ of the allocation coefficients B (Ghosh 1958).

    g_ij is the output of sector j that follows, directly and indirectly, from a unit of
    primary input in sector i, so the row sums of G measure how far a unit of primary input in
    sector i spreads downstream. G = x̂⁻¹ L x̂ when B and L come from the same table.

    Parameters
    ----------
    B : numpy.ndarray or pandas.DataFrame
        Allocation coefficients (n × n, non-negative), e.g. from
        :func:`allocation_coefficients`. A DataFrame carries the same sector labels, in the
        same order, on both axes.

    Returns
    -------
    numpy.ndarray or pandas.DataFrame
        G (n × n), of the same kind as ``B``, with B's labels.

    Raises
    ------
    FtzlinkError
        When ``B`` is empty or not square, its row and column labels differ or repeat, or it
        holds non-numeric, missing, infinite or negative entries; when I − B is singular; when
        (I − B)⁻¹ has negative entries (the spectral radius of B is at least 1).

    References
    ----------
    Ghosh, A. (1958), Input-output approach in an allocation system, *Economica* 25(97), 58–64.
    Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis*, 2nd ed., section 12.1.

    Examples
    --------
    B = [[0.2, 0.3], [0.05, 0.2]]: det(I − B) = 0.64 − 0.015 = 0.625, so
    G = [[0.8, 0.3], [0.05, 0.8]] / 0.625, with row sums 1.28 + 0.48 and 0.08 + 1.28.

    >>> G = ghosh_inverse(np.array([[0.2, 0.3], [0.05, 0.2]]))
    >>> G.round(6).tolist()
    [[1.28, 0.48], [0.08, 1.28]]
    >>> G.sum(axis=1).round(6).tolist()
    [1.76, 1.36]

    The same table's Leontief inverse, with x = (100, 200):

    >>> x = np.array([100.0, 200.0])
    >>> L = leontief_inverse(np.array([[0.2, 0.15], [0.1, 0.2]]))
    >>> bool(np.allclose(G, np.diag(1 / x) @ L @ np.diag(x)))
    True
    """
    return _inverse_of_identity_minus(B, "B")


def output_multipliers(L: Matrix) -> Vector:
    """Simple output multipliers m_j = Σ_i l_ij (column sums of the Leontief inverse).

    m_j is the total output of all sectors per unit of final demand for sector j (mᵀ = 1ᵀ L).

    Parameters
    ----------
    L : numpy.ndarray or pandas.DataFrame
        Leontief inverse (n × n, non-negative), e.g. from :func:`leontief_inverse`. A
        DataFrame carries the same sector labels, in the same order, on both axes.

    Returns
    -------
    numpy.ndarray or pandas.Series
        A Series named ``output_multiplier`` indexed by sector for a labelled ``L``, an array of
        n values otherwise.

    Raises
    ------
    FtzlinkError
        When ``L`` is empty or not square, its row and column labels differ or repeat, or it
        holds non-numeric, missing, infinite or negative entries; when a diagonal entry is
        below 1, which no Leontief inverse has (L ≥ I): a zero matrix, or coefficients passed
        instead of their inverse.

    References
    ----------
    Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis: Foundations and Extensions*,
    2nd ed., Cambridge University Press, ch. 6.

    Examples
    --------
    L = [[1.28, 0.24], [0.16, 1.28]] (see :func:`leontief_inverse`): m = (1.28 + 0.16,
    0.24 + 1.28).

    >>> output_multipliers(np.array([[1.28, 0.24], [0.16, 1.28]])).round(6).tolist()
    [1.44, 1.52]
    >>> s = ["agri", "manu"]
    >>> Z = pd.DataFrame([[20.0, 30.0], [10.0, 40.0]], index=s, columns=s)
    >>> m = output_multipliers(leontief_inverse(technical_coefficients(Z, pd.Series([100.0, 200.0], index=s))))
    >>> m.name, m.round(6).to_dict()
    ('output_multiplier', {'agri': 1.44, 'manu': 1.52})
    """
    L_, labels = _inverse(L, "L")
    m = L_.sum(axis=0)
    return m if labels is None else pd.Series(m, index=labels.copy(), name="output_multiplier")


def intermediate_sales_shares(Z: Matrix) -> Matrix:
    """Intermediate-sales shares o_ij = z_ij / Σ_k z_ik.

    The share of sector i's intermediate sales that go to sector j, the supplier-side link
    weight used by Ellison, Glaeser & Kerr (2010, AER 100(3)) for input-output relatedness.
    Each row sums to 1; a sector with no intermediate sales gets a zero row.

    Parameters
    ----------
    Z : numpy.ndarray or pandas.DataFrame
        Intermediate flows, n × n, non-negative; z_ij is what sector i supplies to sector j. A
        DataFrame carries the same sector labels, in the same order, on both axes.

    Returns
    -------
    numpy.ndarray or pandas.DataFrame
        The shares (n × n), of the same kind as ``Z``, with Z's labels.

    Raises
    ------
    FtzlinkError
        When ``Z`` is empty or not square, its row and column labels differ or repeat, or it
        holds non-numeric, missing, infinite or negative entries.

    References
    ----------
    Ellison, G., Glaeser, E. L. & Kerr, W. R. (2010), What causes industry agglomeration?
    Evidence from coagglomeration patterns, *American Economic Review* 100(3), 1195–1213.

    Examples
    --------
    Both sectors sell 50 to intermediate use: (20, 30) / 50 and (10, 40) / 50.

    >>> intermediate_sales_shares(np.array([[20.0, 30.0], [10.0, 40.0]])).round(6).tolist()
    [[0.4, 0.6], [0.2, 0.8]]
    >>> s = ["agri", "serv"]
    >>> shares = intermediate_sales_shares(pd.DataFrame([[1.0, 3.0], [0.0, 0.0]], index=s, columns=s))
    >>> shares.loc["agri"].round(6).tolist(), shares.loc["serv"].tolist()
    ([0.25, 0.75], [0.0, 0.0])
    """
    Z_, labels = _square(Z, "Z")
    sales = Z_.sum(axis=1)
    return _wrap(Z_ / np.where(sales == 0, 1.0, sales)[:, None], labels)


def sector_class(backward: Vector, forward: Vector) -> np.ndarray:
    """Classify sectors by normalised linkages (threshold 1, the economy-wide average).

    ``key`` when backward > 1 and forward > 1, ``backward`` when only backward > 1 (strong
    demand pull on suppliers), ``forward`` when only forward > 1 (strong supply push),
    ``weak`` otherwise. The comparisons are strict: an index of exactly 1 is not above average.

    Parameters
    ----------
    backward, forward : array-like
        Normalised backward and forward linkages of the same sectors, in the same order (the
        ``backward`` and ``forward`` columns of :func:`linkages`).

    Returns
    -------
    numpy.ndarray
        One label per sector, from ``SECTOR_CLASSES`` = ("key", "backward", "forward", "weak").

    Raises
    ------
    FtzlinkError
        When ``backward`` or ``forward`` is not a vector of numbers (text, booleans, a
        DataFrame), is empty, holds missing, infinite or negative values (normalised linkages
        are positive), or when the two differ in length or, as Series, in their sectors.

    References
    ----------
    Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis: Foundations and Extensions*,
    2nd ed., Cambridge University Press, section 12.2.

    Examples
    --------
    >>> sector_class([1.2, 1.1, 0.8, 0.9], [1.3, 0.7, 1.4, 0.6]).tolist()
    ['key', 'backward', 'forward', 'weak']
    >>> sector_class(np.array([1.0]), np.array([1.5])).tolist()
    ['forward']
    """
    arrays = []
    for name, v in (("backward", backward), ("forward", forward)):
        if isinstance(v, (pd.DataFrame, str, bytes, dict)) or np.ndim(v) != 1:
            raise FtzlinkError(f"{name}: expected a vector of normalised linkages, got {type(v).__name__}")
        raw = np.asarray(v)
        if raw.dtype.kind not in "iuf" or raw.size == 0:
            raise FtzlinkError(f"{name}: expected numbers (normalised linkages), got "
                               f"{'no values' if raw.size == 0 else f'dtype {raw.dtype}'}")
        arrays.append(raw.astype(float))
    b, f = arrays
    if b.shape != f.shape or not (np.isfinite(b).all() and np.isfinite(f).all()):
        raise FtzlinkError(f"sector_class: backward and forward must be finite and of the same length, got "
                           f"{b.size} and {f.size} values")
    for name, arr in (("backward", b), ("forward", f)):
        if (arr < 0).any():
            raise FtzlinkError(f"{name}: negative linkage {arr[arr < 0][0]:g} at position {int(np.argmax(arr < 0))}; "
                               f"normalised linkages are positive")
    if isinstance(backward, pd.Series) and isinstance(forward, pd.Series) and not backward.index.equals(forward.index):
        raise FtzlinkError("backward and forward: labelled by different sectors (or in a different order)")
    return np.select([(b > 1) & (f > 1), b > 1, f > 1], list(SECTOR_CLASSES[:3]), default=SECTOR_CLASSES[3])


def linkages(L: Matrix, G: Matrix | None = None) -> pd.DataFrame:
    """Rasmussen backward and forward linkages with a key-sector classification.

    - ``backward_total`` = Σ_i l_ij (column sums of L, the output multipliers);
    - ``forward_total`` = Σ_j l_ij (row sums of L), or Σ_j g_ij when a Ghosh inverse G is given;
    - ``backward`` (power of dispersion, 影响力系数) = n · l_.j / Σ_ij l_ij;
    - ``forward`` (sensitivity of dispersion, 感应度系数) = n · l_i. / Σ_ij l_ij, or the same
      with G (the supply-side variant discussed in Miller & Blair 2009, section 12.2);
    - ``sector_class`` from :func:`sector_class`.

    Both normalised indices average 1 across sectors.

    Parameters
    ----------
    L : numpy.ndarray or pandas.DataFrame
        Leontief inverse (n × n, non-negative), e.g. from :func:`leontief_inverse`.
    G : numpy.ndarray or pandas.DataFrame, optional
        Ghosh inverse of the same table (:func:`ghosh_inverse`) for supply-side forward
        linkages; labelled like ``L`` when ``L`` is a DataFrame. Default: forward linkages from
        the rows of ``L``.

    Returns
    -------
    pandas.DataFrame
        Indexed by sector (0..n−1 for arrays), columns ``backward_total``, ``forward_total``,
        ``backward``, ``forward`` and ``sector_class``.

    Raises
    ------
    FtzlinkError
        When ``L`` or ``G`` is empty or not square, has row and column labels that differ or
        repeat, holds non-numeric, missing, infinite or negative entries or a diagonal entry
        below 1 (not an inverse, see :func:`output_multipliers`); when ``G`` does not
        cover the same sectors as ``L`` in the same order.

    References
    ----------
    Rasmussen, P. N. (1956), *Studies in Inter-Sectoral Relations*.
    Miller, R. E. & Blair, P. D. (2009), *Input-Output Analysis*, 2nd ed., section 12.2.

    Examples
    --------
    L = [[1.28, 0.24], [0.16, 1.28]] has column sums (1.44, 1.52), row sums (1.52, 1.44) and
    total 2.96, so backward = 2 · (1.44, 1.52) / 2.96 = (36/37, 38/37) and forward =
    (38/37, 36/37). With G (row sums 1.76 and 1.36, see :func:`ghosh_inverse`) forward =
    2 · (1.76, 1.36) / 3.12 = (44/39, 34/39).

    >>> s = ["agri", "manu"]
    >>> Z = pd.DataFrame([[20.0, 30.0], [10.0, 40.0]], index=s, columns=s)
    >>> x = pd.Series([100.0, 200.0], index=s)
    >>> L = leontief_inverse(technical_coefficients(Z, x))
    >>> lk = linkages(L)
    >>> lk[["backward_total", "forward_total"]].round(6).to_numpy().tolist()
    [[1.44, 1.52], [1.52, 1.44]]
    >>> lk[["backward", "forward"]].round(6).to_numpy().tolist()
    [[0.972973, 1.027027], [1.027027, 0.972973]]
    >>> lk["sector_class"].to_dict()
    {'agri': 'forward', 'manu': 'backward'}
    >>> linkages(L, ghosh_inverse(allocation_coefficients(Z, x)))["forward"].round(6).tolist()
    [1.128205, 0.871795]
    """
    L_, labels = _inverse(L, "L")
    if G is None:
        F_ = L_
    else:
        F_, g_labels = _inverse(G, "G")
        if F_.shape != L_.shape or (labels is not None and (g_labels is None or not g_labels.equals(labels))):
            raise FtzlinkError("linkages: L and G must cover the same sectors in the same order")
    back, fwd = L_.sum(axis=0), F_.sum(axis=1)
    if back.mean() <= 0 or fwd.mean() <= 0:
        raise FtzlinkError("linkages: L (or G) sums to zero; pass a Leontief (Ghosh) inverse, whose diagonal is ≥ 1")
    backward, forward = back / back.mean(), fwd / fwd.mean()
    index = labels.copy() if labels is not None else pd.RangeIndex(L_.shape[0])
    return pd.DataFrame(
        {
            "backward_total": back,
            "forward_total": fwd,
            "backward": backward,
            "forward": forward,
            "sector_class": sector_class(backward, forward),
        },
        index=index,
    )
