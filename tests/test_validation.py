"""The shared input checks name what is wrong."""

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.checks import check_labelled_numeric, check_matrix
from ftzlink.pairs import check_pairs


@pytest.mark.parametrize(
    "df, message",
    [
        ([[1, 2]], "expected a pandas DataFrame (units × indicators), got list"),
        (pd.DataFrame([[1, 2], [3, 4]], index=["a", "a"]), "duplicate unit label(s): a"),
        (pd.DataFrame([[1, "x"]], columns=["gdp", "name"]), "non-numeric indicator(s): name"),
    ],
)
def test_labelled_numeric(df, message):
    with pytest.raises(FtzlinkError) as err:
        check_labelled_numeric(df, "indicators", ("unit", "indicator"), "units × indicators")
    assert message in str(err.value)


def test_matrix_zero_rows_and_binary():
    mat = pd.DataFrame([[0, 0], [1, 2]], index=["a", "b"], columns=["x", "y"])
    with pytest.raises(FtzlinkError, match="all-zero row\\(s\\) \\(region with no activity\\): a"):
        check_matrix(mat, allow_zero_rows=False)
    with pytest.raises(FtzlinkError, match="expected a binary \\(0/1\\) matrix, found 2 at row 'b', column 'y'"):
        check_matrix(mat, binary=True)


def test_pairwise_orders_columns_and_keeps_nan():
    mat = pd.DataFrame([[1.0, np.nan], [0.5, 1.0]], index=["a", "b"], columns=["b", "a"])
    out = check_pairs(mat)
    assert list(out.columns) == ["a", "b"]                     # reordered to the rows
    assert np.isnan(out.loc["a", "a"]) and out.loc["a", "b"] == 1.0 and out.loc["b", "b"] == 0.5
    with pytest.raises(FtzlinkError, match=r"infinite off-diagonal value\(s\), first .* at \('a', 'b'\)"):
        check_pairs(pd.DataFrame([[1, np.inf], [0, 1]], index=["a", "b"], columns=["a", "b"]))
