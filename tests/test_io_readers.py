"""Readers on small NBS-layout and tidy tables written by the tests.

The 2-sector table (values made up for the test):
  domestic Z_d = [[20, 30], [10, 40]], imported Z_m = [[5, 0], [0, 10]], x = [100, 200]
  Z = Z_d + Z_m = [[25, 30], [10, 50]]
  column side: inputs 35 and 80, value added 65 and 120 → total input 100 and 200
  row side (domestic rows): 20 + 30 + final 50 = 100, 10 + 40 + final 150 = 200
  A = Z / x_j = [[0.25, 0.15], [0.1, 0.25]], det(I − A) = 0.5625 − 0.015 = 0.5475
  L = [[0.75, 0.15], [0.1, 0.75]] / 0.5475, multipliers = [0.85, 0.9] / 0.5475
  A_d = [[0.2, 0.15], [0.1, 0.2]], L_d = [[1.28, 0.24], [0.16, 1.28]], multipliers [1.44, 1.52]
The competitive version has the same Z (all origins) and an IM column m = [8, 17].
"""

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.io_tables import IOTable, aggregate, read_io_table

A_HAND = np.array([[0.25, 0.15], [0.1, 0.25]])
L_HAND = np.array([[0.75, 0.15], [0.1, 0.75]]) / 0.5475
L_DOM_HAND = np.array([[1.28, 0.24], [0.16, 1.28]])

TOTAL_ROWS = [
    ["TII", "Total intermediate input", "中间投入合计", "35", "80", "115"],
    ["VA001", "Compensation of employees", "劳动者报酬", "40", "70", "110"],
    ["VA002", "Net taxes on production", "生产税净额", "-5", "10", "5"],
    ["VA003", "Depreciation of fixed assets", "固定资产折旧", "10", "20", "30"],
    ["VA004", "Operating surplus", "营业盈余", "20", "20", "40"],
    ["TVA", "Total value-added", "增加值合计", "65", "120", "185"],
    ["TI", "Total inputs", "总投入", "100", "200", "300"],
]


def noncompetitive_rows():
    header = ["Code", "Description", "DescriptionInChinese", "Origin", "01", "02", "TIU",
              "TC", "FU201", "FU202", "EX", "TFU", "GO"]
    body = [
        ["01", "Farm", "农业", "Domestic", "20", "30", "50", "30", "15", "-5", "10", "50", "100"],
        ["02", "Industry", "工业", "Domestic", "10", "40", "50", "100", "30", "0", "20", "150", "200"],
        ["01", "Farm", "农业", "Imports", "5", "0", "5", "3", "0", "0", "0", "3", "8"],
        ["02", "Industry", "工业", "Imports", "0", "10", "10", "2", "5", "0", "0", "7", "17"],
    ]
    totals = [r[:3] + ["TOT"] + r[3:] + [""] * 6 for r in TOTAL_ROWS]
    return [header, *body, *totals]


def competitive_rows():
    header = ["Code", "Description", "DescriptionInChinese", "01", "02", "TIU", "FU101", "FU102", "THC",
              "FU103", "TC", "FU201", "FU202", "GCF", "EX", "TFU", "IM", "GO"]
    body = [
        ["01", "Farm", "农业", "25", "30", "55", "10", "20", "30", "3", "33", "15", "-5", "10", "10", "53", "8",
         "100"],
        ["02", "Industry", "工业", "10", "50", "60", "40", "50", "90", "12", "102", "35", "0", "35", "20", "157", "17",
         "200"],
    ]
    return [header, *body, *[r + [""] * 12 for r in TOTAL_ROWS]]


def write(tmp_path, rows, name="china_2017_2.csv", encoding="utf-8"):
    path = tmp_path / name
    text = "\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in rows) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def edit(rows, code, origin_or_none, column, value):
    """Copy of rows with one cell changed (row found by Code and, if given, Origin)."""
    rows = [list(r) for r in rows]
    header = rows[0]
    for r in rows[1:]:
        if r[0] == code and (origin_or_none is None or r[3] == origin_or_none):
            r[header.index(column)] = value
    return rows


def test_noncompetitive_table_by_hand(tmp_path):
    t = read_io_table(write(tmp_path, noncompetitive_rows()))
    assert t.year == 2017 and list(t.sectors) == ["01", "02"]
    np.testing.assert_allclose(t.Z.to_numpy(), [[25, 30], [10, 50]])
    np.testing.assert_allclose(t.Z_imports.to_numpy(), [[5, 0], [0, 10]])
    np.testing.assert_allclose(t.A.to_numpy(), A_HAND, rtol=1e-15)
    np.testing.assert_allclose(t.L.to_numpy(), L_HAND, rtol=1e-13)
    np.testing.assert_allclose(t.multipliers().to_numpy(), np.array([0.85, 0.9]) / 0.5475, rtol=1e-13)
    np.testing.assert_allclose(t.A_domestic.to_numpy(), [[0.2, 0.15], [0.1, 0.2]], rtol=1e-15)
    np.testing.assert_allclose(t.L_domestic.to_numpy(), L_DOM_HAND, rtol=1e-13)
    np.testing.assert_allclose(t.multipliers(domestic=True).to_numpy(), [1.44, 1.52], rtol=1e-13)
    assert list(t.final_demand.columns) == ["TC", "FU201", "FU202", "EX"]
    np.testing.assert_allclose(t.final_demand.loc["01"].to_numpy(), [33, 15, -5, 10])
    np.testing.assert_allclose(t.imports.to_numpy(), [8, 17])
    assert t.names.loc["02", "name_zh"] == "工业"
    bal = t.check_balance()
    np.testing.assert_allclose(bal[["total_output", "total_input"]].to_numpy(), [[100, 100], [200, 200]])
    assert (bal["relative"] == 0).all()
    neg = t.negative_entries()
    assert neg.to_dict("records") == [
        {"block": "final_demand", "row": "01", "column": "FU202", "value": -5.0},
        {"block": "value_added", "row": "VA002", "column": "01", "value": -5.0},
    ]
    assert t.A is t.A  # cached


def test_competitive_table_gives_same_total_coefficients(tmp_path):
    t = read_io_table(write(tmp_path, competitive_rows(), encoding="gb18030"), layout="nbs")
    np.testing.assert_allclose(t.A.to_numpy(), A_HAND, rtol=1e-15)
    np.testing.assert_allclose(t.L.to_numpy(), L_HAND, rtol=1e-13)
    assert list(t.final_demand.columns) == ["FU101", "FU102", "FU103", "FU201", "FU202", "EX"]
    np.testing.assert_allclose(t.imports.to_numpy(), [8, 17])
    assert t.names.loc["01", "name_zh"] == "农业"  # GB18030 detected
    with pytest.raises(FtzlinkError, match="no domestic / imports split"):
        t.A_domestic


def test_linkages_from_table(tmp_path):
    lk = read_io_table(write(tmp_path, noncompetitive_rows())).linkages()
    # col sums [0.85, 0.9] / 0.5475, row sums [0.9, 0.85] / 0.5475, mean 0.875 / 0.5475
    np.testing.assert_allclose(lk["backward"], [0.85 / 0.875, 0.9 / 0.875], rtol=1e-13)
    np.testing.assert_allclose(lk["forward"], [0.9 / 0.875, 0.85 / 0.875], rtol=1e-13)
    assert lk["sector_class"].tolist() == ["forward", "backward"]


def unbalanced_rows():
    # sector 01 sells 10 more to consumers: its row says 110, its column still says 100
    rows = edit(noncompetitive_rows(), "01", "Domestic", "TC", "40")
    rows = edit(rows, "01", "Domestic", "TFU", "60")
    return edit(rows, "01", "Domestic", "GO", "110")


def without_column(rows, column):
    i = rows[0].index(column)
    return [r[:i] + r[i + 1:] for r in rows]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (edit(noncompetitive_rows(), "02", "Domestic", "01", "abc"),
         r"line 3, column '01': not a finite number: 'abc'"),
        (edit(noncompetitive_rows(), "02", "Domestic", "TC", ""), r"line 3, column 'TC': missing value"),
        (edit(noncompetitive_rows(), "01", "Imports", "02", "-1"), r"line 4, column '02': negative value -1"),
        (edit(noncompetitive_rows(), "01", "Domestic", "EX", "-1"), r"line 2, column 'EX': negative value"),
        (edit(noncompetitive_rows(), "01", "Domestic", "GO", "101"),
         r"line 2, row '01' Domestic, column 'GO': declared total 101"),
        (edit(noncompetitive_rows(), "02", "Imports", "TIU", "11"), r"line 5, row '02' Imports, column 'TIU'"),
        (edit(noncompetitive_rows(), "TII", None, "02", "81"), r"line 6, row 'TII' TOT, column '02'"),
        (edit(noncompetitive_rows(), "TI", None, "01", "99"), r"line 12, row 'TI' TOT, column '01'"),
        (edit(noncompetitive_rows(), "02", "Imports", "Origin", "Foreign"), r"line 5: Origin must be"),
        (edit(noncompetitive_rows(), "02", "Imports", "Code", "03"), r"line 5: row code is neither"),
        (unbalanced_rows(), r"does not balance for 1 sector\(s\); worst is sector '01'"),
        (without_column(noncompetitive_rows(), "TIU"), r"needs a 'TIU' column"),
        (without_column(competitive_rows(), "IM"), r"needs an 'IM' \(imports\) column"),
        ([r[:-1] + ["x", r[-1]] for r in noncompetitive_rows()], r"unknown: \['x'\]"),
        (noncompetitive_rows()[:4] + noncompetitive_rows()[5:], r"no Imports row for sector\(s\) \['02'\]"),
        (noncompetitive_rows()[:3] + noncompetitive_rows()[2:], r"line 4: row repeats an earlier \(Code, Origin\)"),
        (noncompetitive_rows()[:-1], r"missing total row\(s\) \['TI'\]"),
    ],
)
def test_bad_nbs_tables_raise_naming_file_line_and_column(tmp_path, rows, message):
    path = write(tmp_path, rows)
    with pytest.raises(FtzlinkError, match=message) as err:
        read_io_table(path)
    assert str(path) in str(err.value)


def test_rtol_loosens_the_checks(tmp_path):
    rows = edit(noncompetitive_rows(), "TII", None, "02", "80.00001")  # relative 1.25e-7 of 80
    assert read_io_table(write(tmp_path, rows)).year == 2017
    with pytest.raises(FtzlinkError, match="rtol 1e-09"):
        read_io_table(write(tmp_path, rows), rtol=1e-9)


FLOWS = [["from_sector", "to_sector", "value"], ["01", "01", "25"], ["01", "02", "30"],
         ["02", "01", "10"], ["02", "02", "50"]]
GROSS = [["sector", "value"], ["01", "100"], ["02", "200"]]


def test_tidy_table_by_hand(tmp_path):
    t = read_io_table(write(tmp_path, FLOWS, "flows.csv"), gross_output=write(tmp_path, GROSS, "x.csv"))
    np.testing.assert_allclose(t.A.to_numpy(), A_HAND, rtol=1e-15)
    np.testing.assert_allclose(t.L.to_numpy(), L_HAND, rtol=1e-13)
    assert t.year is None and t.final_demand is None
    with pytest.raises(FtzlinkError, match="needs final demand and value added"):
        t.balance()
    # a Series in another order fixes the sector order
    t2 = read_io_table(write(tmp_path, FLOWS, "flows.csv"), layout="tidy",
                       gross_output=pd.Series({"02": 200.0, "01": 100.0}))
    assert list(t2.sectors) == ["02", "01"]
    np.testing.assert_allclose(t2.A.loc["01", "02"], 0.15)


def test_tidy_missing_pairs_need_fill_value(tmp_path):
    path = write(tmp_path, FLOWS[:3] + FLOWS[4:], "flows.csv")  # no 02 → 01 flow
    gross = write(tmp_path, GROSS, "x.csv")
    with pytest.raises(FtzlinkError, match=r"no flow for \('02', '01'\).*fill_value=0"):
        read_io_table(path, gross_output=gross)
    assert read_io_table(path, gross_output=gross, fill_value=0).A.loc["02", "01"] == 0.0


@pytest.mark.parametrize(
    ("flows", "gross", "message"),
    [
        (FLOWS[:2] + [["01", "02", "-30"]] + FLOWS[3:], GROSS, r"line 3: negative flow"),
        (FLOWS + [["01", "02", "1"]], GROSS, r"line 6: repeats an earlier"),
        (FLOWS + [["03", "02", "1"]], GROSS, r"line 6: sector has no gross output"),
        (FLOWS[:2] + [["01", "02", "n/a"]] + FLOWS[3:], GROSS, r"line 3, column 'value': not a finite number"),
        (FLOWS, [["sector", "value"], ["01", "30"], ["02", "200"]],
         r"sector '01': intermediate inputs 35 exceed gross output 30"),
        (FLOWS, [["sector", "value"], ["01", "-1"], ["02", "200"]], r"line 2: gross output must"),
        (FLOWS, [["sector", "output"], ["01", "1"]], r"needs columns 'sector' and 'value'"),
    ],
)
def test_bad_tidy_tables_raise(tmp_path, flows, gross, message):
    with pytest.raises(FtzlinkError, match=message):
        read_io_table(write(tmp_path, flows, "flows.csv"), gross_output=write(tmp_path, gross, "x.csv"))


def test_reader_argument_errors(tmp_path):
    nbs = write(tmp_path, noncompetitive_rows())
    with pytest.raises(FtzlinkError, match="layout: must be one of"):
        read_io_table(nbs, layout="wide")
    with pytest.raises(FtzlinkError, match="apply to layout='tidy' only"):
        read_io_table(nbs, gross_output=pd.Series({"01": 1.0}))
    with pytest.raises(FtzlinkError, match="needs gross_output"):
        read_io_table(write(tmp_path, FLOWS, "flows.csv"))
    with pytest.raises(FtzlinkError, match="no such file"):
        read_io_table(tmp_path / "absent.csv")


def test_aggregate_to_one_sector_by_hand(tmp_path):
    t = aggregate(read_io_table(write(tmp_path, noncompetitive_rows())), {"01": "T", "02": "T"})
    # Z* = 25 + 30 + 10 + 50 = 115, x* = 300, imported 15, value added 185, final demand 53 + 157
    assert t.Z.loc["T", "T"] == 115 and t.x["T"] == 300 and t.Z_imports.loc["T", "T"] == 15
    np.testing.assert_allclose(t.A.to_numpy(), [[115 / 300]])
    np.testing.assert_allclose(t.L.to_numpy(), [[300 / 185]])
    np.testing.assert_allclose(t.A_domestic.to_numpy(), [[100 / 300]])
    assert t.value_added.sum().sum() == 185 and t.final_demand.sum().sum() == 210
    assert t.check_balance()["relative"].iloc[0] == 0


def test_aggregate_concordance_errors(tmp_path):
    t = read_io_table(write(tmp_path, noncompetitive_rows()))
    with pytest.raises(FtzlinkError, match=r"unmapped \['02'\]"):
        aggregate(t, {"01": "T"})
    with pytest.raises(FtzlinkError, match=r"not in the table \['03'\]"):
        aggregate(t, {"01": "T", "02": "T", "03": "T"})
    with pytest.raises(FtzlinkError, match="empty coarse code"):
        aggregate(t, {"01": "T", "02": ""})


def test_iotable_validates_its_blocks():
    Z = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["a", "b"], columns=["a", "b"])
    with pytest.raises(FtzlinkError, match="x index must be the table's sectors"):
        IOTable(Z=Z, x=pd.Series([10.0, 10.0], index=["a", "c"]))
    with pytest.raises(FtzlinkError, match="value -1 at row 'b', column 'a'"):
        IOTable(Z=Z.assign(a=[1.0, -1.0]), x=pd.Series([10.0, 10.0], index=["a", "b"]))
    with pytest.raises(FtzlinkError, match="imported intermediate use exceeds total use at row 'a', column 'b'"):
        IOTable(Z=Z, x=pd.Series([10.0, 10.0], index=["a", "b"]), Z_imports=Z.assign(b=[3.0, 0.0]))
