"""The documentation site (mkdocs.yml) builds with --strict, and the API pages carry the docstrings."""

import html
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("mkdocstrings_handlers") is None,
    reason="mkdocs is not installed (pip install mkdocs mkdocstrings-python)")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                           str(ROOT / "mkdocs.yml"), "--site-dir", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "WARNING" not in done.stderr, done.stderr
    return out


def _text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_api_page_of_similarity_has_its_formula(site):
    page = site / "api" / "indices" / "index.html"
    assert 'id="ftzlink.indices.similarity"' in page.read_text(encoding="utf-8")
    text = _text(page)
    assert "Σ_i s_ri s_qi / sqrt(Σ s_ri² · Σ s_qi²)" in text  # cosine
    assert "Σ_i |s_ri − s_qi|; range [0, 2]" in text  # Krugman


def test_every_api_page_is_built(site):
    for name, anchor in [("indices", "ftzlink.indices.location_quotient"), ("io_tables", "ftzlink.io_tables.read_io_table"),
                         ("stats", "ftzlink.stats.qap_correlation"), ("pairs", "ftzlink.pairs.block_means"), ("plot", "ftzlink.plot.zone_map"),
                         ("readers", "ftzlink.readers.read_table"), ("registry", "ftzlink.study.registry.load_division_io42"),
                         ("report", "ftzlink.report.runner.run_report")]:
        assert f'id="{anchor}"' in (site / "api" / name / "index.html").read_text(encoding="utf-8"), name
    plot = _text(site / "api" / "plot" / "index.html")
    assert "or a single name used for" in plot and "6-digit adcode" in plot  # own regions documented


def test_home_tutorial_and_methods_pages(site):
    home = _text(site / "index.html")
    assert "Install into your own environment" in home  # the README, included
    tutorial = (site / "tutorial" / "index.html").read_text(encoding="utf-8")
    assert 'href="../tutorial_own_data.ipynb"' in tutorial and (site / "tutorial_own_data.ipynb").is_file()
    for page in ("glossary", "reference", "peers", "io_tables", "scheduling", "gallery"):
        assert (site / page / "index.html").is_file(), page
    assert not list(site.rglob("*.py"))  # the docs scripts are not published
