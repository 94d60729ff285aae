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


def _vector(v: Vector, labels: pd.Index | None, n: int, name: str) -> np.ndarray:
    """Return ``v`` as a finite non-negative float array aligned to ``labels``."""
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
    if arr.shape != (n,):
        raise FtzlinkError(f"{name}: expected {n} values (one per sector), got {arr.size}")
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        k = int(bad.argmax())
        where = labels[k] if labels is not None else k
        raise FtzlinkError(f"{name}: value {arr[k]:g} for sector {where!r}; must be finite and non-negative")
    return arr


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
    return _wrap(Z_ / safe[None, :] if axis == 1 else Z_ / safe[:, None], labels)


def technical_coefficients(Z: Matrix, x: Vector) -> Matrix:
    """Technical (input) coefficients A = Z x̂⁻¹, i.e. a_ij = z_ij / x_j.

    a_ij is the input from sector i per unit of sector j's output. Sectors with zero output
    get a zero column (as in pymrio); zero output with non-zero inputs raises FtzlinkError.
    Miller & Blair (2009), ch. 2.

    >>> technical_coefficients(np.array([[20.0, 30.0], [10.0, 40.0]]), np.array([100.0, 200.0]))
    array([[0.2 , 0.15],
           [0.1 , 0.2 ]])
    """
    return _scale_columns(Z, x, "technical_coefficients", axis=1)


def allocation_coefficients(Z: Matrix, x: Vector) -> Matrix:
    """Allocation (output) coefficients B = x̂⁻¹ Z, i.e. b_ij = z_ij / x_i (Ghosh 1958).

    b_ij is the share of sector i's output sold to sector j as intermediate input.
    Miller & Blair (2009), section 12.1.
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
    (negative inverse) raises FtzlinkError. Miller & Blair (2009), ch. 2.

    >>> leontief_inverse(np.array([[0.2, 0.15], [0.1, 0.2]])).round(6)
    array([[1.28, 0.24],
           [0.16, 1.28]])
    """
    return _inverse_of_identity_minus(A, "A")


def ghosh_inverse(B: Matrix) -> Matrix:
    """Ghosh inverse G = (I − B)⁻¹ of the allocation coefficients B (Ghosh 1958).

    Row sums of G measure how far a unit of primary input in sector i spreads downstream.
    Miller & Blair (2009), section 12.1.
    """
    return _inverse_of_identity_minus(B, "B")


def output_multipliers(L: Matrix) -> Vector:
    """Simple output multipliers m_j = Σ_i l_ij (column sums of the Leontief inverse).

    Total output of all sectors per unit of final demand for sector j.
    Miller & Blair (2009), ch. 6. Returns a Series named ``output_multiplier`` for a
    labelled L, an array otherwise.
    """
    L_, labels = _square(L, "L")
    m = L_.sum(axis=0)
    return m if labels is None else pd.Series(m, index=labels.copy(), name="output_multiplier")


def intermediate_sales_shares(Z: Matrix) -> Matrix:
    """Intermediate-sales shares o_ij = z_ij / Σ_k z_ik.

    The share of sector i's intermediate sales that go to sector j, the supplier-side link
    weight used by Ellison, Glaeser & Kerr (2010, AER 100(3)) for input-output relatedness.
    A sector with no intermediate sales gets a zero row.
    """
    Z_, labels = _square(Z, "Z")
    sales = Z_.sum(axis=1)
    return _wrap(Z_ / np.where(sales == 0, 1.0, sales)[:, None], labels)


def sector_class(backward: Vector, forward: Vector) -> np.ndarray:
    """Classify sectors by normalised linkages (threshold 1, the economy-wide average).

    ``key`` when backward > 1 and forward > 1, ``backward`` when only backward > 1 (strong
    demand pull on suppliers), ``forward`` when only forward > 1 (strong supply push),
    ``weak`` otherwise. Miller & Blair (2009), section 12.2.
    """
    b, f = np.asarray(backward, dtype=float), np.asarray(forward, dtype=float)
    return np.select([(b > 1) & (f > 1), b > 1, f > 1], list(SECTOR_CLASSES[:3]), default=SECTOR_CLASSES[3])


def linkages(L: Matrix, G: Matrix | None = None) -> pd.DataFrame:
    """Rasmussen backward and forward linkages with a key-sector classification.

    - ``backward_total`` = Σ_i l_ij (column sums of L, the output multipliers);
    - ``forward_total`` = Σ_j l_ij (row sums of L), or Σ_j g_ij when a Ghosh inverse G is given;
    - ``backward`` (power of dispersion, 影响力系数) = n · l_.j / Σ_ij l_ij;
    - ``forward`` (sensitivity of dispersion, 感应度系数) = n · l_i. / Σ_ij l_ij, or the same
      with G (the supply-side variant discussed in Miller & Blair 2009, section 12.2);
    - ``sector_class`` from :func:`sector_class`.

    Both normalised indices average 1 across sectors. Rasmussen (1956), *Studies in
    Inter-Sectoral Relations*; Miller & Blair (2009), section 12.2. Returns a DataFrame indexed
    by sector (0..n−1 for arrays).
    """
    L_, labels = _square(L, "L")
    if G is None:
        F_ = L_
    else:
        F_, g_labels = _square(G, "G")
        if F_.shape != L_.shape or (labels is not None and (g_labels is None or not g_labels.equals(labels))):
            raise FtzlinkError("linkages: L and G must cover the same sectors in the same order")
    back, fwd = L_.sum(axis=0), F_.sum(axis=1)
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
