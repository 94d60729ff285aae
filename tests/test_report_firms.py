"""Firm records in the report: the zones' firm structure (ftzlink.study.firms) and the firm
sections of notebooks 02–04 (ftzlink.report.firm_sections), checked against values worked out
by hand or recomputed here from the raw records with plain pandas and NumPy."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.report.params import validate_params
from ftzlink.study.firms import firm_structure
from ftzlink.study.registry import load_zones

REGISTRY = load_zones()


def _firm(fid, code, adcode, start="2015-01-01", end=None):
    return {"firm_id": fid, "start_date": start, "end_date": end, "industry_code": code, "adcode": adcode}


@pytest.fixture
def hand_firms(tmp_path):
    """Wuhan zone (county 420106): 3 × div 39, 1 × div 65; Wuhan outside: 1 × 39, 3 × 65, 4 × 01;
    Changsha zone (430102): 1 × 39, 1 × 01; Changsha outside: 2 × 01; one Wuhan-zone firm that
    exited in 2019 and one that starts in 2021 (neither active at the end of 2020)."""
    rows = ([_firm(f"w{i}", "3911", "420106") for i in range(3)] + [_firm("w3", "6510", "420106")]
            + [_firm("o0", "3914", "420111")] + [_firm(f"o{i}", "6510", "420111") for i in range(1, 4)]
            + [_firm(f"o{i}", "0111", "420111") for i in range(4, 8)]
            + [_firm("c0", "3911", "430102"), _firm("c1", "0111", "430102")]
            + [_firm(f"d{i}", "0111", "430103") for i in range(2)]
            + [_firm("gone", "6510", "420106", end="2019-06-30"), _firm("late", "6510", "420106", start="2021-03-01")])
    firms = tmp_path / "firms.csv"
    pd.DataFrame(rows).to_csv(firms, index=False)
    table = tmp_path / "zones.csv"
    pd.DataFrame({"zone": ["hb_wuhan", "hn_changsha"], "adcode": ["420106", "430102"]}).to_csv(table, index=False)
    return firms, table


def test_firm_structure_values_and_location_quotients_by_hand(hand_firms):
    firms, table = hand_firms
    s = firm_structure(firms, REGISTRY.loc[["hb_wuhan", "hn_changsha", "hb_yichang"]], REGISTRY,
                       assignment=table, year=2020)
    assert s.matrix.loc["hb_wuhan"].to_dict() == {"01": 0.0, "39": 3.0, "65": 1.0}
    assert s.matrix.loc["hn_changsha"].to_dict() == {"01": 1.0, "39": 1.0, "65": 0.0}
    assert s.reference_label == "host city"
    assert s.reference.loc["hb_wuhan"].to_dict() == {"01": 4.0, "39": 4.0, "65": 4.0}
    # LQ = (x_zi / x_z) / (H_zi / H_z): Wuhan 39: (3/4)/(4/12) = 2.25, 65: (1/4)/(4/12) = 0.75, 01: 0.
    assert s.lq.loc["hb_wuhan"].tolist() == pytest.approx([0.0, 2.25, 0.75])
    # Changsha: zone (1, 1, 0), host (3, 1, 0): 01: 0.5/0.75, 39: 0.5/0.25; 65 has no firm in the city → NaN.
    assert s.lq.loc["hn_changsha", ["01", "39"]].tolist() == pytest.approx([2 / 3, 2.0])
    assert np.isnan(s.lq.loc["hn_changsha", "65"])
    assert s.specialised.loc["hn_changsha"].tolist() == [0.0, 1.0, 0.0]
    assert s.profile("jaccard").equals(s.specialised) and s.profile("cosine").equals(s.matrix)
    assert s.missing_zones == ["hb_yichang"] and not s.synthetic
    assert "end of 2020" in s.label() and "reference: host city" in s.label()


def test_firm_structure_default_year_and_fallback_reference(hand_firms, tmp_path):
    firms, table = hand_firms
    s = firm_structure(firms, REGISTRY.loc[["hb_wuhan", "hn_changsha"]], REGISTRY, assignment=table)
    assert s.year == 2021                      # the last start year in the data
    assert s.matrix.loc["hb_wuhan", "65"] == 2.0   # w3 and the firm that started in 2021
    # Without Changsha firms outside the zone there is no host-city reference: all firms instead.
    records = pd.read_csv(firms, dtype=str)
    only_zones = tmp_path / "no_outside.csv"
    records[records["adcode"] != "430103"].to_csv(only_zones, index=False)
    s = firm_structure(only_zones, REGISTRY.loc[["hb_wuhan", "hn_changsha"]], REGISTRY, assignment=table, year=2020)
    assert s.reference_label == "all firms in the data"
    assert s.reference.loc["hn_changsha"].to_dict() == {"01": 5.0, "39": 5.0, "65": 4.0}


def test_firm_structure_refuses_labels_that_are_not_zone_ids(hand_firms, tmp_path):
    firms, _ = hand_firms
    table = tmp_path / "bad.csv"
    pd.DataFrame({"zone": ["Wuhan", "hn_changsha"], "adcode": ["420106", "430102"]}).to_csv(table, index=False)
    with pytest.raises(FtzlinkError, match=r"zone label\(s\) Wuhan are not zone ids"):
        firm_structure(firms, REGISTRY.loc[["hb_wuhan", "hn_changsha"]], REGISTRY, assignment=table)
    with pytest.raises(FtzlinkError, match="1 of the selected zones"):
        firm_structure(firms, REGISTRY.loc[["hb_wuhan", "hb_yichang"]], REGISTRY, assignment=hand_firms[1])


def test_firm_parameters_are_checked(tmp_path):
    with pytest.raises(FtzlinkError, match="parameter 'firm_data': no such file"):
        validate_params({"firm_data": str(tmp_path / "none.parquet")})
    with pytest.raises(FtzlinkError, match="give 'firm_data' too"):
        validate_params({"firm_zones": str(tmp_path)})
    with pytest.raises(FtzlinkError, match="parameter 'firm_measure'"):
        validate_params({"firm_data": str(tmp_path), "firm_measure": "revenue"})
    with pytest.raises(FtzlinkError, match="parameter 'firm_year'"):
        validate_params({"firm_data": str(tmp_path), "firm_year": "2020"})
    assert validate_params({"firm_data": str(tmp_path)})["firm_data"] == str(tmp_path.resolve())


# --- the report on synthetic records (the worked example of docs/microdata.md) ----------------

HALF = 0.05     # half-width (degrees) of the illustrative square zones
YEAR = 2022


@pytest.fixture(scope="module")
def firm_inputs(tmp_path_factory):
    """Synthetic records, illustrative square zones around the pilot areas' points, parameters."""
    import geopandas
    from shapely.geometry import box

    from ftzlink.microdata import synthetic_firms

    work = tmp_path_factory.mktemp("firms")
    firms = synthetic_firms(20_000, range(2010, 2025), seed=11)
    firms.to_parquet(work / "firms.parquet")
    pilot = REGISTRY[REGISTRY["kind"] == "pilot_area"]
    squares = geopandas.GeoDataFrame(
        {"zone": pilot.index},
        geometry=[box(x - HALF, y - HALF, x + HALF, y + HALF) for x, y in zip(pilot["lon"], pilot["lat"])],
        crs="EPSG:4326")
    squares.to_file(work / "zones.geojson", driver="GeoJSON")
    params = {"kinds": ["pilot_area"], "firm_data": str(work / "firms.parquet"),
              "firm_zones": str(work / "zones.geojson"), "firm_year": YEAR, "similarity_method": "cosine",
              "n_permutations": 99, "formats": ["png"], "dpi": 72}
    return work, firms, pilot, params


@pytest.fixture(scope="module")
def firm_run(firm_inputs):
    """The report runner on notebook 02 (parameters reach the notebook, findings, manifest)."""
    from ftzlink.report.runner import run_report

    work, _, _, params = firm_inputs
    return run_report(dict(params, notebooks=["02_positioning_overlap"]), reports_dir=work / "reports",
                      progress=False)


@pytest.fixture(scope="module")
def firm_sections_run(firm_inputs):
    """The complementarity and fidelity sections of notebooks 03 and 04, called in this process."""
    from ftzlink.report import report_context

    work, _, _, params = firm_inputs
    ctx = report_context(output_dir=work / "sections", **params)
    ctx.firm_section("complementarity", positioning=ctx.complementarity())
    ctx.firm_section("fidelity", province_fidelity=ctx.plan_fidelity(ctx.province_structure()))
    return ctx.output_dir


def _active(firms: pd.DataFrame) -> pd.DataFrame:
    """Firms active at the end of YEAR, with their division."""
    end = pd.Timestamp(f"{YEAR}-12-31")
    start, stop = pd.to_datetime(firms["start_date"]), pd.to_datetime(firms["end_date"])
    active = firms[(start <= end) & (stop.isna() | (stop > end))]
    return active.assign(division=active["industry_code"].str[:2])


def _by_hand(firms: pd.DataFrame, pilot: pd.DataFrame) -> pd.DataFrame:
    """Zone × division counts of firms active at the end of YEAR, zones by point-in-square."""
    active = _active(firms)
    zone = pd.Series(pd.NA, index=active.index, dtype=object)
    for zid, row in pilot.iterrows():
        inside = ((active["lon"] - row["lon"]).abs() < HALF) & ((active["lat"] - row["lat"]).abs() < HALF)
        zone[inside] = zid
    return active.assign(zone=zone).dropna(subset=["zone"]).groupby(["zone", "division"]).size().unstack(fill_value=0)


@pytest.mark.slow
def test_firm_overlap_in_the_report_matches_a_computation_from_the_raw_records(firm_inputs, firm_run):
    _, firms, pilot, _ = firm_inputs
    assert firm_run.status == "succeeded", firm_run.manifest.get("error")
    counts = _by_hand(firms, pilot)
    x = counts.to_numpy(dtype=float)
    cosine = (x @ x.T) / np.outer(np.linalg.norm(x, axis=1), np.linalg.norm(x, axis=1))
    expected = pd.DataFrame(cosine, index=counts.index, columns=counts.index)
    pairs = pd.read_csv(firm_run.run_dir / "tables" / "firm_overlap_pairs.csv", encoding="utf-8-sig")
    assert len(pairs) == len(counts) * (len(counts) - 1) // 2
    for row in pairs.itertuples():
        assert row.firm_structure == pytest.approx(expected.loc[row.zone_id_a, row.zone_id_b], rel=1e-12)
    assert (firm_run.run_dir / "figures" / "firm_overlap_heatmap.png").is_file()


def test_firm_fidelity_and_complementarity_match_the_raw_records(firm_inputs, firm_sections_run):
    _, firms, pilot, _ = firm_inputs
    counts = _by_hand(firms, pilot)
    # Plan fidelity for Wuhan: targeted divisions observed in the data (a firm anywhere), and
    # among them those where Wuhan's zone has LQ ≥ 1 against its host city (every firm of 420100).
    observed = set(_active(firms)["division"])
    city = _active(firms[firms["adcode"] == "420100"])["division"].value_counts()
    wuhan = counts.loc["hb_wuhan"]
    lq = (wuhan / wuhan.sum()) / (city / city.sum())
    from ftzlink.study.registry import positioning_matrix

    targets = positioning_matrix(level="gbt_division", weight="binary").loc["hb_wuhan"]
    targeted = [d for d in targets.index[targets > 0] if d in observed]
    hits = sum(bool(lq.get(d, 0.0) >= 1) for d in targeted)
    tables = firm_sections_run / "tables"
    fidelity = pd.read_csv(tables / "plan_fidelity_firms.csv", encoding="utf-8-sig", index_col=0)
    assert fidelity.loc["hb_wuhan", "n_targeted"] == len(targeted)
    assert fidelity.loc["hb_wuhan", "n_strong_targeted"] == hits
    assert fidelity.loc["hb_wuhan", "share_strong"] == pytest.approx(hits / len(targeted))
    comp = pd.read_csv(tables / "firm_complementarity_pairs.csv", encoding="utf-8-sig")
    assert comp["complementarity"].between(0, 1).all() and len(comp) == len(counts) * (len(counts) - 1)
    assert (firm_sections_run / "figures" / "firm_complementarity_heatmap.png").is_file()
    assert (tables / "firm_complementarity_qap.csv").is_file()


@pytest.mark.slow
def test_report_says_the_firm_records_are_synthetic_and_hashes_them(firm_run):
    run = firm_run.run_dir
    page = re.sub(r"<[^>]+>", " ", (run / "report.html").read_text(encoding="utf-8"))
    assert "Overlap of the zones' firm structure" in page
    assert "Firm structure (firms.parquet; SYNTHETIC records, a demonstration only) against plans: overlap QAP r" in page
    manifest = json.loads((run / "manifest.json").read_text())
    assert any(k.endswith("firms.parquet") for k in manifest["inputs"])
    assert any(k.endswith("zones.geojson") for k in manifest["inputs"])
