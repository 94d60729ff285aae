"""Statistics loaders on synthetic files written by the test (FTZLINK_DATA_DIR)."""

import pytest

from ftzlink import FtzlinkError
from ftzlink.study.statistics import (
    load_statistics,
    statistics_coverage,
    statistics_matrix,
)

HEAD = "region,region_zh,industry,industry_zh,year,measure,unit,value,source,verified\n"
ROWS = [
    "china,全国,total,合计,2023,employment,10k persons,100,https://x,true",
    "china,全国,C,制造业,2023,employment,10k persons,60,https://x,true",
    "china,全国,F,批发和零售业,2023,employment,10k persons,40,https://x,true",
    "hubei,湖北,C,制造业,2023,employment,10k persons,3,https://x,true",
    "hubei,湖北,F,批发和零售业,2023,employment,10k persons,1,https://x,false",
    "hubei,湖北,36,汽车制造业,2023,employment,10k persons,1,https://x,true",
]


@pytest.fixture
def stats_dir(tmp_path, monkeypatch):
    (tmp_path / "statistics").mkdir()
    monkeypatch.setenv("FTZLINK_DATA_DIR", str(tmp_path))
    return tmp_path / "statistics"


def write(stats_dir, rows):
    (stats_dir / "province_industry.csv").write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")


def test_matrix_excludes_totals_and_divisions(stats_dir):
    write(stats_dir, ROWS)
    mat = statistics_matrix("employment", 2023)
    assert mat.to_dict() == {"C": {"china": 60.0, "hubei": 3.0}, "F": {"china": 40.0, "hubei": 1.0}}
    assert statistics_matrix("employment", 2023, level="division").to_dict() == {"36": {"hubei": 1.0}}
    assert statistics_coverage().loc["hubei", ("employment", 2023)] == 3


def test_gap_is_named_not_filled(stats_dir):
    write(stats_dir, ROWS[:4])
    with pytest.raises(FtzlinkError, match=r"no value for \('hubei', 'F'\)"):
        statistics_matrix("employment", 2023)


@pytest.mark.parametrize(
    "row, message",
    [
        ("hunan,湖南,C,制造业,2023,employment,10k persons,-1,https://x,true", "line 8: value is negative"),
        ("hunan,湖南,C,制造业,2023,employment,10k persons,n/a,https://x,true", "line 8: value is not a number"),
        ("hunan,湖南,C,制造业,2023,employment,10k persons,1,seed.txt,true", "line 8: source is not an http(s) URL"),
        ("hubei,湖北,C,制造业,2023,employment,10k persons,9,https://x,true", "line 8: duplicate key"),
        ("hunan,湖南,C,制造业,2023,employment,persons,1,https://x,true", "several units for measure 'employment'"),
    ],
)
def test_bad_rows(stats_dir, row, message):
    write(stats_dir, ROWS + [row])
    with pytest.raises(FtzlinkError) as err:
        load_statistics()
    assert message in str(err.value)


def test_unknown_measure_lists_what_exists(stats_dir):
    write(stats_dir, ROWS)
    with pytest.raises(FtzlinkError, match="no 'gdp' for 2023; available: employment 2023"):
        statistics_matrix("gdp", 2023)
