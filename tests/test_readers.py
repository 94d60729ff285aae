"""read_table: encodings, layouts and bad input, on files the tests write themselves."""

import pandas as pd
import pytest

from ftzlink import FtzlinkError, read_table
from ftzlink.readers import detect_encoding

WIDE = "地区,制造业,金融业\n湖北,12.5,3\n湖南,7,0\n"
LONG = "region,industry,value\n湖北,制造业,12.5\n湖北,金融业,3\n湖南,制造业,7\n湖南,金融业,0\n"
EXPECTED = pd.DataFrame([[12.5, 3.0], [7.0, 0.0]], index=["湖北", "湖南"], columns=["制造业", "金融业"])


def write(tmp_path, name, text, encoding):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
@pytest.mark.parametrize("text", [WIDE, LONG], ids=["wide", "long"])
def test_encodings_and_layouts_give_the_same_matrix(tmp_path, encoding, text):
    mat = read_table(write(tmp_path, "t.csv", text, encoding))
    pd.testing.assert_frame_equal(mat, EXPECTED, check_names=False)


def test_detect_encoding():
    assert detect_encoding("湖北".encode("utf-8-sig")) == "utf-8-sig"
    assert detect_encoding("湖北".encode("utf-8")) == "utf-8"
    assert detect_encoding("湖北".encode("gbk")) == "gb18030"


def test_yearbook_layout_with_industries_as_rows(tmp_path):
    text = "行业,湖北,湖南\n制造业,\"1,250\",7\n金融业,3,0\n"
    mat = read_table(write(tmp_path, "yb.csv", text, "gbk"), transpose=True)
    assert mat.loc["湖北", "制造业"] == 1250.0  # thousands separator accepted
    assert list(mat.index) == ["湖北", "湖南"]


def test_excel(tmp_path):
    path = tmp_path / "t.xlsx"
    EXPECTED.rename_axis("地区").reset_index().to_excel(path, index=False)
    pd.testing.assert_frame_equal(read_table(path), EXPECTED, check_names=False)


def test_codes_stay_strings(tmp_path):
    mat = read_table(write(tmp_path, "c.csv", "region,01,02\nhubei,1,2\n", "utf-8"))
    assert list(mat.columns) == ["01", "02"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("地区,制造业\n湖北,-1\n", "negative value(s), first -1 at row '湖北', column '制造业'"),
        ("地区,制造业\n湖北,1\n湖北,2\n", "duplicate row label(s): 湖北"),
        ("地区,制造业\n湖北,abc\n", "line 2, column '制造业': not a finite number: 'abc'"),
        ("地区,制造业\n湖北,1\n湖南,inf\n", "line 3, column '制造业': not a finite number: 'inf'"),
        ("地区,制造业\n湖北,1\n湖南,\"1,5\"\n", "line 3, column '制造业': '1,5' is ambiguous"),
        ("地区,制造业\n湖北,1\n湖南,\n", "line 3, column '制造业': missing value"),
        ("region,industry,value\n湖北,制造业,1\n湖北,制造业,2\n", "repeat a (region, industry) pair"),
        ("region,industry,value\n湖北,制造业,1\n湖南,金融业,2\n", "no value for ('湖北', '金融业')"),
        ("", "the file is empty"),
        ("地区,制造业\n", "header but no data rows"),
    ],
)
def test_bad_input_names_the_fault(tmp_path, text, message):
    path = write(tmp_path, "bad.csv", text, "utf-8")
    with pytest.raises(FtzlinkError) as err:
        read_table(path)
    assert message in str(err.value)
    assert "bad.csv" in str(err.value)


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "bin.csv"
    path.write_bytes(b"a,b\n\xff\xfe\xfa,1\n")
    with pytest.raises(FtzlinkError, match="neither UTF-8 nor GBK"):
        read_table(path)


def test_missing_file_and_bad_layout(tmp_path):
    with pytest.raises(FtzlinkError, match="no such file"):
        read_table(tmp_path / "absent.csv")
    path = write(tmp_path, "t.csv", WIDE, "utf-8")
    with pytest.raises(FtzlinkError, match="layout: must be one of"):
        read_table(path, layout="diagonal")
    with pytest.raises(FtzlinkError, match="long layout needs columns"):
        read_table(path, layout="long")
