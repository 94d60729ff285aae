"""Full report runs on the embedded data: artefacts, determinism, parameters, report.html.

One default run is shared by the tests that inspect it (the true end-to-end run, on the
default kernels); the determinism check reruns one notebook on one kernel and compares its
outputs with it. One Chinese run with other parameters serves the parameter and page tests.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SHARED_IO as SHARED_IO_DIR

from ftzlink.report.params import NOTEBOOKS
from ftzlink.report.runner import default_kernels, run_report

pytestmark = pytest.mark.slow

EXPECTED_FIGURES = ["zone_map", "positioning_matrix", "overlap_heatmap", "complementarity_heatmap",
                    "linkage_network", "linkage_map", "plans_vs_structure"]
EXPECTED_TABLES = ["zone_registry", "positioning_matrix", "overlap_pairs", "overlap_by_province",
                   "complementarity_pairs", "complementarity_by_province", "province_lq", "province_similarity",
                   "province_io_complementarity", "plan_fidelity", "weak_targets", "untargeted_strengths",
                   "network_measures", "qap_overlap_distance", "mrqap_complementarity",
                   "robustness_agreement", "overlap_bootstrap_ci"]
FAST = {"n_permutations": 99, "n_boot": 49}
RERUN = ["02_positioning_overlap"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    first = run_report(dict(FAST), reports_dir=reports, progress=False)              # default kernels
    second = run_report(dict(FAST, notebooks=RERUN), reports_dir=reports, progress=False, kernels=1)
    return reports, first, second


def test_default_run_produces_every_artefact(runs):
    reports, first, _ = runs
    assert first.status == "succeeded", first.manifest.get("error")
    run = first.run_dir
    assert [e["status"] for e in first.manifest["notebooks"]] == ["succeeded"] * len(NOTEBOOKS)
    for name in NOTEBOOKS:
        assert (run / "notebooks" / f"{name}.ipynb").is_file()
    for stem in EXPECTED_FIGURES:
        assert (run / "figures" / f"{stem}.pdf").is_file() and (run / "figures" / f"{stem}.png").is_file()
    for stem in EXPECTED_TABLES:
        assert (run / "tables" / f"{stem}.csv").is_file() and (run / "tables" / f"{stem}.tex").is_file()
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["status"] == "succeeded"
    assert set(manifest["inputs"]) >= {"data/raw/zones.csv", "data/raw/positioning.csv"}
    assert "pandas" in manifest["package_versions"]
    assert all("seconds" in e for e in manifest["notebooks"])
    assert "figures/overlap_heatmap.pdf" in manifest["outputs"]
    assert (run / "report.html").stat().st_size > 10_000


def test_same_inputs_same_figures_and_tables(runs):
    """The rerun runs on one kernel, the first run on the default number (several where the
    machine has several cores): the outputs must not depend on it."""
    _, first, second = runs
    assert first.manifest["kernels"] == default_kernels(len(NOTEBOOKS)) and second.manifest["kernels"] == 1
    rerun = {k: v for k, v in second.manifest["outputs"].items() if k != "tables/tables.xlsx"}
    assert rerun, "the rerun wrote nothing"
    assert {k: first.manifest["outputs"][k] for k in rerun} == rerun
    assert (runs[0] / "latest").resolve() == second.run_dir.resolve()


def test_default_report_rests_on_the_2020_io_table_and_provincial_statistics(runs):
    run = runs[1].run_dir
    text = (runs[1].run_dir / "report.html").read_text(encoding="utf-8")
    assert "input-output complementarity, NBS 2020 table" in text
    fidelity = (run / "tables" / "plan_fidelity.csv").read_text(encoding="utf-8-sig")
    assert fidelity.splitlines()[0].split(",")[-4:] == ["p_value", "q_value", "n_targeted_no_data", "n_section_wide"]
    assert "Listings of a whole GB/T section (e.g. manufacturing as such) by 3 zones are not counted" in text
    assert "Left out: Changsha Area, Yueyang Area, Chenzhou Area (Hunan: no by-division table of revenue" in text
    assert (run / "tables" / "overlap_pairs.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_findings_workbook_and_names_for_readers(runs):
    """The report opens with findings carrying numbers; rendered tables show names, not ids;
    the Excel workbook holds every table of the run and a sheet describing it."""
    import re

    from openpyxl import load_workbook

    run = runs[1].run_dir
    html = (run / "report.html").read_text(encoding="utf-8")
    findings = html.split("Zone profiles")[0]
    assert "Findings" in findings and re.search(r"q = 0\.\d+", findings) and "Provenance" in findings
    tables = re.findall(r"<table.*?</table>", html, flags=re.S)
    assert tables and not any(re.search(r">\s*(hb|hn|zj|zjl)_[a-z]+\s*<", t) for t in tables)
    book = load_workbook(run / "tables" / "tables.xlsx", read_only=True)
    stems = {p.stem for p in (run / "tables").glob("*.csv")}
    assert book.sheetnames[0] == "run" and stems <= {n for n in book.sheetnames}
    # the first run's notebooks ran on several kernels: its sheets still follow the notebooks' order
    first = load_workbook(runs[1].run_dir / "tables" / "tables.xlsx", read_only=True).sheetnames
    assert [n for n in first if n in EXPECTED_TABLES] == EXPECTED_TABLES


def test_overlap_table_matches_index_by_hand(runs):
    """Jaccard of two zones recomputed from positioning.csv with plain set arithmetic."""
    import csv

    root = Path(__file__).resolve().parents[1]
    with open(root / "data" / "raw" / "positioning.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    sets = {}
    for r in rows:
        sets.setdefault(r["zone_id"], set()).add(r["industry_id"])
    a, b = sets["hb_wuhan"], sets["hb_yichang"]
    expected = len(a & b) / len(a | b)
    import pandas as pd

    pairs = pd.read_csv(runs[1].run_dir / "tables" / "overlap_pairs.csv")
    row = pairs[(pairs["zone_id_a"] == "hb_wuhan") & (pairs["zone_id_b"] == "hb_yichang")]
    assert row["jaccard"].item() == pytest.approx(expected)


SHARED_IO = SHARED_IO_DIR / "china_2017_42.csv"


@pytest.fixture(scope="module")
def zh_run(tmp_path_factory):
    """A Chinese run with other parameters (two provinces, GB/T divisions, SVG only) and, where
    the NBS tables are beside the checkout, the 2017 input-output table for complementarity."""
    params = dict(FAST, language="zh", level="gbt_division", provinces=["Hubei", "Hunan"],
                  formats=["svg"], notebooks=["01_zone_profiles", "02_positioning_overlap"])
    if SHARED_IO.is_file():
        params.update(io_table=str(SHARED_IO), notebooks=[*params["notebooks"], "03_complementarity"])
    # on one kernel, the notebooks one after another in it (the default run has one kernel per core)
    return run_report(params, reports_dir=tmp_path_factory.mktemp("zh"), progress=False, kernels=1)


def test_non_default_parameters_change_outputs(zh_run):
    other = zh_run
    assert other.status == "succeeded", other.manifest.get("error")
    figures = sorted(p.name for p in (other.run_dir / "figures").iterdir())
    assert figures and all(name.endswith(".svg") for name in figures)
    pairs = (other.run_dir / "tables" / "overlap_pairs.csv").read_text(encoding="utf-8-sig")
    assert "zj_" not in pairs and "hb_wuhan" in pairs                    # Zhejiang left out
    positioning = (other.run_dir / "tables" / "positioning_matrix.csv").read_text(encoding="utf-8-sig")
    assert positioning.splitlines()[0].startswith("zone_id,01,02")       # GB/T division columns
    assert "武汉片区" in (other.run_dir / "report.html").read_text(encoding="utf-8")


def _browser():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Appended to the page: once loaded, the title counts its images and those that failed to load.
IMAGE_PROBE = ("<script>window.addEventListener('load', () => { const imgs = [...document.images];"
               "document.title = 'IMAGES ' + imgs.length + ' BROKEN ' +"
               " imgs.filter(i => !(i.complete && i.naturalWidth > 0)).length; });</script>")


@pytest.mark.skipif(_browser() is None, reason="no headless Chromium installed (Debian package chromium)")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_page_states_findings_with_names_not_ids(lang, runs, zh_run, tmp_path):
    """The rendered page (as Chromium builds it): every image loads, a findings section with
    numbers, the zone left out named with its reason, and no zone id in any rendered table. A
    screenshot is kept in the run."""
    run_dir = runs[1].run_dir if lang == "en" else zh_run.run_dir   # runs[1]: the full run, not the rerun
    html = run_dir / "report.html"
    shot = run_dir / f"screenshot-{lang}.png"
    probe = tmp_path / "probe.html"
    probe.write_text(html.read_text(encoding="utf-8").replace("</body>", IMAGE_PROBE + "</body>"), encoding="utf-8")
    dom = subprocess.run([_browser(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--virtual-time-budget=5000", "--window-size=1280,2400", f"--screenshot={shot}",
                          "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert shot.is_file() and shot.stat().st_size > 20_000
    title = dom.split("<title>")[1].split("</title>")[0].split()
    n_figures = {"en": len(EXPECTED_FIGURES), "zh": len(list((run_dir / "figures").glob("*.svg")))}[lang]
    assert title[0] == "IMAGES" and int(title[1]) >= n_figures > 0
    assert title[2:] == ["BROKEN", "0"]
    # the zh run selects Hubei and Hunan only: Wenzhou (Zhejiang) is not among its zones
    heading, left_out = {"en": ("Findings", "Wenzhou Linkage Innovation Zone ("), "zh": ("主要发现", None)}[lang]
    findings = dom.split(f">{heading}<", 1)[1].split("<h2", 1)[0]
    text = re.sub(r"<[^>]+>", " ", findings)
    assert len(re.findall(r"\d\.\d{2}", text)) >= 3, text[:500]        # indices and q-values stated
    assert left_out is None or left_out in re.sub(r"<[^>]+>", "", dom)
    tables = re.findall(r"<table.*?</table>", dom, flags=re.S)
    assert len(tables) >= 3
    ids = [m for t in tables for m in re.findall(r"\b(?:hb|hn|zj|zjl)_[a-z]+\b", re.sub(r"<[^>]+>", " ", t))]
    assert ids == []


@pytest.mark.skipif(not SHARED_IO.is_file(), reason="../shared/data/nbs_io/ is not present")
def test_io_table_parameter_switches_complementarity_to_input_output(zh_run):
    assert zh_run.status == "succeeded", zh_run.manifest.get("error")
    assert str(SHARED_IO.resolve()) in zh_run.manifest["inputs"]
    pairs = (zh_run.run_dir / "tables" / "complementarity_pairs.csv").read_text(encoding="utf-8-sig")
    assert pairs.splitlines()[0] == "supplier,buyer,complementarity,supplier_buyer"
    assert "国家统计局 2017 年投入产出表" in (zh_run.run_dir / "report.html").read_text(encoding="utf-8")
