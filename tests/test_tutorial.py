"""The tutorial notebook (docs/tutorial_own_data.ipynb) is committed clean and runs from an empty
folder, and what it computes agrees with the numbers of the CSV it writes, worked by hand.

nbformat and nbclient are imported in the tests, not at collection (importing nbformat takes
seconds: its jsonschema loads IRI grammars)."""

import csv
import io
import json
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "tutorial_own_data.ipynb"
PROBE = """
import json
print("TUTORIAL-RESULTS " + json.dumps({
    "lq": float(lq.loc["湖北", "汽车制造业"]),
    "jiangxi_medicines": float(mat.loc["江西", "医药制造业"]),
    "krugman": float(krugman.loc["湖北", "安徽"]),
    "sectors": dict(zip(mat.columns, sector_of)),
    "io_columns": int(io_mat.shape[1]),
    "comp_basis": comp.attrs["basis"],
    "figures": type(fig).__name__,
}, ensure_ascii=False))
"""


def test_notebook_is_committed_without_outputs():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "synthetic" in nb.cells[0].source  # says its numbers are made up


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    import nbformat
    from nbclient import NotebookClient

    folder = tmp_path_factory.mktemp("tutorial")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(folder)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    (line,) = [t for t in text.splitlines() if t.startswith("TUTORIAL-RESULTS ")]
    return folder, json.loads(line.removeprefix("TUTORIAL-RESULTS "))


def test_the_csv_is_yearbook_like(executed):
    folder, _ = executed
    raw = (folder / "my_yearbook.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # GBK, as Excel on a Chinese Windows writes it
    rows = list(csv.reader(io.StringIO(raw.decode("gbk"))))
    assert "虚构" in rows[0][0] and rows[1] == ["单位：亿元"]  # title row, unit row
    assert rows[2] == ["行业", "湖北", "湖南", "浙江", "安徽", "江西"]
    table = {r[0]: r[1:] for r in rows[3:]}
    assert table["汽车制造业"] == ["4,000", "900", "4,200", "3,200", "600"] and table["医药制造业"][4] == "—"


def test_values_match_the_hand_computation(executed):
    _, res = executed
    # LQ of 湖北 in 汽车制造业 from the CSV: 湖北's row sums to 600 + 2,400 + 800 + 1,500 + 900 +
    # 4,000 + 1,200 + 2,600 = 14,000; the 汽车制造业 column to 4,000 + 900 + 4,200 + 3,200 + 600 =
    # 12,900; all cells to 14,000 + 8,000 + 28,000 + 12,000 + 8,000 = 70,000.
    assert res["lq"] == pytest.approx((4_000 / 14_000) / (12_900 / 70_000), rel=1e-12)
    assert res["lq"] == pytest.approx(1.5504, abs=1e-4)
    assert res["jiangxi_medicines"] == 0.0  # "—" read with fill_value=0
    # Krugman 湖北–安徽: Σ |shares| over the 8 industries, 湖北 / 14,000 against 安徽 / 12,000
    hubei = [600, 2_400, 800, 1_500, 900, 4_000, 1_200, 2_600]
    anhui = [500, 1_500, 500, 1_100, 900, 3_200, 2_500, 1_800]
    assert res["krugman"] == pytest.approx(sum(abs(a / 14_000 - b / 12_000) for a, b in zip(hubei, anhui)))
    # divisions 26 and 27 both fall in IO sector 12 (chemical products); all 42 sectors kept
    assert res["sectors"]["化学原料和化学制品制造业"] == res["sectors"]["医药制造业"] == "12"
    assert res["sectors"]["汽车制造业"] == "18"
    assert res["io_columns"] == 42 and res["comp_basis"] == "io" and res["figures"] == "Figure"
