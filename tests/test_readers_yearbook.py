"""read_table on yearbook-like files the tests write: title rows, dashes, fill_value, orientation."""

import pytest

from ftzlink import FtzlinkError, read_table

YEARBOOK = ("表13-2 规模以上工业企业主要指标（2023）\n"
            "单位：亿元\n"
            "地区,汽车制造业,医药制造业,烟草制品业\n"
            "湖北省,\"4,015.2\",812.6,—\n"
            "浙江省,\"6,120.0\",1520.3,…\n")


def write(tmp_path, text, encoding="gbk", name="yb.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_title_and_unit_rows_are_skipped_with_skiprows(tmp_path):
    path = write(tmp_path, YEARBOOK)
    with pytest.raises(FtzlinkError, match="pass skiprows=N"):
        read_table(path)
    mat = read_table(path, skiprows=2, fill_value=0)
    assert mat.loc["湖北省", "汽车制造业"] == 4015.2 and mat.loc["浙江省", "医药制造业"] == 1520.3
    assert mat.loc["湖北省", "烟草制品业"] == 0.0 and mat.loc["浙江省", "烟草制品业"] == 0.0


def test_dash_is_missing_not_zero_unless_told(tmp_path):
    path = write(tmp_path, YEARBOOK)
    with pytest.raises(FtzlinkError, match=r"line 4, column '烟草制品业': missing value '—'.*fill_value=0"):
        read_table(path, skiprows=2)


def test_swapped_orientation_is_refused_naming_the_labels(tmp_path):
    text = "行业,湖北省,浙江省\n汽车制造业,4015.2,6120\n医药制造业,812.6,1520.3\n"
    path = write(tmp_path, text)
    with pytest.raises(FtzlinkError, match=r"columns look like regions \(湖北省, 浙江省\); pass transpose=True"):
        read_table(path)
    mat = read_table(path, transpose=True)
    assert mat.loc["浙江省", "汽车制造业"] == 6120.0


def test_decimal_comma_ragged_rows_duplicate_headers_empty_labels(tmp_path):
    with pytest.raises(FtzlinkError, match=r"line 2, column 'a': '1,5' is ambiguous"):
        read_table(write(tmp_path, "region,a,b\nx,\"1,5\",2\n", "utf-8", "c.csv"))
    with pytest.raises(FtzlinkError, match="line 2 has 4 fields but the header"):
        read_table(write(tmp_path, "region,a,b\nx,1,2,3\ny,1,2\n", "utf-8", "r.csv"))
    with pytest.raises(FtzlinkError, match="column name\\(s\\) used twice: a"):
        read_table(write(tmp_path, "region,a,a\nx,1,2\n", "utf-8", "d.csv"))
    with pytest.raises(FtzlinkError, match="line 3: empty 'region' label"):
        read_table(write(tmp_path, "region,industry,value\nx,a,1\n,a,2\n", "utf-8", "e.csv"))


def test_type_errors_name_the_argument(tmp_path):
    path = write(tmp_path, "region,a\nx,1\n", "utf-8", "t.csv")
    with pytest.raises(FtzlinkError, match="transpose: expected True or False"):
        read_table(path, transpose="yes")
    with pytest.raises(FtzlinkError, match="skiprows: expected an integer"):
        read_table(path, skiprows="2")
