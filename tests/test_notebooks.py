"""Notebooks are committed clean, with a parameters cell whose names the package validates."""

import ast
import json
from pathlib import Path

import pytest

from ftzlink.report.params import DEFAULTS, NOTEBOOKS

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_clean_and_parameterised(name):
    import papermill as pm  # here, not at collection: importing it takes seconds (nbformat's jsonschema)

    path = NOTEBOOK_DIR / f"{name}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code), "commit notebooks without outputs"
    tagged = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    declared = set(pm.inspect_notebook(str(path))) - {"output_dir"}
    assert declared <= set(DEFAULTS), f"parameters unknown to ftzlink.report: {declared - set(DEFAULTS)}"
    for key, value in pm.inspect_notebook(str(path)).items():
        if key in DEFAULTS:
            assert ast.literal_eval(value["default"]) == DEFAULTS[key], f"{name}: default of {key} differs"


def test_every_notebook_is_in_the_report():
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(NOTEBOOKS)
