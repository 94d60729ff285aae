"""to_matrix / to_long round trip and validation."""

import pandas as pd
import pytest

from ftzlink import FtzlinkError, to_long, to_matrix

LONG = pd.DataFrame({"region": ["a", "a", "b"], "industry": ["x", "y", "x"], "value": [1.0, 2.0, 3.0]})


def test_round_trip_with_zero_fill():
    mat = to_matrix(LONG, fill_value=0)
    assert mat.loc["a", "y"] == 2.0 and mat.loc["b", "y"] == 0.0
    back = to_long(mat, drop_zeros=True)
    pd.testing.assert_frame_equal(back, LONG)


def test_custom_column_names():
    df = LONG.rename(columns={"region": "zone_id", "industry": "code", "value": "n"})
    mat = to_matrix(df, "zone_id", "code", "n", fill_value=0)
    assert mat.index.name == "zone_id" and mat.columns.name == "code"
    assert list(to_long(mat, "zone_id", "code", "n").columns) == ["zone_id", "code", "n"]


@pytest.mark.parametrize(
    "df, message",
    [
        (LONG.drop(columns="value"), "missing column(s) value"),
        (pd.concat([LONG, LONG.iloc[[0]]]), "repeat a (region, industry) pair, e.g. ('a', 'x')"),
        (LONG.assign(value=[1.0, -2.0, 3.0]), "negative value(s), first -2 at row 'a', column 'y'"),
        (LONG.assign(value=["1", "two", "3"]), "non-numeric value 'two'"),
    ],
)
def test_errors(df, message):
    with pytest.raises(FtzlinkError) as err:
        to_matrix(df, fill_value=0)
    assert message in str(err.value)


def test_absent_pairs_are_not_silently_zero():
    with pytest.raises(FtzlinkError, match=r"no value for \('b', 'y'\)"):
        to_matrix(LONG)
